import { describe, expect, it } from 'vitest';
import { HeldRows, type HeldChange } from '../../src/service/shapes/held-rows.js';

describe('HeldRows', () => {
  it('counts holders per row, shared rows leaving with their last holder', () => {
    const held = new HeldRows();
    expect(held.hold('a', 's1')).toBe(true);
    expect(held.hold('a', 's2')).toBe(false);
    expect(held.hold('a', 's2')).toBe(false);
    expect(held.holdAll(['a', 'b'], 's3')).toEqual([false, true]);
    expect(held.release('a', 's1')).toBe(false);
    expect(held.release('a', 's2')).toBe(false);
    expect(held.keysOf('s3').sort()).toEqual(['a', 'b']);
    expect(held.releaseSubscription('s3').sort()).toEqual(['a', 'b']);
    expect(held.size).toBe(0);
    held.hold('c', 's1');
    held.hold('c', 's2');
    expect(held.releaseSubscription('s1')).toEqual([]);
    expect(held.release('c', 's2')).toBe(true);
    expect(held.isHeld('c')).toBe(false);
  });

  it('replays its journal into an equal record', () => {
    const live = new HeldRows();
    const journal: HeldChange[] = [];
    live.onChange = (change) => journal.push(change);
    live.holdAll(['k1', 'k2', 'k3'], 's1');
    live.hold('k2', 's2');
    live.release('k1', 's1');
    live.drop('k3');
    live.holdAll(['k2', 'k4'], 's2');
    live.releaseSubscription('s1');
    const copy = new HeldRows();
    for (const change of journal) copy.applyChange(change);
    expect(copy.toJSON()).toEqual(live.toJSON());
    expect(HeldRows.fromJSON(live.toJSON()).toJSON()).toEqual([
      ['k2', ['s2']],
      ['k4', ['s2']],
    ]);
  });

  it('counts the rows each subscription holds through every kind of change', () => {
    const held = new HeldRows();
    held.holdAll(['a', 'b', 'c'], 's1');
    held.hold('a', 's2');
    held.hold('a', 's2');
    expect([held.countOf('s1'), held.countOf('s2')]).toEqual([3, 1]);
    held.release('b', 's1');
    held.drop('a');
    expect([held.countOf('s1'), held.countOf('s2')]).toEqual([1, 0]);
    held.holdAll(['c', 'd'], 's2');
    held.releaseSubscription('s1');
    expect([held.countOf('s1'), held.countOf('s2')]).toEqual([0, 2]);
    // The count always equals what keysOf enumerates.
    expect(held.keysOf('s2').length).toBe(held.countOf('s2'));
    expect(HeldRows.fromJSON(held.toJSON()).countOf('s2')).toBe(2);
  });
});
