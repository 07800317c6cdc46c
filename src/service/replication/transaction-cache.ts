/**
 * The in-memory window of recent transactions, bounded in bytes
 * (ELECTRIC_TXN_CACHE_SIZE). Sync sessions resume from an acknowledged LSN
 * still inside the window, then follow live transactions without gaps or
 * repeats. Readers are pull-based and hold only a sequence number, so a slow
 * reader can never make the cache grow: it falls behind the window instead
 * and is told so (BEHIND_WINDOW).
 */
import { ElectricError } from '../../util/errors.js';
import type { Transaction } from './types.js';

export type CacheWindowErrorCode = 'BEHIND_WINDOW' | 'INVALID_POSITION';

/** A resume position outside the window: evicted (BEHIND_WINDOW) or never seen (INVALID_POSITION). */
export class CacheWindowError extends ElectricError {
  declare readonly code: CacheWindowErrorCode;
  readonly requested: bigint;
  readonly window: { readonly floor: bigint; readonly last: bigint | null };

  constructor(code: CacheWindowErrorCode, requested: bigint, window: { floor: bigint; last: bigint | null }) {
    const range = `[${window.floor}, ${window.last ?? window.floor}]`;
    super(
      code,
      code === 'BEHIND_WINDOW'
        ? `position ${requested} is behind the transaction cache window ${range}`
        : `position ${requested} is beyond the transaction cache window ${range}`,
    );
    this.requested = requested;
    this.window = { floor: window.floor, last: window.last };
  }
}

export interface CacheStats {
  readonly transactions: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly firstLsn: bigint | null;
  readonly lastLsn: bigint | null;
  readonly floor: bigint;
  readonly evicted: number;
  readonly appended: number;
}

export interface ReadOptions {
  readonly signal?: AbortSignal;
}

/** An async iterator over the cache that can also be read without waiting. */
export interface CacheReader extends AsyncIterableIterator<Transaction> {
  /** The next transaction if the cache already holds it (no await); else undefined. Throws as next() would. */
  poll(): Transaction | undefined;
}

/** Compact the backing array once this many evicted slots lead it (and they are at least half of it). */
const COMPACT_AFTER = 1024;

export class TransactionCache {
  readonly maxBytes: number;
  private readonly startLsn: bigint;
  /** Retained transactions live in buf[head..]; slots before head are evicted (undefined). */
  private buf: (Transaction | undefined)[] = [];
  private head = 0;
  private bytes = 0;
  /** Transactions ever appended; also the sequence number the next append gets. */
  private appended = 0;
  private evicted = 0;
  private floorLsn: bigint;
  private last: bigint | null = null;
  /** How far the WAL has been read past the last transaction (no transaction in between). */
  private progress: bigint | null = null;
  /** Calls of reach() waiting: only they care about progress (readers wait for transactions). */
  private reaching = 0;
  private closed = false;
  /** One promise shared by every waiting reader, resolved (and dropped) by the next append or close. */
  private changed: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(options: { maxBytes: number; startLsn: bigint }) {
    if (!Number.isFinite(options.maxBytes) || options.maxBytes < 0) {
      throw new RangeError(`maxBytes must be a non-negative number, got ${options.maxBytes}`);
    }
    this.maxBytes = options.maxBytes;
    this.startLsn = options.startLsn;
    this.floorLsn = options.startLsn;
  }

  append(tx: Transaction): void {
    if (this.closed) throw new Error('transaction cache is closed');
    // startLsn counts as already seen: a tx at or before it would sit below the floor.
    const prev = this.last ?? this.startLsn;
    if (tx.lsn <= prev) {
      throw new RangeError(`transaction lsn ${tx.lsn} is not after the last known position ${prev}`);
    }
    this.buf.push(tx);
    this.bytes += tx.byteSize;
    this.appended++;
    this.last = tx.lsn;
    // Keep the newest even if it alone exceeds the bound: readers must be able to see it.
    while (this.bytes > this.maxBytes && this.buf.length - this.head > 1) this.evictOldest();
    this.wake();
  }

  get stats(): CacheStats {
    return {
      transactions: this.buf.length - this.head,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      firstLsn: this.buf[this.head]?.lsn ?? null,
      lastLsn: this.last,
      floor: this.floorLsn,
      evicted: this.evicted,
      appended: this.appended,
    };
  }

  /** The lowest position a reader may resume from: the LSN of the newest evicted tx, or startLsn if none evicted. */
  get floor(): bigint {
    return this.floorLsn;
  }

  get lastLsn(): bigint | null {
    return this.last;
  }

  /**
   * The WAL has been read up to `lsn` with no transaction after the last one:
   * a client may know such a position (e.g. from before a restart).
   */
  noteProgress(lsn: bigint): void {
    if (lsn <= this.reached) return;
    this.progress = lsn;
    if (this.reaching > 0) this.wake();
  }

  /** The newest position the cache can vouch for. */
  private get reached(): bigint {
    let upper = this.last !== null && this.last > this.floorLsn ? this.last : this.floorLsn;
    if (this.progress !== null && this.progress > upper) upper = this.progress;
    return upper;
  }

  /** Is `position` resumable? floor <= position <= max(lastLsn, floor, WAL read so far) */
  check(position: bigint): void {
    if (position < this.floorLsn) throw this.windowError('BEHIND_WINDOW', position);
    if (position > this.reached) throw this.windowError('INVALID_POSITION', position);
  }

  /**
   * Transactions with lsn > position, in order: first those in the cache, then
   * live ones as they are appended. Validates `position` with check() at the
   * first pull; a reader whose next tx was evicted before it pulled it gets
   * CacheWindowError('BEHIND_WINDOW').
   */
  read(position: bigint, options: ReadOptions = {}): CacheReader {
    return this.reader(position, null, options.signal);
  }

  /** Reader from the newest position (only transactions appended after this call). */
  readLive(options: ReadOptions = {}): CacheReader {
    return this.reader(this.last ?? this.floorLsn, this.appended, options.signal);
  }

  /**
   * Resolves true once the cache holds `position` (its newest transaction
   * is at or past it), false after `timeoutMs` or at close. A service that
   * just started re-reads the retained WAL: a client may know a position
   * the cache has not reached yet.
   */
  async reach(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.reached < position) {
      const left = deadline - Date.now();
      if (this.closed || left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      this.reaching++;
      try {
        await Promise.race([this.nextChange(), new Promise<void>((r) => (timer = setTimeout(r, left)))]);
      } finally {
        this.reaching--;
        clearTimeout(timer);
      }
    }
    return true;
  }

  /** Wake all waiting readers with an end (their iterators finish: done = true). */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private evictOldest(): void {
    const tx = this.buf[this.head];
    if (tx === undefined) return;
    this.buf[this.head] = undefined; // drop the reference so it can be collected
    this.head++;
    this.bytes -= tx.byteSize;
    this.floorLsn = tx.lsn;
    this.evicted++;
    // Amortised O(1): only compact once the dead prefix dominates the array.
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.buf.length) {
      this.buf.splice(0, this.head);
      this.head = 0;
    }
  }

  private wake(): void {
    const changed = this.changed;
    this.changed = null;
    changed?.resolve();
  }

  private nextChange(): Promise<void> {
    if (this.changed === null) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.changed = { promise, resolve };
    }
    return this.changed.promise;
  }

  private windowError(code: CacheWindowErrorCode, requested: bigint): CacheWindowError {
    return new CacheWindowError(code, requested, { floor: this.floorLsn, last: this.last });
  }

  /** Sequence number of the first retained tx with lsn > position (binary search; only for initial positioning). */
  private seqAfter(position: bigint): number {
    let lo = this.head;
    let hi = this.buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf[mid]!.lsn <= position) lo = mid + 1;
      else hi = mid;
    }
    return this.appended - (this.buf.length - lo);
  }

  /**
   * A hand-written iterator rather than an async generator: a generator cannot
   * be ended by return() while it is suspended in an await, and a waiting
   * reader must end promptly on return(), abort or close.
   */
  private reader(start: bigint, startSeq: number | null, signal: AbortSignal | undefined): CacheReader {
    let position = start; // LSN of the last tx yielded (for BEHIND_WINDOW reports)
    let nextSeq = startSeq; // null until the first pull positions the reader
    let finished = false;
    let cancelWait: (() => void) | null = null;
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined };

    const finish = (): IteratorReturnResult<undefined> => {
      finished = true;
      cancelWait?.();
      return done;
    };

    // Await the shared promise, but let abort/return() cut the wait short.
    const wait = (): Promise<void> =>
      new Promise<void>((resolve) => {
        const stop = (): void => {
          signal?.removeEventListener('abort', stop);
          if (cancelWait === stop) cancelWait = null;
          resolve();
        };
        cancelWait = stop;
        signal?.addEventListener('abort', stop);
        void this.nextChange().then(stop);
      });

    // The next transaction if the cache holds it; 'finished' when the reader
    // is; null when it must wait for an append.
    const take = (): Transaction | 'finished' | null => {
      if (finished || this.closed || signal?.aborted) {
        finish();
        return 'finished';
      }
      try {
        if (nextSeq === null) {
          this.check(position);
          nextSeq = this.seqAfter(position);
        }
        const firstSeq = this.appended - (this.buf.length - this.head);
        if (nextSeq < firstSeq) throw this.windowError('BEHIND_WINDOW', position);
        if (nextSeq >= this.appended) return null;
        const tx = this.buf[this.head + (nextSeq - firstSeq)]!;
        nextSeq++;
        position = tx.lsn;
        return tx;
      } catch (err) {
        finish(); // like a generator: a reader that threw is finished
        throw err;
      }
    };

    const next = async (): Promise<IteratorResult<Transaction>> => {
      for (;;) {
        const taken = take();
        if (taken === 'finished') return done;
        if (taken !== null) return { done: false, value: taken };
        await wait();
      }
    };

    const iterator: CacheReader = {
      next,
      poll: () => {
        const taken = take();
        return taken === null || taken === 'finished' ? undefined : taken;
      },
      return: async () => finish(),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
