/**
 * What the publisher streams for a client transaction (spec §4.4): first
 * the client's position as an INSERT into `electric.acknowledged_client_lsns`
 * (a replica trigger makes it an upsert), then per change the legacy pair
 * of INSERTs the merge triggers expect: the row into its table (parked by
 * `satellite_write__save_operation_for_reordering`), then the shadow row
 * with `_tag`, `_observed_tags`, `_is_a_delete_operation` and
 * `_modified_columns_bit_mask` (resolved by
 * `satellite_write__resolve_observed_tags`). A compensation has no row of
 * its own: only the shadow row, so the merge keeps the live values and
 * re-asserts the tags. Values are Postgres text, as the apply worker reads
 * them with each column's input function.
 */
import type { Queryable } from '../postgres/connection.js';
import type { CatalogTable } from '../schema/catalog.js';
import type { ClientChange, ClientTransaction, ObservedTag } from './inbound.js';
import type { PublishedColumn, PublishedRelation } from './pgoutput-encode.js';

/** The relations one table's changes are streamed into. */
export interface TableRelations {
  readonly row: PublishedRelation;
  readonly shadow: PublishedRelation;
}

export interface StreamedInsert {
  readonly relation: PublishedRelation;
  readonly values: readonly (string | null)[];
}

/** `"…"` with backslashes and quotes escaped, as composite and array literals read it. */
function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function timestampText(ms: number): string {
  return new Date(ms).toISOString();
}

/** The text of an `electric.tag` (a NULL source is Postgres). */
export function tagText(ms: number, source: string | null): string {
  return `(${quoted(timestampText(ms))},${source === null ? '' : quoted(source)})`;
}

export function tagArrayText(tags: readonly ObservedTag[]): string {
  return `{${tags.map(([ms, source]) => quoted(tagText(ms, source))).join(',')}}`;
}

function boolArrayText(values: readonly boolean[]): string {
  return `{${values.map((v) => (v ? 't' : 'f')).join(',')}}`;
}

export function byteaText(bytes: Uint8Array): string {
  return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/** The inserts of one client transaction, in order. */
export function transactionInserts(tx: ClientTransaction, acknowledged: PublishedRelation, relationsOf: (t: CatalogTable) => TableRelations): StreamedInsert[] {
  const inserts: StreamedInsert[] = [{ relation: acknowledged, values: [tx.clientId, byteaText(tx.lsn)] }];
  const writeTag = tagText(tx.commitTimestamp, tx.clientId);
  for (const change of tx.changes) {
    const rels = relationsOf(change.table);
    if (change.kind !== 'compensation') inserts.push({ relation: rels.row, values: change.values });
    inserts.push({ relation: rels.shadow, values: shadowValues(change, writeTag) });
  }
  return inserts;
}

function shadowValues(change: ClientChange, writeTag: string): (string | null)[] {
  // Key columns in the shadow relation's order (the table's primary key order).
  const values: (string | null)[] = change.table.pks.map((pk) => change.values[change.table.columns.findIndex((c) => c.name === pk)] ?? null);
  values.push(writeTag, tagArrayText(change.observed), change.kind === 'delete' ? 't' : 'f', boolArrayText(change.modified));
  return values;
}

const SHADOW_META_COLUMNS = ['_tag', '_observed_tags', '_is_a_delete_operation', '_modified_columns_bit_mask'] as const;

/** Reads the relations of a table (and its shadow table) as the publisher streams them. */
export async function loadTableRelations(db: Queryable, table: CatalogTable): Promise<TableRelations> {
  const row: PublishedRelation = {
    id: table.oid,
    schema: table.schema,
    name: table.name,
    columns: table.columns.map((c) => ({ name: c.name, typeOid: c.typeOid, typmod: -1, isKey: c.isPk })),
  };
  const { rows } = await db.query<{ oid: number; name: string; columns: { name: string; type_oid: number }[] }>(
    `SELECT c.oid::int AS oid, c.relname AS name,
            json_agg(json_build_object('name', a.attname, 'type_oid', a.atttypid::int) ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.oid = format('electric.%I', electric.__shadow_name($1, $2))::regclass
      GROUP BY c.oid, c.relname`,
    [table.schema, table.name],
  );
  const found = rows[0];
  if (!found) throw new Error(`the shadow table of "${table.schema}"."${table.name}" is missing`);
  const typeOf = new Map(found.columns.map((c) => [c.name, c.type_oid]));
  const column = (name: string, isKey: boolean): PublishedColumn => {
    const typeOid = typeOf.get(name);
    if (typeOid === undefined) throw new Error(`the shadow table of "${table.schema}"."${table.name}" has no column ${name}`);
    return { name, typeOid, typmod: -1, isKey };
  };
  const shadow: PublishedRelation = {
    id: found.oid,
    schema: 'electric',
    name: found.name,
    columns: [...table.pks.map((pk) => column(pk, true)), ...SHADOW_META_COLUMNS.map((n) => column(n, false))],
  };
  return { row, shadow };
}

export async function loadAcknowledgedRelation(db: Queryable): Promise<PublishedRelation> {
  const { rows } = await db.query<{ oid: number }>("SELECT 'electric.acknowledged_client_lsns'::regclass::oid::int AS oid");
  return {
    id: rows[0]!.oid,
    schema: 'electric',
    name: 'acknowledged_client_lsns',
    columns: [
      { name: 'client_id', typeOid: 25, typmod: -1, isKey: true },
      { name: 'lsn', typeOid: 17, typmod: -1, isKey: false },
    ],
  };
}
