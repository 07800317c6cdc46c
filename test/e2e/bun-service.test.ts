/**
 * The service as users run it: under Bun (`bun src/cli.ts serve`, what
 * `npm start` and the binary run), as its own process. The rest of the suite
 * runs the service inside vitest under Node; what differs under Bun (its
 * WebSocket and socket layers) is exercised here: an initial sync of several
 * megabytes, which fills the socket; a client that stops reading while
 * megabyte rows stream, beside one that keeps up; the official client
 * syncing, following Postgres and writing; and psql through
 * `electric proxy-tunnel` (also under Bun) and the migrations proxy, with a
 * COPY of several megabytes each way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { connectClient } from '../../src/service/postgres/connection.js';
import { decodeRow, type Frame } from '../../src/protocol/index.js';
import { freePort } from '../../src/util/net.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { cleanEnv, startProcess, waitForStatus, type Running } from '../support/process.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { eventually, officialClient } from '../support/official-client.js';
import { psql, sha256 } from '../support/proxy-clients.js';

const BUN = path.resolve('node_modules/.bin/bun');
const CLI = path.resolve('src/cli.ts');

let pgServer: TestPostgres;
let sql: pg.Client;
let service: Running;
let httpUrl: string;
let wsUrl: string;

/** `electric serve` under Bun on `databaseUrl`; resolves once it is ready. */
async function startBunService(databaseUrl: string, env: Record<string, string> = {}): Promise<{ service: Running; httpUrl: string }> {
  const port = await freePort();
  const service = startProcess(BUN, [CLI, 'serve'], {
    env: cleanEnv({
      DATABASE_URL: databaseUrl,
      DATABASE_REQUIRE_SSL: 'false',
      HTTP_PORT: String(port),
      ELECTRIC_LISTEN_HOST: '127.0.0.1',
      AUTH_MODE: 'insecure',
      PG_PROXY_PASSWORD: 'proxy',
      PG_PROXY_PORT: `http:${await freePort()}`, // the proxy, reachable through the tunnel too
      ELECTRIC_WRITE_TO_PG_MODE: 'direct_writes',
      LOGICAL_PUBLISHER_HOST: '127.0.0.1',
      LOGICAL_PUBLISHER_PORT: String(await freePort()),
      LOG_LEVEL: 'warning',
      ...env,
    }),
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitForStatus(`${httpUrl}/api/status`, 200, 60_000);
  return { service, httpUrl };
}

async function stopBunService(service: Running): Promise<void> {
  service.child.kill('SIGTERM');
  await service.exited;
}

beforeAll(async () => {
  pgServer = await startTestPostgres();
  sql = await connectClient(pgServer.db);
  ({ service, httpUrl } = await startBunService(pgServer.url));
  wsUrl = `${httpUrl.replace('http', 'ws')}/ws`;
  await sql.query('CREATE TABLE bulk (id integer PRIMARY KEY, body text)');
  await sql.query("CALL electric.electrify('bulk')");
  await sql.query('CREATE TABLE notes (id text PRIMARY KEY, body text)');
  await sql.query("CALL electric.electrify('notes')");
}, 120_000);

afterAll(async () => {
  if (service) await stopBunService(service);
  await sql?.end();
  await pgServer?.stop();
});

async function replicating(): Promise<TestSatelliteClient> {
  const client = await TestSatelliteClient.connect(wsUrl);
  expect((await client.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'bun' }), headers: [] })).error).toBeFalsy();
  await client.answerServerStartReplication();
  await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
  return client;
}

/** The ids of the rows inserted by the frames a client received after `from`. */
function insertedIds(client: TestSatelliteClient, from = 0): number[] {
  return client.frames
    .slice(from)
    .filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog')
    .flatMap((f) => (f.message.ops ?? []).flatMap((op) => (op.insert?.rowData ? [Number(Buffer.from(decodeRow(op.insert.rowData, 2)[0]!).toString())] : [])));
}

describe('the service under Bun', () => {
  it('delivers an initial sync of several megabytes whole', async () => {
    await sql.query("INSERT INTO bulk SELECT i, repeat('b', 200) FROM generate_series(1, 40000) i");
    const client = await replicating();
    await client.rpc('subscribe', {
      subscriptionId: randomUUID(),
      shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'bulk' }] } }],
    });
    await client.waitFor('SatSubsDataEnd', () => true, 60_000);
    const ids = insertedIds(client);
    expect(ids).toHaveLength(40000);
    expect(new Set(ids).size).toBe(40000);
    client.close();
    await sql.query('DELETE FROM bulk');
  }, 90_000);

  it('holds back a client that stops reading while another keeps receiving, then catches it up in order', async () => {
    const stalled = await replicating();
    const fast = await replicating();
    for (const c of [stalled, fast]) {
      await c.rpc('subscribe', { subscriptionId: randomUUID(), shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'bulk' }] } }] });
      await c.waitFor('SatSubsDataEnd');
    }
    const stalledFrom = stalled.frames.length;
    const fastFrom = fast.frames.length;
    const socket = (stalled.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    const body = 'x'.repeat(1 << 20);
    for (let i = 1; i <= 12; i++) await sql.query('INSERT INTO bulk VALUES ($1, $2)', [100000 + i, body]);
    const expected = Array.from({ length: 12 }, (_, i) => 100001 + i);
    await fast.waitFor('SatOpLog', () => insertedIds(fast, fastFrom).length >= 12, 30_000, fastFrom);
    expect(insertedIds(fast, fastFrom)).toEqual(expected);
    socket.resume();
    await stalled.waitFor('SatOpLog', () => insertedIds(stalled, stalledFrom).length >= 12, 30_000, stalledFrom);
    expect(insertedIds(stalled, stalledFrom)).toEqual(expected);
    stalled.close();
    fast.close();
  }, 90_000);

  it('serves the official client: sync with a where-clause, live changes, writes into Postgres', async () => {
    await sql.query("INSERT INTO notes VALUES ('n1', 'kept'), ('n2', 'other')");
    const client = await officialClient(httpUrl);
    try {
      await client.subscribe({ tablename: 'notes', where: "this.body = 'kept'" });
      expect(client.rows('SELECT id FROM notes ORDER BY id')).toEqual([{ id: 'n1' }]);
      await sql.query("INSERT INTO notes VALUES ('n3', 'kept')");
      await eventually(() => client.rows<{ id: string }>('SELECT id FROM notes ORDER BY id'), (r) => r.length === 2);
      await client.exec("INSERT INTO notes (id, body) VALUES ('n4', 'kept')");
      const { rows } = await eventually(() => sql.query<{ body: string }>("SELECT body FROM notes WHERE id = 'n4'"), (r) => r.rows.length === 1);
      expect(rows[0]!.body).toBe('kept');
    } finally {
      await client.close();
    }
  }, 60_000);

  it('carries psql through proxy-tunnel and the migrations proxy, with a COPY of several MB each way intact', async () => {
    const localPort = await freePort();
    const tunnel = startProcess(BUN, [CLI, 'proxy-tunnel', '--service', httpUrl, '--local-port', String(localPort)], { env: cleanEnv({}) });
    try {
      await eventually(() => tunnel.output(), (out) => out.includes('Tunnelling'), 20_000);
      const run = (sqlText: string, stdin?: Buffer) =>
        psql(['-q', '-c', sqlText], { port: localPort, password: 'proxy', database: pgServer.db.database, stdin }).done;
      const lines: string[] = [];
      for (let i = 1; i <= 40_000; i++) lines.push(`${i}\t${randomBytes(100).toString('hex')}`);
      const data = Buffer.from(lines.join('\n') + '\n');
      expect(await run('CREATE TABLE copied (id int PRIMARY KEY, payload text)')).toMatchObject({ code: 0, stderr: '' });
      expect(await run('COPY copied FROM STDIN', data)).toMatchObject({ code: 0, stderr: '' });
      const out = await run('COPY (SELECT * FROM copied ORDER BY id) TO STDOUT');
      expect(out.code).toBe(0);
      expect(out.stdout.length).toBe(data.length);
      expect(sha256(out.stdout)).toBe(sha256(data));
    } finally {
      tunnel.child.kill('SIGTERM');
      await tunnel.exited;
    }
  }, 90_000);

  it('in logical_replication mode: Postgres pulls the official client\'s writes from the publisher under Bun', async () => {
    const db = await pgServer.createDatabase('bun_logical');
    const dbSql = await connectClient(db);
    const logical = await startBunService(db.url, { ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' });
    try {
      await dbSql.query('CREATE TABLE todos (id text PRIMARY KEY, title text)');
      await dbSql.query("CALL electric.electrify('todos')");
      const client = await officialClient(logical.httpUrl);
      try {
        await client.subscribe({ tablename: 'todos' });
        for (let i = 1; i <= 20; i++) await client.exec('INSERT INTO todos (id, title) VALUES (?, ?)', `t${i}`, `todo ${i}`);
        const { rows } = await eventually(() => dbSql.query<{ n: number }>('SELECT count(*)::int AS n FROM todos'), (r) => r.rows[0]!.n === 20, 30_000);
        expect(rows[0]!.n).toBe(20);
        await dbSql.query("INSERT INTO todos VALUES ('pg', 'from Postgres')");
        await eventually(() => client.rows<{ id: string }>('SELECT id FROM todos'), (r) => r.length === 21);
      } finally {
        await client.close();
      }
    } finally {
      await stopBunService(logical.service);
      await dbSql.end();
    }
  }, 90_000);
});
