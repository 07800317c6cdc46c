/**
 * The official electric-sql 0.12.1 client, driven from Node with
 * better-sqlite3 in raw mode (no generated schema: it takes every table
 * from the migrations it receives), as a test peer of our service.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { electrify } from 'electric-sql/node';
import { DbSchema } from 'electric-sql/client/model';
import { insecureAuthToken } from 'electric-sql/auth';

export interface OfficialClient {
  readonly db: Database.Database;
  readonly electric: Awaited<ReturnType<typeof electrify>>;
  readonly clientId: string;
  disconnect(): Promise<void>;
  reconnect(): Promise<void>;
  subscribe(shape: { tablename: string; where?: string }): Promise<void>;
  rows<T = Record<string, unknown>>(query: string, ...args: unknown[]): T[];
  /** A local write, captured by the client's triggers and sent at once. */
  exec(query: string, ...args: unknown[]): Promise<void>;
  close(): Promise<void>;
}

interface SatelliteInternals {
  subscribe(shapes: object[]): Promise<{ synced: Promise<void> }>;
  _authState?: { clientId?: string };
}

let counter = 0;

export async function officialClient(serviceUrl: string, options: { user?: string } = {}): Promise<OfficialClient> {
  // A file of its own: the client keys its satellites by the database's name.
  const file = path.join(os.tmpdir(), `electric-official-${process.pid}-${++counter}-${Date.now()}.db`);
  const db = new Database(file);
  const token = insecureAuthToken({ sub: options.user ?? 'official-user' });
  const electric = await electrify(db, new DbSchema({}, [], []), { url: serviceUrl, debug: process.env.ELECTRIC_DEBUG === '1' } as never);
  await electric.connect(token);
  const satellite = (electric as unknown as { satellite: SatelliteInternals }).satellite;
  const clientId = (db.prepare("SELECT value FROM _electric_meta WHERE key = 'clientId'").get() as { value: string }).value;
  return {
    db,
    electric,
    clientId,
    disconnect: async () => electric.disconnect(),
    reconnect: async () => electric.connect(token),
    async subscribe(shape) {
      const { synced } = await satellite.subscribe([shape]);
      await synced;
    },
    rows: <T,>(query: string, ...args: unknown[]) => db.prepare(query).all(...args) as T[],
    async exec(query, ...args) {
      // Through the client's adapter, as its own table API writes (unsafeExec only reads with better-sqlite3).
      await electric.adapter.run({ sql: query, args: args as never });
      electric.potentiallyChanged();
    },
    async close() {
      await electric.close();
      db.close();
      for (const suffix of ['', '-wal', '-shm', '-journal']) await fs.rm(file + suffix, { force: true });
    },
  };
}

/** Polls `read` until `check` holds; throws with the last value after the timeout. */
export async function eventually<T>(read: () => T | Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

/**
 * The official client rejects promises nobody awaits when it is
 * disconnected mid-flight (its own races, not the service's): "Connection
 * cancelled by 'disconnect'" and "sending a transaction while outbound
 * replication has not started". It also throws "socket error" from its
 * WebSocket's error listener, outside any promise, when a connection attempt
 * fails (the service is restarting) — then reconnects by itself. Tests that
 * toggle connections or restart the service on purpose swallow exactly
 * those; anything else still reaches the test runner. Returns the function
 * that restores the runner's handlers.
 */
export function tolerateOfficialClientDisconnectRaces(): () => void {
  const known = [/^Connection cancelled by 'disconnect'/, /^sending a transaction while outbound replication has not started/, /^socket error$/];
  const isKnown = (reason: unknown): boolean => known.some((re) => re.test(reason instanceof Error ? reason.message : String(reason)));
  const rejections = process.listeners('unhandledRejection');
  const exceptions = process.listeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.removeAllListeners('uncaughtException');
  const onRejection = (reason: unknown, promise: Promise<unknown>): void => {
    if (!isKnown(reason)) for (const listener of rejections) listener(reason, promise);
  };
  const onException = (error: Error, origin: NodeJS.UncaughtExceptionOrigin): void => {
    if (!isKnown(error)) for (const listener of exceptions) listener(error, origin);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    for (const listener of rejections) process.on('unhandledRejection', listener);
    for (const listener of exceptions) process.on('uncaughtException', listener);
  };
}
