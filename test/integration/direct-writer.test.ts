/**
 * The direct writer under a queue: transactions waiting together go to
 * Postgres in one call (electric.apply_client_batch), each still its own
 * Postgres transaction, in order; a refusal inside a batch rejects that
 * transaction and skips its client's later ones, and nobody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { bootstrapElectricSchema } from '../../src/service/postgres/bootstrap.js';
import { SchemaCatalog } from '../../src/service/schema/catalog.js';
import { DirectWriter, WriteError } from '../../src/service/writes/writer.js';
import type { ClientTransaction } from '../../src/service/writes/inbound.js';
import type { DatabaseConfig } from '../../src/service/config.js';
import { silentLogger } from '../../src/util/log.js';

let pgServer: TestPostgres;
let db: DatabaseConfig;
let sql: pg.Client;
const catalog = new SchemaCatalog();

beforeAll(async () => {
  pgServer = await startTestPostgres();
  db = await pgServer.createDatabase('direct_writer');
  sql = await connectClient(db);
  await bootstrapElectricSchema(sql);
  await sql.query(`CREATE TABLE parents (id text PRIMARY KEY)`);
  await sql.query(`CREATE TABLE children (id text PRIMARY KEY, parent_id text REFERENCES parents (id), note text)`);
  await sql.query(`CALL electric.electrify('parents'); CALL electric.electrify('children')`);
  await catalog.load(sql);
});

afterAll(async () => {
  await sql?.end().catch(() => {});
  await pgServer?.stop();
});

let lsn = 0;
function insertChild(clientId: string, id: string, parentId: string): ClientTransaction {
  const table = catalog.table('public', 'children')!;
  return {
    clientId,
    lsn: Buffer.from(String(++lsn)),
    commitTimestamp: Date.now(),
    changes: [{ table, kind: 'insert', values: [id, parentId, 'n'], modified: [true, true], observed: [] }],
  };
}

describe('DirectWriter batches', () => {
  it('writes a burst in batches, in order, with per-transaction outcomes', async () => {
    await sql.query(`INSERT INTO parents VALUES ('p1')`);
    const writer = new DirectWriter(db, silentLogger);
    try {
      const txs = [
        insertChild('a', 'a1', 'p1'),
        insertChild('b', 'b1', 'p1'),
        insertChild('a', 'a2', 'missing'), // refused: no such parent
        insertChild('b', 'b2', 'p1'),
        insertChild('a', 'a3', 'p1'), // skipped: a's earlier one was refused
        ...Array.from({ length: 40 }, (_, i) => insertChild('c', `c${i}`, 'p1')),
      ];
      const outcomes = await Promise.all(txs.map((tx) => writer.write(tx).then(() => 'ok', (err: WriteError) => err.code)));
      expect(outcomes.slice(0, 5)).toEqual(['ok', 'ok', 'REJECTED', 'ok', 'SKIPPED']);
      expect(outcomes.slice(5).every((o) => o === 'ok')).toBe(true);
      expect(writer.batches).toBeGreaterThan(0);
      const { rows } = await sql.query(`SELECT id FROM children ORDER BY id`);
      expect(rows.map((r) => r.id)).toEqual(['a1', 'b1', 'b2', ...Array.from({ length: 40 }, (_, i) => `c${i}`).sort()].sort());
      // Each client's position is its last written transaction.
      const acks = await sql.query(`SELECT client_id, convert_from(lsn, 'UTF8') AS lsn FROM electric.acknowledged_client_lsns ORDER BY client_id`);
      expect(acks.rows).toEqual([
        { client_id: 'a', lsn: String(txs[0]!.lsn.toString()) },
        { client_id: 'b', lsn: String(txs[3]!.lsn.toString()) },
        { client_id: 'c', lsn: String(txs[txs.length - 1]!.lsn.toString()) },
      ]);
      expect(writer.stats).toMatchObject({ rejected: 1, queued: 0 });
      expect(writer.stats.lastError?.message).toMatch(/foreign key/);
      // A reconnect (settled) forgets the refusal: the client writes again.
      await writer.settled('a');
      await writer.write(insertChild('a', 'a4', 'p1'));
    } finally {
      await writer.stop();
    }
  });

  it('a batch cut short by a problem of the moment is retried one at a time, nothing written twice', async () => {
    await sql.query(`INSERT INTO parents VALUES ('p2')`);
    const writer = new DirectWriter(db, silentLogger);
    const blocker = await connectClient(db);
    try {
      // Another session holds the key x2 uncommitted: the batch waits on it.
      await blocker.query(`BEGIN; INSERT INTO children VALUES ('x2', 'p2', 'blocker')`);
      const txs = [insertChild('d', 'x0', 'p2'), insertChild('d', 'x1', 'p2'), insertChild('d', 'x2', 'p2'), insertChild('d', 'x3', 'p2')];
      const outcomes = Promise.all(txs.map((tx) => writer.write(tx).then(() => 'ok', (err: WriteError) => err.code)));
      // Wait until the batch is stuck on the lock, then cancel it (57014: the writer's problem, not the client's).
      let pid: number | null = null;
      for (let i = 0; i < 100 && pid === null; i++) {
        const { rows } = await sql.query(`SELECT pid FROM pg_stat_activity WHERE query LIKE 'CALL electric.apply_client_batch%' AND wait_event_type = 'Lock'`);
        pid = rows[0]?.pid ?? null;
        if (pid === null) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pid).not.toBeNull();
      await sql.query('SELECT pg_cancel_backend($1)', [pid]);
      await new Promise((r) => setTimeout(r, 300));
      await blocker.query('ROLLBACK');
      expect(await outcomes).toEqual(['ok', 'ok', 'ok', 'ok']);
      const { rows } = await sql.query(`SELECT id, note FROM children WHERE parent_id = 'p2' ORDER BY id`);
      expect(rows).toEqual(['x0', 'x1', 'x2', 'x3'].map((id) => ({ id, note: 'n' })));
      const ack = await sql.query(`SELECT convert_from(lsn, 'UTF8') AS lsn FROM electric.acknowledged_client_lsns WHERE client_id = 'd'`);
      expect(ack.rows[0].lsn).toBe(txs[3]!.lsn.toString());
    } finally {
      await blocker.end().catch(() => {});
      await writer.stop();
    }
  });
});
