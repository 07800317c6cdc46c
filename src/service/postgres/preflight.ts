/**
 * Checks that the Postgres we were pointed at can run Electric, and names
 * the exact fix for each thing that is missing. All problems are reported
 * together so that one round of fixes is enough.
 */
import type pg from 'pg';
import { StartupError } from '../../util/errors.js';

export const MIN_SERVER_VERSION_NUM = 140000;

export interface ServerInfo {
  readonly serverVersion: string;
  readonly serverVersionNum: number;
  readonly walLevel: string;
  readonly user: string;
  readonly database: string;
  readonly isSuperuser: boolean;
  readonly canReplicate: boolean;
  readonly canCreateInDatabase: boolean;
  readonly maxReplicationSlots: number;
  readonly maxWalSenders: number;
}

export async function readServerInfo(client: pg.Client): Promise<ServerInfo> {
  const { rows } = await client.query<{
    server_version: string;
    server_version_num: string;
    wal_level: string;
    user: string;
    database: string;
    rolsuper: boolean;
    rolreplication: boolean;
    can_create: boolean;
    max_replication_slots: string;
    max_wal_senders: string;
  }>(`
    SELECT current_setting('server_version') AS server_version,
           current_setting('server_version_num') AS server_version_num,
           current_setting('wal_level') AS wal_level,
           current_user AS "user",
           current_database() AS database,
           r.rolsuper, r.rolreplication,
           has_database_privilege(current_database(), 'CREATE') AS can_create,
           current_setting('max_replication_slots') AS max_replication_slots,
           current_setting('max_wal_senders') AS max_wal_senders
      FROM pg_roles r WHERE r.rolname = current_user`);
  const row = rows[0];
  if (!row) throw new StartupError('PG_PREFLIGHT', 'could not read the current role from pg_roles');
  return {
    serverVersion: row.server_version,
    serverVersionNum: Number(row.server_version_num),
    walLevel: row.wal_level,
    user: row.user,
    database: row.database,
    isSuperuser: row.rolsuper,
    canReplicate: row.rolsuper || row.rolreplication,
    canCreateInDatabase: row.rolsuper || row.can_create,
    maxReplicationSlots: Number(row.max_replication_slots),
    maxWalSenders: Number(row.max_wal_senders),
  };
}

/** Returns one line per problem, each with its fix; empty when all is well. */
export function preflightProblems(info: ServerInfo): string[] {
  const problems: string[] = [];
  const role = quoteIdent(info.user);
  if (info.serverVersionNum < MIN_SERVER_VERSION_NUM) {
    problems.push(`Postgres ${info.serverVersion} is too old: Electric needs Postgres 14 or newer.`);
  }
  if (info.walLevel !== 'logical') {
    problems.push(
      `wal_level is "${info.walLevel}" but Electric needs logical replication: run \`ALTER SYSTEM SET wal_level = logical;\` as a superuser, then restart Postgres.`,
    );
  }
  if (!info.canReplicate) {
    problems.push(`role ${info.user} may not use replication: run \`ALTER ROLE ${role} WITH REPLICATION;\` as a superuser.`);
  }
  if (!info.canCreateInDatabase) {
    problems.push(
      `role ${info.user} may not create schemas in database ${info.database}: run \`GRANT CREATE ON DATABASE ${quoteIdent(info.database)} TO ${role};\`.`,
    );
  }
  if (info.maxReplicationSlots < 2) {
    problems.push(`max_replication_slots is ${info.maxReplicationSlots}: set it to at least 2 (\`ALTER SYSTEM SET max_replication_slots = 10;\`) and restart Postgres.`);
  }
  if (info.maxWalSenders < 2) {
    problems.push(`max_wal_senders is ${info.maxWalSenders}: set it to at least 2 (\`ALTER SYSTEM SET max_wal_senders = 10;\`) and restart Postgres.`);
  }
  return problems;
}

export function assertPreflight(info: ServerInfo): void {
  const problems = preflightProblems(info);
  if (problems.length > 0) {
    throw new StartupError('PG_PREFLIGHT', `Postgres at ${info.database} cannot run Electric yet:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
}

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
