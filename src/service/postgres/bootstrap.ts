/**
 * Installs and upgrades the `electric` schema. All pending migrations run in
 * one transaction behind a transaction-scoped advisory lock, so that two
 * services starting at once apply them exactly once and neither fails.
 */
import type pg from 'pg';
import { MIGRATIONS, type InternalMigration } from './migrations/index.js';
import { FUNCTIONS } from './sql/functions.js';

/** Advisory lock key for the bootstrap ("elec" in ASCII). */
export const BOOTSTRAP_LOCK_KEY = 0x656c6563;

export interface BootstrapResult {
  /** Versions applied by this call (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The newest version in the database after the call. */
  readonly current: number | null;
}

export async function bootstrapElectricSchema(
  client: pg.Client,
  migrations: readonly InternalMigration[] = MIGRATIONS,
  withFunctions = migrations === MIGRATIONS,
): Promise<BootstrapResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
    await client.query('CREATE SCHEMA IF NOT EXISTS electric');
    await client.query(`CREATE TABLE IF NOT EXISTS electric.schema_migrations (
      version int8 PRIMARY KEY,
      name text NOT NULL,
      inserted_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: string }>('SELECT version FROM electric.schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await client.query(statement);
      await client.query('INSERT INTO electric.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
      done.add(migration.version);
    }
    if (withFunctions) {
      // Function bodies belong to this service version: redefine them, then
      // regenerate every electrified table's triggers and the publication.
      for (const statement of FUNCTIONS) await client.query(statement);
      await client.query('SELECT electric.__refresh_all()');
    }
    await client.query('COMMIT');
    const current = done.size > 0 ? Math.max(...done) : null;
    return { applied, current };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
