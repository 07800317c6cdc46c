/**
 * The rules for DDL on electrified tables (spec §6.5): what is refused, with
 * which EX0xx code, and what is executed and then captured for clients.
 */
import type { AstNode, TableName } from './statements.js';

export interface QualifiedTable {
  readonly schema: string;
  readonly name: string;
}

export type DdlDecision =
  | { readonly kind: 'allow' }
  | { readonly kind: 'refuse'; readonly code: string; readonly message: string }
  /** Execute, then capture (added: columns whose shadow columns must follow). */
  | { readonly kind: 'capture'; readonly table: QualifiedTable; readonly added: readonly string[] };

// Subcommands that change nothing clients see.
const HARMLESS_ALTERS = new Set([
  'AT_EnableTrig', 'AT_EnableAlwaysTrig', 'AT_EnableReplicaTrig', 'AT_DisableTrig',
  'AT_EnableTrigAll', 'AT_DisableTrigAll', 'AT_EnableTrigUser', 'AT_DisableTrigUser',
  'AT_ChangeOwner', 'AT_SetStorage', 'AT_SetStatistics', 'AT_SetOptions', 'AT_ResetOptions',
  'AT_SetCompression', 'AT_SetRelOptions', 'AT_ResetRelOptions', 'AT_ReplaceRelOptions', 'AT_SetAccessMethod',
]);

const COLUMN_ALTERS = new Set([
  'AT_ColumnDefault', 'AT_CookedColumnDefault', 'AT_DropNotNull', 'AT_SetNotNull', 'AT_SetExpression',
  'AT_DropExpression', 'AT_CheckNotNull', 'AT_AddIdentity', 'AT_SetIdentity', 'AT_DropIdentity', 'AT_SetAttNotNull', 'AT_DropAttNotNull',
]);

const label = (t: QualifiedTable): string => `"${t.schema}"."${t.name}"`;

/**
 * `electrified` holds the tables of `tables` (same order, null when not
 * electrified) as Postgres resolved them.
 */
export function decideTableDdl(nodeType: string, node: AstNode, electrified: readonly (QualifiedTable | null)[]): DdlDecision {
  const table = electrified.find((t) => t !== null) ?? null;
  if (!table) return { kind: 'allow' };
  switch (nodeType) {
    case 'AlterTableStmt':
      return decideAlter(node, table);
    case 'RenameStmt':
      return decideRename(node, table);
    case 'DropStmt':
      return { kind: 'refuse', code: 'EX004', message: `Cannot DROP electrified table ${label(table)}` };
    case 'IndexStmt':
      if (node.concurrent) {
        return { kind: 'refuse', code: 'EX000', message: `Cannot CREATE INDEX CONCURRENTLY on electrified table ${label(table)}: the index is created and captured in one transaction, so remove CONCURRENTLY` };
      }
      return { kind: 'capture', table, added: [] };
    default:
      return { kind: 'allow' };
  }
}

function decideAlter(node: AstNode, table: QualifiedTable): DdlDecision {
  const added: string[] = [];
  let changesSchema = false;
  for (const wrapped of (node.cmds ?? []) as { AlterTableCmd?: AstNode }[]) {
    const cmd = wrapped.AlterTableCmd ?? {};
    const subtype = String(cmd.subtype);
    const column = typeof cmd.name === 'string' ? cmd.name : null;
    if (subtype === 'AT_AddColumn') {
      const def = ((cmd.def as { ColumnDef?: AstNode } | undefined)?.ColumnDef ?? {}) as AstNode;
      const name = String(def.colname);
      for (const c of (def.constraints ?? []) as { Constraint?: { contype?: string } }[]) {
        const contype = c.Constraint?.contype;
        if (contype === 'CONSTR_NULL' || contype === 'CONSTR_NOTNULL') continue;
        if (contype === 'CONSTR_DEFAULT') {
          return { kind: 'refuse', code: 'EX006', message: `Cannot add column "${name}" with a DEFAULT to electrified table ${label(table)}: defaults are not supported` };
        }
        return { kind: 'refuse', code: 'EX011', message: `Cannot add column "${name}" with a ${constraintName(contype)} constraint to electrified table ${label(table)}: only NULL and NOT NULL are allowed` };
      }
      added.push(name);
      changesSchema = true;
      continue;
    }
    if (subtype === 'AT_DropColumn') {
      return { kind: 'refuse', code: 'EX010', message: `Cannot DROP column "${column}" of electrified table ${label(table)}` };
    }
    if (subtype === 'AT_AlterColumnType') {
      return { kind: 'refuse', code: 'EX009', message: `Cannot change the type of column "${column}" of electrified table ${label(table)}` };
    }
    if (COLUMN_ALTERS.has(subtype)) {
      return { kind: 'refuse', code: 'EX007', message: `Cannot alter column "${column}" of electrified table ${label(table)}` };
    }
    if (HARMLESS_ALTERS.has(subtype)) continue;
    return { kind: 'refuse', code: 'EX000', message: `Unsupported ALTER TABLE subcommand ${subtype.replace(/^AT_/, '')} on electrified table ${label(table)}` };
  }
  return changesSchema ? { kind: 'capture', table, added } : { kind: 'allow' };
}

function decideRename(node: AstNode, table: QualifiedTable): DdlDecision {
  switch (node.renameType) {
    case 'OBJECT_TABLE':
      return { kind: 'refuse', code: 'EX002', message: `Cannot rename electrified table ${label(table)}` };
    case 'OBJECT_COLUMN':
      return { kind: 'refuse', code: 'EX008', message: `Cannot rename column "${String(node.subname)}" of electrified table ${label(table)}` };
    case 'OBJECT_TABCONSTRAINT':
      return { kind: 'refuse', code: 'EX012', message: `Cannot rename constraint "${String(node.subname)}" of electrified table ${label(table)}` };
    default:
      return { kind: 'refuse', code: 'EX003', message: `Cannot rename ${String(node.renameType).replace(/^OBJECT_/, '').toLowerCase()} of electrified table ${label(table)}` };
  }
}

function constraintName(contype: string | undefined): string {
  const names: Record<string, string> = {
    CONSTR_CHECK: 'CHECK', CONSTR_UNIQUE: 'UNIQUE', CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_FOREIGN: 'FOREIGN KEY',
    CONSTR_GENERATED: 'GENERATED', CONSTR_IDENTITY: 'IDENTITY', CONSTR_EXCLUSION: 'EXCLUDE',
  };
  return names[contype ?? ''] ?? String(contype).replace(/^CONSTR_/, '');
}

/** The names to look up, in the shape `electric.__electrified_among` takes. */
export function lookupArrays(tables: readonly TableName[]): { schemas: (string | null)[]; names: string[] } {
  return { schemas: tables.map((t) => t.schema), names: tables.map((t) => t.name) };
}
