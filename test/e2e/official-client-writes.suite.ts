/**
 * Writes from the official electric-sql 0.12.1 client through our service
 * into Postgres: online and offline writes arrive exactly once, concurrent
 * writers and Postgres converge, and the client's own transaction comes
 * back to it (its oplog is then garbage-collected).
 *
 * Run in both write modes: official-client-writes.test.ts (direct_writes)
 * and official-client-writes-logical.test.ts (logical_replication).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { officialClient, eventually, type OfficialClient } from '../support/official-client.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import type { ElectricService } from '../../src/service/server.js';
import type { WriteToPgMode } from '../../src/service/config.js';

export function officialClientWritesSuite(mode: WriteToPgMode): void {
  let pgServer: TestPostgres;
  let service: ElectricService;
  let sql: pg.Client;
  const clients: OfficialClient[] = [];

  beforeAll(async () => {
    pgServer = await startTestPostgres();
    service = await startTestService({ DATABASE_URL: pgServer.url, ELECTRIC_WRITE_TO_PG_MODE: mode });
    sql = await connectClient(pgServer.db);
    await sql.query('CREATE TABLE todos (id text PRIMARY KEY, title text, done boolean, rank integer)');
    await sql.query("CALL electric.electrify('todos')");
    await sql.query('CREATE TABLE lists (id text PRIMARY KEY, name text)');
    await sql.query('CREATE TABLE entries (id text PRIMARY KEY, list_id text REFERENCES lists(id), body text)');
    await sql.query("BEGIN; CALL electric.electrify('lists'); CALL electric.electrify('entries'); COMMIT");
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => {});
    await service?.stop();
    await sql?.end();
    await pgServer?.stop();
  });

  async function client(): Promise<OfficialClient> {
    const c = await officialClient(service.httpUrl);
    clients.push(c);
    await c.subscribe({ tablename: 'todos' });
    return c;
  }

  type Todo = { id: string; title: string | null; done: number | boolean | null; rank: number | null };

  async function pgTodos(): Promise<Todo[]> {
    const { rows } = await sql.query<Todo>('SELECT id, title, done, rank FROM todos ORDER BY id');
    return rows.map((r) => ({ ...r, done: r.done === null ? null : r.done ? 1 : 0 }));
  }

  function localTodos(c: OfficialClient): Todo[] {
    return c.rows<Todo>('SELECT id, title, done, rank FROM todos ORDER BY id');
  }

  async function converged(...cs: OfficialClient[]): Promise<Todo[]> {
    let expected: Todo[] = [];
    await eventually(
      async () => {
        expected = await pgTodos();
        return cs.map((c) => JSON.stringify(localTodos(c)));
      },
      (locals) => locals.every((l) => l === JSON.stringify(expected)),
      15_000,
    );
    return expected;
  }

  /**
   * A client's write takes its time when its snapshot stamps it (up to 40 ms
   * later): wait for that, so that the next write is later.
   */
  async function stamped(c: OfficialClient): Promise<void> {
    await eventually(() => c.rows<{ n: number }>('SELECT count(*) AS n FROM _electric_oplog WHERE timestamp IS NULL')[0]!.n, (n) => n === 0);
    await new Promise((r) => setTimeout(r, 5));
  }

  /** Counts the transactions written by each origin, as a raw subscriber sees them. */
  async function originCounter(): Promise<{ count(origin: string): number; close(): void }> {
    const ws = await TestSatelliteClient.connect(`${service.httpUrl.replace('http', 'ws')}/ws`);
    await ws.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'observer' }), headers: [] });
    await ws.answerServerStartReplication();
    await ws.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
    await ws.rpc('subscribe', { subscriptionId: randomUUID(), shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'todos' }] } }] });
    await ws.waitFor('SatSubsDataEnd');
    return {
      count: (origin) =>
        ws.frames.filter((f) => f.type === 'SatOpLog' && f.message.ops?.[0]?.begin?.origin === origin && f.message.ops.some((op) => op.insert || op.update || op.delete)).length,
      close: () => ws.close(),
    };
  }

  describe('official electric-sql 0.12.1 client writes', () => {
    it('a local insert reaches Postgres, comes back to the writer and empties its oplog', async () => {
      const a = await client();
      await a.exec("INSERT INTO todos (id, title, done, rank) VALUES ('t1', 'write me', 0, 1)");
      await eventually(pgTodos, (rows) => rows.some((r) => r.id === 't1'));
      expect((await pgTodos()).find((r) => r.id === 't1')).toEqual({ id: 't1', title: 'write me', done: 0, rank: 1 });
      // The echo (origin = this client, its commit timestamp) lets it drop the oplog entry.
      await eventually(() => a.rows<{ n: number }>('SELECT count(*) AS n FROM _electric_oplog')[0]!.n, (n) => n === 0);
      const { rows } = await sql.query<{ source: string }>("SELECT (_tag).source_id AS source FROM electric.shadow__public__todos WHERE id = 't1'");
      expect(rows[0]!.source).toBe(a.clientId);
    });

    it('writes made offline reach Postgres after reconnecting, exactly once', async () => {
      const counter = await originCounter();
      const a = await client();
      await a.disconnect();
      await a.exec("INSERT INTO todos (id, title, done, rank) VALUES ('off1', 'offline 1', 0, 1)");
      await a.exec("INSERT INTO todos (id, title, done, rank) VALUES ('off2', 'offline 2', 0, 2)");
      await new Promise((r) => setTimeout(r, 100)); // separate snapshots: separate transactions
      await a.exec("UPDATE todos SET done = 1 WHERE id = 'off1'");
      expect((await pgTodos()).filter((r) => r.id.startsWith('off'))).toEqual([]);
      await a.reconnect();
      await converged(a);
      // Let the observer receive everything, then count.
      await new Promise((r) => setTimeout(r, 500));
      const transactions = counter.count(a.clientId);
      expect(transactions).toBeGreaterThanOrEqual(1);
      // Reconnecting again sends nothing twice.
      await a.disconnect();
      await a.reconnect();
      await a.exec("INSERT INTO todos (id, title, done, rank) VALUES ('off3', 'after', 0, 3)");
      await converged(a);
      await eventually(() => counter.count(a.clientId), (n) => n === transactions + 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(counter.count(a.clientId)).toBe(transactions + 1);
      expect((await pgTodos()).filter((r) => r.id.startsWith('off'))).toEqual([
        { id: 'off1', title: 'offline 1', done: 1, rank: 1 },
        { id: 'off2', title: 'offline 2', done: 0, rank: 2 },
        { id: 'off3', title: 'after', done: 0, rank: 3 },
      ]);
      counter.close();
    });

    it('two clients writing the same rows concurrently converge with Postgres', async () => {
      await sql.query("INSERT INTO todos VALUES ('c1', 'shared', false, 1), ('c2', 'other', false, 2)");
      const a = await client();
      const b = await client();
      await converged(a, b);
      await a.disconnect();
      await b.disconnect();
      await a.exec("UPDATE todos SET title = 'from a', rank = 10 WHERE id = 'c1'");
      await stamped(a);
      await b.exec("UPDATE todos SET title = 'from b', done = 1 WHERE id = 'c1'");
      await b.exec("DELETE FROM todos WHERE id = 'c2'");
      await a.exec("UPDATE todos SET rank = 20 WHERE id = 'c2'");
      await Promise.all([a.reconnect(), b.reconnect()]);
      const rows = await converged(a, b);
      const c1 = rows.find((r) => r.id === 'c1')!;
      // b wrote last: its title wins; a's rank and b's done both survive (per column).
      expect(c1).toEqual({ id: 'c1', title: 'from b', done: 1, rank: 10 });
      // a's update did not observe b's delete: the row lives on (add-wins).
      expect(rows.find((r) => r.id === 'c2')).toMatchObject({ rank: 20 });
    });

    it("a client's delete of a freshly synced row is accepted", async () => {
      await sql.query("INSERT INTO todos VALUES ('d1', 'delete me', false, 1)");
      const a = await client();
      await eventually(() => localTodos(a), (rows) => rows.some((r) => r.id === 'd1'));
      await a.exec("DELETE FROM todos WHERE id = 'd1'");
      await eventually(pgTodos, (rows) => !rows.some((r) => r.id === 'd1'));
      await converged(a);
    });

    it('a Postgres write and a client write to the same row converge everywhere', async () => {
      await sql.query("INSERT INTO todos VALUES ('m1', 'start', false, 1)");
      const a = await client();
      const b = await client();
      await converged(a, b);
      await a.disconnect();
      await a.exec("UPDATE todos SET title = 'client title', rank = 5 WHERE id = 'm1'");
      await stamped(a);
      await sql.query("UPDATE todos SET title = 'pg title' WHERE id = 'm1'");
      await a.reconnect();
      const rows = await converged(a, b);
      // Postgres wrote the title after the client did: its title wins, the client's rank stays.
      expect(rows.find((r) => r.id === 'm1')).toEqual({ id: 'm1', title: 'pg title', done: 0, rank: 5 });
      // And a Postgres write after that wins again.
      await sql.query("UPDATE todos SET title = 'pg again' WHERE id = 'm1'");
      expect((await converged(a, b)).find((r) => r.id === 'm1')).toMatchObject({ title: 'pg again', rank: 5 });
    });

    it('a child written offline keeps its parent alive against a concurrent Postgres delete (compensation)', async () => {
      await sql.query("INSERT INTO lists VALUES ('l1', 'groceries')");
      const a = await officialClient(service.httpUrl);
      clients.push(a);
      await a.subscribe({ tablename: 'lists' });
      await a.subscribe({ tablename: 'entries' });
      expect(a.rows('SELECT * FROM lists')).toEqual([{ id: 'l1', name: 'groceries' }]);
      await a.disconnect();
      await a.exec("INSERT INTO entries (id, list_id, body) VALUES ('e1', 'l1', 'milk')");
      // The client's trigger records a compensation for the parent it references.
      const ops = a.rows<{ optype: string; tablename: string }>('SELECT optype, tablename FROM _electric_oplog ORDER BY rowid');
      expect(ops).toContainEqual({ optype: 'COMPENSATION', tablename: 'lists' });
      await stamped(a);
      await sql.query("DELETE FROM lists WHERE id = 'l1'");
      await a.reconnect();
      await eventually(async () => (await sql.query('SELECT id FROM entries')).rows, (rows) => rows.length === 1);
      // The parent came back with its values, the child references it, and the client agrees.
      expect((await sql.query('SELECT * FROM lists')).rows).toEqual([{ id: 'l1', name: 'groceries' }]);
      expect((await sql.query('SELECT * FROM entries')).rows).toEqual([{ id: 'e1', list_id: 'l1', body: 'milk' }]);
      await eventually(() => a.rows('SELECT * FROM lists'), (rows) => rows.length === 1);
      expect(a.rows('SELECT * FROM entries')).toEqual([{ id: 'e1', list_id: 'l1', body: 'milk' }]);
    });

    it('a Postgres transaction open while a client writes the same row takes a greater tag and wins (05.03)', async () => {
      await sql.query("INSERT INTO todos VALUES ('p1', 'start', false, 1)");
      const a = await client();
      await eventually(() => localTodos(a), (rows) => rows.some((r) => r.id === 'p1'));
      const pgTx = await connectClient(pgServer.db);
      try {
        await pgTx.query('BEGIN');
        await pgTx.query('SELECT 1'); // the transaction, and its timestamp, start here
        await new Promise((r) => setTimeout(r, 20));
        await a.exec("UPDATE todos SET title = 'client' WHERE id = 'p1'");
        await eventually(pgTodos, (rows) => rows.find((r) => r.id === 'p1')?.title === 'client');
        await pgTx.query("UPDATE todos SET title = 'postgres' WHERE id = 'p1'");
        await pgTx.query('COMMIT');
      } finally {
        await pgTx.end();
      }
      const rows = await converged(a);
      expect(rows.find((r) => r.id === 'p1')).toMatchObject({ title: 'postgres' });
    });

    it('the official client itself refuses a primary-key update (the service refuses it too: writes.test.ts 06.01)', async () => {
      const a = await client();
      await a.exec("INSERT INTO todos (id, title, done, rank) VALUES ('k1', 'key', 0, 1)");
      await expect(a.exec("UPDATE todos SET id = 'k2' WHERE id = 'k1'")).rejects.toThrow(/primary key/);
    });
  });
}
