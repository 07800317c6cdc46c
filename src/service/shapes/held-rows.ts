/**
 * Which rows a connection's client holds, and for which subscriptions: a
 * row stays on the client while at least one subscription still wants it
 * (reference counting), so overlapping shapes send a row once and remove it
 * only when the last one lets go.
 */
export type RowKey = string;

export function rowKey(table: string, pkValues: readonly (string | null)[]): RowKey {
  return `${table}\u001f${JSON.stringify(pkValues)}`;
}

/** One change to the record, so that a checkpoint can replay it. */
export type HeldChange =
  | readonly ['hold', RowKey, string]
  | readonly ['release', RowKey, string]
  | readonly ['drop', RowKey]
  | readonly ['releaseSubscription', string];

export class HeldRows {
  private readonly holders = new Map<RowKey, Set<string>>();
  /** Receives every change when set (the session journals them for checkpoints). */
  onChange: ((change: HeldChange) => void) | null = null;

  /** Replays a journalled change. */
  applyChange(change: HeldChange): void {
    switch (change[0]) {
      case 'hold':
        this.hold(change[1], change[2]);
        return;
      case 'release':
        this.release(change[1], change[2]);
        return;
      case 'drop':
        this.drop(change[1]);
        return;
      case 'releaseSubscription':
        this.releaseSubscription(change[1]);
        return;
    }
  }

  keysOf(subscription: string): RowKey[] {
    return [...this.holders].filter(([, s]) => s.has(subscription)).map(([k]) => k);
  }

  get size(): number {
    return this.holders.size;
  }

  isHeld(key: RowKey): boolean {
    return this.holders.has(key);
  }

  holdersOf(key: RowKey): ReadonlySet<string> | undefined {
    return this.holders.get(key);
  }

  /** Records that `subscription` wants the row; true when the client did not hold it before. */
  hold(key: RowKey, subscription: string): boolean {
    let set = this.holders.get(key);
    const isNew = set === undefined;
    if (!set) this.holders.set(key, (set = new Set()));
    if (!set.has(subscription)) {
      set.add(subscription);
      this.onChange?.(['hold', key, subscription]);
    }
    return isNew;
  }

  /** The subscription lets go of the row; true when no subscription holds it any more. */
  release(key: RowKey, subscription: string): boolean {
    const set = this.holders.get(key);
    if (!set || !set.has(subscription)) return false;
    this.onChange?.(['release', key, subscription]);
    set.delete(subscription);
    if (set.size > 0) return false;
    this.holders.delete(key);
    return true;
  }

  /** The row is gone for everyone (deleted). */
  drop(key: RowKey): boolean {
    if (!this.holders.has(key)) return false;
    this.onChange?.(['drop', key]);
    return this.holders.delete(key);
  }

  /** Keys whose last holder was `subscription`, removed; keys it shared lose it. */
  releaseSubscription(subscription: string): RowKey[] {
    this.onChange?.(['releaseSubscription', subscription]);
    const orphaned: RowKey[] = [];
    for (const [key, set] of this.holders) {
      if (!set.delete(subscription)) continue;
      if (set.size === 0) {
        this.holders.delete(key);
        orphaned.push(key);
      }
    }
    return orphaned;
  }

  toJSON(): [RowKey, string[]][] {
    return [...this.holders].map(([k, s]) => [k, [...s]]);
  }

  static fromJSON(entries: [RowKey, string[]][]): HeldRows {
    const rows = new HeldRows();
    for (const [key, subs] of entries) for (const s of subs) rows.hold(key, s);
    return rows;
  }
}
