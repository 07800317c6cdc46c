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
  | readonly ['holdAll', readonly RowKey[], string]
  | readonly ['release', RowKey, string]
  | readonly ['drop', RowKey]
  | readonly ['releaseSubscription', string];

/**
 * Holders of one row: the subscription id itself when there is one (almost
 * always), a Set when shapes overlap. Connections hold many rows each, so
 * the common case allocates nothing but the map entry.
 */
type Holders = string | Set<string>;

function has(holders: Holders, subscription: string): boolean {
  return typeof holders === 'string' ? holders === subscription : holders.has(subscription);
}

export class HeldRows {
  private readonly holders = new Map<RowKey, Holders>();
  /** Rows held per subscription, kept as rows are held and let go (read by the status figures). */
  private readonly counts = new Map<string, number>();
  /** Receives every change when set (the session journals them for checkpoints). */
  onChange: ((change: HeldChange) => void) | null = null;

  /** Replays a journalled change. */
  applyChange(change: HeldChange): void {
    switch (change[0]) {
      case 'hold':
        this.hold(change[1], change[2]);
        return;
      case 'holdAll':
        this.holdAll(change[1], change[2]);
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
    const keys: RowKey[] = [];
    for (const [key, holders] of this.holders) if (has(holders, subscription)) keys.push(key);
    return keys;
  }

  get size(): number {
    return this.holders.size;
  }

  /** How many rows `subscription` holds. */
  countOf(subscription: string): number {
    return this.counts.get(subscription) ?? 0;
  }

  isHeld(key: RowKey): boolean {
    return this.holders.has(key);
  }

  holdersOf(key: RowKey): ReadonlySet<string> | undefined {
    const holders = this.holders.get(key);
    return holders === undefined ? undefined : typeof holders === 'string' ? new Set([holders]) : holders;
  }

  /** Records that `subscription` wants the row; true when the client did not hold it before. */
  hold(key: RowKey, subscription: string): boolean {
    const added = this.add(key, subscription);
    if (added !== 'already') {
      this.count(subscription, 1);
      this.onChange?.(['hold', key, subscription]);
    }
    return added === 'new';
  }

  /**
   * `hold` for many rows, reported as one change (a subscription's initial
   * data); returns, per key, whether the client did not hold the row before.
   */
  holdAll(keys: readonly RowKey[], subscription: string): boolean[] {
    const fresh = new Array<boolean>(keys.length);
    let added = 0;
    for (let i = 0; i < keys.length; i++) {
      const result = this.add(keys[i]!, subscription);
      fresh[i] = result === 'new';
      if (result !== 'already') added++;
    }
    this.count(subscription, added);
    if (keys.length > 0) this.onChange?.(['holdAll', keys, subscription]);
    return fresh;
  }

  /** The subscription lets go of the row; true when no subscription holds it any more. */
  release(key: RowKey, subscription: string): boolean {
    const holders = this.holders.get(key);
    if (holders === undefined || !has(holders, subscription)) return false;
    this.onChange?.(['release', key, subscription]);
    this.count(subscription, -1);
    if (typeof holders !== 'string') {
      holders.delete(subscription);
      if (holders.size === 1) this.holders.set(key, holders.values().next().value!);
      return false;
    }
    this.holders.delete(key);
    return true;
  }

  /** The row is gone for everyone (deleted). */
  drop(key: RowKey): boolean {
    const holders = this.holders.get(key);
    if (holders === undefined) return false;
    this.onChange?.(['drop', key]);
    if (typeof holders === 'string') this.count(holders, -1);
    else for (const subscription of holders) this.count(subscription, -1);
    return this.holders.delete(key);
  }

  /** Keys whose last holder was `subscription`, removed; keys it shared lose it. */
  releaseSubscription(subscription: string): RowKey[] {
    this.onChange?.(['releaseSubscription', subscription]);
    this.counts.delete(subscription);
    const orphaned: RowKey[] = [];
    for (const [key, holders] of this.holders) {
      if (typeof holders === 'string') {
        if (holders !== subscription) continue;
        this.holders.delete(key);
        orphaned.push(key);
      } else if (holders.delete(subscription) && holders.size === 1) {
        this.holders.set(key, holders.values().next().value!);
      }
    }
    return orphaned;
  }

  toJSON(): [RowKey, string[]][] {
    const out: [RowKey, string[]][] = [];
    for (const [key, holders] of this.holders) out.push([key, typeof holders === 'string' ? [holders] : [...holders]]);
    return out;
  }

  static fromJSON(entries: [RowKey, string[]][]): HeldRows {
    const rows = new HeldRows();
    for (const [key, subs] of entries) for (const s of subs) rows.hold(key, s);
    return rows;
  }

  /** Adds a holder without reporting or counting it: 'new' row, 'added' holder, or 'already' held by it. */
  private add(key: RowKey, subscription: string): 'new' | 'added' | 'already' {
    const holders = this.holders.get(key);
    if (holders === undefined) {
      this.holders.set(key, subscription);
      return 'new';
    }
    if (typeof holders === 'string') {
      if (holders === subscription) return 'already';
      this.holders.set(key, new Set([holders, subscription]));
      return 'added';
    }
    if (holders.has(subscription)) return 'already';
    holders.add(subscription);
    return 'added';
  }

  private count(subscription: string, delta: number): void {
    if (delta === 0) return;
    const n = (this.counts.get(subscription) ?? 0) + delta;
    if (n > 0) this.counts.set(subscription, n);
    else this.counts.delete(subscription);
  }
}
