/**
 * The service's own migrations of the `electric` schema, in order. Each runs
 * once per database (recorded in electric.schema_migrations); released
 * migrations are never edited, only followed by new ones.
 */
export interface InternalMigration {
  /** Sortable, unique: YYYYMMDDHHMMSS of when it was written. */
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly InternalMigration[] = [
  {
    version: 20261122000000,
    name: 'cluster identity and transaction marker',
    statements: [
      // One row per marker: 'cluster_id' is this database's stable identity;
      // 'magic write' is updated to place a snapshot exactly in the WAL.
      `CREATE TABLE electric.transaction_marker (
         id varchar(64) PRIMARY KEY,
         content jsonb
       )`,
      `INSERT INTO electric.transaction_marker (id, content)
       VALUES ('cluster_id', to_jsonb(gen_random_uuid()::text)),
              ('magic write', '{}'::jsonb)`,
    ],
  },
];
