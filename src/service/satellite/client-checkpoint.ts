/**
 * A client's checkpoint: the rows it holds as of the last position it
 * acknowledged. Every change to the held rows is journalled with the
 * position of the transaction that made it; an acknowledgement replays the
 * journal up to its position. The checkpoint is stored now and then, so
 * that a reconnecting client resumes from it.
 */
import type { HeldChange, HeldRows } from '../shapes/held-rows.js';
import { errorMessage } from '../../util/errors.js';
import { CHECKPOINT_BYTES_PER_ROW, type CheckpointBudget } from './checkpoint-budget.js';
import type { ClientStateStore } from './client-state.js';
import type { ConnectionState } from './connection.js';

/** How often an advancing checkpoint is stored. */
const CHECKPOINT_STORE_INTERVAL_MS = 2_000;

export interface CheckpointStorage {
  readonly clientState: Pick<ClientStateStore, 'saveCheckpoint'>;
  /** Shared limit on the bytes of checkpoints written to Postgres. */
  readonly checkpointBudget: CheckpointBudget;
}

interface JournalEntry {
  readonly lsn: bigint;
  readonly change: HeldChange;
}

export class ClientCheckpoint {
  /** Held rows as of the last acknowledged position (null until replication starts). */
  private checkpoint: { lsn: bigint; held: HeldRows } | null = null;
  /** The changes since the checkpoint. */
  private journal: JournalEntry[] = [];
  private journalLsn = 0n;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  /** The latest store of the checkpoint (stores run one after another). */
  private storing: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: ConnectionState,
    private readonly storage: CheckpointStorage,
  ) {}

  /** Journals every change of `held` from now on. */
  track(held: HeldRows): void {
    held.onChange = (change) => this.journal.push({ lsn: this.journalLsn, change });
  }

  /** Changes from now on count at `lsn` (the transaction, or the position, that makes them). */
  journalAt(lsn: bigint): void {
    this.journalLsn = lsn;
  }

  clearJournal(): void {
    this.journal = [];
  }

  /** The checkpoint is `held` at `lsn` (replication starts there). */
  reset(lsn: bigint, held: HeldRows): void {
    this.checkpoint = { lsn, held };
  }

  /**
   * Moves the checkpoint to an acknowledged position and stores it; returns
   * the unsubscribed subscriptions whose GONE batch the client has now
   * observed. A GONE batch follows the transaction at its position, so an
   * acknowledgement of that very transaction covers it only when it lists
   * the subscription among those whose batch arrived (`gone`); any later
   * acknowledgement covers it.
   */
  advance(lsn: bigint, gone: readonly string[] = []): string[] {
    const checkpoint = this.checkpoint;
    if (!checkpoint || !this.connection.clientId) return [];
    if (lsn < checkpoint.lsn || (lsn === checkpoint.lsn && gone.length === 0)) return [];
    const observed: string[] = [];
    const waiting: JournalEntry[] = [];
    let n = 0;
    for (; n < this.journal.length; n++) {
      const entry = this.journal[n]!;
      if (entry.lsn > lsn) break;
      const goneId = entry.change[0] === 'releaseSubscription' ? entry.change[1] : null;
      if (goneId !== null && entry.lsn === lsn && !gone.includes(goneId)) {
        // Subscriptions are never taken up again once gone, so applying this later is the same.
        waiting.push(entry);
        continue;
      }
      checkpoint.held.applyChange(entry.change);
      if (goneId !== null) observed.push(goneId);
    }
    this.journal = waiting.length > 0 ? [...waiting, ...this.journal.slice(n)] : this.journal.slice(n);
    checkpoint.lsn = lsn;
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.store();
    }, CHECKPOINT_STORE_INTERVAL_MS);
    this.timer.unref();
    return observed;
  }

  /** The connection closed: the checkpoint is stored without waiting for the timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A store still waiting for the budget takes the newest state when it runs.
    this.store(true);
  }

  /**
   * Stores the checkpoint, if it moved, after the previous store finished.
   * (Stored at most every CHECKPOINT_STORE_INTERVAL_MS and at close: the
   * record grows with the rows a client holds, and a resuming client
   * replays the cache from an older checkpoint just as well.)
   */
  private store(closing = false): void {
    const checkpoint = this.checkpoint;
    const clientId = this.connection.clientId;
    if (!this.dirty || !checkpoint || !clientId) return;
    this.dirty = false;
    const bytes = checkpoint.held.size * CHECKPOINT_BYTES_PER_ROW;
    this.storing = this.storing
      // At close the checkpoint is stored at once: it is the one a reconnect will use.
      .then(() => (closing ? undefined : this.storage.checkpointBudget.acquire(bytes)))
      // Taken after the wait: the newest acknowledged state, not the one that asked.
      .then(() => this.storage.clientState.saveCheckpoint(clientId, { lsn: checkpoint.lsn, held: checkpoint.held.toJSON() }))
      .catch((err: unknown) => this.connection.log.warn('could not store a client checkpoint', { clientId, error: errorMessage(err) }));
  }
}
