/**
 * What both write modes keep per client: how many of its transactions are
 * queued, who waits for them to settle (a reconnecting client's position
 * must include them), which clients had one refused (their later ones are
 * skipped until they reconnect), and the figures the status shows.
 */
import { RateMeter } from '../../util/rate.js';
import type { WriteError, WriterStats } from './writer.js';

export class ClientQueue {
  readonly stats: WriterStats = { written: 0, rejected: 0, queued: 0, lastError: null };
  readonly writtenRate = new RateMeter();
  /** Clients with a refused transaction: their later ones are skipped. */
  readonly refused = new Set<string>();
  private readonly pending = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();

  added(clientId: string): void {
    this.pending.set(clientId, (this.pending.get(clientId) ?? 0) + 1);
    this.stats.queued++;
  }

  /** A transaction of the client left the queue: written (error null), refused, skipped or stopped. */
  finished(clientId: string, error: WriteError | null): void {
    if (!error) {
      this.stats.written++;
      this.writtenRate.mark();
    } else if (error.code === 'REJECTED') {
      this.stats.rejected++;
    }
    this.stats.queued--;
    const left = (this.pending.get(clientId) ?? 1) - 1;
    if (left > 0) {
      this.pending.set(clientId, left);
      return;
    }
    this.pending.delete(clientId);
    const waiters = this.waiters.get(clientId);
    this.waiters.delete(clientId);
    for (const w of waiters ?? []) w();
  }

  /** Resolves once nothing of the client's is queued; then forgets its refusal. */
  settled(clientId: string): Promise<void> {
    if (!this.pending.get(clientId)) {
      this.refused.delete(clientId);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const list = this.waiters.get(clientId) ?? [];
      list.push(() => {
        this.refused.delete(clientId);
        resolve();
      });
      this.waiters.set(clientId, list);
    });
  }
}
