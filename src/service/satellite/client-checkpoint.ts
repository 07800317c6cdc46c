/**
 * A client's checkpoint: the rows it holds as of the last position it
 * acknowledged. Every change to the held rows is journalled with the
 * position of the transaction that made it; an acknowledgement replays the
 * journal up to its position. The checkpoint is stored now and then, so
 * that a reconnecting client resumes from it: as a whole (a base) at first,
 * then as the changes since the last store (deltas), until the deltas
 * outgrow the record and a new base replaces them. So a client holding
 * many rows costs each store only what changed.
 */
import { randomUUID } from 'node:crypto';
import type { HeldChange, HeldRows } from '../shapes/held-rows.js';
import { errorMessage } from '../../util/errors.js';
import { CHECKPOINT_BYTES_PER_ROW, type CheckpointBudget } from './checkpoint-budget.js';
import type { ClientStateStore } from './client-state.js';
import type { ConnectionState } from './connection.js';

/** How often an advancing checkpoint is stored. */
const CHECKPOINT_STORE_INTERVAL_MS = 2_000;
/** Deltas may add up to this many row changes before a new base, however few rows are held. */
const MIN_DELTA_ROWS_BEFORE_BASE = 1_000;

export interface CheckpointStorage {
  readonly clientState: Pick<ClientStateStore, 'saveCheckpoint' | 'appendCheckpointDelta'>;
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
  /** The changes since the checkpoint: `journal` from `journalHead` on (advanced by index, compacted now and then). */
  private journal: JournalEntry[] = [];
  private journalHead = 0;
  private journalLsn = 0n;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  /** The latest store of the checkpoint (stores run one after another). */
  private storing: Promise<void> = Promise.resolve();
  /** Changes applied to the checkpoint since its last store. */
  private unstored: HeldChange[] = [];
  /** Generation of the base this connection stored, whose deltas follow it; null: the next store is a base. */
  private generation: string | null = null;
  /** Row changes in the deltas stored since that base. */
  private rowsSinceBase = 0;

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
    this.journalHead = 0;
  }

  /** The checkpoint is `held` at `lsn` (replication starts there). */
  reset(lsn: bigint, held: HeldRows): void {
    this.checkpoint = { lsn, held };
    // What is stored is not where this starts from: the next store is whole.
    this.unstored = [];
    this.generation = null;
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
    let n = this.journalHead;
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
      this.unstored.push(entry.change);
      if (goneId !== null) observed.push(goneId);
    }
    if (waiting.length > 0) {
      this.journal = [...waiting, ...this.journal.slice(n)];
      this.journalHead = 0;
    } else if (n * 2 >= this.journal.length && n >= 64) {
      // Every acknowledgement moves the head; the array is cut only once the dead part dominates.
      this.journal = this.journal.slice(n);
      this.journalHead = 0;
    } else {
      this.journalHead = n;
    }
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

  /** Resolves once every store asked for so far has finished (or failed, which is logged). */
  settled(): Promise<void> {
    return this.storing;
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
    const rows = this.baseIsDue(rowsChanged(this.unstored)) ? checkpoint.held.size : Math.max(1, rowsChanged(this.unstored));
    this.storing = this.storing
      // At close the checkpoint is stored at once: it is the one a reconnect will use.
      .then(() => (closing ? undefined : this.storage.checkpointBudget.acquire(rows * CHECKPOINT_BYTES_PER_ROW)))
      .then(() => this.write(clientId, checkpoint))
      .catch((err: unknown) => {
        // The stored deltas now miss these changes: start again from a base.
        this.generation = null;
        this.connection.log.warn('could not store a client checkpoint', { clientId, error: errorMessage(err) });
      });
  }

  /** Taken when it runs (after the budget's wait): the newest acknowledged state, not the one that asked. */
  private async write(clientId: string, checkpoint: { lsn: bigint; held: HeldRows }): Promise<void> {
    if (checkpoint !== this.checkpoint) return; // reset meanwhile: the store after the reset covers it
    const changes = this.unstored;
    this.unstored = [];
    const changed = rowsChanged(changes);
    if (this.generation === null || this.baseIsDue(changed)) {
      const generation = randomUUID();
      this.generation = generation;
      this.rowsSinceBase = 0;
      await this.storage.clientState.saveCheckpoint(clientId, { lsn: checkpoint.lsn, held: checkpoint.held.toJSON() }, generation);
      return;
    }
    // Also with no change: the stored position must keep up (a resume replays the cache from it).
    // Counted as a row at least, so that a stream of empty deltas still ends in a new base.
    this.rowsSinceBase += Math.max(1, changed);
    await this.storage.clientState.appendCheckpointDelta(clientId, this.generation, checkpoint.lsn, changes);
  }

  /** Deltas that would outgrow the record itself are replaced by a new base. */
  private baseIsDue(moreRows: number): boolean {
    if (this.generation === null) return true;
    return this.rowsSinceBase + moreRows > Math.max(MIN_DELTA_ROWS_BEFORE_BASE, this.checkpoint?.held.size ?? 0);
  }
}

/** How many rows a run of changes touches (what a delta costs to store and replay). */
function rowsChanged(changes: readonly HeldChange[]): number {
  let rows = 0;
  for (const change of changes) rows += change[0] === 'holdAll' ? change[1].length : 1;
  return rows;
}
