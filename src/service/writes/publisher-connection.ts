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
import { randomInt } from 'node:crypto';
import { FrameReader, MAX_UNAUTHENTICATED_FRAME_BYTES } from '../../proxy/wire/frames.js';
import { decodeFrontend, decodeStartup, PROTOCOL_3 } from '../../proxy/wire/frontend.js';
import * as be from '../../proxy/wire/backend.js';
import type { Logger } from '../../util/log.js';
import { errorMessage } from '../../util/errors.js';
import { pgErrorCode } from '../postgres/connection.js';
import { formatLsn, parseLsn } from '../replication/pgoutput.js';
import { decodeStandbyMessage, type StandbyMessage } from './pgoutput-encode.js';
import { normalizeQuery, parsePublishedTablesQuery, parseStartReplication } from './publisher-commands.js';
import { sameSecret } from '../../proxy/auth.js';

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

/** How long a connection may stay silent; tests shorten them. */
export interface ConnectionLimits {
  /** Startup and authentication must finish within this (Postgres' authentication_timeout is 60 s). */
  readonly authenticationMs: number;
  /** Outside streaming, a connection that sends nothing for this long is closed: the apply worker never idles there. */
  readonly idleMs: number;
  /**
   * While streaming the apply worker reports at least every
   * wal_receiver_status_interval (10 s) and answers a keepalive that asks
   * for a reply; silence for several times wal_receiver_timeout (60 s)
   * means it is gone.
   */
  readonly streamingSilenceMs: number;
  /** After a FATAL the peer should close; one that neither reads nor closes is cut after this. */
  readonly fatalLingerMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { authenticationMs: 30_000, idleMs: 60_000, streamingSilenceMs: 300_000, fatalLingerMs: 5_000 };

/**
 * Largest message after authentication: the apply worker's queries are a few
 * hundred bytes and its status updates 34; without a bound a peer could
 * make us buffer 256 MiB for one message.
 */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Frames read ahead of the one being answered before the socket stops being read. */
const MAX_QUEUED_FRAMES = 64;
const NO_BYTES = Buffer.alloc(0);

export class PublisherConnection {
  private state: State = 'startup';
  private readonly frames = new FrameReader(false, MAX_UNAUTHENTICATED_FRAME_BYTES);
  private user = '';
  /** After an error in an extended-protocol message, everything up to Sync is skipped. */
  private skipToSync = false;
  /** Frames received, answered one at a time in order (a Sync's ReadyForQuery after all before it). */
  private readonly inbox: Buffer[] = [];
  private pumping = false;
  /** An answer needs the host (a query on Postgres): the peer is waiting for us, not silent. */
  private busy = false;
  private readonly connectedAt = Date.now();
  private lastReceivedAt = Date.now();
  private silenceTimer: NodeJS.Timeout | null = null;
  private readonly limits: ConnectionLimits;
  readonly remote: string;

  constructor(
    private readonly socket: net.Socket,
    private readonly host: PublisherHost,
    private readonly log: Logger,
    limits: Partial<ConnectionLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CONNECTION_LIMITS, ...limits };
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug('publisher connection error', { remote: this.remote, error: err.message }));
    socket.on('close', () => this.closed());
    this.armSilenceTimer(this.limits.authenticationMs);
  }

  get streaming(): boolean {
    return this.state === 'streaming';
  }

  /** Milliseconds since the peer last sent anything. */
  get silentForMs(): number {
    return Date.now() - this.lastReceivedAt;
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
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
    this.inbox.length = 0;
    if (this.state === 'closed') return;
    const wasStreaming = this.state === 'streaming';
    this.state = 'closed';
    if (wasStreaming) this.host.stopStreaming(this);
  }

  // -- silence --------------------------------------------------------------------

  /** One timer per connection, re-armed only when it fires early (not per chunk received). */
  private armSilenceTimer(ms: number): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.checkSilence(), Math.max(ms, 1));
    this.silenceTimer.unref();
  }

  private checkSilence(): void {
    this.silenceTimer = null;
    const now = Date.now();
    switch (this.state) {
      case 'closed':
        return;
      case 'startup':
      case 'password': {
        const left = this.connectedAt + this.limits.authenticationMs - now;
        if (left > 0) return this.armSilenceTimer(left);
        this.log.info('publisher connection closed: startup and authentication took too long', { remote: this.remote, limitMs: this.limits.authenticationMs });
        this.fatal('57014', `canceling authentication due to timeout: startup and authentication must finish within ${this.limits.authenticationMs} ms`);
        return;
      }
      case 'ready':
      case 'streaming': {
        const limit = this.state === 'ready' ? this.limits.idleMs : this.limits.streamingSilenceMs;
        const left = this.lastReceivedAt + limit - now;
        if (left > 0 || this.busy) return this.armSilenceTimer(left > 0 ? left : limit);
        const reason = this.state === 'ready' ? 'idle outside streaming' : 'silent while streaming (no standby status update)';
        this.log.info(`publisher connection closed: ${reason}`, { remote: this.remote, silentMs: now - this.lastReceivedAt, limitMs: limit });
        this.fatal('57P05', `terminating connection due to idle-session timeout: nothing received for ${limit} ms`);
        return;
      }
    }
  }

  // -- input ----------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.lastReceivedAt = Date.now();
    if (!this.readFrames(chunk)) return;
    if (this.inbox.length >= MAX_QUEUED_FRAMES) this.socket.pause();
    void this.pump();
  }

  /** Queues the complete frames in `chunk`; false when the stream is malformed (the connection is then ended). */
  private readFrames(chunk: Buffer): boolean {
    try {
      this.inbox.push(...this.frames.push(chunk));
      return true;
    } catch (err) {
      this.fatal('08P01', errorMessage(err));
      return false;
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.inbox.length > 0 && this.state !== 'closed') {
        const frame = this.inbox.shift()!;
        const wasStartup = this.state === 'startup';
        try {
          const answering = this.onFrame(frame);
          if (answering) {
            this.busy = true;
            await answering;
            this.busy = false;
          }
        } catch (err) {
          this.fatal('08P01', `invalid message: ${errorMessage(err)}`);
          return;
        }
        // The startup packet is read alone (an SSL request is followed by another one): read what came after it.
        if (wasStartup && !this.readFrames(NO_BYTES)) return;
        // A peer that does not read its answers is not read either.
        const state = this.state as State; // changed by the answer
        if (state !== 'streaming' && state !== 'closed' && this.socket.writableNeedDrain) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              this.socket.off('drain', done);
              this.socket.off('close', done);
              resolve();
            };
            this.socket.on('drain', done);
            this.socket.on('close', done);
          });
        }
        if (this.inbox.length < MAX_QUEUED_FRAMES / 2 && this.socket.isPaused()) this.socket.resume();
      }
    } finally {
      this.busy = false;
      this.pumping = false;
    }
  }

  /** Answers one message; a promise when the answer needs the host. */
  private onFrame(frame: Buffer): Promise<void> | void {
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
      this.endSoon();
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
        this.armSilenceTimer(this.limits.idleMs);
        return;
      }
      this.host.standbyMessage(this, decodeStandbyMessage(frame.subarray(5)));
      return;
    }
    if (msg.type === 'sync') {
      this.skipToSync = false;
      this.socket.write(be.readyForQuery('I'));
      return;
    }
    // After an error in the extended protocol, Postgres discards everything up to Sync.
    if (this.skipToSync) return;
    switch (msg.type) {
      case 'query':
        return this.answerQuery(msg.sql);
      case 'flush':
        return;
      case 'copy':
        // Outside copy mode Postgres accepts and ignores these (protocol spec).
        return;
      case 'function-call':
        this.socket.write(Buffer.concat([be.errorResponse({ severity: 'ERROR', code: '0A000', message: "Electric's logical publisher does not support function calls" }), be.readyForQuery('I')]));
        return;
      case 'parse':
      case 'bind':
      case 'describe':
      case 'execute':
      case 'close':
        this.skipToSync = true;
        this.socket.write(be.errorResponse({ severity: 'ERROR', code: '0A000', message: "Electric's logical publisher supports only simple queries" }));
        return;
      default:
        // As Postgres: a message type it does not know ends the connection.
        this.fatal('08P01', `invalid frontend message type ${frame[0]}`);
    }
  }

  /** A simple query's answer; an unexpected failure is this query's ERROR, and the connection goes on. */
  private async answerQuery(sql: string): Promise<void> {
    try {
      await this.onQuery(sql);
    } catch (err) {
      if (this.state !== 'ready') {
        this.fatal('XX000', errorMessage(err));
        return;
      }
      this.log.warn('publisher could not answer a query', { remote: this.remote, error: errorMessage(err) });
      this.socket.write(Buffer.concat([be.errorResponse({ severity: 'ERROR', code: 'XX000', message: `Electric's logical publisher failed to answer: ${errorMessage(err)}` }), be.readyForQuery('I')]));
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
        this.endSoon();
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
    if (!sameSecret(text, this.host.password)) {
      this.fatal('28P01', `password authentication failed for user "${this.user}"`);
      return;
    }
    this.state = 'ready';
    this.frames.limitFrames(MAX_MESSAGE_BYTES);
    this.armSilenceTimer(this.limits.idleMs);
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
    const tables = parsePublishedTablesQuery(q);
    if (tables) {
      const { names, withAttnames } = tables;
      let rows: (readonly [string, string])[];
      try {
        rows = await this.host.publishedTables(names);
      } catch (err) {
        // As Postgres for a failing query: this query's ERROR, and the connection goes on (the apply worker retries).
        const code = pgErrorCode(err);
        this.log.warn('publisher could not list the published tables', { remote: this.remote, error: errorMessage(err) });
        reply(
          be.errorResponse({
            severity: 'ERROR',
            code: code && /^[0-9A-Z]{5}$/.test(code) ? code : 'XX000',
            message: `Electric's logical publisher could not list the tables of publication ${names.map((n) => JSON.stringify(n)).join(', ')}: ${errorMessage(err)}`,
          }),
        );
        return;
      }
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
    const start = parseStartReplication(q);
    if (start) {
      let lsn: bigint;
      try {
        lsn = parseLsn(start.position);
      } catch {
        reply(be.errorResponse({ severity: 'ERROR', code: '22P02', message: `invalid start position ${JSON.stringify(start.position)}: an LSN is X/Y, each part 1 to 8 hex digits` }));
        return;
      }
      this.state = 'streaming';
      this.armSilenceTimer(this.limits.streamingSilenceMs);
      this.socket.write(be.copyBothResponse());
      this.host.startStreaming(this, { slot: start.slot, startLsn: lsn, options: start.options });
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
    this.endSoon(be.errorResponse({ severity: 'FATAL', code, message }));
  }

  /** Ends the connection; a peer that neither reads nor closes is cut after a grace period. */
  private endSoon(last?: Buffer): void {
    if (last) this.socket.end(last);
    else this.socket.end();
    this.closed();
    setTimeout(() => this.socket.destroy(), this.limits.fatalLingerMs).unref();
  }
}
