/**
 * The official electric-sql 0.12.1 client, driven from Node with
 * better-sqlite3, against our service: it connects, receives the
 * migrations, syncs a shape with a where-clause, and follows Postgres live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { officialClient as connectOfficialClient, eventually, tolerateOfficialClientDisconnectRaces, type OfficialClient } from '../support/official-client.js';
import { startCuttingProxy } from '../support/cutting-proxy.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import type { ElectricService } from '../../src/service/server.js';

let pgServer: TestPostgres;
let service: ElectricService;
let httpPort: number;
let sql: pg.Client;

function officialClient(): Promise<OfficialClient> {
  return connectOfficialClient(service.httpUrl);
}

beforeAll(async () => {
  pgServer = await startTestPostgres();
  service = await startTestService({ DATABASE_URL: pgServer.url });
  httpPort = service.httpAddress.port;
  sql = await connectClient(pgServer.db);
  await sql.query('CREATE TABLE issues (id text PRIMARY KEY, status text, priority integer)');
  await sql.query("CALL electric.electrify('issues')");
  await sql.query(`CREATE TYPE mood AS ENUM ('happy', 'sad')`);
  await sql.query(`CREATE TABLE typed (
    id uuid PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision, b boolean,
    by bytea, d date, t time, ts timestamp, tz timestamptz, j jsonb, tx text, vc varchar, m mood)`);
  await sql.query("CALL electric.electrify('typed')");
});

afterAll(async () => {
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

describe('official electric-sql 0.12.1 client', () => {
  it('receives the migrations, syncs a shape with a where-clause and follows Postgres live', async () => {
    await sql.query("INSERT INTO issues VALUES ('i1', 'open', 1), ('i2', 'closed', 2)");
    const client = await officialClient();
    try {
      // The migrations created the tables locally.
      const tables = await eventually(
        () => client.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('issues', 'typed') ORDER BY name"),
        (t) => t.length === 2,
      );
      expect(tables.map((t) => t.name)).toEqual(['issues', 'typed']);

      await client.subscribe({ tablename: 'issues', where: "this.status = 'open'" });
      expect(client.rows('SELECT * FROM issues')).toEqual([{ id: 'i1', status: 'open', priority: 1 }]);

      await sql.query("INSERT INTO issues VALUES ('i3', 'open', 3), ('i4', 'closed', 4)");
      await eventually(() => client.rows<{ id: string }>('SELECT id FROM issues ORDER BY id'), (r) => r.length === 2);
      expect(client.rows('SELECT id FROM issues ORDER BY id')).toEqual([{ id: 'i1' }, { id: 'i3' }]);

      await sql.query("UPDATE issues SET priority = 10 WHERE id = 'i1'");
      await eventually(() => client.rows<{ priority: number }>("SELECT priority FROM issues WHERE id = 'i1'"), (r) => r[0]?.priority === 10);

      // Moves out of the shape, and into it.
      await sql.query("UPDATE issues SET status = 'closed' WHERE id = 'i3'");
      await sql.query("UPDATE issues SET status = 'open' WHERE id = 'i2'");
      await eventually(() => client.rows<{ id: string }>('SELECT id FROM issues ORDER BY id'), (r) => r.map((x) => x.id).join() === 'i1,i2');

      await sql.query("DELETE FROM issues WHERE id = 'i1'");
      await eventually(() => client.rows<{ id: string }>('SELECT id FROM issues ORDER BY id'), (r) => r.map((x) => x.id).join() === 'i2');
    } finally {
      await client.close();
    }
  });

  it('round-trips every supported column type into SQLite', async () => {
    await sql.query(`INSERT INTO typed VALUES
      ('00000000-0000-4000-8000-000000000001', -32768, 2147483647, 9007199254740991, 1.5, 0.1, true,
       '\\x00ff10', '2024-02-29', '12:34:56.789', '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00.5+02',
       '{"a": [1, "ü"]}', 'héllo ✓', 'plain', 'sad'),
      ('00000000-0000-4000-8000-000000000002', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    const client = await officialClient();
    try {
      await client.subscribe({ tablename: 'typed' });
      const [full, empty] = client.rows<Record<string, unknown>>('SELECT * FROM typed ORDER BY id');
      expect(full).toEqual({
        id: '00000000-0000-4000-8000-000000000001',
        i2: -32768,
        i4: 2147483647,
        i8: 9007199254740991,
        f4: 1.5,
        f8: 0.1,
        b: 1,
        by: Buffer.from([0x00, 0xff, 0x10]),
        d: '2024-02-29',
        t: '12:34:56.789',
        ts: '2024-01-01 10:00:00.123456',
        tz: '2024-01-01 08:00:00.5Z',
        j: '{"a": [1, "ü"]}',
        tx: 'héllo ✓',
        vc: 'plain',
        m: 'sad',
      });
      expect(Object.entries(empty!).filter(([k]) => k !== 'id').every(([, v]) => v === null)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('misses changes while disconnected and catches up on reconnect, also across a service restart, without a reset', async () => {
    await sql.query('CREATE TABLE notes (id text PRIMARY KEY, body text, kept boolean)');
    await sql.query("CALL electric.electrify('notes')");
    await sql.query("INSERT INTO notes VALUES ('n1', 'first', true), ('n2', 'second', true)");
    const client = await officialClient();
    try {
      await client.subscribe({ tablename: 'notes', where: 'this.kept = true' });
      expect(client.rows('SELECT id FROM notes ORDER BY id')).toEqual([{ id: 'n1' }, { id: 'n2' }]);
      // Let the client acknowledge what it has.
      await new Promise((r) => setTimeout(r, 300));

      await client.disconnect();
      await sql.query("INSERT INTO notes VALUES ('n3', 'third', true)");
      await sql.query("UPDATE notes SET body = 'first!' WHERE id = 'n1'");
      await sql.query("UPDATE notes SET kept = false WHERE id = 'n2'");
      await client.reconnect();
      const caughtUp = await eventually(
        () => client.rows<{ id: string; body: string }>('SELECT id, body FROM notes ORDER BY id'),
        (r) => r.map((x) => `${x.id}:${x.body}`).join() === 'n1:first!,n3:third',
      );
      expect(caughtUp).toHaveLength(2);

      // The service restarts while the client is away.
      await client.disconnect();
      await service.stop();
      await sql.query("INSERT INTO notes VALUES ('n4', 'fourth', true)");
      await sql.query("DELETE FROM notes WHERE id = 'n3'");
      service = await startTestService({ DATABASE_URL: pgServer.url, HTTP_PORT: String(httpPort) });
      await client.reconnect();
      await eventually(
        () => client.rows<{ id: string }>('SELECT id FROM notes ORDER BY id'),
        (r) => r.map((x) => x.id).join() === 'n1,n4',
      );
      // Still live after all that.
      await sql.query("INSERT INTO notes VALUES ('n5', 'fifth', true)");
      await eventually(() => client.rows<{ id: string }>('SELECT id FROM notes ORDER BY id'), (r) => r.map((x) => x.id).join() === 'n1,n4,n5');
    } finally {
      await client.close();
    }
  });

  it('ends an unsubscribe whose rows another shape still holds: the subscription goes, the rows stay', async () => {
    await sql.query('CREATE TABLE memos (id text PRIMARY KEY, kind text)');
    await sql.query("CALL electric.electrify('memos')");
    await sql.query("INSERT INTO memos VALUES ('m1', 'a'), ('m2', 'b')");
    const client = await officialClient();
    type Satellite = {
      subscribe(shapes: object[], key: string): Promise<{ synced: Promise<void> }>;
      unsubscribe(target: { key: string }): Promise<void>;
      syncStatus(key: string): { status: string } | undefined;
    };
    const satellite = (client.electric as unknown as { satellite: Satellite }).satellite;
    try {
      await (await satellite.subscribe([{ tablename: 'memos', where: "this.kind = 'a'" }], 'only-a')).synced;
      await (await satellite.subscribe([{ tablename: 'memos' }], 'all')).synced;
      expect(client.rows('SELECT id FROM memos ORDER BY id')).toEqual([{ id: 'm1' }, { id: 'm2' }]);
      await satellite.unsubscribe({ key: 'only-a' });
      // Without the (empty) GONE batch the client would show 'cancelling' for ever.
      await eventually(() => satellite.syncStatus('only-a'), (s) => s === undefined);
      expect(satellite.syncStatus('all')?.status).toBe('active');
      expect(client.rows('SELECT id FROM memos ORDER BY id')).toEqual([{ id: 'm1' }, { id: 'm2' }]);
    } finally {
      await client.close();
    }
  });

  it('loses the connection right after its unsubscribe is answered, and gets the GONE batch when it reconnects, without a reset', async () => {
    await sql.query('CREATE TABLE parts (id text PRIMARY KEY, kind text)');
    await sql.query("CALL electric.electrify('parts')");
    await sql.query("INSERT INTO parts VALUES ('a1', 'a'), ('a2', 'a'), ('b1', 'b')");
    const proxy = await startCuttingProxy({ host: '127.0.0.1', port: httpPort });
    const restoreHandlers = tolerateOfficialClientDisconnectRaces();
    const client = await connectOfficialClient(proxy.url);
    const satellite = (client.electric as unknown as { satellite: { unsubscribe(target: { shapes: object[] }): Promise<void> } }).satellite;
    const serverIds = (): string[] => {
      const meta = client.rows<{ value: string }>("SELECT value FROM _electric_meta WHERE key = 'subscriptions'")[0]!.value;
      return Object.values(JSON.parse(meta).known as Record<string, { serverId?: string }>).map((k) => k.serverId ?? '').sort();
    };
    try {
      const goneShape = { tablename: 'parts', where: "this.kind = 'a'" };
      await client.subscribe(goneShape);
      await client.subscribe({ tablename: 'parts', where: "this.kind = 'b'" });
      expect(client.rows('SELECT id FROM parts ORDER BY id')).toEqual([{ id: 'a1' }, { id: 'a2' }, { id: 'b1' }]);
      const before = serverIds();
      expect(before).toHaveLength(2);

      const cut = proxy.cutAfter((f) => f.type === 'SatRpcResponse' && f.message.method === 'unsubscribe');
      await satellite.unsubscribe({ shapes: [goneShape] });
      await cut;
      // The GONE batch never arrived: the rows are still there.
      expect(client.rows('SELECT id FROM parts ORDER BY id')).toEqual([{ id: 'a1' }, { id: 'a2' }, { id: 'b1' }]);

      // The client reconnects by itself (a non-fatal disconnect), listing the subscription it unsubscribed.
      await eventually(() => client.rows<{ id: string }>('SELECT id FROM parts ORDER BY id'), (r) => r.map((x) => x.id).join() === 'b1');
      expect(proxy.connections).toBe(2);
      // No reset: the kept subscription continued under its id, and it is live.
      await sql.query("INSERT INTO parts VALUES ('a3', 'a'), ('b2', 'b')");
      await eventually(() => client.rows<{ id: string }>('SELECT id FROM parts ORDER BY id'), (r) => r.map((x) => x.id).join() === 'b1,b2');
      const after = serverIds();
      expect(after).toHaveLength(1);
      expect(before).toContain(after[0]);
    } finally {
      await client.close();
      await proxy.close();
      restoreHandlers();
    }
  });
});
