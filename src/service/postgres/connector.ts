/**
 * Keeps the service's interactive connection to Postgres: connects, checks
 * the server (preflight), installs the `electric` schema, and reconnects with
 * backoff (1–10 s) when the connection is lost. Its state drives
 * /api/status and the WebSocket gate.
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { connectClient, pgErrorCode } from './connection.js';
import { assertPreflight, readServerInfo, type ServerInfo } from './preflight.js';
import { bootstrapElectricSchema } from './bootstrap.js';
import { StartupError, errorMessage } from '../../util/errors.js';
import { silentLogger, type Logger } from '../../util/log.js';

export type ConnectorState = 'initialization' | 'establishing_repl_conn' | 'subscribing' | 'ready' | 'stopped';

/** Postgres error codes that retrying will not fix. */
const FATAL_CODES = new Set([
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification (no such role, pg_hba)
  '3D000', // invalid_catalog_name (no such database)
]);

export interface ConnectorEvents {
  state: [ConnectorState];
}

export class PostgresConnector extends EventEmitter<ConnectorEvents> {
  private _state: ConnectorState = 'initialization';
  private client: pg.Client | null = null;
  private _serverInfo: ServerInfo | null = null;
  private _lastError: string | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private readonly log: Logger;

  constructor(
    private readonly db: DatabaseConfig,
    logger: Logger = silentLogger,
    private readonly backoff = { minMs: 1000, maxMs: 10_000 },
  ) {
    super();
    this.log = logger.child({ component: 'postgres' });
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

  /** The interactive client, or an error when Postgres is not reachable now. */
  get interactive(): pg.Client {
    if (!this.client || this._state !== 'ready') throw new StartupError('PG_NOT_READY', `Postgres connection is not ready: ${this._state}`);
    return this.client;
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
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connectOnce(): Promise<void> {
    this.setState('initialization');
    const client = await connectClient(this.db, { applicationName: 'electric_interactive' });
    try {
      const info = await readServerInfo(client);
      assertPreflight(info);
      const result = await bootstrapElectricSchema(client);
      if (result.applied.length > 0) this.log.info('installed the electric schema', { migrations: result.applied });
      this._serverInfo = info;
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    client.on('error', (err) => this.onConnectionLost(client, err));
    client.on('end', () => this.onConnectionLost(client, new Error('connection ended')));
    this.client = client;
    this._lastError = null;
    this.setState('ready');
  }

  private onConnectionLost(client: pg.Client, err: Error): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this._lastError = err.message;
    this.log.warn('lost the connection to Postgres; reconnecting', { error: err.message });
    void this.reconnectForever();
  }

  /** After the first start nothing is fatal: the service keeps trying. */
  private async reconnectForever(): Promise<void> {
    let delay = this.backoff.minMs;
    while (!this.stopped) {
      try {
        await this.connectOnce();
        this.log.info('reconnected to Postgres');
        return;
      } catch (err) {
        this._lastError = errorMessage(err);
        this.log.warn('cannot reach Postgres; retrying', { error: this._lastError, retryInMs: delay });
        await this.waitBeforeRetry(delay);
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
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
