/**
 * A client's stream of writes (spec §3.5 item 7): its `SatRelation`s mapped
 * onto our schema, `SatOpLog` frames accumulated into whole transactions (a
 * transaction may span frames), every value checked against its column, and
 * primary keys immutable. A problem stops the stream with an InboundError
 * naming the transaction's LSN, the table, the column and the reason;
 * transactions completed before it are unaffected.
 */
import { decodeRow, type ISatOpLog, type ISatOpRow, type ISatRelation, type ISatTransOp } from '../../protocol/index.js';
import type { CatalogTable } from '../schema/catalog.js';
import { ElectricError } from '../../util/errors.js';
import { POSTGRES_ORIGIN } from '../replication/types.js';
import { clientValueToPg, ValueError } from './values.js';

export type ClientChangeKind = 'insert' | 'update' | 'delete' | 'compensation';

/** A tag a client observed: Unix ms and source (null for Postgres). */
export type ObservedTag = readonly [ms: number, source: string | null];

export interface ClientChange {
  readonly table: CatalogTable;
  readonly kind: ClientChangeKind;
  /** Postgres text per column of `table`, in its column order. */
  readonly values: readonly (string | null)[];
  /** Per non-primary-key column of `table`, in order: whether this change sets it. */
  readonly modified: readonly boolean[];
  readonly observed: readonly ObservedTag[];
}

export interface ClientTransaction {
  readonly clientId: string;
  /** The client's own position of this transaction (opaque bytes). */
  readonly lsn: Uint8Array;
  readonly commitTimestamp: number;
  readonly changes: readonly ClientChange[];
}

export type InboundErrorCode = 'UNKNOWN_TABLE' | 'UNKNOWN_COLUMN' | 'UNKNOWN_RELATION' | 'BAD_VALUE' | 'IMMUTABLE_PRIMARY_KEY' | 'BAD_STREAM' | 'TOO_LARGE';

export class InboundError extends ElectricError {
  constructor(
    code: InboundErrorCode,
    message: string,
    /** The client LSN of the transaction at fault, when there is one. */
    readonly lsn: Uint8Array | null = null,
  ) {
    super(code, message);
  }
}

/** Largest transaction (sum of value bytes) a client may send. */
export const MAX_TRANSACTION_BYTES = 64 * 1024 * 1024;

interface ClientRelation {
  readonly table: CatalogTable;
  /** For each column of the client's relation, the index of our column. */
  readonly toTable: readonly number[];
}

interface OpenTransaction {
  readonly lsn: Uint8Array;
  readonly commitTimestamp: number;
  readonly changes: ClientChange[];
  bytes: number;
}

export type TableLookup = (schema: string, table: string) => CatalogTable | undefined;

export class InboundStream {
  private readonly relations = new Map<number, ClientRelation>();
  private open: OpenTransaction | null = null;

  constructor(
    private readonly clientId: string,
    private readonly lookup: TableLookup,
    private readonly maxTransactionBytes = MAX_TRANSACTION_BYTES,
  ) {}

  /** Whether the client's relation names a table we do not know (yet). */
  knowsTable(rel: ISatRelation): boolean {
    return this.lookup(rel.schemaName || 'public', rel.tableName ?? '') !== undefined;
  }

  relation(rel: ISatRelation): void {
    const schema = rel.schemaName || 'public';
    const name = rel.tableName ?? '';
    const table = this.lookup(schema, name);
    if (!table) throw new InboundError('UNKNOWN_TABLE', `Unknown table "${schema}"."${name}": it is not electrified`);
    const toTable = (rel.columns ?? []).map((c) => {
      const i = table.columns.findIndex((col) => col.name === c.name);
      if (i < 0) throw new InboundError('UNKNOWN_COLUMN', `Unknown column "${c.name}" in table "${schema}"."${name}"`);
      return i;
    });
    for (const pk of table.pks) {
      if (!toTable.some((i) => table.columns[i]!.name === pk)) {
        throw new InboundError('UNKNOWN_COLUMN', `The relation for table "${schema}"."${name}" lacks primary key column "${pk}"`);
      }
    }
    this.relations.set(rel.relationId ?? 0, { table, toTable });
  }

  /** Feeds one SatOpLog; returns the transactions it completes. */
  opLog(log: ISatOpLog): ClientTransaction[] {
    const done: ClientTransaction[] = [];
    for (const op of log.ops ?? []) {
      const tx = this.op(op);
      if (tx) done.push(tx);
    }
    return done;
  }

  private op(op: ISatTransOp): ClientTransaction | null {
    if (op.begin) {
      if (this.open) throw new InboundError('BAD_STREAM', 'A transaction began before the previous one was committed', this.open.lsn);
      const lsn = op.begin.lsn ?? new Uint8Array();
      if (lsn.length === 0) throw new InboundError('BAD_STREAM', 'A client transaction must have a non-empty lsn');
      this.open = { lsn: new Uint8Array(lsn), commitTimestamp: Number(op.begin.commitTimestamp ?? 0), changes: [], bytes: 0 };
      return null;
    }
    const tx = this.open;
    if (!tx) throw new InboundError('BAD_STREAM', 'Received a transaction operation outside a transaction');
    if (op.commit) {
      this.open = null;
      return { clientId: this.clientId, lsn: tx.lsn, commitTimestamp: tx.commitTimestamp, changes: tx.changes };
    }
    let change: ClientChange;
    if (op.insert) {
      change = this.change(tx, 'insert', op.insert.relationId, op.insert.rowData, null, op.insert.tags);
    } else if (op.update) {
      // An update without its old row is how older clients sent compensations.
      change = op.update.oldRowData
        ? this.change(tx, 'update', op.update.relationId, op.update.rowData, op.update.oldRowData, op.update.tags)
        : this.change(tx, 'compensation', op.update.relationId, op.update.rowData, null, op.update.tags);
    } else if (op.delete) {
      change = this.change(tx, 'delete', op.delete.relationId, op.delete.oldRowData, null, op.delete.tags);
    } else if (op.compensation) {
      change = this.change(tx, 'compensation', op.compensation.relationId, op.compensation.pkData, null, op.compensation.tags);
    } else {
      const kind = Object.keys(op).find((k) => (op as Record<string, unknown>)[k] != null) ?? 'empty';
      throw new InboundError('BAD_STREAM', `Clients cannot send ${kind} operations`, tx.lsn);
    }
    tx.changes.push(change);
    return null;
  }

  private change(
    tx: OpenTransaction,
    kind: ClientChangeKind,
    relationId: number | null | undefined,
    row: ISatOpRow | null | undefined,
    oldRow: ISatOpRow | null | undefined,
    tags: string[] | null | undefined,
  ): ClientChange {
    const relation = this.relations.get(relationId ?? 0);
    if (!relation) throw new InboundError('UNKNOWN_RELATION', `Unknown relation id ${relationId ?? 0}: send its SatRelation first`, tx.lsn);
    const { table } = relation;
    if (!row) throw new InboundError('BAD_STREAM', `A ${kind} on table ${qualified(table)} has no row`, tx.lsn);
    const values = this.values(tx, relation, row, kind);
    let modified: boolean[];
    if (kind === 'insert') {
      modified = nonPkIndexes(table).map((i) => relation.toTable.includes(i));
    } else if (kind === 'update') {
      const old = this.values(tx, relation, oldRow!, 'delete');
      const changedPks = table.columns.filter((c, i) => c.isPk && old[i] !== values[i]).map((c) => c.name);
      if (changedPks.length > 0) {
        throw new InboundError(
          'IMMUTABLE_PRIMARY_KEY',
          `Applying transaction [LSN ${lsnText(tx.lsn)}] failed write validation tests for the following reason: ` +
            `Attempt to update table ${qualified(table)} primary key(s) [${changedPks.map((n) => `"${n}"`).join(', ')}] (ImmutablePrimaryKey)`,
          tx.lsn,
        );
      }
      modified = nonPkIndexes(table).map((i) => relation.toTable.includes(i) && old[i] !== values[i]);
    } else {
      modified = nonPkIndexes(table).map(() => false);
    }
    return { table, kind, values, modified, observed: this.tags(tx, table, tags ?? []) };
  }

  /** Our columns' Postgres text for a client row; checks types and NOT NULL. */
  private values(tx: OpenTransaction, relation: ClientRelation, row: ISatOpRow, kind: ClientChangeKind): (string | null)[] {
    const { table, toTable } = relation;
    let wire;
    try {
      wire = decodeRow(row, toTable.length);
    } catch (err) {
      throw new InboundError('BAD_STREAM', `Malformed row for table ${qualified(table)}: ${(err as Error).message}`, tx.lsn);
    }
    const out: (string | null)[] = table.columns.map(() => null);
    for (let i = 0; i < wire.length; i++) {
      const column = table.columns[toTable[i]!]!;
      const raw = wire[i]!;
      if (raw === null) continue;
      if (kind === 'compensation' && !column.isPk) continue; // only the key matters
      tx.bytes += raw.length;
      if (tx.bytes > this.maxTransactionBytes) {
        throw new InboundError('TOO_LARGE', `Transaction exceeds the limit of ${this.maxTransactionBytes} bytes`, tx.lsn);
      }
      try {
        out[toTable[i]!] = clientValueToPg(column, raw);
      } catch (err) {
        if (!(err instanceof ValueError)) throw err;
        throw new InboundError('BAD_VALUE', `Invalid value for column "${column.name}" of table ${qualified(table)}: the value ${err.message}`, tx.lsn);
      }
    }
    table.columns.forEach((column, i) => {
      if (out[i] !== null) return;
      if (column.isPk) throw new InboundError('BAD_VALUE', `Primary key column "${column.name}" of table ${qualified(table)} is NULL`, tx.lsn);
      // Deletes and compensations carry rows that are not written as such.
      if (!column.nullable && (kind === 'insert' || kind === 'update') && toTable.includes(i)) {
        throw new InboundError('BAD_VALUE', `Column "${column.name}" of table ${qualified(table)} is NOT NULL but the value is NULL`, tx.lsn);
      }
    });
    return out;
  }

  private tags(tx: OpenTransaction, table: CatalogTable, tags: readonly string[]): ObservedTag[] {
    return tags.map((tag) => {
      const at = tag.lastIndexOf('@');
      const ms = at > 0 ? Number(tag.slice(at + 1)) : NaN;
      if (!Number.isSafeInteger(ms) || ms < 0) throw new InboundError('BAD_VALUE', `Malformed tag ${JSON.stringify(tag)} on table ${qualified(table)}`, tx.lsn);
      const source = tag.slice(0, at);
      return [ms, source === POSTGRES_ORIGIN ? null : source] as const;
    });
  }
}

function nonPkIndexes(table: CatalogTable): number[] {
  const out: number[] = [];
  table.columns.forEach((c, i) => {
    if (!c.isPk) out.push(i);
  });
  return out;
}

function qualified(table: CatalogTable): string {
  return `"${table.schema}"."${table.name}"`;
}

/** A client LSN as the legacy messages print it (its bytes, comma-separated). */
function lsnText(lsn: Uint8Array): string {
  return `<<${[...lsn].join(', ')}>>`;
}
