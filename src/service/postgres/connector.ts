/**
 * Supervises the service's two connections to Postgres: the interactive one
 * (preflight, bootstrap of the `electric` schema, queries) and the logical
 * replication stream that feeds the transaction cache. State machine:
 * initialization → establishing_repl_conn → subscribing → ready. When either
 * connection is lost, both are re-established with backoff (1–10 s); the
 * cache carries on from its last transaction, so readers see no gap and no
 * repeat. The state drives /api/status and the WebSocket gate.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { clientConfig, connectClient, pgErrorCode } from './connection.js';
import { assertPreflight, readServerInfo, type ServerInfo } from './preflight.js';
import { bootstrapElectricSchema } from './bootstrap.js';
import { ReplicationStream, slotNames, type SlotNames, type StreamMetrics } from '../replication/stream.js';
import { TransactionCache } from '../replication/transaction-cache.js';
import { advanceMainSlot } from '../replication/slot-keeper.js';
import { StartupError, errorMessage } from '../../util/errors.js';
import { RateMeter } from '../../util/rate.js';
import { silentLogger, type Logger } from '../../util/log.js';

/** Initial-data snapshots read at the same time (more wait their turn). */
const SNAPSHOT_CONNECTIONS = 4;

export type ConnectorState = 'initialization' | 'establishing_repl_conn' | 'subscribing' | 'ready' | 'stopped';

/** Postgres error codes that retrying will not fix. */
const FATAL_CODES = new Set([
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification (no such role, pg_hba)
  '3D000', // invalid_catalog_name (no such database)
]);

export interface ConnectorOptions {
  readonly logger?: Logger;
  /** ELECTRIC_TXN_CACHE_SIZE: bytes of transactions kept for resuming readers. */
  readonly txnCacheSize?: number;
  /** ELECTRIC_RESUMABLE_WAL_WINDOW: bytes of WAL the main slot retains. */
  readonly resumableWalWindow?: number;
  readonly backoff?: { readonly minMs: number; readonly maxMs: number };
  /** How often the main slot is advanced. */
  readonly slotAdvanceIntervalMs?: number;
}

export interface ConnectorEvents {
  state: [ConnectorState];
  /** A captured transaction carried migrations (their versions). */
  migrations: [readonly string[]];
}

export class PostgresConnector extends EventEmitter<ConnectorEvents> {
  private _state: ConnectorState = 'initialization';
  private client: pg.Client | null = null;
  /** Connections for the sessions' queries, so that they do not queue behind each other. */
  private pool: pg.Pool | null = null;
  private snapshotPool: pg.Pool | null = null;
  private stream: ReplicationStream | null = null;
  private _cache: TransactionCache | null = null;
  private _serverInfo: ServerInfo | null = null;
  private _lastError: string | null = null;
  private stopped = false;
  private reconnecting = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private slotTimer: NodeJS.Timeout | null = null;
  private readonly log: Logger;
  readonly slots: SlotNames;
  /** Transactions captured per second. */
  readonly transactionRate = new RateMeter();
  private readonly backoff: { readonly minMs: number; readonly maxMs: number };

  constructor(
    private readonly db: DatabaseConfig,
    private readonly options: ConnectorOptions = {},
  ) {
    super();
    this.log = (options.logger ?? silentLogger).child({ component: 'postgres' });
    this.slots = slotNames(db.database);
    this.backoff = options.backoff ?? { minMs: 1000, maxMs: 10_000 };
  }

  get state(): ConnectorState {
    return this._state;
  }
  get serverInfo(): ServerInfo | null {
    return this._serverInfo;
  }
  get lastError(): string | null {
    return this._lastError;
  }
  get connection(): DatabaseConfig {
    return this.db;
  }
  /** The window of recent transactions; null until replication first started. */
  get cache(): TransactionCache | null {
    return this._cache;
  }
  get streamMetrics(): StreamMetrics | null {
    return this.stream?.metrics ?? null;
  }

  /** Connections for the snapshots that initial data is read from. */
  get snapshots(): pg.Pool {
    if (!this.snapshotPool || this._state !== 'ready') throw new StartupError('PG_NOT_READY', `Postgres connection is not ready: ${this._state}`);
    return this.snapshotPool;
  }

  /** A small pool for queries made on behalf of clients (subscriptions, checkpoints). */
  get queries(): pg.Pool {
    if (!this.pool || this._state !== 'ready') throw new StartupError('PG_NOT_READY', `Postgres connection is not ready: ${this._state}`);
    return this.pool;
  }

  /**
   * Resolves once the service is ready; rejects on problems that retrying
   * cannot fix (bad credentials, missing database, failed preflight).
   * Transient failures are retried with backoff.
   */
  async start(): Promise<void> {
    let delay = this.backoff.minMs;
    for (;;) {
      if (this.stopped) throw new StartupError('STOPPED', 'the service is stopping');
      try {
        await this.connectOnce();
        return;
      } catch (err) {
        await this.teardown();
        if (err instanceof StartupError || FATAL_CODES.has(pgErrorCode(err) ?? '')) {
          throw err instanceof StartupError ? err : this.fatal(err);
        }
        this._lastError = errorMessage(err);
        this.log.warn('cannot reach Postgres; retrying', { error: this._lastError, retryInMs: delay });
        await this.waitBeforeRetry(delay);
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    this.setState('stopped');
    await this.teardown();
    this._cache?.close();
  }

  private async connectOnce(): Promise<void> {
    this.setState('initialization');
    const client = await connectClient(this.db, { applicationName: 'electric_interactive' });
    this.client = client;
    client.on('error', (err) => this.onConnectionLost(err));
    client.on('end', () => this.onConnectionLost(new Error('interactive connection ended')));
    const info = await readServerInfo(client);
    assertPreflight(info);
    const result = await bootstrapElectricSchema(client);
    if (result.applied.length > 0) this.log.info('installed the electric schema', { migrations: result.applied });
    this._serverInfo = info;

    this.setState('establishing_repl_conn');
    const stream = new ReplicationStream(this.db, this.slots, { logger: this.options.logger, skipUpTo: this._cache?.lastLsn ?? 0n });
    this.stream = stream;
    stream.on('lost', (err) => this.onConnectionLost(err));
    // Attached before streaming starts: transactions may arrive in the same
    // network read as the start of the stream.
    stream.on('transaction', (tx) => {
      this.ensureCache(stream.startLsn).append(tx);
      this.transactionRate.mark();
      if (tx.migrations.length > 0) this.emit('migrations', tx.migrations.map((m) => m.version));
    });
    // The WAL read past the last transaction: positions up to there are known.
    stream.on('progress', (lsn) => this._cache?.noteProgress(lsn));
    await stream.start(() => {
      this.ensureCache(stream.startLsn);
      this.setState('subscribing');
    });

    // TLS as the interactive connection ended up using it ('prefer' may have fallen back).
    const usesTls = Boolean((client as unknown as { ssl?: unknown }).ssl);
    // Idle connections are kept a minute: opening one costs a SCRAM exchange and a backend.
    const pool = new pg.Pool({ ...(await clientConfig(this.db, { applicationName: 'electric_queries' }, usesTls)), max: 8, idleTimeoutMillis: 60_000 });
    pool.on('error', (err) => this.log.warn('a pooled connection failed', { error: err.message }));
    this.pool = pool;
    // Initial-data snapshots hold their connection while the rows are read, so
    // they get their own few, rather than a new connection per subscription.
    const snapshots = new pg.Pool({
      ...(await clientConfig(this.db, { applicationName: 'electric_shape_snapshot' }, usesTls)),
      max: SNAPSHOT_CONNECTIONS,
      idleTimeoutMillis: 60_000,
    });
    snapshots.on('error', (err) => this.log.warn('a snapshot connection failed', { error: err.message }));
    this.snapshotPool = snapshots;

    this.slotTimer = setInterval(() => void this.advanceSlot(), this.options.slotAdvanceIntervalMs ?? 30_000);
    this.slotTimer.unref();
    this._lastError = null;
    this.setState('ready');
  }

  /** The cache starts where the first stream started; later streams continue it. */
  private ensureCache(startLsn: bigint): TransactionCache {
    this._cache ??= new TransactionCache({ maxBytes: this.options.txnCacheSize ?? 256 * 2 ** 20, startLsn });
    return this._cache;
  }

  /** Advances the main slot so that it keeps the resumable window and no more. */
  async advanceSlot(): Promise<void> {
    const client = this.client;
    const stream = this.stream;
    if (!client || !stream || this._state !== 'ready') return;
    try {
      const moved = await advanceMainSlot(client, this.slots.main, stream.metrics.dispatchedLsn, this.options.resumableWalWindow ?? 2 * 2 ** 30);
      if (moved) this.log.debug('advanced the main replication slot', { from: moved.from, to: moved.to });
    } catch (err) {
      this.log.warn('could not advance the main replication slot', { error: errorMessage(err) });
    }
  }

  private onConnectionLost(err: Error): void {
    if (this.stopped || this.reconnecting || this._state !== 'ready') return;
    this.reconnecting = true;
    this._lastError = err.message;
    this.log.warn('lost a connection to Postgres; reconnecting', { error: err.message });
    void this.reconnectForever().finally(() => (this.reconnecting = false));
  }

  /** After the first start nothing is fatal: the service keeps trying. */
  private async reconnectForever(): Promise<void> {
    let delay = this.backoff.minMs;
    await this.teardown();
    while (!this.stopped) {
      try {
        await this.connectOnce();
        this.log.info('reconnected to Postgres');
        return;
      } catch (err) {
        await this.teardown();
        this._lastError = errorMessage(err);
        this.log.warn('cannot reach Postgres; retrying', { error: this._lastError, retryInMs: delay });
        await this.waitBeforeRetry(delay);
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
    }
  }

  private async teardown(): Promise<void> {
    if (this.slotTimer) clearInterval(this.slotTimer);
    this.slotTimer = null;
    if (!this.stopped) this.setState('initialization');
    const stream = this.stream;
    const client = this.client;
    const pool = this.pool;
    const snapshots = this.snapshotPool;
    this.stream = null;
    this.client = null;
    this.pool = null;
    this.snapshotPool = null;
    await stream?.stop();
    await pool?.end().catch(() => {});
    await snapshots?.end().catch(() => {});
    if (client) {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
  }

  private fatal(err: unknown): StartupError {
    const code = pgErrorCode(err);
    const where = `${this.db.user}@${this.db.host}:${this.db.port}/${this.db.database}`;
    return new StartupError(`PG_${code ?? 'CONNECT'}`, `cannot connect to Postgres as ${where}: ${errorMessage(err)}`, { cause: err });
  }

  private waitBeforeRetry(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(resolve, ms);
    });
  }

  private setState(state: ConnectorState): void {
    if (this._state === state) return;
    this._state = state;
    this.emit('state', state);
  }
}
