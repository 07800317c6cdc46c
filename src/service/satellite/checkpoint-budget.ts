/**
 * A budget, shared by every session, for the bytes of client checkpoints
 * written to Postgres. Stores are mostly deltas, but a base carries every
 * row its client holds, so a thousand clients rebasing at once would
 * otherwise write tens of MB/s; with the budget, stores wait their turn (in
 * order) and a client simply resumes from a slightly older checkpoint,
 * replaying the cache from there.
 */

/** Bytes per second all sessions' checkpoint stores may write together. */
export const CHECKPOINT_BYTES_PER_SECOND = 4 * 2 ** 20;

/** Rough JSON size of one held row in a checkpoint (key and tags). */
export const CHECKPOINT_BYTES_PER_ROW = 80;

export class CheckpointBudget {
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly bytesPerSecond = CHECKPOINT_BYTES_PER_SECOND,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = bytesPerSecond;
    this.refilledAt = now();
  }

  /** Resolves when `bytes` may be written (first come, first served). */
  acquire(bytes: number): Promise<void> {
    const turn = this.queue.then(() => this.take(bytes));
    this.queue = turn;
    return turn;
  }

  private async take(bytes: number): Promise<void> {
    this.refill();
    // A store larger than a second's budget waits for a full bucket and takes it.
    const needed = Math.min(bytes, this.bytesPerSecond);
    if (this.tokens < needed) {
      await new Promise((resolve) => setTimeout(resolve, ((needed - this.tokens) / this.bytesPerSecond) * 1000).unref?.());
      this.refill();
    }
    this.tokens -= bytes;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.bytesPerSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.bytesPerSecond);
    this.refilledAt = now;
  }
}
