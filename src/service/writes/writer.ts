/**
 * Writers put client transactions into Postgres. Every mode implements
 * ClientWriter; `direct_writes` is DirectWriter: one connection marked as
 * Electric's (the triggers then merge instead of tagging), one queue for
 * all clients, so transactions land in one order, each as one Postgres
 * transaction together with its client's position.
 */
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { connectClient, pgErrorCode } from '../postgres/connection.js';
import { ElectricError, errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/log.js';
import type { RateMeter } from '../../util/rate.js';
import { ClientQueue } from './client-queue.js';
import type { ClientTransaction } from './inbound.js';

export type WriteErrorCode =
  /** Postgres refused the transaction (a constraint, a bad value): the client's fault. */
  | 'REJECTED'
  /** Not tried: an earlier transaction of the same client was rejected. */
  | 'SKIPPED'
  /** The writer stopped before the transaction was written. */
  | 'STOPPED';

export class WriteError extends ElectricError {
  constructor(code: WriteErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export interface ClientWriter {
  /** Queues a transaction; settles once it is committed in Postgres, or refused. */
  write(tx: ClientTransaction): Promise<void>;
  /**
   * Resolves once every transaction queued for `clientId` has been written
   * or refused (a reconnecting client's position must include them); then
   * forgets that the client had a refused transaction.
   */
  settled(clientId: string): Promise<void>;
  readonly stats: WriterStats;
  /** Transactions written per second. */
  readonly writtenRate: RateMeter;
  stop(): Promise<void>;
}

export interface WriterStats {
  written: number;
  rejected: number;
  queued: number;
  /** The last refusal or failed attempt (a failed attempt is retried). */
  lastError: { readonly message: string; readonly clientId: string; readonly at: number } | null;
}

interface Queued {
  readonly tx: ClientTransaction;
  resolve(): void;
  reject(err: WriteError): void;
}

const APPLY_SQL = 'SELECT electric.apply_client_transaction($1, $2, $3, $4::jsonb)';
const BATCH_SQL = 'CALL electric.apply_client_batch($1::jsonb, NULL)';
/** Transactions per batch: enough to amortise the round trip, few enough that the first is not kept waiting. */
const BATCH_MAX = 32;
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/** SQLSTATE classes that say nothing about the transaction itself: retry it. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof pg.DatabaseError)) return true; // the connection broke, or could not be made
  const code = pgErrorCode(err) ?? '';
  return code.startsWith('08') || code.startsWith('57') || code.startsWith('53') || code === '40001' || code === '40P01';
}

/** The JSON form apply_client_transaction reads. */
export function changesJson(tx: ClientTransaction): string {
  return JSON.stringify(
    tx.changes.map((c) => ({
      s: c.table.schema,
      t: c.table.name,
      v: c.values,
      o: c.observed,
      d: c.kind === 'delete',
      m: c.modified,
      r: c.kind !== 'compensation',
    })),
  );
}

/**
 * Of a batch applied in order, the transactions already written: per client,
 * those up to the one whose position the client's stored position is (its
 * transactions are in order, and each commits with its position). A stored
 * position that none of them has means none of them was written.
 */
export function writtenPrefix(txs: readonly ClientTransaction[], positions: ReadonlyMap<string, Uint8Array>): Set<ClientTransaction> {
  const written = new Set<ClientTransaction>();
  const lastWritten = new Map<string, number>();
  txs.forEach((tx, i) => {
    const stored = positions.get(tx.clientId);
    if (stored && Buffer.compare(Buffer.from(stored), Buffer.from(tx.lsn)) === 0) lastWritten.set(tx.clientId, i);
  });
  txs.forEach((tx, i) => {
    if (i <= (lastWritten.get(tx.clientId) ?? -1)) written.add(tx);
  });
  return written;
}

export class DirectWriter implements ClientWriter {
  private readonly queue: Queued[] = [];
  private client: pg.Client | null = null;
  private running = false;
  private stopped = false;
  private readonly clients = new ClientQueue();
  private readonly applyOneNames = new Map<string, { fn: string; statement: string }>();
  /** Batches written through electric.apply_client_batch (for tests and profiling). */
  batches = 0;
  get stats(): WriterStats {
    return this.clients.stats;
  }
  get writtenRate(): RateMeter {
    return this.clients.writtenRate;
  }
  private readonly log: Logger;

  constructor(
    private readonly db: DatabaseConfig,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'writer' });
  }

  write(tx: ClientTransaction): Promise<void> {
    if (this.stopped) return Promise.reject(new WriteError('STOPPED', 'The service is stopping'));
    this.clients.added(tx.clientId);
    const done = new Promise<void>((resolve, reject) => this.queue.push({ tx, resolve, reject }));
    void this.run();
    return done;
  }

  settled(clientId: string): Promise<void> {
    return this.clients.settled(clientId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const item of this.queue.splice(0)) this.finish(item, new WriteError('STOPPED', 'The service stopped before this transaction was written'));
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        if (this.queue.length > 1) {
          // Several waiting: one round trip for all of them (each its own Postgres transaction).
          const batch = this.queue.slice(0, BATCH_MAX);
          const txs = batch.map((item) => item.tx);
          const outcomes = await this.applyBatch(txs);
          // A batch that failed as a whole has committed its first transactions
          // (one COMMIT each): the clients' positions say which.
          const written = outcomes ? null : await this.writtenOf(txs);
          for (let i = 0; i < batch.length; i++) {
            const item = batch[i]!;
            if (this.queue[0] !== item) break; // stopped meanwhile
            const outcome = outcomes ? outcomes[i]! : written?.has(item.tx) ? null : await this.apply(item.tx, written === null);
            if (this.queue[0] !== item) break;
            this.queue.shift();
            this.finish(item, outcome);
          }
          continue;
        }
        const item = this.queue[0]!;
        const outcome = await this.apply(item.tx);
        if (this.queue[0] !== item) continue; // stopped meanwhile
        this.queue.shift();
        this.finish(item, outcome);
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Applies transactions through electric.apply_client_batch: their
   * outcomes in order, or null when the call failed as a whole (a problem
   * of the moment), leaving each to be retried one at a time.
   */
  private async applyBatch(txs: readonly ClientTransaction[]): Promise<(WriteError | null)[] | null> {
    const outcomes: (WriteError | null | undefined)[] = txs.map((tx) =>
      this.clients.refused.has(tx.clientId) ? new WriteError('SKIPPED', 'Not applied: an earlier transaction of this client was refused') : undefined,
    );
    const sent = txs.filter((_, i) => outcomes[i] === undefined);
    if (sent.length === 0) return outcomes as (WriteError | null)[];
    const payload = `[${sent.map((tx) => `{"c":${JSON.stringify(tx.clientId)},"l":"${Buffer.from(tx.lsn).toString('hex')}","t":${tx.commitTimestamp},"ch":${changesJson(tx)}}`).join(',')}]`;
    let results: string[];
    try {
      const client = await this.connection();
      const { rows } = await client.query<{ p_results: string[] }>({ name: 'electric_apply_batch', text: BATCH_SQL, values: [payload] });
      results = rows[0]!.p_results;
      this.batches++;
    } catch (err) {
      this.stats.lastError = { message: errorMessage(err), clientId: sent[0]!.clientId, at: Date.now() };
      this.log.warn('writing a batch of client transactions failed; retrying them one at a time', { error: errorMessage(err), transactions: sent.length });
      if (isTransient(err)) await this.dropConnection();
      return null;
    }
    let next = 0;
    return outcomes.map((known, i) => {
      if (known !== undefined) return known;
      const result = results[next++] ?? 'refused:XX000:no outcome reported';
      if (result === 'ok') return null;
      if (result === 'skipped') return new WriteError('SKIPPED', 'Not applied: an earlier transaction of this client was refused');
      const [, code, ...message] = result.split(':');
      const clientId = txs[i]!.clientId;
      this.clients.refused.add(clientId);
      this.stats.lastError = { message: message.join(':'), clientId, at: Date.now() };
      return new WriteError('REJECTED', message.join(':'), { cause: { sqlstate: code } });
    });
  }

  /**
   * Writes one transaction, retrying through connection problems; returns
   * its refusal, if any. `mayBeWritten`: an earlier attempt may have
   * committed it.
   */
  private async apply(tx: ClientTransaction, mayBeWritten = false): Promise<WriteError | null> {
    if (this.clients.refused.has(tx.clientId)) {
      return new WriteError('SKIPPED', 'Not applied: an earlier transaction of this client was refused');
    }
    let delay = RETRY_MIN_MS;
    let retried = mayBeWritten;
    for (;;) {
      if (this.stopped) return new WriteError('STOPPED', 'The service stopped before this transaction was written');
      try {
        const client = await this.connection();
        // After a broken connection the transaction may have committed
        // without our hearing of it: the client's position says.
        if (retried && (await this.alreadyWritten(client, tx))) return null;
        await this.applyOn(client, tx);
        return null;
      } catch (err) {
        this.stats.lastError = { message: errorMessage(err), clientId: tx.clientId, at: Date.now() };
        if (!isTransient(err)) {
          this.clients.refused.add(tx.clientId);
          return new WriteError('REJECTED', errorMessage(err), { cause: err });
        }
        this.log.warn('writing a client transaction failed; retrying', { clientId: tx.clientId, error: errorMessage(err), retryInMs: delay });
        await this.dropConnection();
        retried = true;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
  }

  /** One statement, so one Postgres transaction: the static per-table call for one change, else the JSON dispatch. */
  private async applyOn(client: pg.Client, tx: ClientTransaction): Promise<void> {
    const only = tx.changes.length === 1 ? tx.changes[0]! : null;
    if (!only) {
      await client.query({ name: 'electric_apply_client_tx', text: APPLY_SQL, values: [tx.clientId, Buffer.from(tx.lsn), tx.commitTimestamp, changesJson(tx)] });
      return;
    }
    const { fn, statement } = await this.applyOneFunction(client, only.table.schema, only.table.name);
    await client.query({
      name: statement,
      text: `SELECT electric.${client.escapeIdentifier(fn)}($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      values: [
        tx.clientId,
        Buffer.from(tx.lsn),
        tx.commitTimestamp,
        only.values,
        only.observed.map(([ms]) => ms),
        only.observed.map(([, source]) => source),
        only.kind === 'delete',
        only.modified,
        only.kind !== 'compensation',
      ],
    });
  }

  /**
   * The generated function of a table (its naming lives in SQL: asked once
   * per table) and a short prepared-statement name for calling it.
   */
  private async applyOneFunction(client: pg.Client, schema: string, table: string): Promise<{ fn: string; statement: string }> {
    const key = `${schema}.${table}`;
    let entry = this.applyOneNames.get(key);
    if (entry === undefined) {
      const { rows } = await client.query<{ name: string }>("SELECT electric.__generated_name('satellite_write__apply_one', $1, $2) AS name", [schema, table]);
      entry = { fn: rows[0]!.name, statement: `electric_apply_one_${this.applyOneNames.size}` };
      this.applyOneNames.set(key, entry);
    }
    return entry;
  }

  /** The transactions of a failed batch that are written, or null when that cannot be read now. */
  private async writtenOf(txs: readonly ClientTransaction[]): Promise<Set<ClientTransaction> | null> {
    try {
      const client = await this.connection();
      const { rows } = await client.query<{ client_id: string; lsn: Buffer }>(
        'SELECT client_id, lsn FROM electric.acknowledged_client_lsns WHERE client_id = ANY ($1::text[])',
        [[...new Set(txs.map((tx) => tx.clientId))]],
      );
      return writtenPrefix(txs, new Map(rows.map((r) => [r.client_id, r.lsn])));
    } catch {
      await this.dropConnection();
      return null;
    }
  }

  private async alreadyWritten(client: pg.Client, tx: ClientTransaction): Promise<boolean> {
    const { rows } = await client.query<{ lsn: Buffer }>('SELECT lsn FROM electric.acknowledged_client_lsns WHERE client_id = $1', [tx.clientId]);
    return rows[0] !== undefined && Buffer.compare(rows[0].lsn, Buffer.from(tx.lsn)) === 0;
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = await connectClient(this.db, {
      applicationName: 'electric_writer',
      // synchronous_commit off is safe here: a client's position commits with
      // its writes, and what was not flushed before a crash is neither
      // decoded (logical decoding reads flushed WAL only) nor acknowledged,
      // so the client sends it again.
      settings: { 'electric.session_replication_role': 'replica', synchronous_commit: 'off' },
    });
    client.on('error', (err) => {
      this.log.warn('writer connection lost', { error: err.message });
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return client;
  }

  private async dropConnection(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private finish(item: Queued, error: WriteError | null): void {
    if (error) item.reject(error);
    else item.resolve();
    this.clients.finished(item.tx.clientId, error);
  }
}
