/**
 * Which rows a connection's client holds, and for which subscriptions: a
 * row stays on the client while at least one subscription still wants it
 * (reference counting), so overlapping shapes send a row once and remove it
 * only when the last one lets go.
 */
export type RowKey = string;

export function rowKey(table: string, pkValues: readonly (string | null)[]): RowKey {
  return `${table}\u0000${JSON.stringify(pkValues)}`;
}

export class HeldRows {
  private readonly holders = new Map<RowKey, Set<string>>();

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
    set.add(subscription);
    return isNew;
  }

  /** The subscription lets go of the row; true when no subscription holds it any more. */
  release(key: RowKey, subscription: string): boolean {
    const set = this.holders.get(key);
    if (!set) return false;
    set.delete(subscription);
    if (set.size > 0) return false;
    this.holders.delete(key);
    return true;
  }

  /** The row is gone for everyone (deleted). */
  drop(key: RowKey): boolean {
    return this.holders.delete(key);
  }

  /** Keys whose last holder was `subscription`, removed; keys it shared lose it. */
  releaseSubscription(subscription: string): RowKey[] {
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
