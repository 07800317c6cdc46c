/**
 * Carries out a DDLX statement inside the client's transaction: ENABLE
 * electrifies the table; the permission statements are checked against the
 * schema and stored as `SatPerms.DDLX` for the permissions work that reads
 * them. Answers are what the client receives: a command tag or an error.
 */
import type { Channel } from '../channel.js';
import type { ErrorFields } from '../wire/backend.js';
import { ddlxCommandTag, ddlxReferences, encodeSatPermsDdlx, isDdlxEnabled, unsupportedDdlxMessage, UNSUPPORTED_DDLX_CODE, type DdlxStatement } from '../ddlx/index.js';

export interface DdlxFeatures {
  readonly proxyGrantWritePermissions: boolean;
  readonly proxyDdlxSqlite: boolean;
}

export type DdlxOutcome =
  | { readonly kind: 'done'; readonly tag: string }
  | { readonly kind: 'refused'; readonly error: ErrorFields }
  /** Postgres refused one of the proxy's statements: relay its error unchanged. */
  | { readonly kind: 'failed'; readonly errorFrame: Buffer };

const refuse = (code: string, message: string): DdlxOutcome => ({ kind: 'refused', error: { severity: 'ERROR', code, message } });

export async function applyDdlx(channel: Channel, stmt: DdlxStatement, sql: string, features: DdlxFeatures): Promise<DdlxOutcome> {
  if (!isDdlxEnabled(stmt, features)) return refuse(UNSUPPORTED_DDLX_CODE, unsupportedDdlxMessage(stmt, sql));

  if (stmt.kind === 'enable') {
    const result = await channel.hidden('CALL electric.electrify($1::text, $2::text)', [stmt.table.schema, stmt.table.name]);
    return result.errorFrame ? { kind: 'failed', errorFrame: result.errorFrame } : { kind: 'done', tag: ddlxCommandTag(stmt) };
  }
  if (stmt.kind === 'disable') return refuse(UNSUPPORTED_DDLX_CODE, unsupportedDdlxMessage(stmt, sql));

  const problem = await checkReferences(channel, stmt);
  if (problem) return problem;
  const bytes = encodeSatPermsDdlx(stmt);
  const stored = await channel.hidden('INSERT INTO electric.ddlx_commands (ddlx) VALUES ($1::bytea)', [`\\x${Buffer.from(bytes).toString('hex')}`]);
  return stored.errorFrame ? { kind: 'failed', errorFrame: stored.errorFrame } : { kind: 'done', tag: ddlxCommandTag(stmt) };
}

/** Every table a permission statement names must be electrified, and its columns must exist. */
async function checkReferences(channel: Channel, stmt: DdlxStatement): Promise<DdlxOutcome | null> {
  const refs = ddlxReferences(stmt);
  const columnsByTable = new Map<string, Set<string>>();
  for (const table of refs.tables) {
    const key = JSON.stringify([table.schema, table.name]);
    if (columnsByTable.has(key)) continue;
    const result = await channel.hidden(
      `SELECT e.id IS NOT NULL,
              array_to_json(ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))::text
         FROM (SELECT to_regclass(quote_ident($1::text) || '.' || quote_ident($2::text)) AS oid) c
         LEFT JOIN electric.electrified e ON e.oid = c.oid
        WHERE c.oid IS NOT NULL`,
      [table.schema, table.name],
    );
    if (result.errorFrame) return { kind: 'failed', errorFrame: result.errorFrame };
    const row = result.rows[0];
    if (!row) return refuse('42P01', `relation "${table.schema}.${table.name}" does not exist`);
    if (row[0] !== 't') return refuse('EX000', `table "${table.schema}"."${table.name}" is not electrified: electrify it first (ALTER TABLE ... ENABLE ELECTRIC)`);
    columnsByTable.set(key, new Set(JSON.parse(row[1] ?? '[]') as string[]));
  }
  for (const ref of refs.columns) {
    const columns = columnsByTable.get(JSON.stringify([ref.table.schema, ref.table.name]));
    if (columns && !columns.has(ref.column)) {
      return refuse('42703', `column "${ref.column}" of relation "${ref.table.schema}.${ref.table.name}" does not exist`);
    }
  }
  return null;
}
