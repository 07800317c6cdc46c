/**
 * Reads rows of an electrified table together with their tags, in the text
 * forms clients receive. A row without a shadow row predates
 * electrification (or was written before Electric tagged writes): its tag is
 * `postgres_1@0`, older than any write.
 */
import type pg from 'pg';
import type { RelationRef, Row } from '../replication/types.js';
import { POSTGRES_ORIGIN } from '../replication/types.js';
import { convertValue, formatTag, parseTagArray } from '../replication/values.js';
import type { CompiledWhere } from '../shapes/where/index.js';

export const PREHISTORIC_TAG = `${POSTGRES_ORIGIN}@0`;

export interface TaggedRow {
  readonly record: Row;
  readonly tags: readonly string[];
}

export interface ColumnInfo {
  readonly name: string;
  readonly typeOid: number;
  readonly isPk: boolean;
}

export async function tableColumns(client: pg.Client, relation: RelationRef): Promise<ColumnInfo[]> {
  const { rows } = await client.query<{ name: string; type_oid: number; is_pk: boolean }>(
    `SELECT a.attname AS name, a.atttypid::int AS type_oid,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype = 'p' AND a.attnum = ANY (c.conkey)) AS is_pk
       FROM pg_attribute a
      WHERE a.attrelid = format('%I.%I', $1::text, $2::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [relation.schema, relation.table],
  );
  return rows.map((r) => ({ name: r.name, typeOid: r.type_oid, isPk: r.is_pk }));
}

/**
 * Rows of the table with their tags, optionally filtered by a compiled
 * where-clause (as parameterised SQL over the alias `this`).
 */
export async function selectTaggedRows(
  client: pg.Client,
  relation: RelationRef,
  options: { columns?: readonly ColumnInfo[]; where?: CompiledWhere | null } = {},
): Promise<TaggedRow[]> {
  const columns = options.columns ?? (await tableColumns(client, relation));
  const id = (name: string): string => client.escapeIdentifier(name);
  const main = `${id(relation.schema)}.${id(relation.table)}`;
  const shadow = `electric.${id(`shadow__${relation.schema}__${relation.table}`)}`;
  const select = columns.map((c, i) => `this.${id(c.name)}::text AS c${i}`).join(', ');
  const join = columns
    .filter((c) => c.isPk)
    .map((c) => `s.${id(c.name)} = this.${id(c.name)}`)
    .join(' AND ');
  const params: unknown[] = [];
  const filter = options.where ? ` WHERE ${options.where.toSql('this', params)}` : '';
  const { rows } = await client.query<(string | null)[]>({
    text: `SELECT ${select}, s._tags::text AS tags FROM ${main} AS this LEFT JOIN ${shadow} s ON ${join}${filter}`,
    values: params,
    rowMode: 'array',
  });
  const names = columns.map((c) => c.name);
  const oids = columns.map((c) => c.typeOid);
  const tagsAt = columns.length;
  // Rows written together share their tags' text: parse each text once.
  const tagsByText = new Map<string, readonly string[]>();
  const out: TaggedRow[] = new Array<TaggedRow>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r]!;
    const record: Row = {};
    for (let i = 0; i < names.length; i++) {
      const v = values[i];
      record[names[i]!] = v === null || v === undefined ? null : convertValue(v, oids[i]!);
    }
    out[r] = { record, tags: tagsOf(values[tagsAt] ?? null, tagsByText) };
  }
  return out;
}

const PREHISTORIC_TAGS: readonly string[] = Object.freeze([PREHISTORIC_TAG]);

function tagsOf(text: string | null, memo: Map<string, readonly string[]>): readonly string[] {
  if (!text) return PREHISTORIC_TAGS;
  let tags = memo.get(text);
  if (tags === undefined) {
    const parsed = parseTagArray(text).map(formatTag);
    tags = parsed.length > 0 ? Object.freeze(parsed) : PREHISTORIC_TAGS;
    if (memo.size < 10_000) memo.set(text, tags);
  }
  return tags;
}
