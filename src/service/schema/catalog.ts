/**
 * The electrified tables as Postgres describes them now: columns in order
 * with their type names, nullability and primary key, the table OID (the
 * relation id clients see), and enum labels. Sessions read it to build
 * `SatRelation`s, to check shapes, and to query initial data; it is reloaded
 * when a migration passes through change capture.
 */
import type { Queryable } from '../postgres/connection.js';

export interface CatalogColumn {
  readonly name: string;
  /** Short type name as clients see it: int4, text, timestamptz, or the enum's name. */
  readonly typeName: string;
  readonly typeOid: number;
  readonly nullable: boolean;
  readonly isPk: boolean;
  /** Labels when the type is an enum. */
  readonly enumValues: readonly string[] | null;
}

export interface CatalogTable {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly CatalogColumn[];
  readonly pks: readonly string[];
  readonly fks: readonly { readonly fkCols: readonly string[]; readonly pkSchema: string; readonly pkTable: string; readonly pkCols: readonly string[] }[];
}

export class SchemaCatalog {
  private tables = new Map<string, CatalogTable>();
  private byOid = new Map<number, CatalogTable>();

  static key(schema: string, table: string): string {
    return `${schema}.${table}`;
  }

  table(schema: string, name: string): CatalogTable | undefined {
    return this.tables.get(SchemaCatalog.key(schema, name));
  }

  tableByOid(oid: number): CatalogTable | undefined {
    return this.byOid.get(oid);
  }

  all(): CatalogTable[] {
    return [...this.tables.values()];
  }

  async load(client: Queryable): Promise<void> {
    const { rows } = await client.query<{
      oid: number;
      schema_name: string;
      table_name: string;
      columns: { name: string; type_name: string; type_oid: number; nullable: boolean; is_pk: boolean; enum_values: string[] | null }[];
      fks: { fk_cols: string[]; pk_schema: string; pk_table: string; pk_cols: string[] }[];
    }>(`
      SELECT c.oid::int AS oid, e.schema_name, e.table_name,
             (SELECT json_agg(json_build_object(
                       'name', a.attname,
                       'type_name', t.typname,
                       'type_oid', a.atttypid::int,
                       'nullable', NOT a.attnotnull,
                       'is_pk', EXISTS (SELECT 1 FROM pg_constraint pk WHERE pk.conrelid = c.oid AND pk.contype = 'p' AND a.attnum = ANY (pk.conkey)),
                       'enum_values', CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(en.enumlabel ORDER BY en.enumsortorder) FROM pg_enum en WHERE en.enumtypid = t.oid) END
                     ) ORDER BY a.attnum)
                FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
             COALESCE((SELECT json_agg(json_build_object(
                       'fk_cols', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum),
                       'pk_schema', pn.nspname,
                       'pk_table', pc.relname,
                       'pk_cols', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.confkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.attnum)))
                FROM pg_constraint f JOIN pg_class pc ON pc.oid = f.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
               WHERE f.conrelid = c.oid AND f.contype = 'f'), '[]'::json) AS fks
        FROM electric.electrified e
        JOIN pg_namespace n ON n.nspname = e.schema_name
        JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = e.table_name
       ORDER BY e.id`);
    const tables = new Map<string, CatalogTable>();
    const byOid = new Map<number, CatalogTable>();
    for (const r of rows) {
      const columns: CatalogColumn[] = r.columns.map((c) => ({
        name: c.name,
        typeName: c.type_name,
        typeOid: c.type_oid,
        nullable: c.nullable,
        isPk: c.is_pk,
        enumValues: c.enum_values,
      }));
      const table: CatalogTable = {
        oid: r.oid,
        schema: r.schema_name,
        name: r.table_name,
        columns,
        pks: columns.filter((c) => c.isPk).map((c) => c.name),
        fks: r.fks.map((f) => ({ fkCols: f.fk_cols, pkSchema: f.pk_schema, pkTable: f.pk_table, pkCols: f.pk_cols })),
      };
      tables.set(SchemaCatalog.key(table.schema, table.name), table);
      byOid.set(table.oid, table);
    }
    this.tables = tables;
    this.byOid = byOid;
  }
}
