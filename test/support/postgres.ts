/**
 * One real Postgres per test file: the embedded binaries on a free port in a
 * temporary data folder, wal_level=logical unless a test asks otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../../src/service/postgres/embedded.js';
import type { DatabaseConfig } from '../../src/service/config.js';
import { testLogger } from './service.js';

/** Durability off: test clusters are thrown away. */
export const FAST_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  // With synchronous_commit off, WAL reaches the walsender only when the WAL
  // writer flushes it: keep that short so changes stream promptly.
  wal_writer_delay: '10ms',
  // The logical-replication apply worker restarts this soon after it stops
  // (a refused transaction, a publisher restart): 5 s by default.
  wal_retrieve_retry_interval: '100ms',
};

export interface TestPostgres {
  readonly db: DatabaseConfig;
  /** postgresql:// URL with credentials, for DATABASE_URL. */
  readonly url: string;
  readonly dataDir: string;
  readonly embedded: EmbeddedPostgres;
  /** Stops and starts the cluster again on the same port and data folder. */
  restart(): Promise<void>;
  client(database?: string): Promise<pg.Client>;
  /** A fresh, empty database on the same cluster. */
  createDatabase(name: string): Promise<DatabaseConfig & { url: string }>;
  stop(): Promise<void>;
}

export async function tempDir(prefix = 'electric-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export function databaseUrl(db: DatabaseConfig): string {
  const auth = db.password === undefined ? encodeURIComponent(db.user) : `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}`;
  return `postgresql://${auth}@${db.host}:${db.port}/${encodeURIComponent(db.database)}`;
}

export async function startTestPostgres(options: { settings?: Record<string, string> } = {}): Promise<TestPostgres> {
  const root = await tempDir('electric-pg-');
  const dataDir = path.join(root, 'pg');
  const settings = { ...FAST_SETTINGS, ...options.settings };
  // TEST_LOG=1 shows Postgres' own log lines too.
  const logger = testLogger();
  let embedded = new EmbeddedPostgres({ dataDir, port: null, settings, logger });
  const db = await embedded.start();
  const connect = async (database = db.database): Promise<pg.Client> => {
    const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database });
    await client.connect();
    return client;
  };
  return {
    db,
    url: databaseUrl(db),
    dataDir,
    get embedded() {
      return embedded;
    },
    async restart() {
      await embedded.stop();
      embedded = new EmbeddedPostgres({ dataDir, port: db.port, settings, logger });
      await embedded.start();
    },
    client: connect,
    async createDatabase(name: string) {
      const admin = await connect('postgres');
      try {
        await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
      } finally {
        await admin.end();
      }
      const created = { ...db, database: name };
      return { ...created, url: databaseUrl(created) };
    },
    async stop() {
      await embedded.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
