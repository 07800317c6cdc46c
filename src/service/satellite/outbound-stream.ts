/**
 * Replication to the client: the migrations a fresh client lacks, then one
 * SatOpLog per captured transaction, filtered by its subscriptions. At most
 * UNACKED_WINDOW_SIZE transactions wait for the client's acknowledgement,
 * and a socket with too many bytes waiting pauses this stream only; each
 * acknowledgement moves the client's checkpoint.
 */
import { bytesToLsn, lsnToBytes, type ISatOpLogAck, type ISatTransOp } from '../../protocol/index.js';
import { formatLsn } from '../replication/pgoutput.js';
import { CacheWindowError, type CacheReader } from '../replication/transaction-cache.js';
import type { Migration, Transaction } from '../replication/types.js';
import type { Dialect, MigrateOp } from '../schema/migration-ops.js';
import { errorMessage } from '../../util/errors.js';
import type { RateMeter } from '../../util/rate.js';
import type { ClientCheckpoint } from './client-checkpoint.js';
import { ERROR_CODE } from './codes.js';
import type { ConnectionState } from './connection.js';
import type { MigrationsFeed } from './migrations-feed.js';
import { migrateOp, type OutgoingFrames } from './outgoing-frames.js';
import type { RpcChannel } from './rpc.js';
import type { Subscriptions } from './subscriptions.js';
import { transactionFrame } from './transaction-frames.js';

/** Transactions sent and not yet acknowledged at which the stream pauses (the client is told in its startReplication answer). */
export const UNACKED_WINDOW_SIZE = 30;
/** Pause sending while this many bytes wait in the socket. */
const HIGH_WATER_BYTES = 1 << 20;

export interface OutboundDeps {
  readonly migrations: Pick<MigrationsFeed, 'opsFor'>;
  /** Marked for every transaction sent to a client (shared by the endpoint's sessions). */
  readonly transactionsOut: RateMeter;
  /** Reloads catalog and migrations (coalesced across sessions). */
  refreshSchema(): Promise<void>;
}

/** A migration sent as its own transaction, at a position of the stream. */
export interface MigrationAt {
  readonly version: string;
  readonly xid: number;
  readonly ops: readonly MigrateOp[];
  readonly lsn: bigint;
}

/** The stream's part of the status figures. */
export interface StreamFigures {
  readonly acknowledgedLsn: string | null;
  readonly sentLsn: string | null;
  readonly unacked: number;
  readonly transactionsSent: number;
}

interface Reading {
  readonly reader: CacheReader;
  readonly dialect: Dialect;
}

export class OutboundStream {
  /** The cache reader of the running stream (null when stopped). */
  private reading: Reading | null = null;
  private readonly unacked: { xid: number; lsn: bigint }[] = [];
  /** Recently acknowledged transaction ids, a ring (a client may acknowledge one again; looked up only then). */
  private readonly acked = new Array<number>(4 * UNACKED_WINDOW_SIZE).fill(0);
  private ackedNext = 0;
  private windowWaiter: (() => void) | null = null;
  private sentLsn = 0n;
  /**
   * Versions sent by sendMigrations: the history read for them may hold a
   * migration the stream has yet to pass, which must not reach the client twice.
   */
  private migrationsSent = new Set<string>();
  /** Where this connection's stream to the client started. */
  private streamStart: bigint | null = null;
  // Figures for the status routes: plain fields, updated where the work happens.
  private acknowledgedLsn: bigint | null = null;
  private transactionsSent = 0;

  constructor(
    private readonly connection: ConnectionState,
    private readonly rpc: Pick<RpcChannel, 'violation' | 'internalError'>,
    private readonly frames: Pick<OutgoingFrames, 'send' | 'sendBytes' | 'ensureRelation' | 'forgetRelations' | 'sendMigratedRelations' | 'buffered' | 'drained'>,
    private readonly subscriptions: Pick<Subscriptions, 'deliverBefore' | 'awaitingPlacement' | 'apply' | 'goneObserved'>,
    private readonly checkpoint: Pick<ClientCheckpoint, 'journalAt' | 'advance'>,
    private readonly deps: OutboundDeps,
  ) {}

  get active(): boolean {
    return this.reading !== null;
  }

  /** How far the stream has gone (transactions up to here were sent, or filtered out). */
  get lastSentLsn(): bigint {
    return this.sentLsn;
  }

  figures(): StreamFigures {
    return {
      acknowledgedLsn: this.acknowledgedLsn === null ? null : formatLsn(this.acknowledgedLsn),
      sentLsn: this.streamStart !== null ? formatLsn(this.sentLsn) : null,
      unacked: this.unacked.length,
      transactionsSent: this.transactionsSent,
    };
  }

  /** Where the stream stands before it starts; a resuming client has acknowledged that position. */
  placeAt(position: bigint, { acknowledged }: { acknowledged: boolean }): void {
    // A stream started again (after stopReplication) owes nothing of the last one:
    // a late acknowledgement of it lies before this position and is ignored.
    this.unacked.length = 0;
    this.migrationsSent = new Set();
    this.sentLsn = position;
    if (acknowledged) this.acknowledgedLsn = position;
  }

  /** Migrations a fresh client lacks, each as its own transaction. */
  sendMigrations(list: readonly MigrationAt[]): void {
    for (const migration of list) {
      this.migrationsSent.add(migration.version);
      if (migration.ops.length === 0) continue;
      this.frames.send({
        type: 'SatOpLog',
        message: {
          ops: [
            { begin: { commitTimestamp: Date.now(), lsn: lsnToBytes(migration.lsn), origin: 'postgres_1', transactionId: migration.xid, isMigration: true } },
            ...migration.ops.map(migrateOp),
            { commit: { commitTimestamp: Date.now(), lsn: lsnToBytes(migration.lsn) } },
          ],
        },
      });
      this.frames.sendMigratedRelations(migration.ops.map(migrateOp));
      this.unacked.push({ xid: migration.xid, lsn: migration.lsn });
      this.transactionsSent++;
    }
  }

  start(reader: CacheReader, dialect: Dialect, from: bigint): void {
    this.streamStart = from;
    const reading = { reader, dialect };
    this.reading = reading;
    void this.run(reading).catch((err: unknown) => {
      if (this.connection.closed || this.reading !== reading) return;
      if (err instanceof CacheWindowError) {
        this.connection.log.warn('client fell behind the transaction cache window', { clientId: this.connection.clientId });
        this.rpc.violation({ errorType: ERROR_CODE.REPLICATION_FAILED, message: "Client fell behind the server's cache window" });
        return;
      }
      this.connection.log.error('replication to the client failed', { clientId: this.connection.clientId, error: errorMessage(err) });
      this.rpc.internalError('Internal server error while sending data');
    });
  }

  /** Stops the stream (the client's stopReplication, or the connection closed). */
  stop(): void {
    const reading = this.reading;
    this.reading = null;
    void reading?.reader.return?.();
    this.windowWaiter?.();
  }

  onAck(ack: ISatOpLogAck): void {
    const xid = Number(ack.transactionId ?? 0);
    if (xid === 0) return;
    const gone = ack.goneSubscriptionIds ?? [];
    const i = this.unacked.findIndex((u) => u.xid === xid);
    if (i < 0 && this.acked.includes(xid)) return; // acknowledged again: nothing to do
    if (i < 0 && this.acksEarlierConnection(ack)) {
      // Still news when it says a GONE batch sent again on resuming arrived.
      if (gone.length > 0) this.subscriptions.goneObserved(this.checkpoint.advance(bytesToLsn(ack.lsn!), gone));
      return;
    }
    if (i < 0) {
      this.rpc.violation({ errorType: ERROR_CODE.INVALID_REQUEST, message: 'Acknowledged unknown txn' });
      return;
    }
    const done = this.unacked.splice(0, i + 1);
    for (const d of done) this.rememberAcked(d.xid);
    this.acknowledgedLsn = done[done.length - 1]!.lsn;
    this.subscriptions.goneObserved(this.checkpoint.advance(this.acknowledgedLsn, gone));
    const waiter = this.windowWaiter;
    this.windowWaiter = null;
    waiter?.();
  }

  private async run(reading: Reading): Promise<void> {
    // With many clients every await here is paid once per client per
    // transaction: each step is awaited only when it has something to wait for.
    for (;;) {
      let tx = reading.reader.poll();
      if (tx === undefined) {
        const next = await reading.reader.next();
        if (next.done) return;
        tx = next.value;
      }
      if (this.reading !== reading || this.connection.closed) return;
      if (this.subscriptions.awaitingPlacement) await this.subscriptions.deliverBefore(tx);
      if (tx.migrations.length > 0) await this.deps.refreshSchema();
      if (this.mustWait()) await this.waitForWindow(reading);
      if (this.reading !== reading || this.connection.closed) return;
      this.sendTransaction(tx, reading.dialect);
    }
  }

  /** The window is full, or the socket holds more than it should. */
  private mustWait(): boolean {
    return this.unacked.length >= UNACKED_WINDOW_SIZE || this.frames.buffered > HIGH_WATER_BYTES;
  }

  private sendTransaction(tx: Transaction, dialect: Dialect): void {
    const migrations = this.unsentMigrations(tx);
    const migrateOps: ISatTransOp[] = migrations.flatMap((m) => this.deps.migrations.opsFor(m.version, dialect).map(migrateOp));
    if (migrateOps.length > 0) this.frames.forgetRelations(); // tables changed: send their relations again
    this.checkpoint.journalAt(tx.lsn);
    const dataOps = this.subscriptions.apply(tx);
    const own = tx.origin === this.connection.clientId;
    if (dataOps.length === 0 && migrateOps.length === 0 && !own) {
      this.sentLsn = tx.lsn;
      return;
    }
    for (const op of dataOps) this.frames.ensureRelation(op.table);
    // Encoded once per transaction for every connection with the same ops.
    this.frames.sendBytes(transactionFrame(tx, dialect, migrateOps, dataOps, migrations === tx.migrations), true);
    this.frames.sendMigratedRelations(migrateOps);
    this.sentLsn = tx.lsn;
    this.unacked.push({ xid: tx.xid, lsn: tx.lsn });
    this.transactionsSent++;
    this.deps.transactionsOut.mark();
  }

  /** The transaction's migrations that sendMigrations did not already send. */
  private unsentMigrations(tx: Transaction): readonly Migration[] {
    if (this.migrationsSent.size === 0 || tx.migrations.length === 0) return tx.migrations;
    const unsent = tx.migrations.filter((m) => !this.migrationsSent.has(m.version));
    // Past a migration the history did not hold, none of the history can come again.
    if (unsent.length > 0) this.migrationsSent = new Set();
    return unsent;
  }

  private async waitForWindow(reading: Reading): Promise<void> {
    while (this.unacked.length >= UNACKED_WINDOW_SIZE && this.reading === reading && !this.connection.closed) {
      await new Promise<void>((resolve) => (this.windowWaiter = resolve));
    }
    // Back-pressure from the socket: a slow client pauses its own stream only.
    while (this.frames.buffered > HIGH_WATER_BYTES && !this.connection.closed) {
      await this.frames.drained();
    }
  }

  /**
   * A client that reconnects may acknowledge the last transaction of its
   * previous connection: it lies at or before where this stream started.
   */
  private acksEarlierConnection(ack: ISatOpLogAck): boolean {
    if (this.streamStart === null) return false;
    try {
      return bytesToLsn(ack.lsn ?? new Uint8Array()) <= this.streamStart;
    } catch {
      return false;
    }
  }

  private rememberAcked(xid: number): void {
    this.acked[this.ackedNext] = xid;
    this.ackedNext = (this.ackedNext + 1) % this.acked.length;
  }
}
