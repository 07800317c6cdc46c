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

async function authenticated(clientId: string = randomUUID()): Promise<TestSatelliteClient> {
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

  it('admits one of two authenticate requests sent at once, and leaves no client id claimed after closing', async () => {
    const [idA, idB] = [randomUUID(), randomUUID()];
    const client = await TestSatelliteClient.connect(wsUrl);
    const token = unsignedToken({ sub: 'user-1' });
    const answers = await Promise.all([client.rpc('authenticate', { id: idA, token }), client.rpc('authenticate', { id: idB, token })]);
    expect(answers.filter((a) => a.error)).toMatchObject([{ error: { errorType: 4, message: 'Already authenticated' } }]);
    await client.waitClosed();
    // Neither id is left claimed by the closed connection.
    (await authenticated(idA)).close();
    (await authenticated(idB)).close();
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

  it('sends a migration once to a client that connects while the stream has yet to reach it', async () => {
    // A big transaction ahead of the migration keeps the stream busy while the client connects.
    await sql.query('CREATE TABLE filler (id integer, pad text)');
    await sql.query("INSERT INTO filler SELECT i, repeat('x', 200) FROM generate_series(1, 300000) i");
    await sql.query("BEGIN; CALL electric.migration_version('20240301_late'); CREATE TABLE late (id text PRIMARY KEY); CALL electric.electrify('late'); COMMIT");
    const client = await authenticated();
    await client.answerServerStartReplication();
    await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
    const versions = (): string[] =>
      client.frames.flatMap((f) => (f.type === 'SatOpLog' ? (f.message.ops ?? []).flatMap((op) => (op.migrate?.version ? [op.migrate.version] : [])) : []));
    await client.waitFor('SatOpLog', () => versions().includes('20240301_late'), 20_000);
    // A subscription's data is placed in the stream after its snapshot: past the migration's commit.
    await subscribe(client, undefined, 'late');
    expect(versions().filter((v) => v === '20240301_late')).toHaveLength(1);
    client.close();
  });

  it('refuses a startReplication sent while another is being handled', async () => {
    const client = await authenticated();
    await client.answerServerStartReplication();
    const start = { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 };
    const first = client.rpc('startReplication', start).catch(() => null); // the refusal closes the connection before its answer
    const second = await client.rpc('startReplication', start);
    expect(second.error).toMatchObject({ errorType: 4, message: 'Replication is already active' });
    expect((await client.waitClosed()).code).toBe(1007);
    await first;
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

  it('an unsubscribe that arrives while the initial data is being read follows the data with its GONE batch', async () => {
    await sql.query('CREATE TABLE big (id integer PRIMARY KEY, body text)');
    await sql.query("CALL electric.electrify('big')");
    await sql.query("INSERT INTO big SELECT i, repeat('b', 100) FROM generate_series(1, 30000) i");
    const client = await replicating();
    // The stream passes those rows first: then the subscription's marker comes at once.
    const { rows: wal } = await sql.query<{ lsn: string }>("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text AS lsn");
    expect(await service.connector!.cache!.reach(BigInt(wal[0]!.lsn), 10_000)).toBe(true);
    const mark = client.frames.length;
    const subscriptionId = randomUUID();
    const answered = client.rpc('subscribe', { subscriptionId, shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'big' }] } }] });
    await answered;
    // The marker passes the stream at once; reading 30k rows takes a while longer.
    await new Promise((r) => setTimeout(r, 30));
    await client.rpc('unsubscribe', { subscriptionIds: [subscriptionId] });
    await client.waitFor('SatUnsubsDataEnd', () => true, 20_000, mark);
    const after = client.frames.slice(mark);
    const delivered = after.filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog').flatMap((f) => values(f, 'insert', 2));
    const gone = after.filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog').flatMap((f) => values(f, 'gone', 2));
    // Whatever arrived is taken back: nothing stays on the client.
    expect(gone.length).toBe(delivered.length);
    client.close();
  }, 60_000);

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
    // The batch still comes (it ends the unsubscribe), with nothing in it: the other shape holds o1.
    await client.waitFor('SatUnsubsDataEnd', () => true, 10_000, unsubMark);
    const batch = client.frames.slice(unsubMark).filter((f) => f.type !== 'SatRpcResponse');
    expect(batch.map((f) => f.type)).toEqual(['SatUnsubsDataBegin', 'SatUnsubsDataEnd']);
    expect((batch[0] as Extract<Frame, { type: 'SatUnsubsDataBegin' }>).message.subscriptionIds).toEqual([first]);
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

describe('resuming after an unsubscribe', () => {
  type OpLog = Extract<Frame, { type: 'SatOpLog' }>;

  /** A fresh client with a known id, replicating. */
  async function freshAs(clientId: string): Promise<TestSatelliteClient> {
    const client = await authenticated(clientId);
    await client.answerServerStartReplication();
    expect((await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [] })).message).toMatchObject({ unackedWindowSize: 30 });
    return client;
  }

  /** Connects again as `clientId` once the service has let go of its previous connection. */
  async function reconnectAs(clientId: string): Promise<TestSatelliteClient> {
    for (let attempt = 0; ; attempt++) {
      const client = await TestSatelliteClient.connect(wsUrl);
      const res = await client.rpc('authenticate', { id: clientId, token: unsignedToken({ sub: 'user-1' }), headers: [] });
      if (!res.error) {
        await client.answerServerStartReplication();
        return client;
      }
      client.close();
      if (attempt > 50) throw new Error(`could not reconnect: ${res.error.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The client's startReplication; returns the answer and the index of its frame. */
  async function resume(client: TestSatelliteClient, lsn: bigint, subscriptionIds: string[], observedGoneBatch: string[] = []) {
    const res = await client.rpc('startReplication', { lsn: lsnToBytes(lsn), subscriptionIds, observedGoneBatch });
    const at = client.frames.findIndex((f) => f.type === 'SatRpcResponse' && f.message.method === 'startReplication');
    return { message: res.message as { err?: { code?: number; message?: string } | null; unackedWindowSize?: number }, at };
  }

  /** The next transaction from `from` on, with its xid and commit LSN. */
  async function nextTx(client: TestSatelliteClient, from: number): Promise<{ frame: OpLog; xid: number; lsn: bigint }> {
    const frame = await client.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.[0]?.begin), 10_000, from);
    const lsn = frame.message.ops!.find((op) => op.commit)!.commit!.lsn!;
    return { frame, xid: Number(frame.message.ops![0]!.begin!.transactionId), lsn: bytesToLsn(lsn) };
  }

  async function storedUnsubscribedLsn(clientId: string, subscriptionId: string): Promise<string | null | undefined> {
    const { rows } = await sql.query<{ unsubscribed_lsn: string | null }>(
      'SELECT unsubscribed_lsn::text AS unsubscribed_lsn FROM electric.client_shape_subscriptions WHERE client_id = $1 AND subscription_id = $2',
      [clientId, subscriptionId],
    );
    return rows.length === 0 ? undefined : rows[0]!.unsubscribed_lsn;
  }

  async function until<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    let v = await read();
    while (!check(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      v = await read();
    }
    return v;
  }

  /**
   * Subscribes to 'gone-<tag>' (then unsubscribed) and 'kept-<tag>' rows,
   * receives one more transaction for the first without acknowledging it,
   * unsubscribes it and receives its GONE batch: where the official client
   * stands when it drops before applying that batch.
   */
  async function unsubscribedUnobserved(tag: string) {
    const clientId = randomUUID();
    await sql.query("INSERT INTO items VALUES ($1, $2, 1), ($3, $2, 2), ($4, $5, 3)", [`${tag}-g1`, `gone-${tag}`, `${tag}-g2`, `${tag}-k1`, `kept-${tag}`]);
    const client = await freshAs(clientId);
    const goneSub = await subscribe(client, `this.value = 'gone-${tag}'`);
    const keptSub = await subscribe(client, `this.value = 'kept-${tag}'`);
    client.autoAck = false;
    let mark = client.frames.length;
    await sql.query("INSERT INTO items VALUES ($1, $2, 4)", [`${tag}-g3`, `gone-${tag}`]);
    const last = await nextTx(client, mark);
    expect(values(last.frame, 'insert').map((r) => r[0])).toEqual([`${tag}-g3`]);
    mark = client.frames.length;
    await client.rpc('unsubscribe', { subscriptionIds: [goneSub] });
    await client.waitFor('SatUnsubsDataEnd', () => true, 10_000, mark);
    const gone = client.frames.slice(mark).find((f): f is OpLog => f.type === 'SatOpLog')!;
    expect(values(gone, 'gone').map((r) => r[0]).sort()).toEqual([`${tag}-g1`, `${tag}-g2`, `${tag}-g3`]);
    await until(() => storedUnsubscribedLsn(clientId, goneSub), (v) => typeof v === 'string');
    return { clientId, client, goneSub, keptSub, last };
  }

  it('sends the GONE batch again right after the startReplication answer, then streams; not again once acknowledged past it', async () => {
    const { clientId, client, goneSub, keptSub, last } = await unsubscribedUnobserved('r1');
    // The transaction before the batch is acknowledged, the batch itself not (it never arrived).
    client.sendFrame({ type: 'SatOpLogAck', message: { transactionId: last.xid, lsn: lsnToBytes(last.lsn) } });
    await new Promise((r) => setTimeout(r, 100));
    client.close();
    await client.waitClosed();

    const again = await reconnectAs(clientId);
    again.autoAck = false;
    const { message, at } = await resume(again, last.lsn, [goneSub, keptSub]);
    expect(message.err ?? null).toBeNull();
    expect(message.unackedWindowSize).toBe(30);
    const begin = await again.waitFor('SatUnsubsDataBegin', () => true, 10_000, at);
    expect(begin.message.subscriptionIds).toEqual([goneSub]);
    const beginAt = again.frames.indexOf(begin);
    const batch = again.frames[beginAt + 1] as OpLog;
    expect(batch.type).toBe('SatOpLog');
    expect(values(batch, 'gone').map((r) => r[0]).sort()).toEqual(['r1-g1', 'r1-g2', 'r1-g3']);
    expect(again.frames[beginAt + 2]?.type).toBe('SatUnsubsDataEnd');
    expect(again.frames.slice(at + 1, beginAt).filter((f) => f.type === 'SatOpLog')).toHaveLength(0);

    // Live: the kept shape streams, the unsubscribed one does not.
    const mark = again.frames.length;
    await sql.query("INSERT INTO items VALUES ('r1-g4', 'gone-r1', 5)");
    await sql.query("INSERT INTO items VALUES ('r1-k2', 'kept-r1', 6)");
    const live = await nextTx(again, mark);
    expect(values(live.frame, 'insert').map((r) => r[0])).toEqual(['r1-k2']);
    // The official client repeats its unsubscribe: a harmless empty answer.
    const repeatMark = again.frames.length;
    expect((await again.rpc('unsubscribe', { subscriptionIds: [goneSub] })).message).toEqual({});
    // Acknowledged past the batch: the stored subscription goes.
    again.sendFrame({ type: 'SatOpLogAck', message: { transactionId: live.xid, lsn: lsnToBytes(live.lsn) } });
    expect(await until(() => storedUnsubscribedLsn(clientId, goneSub), (v) => v === undefined)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(again.frames.slice(repeatMark).filter((f) => f.type === 'SatUnsubsDataBegin')).toHaveLength(0);
    again.close();
    await again.waitClosed();

    // Listing it again (the official client does until its next subscribe) is accepted, with no batch.
    const third = await reconnectAs(clientId);
    const resumed = await resume(third, live.lsn, [goneSub, keptSub]);
    expect(resumed.message.err ?? null).toBeNull();
    const thirdMark = third.frames.length;
    await sql.query("INSERT INTO items VALUES ('r1-k3', 'kept-r1', 7)");
    const next = await nextTx(third, thirdMark);
    expect(values(next.frame, 'insert').map((r) => r[0])).toEqual(['r1-k3']);
    expect(third.frames.slice(resumed.at).filter((f) => f.type === 'SatUnsubsDataBegin')).toHaveLength(0);
    third.close();
    await third.waitClosed();

    // An id the service never knew for this client is still refused.
    const fourth = await reconnectAs(clientId);
    const unknown = await resume(fourth, next.lsn, [keptSub, randomUUID()]);
    expect(unknown.message.err).toMatchObject({ code: 3 });
    expect((await fourth.waitClosed()).code).toBe(1007);
  });

  it("takes an acknowledgement listing the batch in gone_subscription_ids, and a resume's observed_gone_batch, as observed", async () => {
    // Acknowledged with the batch listed: no batch on resume.
    const a = await unsubscribedUnobserved('r2');
    a.client.sendFrame({ type: 'SatOpLogAck', message: { transactionId: a.last.xid, lsn: lsnToBytes(a.last.lsn), goneSubscriptionIds: [a.goneSub] } });
    expect(await until(() => storedUnsubscribedLsn(a.clientId, a.goneSub), (v) => v === undefined)).toBeUndefined();
    a.client.close();
    await a.client.waitClosed();
    const again = await reconnectAs(a.clientId);
    const resumed = await resume(again, a.last.lsn, [a.goneSub, a.keptSub]);
    expect(resumed.message.err ?? null).toBeNull();
    let mark = again.frames.length;
    await sql.query("INSERT INTO items VALUES ('r2-g4', 'gone-r2', 5), ('r2-k2', 'kept-r2', 6)");
    expect(values((await nextTx(again, mark)).frame, 'insert').map((r) => r[0])).toEqual(['r2-k2']);
    expect(again.frames.slice(resumed.at).filter((f) => f.type === 'SatUnsubsDataBegin')).toHaveLength(0);
    again.close();

    // Not acknowledged, but the resuming client says it observed it.
    const b = await unsubscribedUnobserved('r3');
    b.client.close();
    await b.client.waitClosed();
    const bAgain = await reconnectAs(b.clientId);
    const bResumed = await resume(bAgain, b.last.lsn, [b.goneSub, b.keptSub], [b.goneSub]);
    expect(bResumed.message.err ?? null).toBeNull();
    mark = bAgain.frames.length;
    await sql.query("INSERT INTO items VALUES ('r3-g4', 'gone-r3', 5), ('r3-k2', 'kept-r3', 6)");
    expect(values((await nextTx(bAgain, mark)).frame, 'insert').map((r) => r[0])).toEqual(['r3-k2']);
    expect(bAgain.frames.slice(bResumed.at).filter((f) => f.type === 'SatUnsubsDataBegin')).toHaveLength(0);
    bAgain.close();
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
  /** The integer ids inserted by the transactions a client received after frame `from`. */
  const insertedIds = (c: TestSatelliteClient, from: number, columns: number): number[] =>
    c.frames
      .slice(from)
      .filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog' && Boolean(f.message.ops?.[0]?.begin))
      .flatMap((f) => values(f, 'insert', columns).map((r) => Number(r[0])));

  it('a client that stops reading is held back by its socket while another keeps receiving, and resumes where it stopped', async () => {
    await sql.query('CREATE TABLE bulky (id integer PRIMARY KEY, body text)');
    await sql.query("CALL electric.electrify('bulky')");
    const stalled = await replicating();
    const fast = await replicating();
    await subscribe(stalled, undefined, 'bulky');
    await subscribe(fast, undefined, 'bulky');
    const ids = (c: TestSatelliteClient, from: number) => insertedIds(c, from, 2);
    const stalledBefore = stalled.frames.length;
    const fastBefore = fast.frames.length;
    // The stalled client reads nothing: megabyte rows fill its socket's buffers well past the stream's high-water mark.
    const socket = (stalled.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    const body = 'x'.repeat(1 << 20);
    for (let i = 1; i <= 12; i++) await sql.query('INSERT INTO bulky VALUES ($1, $2)', [i, body]);
    await fast.waitFor('SatOpLog', (f) => values(f, 'insert', 2).some((r) => r[0] === '12'), 20_000, fastBefore);
    expect(ids(fast, fastBefore)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    socket.resume();
    await stalled.waitFor('SatOpLog', (f) => values(f, 'insert', 2).some((r) => r[0] === '12'), 20_000, stalledBefore);
    expect(ids(stalled, stalledBefore)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    stalled.close();
    fast.close();
  });

  it('a client that stops acknowledging is paused at its window while another keeps receiving', async () => {
    await sql.query('CREATE TABLE ticks (id integer PRIMARY KEY)');
    await sql.query("CALL electric.electrify('ticks')");
    const slow = await replicating();
    const fast = await replicating();
    await subscribe(slow, undefined, 'ticks');
    await subscribe(fast, undefined, 'ticks');
    slow.autoAck = false;
    const tickIds = (c: TestSatelliteClient, from = 0) => insertedIds(c, from, 1);
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

