import { describe, it, expect } from 'vitest';
import { CacheWindowError, TransactionCache } from '../../src/service/replication/transaction-cache';
import type { Transaction } from '../../src/service/replication/types';

function tx(lsn: number | bigint, byteSize = 10): Transaction {
  return {
    xid: 0,
    lsn: BigInt(lsn),
    commitTimestamp: 0,
    origin: 'postgres_1',
    changes: [],
    referencedRecords: [],
    migrations: [],
    markers: [],
    clientLsns: [],
    byteSize,
  };
}

function cacheWith(lsns: number[], opts: { maxBytes?: number; startLsn?: number; size?: number } = {}): TransactionCache {
  const cache = new TransactionCache({ maxBytes: opts.maxBytes ?? 1000, startLsn: BigInt(opts.startLsn ?? 0) });
  for (const l of lsns) cache.append(tx(l, opts.size ?? 10));
  return cache;
}

async function pull(it: AsyncIterator<Transaction>, n: number): Promise<bigint[]> {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) throw new Error(`iterator ended after ${i} items`);
    out.push(r.value.lsn);
  }
  return out;
}

/** Is the promise still pending after the microtask queue drains? */
async function pending(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setImmediate(r));
  return !settled;
}

function windowError(fn: () => unknown): CacheWindowError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CacheWindowError);
    return err as CacheWindowError;
  }
  throw new Error('expected a CacheWindowError');
}

describe('TransactionCache append', () => {
  it('enforces strictly increasing lsn', () => {
    const cache = cacheWith([10, 20], { startLsn: 5 });
    expect(() => cache.append(tx(20))).toThrow(/not after/);
    expect(() => cache.append(tx(15))).toThrow(/not after/);
    cache.append(tx(21));
    expect(cache.lastLsn).toBe(21n);
    expect(cache.stats.appended).toBe(3);
  });

  it('rejects a first tx at or before startLsn', () => {
    const cache = new TransactionCache({ maxBytes: 100, startLsn: 50n });
    expect(() => cache.append(tx(50))).toThrow(/not after/);
    expect(() => cache.append(tx(49))).toThrow(/not after/);
    cache.append(tx(51));
    expect(cache.lastLsn).toBe(51n);
  });

  it('starts empty with the floor at startLsn', () => {
    const cache = new TransactionCache({ maxBytes: 100, startLsn: 7n });
    expect(cache.stats).toEqual({
      transactions: 0,
      bytes: 0,
      maxBytes: 100,
      firstLsn: null,
      lastLsn: null,
      floor: 7n,
      evicted: 0,
      appended: 0,
    });
  });

  it('evicts oldest by size and moves the floor', () => {
    const cache = cacheWith([10, 20, 30], { maxBytes: 30, startLsn: 1 });
    expect(cache.stats).toMatchObject({ transactions: 3, bytes: 30, floor: 1n, evicted: 0, firstLsn: 10n });
    cache.append(tx(40, 10));
    expect(cache.stats).toMatchObject({ transactions: 3, bytes: 30, floor: 10n, evicted: 1, firstLsn: 20n, lastLsn: 40n });
    cache.append(tx(50, 25));
    expect(cache.stats).toMatchObject({ transactions: 1, bytes: 25, floor: 40n, evicted: 4, firstLsn: 50n });
    expect(cache.floor).toBe(40n);
  });

  it('keeps the newest tx even if it alone exceeds maxBytes', () => {
    const cache = cacheWith([10, 20], { maxBytes: 30 });
    cache.append(tx(30, 100));
    expect(cache.stats).toMatchObject({ transactions: 1, bytes: 100, firstLsn: 30n, lastLsn: 30n, floor: 20n });
    cache.append(tx(40, 5));
    expect(cache.stats).toMatchObject({ transactions: 1, bytes: 5, firstLsn: 40n, floor: 30n });
  });
});

describe('TransactionCache check', () => {
  const cache = cacheWith([10, 20, 30, 40], { maxBytes: 30, startLsn: 1 }); // window (10, 40]

  it('rejects positions below the floor', () => {
    expect(cache.floor).toBe(10n);
    const err = windowError(() => cache.check(9n));
    expect(err.code).toBe('BEHIND_WINDOW');
    expect(err.requested).toBe(9n);
    expect(err.window).toEqual({ floor: 10n, last: 40n });
  });

  it('accepts the floor, positions inside, and the last lsn', () => {
    for (const p of [10n, 15n, 20n, 35n, 40n]) expect(() => cache.check(p)).not.toThrow();
  });

  it('rejects positions beyond the last lsn', () => {
    const err = windowError(() => cache.check(41n));
    expect(err.code).toBe('INVALID_POSITION');
    expect(err.requested).toBe(41n);
  });

  it('on an empty cache, only startLsn is valid', () => {
    const empty = new TransactionCache({ maxBytes: 100, startLsn: 5n });
    expect(() => empty.check(5n)).not.toThrow();
    expect(windowError(() => empty.check(4n)).code).toBe('BEHIND_WINDOW');
    expect(windowError(() => empty.check(6n)).code).toBe('INVALID_POSITION');
  });
});

describe('TransactionCache read', () => {
  it('yields the txs after the position, then live ones, without gap or repeat', async () => {
    const cache = cacheWith([10, 20, 30]);
    const it = cache.read(10n);
    expect(await pull(it, 2)).toEqual([20n, 30n]);
    const waiting = it.next();
    expect(await pending(waiting)).toBe(true);
    cache.append(tx(40));
    cache.append(tx(50));
    expect((await waiting).value?.lsn).toBe(40n);
    expect(await pull(it, 1)).toEqual([50n]);
    cache.append(tx(60));
    expect(await pull(it, 1)).toEqual([60n]);
  });

  it('poll() takes what the cache holds without waiting, in step with next()', async () => {
    const cache = cacheWith([10, 20, 30]);
    const it = cache.read(10n);
    expect(it.poll()?.lsn).toBe(20n);
    expect(await pull(it, 1)).toEqual([30n]);
    expect(it.poll()).toBeUndefined(); // nothing more yet
    cache.append(tx(40));
    expect(it.poll()?.lsn).toBe(40n);
    expect(it.poll()).toBeUndefined();
    await it.return!();
    cache.append(tx(50));
    expect(it.poll()).toBeUndefined(); // finished
    const behind = cacheWith([10, 20, 30, 40], { maxBytes: 20, startLsn: 1 }); // floor 20
    const stale = behind.read(19n);
    expect(windowError(() => stale.poll()).code).toBe('BEHIND_WINDOW');
    expect(await stale.next()).toEqual({ done: true, value: undefined });
  });

  it('resumes from a position between two tx lsns', async () => {
    const cache = cacheWith([10, 20, 30]);
    expect(await pull(cache.read(15n), 2)).toEqual([20n, 30n]);
    expect(await pull(cache.read(0n), 3)).toEqual([10n, 20n, 30n]);
  });

  it('from the last lsn yields only live txs', async () => {
    const cache = cacheWith([10, 20]);
    const it = cache.read(20n);
    const first = it.next();
    expect(await pending(first)).toBe(true);
    cache.append(tx(25));
    expect((await first).value?.lsn).toBe(25n);
  });

  it('validates the position at the first pull', async () => {
    const cache = cacheWith([10, 20, 30, 40], { maxBytes: 20, startLsn: 1 }); // floor 20
    await expect(cache.read(19n).next()).rejects.toMatchObject({ code: 'BEHIND_WINDOW', requested: 19n });
    await expect(cache.read(41n).next()).rejects.toMatchObject({ code: 'INVALID_POSITION', requested: 41n });
    expect(await pull(cache.read(20n), 2)).toEqual([30n, 40n]);
  });

  it('is finished after it throws', async () => {
    const cache = cacheWith([10], { startLsn: 5 });
    const it = cache.read(1n);
    await expect(it.next()).rejects.toBeInstanceOf(CacheWindowError);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('serves two readers at different positions independently', async () => {
    const cache = cacheWith([10, 20, 30]);
    const a = cache.read(0n);
    const b = cache.read(20n);
    expect(await pull(a, 1)).toEqual([10n]);
    expect(await pull(b, 1)).toEqual([30n]);
    const bNext = b.next();
    cache.append(tx(40));
    expect((await bNext).value?.lsn).toBe(40n);
    expect(await pull(a, 3)).toEqual([20n, 30n, 40n]);
  });

  it('tells a slow reader overtaken by eviction BEHIND_WINDOW while a fast reader continues', async () => {
    const cache = cacheWith([10, 20, 30], { maxBytes: 30 });
    const slow = cache.read(0n);
    const fast = cache.read(0n);
    expect(await pull(slow, 1)).toEqual([10n]);
    expect(await pull(fast, 3)).toEqual([10n, 20n, 30n]);
    cache.append(tx(40)); // evicts 10: slow's next (20) is still there
    expect(await pull(slow, 1)).toEqual([20n]);
    cache.append(tx(50)); // evicts 20
    cache.append(tx(60)); // evicts 30: slow's next is gone
    const err = await slow.next().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CacheWindowError);
    expect(err).toMatchObject({ code: 'BEHIND_WINDOW', requested: 20n, window: { floor: 30n, last: 60n } });
    expect(await pull(fast, 3)).toEqual([40n, 50n, 60n]);
  });

  it('can be consumed with for await', async () => {
    const cache = cacheWith([10, 20, 30]);
    const seen: bigint[] = [];
    const loop = (async () => {
      for await (const t of cache.read(10n)) seen.push(t.lsn);
    })();
    await new Promise((r) => setImmediate(r));
    cache.append(tx(40));
    await new Promise((r) => setImmediate(r));
    cache.close();
    await loop;
    expect(seen).toEqual([20n, 30n, 40n]);
  });
});

describe('TransactionCache readLive', () => {
  it('only sees transactions appended after it was created', async () => {
    const cache = cacheWith([10, 20]);
    const it = cache.readLive();
    const first = it.next();
    expect(await pending(first)).toBe(true);
    cache.append(tx(30));
    cache.append(tx(40));
    expect((await first).value?.lsn).toBe(30n);
    expect(await pull(it, 1)).toEqual([40n]);
  });

  it('works on an empty cache', async () => {
    const cache = new TransactionCache({ maxBytes: 100, startLsn: 5n });
    const it = cache.readLive();
    cache.append(tx(6));
    expect(await pull(it, 1)).toEqual([6n]);
  });
});

describe('TransactionCache ending readers', () => {
  it('abort ends a waiting reader', async () => {
    const cache = cacheWith([10]);
    const ac = new AbortController();
    const it = cache.read(10n, { signal: ac.signal });
    const waiting = it.next();
    expect(await pending(waiting)).toBe(true);
    ac.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    cache.append(tx(20));
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('an already-aborted signal ends the reader at once', async () => {
    const cache = cacheWith([10, 20]);
    const it = cache.read(0n, { signal: AbortSignal.abort() });
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('return() ends a waiting reader', async () => {
    const cache = cacheWith([10]);
    const it = cache.readLive();
    const waiting = it.next();
    expect(await pending(waiting)).toBe(true);
    expect(await it.return!()).toEqual({ done: true, value: undefined });
    expect(await waiting).toEqual({ done: true, value: undefined });
    cache.append(tx(20));
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('close() ends all readers', async () => {
    const cache = cacheWith([10]);
    const a = cache.readLive().next();
    const b = cache.read(10n).next();
    expect(await pending(a)).toBe(true);
    cache.close();
    expect(await a).toEqual({ done: true, value: undefined });
    expect(await b).toEqual({ done: true, value: undefined });
    expect(await cache.read(0n).next()).toEqual({ done: true, value: undefined });
    expect(() => cache.append(tx(20))).toThrow(/closed/);
  });
});

describe('TransactionCache memory bound', () => {
  it('holds while a reader never pulls', async () => {
    const maxBytes = 5_000;
    const cache = new TransactionCache({ maxBytes, startLsn: 0n });
    const idle = cache.read(0n);
    const live = cache.readLive();
    const liveNext = live.next(); // a waiter parked on the shared promise
    liveNext.catch(() => {}); // asserted below; the appends run synchronously before it wakes
    for (let i = 1; i <= 10_000; i++) {
      cache.append(tx(i, 7 + (i % 13)));
      expect(cache.stats.bytes).toBeLessThanOrEqual(maxBytes);
    }
    const s = cache.stats;
    expect(s.appended).toBe(10_000);
    expect(s.evicted + s.transactions).toBe(10_000);
    expect(s.lastLsn).toBe(10_000n);
    expect(s.firstLsn).toBe(s.floor + 1n);
    // The waiter wakes only after the synchronous appends: its next tx (lsn 1) is long gone.
    await expect(liveNext).rejects.toMatchObject({ code: 'BEHIND_WINDOW', requested: 0n });
    // The idle reader validates at its first pull, after its position has been evicted.
    await expect(idle.next()).rejects.toMatchObject({ code: 'BEHIND_WINDOW' });
    // Positioning still works across compactions of the backing array.
    expect(await pull(cache.read(9_998n), 2)).toEqual([9_999n, 10_000n]);
    expect(await pull(cache.read(s.floor), 1)).toEqual([s.floor + 1n]);
  });

  it('a live reader that pulls after many evictions is told BEHIND_WINDOW', async () => {
    const cache = new TransactionCache({ maxBytes: 100, startLsn: 0n });
    const live = cache.readLive();
    for (let i = 1; i <= 3_000; i++) cache.append(tx(i, 10));
    await expect(live.next()).rejects.toMatchObject({ code: 'BEHIND_WINDOW', requested: 0n });
  });
});

describe('progress past the last transaction', () => {
  it('vouches for positions up to the WAL read so far, and wakes whoever waits to reach one', async () => {
    const cache = new TransactionCache({ maxBytes: 1000, startLsn: 10n });
    cache.append(tx(20));
    expect(() => cache.check(30n)).toThrow(CacheWindowError);
    const reached = cache.reach(30n, 5000);
    cache.noteProgress(25n);
    cache.noteProgress(35n);
    await expect(reached).resolves.toBe(true);
    expect(() => cache.check(30n)).not.toThrow();
    expect(() => cache.check(36n)).toThrow(CacheWindowError);
    // A reader from such a position gets the next transaction.
    const reader = cache.read(30n);
    cache.append(tx(40));
    await expect(reader.next()).resolves.toMatchObject({ value: { lsn: 40n } });
    await expect(cache.reach(100n, 20)).resolves.toBe(false);
  });
});
