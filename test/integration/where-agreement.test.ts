/**
 * The proof that where-clauses mean the same thing in SQL and in memory: one
 * table with a column of every supported type, rows full of NULLs, edge
 * values and unicode, and for each clause the ids Postgres selects with the
 * generated SQL must be exactly the ids `matches()` accepts on the rows read
 * back in their text forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { compileWhere, type ColumnSpec } from '../../src/service/shapes/where/index.js';

const COLUMNS = new Map<string, ColumnSpec>([
  ['i2', { type: 'int2' }],
  ['i4', { type: 'int4' }],
  ['i8', { type: 'int8' }],
  ['f4', { type: 'float4' }],
  ['f8', { type: 'float8' }],
  ['b', { type: 'bool' }],
  ['t', { type: 'text' }],
  ['v', { type: 'varchar' }],
  ['u', { type: 'uuid' }],
  ['d', { type: 'date' }],
  ['tm', { type: 'time' }],
  ['ts', { type: 'timestamp' }],
  ['tz', { type: 'timestamptz' }],
  ['j', { type: 'jsonb' }],
  ['by', { type: 'bytea' }],
  ['e', { type: 'enum', name: 'mood', values: ['sad', 'ok', 'happy'] }],
]);

const SQL_TYPES: Record<string, string> = {
  i2: 'int2',
  i4: 'int4',
  i8: 'int8',
  f4: 'float4',
  f8: 'float8',
  b: 'bool',
  t: 'text',
  v: 'varchar',
  u: 'uuid',
  d: 'date',
  tm: 'time',
  ts: 'timestamp',
  tz: 'timestamptz',
  j: 'jsonb',
  by: 'bytea',
  e: 'mood',
};

/** Values each column draws from: edges, specials, unicode. */
const POOLS: Record<string, string[]> = {
  i2: ['0', '1', '-1', '5', '100', '-100', '32767', '-32767', '7', '42'],
  i4: ['0', '1', '2', '42', '-42', '100', '1000', '12345', '2147483647', '-2147483647', '5', '3'],
  i8: ['0', '42', '9007199254740992', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808', '123456789012', '7', '-5'],
  f4: ['0', '-0', '1.1', '1.5', 'NaN', 'Infinity', '-Infinity', '3.4028235e+38', '1e-45', '0.1', '-2.5', '16777217'],
  f8: ['0', '-0', '1.1', '1.5', '2', 'NaN', 'Infinity', '-Infinity', '1e-310', '0.1', '-2.5', '1e300', '9007199254740993', '123.456', '0.30000000000000004', '1e15', '1e-5'],
  b: ['t', 'f'],
  t: ['', 'abc', 'ABC', 'a%b', 'a_b', 'axb', 'a\\b', 'é', 'É', 'école', '😀', 'ﬀ', 'Zebra', 'apple', 'w%', 'wörld', 'b', 'abcw%'],
  v: ['abc', 'w%', 'WORLD', 'wörld', 'x', '', 'ÉCOLE'],
  u: [
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '80000000-0000-0000-0000-000000000000',
    '7fffffff-ffff-ffff-ffff-ffffffffffff',
    '12345678-1234-1234-1234-123456789abc',
  ],
  d: ['2024-01-01', '2024-02-29', '2024-02-28', '2024-03-01', '2023-12-31', 'infinity', '-infinity', '0044-03-15 BC', '9999-12-31', '1970-01-01', '2000-01-01'],
  tm: ['00:00:00', '23:59:59.999999', '24:00:00', '12:30:00.5', '12:00:00', '00:30:00', '13:00:00'],
  ts: [
    '2024-01-01 00:00:00',
    '2024-01-01 12:34:56.789',
    '2024-01-02 01:00:00',
    'infinity',
    '-infinity',
    '0044-03-15 10:00:00 BC',
    '2023-12-31 23:59:59.999999',
    '2024-02-29 12:00:00',
    '2024-03-31 10:00:00',
    '1999-12-31 23:59:59',
  ],
  tz: [
    '2024-01-01 00:00:00+00',
    '2024-01-01 12:34:56.789+00',
    '2023-12-31 20:00:00-05',
    'infinity',
    '-infinity',
    '0044-03-15 10:00:00+00 BC',
    '2024-01-01 05:00:00+05',
    '2024-01-31 00:00:00+00',
    '2000-01-01 00:00:00+00',
  ],
  j: ['{}', '[]', 'null', '{"a": 1}'],
  by: ['\\x', '\\x00ff', '\\xdeadbeef'],
  e: ['sad', 'ok', 'happy'],
};

const NAMES = [...COLUMNS.keys()];
const ROW_COUNT = 64;

/** Deterministic rows: row 1 all NULL, row 2 the first of each pool, then a seeded mix with ~15% NULLs. */
function generateRows(): (string | null)[][] {
  let seed = 20240601;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rows: (string | null)[][] = [NAMES.map(() => null), NAMES.map((n) => POOLS[n]![0]!)];
  // Rows where pairs of columns coincide, so that column-to-column comparisons see equality.
  const coinciding: Record<string, string> = { t: 'abc', v: 'abc', d: '2024-01-01', ts: '2024-01-01 00:00:00', tz: '2024-01-01 00:00:00+00' };
  rows.push(NAMES.map((n) => coinciding[n] ?? POOLS[n]![1]!));
  while (rows.length < ROW_COUNT) {
    rows.push(NAMES.map((n) => (random() < 0.15 ? null : POOLS[n]![Math.floor(random() * POOLS[n]!.length)]!)));
  }
  return rows;
}

function hexToBytes(text: string): Uint8Array {
  const hex = text.slice(2);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

let server: TestPostgres;
let client: pg.Client;
let rows: { id: number; row: Record<string, string | Uint8Array | null> }[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
  client = await connectClient(server.db);
  await client.query(`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`);
  await client.query(`CREATE TABLE t (id int PRIMARY KEY, ${NAMES.map((n) => `${n} ${SQL_TYPES[n]}`).join(', ')})`);
  const generated = generateRows();
  const placeholders = NAMES.map((n, i) => `$${i + 2}::${SQL_TYPES[n]}`).join(', ');
  for (const [index, values] of generated.entries()) {
    await client.query(`INSERT INTO t (id, ${NAMES.join(', ')}) VALUES ($1, ${placeholders})`, [index + 1, ...values]);
  }
  // Read every value back in its text form, as change capture delivers it.
  const result = await client.query<Record<string, string | null>>({
    text: `SELECT id, ${NAMES.map((n) => `${n}::text AS ${n}`).join(', ')} FROM t ORDER BY id`,
    types: { getTypeParser: () => (value: string) => value },
  });
  rows = result.rows.map((r) => {
    const row: Record<string, string | Uint8Array | null> = {};
    for (const n of NAMES) {
      const value = r[n] ?? null;
      if (value === null) row[n] = null;
      else if (n === 'by') row[n] = hexToBytes(value);
      else if (n === 'tz' && value.endsWith('+00')) row[n] = `${value.slice(0, -3)}Z`;
      else row[n] = value;
    }
    return { id: Number(r.id), row };
  });
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

const CLAUSES = [
  // integers, exact beyond 2^53
  'this.i4 = 42',
  'this.i4 <> 42',
  'this.i2 < this.i4',
  'this.i8 > 9007199254740992',
  'this.i8 = 9007199254740993',
  'this.i8 >= -9223372036854775808 AND this.i8 < 0',
  "this.i2 = '5'",
  'this.i4 IN (1, 2, 42, NULL)',
  'this.i4 NOT IN (1, 2, 42)',
  'this.i4 NOT IN (1, NULL)',
  'this.i4 IN (1, 2.5, 42)',
  'this.i2 * 2 > this.i4 / 1000',
  'this.i4 % 5 = 0',
  'this.i8 % 7 = 3 OR this.i8 / 3 > 5',
  'abs(this.i2) > 100',
  '-this.i4 < 0',
  'this.i4 & 3 = 1',
  'this.i4 | 1 = this.i4',
  '~this.i2 > 0',
  'this.i8 # 5 > 0',
  'this.i4 BETWEEN 1 AND 100',
  'this.i4 NOT BETWEEN SYMMETRIC 100 AND 1',
  // numeric literals and floats
  'this.i4 > 2.5',
  'this.i4 * 1.5 > 10',
  'this.i4::numeric / 3 > 10.5',
  'this.f8 > 1.5',
  "this.f8 = 'NaN'",
  "this.f8 > 'Infinity'",
  'this.f8 = 0',
  'this.f4 < this.f8',
  'this.f4 = 1.1',
  'this.f4 = 1.1::float4',
  'this.f8 * 2 + 1 > 3',
  'this.f8 / 4 < 0.5',
  'abs(this.f8) > 1 OR -this.f4 > 0',
  'this.i8::float8 = 9007199254740992',
  'this.f8::numeric > 1',
  "this.f8::text = 'NaN' OR this.f8::text LIKE '%e%'",
  "this.f4::text LIKE '%e%' OR this.f4::text = '1.1'",
  // booleans and three-valued logic
  'this.b',
  'NOT this.b',
  'this.b IS NOT TRUE',
  'this.b IS FALSE',
  'this.b IS UNKNOWN',
  "this.b = 'yes'",
  "this.b::text = 'true'",
  '(this.i4 > 10 OR this.b) AND NOT (this.t IS NULL)',
  'this.b OR this.i4 > 100',
  'NOT (this.b AND this.i2 > 0)',
  // text under the C collation
  "this.t = 'abc'",
  "this.t < 'b'",
  "this.t > 'Z'",
  "this.t >= 'é'",
  "this.t > 'ﬀ'",
  "this.t LIKE 'a%'",
  "this.t LIKE 'a\\_b'",
  "this.t NOT LIKE '%b%'",
  "this.t ILIKE 'A%'",
  "this.t ILIKE '%É%'",
  "this.t LIKE 'a!%b' ESCAPE '!'",
  "this.t LIKE '_'",
  "lower(this.t) = 'abc'",
  "upper(this.v) LIKE 'W%'",
  'length(this.t) = 1',
  "this.t || this.v = 'abcabc'",
  "this.t || this.i4 LIKE '%42'",
  'this.v = this.t',
  'this.t IS DISTINCT FROM this.v',
  "this.t IS NOT DISTINCT FROM 'abc'",
  "this.t IN ('abc', 'é', '😀')",
  // uuid
  "this.u = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
  "this.u > '80000000-0000-0000-0000-000000000000'",
  "this.u::text LIKE 'a%'",
  // dates, times, timestamps
  "this.d > '2024-01-01'",
  'this.d < this.ts',
  'this.d <= this.tz',
  "this.d + 1 > '2024-03-01'",
  "this.d - 1 = '2024-02-28'",
  "this.d + interval '1 month' > '2024-03-01'",
  "this.d::text = 'infinity' OR this.d::text LIKE '% BC'",
  "this.ts > '2024-01-01 12:00'",
  "this.ts + interval '1 day 2 hours' > '2024-01-02'",
  "this.ts - interval '1 mon' < '2024-01-01'",
  "this.ts + interval '1 mon' = this.ts + interval '30 days'",
  "this.tz > '2024-01-01 00:00:00+05'",
  'this.tz = this.ts',
  "this.tz - interval '1 day' < '2023-12-31 12:00Z'",
  "this.tz::text LIKE '%+00%'",
  "date_trunc('day', this.ts) = '2024-01-01'",
  "date_trunc('month', this.tz) = '2024-01-01'",
  "date_trunc('week', this.d) < '2024-01-01'",
  "date_trunc('year', this.ts) < '2000-01-01'",
  "this.tm > '12:00'",
  "this.tm + interval '1 hour' < '01:00'",
  "this.tm - '12:00' > '1 hour'",
  'this.ts::date = this.d',
  "this.tz::date = '2024-01-01'",
  "this.ts::time > '12:00'",
  "this.ts::text LIKE '% BC'",
  // enum (declaration order)
  "this.e = 'ok'",
  "this.e > 'sad'",
  "this.e IN ('sad', 'happy')",
  "this.e::text < 'p'",
  // jsonb and bytea: NULL tests only
  'this.j IS NULL',
  'this.by IS NOT NULL AND this.j IS NOT NULL',
  // computed values shown as text
  "(this.i4::numeric / 7)::text LIKE '%142857%'",
  "(this.i4 * 1.5)::text LIKE '%.5'",
  "(this.f8 * 3)::text LIKE '%.%'",
  "(this.f4 * 0.5)::text LIKE '%e%'",
  "(this.tm - '12:00')::text LIKE '-%'",
  "(this.ts + interval '1.5 days')::text LIKE '% 12:%'",
  // constants folded
  "'a' < 'b' AND this.i4 > 0",
  'NULL',
];

describe('where clauses: SQL and memory select the same rows', () => {
  it('has rows to test against', () => {
    expect(rows.length).toBe(ROW_COUNT);
  });

  it.each(CLAUSES)('%s', async (clause) => {
    const compiled = await compileWhere(clause, COLUMNS);
    const params: unknown[] = [];
    const sql = `SELECT id FROM t AS this WHERE ${compiled.toSql('this', params)} ORDER BY id`;
    const result = await client.query<{ id: number }>(sql, params);
    const inSql = result.rows.map((r) => r.id).sort((a, b) => a - b);
    const inMemory = rows
      .filter((r) => compiled.matches(r.row))
      .map((r) => r.id)
      .sort((a, b) => a - b);
    expect(inMemory, `${clause}\n${sql}\n${JSON.stringify(params)}`).toEqual(inSql);
  });
});

/** Literals and constant expressions as Postgres itself computes them (checked with `::text`). */
const LITERALS: [string, string][] = [
  ['int2', ' 42 '],
  ['int2', '0x1F'],
  ['int2', '1_000'],
  ['int2', '-32768'],
  ['int4', '+7'],
  ['int4', '0b101'],
  ['int8', '9223372036854775807'],
  ['float4', '1.1'],
  ['float4', '3.4028235e38'],
  ['float4', '1e-45'],
  ['float4', ' NaN '],
  ['float4', '-inf'],
  ['float4', '16777217'],
  ['float4', '123456789'],
  ['float8', '0.1'],
  ['float8', '1e300'],
  ['float8', '1e-310'],
  ['float8', '-0'],
  ['float8', 'infinity'],
  ['float8', '1e15'],
  ['float8', '123456789012345678'],
  ['float8', '0.0001'],
  ['float8', '0.00001'],
  ['numeric', '1.50'],
  ['numeric', '1e3'],
  ['numeric', '1.5e-3'],
  ['numeric', '-0.0'],
  ['numeric', 'NaN'],
  ['numeric', '-Infinity'],
  ['numeric', '0x1F'],
  ['numeric', '1_000.000_1'],
  ['bool', 'yes'],
  ['bool', 'of'],
  ['bool', ' TRUE '],
  ['bool', '0'],
  ['uuid', '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}'],
  ['uuid', 'a0eebc999c0b4ef8bb6d6bb9bd380a11'],
  ['uuid', 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'],
  ['date', '2024-02-29'],
  ['date', '0044-03-15 BC'],
  ['date', 'infinity'],
  ['date', 'epoch'],
  ['date', '2024-01-01 23:00'],
  ['date', '2024-01-01T10:00'],
  ['date', '4714-11-24 BC'],
  ['date', '5874897-12-31'],
  ['time', '24:00'],
  ['time', '23:59:59.9999999'],
  ['time', '10:00:60'],
  ['time', '1:2'],
  ['time', '12:30:00.5'],
  ['timestamp', '2024-01-01T10:00:00.1234565'],
  ['timestamp', '2024-01-01 10:00:00.1234575'],
  ['timestamp', '2024-01-01 23:59:59.9999999'],
  ['timestamp', '2024-01-01 24:00'],
  ['timestamp', '2024-01-01 10:00+05:30'],
  ['timestamp', '0044-03-15 10:00 BC'],
  ['timestamp', '294276-12-31 23:59:59.999999'],
  ['timestamptz', '2024-01-01 10:00+05:30'],
  ['timestamptz', '2024-01-01 10:00 +0530'],
  ['timestamptz', '2024-01-01 10:00Z'],
  ['timestamptz', '2024-01-01 10:00 UTC'],
  ['timestamptz', '2024-01-01 10:00:00 -03'],
  ['timestamptz', '2024-01-01'],
  ['timestamptz', '0044-03-15 10:00:00+00 BC'],
  ['timestamptz', '-infinity'],
  ['interval', '1.5 days'],
  ['interval', '1.5 months'],
  ['interval', '1.5 years'],
  ['interval', '-1.5 days'],
  ['interval', '1 day ago'],
  ['interval', '@ 2 hours'],
  ['interval', '1:30'],
  ['interval', '-1 day +2:00'],
  ['interval', '1'],
  ['interval', '0.5 weeks'],
  ['interval', '1 year 2 mons -3 days 04:05:06.5'],
  ['interval', '-1 year -2 mons +3 days -04:05:06'],
  ['interval', '1 2:03:04'],
  ['interval', '3 decades'],
  ['interval', '1.25 hours'],
  ['interval', '2 weeks 1 day'],
  ['interval', '90 min'],
  ['interval', '1:30.5'],
  ['interval', '10 ms'],
  ['interval', '1.0000005 seconds'],
];

const EXPRESSIONS: string[] = [
  '1.0 / 3',
  '10::numeric / 4',
  '1 / 3.0',
  '2.5 % 1.2',
  '1e20 / 3',
  '0.001 / 7',
  '(-7.5) % 2',
  '1.5 * 2.25',
  '123456789 / 0.0007',
  '2.5::float8::int4',
  '3.5::float8::int4',
  '(-2.5)::numeric::int4',
  '0.1::float4::numeric',
  '1e20::float8::numeric',
  '123456789012345678::float8::numeric',
  '5 % -3',
  '-5 % 3',
  '-5 / 3',
  '1.5::float8 * 3',
  '0.1::float8 + 0.2::float8',
  '1::float4 / 3::float4',
  '16777217::float4',
  '9223372036854775807::int8::float4',
  '9223372036854775807::int8::float8',
  "'2024-01-31'::timestamp + interval '1 mon'",
  "'2024-01-31'::date - interval '1 mon'",
  "'2024-03-31 10:00'::timestamp - interval '1 mon 1 day 1 hour'",
  "'00:30'::time - interval '1 hour'",
  "'23:30'::time + interval '1 day 1 hour'",
  "'2024-01-01 10:00'::timestamptz - '2023-01-01'::timestamptz",
  "'2023-01-01'::timestamp - '2024-01-01 10:00'::timestamp",
  "'2024-01-01'::date - '2023-01-01'::date",
  "'2024-01-01'::date + 30",
  "'2024-01-01'::date + '10:30'::time",
  "date_trunc('week', '2024-01-03'::timestamp)",
  "date_trunc('decade', '0005-01-01 BC'::timestamp)",
  "date_trunc('century', '2000-05-01'::timestamp)",
  "date_trunc('millennium', '2001-05-01'::timestamp)",
  "date_trunc('quarter', '2001-05-11 10:30'::timestamp)",
  "date_trunc('milliseconds', '2001-05-11 10:30:00.123456'::timestamp)",
  "date_trunc('hour', '2001-05-11 10:30+00'::timestamptz)",
  "interval '1 day' - interval '36 hours'",
  "-interval '1 year 1 day'",
  "'-infinity'::timestamp + interval '1 day'",
  "'2024-01-01 10:00'::timestamp::date",
  "'2024-01-01 10:00'::timestamp::time",
  "'infinity'::timestamp::time",
  "'10:00'::time::interval",
  'true::int4',
  '0::bool',
  "'x' || true",
  "'x' || 1.50",
  "'x' || 1.5::float8",
  "'x' || '0.1'::float4",
  "'a' || NULL",
  "lower('ÀBC')",
  "upper('àbc')",
  "length('😀a')",
  'abs(-5)',
  'abs(-2.5)',
  "abs('-1.5')",
  "'ab' LIKE 'a\\'",
  "'a' LIKE 'a\\'",
];

describe('literals read and print as Postgres reads and prints them', () => {
  it.each(LITERALS)('%s %s', async (type, literal) => {
    const result = await client.query<{ text: string }>({ text: `SELECT $1::${type}::text AS text`, values: [literal] });
    const expected = result.rows[0]!.text;
    const compiled = await compileWhere(`'${literal}'::${type}::text = '${expected}'`, COLUMNS);
    expect(compiled.matches({}), `${literal}::${type} → ${expected}`).toBe(true);
  });
});

describe('constant expressions evaluate as Postgres evaluates them', () => {
  it.each(EXPRESSIONS)('%s', async (expression) => {
    let expected: string | null;
    try {
      const result = await client.query<{ text: string | null }>(`SELECT (${expression})::text AS text`);
      expected = result.rows[0]!.text;
    } catch (err) {
      // Postgres refuses it: so must we.
      await expect(compileWhere(`(${expression}) IS NULL`, COLUMNS), String(err)).rejects.toThrow((err as Error).message);
      return;
    }
    const clause = expected === null ? `(${expression}) IS NULL` : `(${expression})::text = '${expected.replaceAll("'", "''")}'`;
    const compiled = await compileWhere(clause, COLUMNS);
    expect(compiled.matches({}), `${expression} → ${expected}`).toBe(true);
  });
});

describe('a clause that fails on a row', () => {
  it('fails the query in Postgres and does not match that row in memory', async () => {
    const compiled = await compileWhere('this.i8 * 2 > 0', COLUMNS);
    const params: unknown[] = [];
    await expect(client.query(`SELECT id FROM t AS this WHERE ${compiled.toSql('this', params)}`, params)).rejects.toThrow('bigint out of range');
    const overflowing = rows.filter((r) => r.row.i8 === '9223372036854775807');
    expect(overflowing.length).toBeGreaterThan(0);
    for (const r of overflowing) expect(compiled.matches(r.row)).toBe(false);
    expect(compiled.matches({ i8: '21' })).toBe(true);
  });
});
