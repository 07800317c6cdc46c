/**
 * `logical_replication` write mode: Electric as a logical publisher that
 * Postgres' own subscription (`postgres_1`) pulls client transactions from
 * (spec §4.4). Same inbound transactions and merge as the direct writer,
 * reached through the apply worker instead of a connection of ours.
 *
 * Ordering and acknowledgement: every client transaction joins one queue
 * and gets synthetic, increasing LSNs when it is first streamed. It stays
 * queued until Postgres reports it flushed (the `flush` position of the
 * apply worker's standby status updates); only then does `write()` resolve.
 * When the apply worker connects again (Postgres restarted, the connection
 * broke) it asks to start from its replication origin's position, and
 * everything queued after that position is streamed again — nothing is lost,
 * and nothing it applied is sent twice.
 *
 * A transaction Postgres refuses makes the apply worker fail and reconnect
 * (after `wal_retrieve_retry_interval`) asking for the same position. The
 * first transaction after that position is then tried in a rolled-back
 * transaction on a connection of ours: if Postgres refuses it there too, it
 * is rejected (with Postgres' reason) and not streamed again, and the same
 * client's later transactions are skipped, as in direct_writes mode.
 *
 * LSNs start at the wall clock in nanoseconds, so a restarted service
 * numbers above everything an earlier run streamed.
 */
import net from 'node:net';
import dns from 'node:dns/promises';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { connectClient, pgErrorCode, type Queryable } from '../postgres/connection.js';
import { ElectricError, StartupError, errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/log.js';
import type { CatalogTable } from '../schema/catalog.js';
import { VERSION } from '../../version.js';
import type { RateMeter } from '../../util/rate.js';
import { formatLsn } from '../replication/pgoutput.js';
import { ClientQueue } from './client-queue.js';
import type { ClientTransaction } from './inbound.js';
import { changesJson, isTransient, WriteError, type ClientWriter, type WriterStats } from './writer.js';
import { PublisherConnection, type ConnectionLimits, type PublisherHost, type StartReplication } from './publisher-connection.js';
import {
  encodeBegin,
  encodeCommit,
  encodeInsert,
  encodeRelation,
  pgTimestamp,
  primaryKeepalive,
  xlogData,
  type PublishedRelation,
  type StandbyMessage,
} from './pgoutput-encode.js';
import { loadAcknowledgedRelation, loadTableRelations, transactionInserts, type StreamedInsert, type TableRelations } from './publisher-rows.js';
import { disableSubscription, ensureSubscription, refreshSubscription, subscribedRelations, SUBSCRIPTION_NAME } from './subscription.js';

export interface PublisherOptions {
  /** The address Postgres reaches the publisher at (LOGICAL_PUBLISHER_HOST); also the one it binds to. */
  readonly host: string;
  readonly port: number;
  /** Bind to an address that is not loopback (the operator's explicit choice). */
  readonly allowRemote: boolean;
  readonly db: DatabaseConfig;
  /** Queries about the schema and the subscription. */
  readonly queries: () => Queryable;
  readonly logger: Logger;
  /** How long a connection may stay silent (tests shorten them). */
  readonly connectionLimits?: Partial<ConnectionLimits>;
}

/** Keepalive period when nothing else is sent (as the legacy publisher). */
const KEEPALIVE_MS = 10_000;
/**
 * A stream silent this long gets keepalives that ask for a reply: an apply
 * worker whose wal_receiver_status_interval is 0 reports only when asked,
 * and would otherwise be cut for silence.
 */
const ASK_REPLY_AFTER_MS = 30_000;
/** While transactions wait for Postgres' flush, ask for a status this often. */
const STATUS_POLL_MS = 50;
/** Tries for a transaction whose preparation keeps failing for a reason that is not of the moment. */
const PREPARE_ATTEMPTS = 3;
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

interface Queued {
  readonly tx: ClientTransaction;
  resolve(): void;
  reject(err: WriteError): void;
  inserts?: StreamedInsert[];
  /** Synthetic positions, set when it is numbered (first streamed). */
  startLsn?: bigint;
  commitLsn?: bigint;
  endLsn?: bigint;
  /** Streamed on some connection (then its LSNs are final). */
  streamed: boolean;
}

interface Stream {
  readonly conn: PublisherConnection;
  readonly relationsSent: Set<PublishedRelation>;
  /** End of the last transaction streamed on this connection. */
  lastEnd: bigint;
  /** Until the probe of a suspicious transaction is done, nothing is streamed. */
  ready: boolean;
}

export class PublisherError extends ElectricError {}

function isLoopback(address: string): boolean {
  return net.isIPv4(address) ? address.startsWith('127.') : address === '::1' || address.startsWith('::ffff:127.');
}

/** Relations are loaded per table and column list: a migration that adds a column loads them again. */
function relationsKey(table: CatalogTable): string {
  return `${table.oid}:${table.columns.map((col) => col.name).join(',')}`;
}

export class LogicalPublisher implements ClientWriter, PublisherHost {
  readonly password = randomBytes(24).toString('base64url');
  readonly serverVersion = `electric-${VERSION}`;
  get stats(): WriterStats {
    return this.clients.stats;
  }
  get writtenRate(): RateMeter {
    return this.clients.writtenRate;
  }
  private server: net.Server | null = null;
  private readonly connections = new Set<PublisherConnection>();
  private stream: Stream | null = null;
  /** Waiting to be prepared (relations, subscription), in order. */
  private readonly incoming: Queued[] = [];
  /** Numbered, not yet flushed by Postgres, in LSN order. */
  private readonly inflight: Queued[] = [];
  private lsnCounter = BigInt(Date.now()) * 1_000_000n;
  private preparing = false;
  private stopped = false;
  private readonly relations = new Map<string, TableRelations>();
  private acknowledged: PublishedRelation | null = null;
  private subscribed: Set<string> | null = null;
  private readonly clients = new ClientQueue();
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private probeClient: pg.Client | null = null;
  private probing: Promise<void> = Promise.resolve();
  /** The prepare loop (stop waits for it to end). */
  private prepareLoop: Promise<void> = Promise.resolve();
  /** Ends the prepare loop's retry wait at once (set while it waits). */
  private cancelRetryWait: (() => void) | null = null;
  /** Positions the apply worker reported last (for status and tests). */
  readonly progress = { flushed: 0n, applied: 0n, startedFrom: null as bigint | null, connects: 0 };
  private readonly log: Logger;

  constructor(private readonly options: PublisherOptions) {
    this.log = options.logger.child({ component: 'publisher' });
  }

  get database(): string {
    return this.options.db.database;
  }

  /** Binds the listener (loopback only unless allowed), then creates and enables the subscription. */
  async start(): Promise<AddressInfo> {
    const { host, port, allowRemote } = this.options;
    const addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
    if (addresses.length === 0) throw new StartupError('PUBLISHER_HOST', `LOGICAL_PUBLISHER_HOST ${host} does not resolve to an address to listen on`);
    const remote = addresses.filter((a) => !isLoopback(a));
    if (remote.length > 0 && !allowRemote) {
      throw new StartupError(
        'PUBLISHER_NOT_LOOPBACK',
        `LOGICAL_PUBLISHER_HOST ${host} is not a loopback address (${remote.join(', ')}): the logical publisher would accept connections from the network. ` +
          'It only checks a generated password; never expose it publicly. If Postgres reaches Electric over a private network, set LOGICAL_PUBLISHER_ALLOW_REMOTE=true.',
      );
    }
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    const address = await new Promise<AddressInfo>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new StartupError('PUBLISHER_PORT_IN_USE', `LOGICAL_PUBLISHER_PORT ${port} is already in use: stop the other process or choose another port`) : err),
      );
      server.listen(port, addresses[0], () => resolve(server.address() as AddressInfo));
    });
    this.log.info('logical publisher listening', { host: address.address, port: address.port });
    // An accept error later (EMFILE, …) is logged; it must not bring the service down.
    server.on('error', (err) => this.log.error('logical publisher listener error', { error: err.message }));
    await ensureSubscription(this.options.queries(), { host, port: address.port, database: this.options.db.database, password: this.password });
    await this.refresh();
    if (this.stopped) {
      // stop() ran while this started: what it undid, start has just redone.
      await disableSubscription(this.options.queries()).catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return address;
    }
    this.keepaliveTimer = setInterval(() => this.keepalive(false), KEEPALIVE_MS);
    this.keepaliveTimer.unref();
    return address;
  }

  // -- ClientWriter -------------------------------------------------------------

  write(tx: ClientTransaction): Promise<void> {
    if (this.stopped) return Promise.reject(new WriteError('STOPPED', 'The service is stopping'));
    this.clients.added(tx.clientId);
    const done = new Promise<void>((resolve, reject) => this.incoming.push({ tx, resolve, reject, streamed: false }));
    this.prepareQueued();
    return done;
  }

  settled(clientId: string): Promise<void> {
    return this.clients.settled(clientId);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.cancelRetryWait?.();
    for (const item of [...this.incoming.splice(0), ...this.inflight.splice(0)]) {
      this.finish(item, new WriteError('STOPPED', 'The service stopped before Postgres confirmed this transaction'));
    }
    // Postgres would otherwise retry the closed port, logging an error each time.
    await disableSubscription(this.options.queries()).catch((err: unknown) =>
      this.log.warn('could not disable the subscription at stop', { error: errorMessage(err) }),
    );
    for (const conn of this.connections) conn.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    // Its current query (on the pool the service closes next) ends before stop does.
    await this.prepareLoop;
    await this.probeClient?.end().catch(() => {});
  }

  // -- PublisherHost (called by connections) --------------------------------------

  currentLsn(): bigint {
    return this.lsnCounter;
  }

  async publishedTables(publications: readonly string[]): Promise<(readonly [string, string])[]> {
    if (publications.length === 0) return [];
    const { rows } = await this.options.queries().query<{ s: string; t: string }>(
      `SELECT schema_name AS s, table_name AS t FROM electric.electrified
       UNION ALL SELECT 'electric', electric.__shadow_name(schema_name, table_name) FROM electric.electrified
       UNION ALL SELECT 'electric', 'acknowledged_client_lsns'`,
    );
    return rows.map((r) => [r.s, r.t] as const);
  }

  startStreaming(conn: PublisherConnection, start: StartReplication): void {
    if (start.slot !== SUBSCRIPTION_NAME) this.log.warn('a subscription other than ours is streaming from the publisher', { slot: start.slot });
    if (this.stream && this.stream.conn !== conn) {
      // Only one apply worker at a time: the newer connection wins.
      this.log.warn('a second replication connection replaces the first', { remote: conn.remote });
      this.stream.conn.close();
    }
    this.progress.startedFrom = start.startLsn;
    this.progress.connects++;
    this.log.info('the apply worker is streaming', { remote: conn.remote, from: formatLsn(start.startLsn) });
    const stream: Stream = { conn, relationsSent: new Set(), lastEnd: start.startLsn, ready: false };
    this.stream = stream;
    this.resume(stream, start.startLsn).catch((err: unknown) => {
      // Nothing would stream on it: let the apply worker connect again.
      this.log.warn('resuming the stream failed', { remote: conn.remote, error: errorMessage(err) });
      conn.close();
    });
  }

  standbyMessage(conn: PublisherConnection, msg: StandbyMessage): void {
    if (msg.kind !== 'status') return;
    if (msg.replyRequested) conn.send(primaryKeepalive(this.stream?.conn === conn ? this.stream.lastEnd : msg.write, false));
    if (msg.apply > this.progress.applied) this.progress.applied = msg.apply;
    if (msg.flush > this.progress.flushed) this.progress.flushed = msg.flush;
    this.confirmUpTo(msg.flush);
  }

  stopStreaming(conn: PublisherConnection): void {
    if (this.stream?.conn === conn) {
      this.stream = null;
      this.log.info('the apply worker stopped streaming', { remote: conn.remote });
    }
  }

  // -- internals ------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    const conn = new PublisherConnection(socket, this, this.log, this.options.connectionLimits);
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
  }

  /** A (re)connected apply worker: probe a transaction a failed connection left behind, then stream from its position. */
  private async resume(stream: Stream, from: bigint): Promise<void> {
    if (from >= this.lsnCounter) {
      // Positions of an earlier run ahead of our clock: number what was never streamed above them.
      this.lsnCounter = from;
      for (const item of this.inflight) if (!item.streamed) this.number(item);
    }
    const suspect = this.inflight.find((item) => item.endLsn! > from);
    if (suspect?.streamed) {
      // One probe at a time: they share a connection, and a quick second
      // reconnect asks about the same transaction (finished by then, or not).
      const probe = this.probing.then(() => (this.inflight.includes(suspect) ? this.probe(suspect) : undefined));
      this.probing = probe.catch(() => {});
      await probe;
    }
    if (this.stream !== stream) return;
    stream.ready = true;
    for (const item of this.inflight) if (item.endLsn! > from) this.send(stream, item);
    this.schedulePoll();
  }

  /**
   * The apply worker came back asking for a transaction it was sent before:
   * it may be one Postgres refuses. Tries it on our own connection and
   * rolls back; a refusal rejects it (and skips its client's later ones).
   */
  private async probe(item: Queued): Promise<void> {
    let client: pg.Client;
    try {
      client = this.probeClient ??= await connectClient(this.options.db, {
        applicationName: 'electric_publisher_probe',
        settings: { 'electric.session_replication_role': 'replica' },
      });
    } catch (err) {
      this.log.warn('could not check a transaction the apply worker did not confirm', { error: errorMessage(err) });
      return;
    }
    try {
      await client.query('BEGIN');
      await client.query('SELECT electric.apply_client_transaction($1, $2, $3, $4::jsonb)', [item.tx.clientId, Buffer.from(item.tx.lsn), item.tx.commitTimestamp, changesJson(item.tx)]);
      await client.query('SET CONSTRAINTS ALL IMMEDIATE');
      await client.query('ROLLBACK');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      if (isTransient(err)) {
        this.probeClient = null;
        await client.end().catch(() => {});
        return;
      }
      // The apply worker runs as a replica, where Postgres checks no foreign keys: not a refusal there.
      if (pgErrorCode(err) === '23503') return;
      this.log.warn('Postgres refuses a client transaction; it is rejected', { clientId: item.tx.clientId, error: errorMessage(err) });
      this.clients.refused.add(item.tx.clientId);
      this.removeInflight(item, new WriteError('REJECTED', errorMessage(err), { cause: err }));
      for (const later of [...this.inflight]) {
        if (later.tx.clientId === item.tx.clientId) this.removeInflight(later, new WriteError('SKIPPED', 'Not applied: an earlier transaction of this client was refused'));
      }
    }
  }

  private removeInflight(item: Queued, error: WriteError): void {
    const at = this.inflight.indexOf(item);
    if (at < 0) return; // already finished
    this.inflight.splice(at, 1);
    this.finish(item, error);
  }

  private prepareQueued(): void {
    if (this.preparing) return;
    this.preparing = true;
    this.prepareLoop = this.prepareInOrder();
  }

  /** Waits `ms`, or less when stop() cancels the wait. */
  private retryWait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.cancelRetryWait = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cancelRetryWait = done;
    });
  }

  /** Prepares queued transactions in order (their relations, the subscription's tables), then numbers and streams them. */
  private async prepareInOrder(): Promise<void> {
    let delay = RETRY_MIN_MS;
    let attempts = 0;
    try {
      while (this.incoming.length > 0 && !this.stopped) {
        const item = this.incoming[0]!;
        if (this.clients.refused.has(item.tx.clientId)) {
          this.incoming.shift();
          this.finish(item, new WriteError('SKIPPED', 'Not applied: an earlier transaction of this client was refused'));
          continue;
        }
        try {
          item.inserts = await this.inserts(item.tx);
        } catch (err) {
          if (this.stopped) return;
          if (!isTransient(err) && ++attempts >= PREPARE_ATTEMPTS) {
            // Not a problem of the moment: this transaction is refused, the queue behind it goes on.
            this.incoming.shift();
            this.clients.refused.add(item.tx.clientId);
            this.finish(item, new WriteError('REJECTED', `could not prepare the transaction for Postgres: ${errorMessage(err)}`, { cause: err }));
            attempts = 0;
            delay = RETRY_MIN_MS;
            continue;
          }
          this.log.warn('preparing a client transaction for the publisher failed; retrying', { error: errorMessage(err), retryInMs: delay });
          await this.retryWait(delay);
          if (this.stopped) return;
          delay = Math.min(delay * 2, RETRY_MAX_MS);
          continue;
        }
        if (this.stopped) return; // stop() has finished it
        delay = RETRY_MIN_MS;
        attempts = 0;
        this.incoming.shift();
        this.number(item);
        this.inflight.push(item);
        if (this.stream?.ready) this.send(this.stream, item);
      }
      this.schedulePoll();
    } catch (err) {
      // Nothing above should throw; if it did, the next write starts the loop again.
      this.log.error('the publisher could not prepare client transactions', { error: errorMessage(err) });
    } finally {
      this.preparing = false;
    }
  }

  private async inserts(tx: ClientTransaction): Promise<StreamedInsert[]> {
    const tables = new Map<string, CatalogTable>();
    for (const c of tx.changes) tables.set(relationsKey(c.table), c.table);
    for (const [key, table] of tables) {
      if (!this.relations.has(key)) this.relations.set(key, await loadTableRelations(this.options.queries(), table));
    }
    this.acknowledged ??= await loadAcknowledgedRelation(this.options.queries());
    // The apply worker silently skips tables its subscription lacks.
    const needed = [...tables.values()].flatMap((t) => {
      const rels = this.relations.get(relationsKey(t))!;
      return [`${rels.row.schema}.${rels.row.name}`, `${rels.shadow.schema}.${rels.shadow.name}`];
    });
    needed.push('electric.acknowledged_client_lsns');
    if (needed.some((n) => !this.subscribed?.has(n))) {
      await this.refresh();
      const missing = needed.filter((n) => !this.subscribed!.has(n));
      if (missing.length > 0) throw new PublisherError('PUBLISHER_NOT_SUBSCRIBED', `the subscription ${SUBSCRIPTION_NAME} lacks ${missing.join(', ')}`);
    }
    return transactionInserts(tx, this.acknowledged, (t) => this.relations.get(relationsKey(t))!);
  }

  private async refresh(): Promise<void> {
    await refreshSubscription(this.options.queries());
    this.subscribed = await subscribedRelations(this.options.queries());
  }

  private number(item: Queued): void {
    const messages = BigInt(item.inserts!.length + 2);
    item.startLsn = this.lsnCounter + 1n;
    item.commitLsn = item.startLsn + messages - 1n;
    item.endLsn = item.commitLsn + 1n;
    this.lsnCounter = item.endLsn;
  }

  /**
   * Each message's WAL end is its own position, as Postgres' walsender sends
   * it: the apply worker reports what it received as flushed when it has no
   * commit pending, so a WAL end past the commit would confirm a transaction
   * still arriving (and maybe refused at its last row).
   */
  private send(stream: Stream, item: Queued): void {
    const ts = pgTimestamp(item.tx.commitTimestamp);
    const end = item.endLsn!;
    const parts: Buffer[] = [xlogData(item.startLsn!, item.startLsn!, encodeBegin(item.commitLsn!, ts))];
    let at = item.startLsn!;
    for (const insert of item.inserts!) {
      at++;
      if (!stream.relationsSent.has(insert.relation)) {
        stream.relationsSent.add(insert.relation);
        parts.push(xlogData(at, at, encodeRelation(insert.relation)));
      }
      parts.push(xlogData(at, at, encodeInsert(insert.relation.id, insert.values)));
    }
    parts.push(xlogData(item.commitLsn!, item.commitLsn!, encodeCommit(item.commitLsn!, end, ts)));
    stream.conn.send(Buffer.concat(parts));
    stream.lastEnd = end;
    item.streamed = true;
  }

  private keepalive(replyRequested: boolean): void {
    const stream = this.stream;
    if (stream?.ready) stream.conn.send(primaryKeepalive(stream.lastEnd, replyRequested || stream.conn.silentForMs >= ASK_REPLY_AFTER_MS));
  }

  /** While something waits for Postgres' flush, ask for status updates. */
  private schedulePoll(): void {
    if (this.pollTimer || this.inflight.length === 0) return;
    this.pollTimer = setInterval(() => {
      if (this.inflight.length === 0 || this.stopped) {
        clearInterval(this.pollTimer!);
        this.pollTimer = null;
        return;
      }
      this.keepalive(true);
    }, STATUS_POLL_MS);
    this.pollTimer.unref();
  }

  private confirmUpTo(flushed: bigint): void {
    while (this.inflight.length > 0 && this.inflight[0]!.streamed && this.inflight[0]!.endLsn! <= flushed) {
      this.finish(this.inflight.shift()!, null);
    }
  }

  private finish(item: Queued, error: WriteError | null): void {
    if (error?.code === 'REJECTED') this.stats.lastError = { message: error.message, clientId: item.tx.clientId, at: Date.now() };
    if (error) item.reject(error);
    else item.resolve();
    this.clients.finished(item.tx.clientId, error);
  }
}
