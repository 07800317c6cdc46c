/**
 * The shared budget for checkpoint bytes: stores within it go at once, the
 * rest wait in order for the bucket to refill.
 */
import { describe, expect, it } from 'vitest';
import { CheckpointBudget } from '../../src/service/satellite/checkpoint-budget.js';

describe('CheckpointBudget', () => {
  it('lets a second of bytes through at once, then paces the rest in order', async () => {
    const budget = new CheckpointBudget(10_000);
    const t0 = Date.now();
    const done: number[] = [];
    await Promise.all([
      budget.acquire(6_000).then(() => done.push(1)),
      budget.acquire(4_000).then(() => done.push(2)),
      budget.acquire(2_000).then(() => done.push(3)),
    ]);
    const elapsed = Date.now() - t0;
    expect(done).toEqual([1, 2, 3]);
    // The third waited for 2,000 bytes of refill: about 200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(150);
  });

  it('does not starve a store larger than a second of budget', async () => {
    const budget = new CheckpointBudget(1_000);
    await budget.acquire(1_000);
    const t0 = Date.now();
    await budget.acquire(50_000); // waits for a full bucket, then goes
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});
