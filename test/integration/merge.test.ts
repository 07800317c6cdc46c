/**
 * The merge of client writes, in Postgres (spec §5): client changes applied
 * through electric.apply_client_transaction on a session marked as
 * Electric's, against rows written by other clients and by Postgres itself.
 * Each rule of §5.3–5.4 is checked on the resulting rows and tags.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { bootstrapElectricSchema } from '../../src/service/postgres/bootstrap.js';
import { connectClient } from '../../src/service/postgres/connection.js';

let pgServer: TestPostgres;
let sql: pg.Client;
/** A session marked as Electric's, like the direct writer. */
let writer: pg.Client;
let mergeDb: Awaited<ReturnType<TestPostgres['createDatabase']>>;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  const db = await pgServer.createDatabase('merge');
  mergeDb = db;
  sql = await connectClient(db);
  await bootstrapElectricSchema(sql);
  writer = await connectClient(db, { settings: { 'electric.session_replication_role': 'replica' } });
  await sql.query(`CREATE TABLE parents (id int PRIMARY KEY, name text)`);
  await sql.query(`CREATE TABLE items (id int PRIMARY KEY, a text, b int, parent_id int REFERENCES parents(id))`);
  await sql.query(`CALL electric.electrify('parents')`);
  await sql.query(`CALL electric.electrify('items')`);
});

afterAll(async () => {
  await writer?.end().catch(() => {});
  await sql?.end().catch(() => {});
  await pgServer?.stop();
});

beforeEach(async () => {
  await sql.query('TRUNCATE items, parents, electric.shadow__public__items, electric.shadow__public__parents, electric.tombstone__public__items, electric.tombstone__public__parents');
});

type Value = string | null;
interface Change {
  table?: string;
  values: Value[];
  observed?: [number, string | null][];
  delete?: boolean;
  mask?: boolean[];
  withRow?: boolean;
}

/** Applies one client transaction the way the direct writer does. */
async function apply(clientId: string, ms: number, changes: Change[], lsn = 1): Promise<void> {
  const json = changes.map((c) => ({
    s: 'public',
    t: c.table ?? 'items',
    v: c.values,
    o: c.observed ?? [],
    d: c.delete ?? false,
    m: c.mask ?? c.values.slice(1).map(() => !(c.delete ?? false)),
    r: c.withRow ?? true,
  }));
  await writer.query('SELECT electric.apply_client_transaction($1, $2, $3, $4)', [clientId, Buffer.from([0, 0, 0, lsn]), ms, JSON.stringify(json)]);
}

async function row(id: number, table = 'items'): Promise<Record<string, unknown> | null> {
  const { rows } = await sql.query(`SELECT * FROM ${table} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The row's tags as `source@ms` (postgres_1 for a NULL source). */
async function tags(id: number, table = 'items'): Promise<string[]> {
  const { rows } = await sql.query<{ tag: string }>(
    `SELECT COALESCE(t.source_id, 'postgres_1') || '@' || (extract(epoch FROM t."timestamp") * 1000)::int8 AS tag
       FROM electric.shadow__public__${table} s, unnest(s._tags) AS t WHERE s.id = $1 ORDER BY 1`,
    [id],
  );
  return rows.map((r) => r.tag);
}

const T = 1_700_000_000_000;

describe('client writes', () => {
  it('an insert creates the row with the client tag on the row and every column', async () => {
    await apply('c1', T, [{ values: ['1', 'x', '5', null] }]);
    expect(await row(1)).toEqual({ id: 1, a: 'x', b: 5, parent_id: null });
    expect(await tags(1)).toEqual([`c1@${T}`]);
    const { rows } = await sql.query(`SELECT (_tag_a).source_id AS a, (_tag_b).source_id AS b, _resolved, _currently_reordering, __reordered_a FROM electric.shadow__public__items`);
    expect(rows).toEqual([{ a: 'c1', b: 'c1', _resolved: true, _currently_reordering: null, __reordered_a: null }]);
  });

  it('records the client position in the same transaction', async () => {
    await apply('c9', T, [{ values: ['1', 'x', '5', null] }], 7);
    const { rows } = await sql.query(`SELECT lsn FROM electric.acknowledged_client_lsns WHERE client_id = 'c9'`);
    expect(rows[0].lsn).toEqual(Buffer.from([0, 0, 0, 7]));
  });

  it('an update older than the current tag is discarded (05.01)', async () => {
    await apply('c1', T + 100, [{ values: ['1', 'new', '1', null] }]);
    await apply('c2', T, [{ values: ['1', 'old', '2', null], mask: [true, true, false] }]);
    expect(await row(1)).toMatchObject({ a: 'new', b: 1 });
    // The row keeps both tags: c2's write did not observe c1's.
    expect(await tags(1)).toEqual([`c1@${T + 100}`, `c2@${T}`]);
  });

  it('resolves per column (05.02)', async () => {
    await apply('c1', T, [{ values: ['1', 'a0', '0', null] }]);
    await apply('c1', T + 10, [{ values: ['1', 'a1', '0', null], observed: [[T, 'c1']], mask: [true, false, false] }]);
    await apply('c2', T + 5, [{ values: ['1', 'a0', '2', null], observed: [[T, 'c1']], mask: [false, true, false] }]);
    expect(await row(1)).toMatchObject({ a: 'a1', b: 2 });
  });

  it('a delete removes only the tags it observed; an update that did not see it keeps the row (05.04)', async () => {
    await apply('c1', T, [{ values: ['1', 'a', '1', null] }]);
    // c2 updates having seen the insert; c1 deletes having seen only its insert.
    await apply('c2', T + 10, [{ values: ['1', 'b', '1', null], observed: [[T, 'c1']], mask: [true, false, false] }]);
    await apply('c1', T + 20, [{ values: ['1', 'a', '1', null], observed: [[T, 'c1']], delete: true }]);
    expect(await row(1)).toMatchObject({ a: 'b', b: 1 });
    expect(await tags(1)).toEqual([`c2@${T + 10}`]);
    // A delete that observed everything removes it, keeping a tombstone.
    await apply('c1', T + 30, [{ values: ['1', 'b', '1', null], observed: [[T + 10, 'c2']], delete: true }]);
    expect(await row(1)).toBeNull();
    expect(await tags(1)).toEqual([]);
    const { rows } = await sql.query('SELECT a FROM electric.tombstone__public__items WHERE id = 1');
    expect(rows).toEqual([{ a: 'b' }]);
    // An update that never saw the delete resurrects the row with its change.
    await apply('c3', T + 40, [{ values: ['1', 'b', '9', null], observed: [[T + 10, 'c2']], mask: [false, true, false] }]);
    expect(await row(1)).toMatchObject({ a: 'b', b: 9 });
  });

  it('a Postgres write after a client write takes a greater tag, even with an older clock', async () => {
    const future = Date.now() + 60_000;
    await apply('c1', future, [{ values: ['1', 'client', '1', null] }]);
    await sql.query(`UPDATE items SET a = 'pg' WHERE id = 1`);
    expect(await row(1)).toMatchObject({ a: 'pg' });
    const t = await tags(1);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatch(/^postgres_1@/);
    expect(Number(t[0]!.split('@')[1])).toBeGreaterThan(future);
  });

  it('a client delete that observed the Postgres insert removes the row', async () => {
    await sql.query(`INSERT INTO items VALUES (1, 'pg', 1, NULL)`);
    const [pgTag] = await tags(1);
    const ms = Number(pgTag!.split('@')[1]);
    await apply('c1', ms + 10, [{ values: ['1', 'pg', '1', null], observed: [[ms, null]], delete: true }]);
    expect(await row(1)).toBeNull();
    // And an update that observed it replaces the Postgres tag.
    await sql.query(`INSERT INTO items VALUES (2, 'pg', 1, NULL)`);
    const [pgTag2] = await tags(2);
    const ms2 = Number(pgTag2!.split('@')[1]);
    await apply('c1', ms2 + 10, [{ values: ['2', 'client', '1', null], observed: [[ms2, null]], mask: [true, false, false] }]);
    expect(await row(2)).toMatchObject({ a: 'client' });
    expect(await tags(2)).toEqual([`c1@${ms2 + 10}`]);
  });

  it('a client write over a pre-electrification row that observed postgres_1@0 replaces its tag', async () => {
    await sql.query(`ALTER TABLE items DISABLE TRIGGER postgres_write__upsert_generate_shadow_rows`);
    await sql.query(`INSERT INTO items VALUES (1, 'old', 1, NULL)`);
    await sql.query(`ALTER TABLE items ENABLE TRIGGER postgres_write__upsert_generate_shadow_rows`);
    await apply('c1', T, [{ values: ['1', 'new', '1', null], observed: [[0, null]], mask: [true, false, false] }]);
    expect(await row(1)).toMatchObject({ a: 'new', b: 1 });
    expect(await tags(1)).toEqual([`c1@${T}`]);
  });

  it('a compensation restores a parent deleted concurrently, without changing its values (05.05)', async () => {
    await apply('c1', T, [{ table: 'parents', values: ['1', 'p'] }]);
    // Postgres deletes the parent having seen the client's insert.
    await sql.query('DELETE FROM parents WHERE id = 1');
    expect(await row(1, 'parents')).toBeNull();
    // The client, unaware, adds a child and re-asserts the parent's tag.
    await apply('c1', T + 10, [
      { table: 'parents', values: ['1', null], observed: [[T, 'c1']], mask: [false], withRow: false },
      { values: ['5', 'child', '1', '1'] },
    ]);
    expect(await row(1, 'parents')).toMatchObject({ name: 'p' });
    expect(await row(5)).toMatchObject({ parent_id: 1 });
  });

  it('two compensations and an insert in one transaction (05.05)', async () => {
    await apply('c1', T, [{ table: 'parents', values: ['1', 'p1'] }, { table: 'parents', values: ['2', 'p2'] }]);
    await apply('c1', T + 10, [
      { table: 'parents', values: ['1', null], observed: [[T, 'c1']], mask: [false], withRow: false },
      { table: 'parents', values: ['2', null], observed: [[T, 'c1']], mask: [false], withRow: false },
      { values: ['5', 'child', '1', '2'] },
    ]);
    expect(await row(1, 'parents')).toMatchObject({ name: 'p1' });
    expect(await row(2, 'parents')).toMatchObject({ name: 'p2' });
    expect(await row(5)).toMatchObject({ parent_id: 2 });
  });

  it('a failing change rolls back the whole transaction, position included', async () => {
    await expect(apply('c7', T, [{ values: ['1', 'x', '1', null] }, { values: ['2', 'y', '1', '42'] }], 3)).rejects.toThrow(/foreign key/);
    expect(await row(1)).toBeNull();
    const { rows } = await sql.query(`SELECT 1 FROM electric.acknowledged_client_lsns WHERE client_id = 'c7'`);
    expect(rows).toEqual([]);
  });

  it('a Postgres upsert racing a client insert of the same new row waits for it and wins', async () => {
    // The client write is still open when Postgres writes the row.
    await writer.query('BEGIN');
    await apply('c1', Date.now() - 1000, [{ values: ['9', 'client', '1', null] }]);
    const pgWrite = sql.query(`INSERT INTO items VALUES (9, 'pg', 2, NULL) ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b`);
    await new Promise((r) => setTimeout(r, 100));
    await writer.query('COMMIT');
    await pgWrite;
    expect(await row(9)).toMatchObject({ a: 'pg', b: 2 });
    const t = await tags(9);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatch(/^postgres_1@/);
  });

  it('a client compensation racing a Postgres insert of the same new row waits for it', async () => {
    const pgTx = await pgServer.client('merge');
    try {
      await pgTx.query('BEGIN');
      await pgTx.query(`INSERT INTO parents VALUES (7, 'pg')`);
      const clientWrite = apply('c1', Date.now(), [{ table: 'parents', values: ['7', null], observed: [], mask: [false], withRow: false }]);
      await new Promise((r) => setTimeout(r, 100));
      await pgTx.query('COMMIT');
      await clientWrite;
    } finally {
      await pgTx.end();
    }
    expect(await row(7, 'parents')).toMatchObject({ name: 'pg' });
  });

  it('the trigger pair (two INSERTs, as the logical-replication apply worker writes) merges like the direct writer', async () => {
    const asApplyWorker = async (ms: number, values: Value[], observed: number[], isDelete: boolean, mask: string): Promise<void> => {
      await writer.query('BEGIN');
      await writer.query('INSERT INTO items VALUES ($1, $2, $3, $4)', values);
      await writer.query(
        `INSERT INTO electric.shadow__public__items (id, _tag, _observed_tags, _is_a_delete_operation, _modified_columns_bit_mask)
         VALUES ($1, ROW('epoch'::timestamptz + $2 * interval '1 millisecond', 'lr')::electric.tag,
                 ARRAY(SELECT ROW('epoch'::timestamptz + x * interval '1 millisecond', 'lr')::electric.tag FROM unnest($3::int8[]) AS x),
                 $4, $5::boolean[])`,
        [values[0], ms, observed, isDelete, mask],
      );
      await writer.query('COMMIT');
    };
    await asApplyWorker(T, ['3', 'first', '1', null], [], false, '{t,t,t}');
    expect(await row(3)).toMatchObject({ a: 'first', b: 1 });
    expect(await tags(3)).toEqual([`lr@${T}`]);
    // An older update of b only: discarded for b; a newer one of a: taken.
    await asApplyWorker(T - 10, ['3', 'first', '5', null], [], false, '{f,t,f}');
    await asApplyWorker(T + 10, ['3', 'second', '1', null], [T], false, '{t,f,f}');
    expect(await row(3)).toMatchObject({ a: 'second', b: 1 });
    const { rows } = await sql.query('SELECT _currently_reordering, __reordered_a FROM electric.shadow__public__items WHERE id = 3');
    expect(rows).toEqual([{ _currently_reordering: null, __reordered_a: null }]);
  });

  it('ordinary Postgres writes are unaffected by the client-write triggers', async () => {
    await sql.query(`INSERT INTO items VALUES (1, 'pg', 1, NULL)`);
    expect(await row(1)).toMatchObject({ a: 'pg' });
    expect((await tags(1))[0]).toMatch(/^postgres_1@/);
  });
});

describe('lock order', () => {
  it('a client write waiting behind a Postgres transaction that holds the row does not deadlock with its UPDATE', async () => {
    await sql.query(`INSERT INTO items VALUES (7, 'pg', 1, NULL)`);
    const pgTx = await connectClient(mergeDb);
    try {
      // Postgres holds the row, as an UPDATE does before its trigger locks the shadow row.
      await pgTx.query('BEGIN');
      await pgTx.query('SELECT * FROM items WHERE id = 7 FOR UPDATE');
      // The client write waits for the row (and so must not hold the shadow row meanwhile)...
      const clientWrite = apply('client_a', Date.now() + 60_000, [{ values: ['7', 'client', null, null], mask: [true, false, false] }]);
      await new Promise((r) => setTimeout(r, 200));
      // ...so Postgres' UPDATE gets the shadow row: no deadlock.
      await pgTx.query(`UPDATE items SET b = 2 WHERE id = 7`);
      await pgTx.query('COMMIT');
      await clientWrite;
      expect(await row(7)).toMatchObject({ a: 'client', b: 2 });
    } finally {
      await pgTx.end().catch(() => {});
    }
  });

  it('nor does the trigger pair (the apply worker) while a Postgres UPDATE waits on the row it holds', async () => {
    await sql.query(`INSERT INTO items VALUES (8, 'pg', 1, NULL)`);
    const pgTx = await connectClient(mergeDb);
    try {
      // The apply worker's first INSERT parks the values: it takes the row before the shadow row...
      await writer.query('BEGIN');
      await writer.query('INSERT INTO items VALUES ($1, $2, $3, $4)', ['8', 'client', '1', null]);
      // ...so Postgres' UPDATE waits for the row, holding nothing the apply worker needs...
      const pgUpdate = pgTx.query('UPDATE items SET b = 2 WHERE id = 8');
      await new Promise((r) => setTimeout(r, 200));
      // ...and the second INSERT (the shadow row) resolves the write without a deadlock.
      await writer.query(
        `INSERT INTO electric.shadow__public__items (id, _tag, _observed_tags, _is_a_delete_operation, _modified_columns_bit_mask)
         VALUES (8, ROW(now() + interval '1 minute', 'lr')::electric.tag, '{}', false, '{t,f,f}')`,
      );
      await writer.query('COMMIT');
      await pgUpdate;
      expect(await row(8)).toMatchObject({ a: 'client', b: 2 });
    } finally {
      await writer.query('ROLLBACK').catch(() => {});
      await pgTx.end().catch(() => {});
    }
  });
});
