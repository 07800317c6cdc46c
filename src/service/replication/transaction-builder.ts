/**
 * Builds whole transactions from decoded pgoutput messages.
 *
 * Shadow-table rows are folded into the change of the row they shadow (its
 * tags), and the transaction takes its commit timestamp and origin from the
 * shadow rows' tag: that is the tag clients compute for the write. Electric's
 * own tables never come out as data: captured DDL becomes migrations,
 * markers and acknowledged client positions become fields of the
 * transaction.
 */
import {
  UNCHANGED_TOAST,
  pgTimeToUnixMs,
  type PgOutputMessage,
  type PgRelation,
  type TupleValue,
} from './pgoutput.js';
import { POSTGRES_ORIGIN, type ColumnValue, type DataChange, type Migration, type ReferencedRecord, type Row, type Transaction } from './types.js';
import { convertValue, formatTag, hexByteaToBytes, parseTag, parseTagArray, type PgTag } from './values.js';

export const FK_CHAIN_TOUCH_PREFIX = 'electric.fk_chain_touch';

const ELECTRIC_SCHEMA = 'electric';
const SHADOW_PREFIX = 'shadow__';

type RelationKind =
  | { kind: 'data' }
  | { kind: 'shadow'; mainName: string }
  | { kind: 'internal'; table: string };

interface PendingChange {
  readonly kind: DataChange['kind'];
  readonly relation: PgRelation;
  readonly newTuple: TupleValue[] | null;
  readonly oldTuple: TupleValue[] | null;
}

interface ShadowState {
  tags: string;
  isDelete: boolean;
}

interface Pending {
  readonly xid: number;
  readonly beginCommitTime: bigint;
  readonly changes: PendingChange[];
  readonly shadowRows: { relation: PgRelation; mainName: string; row: TupleValue[]; deleted: boolean }[];
  lastShadowTag: string | null;
  readonly ddl: string[];
  version: string | null;
  readonly markers: { id: string; content: string | null }[];
  readonly clientLsns: { clientId: string; lsn: Uint8Array }[];
  readonly referenced: ReferencedRecord[];
  byteSize: number;
}

export type WarningSink = (message: string, fields?: Record<string, unknown>) => void;

/** Per-change and per-transaction overheads for the cache's size estimate. */
const CHANGE_OVERHEAD = 96;
const TX_OVERHEAD = 256;

export class TransactionBuilder {
  private pending: Pending | null = null;
  private readonly kinds = new WeakMap<PgRelation, RelationKind>();
  /** Latest Relation seen per qualified name (to find a shadow's columns). */
  private readonly byName = new Map<string, PgRelation>();

  constructor(private readonly warn: WarningSink = () => {}) {}

  get inTransaction(): boolean {
    return this.pending !== null;
  }

  /** Feeds one message; returns the finished transaction at its commit. */
  handle(msg: PgOutputMessage): Transaction | null {
    switch (msg.tag) {
      case 'begin':
        this.pending = {
          xid: msg.xid,
          beginCommitTime: msg.commitTime,
          changes: [],
          shadowRows: [],
          lastShadowTag: null,
          ddl: [],
          version: null,
          markers: [],
          clientLsns: [],
          referenced: [],
          byteSize: TX_OVERHEAD,
        };
        return null;
      case 'relation':
        this.byName.set(`${msg.relation.schema}.${msg.relation.table}`, msg.relation);
        return null;
      case 'insert':
        this.row(msg.relation, 'insert', msg.new, null);
        return null;
      case 'update':
        this.row(msg.relation, 'update', msg.new, msg.old);
        return null;
      case 'delete':
        this.row(msg.relation, 'delete', null, msg.old);
        return null;
      case 'truncate':
        this.warn('TRUNCATE is not replicated to clients', { tables: msg.relations.map((r) => `${r.schema}.${r.table}`) });
        return null;
      case 'message':
        if (msg.transactional && msg.prefix === FK_CHAIN_TOUCH_PREFIX) this.referencedRecord(msg.content);
        return null;
      case 'commit':
        return this.commit(msg.endLsn, msg.commitTime);
      case 'origin':
      case 'type':
        return null;
    }
  }

  private tx(): Pending {
    if (!this.pending) throw new Error('pgoutput change outside a transaction');
    return this.pending;
  }

  private kindOf(relation: PgRelation): RelationKind {
    let kind = this.kinds.get(relation);
    if (!kind) {
      if (relation.schema !== ELECTRIC_SCHEMA) kind = { kind: 'data' };
      else if (relation.table.startsWith(SHADOW_PREFIX)) kind = { kind: 'shadow', mainName: shadowToMain(relation.table) };
      else kind = { kind: 'internal', table: relation.table };
      this.kinds.set(relation, kind);
    }
    return kind;
  }

  private row(relation: PgRelation, kind: DataChange['kind'], newTuple: TupleValue[] | null, oldTuple: TupleValue[] | null): void {
    const tx = this.tx();
    const rk = this.kindOf(relation);
    if (rk.kind === 'data') {
      tx.changes.push({ kind, relation, newTuple, oldTuple });
      tx.byteSize += CHANGE_OVERHEAD + tupleSize(newTuple) + tupleSize(oldTuple);
      return;
    }
    const row = newTuple ?? oldTuple;
    if (!row) return;
    if (rk.kind === 'shadow') {
      this.shadowRow(tx, relation, rk.mainName, row, kind === 'delete');
      return;
    }
    if (kind === 'delete') return;
    this.internalRow(tx, rk.table, relation, row);
  }

  private shadowRow(tx: Pending, relation: PgRelation, mainName: string, row: TupleValue[], deleted: boolean): void {
    const tagIndex = columnIndex(relation, '_tag');
    const tag = tagIndex < 0 ? null : row[tagIndex];
    if (typeof tag === 'string') tx.lastShadowTag = tag;
    // Keyed at commit: the shadow row precedes its main row in the WAL (a
    // BEFORE trigger writes it), so the main relation may not be known yet.
    tx.shadowRows.push({ relation, mainName, row, deleted });
  }

  private internalRow(tx: Pending, table: string, relation: PgRelation, row: TupleValue[]): void {
    const col = (name: string): string | null => {
      const i = relation.columns.findIndex((c) => c.name === name);
      const v = i < 0 ? null : row[i];
      return typeof v === 'string' ? v : null;
    };
    switch (table) {
      case 'ddl_commands': {
        const query = col('query');
        if (query !== null) tx.ddl.push(query);
        return;
      }
      case 'migration_versions':
        tx.version = col('version');
        return;
      case 'transaction_marker': {
        const id = col('id');
        if (id !== null) tx.markers.push({ id, content: col('content') });
        return;
      }
      case 'acknowledged_client_lsns': {
        const clientId = col('client_id');
        const lsn = col('lsn');
        if (clientId !== null && lsn !== null) tx.clientLsns.push({ clientId, lsn: hexByteaToBytes(lsn) });
        return;
      }
      default:
        return; // electrified, ddlx_commands: not data for clients
    }
  }

  private referencedRecord(content: Buffer): void {
    const tx = this.tx();
    let parsed: { schema?: unknown; table?: unknown; tags?: unknown; data?: unknown; pk?: unknown };
    try {
      parsed = JSON.parse(content.toString('utf8')) as typeof parsed;
    } catch {
      this.warn('ignored a malformed fk_chain_touch message');
      return;
    }
    const { schema, table, tags, data, pk } = parsed;
    if (typeof schema !== 'string' || typeof table !== 'string' || typeof data !== 'object' || data === null) {
      this.warn('ignored an fk_chain_touch message without schema, table or data');
      return;
    }
    const relation = this.byName.get(`${schema}.${table}`);
    const record: Row = {};
    for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
      const typeOid = relation?.columns.find((c) => c.name === name)?.typeOid ?? 0;
      record[name] = value === null || value === undefined ? null : convertValue(String(value), typeOid);
    }
    tx.referenced.push({
      relation: { schema, table },
      record,
      pk: Array.isArray(pk) ? pk.map(String) : [],
      tags: Array.isArray(tags) ? tags.map((t) => (String(t).startsWith('(') ? formatTag(parseTag(String(t))) : String(t))) : [],
    });
    tx.byteSize += CHANGE_OVERHEAD + content.length;
  }

  private commit(endLsn: bigint, commitTime: bigint): Transaction | null {
    const tx = this.tx();
    this.pending = null;
    let tag: PgTag | null = null;
    if (tx.lastShadowTag !== null) {
      try {
        tag = parseTag(tx.lastShadowTag);
      } catch (err) {
        this.warn('unreadable shadow tag', { tag: tx.lastShadowTag, error: (err as Error).message });
      }
    }
    const commitTimestamp = tag?.timestampMs ?? pgTimeToUnixMs(commitTime ?? tx.beginCommitTime);
    const origin = tag?.source ?? POSTGRES_ORIGIN;
    const fallbackTag = formatTag({ timestampMs: commitTimestamp, source: tag?.source ?? null });

    const shadows = this.indexShadows(tx);
    const changes: DataChange[] = tx.changes.map((c) => this.finishChange(shadows, c, fallbackTag));
    const migrations: Migration[] = [];
    if (tx.ddl.length > 0) {
      if (tx.version === null) this.warn('captured DDL without a migration version', { xid: tx.xid });
      migrations.push({ version: tx.version ?? `unversioned_${tx.xid}`, ddl: tx.ddl });
    }
    if (changes.length === 0 && migrations.length === 0 && tx.markers.length === 0 && tx.clientLsns.length === 0 && tx.referenced.length === 0) {
      return null;
    }
    return {
      xid: tx.xid,
      lsn: endLsn,
      commitTimestamp,
      origin,
      changes,
      referencedRecords: tx.referenced,
      migrations,
      markers: tx.markers,
      clientLsns: tx.clientLsns,
      byteSize: tx.byteSize,
    };
  }

  /** main table name → pk key → the latest shadow row of the transaction */
  private indexShadows(tx: Pending): Map<string, Map<string, ShadowState>> {
    const index = new Map<string, Map<string, ShadowState>>();
    for (const { relation, mainName, row, deleted } of tx.shadowRows) {
      const main = this.byName.get(mainName);
      if (!main) continue; // no change of that table in this session: nothing to fold into
      let rows = index.get(mainName);
      if (!rows) index.set(mainName, (rows = new Map()));
      const tags = row[columnIndex(relation, '_tags')];
      const isDelete = deleted || row[columnIndex(relation, '_is_a_delete_operation')] === 't';
      const key = keyOf(pkIndexes(main, relation).map((i) => valueAt(row, relation, main, i)));
      rows.set(key, { tags: typeof tags === 'string' ? tags : '{}', isDelete });
    }
    return index;
  }

  private finishChange(shadows: Map<string, Map<string, ShadowState>>, c: PendingChange, fallbackTag: string): DataChange {
    const { relation } = c;
    const record = c.newTuple ? toRow(relation, c.newTuple, c.oldTuple) : null;
    const oldRecord = c.oldTuple ? toRow(relation, c.oldTuple, null) : null;
    let tags: string[] = [];
    if (c.kind !== 'delete') {
      const mainName = `${relation.schema}.${relation.table}`;
      const shadowRel = this.byName.get(`${ELECTRIC_SCHEMA}.${SHADOW_PREFIX}${relation.schema}__${relation.table}`);
      const rows = shadows.get(mainName);
      const tuple = c.newTuple ?? c.oldTuple;
      const shadow =
        rows && shadowRel && tuple ? rows.get(keyOf(pkIndexes(relation, shadowRel).map((i) => tuple[i] ?? null))) : undefined;
      tags = shadow ? (shadow.isDelete ? [] : parseTagArray(shadow.tags).map(formatTag)) : [fallbackTag];
    }
    return { kind: c.kind, relation: { schema: relation.schema, table: relation.table }, record, oldRecord, tags };
  }
}

/** `shadow__public__items` → `public.items` */
function shadowToMain(shadowTable: string): string {
  const rest = shadowTable.slice(SHADOW_PREFIX.length);
  const sep = rest.indexOf('__');
  return sep < 0 ? rest : `${rest.slice(0, sep)}.${rest.slice(sep + 2)}`;
}

/**
 * Indexes (in the main relation) of its primary-key columns: the main
 * table's columns that the shadow table carries under the same name.
 */
const pkCache = new WeakMap<PgRelation, { shadow: PgRelation; indexes: number[] }>();
function pkIndexes(main: PgRelation, shadow: PgRelation): number[] {
  const cached = pkCache.get(main);
  if (cached && cached.shadow === shadow) return cached.indexes;
  const shadowNames = new Set(shadow.columns.map((c) => c.name));
  const indexes = main.columns.flatMap((c, i) => (shadowNames.has(c.name) ? [i] : []));
  pkCache.set(main, { shadow, indexes });
  return indexes;
}

/** The shadow row's value of the main table's column at `mainIndex`. */
function valueAt(shadowRow: TupleValue[], shadow: PgRelation, main: PgRelation, mainIndex: number): TupleValue {
  const name = main.columns[mainIndex]?.name;
  const i = shadow.columns.findIndex((c) => c.name === name);
  return i < 0 ? null : (shadowRow[i] ?? null);
}

function columnIndex(relation: PgRelation, name: string): number {
  return relation.columns.findIndex((c) => c.name === name);
}

function keyOf(values: TupleValue[]): string {
  return JSON.stringify(values.map((v) => (typeof v === 'string' || v === null ? v : String(v))));
}

function toRow(relation: PgRelation, tuple: TupleValue[], fallback: TupleValue[] | null): Row {
  const row: Row = {};
  const columns = relation.columns;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    let v = tuple[i];
    // Unchanged TOAST: REPLICA IDENTITY FULL sends the old row, which has it.
    if (v === UNCHANGED_TOAST) v = fallback?.[i];
    row[column.name] = toColumnValue(v, column.typeOid);
  }
  return row;
}

function toColumnValue(v: TupleValue | undefined, typeOid: number): ColumnValue {
  if (v === null || v === undefined || v === UNCHANGED_TOAST) return null;
  if (typeof v === 'string') return convertValue(v, typeOid);
  return v;
}

function tupleSize(tuple: TupleValue[] | null): number {
  if (!tuple) return 0;
  let n = 0;
  for (const v of tuple) n += typeof v === 'string' ? v.length + 8 : v instanceof Uint8Array ? v.length + 8 : 8;
  return n;
}
