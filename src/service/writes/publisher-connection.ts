/**
 * One connection to the logical publisher: the server side of the Postgres
 * replication protocol, as much of it as the subscription's apply worker
 * (and `ALTER SUBSCRIPTION … REFRESH PUBLICATION`) use (spec §4.4):
 *
 * - startup with `replication=database` only (else FATAL 08004); SSL and
 *   GSS encryption refused with `N`; a clear-text password checked against
 *   the one written into the subscription's connection string;
 * - `server_version` is `electric-<version>`: libpq reads it as version 0,
 *   so the apply worker asks for pgoutput protocol 1 and the pre-15 catalog
 *   query forms;
 * - the simple queries those clients send: `set_config('search_path', …)`,
 *   the publication's table list, `IDENTIFY_SYSTEM`, `START_REPLICATION …
 *   LOGICAL`; anything else gets an ErrorResponse and the connection goes on;
 * - in copy-both mode: standby status updates in, CopyDone ends streaming.
 *
 * What to stream is the publisher's business (PublisherHost): this module
 * only speaks the protocol.
 */
import type net from 'node:net';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { FrameReader } from '../../proxy/wire/frames.js';
import { decodeFrontend, decodeStartup, PROTOCOL_3 } from '../../proxy/wire/frontend.js';
import * as be from '../../proxy/wire/backend.js';
import type { Logger } from '../../util/log.js';
import { errorMessage } from '../../util/errors.js';
import { formatLsn, parseLsn } from '../replication/pgoutput.js';
import { decodeStandbyMessage, type StandbyMessage } from './pgoutput-encode.js';

const TEXT_OID = 25;
const INT4_OID = 23;

export interface StartReplication {
  readonly slot: string;
  readonly startLsn: bigint;
  readonly options: Readonly<Record<string, string>>;
}

/** What a connection needs from the publisher. */
export interface PublisherHost {
  readonly password: string;
  readonly serverVersion: string;
  readonly database: string;
  /** The position IDENTIFY_SYSTEM reports. */
  currentLsn(): bigint;
  /** (schema, table) of every relation published under these names. */
  publishedTables(publications: readonly string[]): Promise<(readonly [string, string])[]>;
  /** The connection now streams; the host writes XLogData with `send`. */
  startStreaming(conn: PublisherConnection, start: StartReplication): void;
  standbyMessage(conn: PublisherConnection, msg: StandbyMessage): void;
  /** Streaming ended (CopyDone) or the connection closed. */
  stopStreaming(conn: PublisherConnection): void;
}

type State = 'startup' | 'password' | 'ready' | 'streaming' | 'closed';

/** Collapses whitespace and drops a trailing semicolon, as the legacy matcher did. */
export function normalizeQuery(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().replace(/;$/, '').trim();
}

const START_REPLICATION_RE = /^START_REPLICATION SLOT ("(?:[^"]|"")+"|[^\s"]+) LOGICAL ([^\s(]+)(?: ?\((.*)\))?$/i;

/** `name 'value', name2 'value2'` → record (values unquoted). */
function parseOptions(text: string): Record<string, string> {
  const options: Record<string, string> = {};
  const re = /\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s*(?:'((?:[^']|'')*)'|([^,\s]+))?\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[0] === '') break;
    const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!.toLowerCase();
    options[name] = m[2] !== undefined ? m[2].replace(/''/g, "'") : (m[3] ?? 'true');
  }
  return options;
}

/** `'"a","b"'` (publication_names) → ['a', 'b']. */
export function parseNameList(text: string): string[] {
  return text
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s.toLowerCase()));
}

export class PublisherConnection {
  private state: State = 'startup';
  private readonly frames = new FrameReader(false);
  private user = '';
  /** After an error in an extended-protocol message, everything up to Sync is skipped. */
  private skipToSync = false;
  /** Simple queries are answered in order, one at a time. */
  private work: Promise<void> = Promise.resolve();
  readonly remote: string;

  constructor(
    private readonly socket: net.Socket,
    private readonly host: PublisherHost,
    private readonly log: Logger,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug('publisher connection error', { remote: this.remote, error: err.message }));
    socket.on('close', () => this.closed());
  }

  get streaming(): boolean {
    return this.state === 'streaming';
  }

  /** Writes raw bytes; returns false when the socket's buffer is full. */
  send(bytes: Buffer): boolean {
    if (this.state === 'closed') return false;
    return this.socket.write(bytes);
  }

  onDrain(listener: () => void): void {
    this.socket.once('drain', listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private closed(): void {
    if (this.state === 'closed') return;
    const wasStreaming = this.state === 'streaming';
    this.state = 'closed';
    if (wasStreaming) this.host.stopStreaming(this);
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.frames.push(chunk);
    } catch (err) {
      this.fatal('08P01', errorMessage(err));
      return;
    }
    for (const frame of frames) {
      if (this.state === 'closed') return;
      try {
        this.onFrame(frame);
      } catch (err) {
        this.fatal('08P01', `invalid message: ${errorMessage(err)}`);
        return;
      }
    }
  }

  private onFrame(frame: Buffer): void {
    if (this.state === 'startup') {
      this.onStartup(frame);
      return;
    }
    const msg = decodeFrontend(frame);
    if (this.state === 'password') {
      if (msg.type !== 'password') {
        this.fatal('08P01', 'expected a password message');
        return;
      }
      this.onPassword(msg.text);
      return;
    }
    if (msg.type === 'terminate') {
      this.socket.end();
      return;
    }
    if (this.state === 'streaming') {
      if (msg.type !== 'copy') {
        this.fatal('08P01', `unexpected message ${JSON.stringify(String.fromCharCode(frame[0]!))} during replication`);
        return;
      }
      if (msg.done) {
        // The subscriber ends streaming: answer as a walsender does.
        this.state = 'ready';
        this.host.stopStreaming(this);
        this.socket.write(Buffer.concat([be.copyDone(), be.commandComplete('START_REPLICATION'), be.readyForQuery('I')]));
        return;
      }
      this.host.standbyMessage(this, decodeStandbyMessage(frame.subarray(5)));
      return;
    }
    switch (msg.type) {
      case 'query':
        this.work = this.work.then(() => this.onQuery(msg.sql)).catch((err: unknown) => this.fatal('XX000', errorMessage(err)));
        return;
      case 'sync':
        this.skipToSync = false;
        this.socket.write(be.readyForQuery('I'));
        return;
      case 'flush':
        return;
      default:
        if (!this.skipToSync) {
          this.skipToSync = true;
          this.socket.write(be.errorResponse({ severity: 'ERROR', code: '0A000', message: "Electric's logical publisher supports only simple queries" }));
        }
    }
  }

  private onStartup(frame: Buffer): void {
    const packet = decodeStartup(frame);
    switch (packet.kind) {
      case 'ssl':
      case 'gssenc':
        // Refused; the client goes on in plain text with a new startup packet.
        this.socket.write('N');
        return;
      case 'cancel':
        // Nothing runs long enough here to cancel.
        this.socket.end();
        return;
      case 'startup':
        break;
    }
    if (packet.protocol !== PROTOCOL_3) {
      this.fatal('0A000', `unsupported frontend protocol ${packet.protocol >> 16}.${packet.protocol & 0xffff}: Electric's logical publisher speaks 3.0`);
      return;
    }
    if (packet.params['replication'] !== 'database') {
      this.fatal('08004', "Electric's logical publisher accepts only logical replication connections (replication=database)");
      return;
    }
    this.user = packet.params['user'] ?? '';
    this.frames.expectTagged();
    this.state = 'password';
    this.socket.write(be.authenticationCleartextPassword());
  }

  private onPassword(text: string): void {
    const given = Buffer.from(text, 'utf8');
    const expected = Buffer.from(this.host.password, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      this.fatal('28P01', `password authentication failed for user "${this.user}"`);
      return;
    }
    this.state = 'ready';
    this.socket.write(
      Buffer.concat([
        be.authenticationOk(),
        be.parameterStatus('application_name', ''),
        be.parameterStatus('client_encoding', 'UTF8'),
        be.parameterStatus('server_encoding', 'UTF8'),
        be.parameterStatus('server_version', this.host.serverVersion),
        be.parameterStatus('standard_conforming_strings', 'on'),
        be.parameterStatus('integer_datetimes', 'on'),
        be.parameterStatus('DateStyle', 'ISO, MDY'),
        be.parameterStatus('TimeZone', 'Etc/UTC'),
        be.backendKeyData(randomInt(1, 2 ** 31 - 1), randomInt(1, 2 ** 31 - 1)),
        be.readyForQuery('I'),
      ]),
    );
  }

  private async onQuery(sql: string): Promise<void> {
    if (this.state !== 'ready') return;
    const q = normalizeQuery(sql);
    const reply = (...parts: Buffer[]): void => {
      this.socket.write(Buffer.concat([...parts, be.readyForQuery('I')]));
    };
    if (/^SELECT pg_catalog\.set_config\('search_path', '', false\)$/i.test(q)) {
      reply(be.rowDescription([['set_config', TEXT_OID]]), be.dataRow(['']), be.commandComplete('SELECT 1'));
      return;
    }
    if (/^IDENTIFY_SYSTEM$/i.test(q)) {
      reply(
        be.rowDescription([['systemid', TEXT_OID], ['timeline', INT4_OID], ['xlogpos', TEXT_OID], ['dbname', TEXT_OID]]),
        be.dataRow(['0', '1', formatLsn(this.host.currentLsn()), this.host.database]),
        be.commandComplete('IDENTIFY_SYSTEM'),
      );
      return;
    }
    const tables = /^SELECT DISTINCT t\.schemaname, t\.tablename(, t\.attnames)? FROM pg_catalog\.pg_publication_tables t WHERE t\.pubname IN \((.*)\)$/i.exec(q);
    if (tables) {
      const names = [...tables[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
      const rows = await this.host.publishedTables(names);
      const withAttnames = tables[1] !== undefined;
      reply(
        be.rowDescription(withAttnames ? [['schemaname', 19], ['tablename', 19], ['attnames', 1003]] : [['schemaname', 19], ['tablename', 19]]),
        ...rows.map(([s, t]) => be.dataRow(withAttnames ? [s, t, null] : [s, t])),
        be.commandComplete(`SELECT ${rows.length}`),
      );
      return;
    }
    if (/^(BEGIN|COMMIT)\b/i.test(q)) {
      reply(be.commandComplete(q.slice(0, q.indexOf(' ') < 0 ? undefined : q.indexOf(' ')).toUpperCase()));
      return;
    }
    if (/^DROP_REPLICATION_SLOT\b/i.test(q)) {
      reply(be.commandComplete('DROP_REPLICATION_SLOT'));
      return;
    }
    if (/^CREATE_REPLICATION_SLOT\b/i.test(q)) {
      reply(be.errorResponse({ severity: 'ERROR', code: '0A000', message: "Electric's logical publisher does not create slots or export snapshots: create the subscription with copy_data = false" }));
      return;
    }
    const start = START_REPLICATION_RE.exec(q);
    if (start) {
      let lsn: bigint;
      try {
        lsn = parseLsn(start[2]!);
      } catch {
        reply(be.errorResponse({ severity: 'ERROR', code: '22P02', message: `invalid start position ${JSON.stringify(start[2])}: an LSN is X/Y, each part 1 to 8 hex digits` }));
        return;
      }
      const slot = start[1]!.startsWith('"') ? start[1]!.slice(1, -1).replace(/""/g, '"') : start[1]!;
      this.state = 'streaming';
      this.socket.write(be.copyBothResponse());
      this.host.startStreaming(this, { slot, startLsn: lsn, options: parseOptions(start[3] ?? '') });
      return;
    }
    this.log.debug('publisher refused a query', { remote: this.remote, query: q });
    reply(
      be.errorResponse({
        severity: 'ERROR',
        code: '0A000',
        message: `Electric's logical publisher does not support this query: ${q.length > 200 ? `${q.slice(0, 200)}…` : q}`,
        hint: 'It serves only the logical replication subscription that Electric creates (postgres_1).',
      }),
    );
  }

  private fatal(code: string, message: string): void {
    if (this.state === 'closed') return;
    this.log.debug('publisher connection refused', { remote: this.remote, code, message });
    this.socket.end(be.errorResponse({ severity: 'FATAL', code, message }));
    this.closed();
  }
}
