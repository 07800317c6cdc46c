/**
 * The migrations proxy's password. With DATABASE_URL it is required
 * (PG_PROXY_PASSWORD). With the embedded Postgres and none set, one is
 * generated on first start and kept beside the cluster (mode 0600), so the
 * proxy is never open without a password and tools keep working across
 * restarts.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../util/log.js';
import { StartupError } from '../util/errors.js';

export const PROXY_PASSWORD_FILE = 'electric.proxy-password';

export async function proxyPassword(configured: string | null, embeddedDataDir: string | null, log: Logger): Promise<string> {
  if (configured !== null) return configured;
  if (embeddedDataDir === null) {
    throw new StartupError('PG_PROXY_PASSWORD_MISSING', 'PG_PROXY_PASSWORD: not set (required when DATABASE_URL is set)');
  }
  const file = path.join(embeddedDataDir, PROXY_PASSWORD_FILE);
  let password = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (!password) {
    password = randomBytes(12).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
  }
  log.info('migrations proxy password (set PG_PROXY_PASSWORD to choose one)', { file });
  return password;
}
