/**
 * Filters captured transactions for one connection's subscriptions: which
 * changes its client receives, as inserts (also for rows that move into a
 * shape), updates, deletes, or GONE for rows that leave every shape.
 *
 * Subscriptions are indexed by table, so a change only meets the shapes of
 * its own table. A subscription whose initial data came from a snapshot
 * ignores the transactions that snapshot already saw, until its marker
 * (the magic write made after the snapshot) passes in the stream.
 */
import type { Row, Transaction } from '../replication/types.js';
import type { CatalogTable } from '../schema/catalog.js';
import { HeldRows, rowKey, type RowKey } from './held-rows.js';
import { visibleIn, type ShapeRequest, type Subscription, type XidSnapshot } from './shape.js';

/**
 * An op for the client. `change` is the index of the transaction's change it
 * comes from (-1 for ops not made from a transaction, e.g. an unsubscribe's
 * GONE): two connections whose ops name the same changes with the same kinds
 * receive the same bytes, so a transaction's frame can be encoded once.
 */
export type OutOp =
  | { readonly kind: 'insert' | 'update'; readonly change: number; readonly table: CatalogTable; readonly record: Row; readonly oldRecord: Row | null; readonly tags: readonly string[] }
  | { readonly kind: 'delete'; readonly change: number; readonly table: CatalogTable; readonly oldRecord: Row; readonly tags: readonly string[] }
  | { readonly kind: 'gone'; readonly change: number; readonly table: CatalogTable; readonly pk: Row };

export type TableLookup = (schema: string, table: string) => CatalogTable | undefined;

/** What one shape request of a subscription holds on the client (for the status figures). */
export interface ShapeHolding {
  readonly subscriptionId: string;
  readonly schema: string;
  readonly table: string;
  readonly where: string;
  readonly rowsHeld: number;
}

interface Entry {
  readonly subscription: string;
  readonly request: ShapeRequest;
}

/**
 * A table's shapes: those with a top-level `this.col = constant` condition
 * are indexed by it, so a change only meets the shapes whose constant is its
 * value (new or old); the rest are checked one by one.
 */
class TableShapes {
  readonly unindexed: Entry[] = [];
  readonly byEquality = new Map<string, Map<string, Entry[]>>();

  add(entry: Entry): void {
    const eq = entry.request.where?.equalities[0];
    if (!eq) {
      this.unindexed.push(entry);
      return;
    }
    let byValue = this.byEquality.get(eq.column);
    if (!byValue) this.byEquality.set(eq.column, (byValue = new Map()));
    const list = byValue.get(eq.value) ?? [];
    list.push(entry);
    byValue.set(eq.value, list);
  }

  remove(subscription: string): void {
    const keep = (list: Entry[]): Entry[] => list.filter((e) => e.subscription !== subscription);
    this.unindexed.splice(0, this.unindexed.length, ...keep(this.unindexed));
    for (const byValue of this.byEquality.values()) {
      for (const [value, list] of byValue) {
        const kept = keep(list);
        if (kept.length === 0) byValue.delete(value);
        else byValue.set(value, kept);
      }
    }
  }

  get empty(): boolean {
    return this.unindexed.length === 0 && [...this.byEquality.values()].every((m) => m.size === 0);
  }

  /** Shapes a change with these rows can concern. */
  candidates(record: Row | null, oldRecord: Row | null): Entry[] {
    if (this.byEquality.size === 0) return this.unindexed;
    const found = new Set<Entry>(this.unindexed);
    for (const [column, byValue] of this.byEquality) {
      for (const row of [record, oldRecord]) {
        const v = row?.[column];
        if (typeof v === 'string') for (const e of byValue.get(v) ?? []) found.add(e);
      }
    }
    return [...found];
  }
}

export const MAGIC_WRITE_MARKER = 'magic write';

export function tableKey(schema: string, table: string): string {
  return `${schema}.${table}`;
}

export function pkValues(table: CatalogTable, row: Row): (string | null)[] {
  return table.pks.map((c) => {
    const v = row[c];
    return v === null || v === undefined ? null : typeof v === 'string' ? v : Buffer.from(v).toString('hex');
  });
}

export class ShapeFilter {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly byTable = new Map<string, TableShapes>();
  private readonly snapshots = new Map<string, XidSnapshot>();

  constructor(
    readonly held: HeldRows,
    private readonly lookup: TableLookup,
  ) {}

  has(subscriptionId: string): boolean {
    return this.subscriptions.has(subscriptionId);
  }

  get subscriptionIds(): string[] {
    return [...this.subscriptions.keys()];
  }

  subscription(id: string): Subscription | undefined {
    return this.subscriptions.get(id);
  }

  /**
   * Rows held per shape request. A subscription of one request (the usual
   * case) reads its kept count; one spanning several tables splits its keys
   * by table, which costs a pass over its rows (on request only).
   */
  holdings(): ShapeHolding[] {
    const out: ShapeHolding[] = [];
    for (const subscription of this.subscriptions.values()) {
      const requests = subscription.requests;
      let perTable: Map<string, number> | null = null;
      if (requests.length > 1) {
        perTable = new Map();
        for (const key of this.held.keysOf(subscription.id)) {
          const table = key.slice(0, key.indexOf('\u001f'));
          perTable.set(table, (perTable.get(table) ?? 0) + 1);
        }
      }
      for (const r of requests) {
        const rowsHeld = perTable ? (perTable.get(tableKey(r.table.schema, r.table.name)) ?? 0) : this.held.countOf(subscription.id);
        out.push({ subscriptionId: subscription.id, schema: r.table.schema, table: r.table.name, where: r.whereText, rowsHeld });
      }
    }
    return out;
  }

  /** Activates a subscription; with a snapshot, transactions it saw are skipped for it. */
  add(subscription: Subscription, snapshot: XidSnapshot | null): void {
    this.subscriptions.set(subscription.id, subscription);
    for (const request of subscription.requests) {
      const key = tableKey(request.table.schema, request.table.name);
      let shapes = this.byTable.get(key);
      if (!shapes) this.byTable.set(key, (shapes = new TableShapes()));
      shapes.add({ subscription: subscription.id, request });
    }
    if (snapshot) this.snapshots.set(subscription.id, snapshot);
  }

  /** Removes a subscription; returns GONE ops for rows no other subscription holds. */
  remove(subscriptionId: string): OutOp[] {
    if (!this.subscriptions.delete(subscriptionId)) return [];
    this.snapshots.delete(subscriptionId);
    for (const [key, shapes] of this.byTable) {
      shapes.remove(subscriptionId);
      if (shapes.empty) this.byTable.delete(key);
    }
    return this.held.releaseSubscription(subscriptionId).flatMap((key) => this.goneFor(key));
  }

  /** The ops this connection's client gets for a transaction (possibly none). */
  apply(tx: Transaction): OutOp[] {
    const ops: OutOp[] = [];
    const changes = tx.changes;
    for (let index = 0; index < changes.length; index++) {
      const change = changes[index]!;
      const shapes = this.byTable.get(tableKey(change.relation.schema, change.relation.table));
      if (!shapes) continue;
      const table = this.lookup(change.relation.schema, change.relation.table);
      if (!table) continue;
      if (change.kind === 'delete') {
        // A delete concerns whoever holds the row, not which shapes match it.
        if (change.oldRecord) this.deleteRow(index, table, change.oldRecord, change.tags, ops);
        continue;
      }
      const active = shapes.candidates(change.record, change.oldRecord).filter((e) => {
        const snapshot = this.snapshots.get(e.subscription);
        return !snapshot || !visibleIn(snapshot, tx.xid);
      });
      const record = change.record!;
      const oldKey = change.oldRecord ? sharedRowKey(table, change.oldRecord) : null;
      const newKey = sharedRowKey(table, record);
      if (oldKey !== null && oldKey !== newKey) {
        // The primary key changed (a Postgres write): the old row is gone.
        if (this.held.drop(oldKey)) ops.push({ kind: 'gone', change: index, table, pk: pkRow(table, change.oldRecord!) });
      }
      const wasHeld = this.held.isHeld(newKey);
      for (const { subscription, request } of active) {
        if (!request.where || request.where.matches(record)) this.held.hold(newKey, subscription);
        else this.held.release(newKey, subscription);
      }
      const heldNow = this.held.isHeld(newKey);
      if (heldNow && !wasHeld) ops.push({ kind: 'insert', change: index, table, record, oldRecord: null, tags: change.tags });
      else if (heldNow) ops.push({ kind: change.kind === 'insert' ? 'insert' : 'update', change: index, table, record, oldRecord: change.oldRecord, tags: change.tags });
      else if (wasHeld) ops.push({ kind: 'gone', change: index, table, pk: pkRow(table, record) });
    }
    this.retireSnapshots(tx);
    return ops;
  }

  /**
   * Records a subscription's initial data rows as held by it (one change for
   * the record); `fresh[i]` says whether the client did not hold row i yet.
   */
  admitInitialRows(subscriptionId: string, table: CatalogTable, records: readonly Row[]): { fresh: boolean[]; keys: RowKey[] } {
    const prefix = tableKey(table.schema, table.name);
    const keys = new Array<RowKey>(records.length);
    for (let i = 0; i < records.length; i++) keys[i] = rowKey(prefix, pkValues(table, records[i]!));
    return { fresh: this.held.holdAll(keys, subscriptionId), keys };
  }

  private deleteRow(index: number, table: CatalogTable, oldRecord: Row, tags: readonly string[], ops: OutOp[]): void {
    const key = sharedRowKey(table, oldRecord);
    if (this.held.drop(key)) ops.push({ kind: 'delete', change: index, table, oldRecord, tags });
  }

  /** A subscription's marker passing means no later transaction was in its snapshot. */
  private retireSnapshots(tx: Transaction): void {
    if (this.snapshots.size === 0) return;
    for (const marker of tx.markers) {
      if (marker.id !== MAGIC_WRITE_MARKER || !marker.content) continue;
      try {
        const { subscription } = JSON.parse(marker.content) as { subscription?: unknown };
        if (typeof subscription === 'string') this.snapshots.delete(subscription);
      } catch {
        // someone else's marker content
      }
    }
  }

  private goneFor(key: RowKey): OutOp[] {
    const [tablePart, pkJson] = key.split('\u001f');
    const dot = tablePart?.indexOf('.') ?? -1;
    if (!tablePart || !pkJson || dot < 0) return [];
    const table = this.lookup(tablePart.slice(0, dot), tablePart.slice(dot + 1));
    if (!table) return [];
    const values = JSON.parse(pkJson) as (string | null)[];
    const pk: Row = {};
    table.pks.forEach((c, i) => (pk[c] = values[i] ?? null));
    return [{ kind: 'gone', change: -1, table, pk }];
  }
}

/**
 * Keys of the rows of cached transactions, computed once for every
 * connection (the records are shared; a key depends only on the record).
 * Kept on the record under a symbol, which no serialisation sees: a
 * WeakMap lookup per connection per change cost more than the rest of the
 * check.
 */
const ROW_KEY = Symbol('rowKey');

function sharedRowKey(table: CatalogTable, record: Row): RowKey {
  const keyed = record as Row & { [ROW_KEY]?: RowKey };
  let key = keyed[ROW_KEY];
  if (key === undefined) {
    key = rowKey(tableKey(table.schema, table.name), pkValues(table, record));
    // Not enumerable: comparisons and copies of the record do not see it either.
    Object.defineProperty(keyed, ROW_KEY, { value: key, enumerable: false });
  }
  return key;
}

function pkRow(table: CatalogTable, record: Row): Row {
  const pk: Row = {};
  for (const c of table.pks) pk[c] = record[c] ?? null;
  return pk;
}
