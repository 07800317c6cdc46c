/**
 * The logical publisher (logical_replication write mode, spec §4.4) with
 * the real Postgres apply worker: the subscription it manages, its wire
 * behaviour towards other clients, and the delivery guarantees across
 * apply-worker reconnects and Postgres restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
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
  service = await startTestService({ DATABASE_URL: dbConfig.url, ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' });
  await sql.query(`CREATE TABLE items (id text PRIMARY KEY, value text, n integer)`);
  await sql.query(`CALL electric.electrify('items')`);
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
