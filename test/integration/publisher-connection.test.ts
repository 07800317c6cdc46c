/**
 * The logical publisher's connections under bad input and silence: the
 * server side of the replication protocol (publisher-connection.ts) on a
 * real socket, answered by a real LogicalPublisher whose queries go to a
 * real database that lacks Electric's schema, so that its catalog queries
 * fail as a broken database makes them fail. Limits are shortened per port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { Logger } from '../../src/util/log.js';
import { LogicalPublisher } from '../../src/service/writes/publisher.js';
import type { DatabaseConfig } from '../../src/service/config.js';

let pgServer: TestPostgres;
let dbConfig: DatabaseConfig;
let bare: pg.Client;
const logLines: string[] = [];
const logger = new Logger({ level: 'debug', pretty: false, sink: { write: (line) => logLines.push(line) } });

beforeAll(async () => {
  pgServer = await startTestPostgres();
  dbConfig = await pgServer.createDatabase('bare');
  bare = await connectClient(dbConfig);
});

afterAll(async () => {
  await bare?.end();
  await pgServer?.stop();
});

function newPublisher(log = logger): LogicalPublisher {
  return new LogicalPublisher({ host: '127.0.0.1', port: 0, allowRemote: false, db: dbConfig, queries: () => bare, logger: log });
}

async function until<T>(read: () => T | Promise<T>, check: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('stopping', () => {
  it('a retry wait of the prepare loop neither delays stop nor outlives it', async () => {
    const lines: string[] = [];
    const publisher = newPublisher(new Logger({ level: 'debug', pretty: false, sink: { write: (line) => lines.push(line) } }));
    const table = {
      oid: 1,
      schema: 'public',
      name: 'items',
      columns: [{ name: 'id', typeName: 'text', typeOid: 25, nullable: false, isPk: true, enumValues: null }],
      pks: ['id'],
      fks: [],
    };
    // Preparing it needs Electric's schema, which this database lacks: the loop retries.
    const written = publisher.write({ clientId: 'c1', lsn: new Uint8Array([1]), commitTimestamp: Date.now(), changes: [{ table, kind: 'insert', values: ['a'], modified: [], observed: [] }] });
    written.catch(() => {});
    const retries = (): number => lines.filter((l) => l.includes('retrying')).length;
    await until(retries, (n) => n >= 2);
    const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const waiting = timeouts();
    const started = Date.now();
    await publisher.stop();
    expect(Date.now() - started).toBeLessThan(300);
    expect(timeouts()).toBe(waiting - 1);
    await expect(written).rejects.toMatchObject({ code: 'STOPPED' });
    const logged = lines.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(lines.slice(logged)).toEqual([]);
  });
});
