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

export type OutOp =
  | { readonly kind: 'insert' | 'update'; readonly table: CatalogTable; readonly record: Row; readonly oldRecord: Row | null; readonly tags: readonly string[] }
  | { readonly kind: 'delete'; readonly table: CatalogTable; readonly oldRecord: Row; readonly tags: readonly string[] }
  | { readonly kind: 'gone'; readonly table: CatalogTable; readonly pk: Row };

export type TableLookup = (schema: string, table: string) => CatalogTable | undefined;

interface Entry {
  readonly subscription: string;
  readonly request: ShapeRequest;
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
  private readonly byTable = new Map<string, Entry[]>();
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

  /** Activates a subscription; with a snapshot, transactions it saw are skipped for it. */
  add(subscription: Subscription, snapshot: XidSnapshot | null): void {
    this.subscriptions.set(subscription.id, subscription);
    for (const request of subscription.requests) {
      const key = tableKey(request.table.schema, request.table.name);
      const entries = this.byTable.get(key) ?? [];
      entries.push({ subscription: subscription.id, request });
      this.byTable.set(key, entries);
    }
    if (snapshot) this.snapshots.set(subscription.id, snapshot);
  }

  /** Removes a subscription; returns GONE ops for rows no other subscription holds. */
  remove(subscriptionId: string): OutOp[] {
    if (!this.subscriptions.delete(subscriptionId)) return [];
    this.snapshots.delete(subscriptionId);
    for (const [key, entries] of this.byTable) {
      const kept = entries.filter((e) => e.subscription !== subscriptionId);
      if (kept.length === 0) this.byTable.delete(key);
      else this.byTable.set(key, kept);
    }
    return this.held.releaseSubscription(subscriptionId).flatMap((key) => this.goneFor(key));
  }

  /** The ops this connection's client gets for a transaction (possibly none). */
  apply(tx: Transaction): OutOp[] {
    const ops: OutOp[] = [];
    for (const change of tx.changes) {
      const entries = this.byTable.get(tableKey(change.relation.schema, change.relation.table));
      if (!entries) continue;
      const table = this.lookup(change.relation.schema, change.relation.table);
      if (!table) continue;
      const active = entries.filter((e) => {
        const snapshot = this.snapshots.get(e.subscription);
        return !snapshot || !visibleIn(snapshot, tx.xid);
      });
      if (change.kind === 'delete') {
        if (change.oldRecord) this.deleteRow(table, change.oldRecord, change.tags, ops);
        continue;
      }
      const record = change.record!;
      const oldKey = change.oldRecord ? rowKey(tableKey(table.schema, table.name), pkValues(table, change.oldRecord)) : null;
      const newKey = rowKey(tableKey(table.schema, table.name), pkValues(table, record));
      if (oldKey !== null && oldKey !== newKey) {
        // The primary key changed (a Postgres write): the old row is gone.
        if (this.held.drop(oldKey)) ops.push({ kind: 'gone', table, pk: pkRow(table, change.oldRecord!) });
      }
      const wasHeld = this.held.isHeld(newKey);
      for (const { subscription, request } of active) {
        if (!request.where || request.where.matches(record)) this.held.hold(newKey, subscription);
        else this.held.release(newKey, subscription);
      }
      const heldNow = this.held.isHeld(newKey);
      if (heldNow && !wasHeld) ops.push({ kind: 'insert', table, record, oldRecord: null, tags: change.tags });
      else if (heldNow) ops.push({ kind: change.kind === 'insert' ? 'insert' : 'update', table, record, oldRecord: change.oldRecord, tags: change.tags });
      else if (wasHeld) ops.push({ kind: 'gone', table, pk: pkRow(table, record) });
    }
    this.retireSnapshots(tx);
    return ops;
  }

  /** Rows of a subscription's initial data that the client does not hold yet. */
  admitInitialRow(subscriptionId: string, table: CatalogTable, record: Row): boolean {
    return this.held.hold(rowKey(tableKey(table.schema, table.name), pkValues(table, record)), subscriptionId);
  }

  private deleteRow(table: CatalogTable, oldRecord: Row, tags: readonly string[], ops: OutOp[]): void {
    const key = rowKey(tableKey(table.schema, table.name), pkValues(table, oldRecord));
    if (this.held.drop(key)) ops.push({ kind: 'delete', table, oldRecord, tags });
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
    return [{ kind: 'gone', table, pk }];
  }
}

function pkRow(table: CatalogTable, record: Row): Row {
  const pk: Row = {};
  for (const c of table.pks) pk[c] = record[c] ?? null;
  return pk;
}
