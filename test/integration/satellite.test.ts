/**
 * The Satellite protocol at the wire: upgrade checks, authentication,
 * replication start, migrations, subscriptions with initial data, live
 * filtering, unsubscribe, acks, and every error path with its answer —
 * while other clients keep being served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { decodeRow, bytesToLsn, encodeRpcResponse, lsnToBytes, type Frame } from '../../src/protocol/index.js';
import type { ElectricService } from '../../src/service/server.js';

let pgServer: TestPostgres;
let service: ElectricService;
let sql: pg.Client;
let wsUrl: string;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  const db = await pgServer.createDatabase('satellite');
  sql = await connectClient(db);
  service = await startTestService({ DATABASE_URL: db.url });
  wsUrl = `${service.httpUrl.replace('http', 'ws')}/ws`;
  await sql.query("CREATE TABLE items (id text PRIMARY KEY, value text, n integer)");
  await sql.query("BEGIN; CALL electric.migration_version('20240101_items'); CALL electric.electrify('items'); COMMIT");
});

afterAll(async () => {
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

async function authenticated(clientId = randomUUID()): Promise<TestSatelliteClient> {
  const client = await TestSatelliteClient.connect(wsUrl);
  const res = await client.rpc('authenticate', { id: clientId, token: unsignedToken({ sub: 'user-1' }), headers: [] });
  expect(res.error).toBeFalsy();
  return client;
}

/** Authenticated, replication started (fresh), migrations received. */
async function replicating(): Promise<TestSatelliteClient> {
  const client = await authenticated();
  await client.answerServerStartReplication();
  const res = await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
  expect(res.message).toMatchObject({ unackedWindowSize: 30 });
  await client.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.[0]?.begin?.isMigration));
  return client;
}

function values(frame: Extract<Frame, { type: 'SatOpLog' }>, kind: 'insert' | 'update' | 'delete' | 'gone', columns = 3): string[][] {
  return (frame.message.ops ?? []).flatMap((op) => {
    const o = op[kind] as { rowData?: unknown; oldRowData?: unknown; pkData?: unknown } | null | undefined;
    if (!o) return [];
    const row = (kind === 'delete' ? o.oldRowData : kind === 'gone' ? o.pkData : o.rowData) as Parameters<typeof decodeRow>[0];
    return [decodeRow(row, columns).map((v) => (v === null ? '∅' : Buffer.from(v).toString()))];
  });
}

async function subscribe(client: TestSatelliteClient, where?: string, table = 'items'): Promise<string> {
  const subscriptionId = randomUUID();
  const res = await client.rpc('subscribe', {
    subscriptionId,
    shapeRequests: [{ requestId: 'r1', shapeDefinition: { selects: [{ tablename: table, where: where ?? '' }] } }],
  });
  expect(res.message).toMatchObject({ subscriptionId });
  expect((res.message as { err?: unknown }).err ?? null).toBeNull();
  const begin = await client.waitFor('SatSubsDataBegin', (f) => f.message.subscriptionId === subscriptionId);
  await client.waitFor('SatSubsDataEnd', () => true, 10_000, client.frames.indexOf(begin));
  return subscriptionId;
}

describe('upgrade', () => {
  it('refuses a missing or unknown subprotocol, and a version out of range', async () => {
    await expect(TestSatelliteClient.connect(wsUrl, 'other')).rejects.toMatchObject({ status: 400, body: 'Missing satellite websocket subprotocol' });
    await expect(TestSatelliteClient.connect(wsUrl, ['electric.0.12', 'electric.0.11'])).rejects.toMatchObject({ status: 400 });
    await expect(TestSatelliteClient.connect(wsUrl, 'electric.0.13')).rejects.toMatchObject({
      status: 400,
      body: 'Cannot connect satellite version 0.13.0: this server requires >= 0.10.0 and <= 0.12.1',
    });
    await expect(TestSatelliteClient.connect(wsUrl, 'electric.0.9')).rejects.toMatchObject({ status: 400 });
  });

  it('echoes the subprotocol', async () => {
    const client = await TestSatelliteClient.connect(wsUrl, 'electric.0.12');
    expect(client.ws.protocol).toBe('electric.0.12');
    client.close();
  });

  it('answers other paths with 404', async () => {
    await expect(TestSatelliteClient.connect(wsUrl.replace('/ws', '/nope'))).rejects.toMatchObject({ status: 404 });
    await expect(TestSatelliteClient.connect(wsUrl.replace('/ws', '/proxy'))).rejects.toMatchObject({
      status: 404,
      body: 'Migrations proxy is not configured to accept WebSocket connections',
    });
  });
});

describe('frames and requests before authentication', () => {
  it('answers an undecodable frame with SatErrorResp and closes 1007', async () => {
    const client = await TestSatelliteClient.connect(wsUrl);
    client.sendRaw(new Uint8Array([99, 1, 2, 3]));
    await client.waitFor('SatErrorResp');
    expect((await client.waitClosed()).code).toBe(1007);
  });

  it('answers a request before authentication with AUTH_REQUIRED', async () => {
    const client = await TestSatelliteClient.connect(wsUrl);
    const res = await client.rpc('subscribe', { subscriptionId: randomUUID(), shapeRequests: [] });
    expect(res.error).toMatchObject({ errorType: 1 });
    expect((await client.waitClosed()).code).toBe(1007);
  });

  it('answers an unknown method and a malformed body', async () => {
    const a = await TestSatelliteClient.connect(wsUrl);
    a.sendFrame({ type: 'SatRpcRequest', message: { method: 'frobnicate', requestId: 7, message: new Uint8Array() } });
    const res = await a.waitFor('SatRpcResponse', (f) => f.message.requestId === 7);
    expect(res.message.error).toMatchObject({ errorType: 4, message: 'Unknown method: frobnicate' });
    const b = await TestSatelliteClient.connect(wsUrl);
    b.sendFrame({ type: 'SatRpcRequest', message: { method: 'authenticate', requestId: 1, message: new Uint8Array([0xff, 0xff, 0xff]) } });
    const res2 = await b.waitFor('SatRpcResponse', (f) => f.message.requestId === 1);
    expect(res2.message.error).toMatchObject({ errorType: 4, message: 'Malformed message' });
  });

  it('refuses empty credentials, a token without a user, and a duplicate client id', async () => {
    const a = await TestSatelliteClient.connect(wsUrl);
    expect((await a.rpc('authenticate', { id: '', token: '' })).error).toMatchObject({ errorType: 4, message: 'Not authenticated' });
    const b = await TestSatelliteClient.connect(wsUrl);
    expect((await b.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ name: 'x' }) })).error).toMatchObject({
      errorType: 1,
      message: "Authentication failed: Missing or invalid 'user_id'",
    });
    const id = randomUUID();
    const first = await authenticated(id);
    const dup = await TestSatelliteClient.connect(wsUrl);
    expect((await dup.rpc('authenticate', { id, token: unsignedToken({ sub: 'user-1' }) })).error).toMatchObject({
      errorType: 4,
      message: 'Attempted multiple connections from the same client',
    });
    // The first connection is unaffected.
    expect((await first.rpc('authenticate', { id, token: unsignedToken({ sub: 'user-1' }) })).message).toBeTruthy();
    expect((await first.rpc('authenticate', { id, token: unsignedToken({ sub: 'user-2' }) })).error).toMatchObject({
      message: "Authentication failed: can't change user ID on renewal",
    });
  });
});

describe('replication', () => {
  it('sends its own startReplication with an empty LSN for a new client', async () => {
    const client = await authenticated();
    expect((await client.answerServerStartReplication()).length).toBe(0);
    client.close();
  });

  it('sends every migration to a fresh client as is_migration transactions, SQLite dialect', async () => {
    const client = await replicating();
    const migration = await client.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.[0]?.begin?.isMigration));
    const migrate = migration.message.ops?.find((op) => op.migrate)?.migrate;
    expect(migrate?.version).toBe('20240101_items');
    expect(migrate?.stmts?.[0]?.sql).toContain('CREATE TABLE "items"');
    expect(migrate?.stmts?.[0]?.sql).toContain('WITHOUT ROWID');
    expect(migrate?.table?.pks).toEqual(['id']);
    client.close();
  });

  it('refuses bad start requests with the specified codes', async () => {
    const cases: [object, number][] = [
      [{ lsn: new TextEncoder().encode('12ab') }, 4],
      [{ lsn: new TextEncoder().encode('1') }, 1],
      [{ lsn: lsnToBytes(1n << 60n) }, 2],
      [{ lsn: new Uint8Array(), subscriptionIds: [randomUUID()] }, 2],
      [{ lsn: new Uint8Array(), schemaVersion: 'nope' }, 5],
    ];
    for (const [req, code] of cases) {
      const client = await authenticated();
      const res = await client.rpc('startReplication', req);
      expect(res.message, JSON.stringify(req)).toMatchObject({ err: { code } });
      expect((await client.waitClosed()).code).toBe(1007);
    }
    // Resuming an unknown subscription inside the window.
    const lsn = service.connector!.cache!.lastLsn!;
    const client = await authenticated();
    const res = await client.rpc('startReplication', { lsn: lsnToBytes(lsn), subscriptionIds: [randomUUID()] });
    expect(res.message).toMatchObject({ err: { code: 3 } });
  });

  it('streams live transactions only for subscribed shapes, after the initial data', async () => {
    await sql.query("INSERT INTO items VALUES ('a', 'open', 1), ('b', 'closed', 2)");
    const client = await replicating();
    const unsubscribed = client.frames.length;
    await sql.query("INSERT INTO items VALUES ('c', 'open', 3)");
    await new Promise((r) => setTimeout(r, 300));
    expect(client.frames.slice(unsubscribed).filter((f) => f.type === 'SatOpLog')).toHaveLength(0);

    const before = client.frames.length;
    await subscribe(client);
    const data = client.frames.slice(before).find((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog')!;
    expect(values(data, 'insert').map((r) => r[0]).sort()).toEqual(['a', 'b', 'c']);
    const relation = client.frames.find((f) => f.type === 'SatRelation');
    expect(relation).toBeTruthy();

    const mark = client.frames.length;
    await sql.query("UPDATE items SET value = 'done' WHERE id = 'a'");
    const tx = await client.waitFor('SatOpLog', () => true, 10_000, mark);
    const begin = tx.message.ops?.[0]?.begin;
    expect(begin?.origin).toBe('postgres_1');
    expect(bytesToLsn(begin!.lsn!)).toBeGreaterThan(0n);
    expect(values(tx, 'update')).toEqual([['a', 'done', '1']]);
    expect(tx.message.ops?.find((o) => o.update)?.update?.tags).toEqual([`postgres_1@${Number(begin?.commitTimestamp)}`]);
    client.close();
  });

  it("accepts an ack of the previous connection's last transaction (at or before where this stream started)", async () => {
    const client = await replicating();
    client.sendFrame({ type: 'SatOpLogAck', message: { transactionId: 987655, lsn: lsnToBytes(1n) } });
    // Still served: a subscription goes through.
    await subscribe(client);
    expect(client.closed).toBeNull();
    client.close();
  });

  it('ignores a response to a request it never made (a reconnecting client may answer one twice)', async () => {
    const client = await replicating();
    client.sendFrame(encodeRpcResponse('startReplication', 4242, { message: {} }) as Frame);
    await subscribe(client);
    expect(client.closed).toBeNull();
    client.close();
  });

  it('closes on an ack of a transaction it never sent', async () => {
    const client = await replicating();
    client.sendFrame({ type: 'SatOpLogAck', message: { transactionId: 987654, lsn: new Uint8Array() } });
    await client.waitFor('SatErrorResp');
    expect((await client.waitClosed()).code).toBe(1007);
  });
});

describe('subscriptions', () => {
  it('validates requests with the specified errors, keeping the connection', async () => {
    const client = await replicating();
    const bad = async (req: object) => ((await client.rpc('subscribe', req)).message as { err?: { message?: string; shapeRequestError?: { code?: number }[] } }).err;
    expect((await bad({ subscriptionId: randomUUID(), shapeRequests: [] }))?.message).toBe('Subscription must include at least one shape request');
    const shape = { requestId: 'r', shapeDefinition: { selects: [{ tablename: 'items' }] } };
    expect((await bad({ subscriptionId: 'not-a-uuid', shapeRequests: [shape] }))?.message).toBe('Subscription ID should be a valid UUID');
    expect((await bad({ subscriptionId: randomUUID(), shapeRequests: [shape, shape] }))?.message).toBe('Duplicated request ids are not allowed');
    expect((await bad({ subscriptionId: 'x'.repeat(200), shapeRequests: [shape] }))?.message).toBe('ID too long');
    const unknownTable = await bad({ subscriptionId: randomUUID(), shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'nope' }] } }] });
    expect(unknownTable?.shapeRequestError?.[0]?.code).toBe(1);
    const badWhere = await bad({
      subscriptionId: randomUUID(),
      shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'items', where: 'this.nope = 1' }] } }],
    });
    expect(badWhere?.shapeRequestError?.[0]?.code).toBe(5);
    const empty = await bad({ subscriptionId: randomUUID(), shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [] } }] });
    expect(empty?.shapeRequestError?.[0]?.code).toBe(3);
    // Still serving.
    await subscribe(client);
    client.close();
  });

  it('filters by the where-clause, moves rows in and out, and sends GONE on unsubscribe', async () => {
    await sql.query("INSERT INTO items VALUES ('w1', 'wanted', 10), ('w2', 'other', 11)");
    const client = await replicating();
    const before = client.frames.length;
    const sub = await subscribe(client, "this.value = 'wanted'");
    const data = client.frames.slice(before).find((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog')!;
    expect(values(data, 'insert').map((r) => r[0])).toEqual(['w1']);

    let mark = client.frames.length;
    await sql.query("UPDATE items SET value = 'wanted' WHERE id = 'w2'");
    expect(values(await client.waitFor('SatOpLog', () => true, 10_000, mark), 'insert')).toEqual([['w2', 'wanted', '11']]);

    mark = client.frames.length;
    await sql.query("UPDATE items SET value = 'unwanted' WHERE id = 'w1'");
    const out = await client.waitFor('SatOpLog', () => true, 10_000, mark);
    expect(values(out, 'gone').map((r) => r[0])).toEqual(['w1']);

    mark = client.frames.length;
    await sql.query("DELETE FROM items WHERE id = 'w2'");
    const del = await client.waitFor('SatOpLog', () => true, 10_000, mark);
    expect(values(del, 'delete').map((r) => r[0])).toEqual(['w2']);

    await sql.query("INSERT INTO items VALUES ('w3', 'wanted', 12)");
    await client.waitFor('SatOpLog', (f) => values(f, 'insert').some((r) => r[0] === 'w3'));
    mark = client.frames.length;
    expect((await client.rpc('unsubscribe', { subscriptionIds: [sub] })).message).toBeTruthy();
    await client.waitFor('SatUnsubsDataBegin', () => true, 10_000, mark);
    const gone = await client.waitFor('SatOpLog', () => true, 10_000, mark);
    expect(values(gone, 'gone').map((r) => r[0])).toEqual(['w3']);
    await client.waitFor('SatUnsubsDataEnd', () => true, 10_000, mark);
    client.close();
  });

  it('sends a row held by two overlapping shapes once, and keeps it until the last one goes', async () => {
    await sql.query("INSERT INTO items VALUES ('o1', 'overlap', 20)");
    const client = await replicating();
    const first = await subscribe(client, "this.value = 'overlap'");
    const mark = client.frames.length;
    await subscribe(client, 'this.n >= 20');
    const second = client.frames.slice(mark).filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog');
    expect(second.flatMap((f) => values(f, 'insert')).map((r) => r[0])).not.toContain('o1');
    const unsubMark = client.frames.length;
    await client.rpc('unsubscribe', { subscriptionIds: [first] });
    await new Promise((r) => setTimeout(r, 200));
    const afterUnsub = client.frames.slice(unsubMark);
    expect(afterUnsub.filter((f) => f.type === 'SatUnsubsDataBegin'), JSON.stringify(afterUnsub.filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog').map((f) => values(f, 'gone')))).toHaveLength(0);
    client.close();
  });

  it('loses nothing and duplicates nothing around the snapshot under concurrent writes', async () => {
    const client = await replicating();
    let writing = true;
    let next = 0;
    const writer = (async () => {
      while (writing) {
        await sql.query("INSERT INTO items VALUES ($1, 'race', $2)", [`race-${next}`, next]);
        next++;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    await subscribe(client, "this.value = 'race'");
    await new Promise((r) => setTimeout(r, 200));
    writing = false;
    await writer;
    const expected = Array.from({ length: next }, (_, i) => `race-${i}`);
    const deadline = Date.now() + 10_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = client.frames
        .filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog')
        .flatMap((f) => values(f, 'insert').map((r) => r[0]!))
        .filter((id) => id.startsWith('race-'));
      if (seen.length >= expected.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.sort()).toEqual(expected.sort());
    client.close();
  });
});

describe('secure mode', () => {
  it('answers each kind of bad JWT with AUTH_REQUIRED and its message, and accepts a good one', async () => {
    const { SignJWT } = await import('jose');
    const key = new TextEncoder().encode('k'.repeat(32));
    const db = await pgServer.createDatabase('satellite_secure');
    const secure = await startTestService({ DATABASE_URL: db.url, AUTH_MODE: 'secure', AUTH_JWT_ALG: 'HS256', AUTH_JWT_KEY: 'k'.repeat(32) });
    const url = `${secure.httpUrl.replace('http', 'ws')}/ws`;
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: object, alg = 'HS256', k: Uint8Array = key) => new SignJWT({ ...claims }).setProtectedHeader({ alg }).sign(k);
    try {
      const cases: [string, string][] = [
        ['garbage', 'Invalid token'],
        [unsignedToken({ sub: 'u', iat: now, exp: now + 60 }), 'Signing algorithm mismatch'],
        [await sign({ sub: 'u', iat: now, exp: now + 60 }, 'HS256', new TextEncoder().encode('x'.repeat(32))), 'Invalid token signature'],
        [await sign({ sub: 'u', iat: now - 120, exp: now - 60 }), 'Expired token'],
        [await sign({ sub: 'u', iat: now + 120, exp: now + 180 }), 'Token is not yet valid'],
        [await sign({ sub: 'u', exp: now + 60 }), 'Missing required "iat" claim'],
        [await sign({ iat: now, exp: now + 60 }), "Missing or invalid 'user_id'"],
      ];
      for (const [token, message] of cases) {
        const client = await TestSatelliteClient.connect(url);
        const res = await client.rpc('authenticate', { id: randomUUID(), token });
        expect(res.error, message).toMatchObject({ errorType: 1, message: `Authentication failed: ${message}` });
        expect((await client.waitClosed()).code).toBe(1007);
      }
      const good = await TestSatelliteClient.connect(url);
      expect((await good.rpc('authenticate', { id: randomUUID(), token: await sign({ sub: 'u', iat: now, exp: now + 60 }) })).message).toBeTruthy();
      good.close();
    } finally {
      await secure.stop();
    }
  });
});

describe('many clients', () => {
  it('a client that stops acknowledging is paused at its window while another keeps receiving', async () => {
    await sql.query('CREATE TABLE ticks (id integer PRIMARY KEY)');
    await sql.query("CALL electric.electrify('ticks')");
    const slow = await replicating();
    const fast = await replicating();
    await subscribe(slow, undefined, 'ticks');
    await subscribe(fast, undefined, 'ticks');
    slow.autoAck = false;
    const tickIds = (c: TestSatelliteClient, from = 0) =>
      c.frames
        .slice(from)
        .filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog' && Boolean(f.message.ops?.[0]?.begin))
        .flatMap((f) => values(f, 'insert', 1).map((r) => Number(r[0])));
    const slowBefore = slow.frames.length;
    const fastBefore = fast.frames.length;
    for (let i = 1; i <= 45; i++) await sql.query('INSERT INTO ticks VALUES ($1)', [i]);
    await fast.waitFor('SatOpLog', (f) => values(f, 'insert', 1).some((r) => r[0] === '45'), 15_000, fastBefore);
    // The slow client got at most a window's worth, and the fast one everything.
    const slowTxs = slow.frames.slice(slowBefore).filter((f) => f.type === 'SatOpLog').length;
    expect(slowTxs).toBeLessThanOrEqual(30);
    expect(tickIds(fast, fastBefore)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    // Acknowledging resumes the slow one, without a gap.
    slow.autoAck = true;
    const last = [...slow.frames].reverse().find((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog' && Boolean(f.message.ops?.[0]?.begin))!;
    const begin = last.message.ops![0]!.begin!;
    slow.sendFrame({ type: 'SatOpLogAck', message: { transactionId: begin.transactionId, lsn: begin.lsn } });
    await slow.waitFor('SatOpLog', (f) => values(f, 'insert', 1).some((r) => r[0] === '45'), 15_000, slowBefore);
    expect(tickIds(slow, slowBefore)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    slow.close();
    fast.close();
  });
});

