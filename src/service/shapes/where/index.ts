/**
 * Shape where-clauses: `this.status = 'open' AND this.priority > 2`.
 *
 * A clause is parsed by the real Postgres parser (libpg-query), checked
 * against the table's column types, and compiled twice from one typed tree:
 * to a parameterised SQL expression (for initial data) and to an in-memory
 * predicate over rows in their text forms (for the replication stream). The
 * two agree — proven against a real Postgres by
 * test/integration/where-agreement.test.ts.
 *
 * Semantics are Postgres' with three pinned choices:
 * - text compares by code point and case-maps ASCII only, i.e. the `C`
 *   collation (the SQL says `COLLATE "C"`, so the database collation does not
 *   matter; the database encoding must be UTF-8);
 * - time zones are UTC (the SQL converts with `AT TIME ZONE 'UTC'`);
 * - date/time literals are ISO 8601 (plus infinity/-infinity/epoch), never
 *   'now'/'today'.
 * A row whose evaluation raises an error (division by zero, overflow, text
 * that does not parse as the type it is cast to) does not match in memory.
 */
import { parseWhere } from './parse.js';
import { checkWhere } from './types.js';
import { predicate } from './evaluate.js';
import { toSql } from './sql.js';
import { rowText } from './values.js';
import { isEnum, isFloat, isInt, isText, type ColumnSpec, type SqlType } from './sql-types.js';
import type { Expr } from './tree.js';

export { WhereClauseError } from './errors.js';
export type { ColumnSpec, PgTypeName } from './sql-types.js';

export interface CompiledWhere {
  readonly source: string;
  /** Columns referenced. */
  readonly columns: ReadonlySet<string>;
  /** SQL boolean expression over `<alias>.<column>`, constants as $n parameters appended to `params`. */
  toSql(alias: string, params: unknown[]): string;
  /** In-memory evaluation over a Row in text forms, with Postgres semantics; NULL (unknown) counts as false. */
  matches(row: Readonly<Record<string, string | Uint8Array | null>>): boolean;
  /** Top-level AND-ed `this.col = constant` conditions (for indexing subscriptions by value): value in the column's text form. */
  readonly equalities: readonly { readonly column: string; readonly value: string }[];
}

function referencedColumns(expr: Expr, into: Set<string>): Set<string> {
  if (expr.kind === 'column') into.add(expr.column);
  else if (expr.kind === 'apply' || expr.kind === 'and' || expr.kind === 'or') for (const a of expr.args) referencedColumns(a, into);
  else if (expr.kind === 'compare' || expr.kind === 'distinct') {
    referencedColumns(expr.left, into);
    referencedColumns(expr.right, into);
  } else if (expr.kind === 'in') {
    referencedColumns(expr.arg, into);
    for (const i of expr.items) referencedColumns(i, into);
  } else if (expr.kind === 'not' || expr.kind === 'isNull' || expr.kind === 'isBool') referencedColumns(expr.arg, into);
  return into;
}

/**
 * Whether `column = constant` holds exactly when the row's text equals the
 * constant's text: true for types with one spelling per value. Floats qualify
 * except at zero (-0 = 0); intervals ('1 mon' = '30 days') never do.
 */
function textIdentifiesValue(columnType: SqlType, constType: SqlType, value: unknown): boolean {
  if (isInt(columnType)) return isInt(constType);
  if (isText(columnType)) return isText(constType);
  if (columnType !== constType && !(isEnum(columnType) && isEnum(constType))) return false;
  if (isFloat(columnType)) return value !== 0;
  return isEnum(columnType) || ['bool', 'uuid', 'date', 'time', 'timestamp', 'timestamptz'].includes(columnType);
}

function equalities(expr: Expr): { column: string; value: string }[] {
  if (expr.kind === 'and') return expr.args.flatMap(equalities);
  if (expr.kind !== 'compare' || expr.op !== '=') return [];
  const [column, other] = expr.left.kind === 'column' ? [expr.left, expr.right] : [expr.right, expr.left];
  if (column.kind !== 'column' || other.kind !== 'const' || other.value === null) return [];
  if (!textIdentifiesValue(column.type, other.type, other.value)) return [];
  return [{ column: column.column, value: rowText(column.type, other.value) }];
}

/** Parses and checks a where clause; throws WhereClauseError naming the problem. */
export async function compileWhere(text: string, columns: ReadonlyMap<string, ColumnSpec>): Promise<CompiledWhere> {
  const tree = checkWhere(await parseWhere(text), columns);
  const matches = predicate(tree);
  return {
    source: text,
    columns: referencedColumns(tree, new Set()),
    toSql: (alias, params) => toSql(tree, alias, params),
    matches,
    equalities: equalities(tree),
  };
}
