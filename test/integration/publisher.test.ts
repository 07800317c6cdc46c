/**
 * The logical publisher (logical_replication write mode, spec §4.4) with
 * the real Postgres apply worker: the subscription it manages, its wire
 * behaviour towards other clients, and the delivery guarantees across
 * apply-worker reconnects and Postgres restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { encodeRow, type ISatTransOp } from '../../src/protocol/index.js';
import type { ElectricService } from '../../src/service/server.js';
import type { LogicalPublisher } from '../../src/service/writes/publisher.js';

let pgServer: TestPostgres;
let service: ElectricService;
let sql: pg.Client;
let dbConfig: Awaited<ReturnType<TestPostgres['createDatabase']>>;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  dbConfig = await pgServer.createDatabase('publisher');
  sql = await connectClient(dbConfig);
  sql.on('error', () => {}); // Postgres restarts in a test below
  service = await startTestService({ DATABASE_URL: dbConfig.url, ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' });
  await sql.query(`CREATE TABLE items (id text PRIMARY KEY, value text, n integer)`);
  await sql.query(`CALL electric.electrify('items')`);
  // Every transaction Postgres applies, once per application (an ALWAYS
  // trigger fires in the apply worker too): duplicates would show here.
  await sql.query(`CREATE TABLE applied (client_id text, lsn bytea)`);
  await sql.query(`CREATE FUNCTION log_applied() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO public.applied VALUES (NEW.client_id, NEW.lsn); RETURN NULL; END $$`);
  await sql.query(`CREATE TRIGGER log_applied AFTER INSERT OR UPDATE ON electric.acknowledged_client_lsns FOR EACH ROW EXECUTE FUNCTION log_applied()`);
  await sql.query(`ALTER TABLE electric.acknowledged_client_lsns ENABLE ALWAYS TRIGGER log_applied`);
});

afterAll(async () => {
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

function lsn(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

async function connected(clientId = randomUUID()): Promise<{ client: TestSatelliteClient; clientId: string; serverLsn: Uint8Array | null }> {
  const client = await TestSatelliteClient.connect(`${service.httpUrl.replace('http', 'ws')}/ws`);
  const res = await client.rpc('authenticate', { id: clientId, token: unsignedToken({ sub: 'user-1' }), headers: [] });
  expect(res.error).toBeFalsy();
  const serverLsn = await client.answerServerStartReplication();
  await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
  client.sendFrame({
    type: 'SatRelation',
    message: { schemaName: 'public', tableType: 0, tableName: 'items', relationId: 1, columns: ['id', 'value', 'n'].map((name) => ({ name, type: 'TEXT', primaryKey: name === 'id', isNullable: name !== 'id' })) },
  });
  return { client, clientId, serverLsn };
}

function publisher(): LogicalPublisher {
  return service.clientWriter as LogicalPublisher;
}

async function appliedCounts(clientId: string): Promise<Map<number, number>> {
  const { rows } = await sql.query<{ lsn: Buffer; n: string }>('SELECT lsn, count(*) AS n FROM applied WHERE client_id = $1 GROUP BY lsn', [clientId]);
  return new Map(rows.map((r) => [r.lsn.readUInt32BE(0), Number(r.n)]));
}

/** A replication connection to the publisher, as the apply worker makes one. */
async function replicationClient(password = publisher().password, replication = 'database'): Promise<pg.Client> {
  const { port } = service.publisherAddress!;
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'someone', database: 'x', password, ...(replication ? { replication } : {}) } as pg.ClientConfig);
  await client.connect();
  return client;
}

function sendInsert(client: TestSatelliteClient, n: number, id: string, value = 'v'): void {
  const ms = Date.now();
  const ops: ISatTransOp[] = [
    { begin: { commitTimestamp: ms, lsn: lsn(n), origin: '' } },
    { insert: { relationId: 1, rowData: encodeRow([id, value, String(n)]), tags: [] } },
    { commit: { commitTimestamp: ms, lsn: lsn(n) } },
  ];
  client.sendFrame({ type: 'SatOpLog', message: { ops } });
}

async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the logical publisher', () => {
  it('a client insert reaches Postgres through the apply worker', async () => {
    const a = await connected();
    sendInsert(a.client, 1, 'first');
    const { rows } = await eventually(() => sql.query(`SELECT * FROM items WHERE id = 'first'`), (r) => r.rows.length > 0);
    expect(rows).toEqual([{ id: 'first', value: 'v', n: 1 }]);
    const ack = await eventually(() => sql.query(`SELECT lsn FROM electric.acknowledged_client_lsns WHERE client_id = $1`, [a.clientId]), (r) => r.rows.length > 0);
    expect([...ack.rows[0].lsn]).toEqual([...lsn(1)]);
    a.client.close();
  });
});

describe('delivery across reconnects', () => {
  it('Postgres restarted while client writes are in flight: every write lands exactly once', async () => {
    const clientId = randomUUID();
    let a = await connected(clientId);
    const total = 300;
    let next = 1;
    const pump = async (): Promise<void> => {
      while (next <= total && a.client.closed === null) {
        sendInsert(a.client, next, `restart-${next}`);
        next++;
        if (next % 10 === 0) await new Promise((r) => setTimeout(r, 5));
      }
    };
    const sending = pump();
    await eventually(async () => (await appliedCounts(clientId)).size, (n) => n >= 50);
    // Transactions are on their way: queued in the publisher, or not yet sent by the client.
    expect(publisher().stats.queued > 0 || next <= total).toBe(true);
    await pgServer.restart();
    await sending;
    await sql.end().catch(() => {});
    sql = await connectClient(dbConfig);
    sql.on('error', () => {});
    // The client resumes from the position the service reports, as a real client does.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (a.client.closed === null && next > total) break;
      if (a.client.closed !== null || next <= total) {
        a.client.close();
        try {
          a = await connected(clientId);
        } catch {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        next = a.serverLsn && a.serverLsn.length === 4 ? Buffer.from(a.serverLsn).readUInt32BE(0) + 1 : 1;
        await pump();
      }
    }
    const counts = await eventually(() => appliedCounts(clientId), (m) => m.size === total, 20_000);
    // The service is connected to Postgres again (for the tests after this one).
    await eventually(async () => service.connector?.state, (s) => s === 'ready', 20_000);
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM items WHERE id LIKE 'restart-%'`);
    expect(rows[0].n).toBe(total);
    a.client.close();
  });

  it("the apply worker's reconnect resumes from the confirmed position", async () => {
    const clientId = randomUUID();
    const a = await connected(clientId);
    for (let n = 1; n <= 20; n++) sendInsert(a.client, n, `resume-${n}`);
    await eventually(async () => (await appliedCounts(clientId)).size, (n) => n === 20);
    await service.clientWriter!.settled(clientId);
    const confirmed = publisher().progress.flushed;
    const connects = publisher().progress.connects;
    await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_subscription WHERE subname = 'postgres_1' AND pid IS NOT NULL`);
    await eventually(async () => publisher().progress.connects, (n) => n > connects);
    expect(publisher().progress.startedFrom).toBe(confirmed);
    for (let n = 21; n <= 30; n++) sendInsert(a.client, n, `resume-${n}`);
    const counts = await eventually(() => appliedCounts(clientId), (m) => m.size === 30);
    expect([...counts.entries()].sort((x, y) => x[0] - y[0])).toEqual(Array.from({ length: 30 }, (_, i) => [i + 1, 1]));
    a.client.close();
  });
});

describe('the publisher port to other clients', () => {
  it('answers an unknown query with an ErrorResponse and goes on serving', async () => {
    const client = await replicationClient();
    try {
      await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '0A000', message: expect.stringMatching(/does not support this query: SELECT 1/) });
      await expect(client.query('DROP TABLE items')).rejects.toMatchObject({ code: '0A000' });
      const { rows } = await client.query('IDENTIFY_SYSTEM');
      expect(rows[0]).toMatchObject({ timeline: 1, dbname: dbConfig.database });
    } finally {
      await client.end();
    }
  });

  it('answers START_REPLICATION with a malformed position with an ErrorResponse and goes on serving', async () => {
    const client = await replicationClient();
    try {
      await expect(client.query(`START_REPLICATION SLOT "postgres_1" LOGICAL 123456789/0 (proto_version '1')`)).rejects.toMatchObject({
        code: '22P02',
        message: expect.stringMatching(/invalid start position "123456789\/0"/),
      });
      const { rows } = await client.query('IDENTIFY_SYSTEM');
      expect(rows[0]).toMatchObject({ timeline: 1 });
    } finally {
      await client.end();
    }
  });

  it('ends a connection that sends garbage with a FATAL, and serves the next one', async () => {
    const { port } = service.publisherAddress!;
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.from([0, 0, 0, 2, 1, 2, 3, 4])));
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks)));
    });
    expect(String.fromCharCode(reply[0]!)).toBe('E');
    expect(reply.toString('latin1')).toContain('FATAL');
    const client = await replicationClient();
    try {
      const { rows } = await client.query('IDENTIFY_SYSTEM');
      expect(rows[0]).toMatchObject({ timeline: 1 });
    } finally {
      await client.end();
    }
  });

  it('lists the published tables as the subscription asks for them', async () => {
    const client = await replicationClient();
    try {
      const { rows } = await client.query(`SELECT DISTINCT t.schemaname, t.tablename FROM pg_catalog.pg_publication_tables t WHERE t.pubname IN ('electric_publication')`);
      expect(rows).toEqual(expect.arrayContaining([{ schemaname: 'public', tablename: 'items' }, { schemaname: 'electric', tablename: 'acknowledged_client_lsns' }]));
    } finally {
      await client.end();
    }
  });

  it('refuses a connection that is not a logical replication one (08004), and a wrong password (28P01)', async () => {
    await expect(replicationClient(undefined, '')).rejects.toMatchObject({ code: '08004' });
    await expect(replicationClient('wrong')).rejects.toMatchObject({ code: '28P01' });
  });

  it('creates the subscription postgres_1, enabled and pointing at the publisher', async () => {
    const { rows } = await sql.query(`SELECT subenabled, subconninfo FROM pg_subscription WHERE subname = 'postgres_1'`);
    expect(rows[0].subenabled).toBe(true);
    expect(rows[0].subconninfo).toContain(`port=${service.publisherAddress!.port}`);
  });
});

describe('stopping', () => {
  it('disables the subscription at stop (Postgres would retry the closed port) and enables it again at start', async () => {
    const enabled = async (): Promise<boolean> =>
      (await sql.query(`SELECT subenabled FROM pg_subscription WHERE subname = 'postgres_1'`)).rows[0].subenabled as boolean;
    await service.stop();
    expect(await enabled()).toBe(false);
    service = await startTestService({ DATABASE_URL: dbConfig.url, ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' });
    expect(await enabled()).toBe(true);
  });
});

describe('privileges', () => {
  it('a role that may not create subscriptions gets one startup error naming the fix', async () => {
    const role = 'no_subscriptions';
    await sql.query(`CREATE ROLE ${role} LOGIN REPLICATION PASSWORD 'pw'`);
    await sql.query(`CREATE DATABASE no_subscriptions_db OWNER ${role}`);
    const url = new URL(dbConfig.url);
    url.username = role;
    url.password = 'pw';
    url.pathname = '/no_subscriptions_db';
    const err = await startTestService({ DATABASE_URL: url.toString(), ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SUBSCRIPTION_PRIVILEGE' });
    expect((err as Error).message).toContain(`GRANT pg_create_subscription TO "${role}"`);
    expect((err as Error).message).toContain('ELECTRIC_WRITE_TO_PG_MODE=direct_writes');
  });
});
