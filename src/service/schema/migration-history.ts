/**
 * The captured migrations in the order they were made: what a fresh client
 * receives before any data.
 */
import type { Queryable } from '../postgres/connection.js';
import type { Migration } from '../replication/types.js';

export interface StoredMigration extends Migration {
  readonly xid: number;
}

export async function loadMigrationHistory(client: Queryable): Promise<StoredMigration[]> {
  const { rows } = await client.query<{ version: string; xid: string; ddl: string[] }>(`
    SELECT v.version, (v.txid::text::int8 % 4294967296)::text AS xid, array_agg(d.query ORDER BY d.id) AS ddl
      FROM electric.migration_versions v
      JOIN electric.ddl_commands d ON d.txid = v.txid AND d.txts = v.txts
     GROUP BY v.version, v.txid, v.txts
     ORDER BY min(d.id)`);
  return rows.map((r) => ({ version: r.version, xid: Number(r.xid), ddl: r.ddl }));
}

/**
 * How many migrations the history holds. Migrations are only ever added, so
 * an unchanged count means an unchanged history: a cheap check before a reload.
 */
export async function countMigrations(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`
    SELECT count(*)::int AS n
      FROM electric.migration_versions v
     WHERE EXISTS (SELECT 1 FROM electric.ddl_commands d WHERE d.txid = v.txid AND d.txts = v.txts)`);
  return rows[0]!.n;
}
