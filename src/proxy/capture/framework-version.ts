/**
 * Migration frameworks record each migration they run in a table of their
 * own; the proxy takes the migration's name from that INSERT (simple protocol:
 * the literal; extended protocol: the bound parameter) as its version.
 */
import type { AstNode } from './statements.js';

/** Where the version is: a literal in the statement, or the n-th bound parameter (1-based). */
export type VersionSource = { readonly literal: string } | { readonly param: number };

/** Table → the column holding the migration's name. */
const FRAMEWORK_TABLES: Readonly<Record<string, string>> = {
  schema_migrations: 'version', // Ecto
  _prisma_migrations: 'migration_name', // Prisma
  atdatabases_migrations_applied: 'name', // @databases
};

export function frameworkVersionOf(insert: AstNode): VersionSource | null {
  const relation = insert.relation as { schemaname?: string; relname?: string } | undefined;
  if (!relation?.relname || (relation.schemaname && relation.schemaname !== 'public')) return null;
  const column = FRAMEWORK_TABLES[relation.relname];
  if (!column) return null;
  const cols = ((insert.cols ?? []) as { ResTarget?: { name?: string } }[]).map((c) => c.ResTarget?.name);
  const index = cols.indexOf(column);
  if (index < 0) return null;
  const select = (insert.selectStmt as { SelectStmt?: { valuesLists?: { List?: { items?: AstNode[] } }[] } } | undefined)?.SelectStmt;
  const value = select?.valuesLists?.[0]?.List?.items?.[index];
  if (!value) return null;
  if (value.ParamRef) return { param: (value.ParamRef as { number: number }).number };
  const constant = value.A_Const as { sval?: { sval: string }; ival?: { ival?: number }; fval?: { fval: string } } | undefined;
  if (constant?.sval) return { literal: constant.sval.sval };
  if (constant?.ival) return { literal: String(constant.ival.ival ?? 0) };
  if (constant?.fval) return { literal: constant.fval.fval };
  // A cast of a literal ('2024…'::bigint) or parameter ($1::text).
  const cast = value.TypeCast as { arg?: AstNode } | undefined;
  if (cast?.arg?.ParamRef) return { param: (cast.arg.ParamRef as { number: number }).number };
  const castConst = cast?.arg?.A_Const as { sval?: { sval: string }; ival?: { ival?: number } } | undefined;
  if (castConst?.sval) return { literal: castConst.sval.sval };
  if (castConst?.ival) return { literal: String(castConst.ival.ival ?? 0) };
  return null;
}
