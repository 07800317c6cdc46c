/**
 * Client writes at the wire (spec §3.5 item 7, §4.4, §5.6): relations,
 * transactions spanning frames, validation of every value against its
 * column, immutable primary keys, Postgres refusals, the echo to the
 * writer, the resolved rows to other clients, and the position a
 * reconnecting client resumes sending from.
 *
 * One suite for both write modes: `writes.test.ts` runs it with
 * direct_writes, `writes-logical.test.ts` with logical_replication.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { decodeRow, encodeRow, encodeRpcResponse, type Frame, type ISatTransOp } from '../../src/protocol/index.js';
import type { ElectricService } from '../../src/service/server.js';
import type { WriteToPgMode } from '../../src/service/config.js';

export function writePathSuite(mode: WriteToPgMode): void {
  let pgServer: TestPostgres;
  let service: ElectricService;
  let sql: pg.Client;
  let wsUrl: string;
  let dbConfig: Awaited<ReturnType<TestPostgres['createDatabase']>>;

  const ITEM_COLUMNS = ['id', 'value', 'n'] as const;

  beforeAll(async () => {
    pgServer = await startTestPostgres();
    const db = (dbConfig = await pgServer.createDatabase('writes'));
    sql = await connectClient(db);
    service = await startTestService({ DATABASE_URL: db.url, ELECTRIC_WRITE_TO_PG_MODE: mode });
    wsUrl = `${service.httpUrl.replace('http', 'ws')}/ws`;
    await sql.query(`CREATE TYPE mood AS ENUM ('happy', 'sad')`);
    await sql.query(`CREATE TABLE owners (id text PRIMARY KEY, name text NOT NULL)`);
    await sql.query(`CREATE TABLE items (id text PRIMARY KEY, value text, n integer, owner_id text REFERENCES owners(id))`);
    await sql.query(`CREATE TABLE typed (
      id uuid PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision, b boolean,
      d date, t time, ts timestamp, tz timestamptz, j jsonb, by bytea, m mood, vc text CHECK (length(vc) <= 5))`);
    await sql.query(`BEGIN; CALL electric.electrify('owners'); CALL electric.electrify('items'); CALL electric.electrify('typed'); COMMIT`);
  });

  afterAll(async () => {
    await service?.stop();
    await sql?.end();
    await pgServer?.stop();
  });

  // -- helpers ----------------------------------------------------------------------

  /** Authenticated, the server's startReplication answered (writes accepted), replication started. */
  async function connected(clientId = randomUUID(), answer = true): Promise<{ client: TestSatelliteClient; clientId: string; serverLsn: Uint8Array | null }> {
    const client = await TestSatelliteClient.connect(wsUrl);
    const res = await client.rpc('authenticate', { id: clientId, token: unsignedToken({ sub: 'user-1' }), headers: [] });
    expect(res.error).toBeFalsy();
    const serverLsn = answer ? await client.answerServerStartReplication() : null;
    const start = await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
    expect(start.message).toMatchObject({ unackedWindowSize: 30 });
    return { client, clientId, serverLsn };
  }

  async function subscribe(client: TestSatelliteClient, table: string, where = ''): Promise<void> {
    const subscriptionId = randomUUID();
    const res = await client.rpc('subscribe', { subscriptionId, shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: table, where }] } }] });
    expect((res.message as { err?: unknown }).err ?? null).toBeNull();
    await client.waitFor('SatSubsDataEnd');
  }

  const RELATION_IDS: Record<string, number> = { items: 1, owners: 2, typed: 3 };

  function sendRelation(client: TestSatelliteClient, table: string, columns: readonly string[]): void {
    client.sendFrame({
      type: 'SatRelation',
      message: {
        schemaName: 'public',
        tableType: 0,
        tableName: table,
        relationId: RELATION_IDS[table] ?? 99,
        columns: columns.map((name) => ({ name, type: 'TEXT', primaryKey: name === 'id', isNullable: name !== 'id' })),
      },
    });
  }

  function lsn(n: number): Uint8Array {
    return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  }

  type Values = (string | Uint8Array | null)[];
  const row = (values: Values) => encodeRow(values);

  function insert(table: string, values: Values, tags: string[] = []): ISatTransOp {
    return { insert: { relationId: RELATION_IDS[table], rowData: row(values), tags } };
  }
  function update(table: string, values: Values, old: Values, tags: string[] = []): ISatTransOp {
    return { update: { relationId: RELATION_IDS[table], rowData: row(values), oldRowData: row(old), tags } };
  }
  function del(table: string, old: Values, tags: string[] = []): ISatTransOp {
    return { delete: { relationId: RELATION_IDS[table], oldRowData: row(old), tags } };
  }

  /** Sends one transaction in one frame, or split across `frames` frames. */
  function sendTx(client: TestSatelliteClient, n: number, ms: number, ops: ISatTransOp[], frames = 1): void {
    const all: ISatTransOp[] = [{ begin: { commitTimestamp: ms, lsn: lsn(n), origin: 'ignored' } }, ...ops, { commit: { commitTimestamp: ms, lsn: lsn(n) } }];
    const per = Math.ceil(all.length / frames);
    for (let i = 0; i < all.length; i += per) client.sendFrame({ type: 'SatOpLog', message: { ops: all.slice(i, i + per) } });
  }

  async function pgRow(table: string, id: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await sql.query(`SELECT * FROM ${table} WHERE id = $1`, [id]);
    return rows[0];
  }

  async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await read();
      if (check(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  function begins(client: TestSatelliteClient, from = 0): NonNullable<NonNullable<ISatTransOp['begin']>>[] {
    return client.frames
      .slice(from)
      .filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog')
      .flatMap((f) => (f.message.ops ?? []).flatMap((op) => (op.begin ? [op.begin] : [])));
  }

  function opsOf(client: TestSatelliteClient, kind: 'insert' | 'update' | 'delete', columns: number): { values: (string | null)[]; tags: string[] }[] {
    return client.frames
      .filter((f): f is Extract<Frame, { type: 'SatOpLog' }> => f.type === 'SatOpLog')
      .flatMap((f) => f.message.ops ?? [])
      .flatMap((op) => {
        const o = op[kind] as { rowData?: Parameters<typeof decodeRow>[0]; oldRowData?: Parameters<typeof decodeRow>[0]; tags?: string[] } | null | undefined;
        if (!o) return [];
        const data = kind === 'delete' ? o.oldRowData! : o.rowData!;
        return [{ values: decodeRow(data, columns).map((v) => (v === null ? null : Buffer.from(v).toString())), tags: o.tags ?? [] }];
      });
  }

  async function expectRefused(client: TestSatelliteClient, message: RegExp, txLsn?: number): Promise<void> {
    const error = await client.waitFor('SatErrorResp');
    expect(error.message.errorType).toBe(4); // INVALID_REQUEST
    expect(error.message.message).toMatch(message);
    if (txLsn !== undefined) expect([...(error.message.lsn ?? [])]).toEqual([...lsn(txLsn)]);
    expect((await client.waitClosed()).code).toBe(1007);
  }

  // -- tests --------------------------------------------------------------------------

  describe('client transactions', () => {
    it('reach Postgres; the writer gets its own transaction back, another client the row with its tag', async () => {
      const a = await connected();
      const b = await connected();
      await subscribe(a.client, 'items');
      await subscribe(b.client, 'items');
      const ms = Date.now();
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      sendTx(a.client, 1, ms, [insert('items', ['w1', 'hello', '7'])]);
      expect(await eventually(() => pgRow('items', 'w1'), Boolean)).toMatchObject({ value: 'hello', n: 7 });

      const echo = await a.client.waitFor('SatOpLog', (f) => f.message.ops?.[0]?.begin?.origin === a.clientId);
      expect(Number(echo.message.ops![0]!.begin!.commitTimestamp)).toBe(ms);
      await b.client.waitFor('SatOpLog', (f) => f.message.ops?.[0]?.begin?.origin === a.clientId);
      expect(opsOf(b.client, 'insert', 4)).toContainEqual({ values: ['w1', 'hello', '7', null], tags: [`${a.clientId}@${ms}`] });
      a.client.close();
      b.client.close();
    });

    it('accepts a transaction spanning several frames, and updates and deletes', async () => {
      const a = await connected();
      const ms = Date.now();
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      sendTx(a.client, 1, ms, [insert('items', ['f1', 'one', '1']), insert('items', ['f2', 'two', '2']), insert('items', ['f3', 'three', '3'])], 3);
      await eventually(() => pgRow('items', 'f3'), Boolean);
      sendTx(a.client, 2, ms + 1, [
        update('items', ['f1', 'uno', '1'], ['f1', 'one', '1'], [`${a.clientId}@${ms}`]),
        del('items', ['f2', 'two', '2'], [`${a.clientId}@${ms}`]),
      ]);
      expect(await eventually(() => pgRow('items', 'f2'), (r) => r === undefined)).toBeUndefined();
      expect(await pgRow('items', 'f1')).toMatchObject({ value: 'uno' });
      a.client.close();
    });

    it('echoes a transaction whose rows are outside the writer\'s shapes, with no changes', async () => {
      const a = await connected();
      await subscribe(a.client, 'items', 'this.n > 100');
      const ms = Date.now();
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      sendTx(a.client, 1, ms, [insert('items', ['out1', 'x', '1'])]);
      const echo = await a.client.waitFor('SatOpLog', (f) => f.message.ops?.[0]?.begin?.origin === a.clientId);
      expect(echo.message.ops!.map((op) => Object.keys(op).find((k) => (op as Record<string, unknown>)[k] != null))).toEqual(['begin', 'commit']);
      a.client.close();
    });

    it('takes a burst of transactions larger than its read limit: reading pauses and resumes, nothing is lost', async () => {
      const a = await connected();
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      const n = 800; // above the 500 that pauses reading from the client
      for (let i = 1; i <= n; i++) sendTx(a.client, i, Date.now(), [insert('items', [`burst-${i}`, 'v', String(i)])]);
      const count = await eventually(
        async () => Number((await sql.query("SELECT count(*) AS n FROM items WHERE id LIKE 'burst-%'")).rows[0].n),
        (c) => c === n,
        20_000,
      );
      expect(count).toBe(n);
      expect(a.client.closed).toBeNull();
      a.client.close();
    });

    it('tells a reconnecting client the last position that reached Postgres', async () => {
      const clientId = randomUUID();
      const a = await connected(clientId);
      expect([...a.serverLsn!]).toEqual([]);
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      for (let n = 1; n <= 5; n++) sendTx(a.client, n, Date.now(), [insert('items', [`p${n}`, 'v', String(n)])]);
      a.client.close();
      await a.client.waitClosed();
      // Reconnect at once: the writes still in flight count.
      const again = await connected(clientId);
      expect([...again.serverLsn!]).toEqual([...lsn(5)]);
      expect(await pgRow('items', 'p5')).toBeTruthy();
      again.client.close();
    });

    it('accepts transactions that arrive before the client\'s answer to the server\'s startReplication', async () => {
      // The official client may push its first transaction before its answer goes out.
      const a = await connected(randomUUID(), false);
      const request = await a.client.waitFor('SatRpcRequest', (f) => f.message.method === 'startReplication');
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      sendTx(a.client, 1, Date.now(), [insert('items', ['early', 'x', '1'])]);
      a.client.sendFrame(encodeRpcResponse('startReplication', request.message.requestId ?? 0, { message: {} }) as Frame);
      expect(await eventually(() => pgRow('items', 'early'), Boolean)).toBeTruthy();
      a.client.close();
    });
  });

  describe('refusals', () => {
    it('an update of a primary key is refused with ImmutablePrimaryKey (06.01); earlier transactions are kept', async () => {
      const a = await connected();
      const bystander = await connected();
      await subscribe(bystander.client, 'items');
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      sendTx(a.client, 1, Date.now(), [insert('items', ['pk1', 'v', '1'])]);
      sendTx(a.client, 2, Date.now(), [update('items', ['pk2', 'v', '1'], ['pk1', 'v', '1'])]);
      await expectRefused(a.client, /failed write validation tests.*Attempt to update table "public"\."items" primary key\(s\) \["id"\] \(ImmutablePrimaryKey\)/, 2);
      expect(await eventually(() => pgRow('items', 'pk1'), Boolean)).toBeTruthy();
      expect(await pgRow('items', 'pk2')).toBeUndefined();
      // Everyone else is still served.
      await sql.query(`INSERT INTO items VALUES ('after-refusal', 'v', 1)`);
      await bystander.client.waitFor('SatOpLog', (f) => (f.message.ops ?? []).some((op) => op.insert));
      bystander.client.close();
    });

    it('a relation for a table that is not electrified', async () => {
      const a = await connected();
      a.client.sendFrame({ type: 'SatRelation', message: { schemaName: 'public', tableName: 'nope', relationId: 5, columns: [{ name: 'id', type: 'TEXT', primaryKey: true }] } });
      await expectRefused(a.client, /Unknown table "public"\."nope"/);
    });

    it('a relation with an unknown column', async () => {
      const a = await connected();
      sendRelation(a.client, 'items', ['id', 'value', 'n', 'extra']);
      await expectRefused(a.client, /Unknown column "extra" in table "public"\."items"/);
    });

    it('an operation on a relation the client never sent', async () => {
      const a = await connected();
      sendTx(a.client, 1, Date.now(), [insert('items', ['x', 'v', '1'])]);
      await expectRefused(a.client, /Unknown relation id 1/, 1);
    });

    it('a transaction with an empty lsn', async () => {
      const a = await connected();
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      a.client.sendFrame({ type: 'SatOpLog', message: { ops: [{ begin: { commitTimestamp: 1, lsn: new Uint8Array() } }, { commit: {} }] } });
      await expectRefused(a.client, /non-empty lsn/);
    });

    it('NULL in a NOT NULL column', async () => {
      const a = await connected();
      sendRelation(a.client, 'owners', ['id', 'name']);
      sendTx(a.client, 1, Date.now(), [insert('owners', ['o1', null])]);
      await expectRefused(a.client, /Column "name" of table "public"\."owners" is NOT NULL/, 1);
    });

    // The apply worker runs as a replica, where Postgres checks no foreign
    // keys (as in the legacy service): logical_replication does not refuse these.
    it.skipIf(mode === 'logical_replication')('a transaction Postgres refuses (foreign key) fails with its reason; the writer keeps serving others', async () => {
      const a = await connected();
      const b = await connected();
      sendRelation(a.client, 'items', ['id', 'value', 'n', 'owner_id']);
      sendRelation(b.client, 'items', ITEM_COLUMNS);
      sendTx(a.client, 1, Date.now(), [insert('items', ['fk1', 'v', '1', 'no-such-owner'])]);
      await expectRefused(a.client, /Applying the transaction failed: .*foreign key/, 1);
      sendTx(b.client, 1, Date.now(), [insert('items', ['fk-ok', 'v', '1'])]);
      expect(await eventually(() => pgRow('items', 'fk-ok'), Boolean)).toBeTruthy();
      expect(await pgRow('items', 'fk1')).toBeUndefined();
      b.client.close();
    });
  });

  describe('values', () => {
    const TYPED_COLUMNS = ['id', 'i2', 'i4', 'i8', 'f4', 'f8', 'b', 'd', 't', 'ts', 'tz', 'j', 'by', 'm', 'vc'] as const;
    const good: Record<(typeof TYPED_COLUMNS)[number], string | Uint8Array> = {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      i2: '-32768',
      i4: '2147483647',
      i8: '-9223372036854775808',
      f4: '1.5',
      f8: '-Infinity',
      b: 't',
      d: '2024-02-29',
      t: '23:59:59.123456',
      ts: '2024-01-02 03:04:05.678',
      tz: '2024-01-02 03:04:05.678Z',
      j: '{"a":[1,null]}',
      by: new Uint8Array([0, 1, 254, 255]),
      m: 'sad',
      vc: 'abcde',
    };

    it('every supported type is accepted and lands in Postgres as sent', async () => {
      const a = await connected();
      sendRelation(a.client, 'typed', TYPED_COLUMNS);
      sendTx(a.client, 1, Date.now(), [insert('typed', TYPED_COLUMNS.map((c) => good[c]))]);
      const { rows } = await eventually(
        () => sql.query(`SELECT i2, i4, i8::text, f4, f8, b, d::text, t::text, ts::text, tz = '2024-01-02 03:04:05.678+00' AS tz_ok, j, by, m::text, vc FROM typed WHERE id = $1`, [good.id]),
        (r) => r.rows.length === 1,
      );
      expect(rows[0]).toEqual({
        i2: -32768, i4: 2147483647, i8: '-9223372036854775808', f4: 1.5, f8: -Infinity, b: true, d: '2024-02-29',
        t: '23:59:59.123456', ts: '2024-01-02 03:04:05.678', tz_ok: true, j: { a: [1, null] }, by: Buffer.from([0, 1, 254, 255]), m: 'sad', vc: 'abcde',
      });
      a.client.close();
    });

    const bad: [column: (typeof TYPED_COLUMNS)[number], value: string, reason: RegExp][] = [
      ['id', 'not-a-uuid', /not a UUID/],
      ['i2', '32768', /out of range for int2/],
      ['i4', '1.5', /not an integer/],
      ['i8', '9223372036854775808', /out of range for int8/],
      ['f4', '1e39', /out of range for float4/],
      ['f4', '1e-50', /too small for float4/],
      ['f8', 'abc', /not a number/],
      ['b', 'yes', /not a boolean/],
      ['d', '2023-02-29', /not a valid date/],
      ['d', '0000-01-01', /year outside/],
      ['t', '24:30:00', /not a valid time/],
      ['t', '10:00:00.1234567', /not a time/],
      ['ts', '2024-01-02 03:04:05+02', /has a UTC offset, but the column has no time zone/],
      ['tz', '2024-01-02 03:04:05+02', /UTC offset other than 0/],
      ['tz', '2024-01-02 03:04:05', /no UTC offset/],
      ['j', '{bad json', /not valid JSON/],
      ['m', 'angry', /not one of the labels of enum mood/],
    ];
    for (const [column, value, reason] of bad) {
      it(`refuses ${column} = ${JSON.stringify(value)}, naming the column and the reason`, async () => {
        const a = await connected();
        sendRelation(a.client, 'typed', TYPED_COLUMNS);
        const values = TYPED_COLUMNS.map((c) => (c === column ? value : c === 'id' ? randomUUID() : good[c]));
        sendTx(a.client, 1, Date.now(), [insert('typed', values)]);
        await expectRefused(a.client, new RegExp(`column "${column}" of table "public"\\."typed": the value .*${reason.source}`), 1);
      });
    }

    it('a value Postgres refuses (a CHECK constraint) fails the transaction with the reason', async () => {
      const a = await connected();
      sendRelation(a.client, 'typed', TYPED_COLUMNS);
      const id = randomUUID();
      sendTx(a.client, 1, Date.now(), [insert('typed', TYPED_COLUMNS.map((c) => (c === 'vc' ? 'abcdef' : c === 'id' ? id : good[c])))]);
      await expectRefused(a.client, /violates check constraint/, 1);
      expect(await pgRow('typed', id)).toBeUndefined();
    });

    it('a large transaction refused at its last row is refused whole, never confirmed part way', async () => {
      // In logical_replication mode the apply worker reports progress while such a
      // transaction is still arriving: that must not count as its commit.
      const a = await connected();
      sendRelation(a.client, 'items', ['id', 'value', 'n', 'owner_id']);
      sendRelation(a.client, 'typed', TYPED_COLUMNS);
      const tag = randomUUID().slice(0, 8);
      const body = 'x'.repeat(2000);
      const rows = Array.from({ length: 3000 }, (_, i) => insert('items', [`${tag}-${i}`, body, String(i), null]));
      const bad = insert('typed', TYPED_COLUMNS.map((c) => (c === 'vc' ? 'abcdef' : c === 'id' ? randomUUID() : good[c])));
      sendTx(a.client, 1, Date.now(), [...rows, bad], 20);
      await expectRefused(a.client, /violates check constraint/, 1);
      const { rows: written } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE id LIKE $1', [`${tag}-%`]);
      expect(written[0]!.n).toBe(0);
    }, 60_000);
  });

  describe('merge rules at the wire (legacy e2e 05.x)', () => {
    /** The row's tags, as clients write them. */
    async function tagsOf(table: string, id: string): Promise<string[]> {
      const { rows } = await sql.query<{ tag: string }>(
        `SELECT COALESCE(t.source_id, 'postgres_1') || '@' || (extract(epoch FROM t."timestamp") * 1000)::int8 AS tag
           FROM electric.${table === 'items' ? 'shadow__public__items' : 'shadow__public__owners'} s, unnest(s._tags) AS t WHERE s.id = $1`,
        [id],
      );
      return rows.map((r) => r.tag);
    }

    async function writer(): Promise<{ client: TestSatelliteClient; clientId: string; n: number }> {
      const c = await connected();
      sendRelation(c.client, 'items', ['id', 'value', 'n', 'owner_id']);
      sendRelation(c.client, 'owners', ['id', 'name']);
      return { ...c, n: 0 };
    }

    async function write(w: { client: TestSatelliteClient; n: number }, ms: number, ops: ISatTransOp[]): Promise<void> {
      sendTx(w.client, ++w.n, ms, ops);
      await w.client.waitFor('SatOpLog', (f) => Number(f.message.ops?.[0]?.begin?.commitTimestamp) === ms && f.message.ops?.[0]?.begin?.origin !== 'postgres_1', 5000);
    }

    async function subscribed(): Promise<{ client: TestSatelliteClient; clientId: string; n: number }> {
      const w = await writer();
      await subscribe(w.client, 'items');
      return w;
    }

    it('05.01 an update older than the current value is discarded', async () => {
      await sql.query(`INSERT INTO items VALUES ('m1', 'base', 0)`);
      const seen = await tagsOf('items', 'm1');
      const [a, b] = [await subscribed(), await subscribed()];
      const now = Date.now();
      await write(a, now + 200, [update('items', ['m1', 'newer', '0', null], ['m1', 'base', '0', null], seen)]);
      await write(b, now + 100, [update('items', ['m1', 'older', '0', null], ['m1', 'base', '0', null], seen)]);
      expect(await pgRow('items', 'm1')).toMatchObject({ value: 'newer' });
      a.client.close();
      b.client.close();
    });

    it('05.02 conflicts resolve per column', async () => {
      await sql.query(`INSERT INTO items VALUES ('m2', 'base', 0)`);
      const seen = await tagsOf('items', 'm2');
      const [a, b] = [await subscribed(), await subscribed()];
      const now = Date.now();
      await write(a, now + 100, [update('items', ['m2', 'from a', '0', null], ['m2', 'base', '0', null], seen)]);
      await write(b, now + 200, [update('items', ['m2', 'base', '42', null], ['m2', 'base', '0', null], seen)]);
      expect(await pgRow('items', 'm2')).toMatchObject({ value: 'from a', n: 42 });
      a.client.close();
      b.client.close();
    });

    it('05.03 a Postgres transaction concurrent with a client write takes a greater tag and wins', async () => {
      await sql.query(`INSERT INTO items VALUES ('m3', 'base', 0)`);
      const seen = await tagsOf('items', 'm3');
      const a = await subscribed();
      const pgTx = await connectClient(dbConfig);
      try {
        await pgTx.query('BEGIN');
        await pgTx.query('SELECT 1'); // the transaction (and its timestamp) starts here
        // The client writes meanwhile, with a later clock than the transaction's start.
        await write(a, Date.now() + 50, [update('items', ['m3', 'client', '0', null], ['m3', 'base', '0', null], seen)]);
        expect(await pgRow('items', 'm3')).toMatchObject({ value: 'client' });
        await pgTx.query(`UPDATE items SET value = 'postgres' WHERE id = 'm3'`);
        await pgTx.query('COMMIT');
      } finally {
        await pgTx.end();
      }
      expect(await pgRow('items', 'm3')).toMatchObject({ value: 'postgres' });
      const [tag] = await tagsOf('items', 'm3');
      expect(tag).toMatch(/^postgres_1@/);
      a.client.close();
    });

    it('05.04 an update that did not observe a delete resurrects the row', async () => {
      await sql.query(`INSERT INTO items VALUES ('m4', 'base', 0)`);
      const seen = await tagsOf('items', 'm4');
      const [a, b] = [await subscribed(), await subscribed()];
      const now = Date.now();
      await write(a, now + 100, [del('items', ['m4', 'base', '0', null], seen)]);
      expect(await pgRow('items', 'm4')).toBeUndefined();
      // b saw only the insert, not a's delete.
      await write(b, now + 200, [update('items', ['m4', 'base', '7', null], ['m4', 'base', '0', null], seen)]);
      expect(await pgRow('items', 'm4')).toMatchObject({ value: 'base', n: 7 });
      a.client.close();
      b.client.close();
    });

    it('05.05 compensations together with other operations in one transaction', async () => {
      await sql.query(`INSERT INTO owners VALUES ('o5', 'owner'), ('o6', 'other')`);
      const seen5 = await tagsOf('owners', 'o5');
      const seen6 = await tagsOf('owners', 'o6');
      const a = await subscribed();
      // Postgres deletes o5 meanwhile; the client's compensation restores it.
      await sql.query(`DELETE FROM owners WHERE id = 'o5'`);
      const compensation = (id: string, tags: string[]): ISatTransOp => ({ compensation: { relationId: RELATION_IDS.owners, pkData: row([id, null]), tags } });
      await write(a, Date.now() + 100, [
        compensation('o5', seen5),
        compensation('o6', seen6),
        insert('items', ['m5', 'child', '1', 'o5']),
        insert('items', ['m6', 'child', '1', 'o6']),
      ]);
      expect(await pgRow('owners', 'o5')).toMatchObject({ name: 'owner' });
      expect(await pgRow('items', 'm5')).toMatchObject({ owner_id: 'o5' });
      expect(await pgRow('items', 'm6')).toMatchObject({ owner_id: 'o6' });
      a.client.close();
    });
  });

  describe('restarts', () => {
    it('a client reconnecting after a service restart is told the last position that reached Postgres', async () => {
      const clientId = randomUUID();
      const a = await connected(clientId);
      sendRelation(a.client, 'items', ITEM_COLUMNS);
      for (let n = 1; n <= 3; n++) sendTx(a.client, n, Date.now(), [insert('items', [`r${n}`, 'v', String(n)])]);
      await eventually(() => pgRow('items', 'r3'), Boolean);
      const port = service.httpAddress.port;
      await service.stop();
      service = await startTestService({ DATABASE_URL: dbConfig.url, HTTP_PORT: String(port), ELECTRIC_WRITE_TO_PG_MODE: mode });
      const again = await connected(clientId);
      expect([...again.serverLsn!]).toEqual([...lsn(3)]);
      // It goes on from there.
      sendRelation(again.client, 'items', ITEM_COLUMNS);
      sendTx(again.client, 4, Date.now(), [insert('items', ['r4', 'v', '4'])]);
      expect(await eventually(() => pgRow('items', 'r4'), Boolean)).toBeTruthy();
      again.client.close();
    });
  });
}
