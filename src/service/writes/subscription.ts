/**
 * The subscription `postgres_1` through which Postgres pulls client writes
 * from Electric's logical publisher (spec §4.1 items 4 and 7).
 *
 * It is created without connecting (the publisher cannot export a
 * snapshot), and its connection string is rewritten at every start: the
 * publisher's port may have changed, and its password is new each time.
 * Tables join it with `REFRESH PUBLICATION … copy_data = false`, which asks
 * the publisher for its table list; a table missing from the subscription
 * would have its changes silently skipped by the apply worker, so the
 * publisher refreshes before it streams a table the subscription lacks.
 */
import { pgErrorCode, type Queryable } from '../postgres/connection.js';
import { StartupError } from '../../util/errors.js';
import { PUBLICATION_NAME } from '../replication/types.js';

export const SUBSCRIPTION_NAME = 'postgres_1';

export interface PublisherEndpoint {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly password: string;
}

function quoteConnValue(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function publisherConnectionString(e: PublisherEndpoint): string {
  return [
    `host=${quoteConnValue(e.host)}`,
    `port=${e.port}`,
    `dbname=${quoteConnValue(e.database)}`,
    `password=${quoteConnValue(e.password)}`,
    'sslmode=disable',
    'gssencmode=disable',
    'connect_timeout=5',
  ].join(' ');
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The one error naming the missing privilege and how to grant it. */
async function privilegeError(client: Queryable, err: unknown): Promise<StartupError> {
  const { rows } = await client
    .query<{ role: string; version: number }>("SELECT current_user AS role, current_setting('server_version_num')::int AS version")
    .catch(() => ({ rows: [] as { role: string; version: number }[] }));
  const role = rows[0]?.role ?? '<role>';
  const pg16 = (rows[0]?.version ?? 0) >= 160000;
  const fix = pg16
    ? `run as a superuser: ALTER ROLE "${role}" SUPERUSER; (or GRANT pg_create_subscription TO "${role}"; together with CREATE on the database)`
    : `run as a superuser: ALTER ROLE "${role}" SUPERUSER;`;
  return new StartupError(
    'SUBSCRIPTION_PRIVILEGE',
    `ELECTRIC_WRITE_TO_PG_MODE=logical_replication needs to create the subscription ${SUBSCRIPTION_NAME}, which role "${role}" may not do (${err instanceof Error ? err.message : String(err)}). Either ${fix}, or set ELECTRIC_WRITE_TO_PG_MODE=direct_writes.`,
    { cause: err },
  );
}

/** Creates the subscription, or points the existing one at this publisher; then enables it. */
export async function ensureSubscription(client: Queryable, endpoint: PublisherEndpoint): Promise<void> {
  const conninfo = literal(publisherConnectionString(endpoint));
  try {
    try {
      await client.query(`CREATE SUBSCRIPTION ${SUBSCRIPTION_NAME} CONNECTION ${conninfo} PUBLICATION ${PUBLICATION_NAME} WITH (connect = false)`);
    } catch (err) {
      if (pgErrorCode(err) !== '42710') throw err; // duplicate_object: it exists
      await client.query(`ALTER SUBSCRIPTION ${SUBSCRIPTION_NAME} CONNECTION ${conninfo}`);
    }
    await client.query(`ALTER SUBSCRIPTION ${SUBSCRIPTION_NAME} ENABLE`);
  } catch (err) {
    if (pgErrorCode(err) === '42501') throw await privilegeError(client, err);
    throw err;
  }
}

/** Makes the subscription take every table the publisher publishes now. */
export async function refreshSubscription(client: Queryable): Promise<void> {
  await client.query(`ALTER SUBSCRIPTION ${SUBSCRIPTION_NAME} REFRESH PUBLICATION WITH (copy_data = false)`);
}

/** direct_writes: a subscription left by logical_replication mode must not pull (errors ignored, as in the legacy service). */
export async function disableSubscription(client: Queryable): Promise<void> {
  await client.query(`ALTER SUBSCRIPTION ${SUBSCRIPTION_NAME} DISABLE`).catch(() => {});
}

/** `schema.table` of every relation in the subscription. */
export async function subscribedRelations(client: Queryable): Promise<Set<string>> {
  const { rows } = await client.query<{ s: string; t: string }>(
    `SELECT n.nspname AS s, c.relname AS t
       FROM pg_subscription_rel r
       JOIN pg_subscription sub ON sub.oid = r.srsubid
       JOIN pg_class c ON c.oid = r.srrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE sub.subname = $1 AND sub.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [SUBSCRIPTION_NAME],
  );
  return new Set(rows.map((r) => `${r.s}.${r.t}`));
}
