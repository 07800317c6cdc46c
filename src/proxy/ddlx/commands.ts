/**
 * What the proxy needs to know about a parsed DDLX statement besides its
 * protobuf form: its CommandComplete tag, the feature flag it needs, the
 * legacy EX001 refusal, and the tables and columns it names.
 */
import type { FeatureFlags } from '../../service/config.js';
import { WRITE_PRIVILEGES, type DdlxStatement, type QualifiedName } from './ast.js';

const TAGS: Readonly<Record<DdlxStatement['kind'], string>> = {
  enable: 'ELECTRIC ENABLE',
  disable: 'ELECTRIC DISABLE',
  grant: 'ELECTRIC GRANT',
  revoke: 'ELECTRIC REVOKE',
  assign: 'ELECTRIC ASSIGN',
  unassign: 'ELECTRIC UNASSIGN',
  sqlite: 'ELECTRIC SQLITE',
};

/** The CommandComplete tag the client gets. */
export function ddlxCommandTag(stmt: DdlxStatement): string {
  return TAGS[stmt.kind];
}

export type DdlxFeature = 'always' | 'disabled' | 'proxy_grant_write_permissions' | 'proxy_ddlx_sqlite';

/**
 * What must be enabled for the proxy to run the statement. DISABLE is never
 * run; a GRANT of any write privilege (also through WRITE or ALL) needs
 * `proxy_grant_write_permissions`; REVOKE never needs it.
 */
export function ddlxFeature(stmt: DdlxStatement): DdlxFeature {
  switch (stmt.kind) {
    case 'disable':
      return 'disabled';
    case 'grant':
      return stmt.privileges.some((p) => WRITE_PRIVILEGES.includes(p)) ? 'proxy_grant_write_permissions' : 'always';
    case 'sqlite':
      return 'proxy_ddlx_sqlite';
    default:
      return 'always';
  }
}

export function isDdlxEnabled(
  stmt: DdlxStatement,
  features: Pick<FeatureFlags, 'proxyGrantWritePermissions' | 'proxyDdlxSqlite'>,
): boolean {
  switch (ddlxFeature(stmt)) {
    case 'always':
      return true;
    case 'disabled':
      return false;
    case 'proxy_grant_write_permissions':
      return features.proxyGrantWritePermissions;
    case 'proxy_ddlx_sqlite':
      return features.proxyDdlxSqlite;
  }
}

/** Error code of the refusal of a statement that is not enabled. */
export const UNSUPPORTED_DDLX_CODE = 'EX001';

export const UNSUPPORTED_DDLX_DETAIL =
  'We are working on implementing access controls -- when these features are completed then this command will work';

/** The legacy message, word for word (including the missing space after the query). */
export function unsupportedDdlxMessage(stmt: DdlxStatement, sql: string): string {
  return `${ddlxCommandTag(stmt)} \`${sql}\`is currently unsupported`;
}

export interface DdlxReferences {
  /** Each table once, in the order first named. */
  readonly tables: QualifiedName[];
  readonly columns: { table: QualifiedName; column: string }[];
}

/** The tables and columns a statement names, for the proxy to check against the schema. */
export function ddlxReferences(stmt: DdlxStatement): DdlxReferences {
  const tables: QualifiedName[] = [];
  const columns: { table: QualifiedName; column: string }[] = [];
  const addTable = (t: QualifiedName): QualifiedName => {
    const known = tables.find((k) => k.schema === t.schema && k.name === t.name);
    if (known !== undefined) return known;
    const name = { schema: t.schema, name: t.name };
    tables.push(name);
    return name;
  };
  const addColumn = (t: QualifiedName, column: string): void => {
    const table = addTable(t);
    if (!columns.some((c) => c.table === table && c.column === column)) columns.push({ table, column });
  };

  switch (stmt.kind) {
    case 'enable':
    case 'disable':
      addTable(stmt.table);
      break;
    case 'grant':
    case 'revoke':
      addTable(stmt.table);
      for (const column of stmt.columns ?? []) addColumn(stmt.table, column);
      if (stmt.scope !== null) addTable(stmt.scope);
      break;
    case 'assign':
    case 'unassign':
      addColumn(stmt.user.table, stmt.user.column);
      if (stmt.role.kind === 'column') addColumn(stmt.role.column.table, stmt.role.column.column);
      if (stmt.scope !== null) addTable(stmt.scope);
      break;
    case 'sqlite':
      break;
  }
  return { tables, columns };
}
