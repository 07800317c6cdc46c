/**
 * Events per second over a sliding window, in one-second buckets: marking
 * is O(1) on the hot path, reading sums at most the window.
 */
export class RateMeter {
  /** Every event marked since creation (a Prometheus counter reads it). */
  total = 0;
  private readonly buckets: Float64Array;
  private readonly seconds: Float64Array;

  constructor(private readonly horizonSeconds = 60) {
    this.buckets = new Float64Array(horizonSeconds);
    this.seconds = new Float64Array(horizonSeconds).fill(-1);
  }

  mark(count = 1, now = Date.now()): void {
    this.total += count;
    const second = Math.floor(now / 1000);
    const i = second % this.horizonSeconds;
    if (this.seconds[i] !== second) {
      this.seconds[i] = second;
      this.buckets[i] = 0;
    }
    this.buckets[i]! += count;
  }

  /** Average per second over the last `windowSeconds` complete seconds plus the current one. */
  perSecond(windowSeconds = 10, now = Date.now()): number {
    const current = Math.floor(now / 1000);
    const window = Math.min(windowSeconds, this.horizonSeconds);
    let total = 0;
    for (let s = current - window + 1; s <= current; s++) {
      const i = ((s % this.horizonSeconds) + this.horizonSeconds) % this.horizonSeconds;
      if (this.seconds[i] === s) total += this.buckets[i]!;
    }
    return total / window;
  }
}
