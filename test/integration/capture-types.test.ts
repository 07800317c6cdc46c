/**
 * Change capture of every supported column type: what a Postgres write of an
 * electrified table becomes in the service's transaction cache (value text
 * forms of spec §3.4, tags, transaction boundaries and order, referenced
 * records from `electric.fk_chain_touch` messages).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { liveReader, printable, type TxReader } from '../support/capture.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import type { ElectricService } from '../../src/service/server.js';
import type { DatabaseConfig } from '../../src/service/config.js';
import type { DataChange, Row, Transaction } from '../../src/service/replication/types.js';

let pgServer: TestPostgres;
let db: DatabaseConfig & { url: string };
let service: ElectricService;
let sql: pg.Client;

const COLUMNS = ['id', 'i2', 'i4', 'i8', 'f4', 'f8', 'b', 'bin', 'd', 't', 'ts', 'tstz', 'j', 'u', 'txt', 'vc', 'e'] as const;
type Column = (typeof COLUMNS)[number];

beforeAll(async () => {
  pgServer = await startTestPostgres();
  db = await pgServer.createDatabase('capture_types');
  service = await startTestService({ DATABASE_URL: db.url });
  sql = await connectClient(db);
  await sql.query("CREATE TYPE color AS ENUM ('red', 'green', 'blue_2')");
  await sql.query(`CREATE TABLE typed (
    id uuid PRIMARY KEY,
    i2 smallint, i4 integer, i8 bigint,
    f4 real, f8 double precision,
    b boolean, bin bytea,
    d date, t time, ts timestamp, tstz timestamptz,
    j jsonb, u uuid, txt text, vc varchar, e color
  )`);
  await sql.query('CREATE TABLE other (id uuid PRIMARY KEY, label text)');
  await sql.query('CREATE TABLE items (id uuid PRIMARY KEY, name text)');
  await sql.query("CALL electric.electrify('typed')");
  await sql.query("CALL electric.electrify('other')");
  await sql.query("CALL electric.electrify('items')");
});

afterAll(async () => {
  await sql?.end().catch(() => {});
  await service?.stop();
  await pgServer?.stop();
});

// -- helpers ------------------------------------------------------------------------

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

async function withReader<T>(fn: (reader: TxReader) => Promise<T>): Promise<T> {
  const reader = liveReader(service);
  try {
    return await fn(reader);
  } finally {
    reader.close();
  }
}

function insertTyped(client: pg.Client, values: Partial<Record<Column, string | null>>): Promise<unknown> {
  const cols = Object.keys(values) as Column[];
  return client.query(
    `INSERT INTO typed (${cols.map((c) => client.escapeIdentifier(c)).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
    cols.map((c) => values[c] ?? null),
  );
}

/** A full expected record: every column, NULL unless given. */
function fullRow(values: Partial<Record<Column, string | Uint8Array | null>>): Row {
  return Object.fromEntries(COLUMNS.map((c) => [c, values[c] ?? null]));
}

/** The record with bytea shown as hex, for readable diffs; byte values are checked separately. */
function expectRecord(actual: Row | null, expected: Row, what: string): void {
  expect(printable(actual), what).toEqual(printable(expected));
  for (const [k, v] of Object.entries(expected)) {
    if (v instanceof Uint8Array) {
      expect(actual![k], `${what}: ${k} is raw bytes`).toBeInstanceOf(Uint8Array);
      expect(Array.from(actual![k] as Uint8Array), `${what}: bytes of ${k}`).toEqual(Array.from(v));
    }
  }
}

function pgTags(tx: Transaction): string[] {
  return [`postgres_1@${tx.commitTimestamp}`];
}

function expectPostgresTags(tx: Transaction): void {
  expect(tx.origin).toBe('postgres_1');
  for (const c of tx.changes) expect(c.tags, `tags of ${c.kind} ${c.relation.table}`).toEqual(c.kind === 'delete' ? [] : pgTags(tx));
}

const summary = (c: DataChange): string => `${c.kind} ${c.relation.table} ${String((c.record ?? c.oldRecord)?.id)}`;

// -- the rows ----------------------------------------------------------------------------

const UNICODE_TEXT = 'héllo wörld ✓ — 日本語 😀🎉 "double" \'single\' back\\slash \\x00 \\\\ end\nsecond line\r\n\ttab';
const JSON_IN = '{"b": [1, 2.50, {"c": "ü😀", "e": "\\u00e9"}], "a": {"nested": true, "n": null, "deep": {"x": [[], {}]}}, "esc": "q\\"b\\\\"}';
const JSON_OUT = '{"a": {"n": null, "deep": {"x": [[], {}]}, "nested": true}, "b": [1, 2.50, {"c": "ü😀", "e": "é"}], "esc": "q\\"b\\\\"}';

interface Case {
  readonly name: string;
  readonly input: Partial<Record<Column, string | null>>;
  readonly expected: Partial<Record<Column, string | Uint8Array | null>>;
}

const CASES: Case[] = [
  {
    name: 'NULL in every nullable column',
    input: { id: uuid(1) },
    expected: { id: uuid(1) },
  },
  {
    name: 'lower bounds',
    input: {
      id: uuid(2),
      i2: '-32768',
      i4: '-2147483648',
      i8: '-9223372036854775808',
      f4: 'NaN',
      f8: 'NaN',
      b: 'false',
      bin: '\\x00ff10',
      d: '0001-01-01',
      t: '00:00:00',
      ts: '0001-01-01 00:00:00',
      tstz: '2024-01-01 10:00:00.5+02',
      j: JSON_IN,
      u: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
      txt: UNICODE_TEXT,
      vc: '',
      e: 'red',
    },
    expected: {
      id: uuid(2),
      i2: '-32768',
      i4: '-2147483648',
      i8: '-9223372036854775808',
      f4: 'NaN',
      f8: 'NaN',
      b: 'f',
      bin: bytes(0x00, 0xff, 0x10),
      d: '0001-01-01',
      t: '00:00:00',
      ts: '0001-01-01 00:00:00',
      tstz: '2024-01-01 08:00:00.5Z',
      j: JSON_OUT,
      u: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      txt: UNICODE_TEXT,
      vc: '',
      e: 'red',
    },
  },
  {
    name: 'upper bounds',
    input: {
      id: uuid(3),
      i2: '32767',
      i4: '2147483647',
      i8: '9223372036854775807',
      f4: 'Infinity',
      f8: '-Infinity',
      b: 'true',
      bin: '\\x',
      d: '9999-12-31',
      t: '23:59:59.999999',
      ts: '9999-12-31 23:59:59.999999',
      tstz: '1999-12-31 23:59:59.999999-05:30',
      j: '[]',
      u: '00000000-0000-0000-0000-000000000000',
      txt: '',
      vc: 'it\'s "quoted" \\ and\nmultiline',
      e: 'blue_2',
    },
    expected: {
      id: uuid(3),
      i2: '32767',
      i4: '2147483647',
      i8: '9223372036854775807',
      f4: 'Infinity',
      f8: '-Infinity',
      b: 't',
      bin: bytes(),
      d: '9999-12-31',
      t: '23:59:59.999999',
      ts: '9999-12-31 23:59:59.999999',
      tstz: '2000-01-01 05:29:59.999999Z',
      j: '[]',
      u: '00000000-0000-0000-0000-000000000000',
      txt: '',
      vc: 'it\'s "quoted" \\ and\nmultiline',
      e: 'blue_2',
    },
  },
  {
    name: 'ordinary values',
    input: {
      id: uuid(4),
      i2: '0',
      i4: '-1',
      i8: '42',
      f4: '1.5',
      f8: '0.1',
      b: 't',
      bin: '\\xdeadbeef',
      d: '2024-02-29',
      t: '12:34:56.789012',
      ts: '2024-01-01 10:00:00.123456',
      tstz: '2024-01-01 08:00:00+00',
      j: '{"k": "v", "n": 1e3, "s": "😀", "arr": [true, false, null]}',
      u: uuid(999),
      txt: 'plain',
      vc: 'varchar value',
      e: 'green',
    },
    expected: {
      id: uuid(4),
      i2: '0',
      i4: '-1',
      i8: '42',
      f4: '1.5',
      f8: '0.1',
      b: 't',
      bin: bytes(0xde, 0xad, 0xbe, 0xef),
      d: '2024-02-29',
      t: '12:34:56.789012',
      ts: '2024-01-01 10:00:00.123456',
      tstz: '2024-01-01 08:00:00Z',
      j: '{"k": "v", "n": 1000, "s": "😀", "arr": [true, false, null]}',
      u: uuid(999),
      txt: 'plain',
      vc: 'varchar value',
      e: 'green',
    },
  },
  {
    name: 'negative zero and infinities the other way round',
    input: { id: uuid(5), f4: '-0', f8: '-0', b: 'f' },
    expected: { id: uuid(5), f4: '-0', f8: '-0', b: 'f' },
  },
  {
    name: 'other infinities',
    input: { id: uuid(6), f4: '-Infinity', f8: 'Infinity' },
    expected: { id: uuid(6), f4: '-Infinity', f8: 'Infinity' },
  },
  {
    name: 'large and small exponents',
    input: { id: uuid(7), f4: '3.4028235e38', f8: '1.7976931348623157e308', i2: '1' },
    expected: { id: uuid(7), f4: '3.4028235e+38', f8: '1.7976931348623157e+308', i2: '1' },
  },
  {
    name: 'tiny and rounded floats',
    input: { id: uuid(8), f4: '0.1', f8: '5e-324' },
    expected: { id: uuid(8), f4: '0.1', f8: '5e-324' },
  },
  {
    name: 'more exponents',
    input: { id: uuid(9), f4: '1e-7', f8: '1e100' },
    expected: { id: uuid(9), f4: '1e-07', f8: '1e+100' },
  },
];

// -- tests ----------------------------------------------------------------------------

describe('change capture of every supported type', () => {
  it('captures inserts with the exact text forms of every type', async () => {
    await withReader(async (reader) => {
      await sql.query('BEGIN');
      for (const c of CASES) await insertTyped(sql, c.input);
      await sql.query('COMMIT');

      const tx = await reader.nextWithChanges();
      expect(tx.changes.map(summary), 'one transaction, changes in statement order').toEqual(CASES.map((c) => `insert typed ${c.input.id}`));
      expectPostgresTags(tx);
      expect(tx.migrations).toEqual([]);
      expect(tx.referencedRecords).toEqual([]);
      CASES.forEach((c, i) => {
        const change = tx.changes[i]!;
        expect(change.relation).toEqual({ schema: 'public', table: 'typed' });
        expect(change.oldRecord, c.name).toBeNull();
        expectRecord(change.record, fullRow(c.expected), c.name);
      });
    });
  });

  it('captures an UPDATE with the new and the old row, and a DELETE with the old row and no tags', async () => {
    await withReader(async (reader) => {
      const id = uuid(20);
      const input = CASES[1]!.input;
      await insertTyped(sql, { ...input, id });
      const inserted = await reader.nextWithChanges();
      expect(inserted.changes.map(summary)).toEqual([`insert typed ${id}`]);
      const before = fullRow({ ...CASES[1]!.expected, id });

      await sql.query("UPDATE typed SET i4 = 7, txt = 'changed', bin = '\\x0102', tstz = '2024-06-01 12:00:00.000001+00', f8 = 0.1 WHERE id = $1", [id]);
      const updated = await reader.nextWithChanges();
      expect(updated.changes).toHaveLength(1);
      const upd = updated.changes[0]!;
      expect(upd.kind).toBe('update');
      expect(upd.relation).toEqual({ schema: 'public', table: 'typed' });
      const after = { ...before, i4: '7', txt: 'changed', bin: bytes(1, 2), tstz: '2024-06-01 12:00:00.000001Z', f8: '0.1' };
      expectRecord(upd.record, after, 'record of the update');
      expectRecord(upd.oldRecord, before, 'oldRecord of the update (REPLICA IDENTITY FULL)');
      expect(upd.tags).toEqual(pgTags(updated));
      expect(updated.commitTimestamp).toBeGreaterThanOrEqual(inserted.commitTimestamp);

      await sql.query('DELETE FROM typed WHERE id = $1', [id]);
      const deleted = await reader.nextWithChanges();
      expect(deleted.changes).toHaveLength(1);
      const del = deleted.changes[0]!;
      expect(del.kind).toBe('delete');
      expect(del.record).toBeNull();
      expectRecord(del.oldRecord, after, 'oldRecord of the delete');
      expect(del.tags).toEqual([]);
      expect(deleted.origin).toBe('postgres_1');
    });
  });

  it('fills an unchanged TOASTed value of an update from the old row', async () => {
    await withReader(async (reader) => {
      const id = uuid(21);
      const big = randomBytes(60_000).toString('base64'); // incompressible enough to be stored out of line
      await insertTyped(sql, { id, txt: big, i2: '1' });
      const inserted = await reader.nextWithChanges();
      expect(inserted.changes[0]!.record!.txt).toBe(big);
      await sql.query('UPDATE typed SET i2 = 2 WHERE id = $1', [id]);
      const updated = await reader.nextWithChanges();
      const upd = updated.changes[0]!;
      expect(upd.record!.i2).toBe('2');
      expect((upd.record!.txt as string).length, 'the unchanged TOASTed text').toBe(big.length);
      expect(upd.record!.txt).toBe(big);
      expect(upd.oldRecord!.txt).toBe(big);
      expect(upd.oldRecord!.i2).toBe('1');
    });
  });
});

describe('transactions', () => {
  it('delivers a multi-statement transaction over two tables as one transaction, changes in statement order', async () => {
    await withReader(async (reader) => {
      const pre = uuid(30);
      await insertTyped(sql, { id: pre, txt: 'existing' });
      await reader.nextWithChanges();

      const a = uuid(31);
      const b = uuid(32);
      const x = uuid(33);
      await sql.query('BEGIN');
      await sql.query("INSERT INTO other VALUES ($1, 'a')", [a]);
      await insertTyped(sql, { id: x, i4: '1' });
      await sql.query("UPDATE other SET label = 'a2' WHERE id = $1", [a]);
      await sql.query("INSERT INTO other VALUES ($1, 'b')", [b]);
      await sql.query('UPDATE typed SET i4 = 2 WHERE id = $1', [x]);
      await sql.query('DELETE FROM typed WHERE id = $1', [pre]);
      await sql.query('COMMIT');

      const tx = await reader.nextWithChanges();
      expect(tx.changes.map(summary)).toEqual([
        `insert other ${a}`,
        `insert typed ${x}`,
        `update other ${a}`,
        `insert other ${b}`,
        `update typed ${x}`,
        `delete typed ${pre}`,
      ]);
      expect(tx.changes[2]!.record).toEqual({ id: a, label: 'a2' });
      expect(tx.changes[2]!.oldRecord).toEqual({ id: a, label: 'a' });
      expect(tx.changes[4]!.record).toMatchObject({ id: x, i4: '2' });
      expect(tx.changes[5]!.oldRecord).toMatchObject({ id: pre, txt: 'existing' });
      expectPostgresTags(tx);
      await expect(reader.nextWithChanges(300), 'nothing else').rejects.toThrow(/no transaction with changes/);
    });
  });

  it('delivers transactions in commit order, not start order', async () => {
    const ca = await connectClient(db);
    const cb = await connectClient(db);
    try {
      await withReader(async (reader) => {
        const a = uuid(40);
        const b = uuid(41);
        await ca.query('BEGIN');
        await ca.query("INSERT INTO other VALUES ($1, 'started first')", [a]);
        await cb.query('BEGIN');
        await cb.query("INSERT INTO other VALUES ($1, 'committed first')", [b]);
        await cb.query('COMMIT');
        await ca.query('COMMIT');

        const first = await reader.nextWithChanges();
        const second = await reader.nextWithChanges();
        expect(first.changes.map(summary)).toEqual([`insert other ${b}`]);
        expect(second.changes.map(summary)).toEqual([`insert other ${a}`]);
        expect(second.lsn).toBeGreaterThan(first.lsn);
        expect(second.xid, 'A was assigned its transaction id first').toBeLessThan(first.xid);
        // Tags come from each transaction's start: A's is not after B's.
        expect(second.commitTimestamp).toBeLessThanOrEqual(first.commitTimestamp);
        expectPostgresTags(first);
        expectPostgresTags(second);
      });
    } finally {
      await ca.query('ROLLBACK').catch(() => {});
      await Promise.all([ca.end(), cb.end()]);
    }
  });

  it('tags every change of a Postgres transaction with postgres_1@<commit timestamp>, the shadow tag', async () => {
    await withReader(async (reader) => {
      const ids = [uuid(50), uuid(51), uuid(52)];
      await sql.query('BEGIN');
      for (const id of ids) await sql.query("INSERT INTO other VALUES ($1, 'tagged')", [id]);
      await sql.query("UPDATE other SET label = 'tagged again' WHERE id = $1", [ids[0]]);
      await sql.query('COMMIT');
      const tx = await reader.nextWithChanges();
      expect(tx.changes).toHaveLength(4);
      expectPostgresTags(tx);
      const { rows } = await sql.query<{ ms: string }>(
        'SELECT DISTINCT (extract(epoch FROM (_tag)."timestamp") * 1000)::int8::text AS ms FROM electric.shadow__public__other WHERE id = ANY($1::uuid[])',
        [ids],
      );
      expect(rows.map((r) => Number(r.ms)), 'the shadow rows hold the transaction tag').toEqual([tx.commitTimestamp]);
    });
  });

  it('turns an electric.fk_chain_touch message into a referenced record', async () => {
    await withReader(async (reader) => {
      const parent = uuid(60);
      const child = uuid(61);
      const message = JSON.stringify({
        schema: 'public',
        table: 'items',
        tags: ['("2024-01-01 00:00:00+00",)'],
        data: { id: parent, name: 'x' },
        pk: ['id'],
      });
      expect(message).toContain('"tags":["(\\"2024-01-01 00:00:00+00\\",)"]');
      await sql.query('BEGIN');
      await sql.query("INSERT INTO other VALUES ($1, 'child')", [child]);
      await sql.query("SELECT pg_logical_emit_message(true, 'electric.fk_chain_touch', $1)", [message]);
      await sql.query("SELECT pg_logical_emit_message(true, 'some.other_prefix', 'ignored')");
      await sql.query('COMMIT');

      const tx = await reader.nextWithChanges();
      expect(tx.changes.map(summary)).toEqual([`insert other ${child}`]);
      expect(tx.referencedRecords).toEqual([
        { relation: { schema: 'public', table: 'items' }, record: { id: parent, name: 'x' }, pk: ['id'], tags: ['postgres_1@1704067200000'] },
      ]);
      expectPostgresTags(tx);

      // A non-transactional message is not part of any transaction.
      await sql.query("SELECT pg_logical_emit_message(false, 'electric.fk_chain_touch', $1)", [message]);
      await sql.query("INSERT INTO other VALUES ($1, 'later')", [uuid(62)]);
      const later = await reader.nextWithChanges();
      expect(later.changes.map(summary)).toEqual([`insert other ${uuid(62)}`]);
      expect(later.referencedRecords).toEqual([]);
    });
  });

  it('ignores writes to tables that are not electrified', async () => {
    await sql.query('CREATE TABLE plain_table (id int PRIMARY KEY, v text)');
    await withReader(async (reader) => {
      await sql.query("INSERT INTO plain_table VALUES (1, 'not synced')");
      await expect(reader.nextWithChanges(500)).rejects.toThrow(/no transaction with changes/);
    });
  });
});

describe('migrations and schema changes', () => {
  it('delivers an electrification as a migration with its version and DDL, enum first', async () => {
    await withReader(async (reader) => {
      await sql.query("CREATE TYPE size AS ENUM ('small', 'large')");
      await sql.query('CREATE TABLE sized (id uuid PRIMARY KEY, s size)');
      await sql.query('BEGIN');
      await sql.query("CALL electric.electrify('sized')");
      await sql.query("CALL electric.migration_version('capture_1')");
      await sql.query('COMMIT');
      let tx = await reader.next();
      while (tx.migrations.length === 0) tx = await reader.next();
      expect(tx.changes).toEqual([]);
      expect(tx.migrations).toHaveLength(1);
      expect(tx.migrations[0]!.version).toBe('capture_1');
      expect(tx.migrations[0]!.ddl).toHaveLength(2);
      expect(tx.migrations[0]!.ddl[0]).toBe("CREATE TYPE public.size AS ENUM ('small', 'large');");
      expect(tx.migrations[0]!.ddl[1]).toMatch(/^CREATE TABLE public\.sized \(/);

      await sql.query("INSERT INTO sized VALUES ($1, 'large')", [uuid(70)]);
      const data = await reader.nextWithChanges();
      expect(data.changes).toHaveLength(1);
      expect(data.changes[0]!.record).toEqual({ id: uuid(70), s: 'large' });
      expectPostgresTags(data);
    });
  });

  it('keeps folding shadow rows into changes after a column is added', async () => {
    await sql.query('CREATE TABLE growing (id uuid PRIMARY KEY, name text)');
    await sql.query("CALL electric.electrify('growing')");
    await withReader(async (reader) => {
      await sql.query("INSERT INTO growing VALUES ($1, 'before')", [uuid(80)]);
      const first = await reader.nextWithChanges();
      expect(first.changes[0]!.tags).toEqual(pgTags(first));

      await sql.query('BEGIN');
      await sql.query('ALTER TABLE growing ADD COLUMN extra bytea');
      await sql.query("SELECT electric.alter_shadow_table('public', 'growing', 'add', 'extra', 'bytea')");
      await sql.query('COMMIT');
      await sql.query("UPDATE growing SET extra = '\\x2a' WHERE id = $1", [uuid(80)]);
      await sql.query("INSERT INTO growing VALUES ($1, 'after', '\\x')", [uuid(81)]);

      const updated = await reader.nextWithChanges();
      expect(updated.changes).toHaveLength(1);
      const upd = updated.changes[0]!;
      expect(upd.kind).toBe('update');
      expectRecord(upd.record, { id: uuid(80), name: 'before', extra: bytes(0x2a) }, 'record after ADD COLUMN');
      expect(upd.oldRecord).toEqual({ id: uuid(80), name: 'before', extra: null });
      expect(upd.tags).toEqual(pgTags(updated));

      const inserted = await reader.nextWithChanges();
      expectRecord(inserted.changes[0]!.record, { id: uuid(81), name: 'after', extra: bytes() }, 'insert after ADD COLUMN');
      expect(inserted.changes[0]!.tags).toEqual(pgTags(inserted));
      const { rows } = await sql.query<{ ms: string }>(
        'SELECT floor(extract(epoch FROM (_tag_extra)."timestamp") * 1000)::int8::text AS ms FROM electric.shadow__public__growing WHERE id = $1',
        [uuid(80)],
      );
      expect(Number(rows[0]!.ms)).toBe(updated.commitTimestamp);
    });
  });
});
