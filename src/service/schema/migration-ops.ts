/**
 * Captured DDL → what clients receive: one `SatOpMigrate` per statement that
 * clients replay (CREATE TABLE, CREATE INDEX, ALTER TABLE … ADD COLUMN, CREATE
 * TYPE … AS ENUM), in the SQLite or the Postgres dialect, each with the
 * resulting table (or enum) definition.
 *
 * Statements are parsed with the real Postgres parser (libpg-query); the
 * SQLite text is generated from the parse tree, never by editing the SQL.
 * A SchemaModel folds the migrations in order, because an ALTER's table
 * definition depends on the tables created before it.
 */
import { loadModule, parseSync } from 'libpg-query';
import { ElectricError } from '../../util/errors.js';

export type Dialect = 'sqlite' | 'postgresql';

/** SatOpMigrate.Type */
export const MIGRATE_TYPE = { CREATE_TABLE: 0, CREATE_INDEX: 1, CREATE_ENUM_TYPE: 2, ALTER_ADD_COLUMN: 6 } as const;

export interface MigrateColumn {
  readonly name: string;
  readonly sqliteType: string;
  readonly pgType: { readonly name: string; readonly array: number[]; readonly size: number[] };
}
export interface MigrateTable {
  readonly name: string;
  readonly columns: MigrateColumn[];
  readonly fks: { readonly fkCols: string[]; readonly pkTable: string; readonly pkCols: string[] }[];
  readonly pks: string[];
}
export interface MigrateOp {
  readonly version: string;
  readonly stmts: { readonly type: number; readonly sql: string }[];
  readonly table?: MigrateTable;
  readonly enumType?: { readonly name: string; readonly values: string[] };
}

export class MigrationTranslationError extends ElectricError {}

let parserReady: Promise<void> | null = null;
/** The WASM parser loads once; call before translating. */
export function loadParser(): Promise<void> {
  parserReady ??= loadModule();
  return parserReady;
}

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'bool']);
const REAL_TYPES = new Set(['float4', 'float8']);
const JSON_TYPES = new Set(['json', 'jsonb']);

export function sqliteTypeOf(pgType: string, isArray: boolean): string {
  if (isArray || JSON_TYPES.has(pgType)) return 'TEXT_JSON';
  if (INTEGER_TYPES.has(pgType)) return 'INTEGER';
  if (REAL_TYPES.has(pgType)) return 'REAL';
  if (pgType === 'bytea') return 'BLOB';
  return 'TEXT';
}

// Minimal shapes of the libpg-query AST nodes we read.
interface StringNode {
  String?: { sval: string };
}
interface TypeNameNode {
  names: StringNode[];
  arrayBounds?: unknown[];
  typmods?: { A_Const?: { ival?: { ival?: number } } }[];
}
interface ConstraintNode {
  contype: string;
  conname?: string;
  keys?: StringNode[];
  fk_attrs?: StringNode[];
  pk_attrs?: StringNode[];
  pktable?: { relname: string };
}
interface ColumnDefNode {
  colname: string;
  typeName: TypeNameNode;
  constraints?: { Constraint: ConstraintNode }[];
}
interface RawStmt {
  stmt: Record<string, Record<string, unknown>>;
  stmt_location?: number;
  stmt_len?: number;
}

interface ColumnModel {
  name: string;
  pgType: string;
  isArray: boolean;
  size: number[];
  notNull: boolean;
}
interface TableModel {
  name: string;
  columns: ColumnModel[];
  pks: string[];
  fks: { name: string | null; fkCols: string[]; pkTable: string; pkCols: string[] }[];
}

/** The electrified schema as the migrations so far define it. */
export class SchemaModel {
  private readonly tables = new Map<string, TableModel>();
  private readonly enums = new Map<string, string[]>();

  tableNames(): string[] {
    return [...this.tables.keys()];
  }

  /** Applies one migration and returns the ops clients receive for it. */
  apply(version: string, ddl: readonly string[], dialect: Dialect): MigrateOp[] {
    const ops: MigrateOp[] = [];
    for (const sql of ddl) {
      let parsed: { stmts: RawStmt[] };
      try {
        parsed = parseSync(sql) as { stmts: RawStmt[] };
      } catch (err) {
        throw new MigrationTranslationError('MIGRATION_PARSE', `cannot parse captured DDL of migration ${version}: ${(err as Error).message}`);
      }
      for (const raw of parsed.stmts) {
        const text = statementText(sql, raw);
        ops.push(...this.applyStatement(version, raw, text, dialect));
      }
    }
    return ops;
  }

  private applyStatement(version: string, raw: RawStmt, text: string, dialect: Dialect): MigrateOp[] {
    const [kind, node] = Object.entries(raw.stmt)[0] ?? [];
    switch (kind) {
      case 'CreateStmt':
        return [this.createTable(version, node as never, text, dialect)];
      case 'CreateEnumStmt':
        return [this.createEnum(version, node as never, text, dialect)];
      case 'IndexStmt':
        return [this.createIndex(version, node as never, text, dialect)];
      case 'AlterTableStmt':
        return this.alterTable(version, node as never, text, dialect);
      default:
        return []; // not replayed by clients
    }
  }

  private createTable(
    version: string,
    node: { relation: { relname: string }; tableElts?: ({ ColumnDef?: ColumnDefNode; Constraint?: ConstraintNode })[] },
    text: string,
    dialect: Dialect,
  ): MigrateOp {
    const table: TableModel = { name: node.relation.relname, columns: [], pks: [], fks: [] };
    const constraints: ConstraintNode[] = [];
    for (const elt of node.tableElts ?? []) {
      if (elt.ColumnDef) {
        const col = columnModel(elt.ColumnDef);
        table.columns.push(col);
        for (const c of elt.ColumnDef.constraints ?? []) {
          if (c.Constraint.contype === 'CONSTR_PRIMARY') table.pks.push(col.name);
          if (c.Constraint.contype === 'CONSTR_FOREIGN') constraints.push({ ...c.Constraint, fk_attrs: [{ String: { sval: col.name } }] });
        }
      } else if (elt.Constraint) {
        constraints.push(elt.Constraint);
      }
    }
    const pkConstraint = constraints.find((c) => c.contype === 'CONSTR_PRIMARY');
    if (pkConstraint) table.pks = names(pkConstraint.keys);
    for (const c of constraints.filter((c) => c.contype === 'CONSTR_FOREIGN')) {
      table.fks.push({ name: c.conname ?? null, fkCols: names(c.fk_attrs), pkTable: c.pktable?.relname ?? '', pkCols: names(c.pk_attrs) });
    }
    this.tables.set(table.name, table);
    const sql = dialect === 'postgresql' ? text : sqliteCreateTable(table, pkConstraint?.conname ?? `${table.name}_pkey`);
    return { version, stmts: [{ type: MIGRATE_TYPE.CREATE_TABLE, sql }], table: this.definition(table) };
  }

  private createEnum(version: string, node: { typeName: StringNode[]; vals?: StringNode[] }, text: string, dialect: Dialect): MigrateOp {
    const name = names(node.typeName).at(-1) ?? '';
    const values = names(node.vals);
    this.enums.set(name, values);
    // SQLite has no enum types: clients only learn the labels.
    const stmts = dialect === 'postgresql' ? [{ type: MIGRATE_TYPE.CREATE_ENUM_TYPE, sql: text }] : [];
    return { version, stmts, enumType: { name, values } };
  }

  private createIndex(
    version: string,
    node: { idxname?: string; relation: { relname: string }; unique?: boolean; indexParams?: { IndexElem: { name?: string; ordering?: string } }[] },
    text: string,
    dialect: Dialect,
  ): MigrateOp {
    const table = this.tables.get(node.relation.relname);
    let sql = text;
    if (dialect === 'sqlite') {
      const cols = (node.indexParams ?? []).map((p) => {
        const dir = p.IndexElem.ordering === 'SORTBY_DESC' ? ' DESC' : p.IndexElem.ordering === 'SORTBY_ASC' ? ' ASC' : '';
        return `${quote(p.IndexElem.name ?? '')}${dir}`;
      });
      sql = `CREATE ${node.unique ? 'UNIQUE ' : ''}INDEX ${quote(node.idxname ?? `${node.relation.relname}_idx`)} ON ${quote(node.relation.relname)} (${cols.join(', ')});\n`;
    }
    return { version, stmts: [{ type: MIGRATE_TYPE.CREATE_INDEX, sql }], table: table ? this.definition(table) : undefined };
  }

  private alterTable(
    version: string,
    node: { relation: { relname: string }; cmds?: { AlterTableCmd: { subtype: string; def?: { ColumnDef?: ColumnDefNode } } }[] },
    text: string,
    dialect: Dialect,
  ): MigrateOp[] {
    const table = this.tables.get(node.relation.relname);
    if (!table) return [];
    const ops: MigrateOp[] = [];
    for (const { AlterTableCmd: cmd } of node.cmds ?? []) {
      if (cmd.subtype !== 'AT_AddColumn' || !cmd.def?.ColumnDef) continue;
      const col = columnModel(cmd.def.ColumnDef);
      table.columns.push(col);
      const sql =
        dialect === 'postgresql'
          ? `ALTER TABLE ${quote(table.name)} ADD COLUMN ${quote(col.name)} ${pgTypeText(col)}${col.notNull ? ' NOT NULL' : ''};\n`
          : `ALTER TABLE ${quote(table.name)} ADD COLUMN ${quote(col.name)} ${sqliteTypeOf(col.pgType, col.isArray)}${col.notNull ? ' NOT NULL' : ''};\n`;
      ops.push({ version, stmts: [{ type: MIGRATE_TYPE.ALTER_ADD_COLUMN, sql: dialect === 'postgresql' && (node.cmds?.length ?? 0) === 1 ? text : sql }], table: this.definition(table) });
    }
    return ops;
  }

  private definition(table: TableModel): MigrateTable {
    return {
      name: table.name,
      columns: table.columns.map((c) => ({
        name: c.name,
        sqliteType: sqliteTypeOf(c.pgType, c.isArray),
        pgType: { name: c.pgType, array: c.isArray ? [-1] : [], size: c.size },
      })),
      fks: table.fks.map((f) => ({ fkCols: f.fkCols, pkTable: f.pkTable, pkCols: f.pkCols })),
      pks: [...table.pks],
    };
  }
}

function columnModel(def: ColumnDefNode): ColumnModel {
  const typeNames = names(def.typeName.names);
  const size = (def.typeName.typmods ?? []).flatMap((m) => (typeof m.A_Const?.ival?.ival === 'number' ? [m.A_Const.ival.ival] : []));
  return {
    name: def.colname,
    // pg_catalog.int4 → int4; public.color → color
    pgType: typeNames.at(-1) ?? 'text',
    isArray: (def.typeName.arrayBounds?.length ?? 0) > 0,
    size,
    notNull: (def.constraints ?? []).some((c) => c.Constraint.contype === 'CONSTR_NOTNULL' || c.Constraint.contype === 'CONSTR_PRIMARY'),
  };
}

function sqliteCreateTable(table: TableModel, pkName: string): string {
  const lines = table.columns.map((c) => `  ${quote(c.name)} ${sqliteTypeOf(c.pgType, c.isArray)}${c.notNull ? ' NOT NULL' : ''}`);
  for (const fk of table.fks) {
    lines.push(
      `  ${fk.name ? `CONSTRAINT ${quote(fk.name)} ` : ''}FOREIGN KEY (${fk.fkCols.map(quote).join(', ')}) REFERENCES ${quote(fk.pkTable)}(${fk.pkCols.map(quote).join(', ')})`,
    );
  }
  if (table.pks.length > 0) lines.push(`  CONSTRAINT ${quote(pkName)} PRIMARY KEY (${table.pks.map(quote).join(', ')})`);
  return `CREATE TABLE ${quote(table.name)} (\n${lines.join(',\n')}\n) WITHOUT ROWID;\n`;
}

function pgTypeText(col: ColumnModel): string {
  return `${col.pgType}${col.size.length ? `(${col.size.join(', ')})` : ''}${col.isArray ? '[]' : ''}`;
}

function names(list: StringNode[] | undefined): string[] {
  return (list ?? []).flatMap((n) => (n.String ? [n.String.sval] : []));
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The original text of one statement of a multi-statement string. */
function statementText(sql: string, raw: RawStmt): string {
  const start = raw.stmt_location ?? 0;
  const text = raw.stmt_len ? sql.slice(start, start + raw.stmt_len) : sql.slice(start);
  const trimmed = text.trim().replace(/;$/, '');
  return `${trimmed};`;
}
