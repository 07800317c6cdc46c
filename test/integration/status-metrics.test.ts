/**
 * The detailed status and /metrics against a real service with real
 * Satellite clients: the figures match what was done (clients, shapes,
 * rows held, transactions in and out, client writes, lag back to zero),
 * /metrics parses as Prometheus text and says the same, and in secure
 * mode both routes need a token of a user named in ELECTRIC_STATUS_USERS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { SignJWT } from 'jose';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { encodeRow, type ISatTransOp } from '../../src/protocol/index.js';
import type { ElectricService } from '../../src/service/server.js';
import type { DetailedStatusBody } from '../../src/service/http/status-route.js';

let pgServer: TestPostgres;
let service: ElectricService;
let sql: pg.Client;
let wsUrl: string;
let db: Awaited<ReturnType<TestPostgres['createDatabase']>>;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  db = await pgServer.createDatabase('status');
  sql = await connectClient(db);
  service = await startTestService({ DATABASE_URL: db.url });
  wsUrl = `${service.httpUrl.replace('http', 'ws')}/ws`;
  await sql.query('CREATE TABLE items (id text PRIMARY KEY, value text, n integer CHECK (n >= 0))');
  await sql.query('CREATE TABLE others (id text PRIMARY KEY)');
  await sql.query("BEGIN; CALL electric.migration_version('20240101_items'); CALL electric.electrify('items'); CALL electric.electrify('others'); COMMIT");
  await sql.query("INSERT INTO items VALUES ('a1', 'a', 1), ('a2', 'a', 2), ('a3', 'a', 3), ('b1', 'b', 1), ('b2', 'b', 2)");
  await sql.query("INSERT INTO others VALUES ('o1'), ('o2')");
});

afterAll(async () => {
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

async function detail(url = service.httpUrl, token?: string): Promise<{ status: number; body: DetailedStatusBody }> {
  const res = await fetch(`${url}/api/status/detail`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as DetailedStatusBody };
}

async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Authenticated as `user`, replication started both ways, migrations received. */
async function replicating(user: string, clientId = randomUUID()): Promise<{ client: TestSatelliteClient; clientId: string }> {
  const client = await TestSatelliteClient.connect(wsUrl);
  const auth = await client.rpc('authenticate', { id: clientId, token: unsignedToken({ sub: user }), headers: [] });
  expect(auth.error).toBeFalsy();
  await client.answerServerStartReplication();
  const start = await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
  expect(start.message).toMatchObject({ unackedWindowSize: 30 });
  await client.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.[0]?.begin?.isMigration));
  return { client, clientId };
}

async function subscribe(client: TestSatelliteClient, where: string): Promise<void> {
  const subscriptionId = randomUUID();
  const res = await client.rpc('subscribe', { subscriptionId, shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'items', where }] } }] });
  expect((res.message as { err?: unknown }).err ?? null).toBeNull();
  await client.waitFor('SatSubsDataEnd');
}

type PromFamily = ReturnType<typeof parsePrometheusTextFormat>[number];

async function scrape(url = service.httpUrl): Promise<Map<string, PromFamily>> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const families = parsePrometheusTextFormat(await res.text());
  return new Map(families.map((f) => [f.name, f]));
}

function value(families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.get(name);
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return metric?.value === undefined ? undefined : Number(metric.value);
}

describe('figures of a service with clients and shapes', () => {
  const clients: { client: TestSatelliteClient; clientId: string; user: string }[] = [];

  beforeAll(async () => {
    // Three clients: two subscribe to the rows with value 'a', one to every row.
    for (const user of ['alice', 'bob', 'carol']) clients.push({ ...(await replicating(user)), user });
    await subscribe(clients[0]!.client, "this.value = 'a'");
    await subscribe(clients[1]!.client, "this.value = 'a'");
    await subscribe(clients[2]!.client, '');
  });

  afterAll(() => {
    for (const { client } of clients) client.close();
  });

  it('lists every connected client and every shape with the rows it holds', async () => {
    const { status, body } = await detail();
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.writeMode).toBe('direct_writes');
    expect(body.connections).toBe(3);
    expect(body.clients.map((c) => [c.clientId, c.userId, c.subscriptions])).toEqual(clients.map((c) => [c.clientId, c.user, 1]));
    for (const c of body.clients) {
      expect(Date.parse(c.connectedAt)).toBeLessThanOrEqual(Date.now());
      expect(c.unackedWindow).toBe(30);
      expect(c.bytesSent).toBeGreaterThan(0);
    }
    expect(body.shapes).toEqual([
      { table: 'public.items', where: "this.value = 'a'", subscribers: 2, rowsHeld: 6 },
      { table: 'public.items', where: '', subscribers: 1, rowsHeld: 5 },
    ]);
    expect(body.migrations).toEqual({ version: '20240101_items', count: 1 });
    expect(body.proxy).toEqual({ connections: 0 });
    expect(body.postgres.serverVersion).toMatch(/^\d+/);
  });

  it('counts transactions in and out and the positions clients acknowledged, and lag returns to zero', async () => {
    const before = (await detail()).body;
    // 10 transactions touch an 'a' row (every client gets them), 5 a 'b' row (only carol).
    for (let i = 0; i < 10; i++) await sql.query('UPDATE items SET n = n + 1 WHERE id = $1', [`a${(i % 3) + 1}`]);
    for (let i = 0; i < 5; i++) await sql.query("UPDATE items SET n = n + 1 WHERE id = 'b1'");
    const { rows } = await sql.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const after = await until(
      async () => (await detail()).body,
      (b) => b.clients.every((c) => c.unacked === 0) && b.totals.transactionsOut - before.totals.transactionsOut === 35,
    );
    expect(after.totals.transactionsIn - before.totals.transactionsIn).toBe(15);
    expect(after.totals.transactionsOut - before.totals.transactionsOut).toBe(10 + 10 + 15);
    const sent = (b: DetailedStatusBody) => b.clients.map((c) => c.transactionsSent);
    expect(sent(after).map((n, i) => n - sent(before)[i]!)).toEqual([10, 10, 15]);
    // Carol, sent every transaction, acknowledged the last one.
    expect(after.clients[2]!.acknowledgedLsn).toBe(after.clients[2]!.sentLsn);
    expect(after.clients[2]!.acknowledgedLsn).toBe(after.replication.cache?.lastLsn);
    // The others acknowledged their last 'a' transaction; their stream has passed the 'b' ones.
    for (const c of after.clients.slice(0, 2)) expect(lsnValue(c.acknowledgedLsn!)).toBeLessThan(lsnValue(c.sentLsn!));
    expect(after.throughput.transactionsInPerSecond).toBeGreaterThan(0);
    expect(after.throughput.transactionsOutPerSecond).toBeGreaterThan(0);
    // The stream reads past the last write and the lag goes back to zero.
    const settled = await until(
      async () => (await detail()).body,
      (b) => b.replication.lag.bytes === 0 && lsnValue(b.replication.dispatchedLsn ?? '0/0') >= lsnValue(rows[0]!.lsn),
      30_000,
    );
    expect(settled.replication.lag).toEqual({ bytes: 0, ms: 0 });
    expect(settled.replication.cache?.transactions).toBeGreaterThanOrEqual(15);
  });

  it('counts client writes applied and refused, with the last error', async () => {
    const writer = clients[0]!.client;
    writer.sendFrame({
      type: 'SatRelation',
      message: {
        schemaName: 'public',
        tableType: 0,
        tableName: 'items',
        relationId: 1,
        columns: ['id', 'value', 'n'].map((name) => ({ name, type: 'TEXT', primaryKey: name === 'id', isNullable: name !== 'id' })),
      },
    });
    const tx = (n: number, ops: ISatTransOp[]) => {
      const lsn = new Uint8Array([0, 0, 0, n]);
      writer.sendFrame({ type: 'SatOpLog', message: { ops: [{ begin: { commitTimestamp: Date.now(), lsn } }, ...ops, { commit: { commitTimestamp: Date.now(), lsn } }] } });
    };
    const insert = (id: string, n: string): ISatTransOp => ({ insert: { relationId: 1, rowData: encodeRow([id, 'w', n]), tags: [] } });
    tx(1, [insert('w1', '1')]);
    tx(2, [insert('w2', '2')]);
    let body = await until(async () => (await detail()).body, (b) => b.writes.written === 2);
    expect(body.writes).toMatchObject({ mode: 'direct_writes', written: 2, rejected: 0, queued: 0, lastError: null });
    expect(body.writes.perSecond).toBeGreaterThan(0);
    // The CHECK refuses this one: counted, its error kept, the client closed.
    tx(3, [insert('w3', '-1')]);
    await writer.waitClosed();
    body = await until(async () => (await detail()).body, (b) => b.writes.rejected === 1 && b.clients.length === 2);
    expect(body.writes.lastError?.message).toContain('items_n_check');
    expect(body.writes.lastError?.clientId).toBe(clients[0]!.clientId);
    expect(body.clients.map((c) => c.userId)).toEqual(['bob', 'carol']);
    expect(body.shapes).toEqual([
      { table: 'public.items', where: '', subscribers: 1, rowsHeld: 7 },
      { table: 'public.items', where: "this.value = 'a'", subscribers: 1, rowsHeld: 3 },
    ]);
  });

  it('serves the same figures at /metrics in the Prometheus text format', async () => {
    service.proxyConnections.inc();
    try {
      const families = await scrape();
      const body = (await detail()).body;
      expect(families.get('electric_clients_connected')?.type).toBe('GAUGE');
      expect(families.get('electric_replication_transactions_total')?.type).toBe('COUNTER');
      expect(value(families, 'electric_ready')).toBe(1);
      expect(value(families, 'electric_clients_connected')).toBe(2);
      expect(value(families, 'electric_shapes_active')).toBe(2);
      expect(value(families, 'electric_shape_rows_held', { table: 'public.items', where: "this.value = 'a'" })).toBe(3);
      expect(value(families, 'electric_shape_subscribers', { where: '' })).toBe(1);
      expect(value(families, 'electric_replication_transactions_total')).toBe(body.totals.transactionsIn);
      expect(value(families, 'electric_transactions_sent_total')).toBe(body.totals.transactionsOut);
      expect(value(families, 'electric_client_writes_applied_total')).toBe(2);
      expect(value(families, 'electric_client_writes_rejected_total')).toBe(1);
      expect(value(families, 'electric_replication_lag_bytes')).toBe(body.replication.lag.bytes);
      expect(value(families, 'electric_transaction_cache_transactions')).toBe(body.replication.cache?.transactions);
      expect(value(families, 'electric_migration_info', { version: '20240101_items' })).toBe(1);
      expect(value(families, 'electric_proxy_connections')).toBe(1);
      const carol = body.clients.find((c) => c.userId === 'carol')!;
      expect(value(families, 'electric_client_sent_bytes_total', { client_id: carol.clientId, user_id: 'carol' })).toBeGreaterThan(0);
      expect(value(families, 'electric_client_unacked_transactions', { user_id: 'carol' })).toBe(0);
      expect(value(families, 'electric_client_acknowledged_lsn', { user_id: 'carol' })).toBe(lsnValue(carol.acknowledgedLsn!));
      expect(value(families, 'electric_info', { write_mode: 'direct_writes', auth_mode: 'insecure' })).toBe(1);
      // A client that left is no longer listed.
      expect(families.get('electric_client_unacked_transactions')?.metrics.map((m) => m.labels?.user_id).sort()).toEqual(['bob', 'carol']);
    } finally {
      service.proxyConnections.dec();
    }
  });

  it('splits the rows of a subscription spanning two tables between its shapes', async () => {
    const { client } = await replicating('dave');
    clients.push({ client, clientId: '', user: 'dave' });
    const subscriptionId = randomUUID();
    const res = await client.rpc('subscribe', {
      subscriptionId,
      shapeRequests: [
        { requestId: 'r1', shapeDefinition: { selects: [{ tablename: 'items', where: "this.value = 'a'" }] } },
        { requestId: 'r2', shapeDefinition: { selects: [{ tablename: 'others', where: '' }] } },
      ],
    });
    expect((res.message as { err?: unknown }).err ?? null).toBeNull();
    await client.waitFor('SatSubsDataEnd');
    const { body } = await detail();
    expect(body.clients.find((c) => c.userId === 'dave')?.subscriptions).toBe(1);
    expect(body.shapes).toEqual([
      { table: 'public.items', where: '', subscribers: 1, rowsHeld: 7 },
      { table: 'public.items', where: "this.value = 'a'", subscribers: 2, rowsHeld: 6 },
      { table: 'public.others', where: '', subscribers: 1, rowsHeld: 2 },
    ]);
  });
});

function lsnValue(text: string): number {
  const [high, low] = text.split('/');
  return parseInt(high!, 16) * 2 ** 32 + parseInt(low!, 16);
}

describe('access in secure mode', () => {
  const key = 'status-test-secret-key-of-32-bytes!!';
  let secure: ElectricService;

  beforeAll(async () => {
    secure = await startTestService({
      DATABASE_URL: db.url,
      AUTH_MODE: 'secure',
      AUTH_JWT_ALG: 'HS256',
      AUTH_JWT_KEY: key,
      ELECTRIC_STATUS_USERS: 'ops, oncall',
    });
  });

  afterAll(async () => {
    await secure?.stop();
  });

  const token = (sub: string, secret = key, expiresIn = '1h') =>
    new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));

  async function get(path: string, bearer?: string): Promise<{ status: number; body: string; auth: string | null }> {
    const res = await fetch(`${secure.httpUrl}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    return { status: res.status, body: await res.text(), auth: res.headers.get('www-authenticate') };
  }

  it('keeps the plain status public', async () => {
    expect((await get('/api/status')).status).toBe(200);
  });

  it('refuses no token, a bad token and a user not named; serves a named user', async () => {
    for (const path of ['/api/status/detail', '/metrics']) {
      const none = await get(path);
      expect(none).toMatchObject({ status: 401, auth: 'Bearer' });
      expect(JSON.parse(none.body)).toMatchObject({ error: 'unauthorized' });
      const forged = await get(path, await token('ops', 'another-secret-key-of-32-bytes!!!!!!'));
      expect(forged.status).toBe(401);
      expect(JSON.parse(forged.body).message).toBe('Authentication failed: Invalid token signature');
      const other = await get(path, await token('mallory'));
      expect(other.status).toBe(403);
      expect(JSON.parse(other.body).message).toContain('ELECTRIC_STATUS_USERS');
      expect((await get(path, await token('oncall'))).status).toBe(200);
    }
    const ok = JSON.parse((await get('/api/status/detail', await token('ops'))).body) as DetailedStatusBody;
    expect(ok).toMatchObject({ status: 'ready', authMode: 'secure' });
  });

  it('answers a malformed or expired Authorization with 401 and goes on serving', async () => {
    const raw = async (path: string, authorization: string) => {
      const res = await fetch(`${secure.httpUrl}${path}`, { headers: { authorization } });
      return { status: res.status, auth: res.headers.get('www-authenticate'), body: JSON.parse(await res.text()) as { error: string; message: string } };
    };
    const expired = await new SignJWT({ sub: 'ops' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(key));
    const cases: [string, string][] = [
      ['Basic b3BzOnNlY3JldA==', 'A token is required'],
      ['Bearer', 'A token is required'],
      ['Bearer two tokens', 'A token is required'],
      ['Bearer not-a-jwt', 'Authentication failed: Invalid token'],
      [`Bearer ${expired}`, 'Authentication failed: Expired token'],
    ];
    for (const path of ['/api/status/detail', '/metrics']) {
      for (const [authorization, message] of cases) {
        const answer = await raw(path, authorization);
        expect(answer, `${path} ${authorization}`).toMatchObject({ status: 401, auth: 'Bearer', body: { error: 'unauthorized' } });
        expect(answer.body.message).toContain(message);
      }
      expect((await get(path, await token('ops'))).status).toBe(200);
    }
  });
});
