/**
 * What every benchmark needs: a throwaway embedded Postgres tuned for speed,
 * the service's environment pointing at it, and a table printer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '../src/service/postgres/embedded.js';
import type { DatabaseConfig } from '../src/service/config.js';
import { freePort } from '../src/util/net.js';

export interface BenchPostgres {
  readonly db: DatabaseConfig;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startBenchPostgres(settings: Record<string, string> = {}): Promise<BenchPostgres> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'electric-bench-'));
  const embedded = new EmbeddedPostgres({
    dataDir: path.join(root, 'pg'),
    port: null,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', wal_writer_delay: '10ms', ...settings },
  });
  const db = await embedded.start();
  return {
    db,
    url: `postgresql://${db.user}:${encodeURIComponent(db.password ?? '')}@${db.host}:${db.port}/${db.database}`,
    async stop() {
      await embedded.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The service's settings for a benchmark: loopback, insecure auth, quiet. */
export async function benchServiceEnv(databaseUrl: string, httpPort: number): Promise<Record<string, string>> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_REQUIRE_SSL: 'false',
    HTTP_PORT: String(httpPort),
    ELECTRIC_LISTEN_HOST: '127.0.0.1',
    AUTH_MODE: 'insecure',
    PG_PROXY_PASSWORD: 'bench',
    PG_PROXY_PORT: String(await freePort()),
    ELECTRIC_WRITE_TO_PG_MODE: 'direct_writes',
    LOG_LEVEL: 'error',
  };
}

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
