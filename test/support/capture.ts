/**
 * Reading what change capture produced: pull transactions from a service's
 * cache with a deadline, so a missing transaction fails the test instead of
 * hanging it.
 */
import type { ElectricService } from '../../src/service/server.js';
import type { Transaction } from '../../src/service/replication/types.js';

export interface TxReader {
  next(timeoutMs?: number): Promise<Transaction>;
  /** Next transaction that has data changes (skips marker-only ones). */
  nextWithChanges(timeoutMs?: number): Promise<Transaction>;
  /** Expects no further transaction within `ms`. */
  expectNone(ms?: number): Promise<void>;
  close(): void;
}

export function readerFrom(iterator: AsyncIterableIterator<Transaction>): TxReader {
  let pending: Promise<IteratorResult<Transaction>> | null = null;
  const pull = async (timeoutMs: number): Promise<Transaction | null> => {
    pending ??= iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const result = await Promise.race([pending, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') return null;
    pending = null;
    if (result.done) throw new Error('the transaction stream ended');
    return result.value;
  };
  return {
    async next(timeoutMs = 10_000) {
      const tx = await pull(timeoutMs);
      if (!tx) throw new Error(`no transaction within ${timeoutMs} ms`);
      return tx;
    },
    async nextWithChanges(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const tx = await pull(Math.max(1, deadline - Date.now()));
        if (!tx) throw new Error(`no transaction with changes within ${timeoutMs} ms`);
        if (tx.changes.length > 0) return tx;
      }
    },
    async expectNone(ms = 500) {
      const tx = await pull(ms);
      if (tx) throw new Error(`unexpected transaction ${tx.xid} at ${tx.lsn}`);
    },
    close() {
      void iterator.return?.();
    },
  };
}

/** A reader of the transactions the service captures from now on. */
export function liveReader(service: ElectricService): TxReader {
  const cache = service.connector?.cache;
  if (!cache) throw new Error('the service has no transaction cache yet');
  return readerFrom(cache.readLive());
}

/** Text form helper: the change's record with bytes shown as hex. */
export function printable(row: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!row) return row;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v]));
}
