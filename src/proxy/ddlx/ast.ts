/**
 * The typed result of parsing one DDLX statement. Names are resolved as
 * Postgres resolves them: unquoted identifiers folded to lower case, quoted
 * ones kept as written, an unqualified table in schema `public`. Every node
 * carries the span of source text it came from (UTF-16 offsets into the
 * parsed string, end exclusive), so later checks can point at it.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

export interface TableRef extends QualifiedName {
  readonly span: Span;
}

export interface ColumnRef {
  readonly table: TableRef;
  readonly column: string;
  readonly span: Span;
}

/** What Electric grants: READ, WRITE and ALL are expanded into these. */
export type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export const WRITE_PRIVILEGES: readonly Privilege[] = ['INSERT', 'UPDATE', 'DELETE'];

/** The exact source text of a WHERE or IF condition, without its outer parentheses. */
export interface Expression {
  readonly text: string;
  readonly span: Span;
}

/** `'name'` */
export interface NamedRole {
  readonly kind: 'named';
  readonly name: string;
  readonly span: Span;
}

/** `AUTHENTICATED` or `ANYONE` */
export interface PredefinedRole {
  readonly kind: 'predefined';
  readonly role: 'AUTHENTICATED' | 'ANYONE';
  readonly span: Span;
}

/** A role read from a column of the table that assigns it: `[schema.]table.column`. */
export interface ColumnRole {
  readonly kind: 'column';
  readonly column: ColumnRef;
  readonly span: Span;
}

export type GrantRole = NamedRole | PredefinedRole;
export type AssignRole = NamedRole | ColumnRole;

interface StatementBase {
  /** The statement's text, without a trailing `;`. */
  readonly span: Span;
}

/** `ALTER TABLE t ENABLE ELECTRIC` or `ELECTRIC ENABLE t` */
export interface EnableStatement extends StatementBase {
  readonly kind: 'enable';
  readonly table: TableRef;
  readonly syntax: 'alter_table' | 'electric';
}

/** `ALTER TABLE t DISABLE ELECTRIC` or `ELECTRIC DISABLE t` */
export interface DisableStatement extends StatementBase {
  readonly kind: 'disable';
  readonly table: TableRef;
  readonly syntax: 'alter_table' | 'electric';
}

export interface GrantStatement extends StatementBase {
  readonly kind: 'grant';
  /** Expanded and de-duplicated, in the order written (ALL: SELECT, INSERT, UPDATE, DELETE). */
  readonly privileges: readonly Privilege[];
  /** `null` when no column list was given (all columns). */
  readonly columns: readonly string[] | null;
  readonly table: TableRef;
  readonly role: GrantRole;
  /** `null` for a global role. */
  readonly scope: TableRef | null;
  /** `USING a/b/c`: the path from the table to its scope, as written. */
  readonly using: readonly string[] | null;
  readonly where: Expression | null;
}

export interface RevokeStatement extends StatementBase {
  readonly kind: 'revoke';
  readonly privileges: readonly Privilege[];
  /** Accepted for symmetry with GRANT; the legacy service ignores it. */
  readonly columns: readonly string[] | null;
  readonly table: TableRef;
  readonly role: GrantRole;
  readonly scope: TableRef | null;
}

export interface AssignStatement extends StatementBase {
  readonly kind: 'assign';
  readonly role: AssignRole;
  readonly scope: TableRef | null;
  /** The column holding the user id; its table is the table the assignment watches. */
  readonly user: ColumnRef;
  readonly if: Expression | null;
}

export interface UnassignStatement extends StatementBase {
  readonly kind: 'unassign';
  readonly role: AssignRole;
  readonly scope: TableRef | null;
  readonly user: ColumnRef;
}

export interface SqliteStatement extends StatementBase {
  readonly kind: 'sqlite';
  /** The SQLite statements, the string's content. */
  readonly statement: string;
}

export type DdlxStatement =
  | EnableStatement
  | DisableStatement
  | GrantStatement
  | RevokeStatement
  | AssignStatement
  | UnassignStatement
  | SqliteStatement;

/** The statements stored as `SatPerms.DDLX` in `electric.ddlx_commands`. */
export type PermissionsStatement =
  | GrantStatement
  | RevokeStatement
  | AssignStatement
  | UnassignStatement
  | SqliteStatement;

export function isPermissionsStatement(stmt: DdlxStatement): stmt is PermissionsStatement {
  return stmt.kind !== 'enable' && stmt.kind !== 'disable';
}
