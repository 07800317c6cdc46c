/**
 * The logical replication connection: creates Electric's main slot, streams
 * pgoutput from a temporary copy of it (so that a restart re-reads the WAL
 * the main slot retains), decodes, and hands whole transactions on.
 *
 * The stream confirms to Postgres only what it has dispatched. The main
 * slot is advanced separately (see slot-keeper.ts), keeping the resumable
 * window of WAL.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { connectClient, pgErrorCode } from '../postgres/connection.js';
import { PgOutputDecoder, formatLsn, parseLsn } from './pgoutput.js';
import { TransactionBuilder } from './transaction-builder.js';
import { PUBLICATION_NAME, type Transaction } from './types.js';
import { silentLogger, type Logger } from '../../util/log.js';
import { ElectricError } from '../../util/errors.js';

/** Microseconds between the Unix epoch and Postgres' epoch (2000-01-01). */
const PG_EPOCH_OFFSET_US = 946_684_800_000_000n;
const STATUS_INTERVAL_MS = 10_000;

export interface SlotNames {
  readonly main: string;
  readonly temporary: string;
}

/** `electric_replication_out_<db>` (legacy naming) and a per-process temporary copy. */
export function slotNames(database: string): SlotNames {
  const sanitized = database
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^_+|_+$/g, '');
  const main = `electric_replication_out_${sanitized}`.slice(0, 63);
  // A random suffix lets several services share a database without their
  // temporary slots colliding.
  const temporary = `${main.slice(0, 50)}_rc_${randomBytes(4).toString('hex')}`;
  return { main, temporary };
}

export interface StreamMetrics {
  /** End LSN of the last transaction dispatched. */
  dispatchedLsn: bigint;
  /** Server WAL end as last reported (XLogData / keepalive). */
  serverWalEnd: bigint;
  /** Commit time (Unix ms) of the last transaction dispatched. */
  lastCommitMs: number | null;
  /** When the last transaction was dispatched (Unix ms). */
  lastDispatchMs: number | null;
  transactions: number;
  messages: number;
}

export interface ReplicationStreamEvents {
  transaction: [Transaction];
  /** The WAL was read up to this LSN past the last transaction (a keepalive between transactions). */
  progress: [bigint];
  /** The connection failed or ended after it had started. */
  lost: [Error];
}

export class ReplicationStreamError extends ElectricError {}

export class ReplicationStream extends EventEmitter<ReplicationStreamEvents> {
  private client: pg.Client | null = null;
  private readonly decoder = new PgOutputDecoder();
  private readonly builder: TransactionBuilder;
  private statusTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private _startLsn = 0n;
  /** Transactions at or below this LSN were dispatched before (re-read after a reconnect). */
  private skipUpTo: bigint;
  readonly metrics: StreamMetrics = {
    dispatchedLsn: 0n,
    serverWalEnd: 0n,
    lastCommitMs: null,
    lastDispatchMs: null,
    transactions: 0,
    messages: 0,
  };
  private readonly log: Logger;

  constructor(
    private readonly db: DatabaseConfig,
    readonly slots: SlotNames,
    options: { logger?: Logger; skipUpTo?: bigint } = {},
  ) {
    super();
    this.log = (options.logger ?? silentLogger).child({ component: 'replication' });
    this.builder = new TransactionBuilder((message, fields) => this.log.warn(message, fields));
    this.skipUpTo = options.skipUpTo ?? 0n;
  }

  get startLsn(): bigint {
    return this._startLsn;
  }

  /** Opens the replication connection; resolves once streaming has started. */
  async start(onSubscribing: () => void = () => {}): Promise<void> {
    const client = await connectClient(this.db, { replication: 'database', applicationName: 'electric_replication' });
    this.client = client;
    try {
      await this.ensureMainSlot(client);
      const { rows } = await client.query<{ lsn: string }>(
        `SELECT lsn::text AS lsn FROM pg_copy_logical_replication_slot(${client.escapeLiteral(this.slots.main)}, ${client.escapeLiteral(this.slots.temporary)}, true)`,
      );
      const lsn = rows[0]?.lsn;
      if (!lsn) throw new ReplicationStreamError('REPLICATION_SLOT', `could not copy replication slot ${this.slots.main}`);
      this._startLsn = parseLsn(lsn);
      if (this.metrics.dispatchedLsn < this._startLsn) this.metrics.dispatchedLsn = this._startLsn;
      if (this.skipUpTo < this._startLsn) this.skipUpTo = this._startLsn;
      onSubscribing();
      await this.startStreaming(client);
    } catch (err) {
      this.client = null;
      await client.end().catch(() => {});
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('error');
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
  }

  private async ensureMainSlot(client: pg.Client): Promise<void> {
    try {
      await client.query(`CREATE_REPLICATION_SLOT ${client.escapeIdentifier(this.slots.main)} LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
      this.log.info('created the replication slot', { slot: this.slots.main });
    } catch (err) {
      if (pgErrorCode(err) !== '42710') throw err; // duplicate_object: it exists, as it should
    }
  }

  private startStreaming(client: pg.Client): Promise<void> {
    const connection = (client as unknown as { connection: PgConnection }).connection;
    return new Promise((resolve, reject) => {
      let started = false;
      connection.once('replicationStart', () => {
        started = true;
        this.statusTimer = setInterval(() => this.sendStatus(false), STATUS_INTERVAL_MS);
        this.statusTimer.unref();
        resolve();
      });
      connection.on('copyData', (msg: { chunk: Buffer }) => {
        try {
          this.onCopyData(msg.chunk);
        } catch (err) {
          this.fail(err as Error);
        }
      });
      const fail = (err: Error): void => {
        if (!started) reject(err);
        else this.fail(err);
      };
      client.on('error', fail);
      client.on('end', () => fail(new Error('the replication connection ended')));
      const options = `proto_version '1', publication_names ${client.escapeLiteral(PUBLICATION_NAME)}, messages 'true'`;
      client
        .query(`START_REPLICATION SLOT ${client.escapeIdentifier(this.slots.temporary)} LOGICAL ${formatLsn(this._startLsn)} (${options})`)
        .then(() => fail(new Error('replication stream finished')), fail);
    });
  }

  private fail(err: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.log.warn('replication connection lost', { error: err.message });
    const client = this.client;
    this.client = null;
    client?.end().catch(() => {});
    this.emit('lost', err);
  }

  private onCopyData(chunk: Buffer): void {
    const type = chunk[0];
    if (type === 0x77 /* w: XLogData */) {
      const walEnd = chunk.readBigUInt64BE(9);
      if (walEnd > this.metrics.serverWalEnd) this.metrics.serverWalEnd = walEnd;
      this.metrics.messages++;
      const tx = this.builder.handle(this.decoder.decode(chunk.subarray(25)));
      if (tx) this.dispatch(tx);
    } else if (type === 0x6b /* k: keepalive */) {
      const walEnd = chunk.readBigUInt64BE(1);
      if (walEnd > this.metrics.serverWalEnd) this.metrics.serverWalEnd = walEnd;
      // Between transactions everything up to walEnd has been dispatched or
      // was of no interest.
      if (!this.builder.inTransaction && walEnd > this.metrics.dispatchedLsn) {
        this.metrics.dispatchedLsn = walEnd;
        this.emit('progress', walEnd);
      }
      if (chunk[17] === 1) this.sendStatus(false);
    }
  }

  private dispatch(tx: Transaction): void {
    if (tx.lsn <= this.skipUpTo) return;
    this.skipUpTo = tx.lsn;
    this.metrics.dispatchedLsn = tx.lsn;
    this.metrics.lastCommitMs = tx.commitTimestamp;
    this.metrics.lastDispatchMs = Date.now();
    this.metrics.transactions++;
    this.emit('transaction', tx);
  }

  /** Standby status update: what was dispatched is written, flushed and applied. */
  private sendStatus(replyRequested: boolean): void {
    const connection = (this.client as unknown as { connection?: PgConnection } | null)?.connection;
    if (!connection) return;
    const lsn = this.metrics.dispatchedLsn;
    const buf = Buffer.alloc(34);
    buf[0] = 0x72; // r
    buf.writeBigUInt64BE(lsn, 1);
    buf.writeBigUInt64BE(lsn, 9);
    buf.writeBigUInt64BE(lsn, 17);
    buf.writeBigInt64BE(BigInt(Date.now()) * 1000n - PG_EPOCH_OFFSET_US, 25);
    buf[33] = replyRequested ? 1 : 0;
    connection.sendCopyFromChunk(buf);
  }
}

/** The parts of pg's internal Connection that replication needs. */
interface PgConnection extends EventEmitter {
  sendCopyFromChunk(chunk: Buffer): void;
}

/** Replication lag figures from the stream's metrics. */
export function lagOf(metrics: StreamMetrics, now = Date.now()): { bytes: bigint; ms: number } {
  const bytes = metrics.serverWalEnd > metrics.dispatchedLsn ? metrics.serverWalEnd - metrics.dispatchedLsn : 0n;
  const ms = bytes === 0n || metrics.lastDispatchMs === null ? 0 : now - metrics.lastDispatchMs;
  return { bytes, ms };
}

