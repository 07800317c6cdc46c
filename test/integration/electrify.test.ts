/**
 * Electrification through SQL against a real Postgres: `CALL
 * electric.electrify(...)`, its refusals (EX0xx SQLSTATEs), the shadow and
 * tombstone tables, the triggers that tag Postgres writes, schema changes of
 * electrified tables, and what a (re)start of the service restores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { liveReader } from '../support/capture.js';
import { bootstrapElectricSchema } from '../../src/service/postgres/bootstrap.js';
import { connectClient, type PgError } from '../../src/service/postgres/connection.js';
import type { DatabaseConfig } from '../../src/service/config.js';

let pgServer: TestPostgres;
/** A database bootstrapped once, shared by the tests that use distinct table names. */
let shared: DatabaseConfig & { url: string };
let sql: pg.Client;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  shared = await pgServer.createDatabase('electrify_shared');
  sql = await connectClient(shared);
  await bootstrapElectricSchema(sql);
});

afterAll(async () => {
  await sql?.end().catch(() => {});
  await pgServer?.stop();
});

// -- helpers ------------------------------------------------------------------

const VERSION_RE = /^\d{14}_\d{3}$/;
const ID1 = '00000000-0000-4000-8000-000000000001';
const ID2 = '00000000-0000-4000-8000-000000000002';
const ID3 = '00000000-0000-4000-8000-000000000003';

async function failure(promise: Promise<unknown>): Promise<PgError> {
  try {
    await promise;
  } catch (err) {
    return err as PgError;
  }
  throw new Error('expected the statement to fail, but it succeeded');
}

async function exists(client: pg.Client, qualified: string): Promise<boolean> {
  const { rows } = await client.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [qualified]);
  return rows[0]!.r !== null;
}

async function columnsOf(client: pg.Client, schema: string, table: string): Promise<Record<string, { type: string; notNull: boolean }>> {
  const { rows } = await client.query<{ name: string; type: string; not_null: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
       FROM pg_attribute a
      WHERE a.attrelid = format('%I.%I', $1::text, $2::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [schema, table],
  );
  return Object.fromEntries(rows.map((r) => [r.name, { type: r.type, notNull: r.not_null }]));
}

async function publishedTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    "SELECT schemaname || '.' || tablename AS t FROM pg_publication_tables WHERE pubname = 'electric_publication' ORDER BY 1",
  );
  return rows.map((r) => r.t);
}

async function electrifiedRows(client: pg.Client, table: string): Promise<{ schema_name: string; table_name: string; oid: string }[]> {
  const { rows } = await client.query('SELECT schema_name, table_name, oid::text AS oid FROM electric.electrified WHERE table_name = $1', [table]);
  return rows;
}

/** DDL captured in the transaction that captured `pattern`, with its migration version. */
async function capturedMigration(client: pg.Client, pattern: string): Promise<{ version: string | null; ddl: string[] }> {
  const { rows } = await client.query<{ txid: string; txts: string }>(
    'SELECT txid::text AS txid, txts::text AS txts FROM electric.ddl_commands WHERE query LIKE $1 ORDER BY id',
    [pattern],
  );
  expect(rows, `exactly one captured statement like ${pattern}`).toHaveLength(1);
  const { txid, txts } = rows[0]!;
  const ddl = await client.query<{ query: string }>('SELECT query FROM electric.ddl_commands WHERE txid = $1::xid8 AND txts = $2::int8 ORDER BY id', [txid, txts]);
  const version = await client.query<{ version: string }>('SELECT version FROM electric.migration_versions WHERE txid = $1::xid8 AND txts = $2::int8', [txid, txts]);
  expect(version.rows.length, 'one migration_versions row per migration transaction').toBeLessThanOrEqual(1);
  return { version: version.rows[0]?.version ?? null, ddl: ddl.rows.map((r) => r.query) };
}

async function counts(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM electric.ddl_commands) AS ddl,
            (SELECT count(*)::int FROM electric.migration_versions) AS versions,
            (SELECT count(*)::int FROM electric.electrified) AS electrified,
            (SELECT count(*)::int FROM pg_publication_rel) AS published`,
  );
  return rows[0]!;
}

interface ShadowRow {
  tags: string;
  tag: string | null;
  tagCount: number | null;
  firstSource: string | null;
  tagsHoldTag: boolean | null;
  tagMs: number | null;
  isDelete: boolean;
  resolved: boolean;
  colTags: Record<string, string | null>;
}

/** The shadow row of `id` in electric.shadow__public__<table>, tags as text. */
async function shadowOf(client: pg.Client, table: string, id: string, tagColumns: string[]): Promise<ShadowRow | null> {
  const cols = tagColumns.map((c) => `(${client.escapeIdentifier('_tag_' + c)})::text AS ${client.escapeIdentifier('col_' + c)}`).join(', ');
  const { rows } = await client.query(
    `SELECT _tags::text AS tags, _tag::text AS tag, array_length(_tags, 1) AS tag_count,
            (_tags[1]).source_id AS first_source, _tags[1] = _tag AS tags_hold_tag,
            floor(extract(epoch FROM (_tag)."timestamp") * 1000)::int8::text AS tag_ms,
            _is_a_delete_operation AS is_delete, _resolved AS resolved${cols ? ', ' + cols : ''}
       FROM electric.${client.escapeIdentifier(`shadow__public__${table}`)} WHERE id = $1`,
    [id],
  );
  const r = rows[0] as Record<string, unknown> | undefined;
  if (!r) return null;
  return {
    tags: r.tags as string,
    tag: r.tag as string | null,
    tagCount: r.tag_count as number | null,
    firstSource: r.first_source as string | null,
    tagsHoldTag: r.tags_hold_tag as boolean | null,
    tagMs: r.tag_ms === null ? null : Number(r.tag_ms),
    isDelete: r.is_delete as boolean,
    resolved: r.resolved as boolean,
    colTags: Object.fromEntries(tagColumns.map((c) => [c, r[`col_${c}`] as string | null])),
  };
}

async function triggerCounts(client: pg.Client, table: string): Promise<{ main: Record<string, number>; shadow: Record<string, number> }> {
  const q = async (rel: string): Promise<Record<string, number>> => {
    const { rows } = await client.query<{ tgname: string; n: number }>(
      'SELECT tgname, count(*)::int AS n FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal GROUP BY tgname ORDER BY tgname',
      [rel],
    );
    return Object.fromEntries(rows.map((r) => [r.tgname, r.n]));
  };
  return { main: await q(`public.${table}`), shadow: await q(`electric.shadow__public__${table}`) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// -- electrification -------------------------------------------------------------

describe('CALL electric.electrify', () => {
  it('creates the shadow and tombstone tables, replica identity, publication, electrified row and captured DDL', async () => {
    await sql.query('CREATE TABLE items (id uuid PRIMARY KEY, name text NOT NULL, price integer, note varchar)');
    await sql.query("CALL electric.electrify('items')");

    const shadow = await columnsOf(sql, 'electric', 'shadow__public__items');
    expect(shadow).toMatchObject({
      _tags: { type: 'electric.tag[]', notNull: true },
      _last_modified: { type: 'bigint' },
      _is_a_delete_operation: { type: 'boolean', notNull: true },
      _tag: { type: 'electric.tag' },
      _observed_tags: { type: 'electric.tag[]' },
      _modified_columns_bit_mask: { type: 'boolean[]' },
      _resolved: { type: 'boolean' },
      _currently_reordering: { type: 'boolean' },
      __reordered_name: { type: 'text', notNull: false },
      __reordered_price: { type: 'integer', notNull: false },
      __reordered_note: { type: 'character varying', notNull: false },
      id: { type: 'uuid', notNull: true },
      _tag_name: { type: 'electric.tag' },
      _tag_price: { type: 'electric.tag' },
      _tag_note: { type: 'electric.tag' },
    });
    expect(Object.keys(shadow), 'no __reordered_/_tag_ column for the PK').not.toContain('__reordered_id');
    expect(Object.keys(shadow)).not.toContain('_tag_id');
    const shadowPk = await sql.query<{ def: string }>(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'electric.shadow__public__items'::regclass AND contype = 'p'",
    );
    expect(shadowPk.rows.map((r) => r.def)).toEqual(['PRIMARY KEY (id)']);

    const tomb = await columnsOf(sql, 'electric', 'tombstone__public__items');
    expect(Object.keys(tomb)).toEqual(['id', 'name', 'price', 'note']);
    const tombPk = await sql.query<{ def: string }>(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'electric.tombstone__public__items'::regclass AND contype = 'p'",
    );
    expect(tombPk.rows.map((r) => r.def)).toEqual(['PRIMARY KEY (id)']);

    const ident = await sql.query<{ relreplident: string }>("SELECT relreplident FROM pg_class WHERE oid = 'public.items'::regclass");
    expect(ident.rows[0]!.relreplident, 'REPLICA IDENTITY FULL').toBe('f');

    expect(await publishedTables(sql)).toEqual(expect.arrayContaining(['public.items', 'electric.shadow__public__items']));
    expect(await publishedTables(sql), 'the tombstone table is not published').not.toContain('electric.tombstone__public__items');

    const oid = await sql.query<{ oid: string }>("SELECT 'public.items'::regclass::oid::text AS oid");
    expect(await electrifiedRows(sql, 'items')).toEqual([{ schema_name: 'public', table_name: 'items', oid: oid.rows[0]!.oid }]);

    const migration = await capturedMigration(sql, 'CREATE TABLE public.items %');
    expect(migration.version).toMatch(VERSION_RE);
    expect(migration.ddl).toHaveLength(1);
    expect(migration.ddl[0]).toMatch(/^CREATE TABLE public\.items \(/);
    expect(migration.ddl[0]).toContain('id uuid NOT NULL');
    expect(migration.ddl[0]).toContain('name text NOT NULL');
    expect(migration.ddl[0]).toContain('price integer');
    expect(migration.ddl[0]).toContain('note character varying');
    expect(migration.ddl[0]).toContain('PRIMARY KEY (id)');

    const triggers = await triggerCounts(sql, 'items');
    expect(triggers.main).toEqual({
      as_first__save_deleted_rows_to_tombstone_table: 1,
      postgres_write__delete_generate_shadow_rows: 1,
      postgres_write__upsert_generate_shadow_rows: 1,
      satellite_write__save_operation_for_reordering: 1,
    });
    expect(triggers.shadow).toEqual({ postgres_write__write_resolved_tags: 1, satellite_write__resolve_observed_tags: 1 });
  });

  it('takes the version given with electric.migration_version() before the electrify call', async () => {
    await sql.query('CREATE TABLE versioned_before (id uuid PRIMARY KEY, v text)');
    await sql.query('BEGIN');
    await sql.query("CALL electric.migration_version('20240101_before')");
    await sql.query("CALL electric.electrify('versioned_before')");
    await sql.query('COMMIT');
    const migration = await capturedMigration(sql, 'CREATE TABLE public.versioned_before %');
    expect(migration.version).toBe('20240101_before');
  });

  it('takes the version given with electric.migration_version() after the electrify call', async () => {
    await sql.query('CREATE TABLE versioned_after (id uuid PRIMARY KEY, v text)');
    await sql.query('BEGIN');
    await sql.query("CALL electric.electrify('versioned_after')");
    await sql.query("CALL electric.migration_version('20240101_after')");
    await sql.query('COMMIT');
    const migration = await capturedMigration(sql, 'CREATE TABLE public.versioned_after %');
    expect(migration.version).toBe('20240101_after');
  });

  it.each([
    ['schema-qualified name', 'form_qualified', "CALL electric.electrify('public.form_qualified')"],
    ['schema and table arguments', 'form_two_args', "CALL electric.electrify('public', 'form_two_args')"],
    ['electric.enable', 'form_enable', "CALL electric.enable('form_enable')"],
  ])('accepts the %s form', async (_form, table, call) => {
    await sql.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, v text)`);
    await sql.query(call);
    expect(await electrifiedRows(sql, table)).toHaveLength(1);
    expect(await exists(sql, `electric.shadow__public__${table}`)).toBe(true);
    expect(await exists(sql, `electric.tombstone__public__${table}`)).toBe(true);
    expect(await publishedTables(sql)).toEqual(expect.arrayContaining([`public.${table}`, `electric.shadow__public__${table}`]));
    expect((await capturedMigration(sql, `CREATE TABLE public.${table} %`)).version).toMatch(VERSION_RE);
  });

  it('answers a repeated electrification with a NOTICE and changes nothing', async () => {
    await sql.query('CREATE TABLE twice (id uuid PRIMARY KEY, v text)');
    await sql.query("CALL electric.electrify('twice')");
    const before = await counts(sql);
    const triggersBefore = await triggerCounts(sql, 'twice');
    const notices: string[] = [];
    const onNotice = (msg: { message?: string }): void => void notices.push(msg.message ?? '');
    sql.on('notice', onNotice);
    try {
      await sql.query("CALL electric.electrify('twice')");
      await sql.query("CALL electric.electrify('public', 'twice')");
    } finally {
      sql.off('notice', onNotice);
    }
    expect(notices).toHaveLength(2);
    for (const n of notices) expect(n).toMatch(/twice.*already electrified/);
    expect(await counts(sql)).toEqual(before);
    expect(await triggerCounts(sql, 'twice')).toEqual(triggersBefore);
  });
});

describe('refusals', () => {
  async function expectRefused(table: string, call: string, code: string, ...mentions: (string | RegExp)[]): Promise<PgError> {
    const before = await counts(sql);
    const err = await failure(sql.query(call));
    expect(err.code, `SQLSTATE of: ${err.message}`).toBe(code);
    for (const m of mentions) expect(err.message).toMatch(m);
    expect(await exists(sql, `electric.shadow__public__${table}`), 'no shadow table after a refusal').toBe(false);
    expect(await exists(sql, `electric.tombstone__public__${table}`), 'no tombstone table after a refusal').toBe(false);
    expect(await electrifiedRows(sql, table), 'no electrified row after a refusal').toEqual([]);
    expect(await counts(sql), 'no captured DDL, version or publication change after a refusal').toEqual(before);
    return err;
  }

  it('refuses a table without a primary key (EX015)', async () => {
    await sql.query('CREATE TABLE no_pk (id uuid, v text)');
    const err = await expectRefused('no_pk', "CALL electric.electrify('no_pk')", 'EX015', /no_pk/, /primary key/i);
    expect(err.hint).toMatch(/PRIMARY KEY/);
  });

  it('refuses a table outside the public schema (EX014)', async () => {
    await sql.query('CREATE SCHEMA other');
    await sql.query('CREATE TABLE other.elsewhere (id uuid PRIMARY KEY, v text)');
    const before = await counts(sql);
    for (const call of ["CALL electric.electrify('other.elsewhere')", "CALL electric.electrify('other', 'elsewhere')"]) {
      const err = await failure(sql.query(call));
      expect(err.code, err.message).toBe('EX014');
      expect(err.message).toContain('other.elsewhere');
      expect(err.message).toMatch(/public/);
    }
    expect(await exists(sql, 'electric.shadow__other__elsewhere')).toBe(false);
    expect(await exists(sql, 'electric.tombstone__other__elsewhere')).toBe(false);
    expect(await electrifiedRows(sql, 'elsewhere')).toEqual([]);
    expect(await counts(sql)).toEqual(before);
  });

  it.each([
    ['numeric', /numeric/],
    ['json', /\bjson\b/],
    ['char(3)', /character\(3\)|char\(3\)/],
    ['varchar(10)', /character varying\(10\)|varchar\(10\)/],
    ['timetz', /time with time zone|timetz/],
    ['interval', /interval/],
    ['money', /money/],
    ['int[]', /integer\[\]|int4?\[\]/],
  ])('refuses a column of type %s (EX005) naming the column and the type', async (type, typeRe) => {
    const table = `bad_${type.replace(/[^a-z0-9]/g, '_')}`;
    await sql.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, fine text, odd_col ${type})`);
    await expectRefused(table, `CALL electric.electrify('${table}')`, 'EX005', new RegExp(table), /odd_col/, typeRe);
  });

  it('refuses an enum with a label that is not an identifier (EX016)', async () => {
    await sql.query("CREATE TYPE spaced AS ENUM ('fine', 'has space')");
    await sql.query('CREATE TABLE bad_enum (id uuid PRIMARY KEY, e spaced)');
    await expectRefused('bad_enum', "CALL electric.electrify('bad_enum')", 'EX016', /bad_enum/, /has space/, /spaced/);
  });

  it('refuses a column name reserved by Electric (EX000)', async () => {
    await sql.query('CREATE TABLE bad_name (id uuid PRIMARY KEY, _tag_x text)');
    await expectRefused('bad_name', "CALL electric.electrify('bad_name')", 'EX000', /bad_name/, /_tag_x/, /reserved/);
    await sql.query('CREATE TABLE bad_name2 (id uuid PRIMARY KEY, __reordered_y text)');
    await expectRefused('bad_name2', "CALL electric.electrify('bad_name2')", 'EX000', /__reordered_y/);
  });

  it('refuses a missing table (42P01)', async () => {
    await expectRefused('nope', "CALL electric.electrify('nope')", '42P01', /nope/);
    await expectRefused('nope', "CALL electric.electrify('public', 'nope')", '42P01', /nope/);
  });

  it('refuses a name with more than two parts', async () => {
    const err = await failure(sql.query("CALL electric.electrify('db.public.items')"));
    expect(err.code, err.message).toBe('42602');
    expect(err.message).toContain('db.public.items');
  });

  it('electrifies a table with a serial column, with a WARNING', async () => {
    await sql.query('CREATE TABLE serialized (id uuid PRIMARY KEY, n serial)');
    const notices: { severity?: string; message?: string }[] = [];
    const onNotice = (msg: { severity?: string; message?: string }): void => void notices.push(msg);
    sql.on('notice', onNotice);
    try {
      await sql.query("CALL electric.electrify('serialized')");
    } finally {
      sql.off('notice', onNotice);
    }
    const warnings = notices.filter((n) => n.severity === 'WARNING');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/serialized.*serial/);
    expect(await electrifiedRows(sql, 'serialized')).toHaveLength(1);
  });
});

describe('enums', () => {
  it('captures CREATE TYPE ... AS ENUM before the CREATE TABLE, once for two tables', async () => {
    await sql.query("CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh_2')");
    await sql.query('CREATE TABLE moody_a (id uuid PRIMARY KEY, m mood)');
    await sql.query('CREATE TABLE moody_b (id uuid PRIMARY KEY, m mood NOT NULL, other mood)');
    await sql.query("CALL electric.electrify('moody_a')");
    await sql.query("CALL electric.electrify('moody_b')");

    const a = await capturedMigration(sql, 'CREATE TABLE public.moody_a %');
    expect(a.ddl).toHaveLength(2);
    expect(a.ddl[0]).toBe("CREATE TYPE public.mood AS ENUM ('happy', 'sad', 'meh_2');");
    expect(a.ddl[1]).toMatch(/^CREATE TABLE public\.moody_a \(/);
    expect(a.ddl[1]).toContain('m public.mood');

    const b = await capturedMigration(sql, 'CREATE TABLE public.moody_b %');
    expect(b.ddl, 'the enum was captured with the first table only').toHaveLength(1);
    expect(b.ddl[0]).toContain('m public.mood NOT NULL');

    const { rows } = await sql.query<{ n: number }>("SELECT count(*)::int AS n FROM electric.ddl_commands WHERE query LIKE 'CREATE TYPE public.mood %'");
    expect(rows[0]!.n).toBe(1);
    // The shadow table carries the enum for the reordering column.
    expect((await columnsOf(sql, 'electric', 'shadow__public__moody_b')).__reordered_m).toEqual({ type: 'mood', notNull: false });
  });

  it('captures a shared enum once when both tables are electrified in one transaction', async () => {
    await sql.query("CREATE TYPE shade AS ENUM ('light', 'dark')");
    await sql.query('CREATE TABLE shaded_a (id uuid PRIMARY KEY, s shade)');
    await sql.query('CREATE TABLE shaded_b (id uuid PRIMARY KEY, s shade)');
    await sql.query('BEGIN');
    await sql.query("CALL electric.electrify('shaded_a')");
    await sql.query("CALL electric.electrify('shaded_b')");
    await sql.query('COMMIT');
    const m = await capturedMigration(sql, 'CREATE TABLE public.shaded_a %');
    expect(m.ddl).toHaveLength(3);
    expect(m.ddl[0]).toMatch(/^CREATE TYPE public\.shade AS ENUM/);
    expect(m.ddl[1]).toMatch(/^CREATE TABLE public\.shaded_a /);
    expect(m.ddl[2]).toMatch(/^CREATE TABLE public\.shaded_b /);
  });
});

// -- tags of Postgres writes ----------------------------------------------------------

describe('tags of Postgres writes', () => {
  beforeAll(async () => {
    await sql.query('CREATE TABLE tagged (id uuid PRIMARY KEY, a text, b integer, c boolean)');
    await sql.query("CALL electric.electrify('tagged')");
  });
  const COLS = ['a', 'b', 'c'];

  it('INSERT: one Postgres tag (NULL source) for the row and every column', async () => {
    await sql.query("INSERT INTO tagged VALUES ($1, 'x', 1, true)", [ID1]);
    const s = await shadowOf(sql, 'tagged', ID1, COLS);
    expect(s).not.toBeNull();
    expect(s!.tagCount).toBe(1);
    expect(s!.firstSource, 'a Postgres write has a NULL source').toBeNull();
    expect(s!.tagsHoldTag).toBe(true);
    expect(s!.tag).toMatch(/^\("\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00",\)$/);
    expect(s!.isDelete).toBe(false);
    for (const c of COLS) expect(s!.colTags[c], `_tag_${c}`).toBe(s!.tag);
  });

  it('UPDATE of one column changes only that column tag', async () => {
    await sql.query("INSERT INTO tagged VALUES ($1, 'x', 1, true)", [ID2]);
    const before = (await shadowOf(sql, 'tagged', ID2, COLS))!;
    await sleep(5);
    await sql.query('UPDATE tagged SET b = 2 WHERE id = $1', [ID2]);
    const after = (await shadowOf(sql, 'tagged', ID2, COLS))!;
    expect(after.tagMs!).toBeGreaterThan(before.tagMs!);
    expect(after.tagCount).toBe(1);
    expect(after.tagsHoldTag).toBe(true);
    expect(after.colTags.b).toBe(after.tag);
    expect(after.colTags.a).toBe(before.tag);
    expect(after.colTags.c).toBe(before.tag);
    // An UPDATE that sets a column to the value it has does not change its tag.
    await sleep(5);
    await sql.query("UPDATE tagged SET a = 'x', c = false WHERE id = $1", [ID2]);
    const third = (await shadowOf(sql, 'tagged', ID2, COLS))!;
    expect(third.colTags.a).toBe(before.tag);
    expect(third.colTags.b).toBe(after.tag);
    expect(third.colTags.c).toBe(third.tag);
  });

  it('two updates of one row in one transaction leave every touched column with the final tag', async () => {
    await sql.query("INSERT INTO tagged VALUES ($1, 'x', 1, true)", [ID3]);
    const inserted = (await shadowOf(sql, 'tagged', ID3, COLS))!;
    // A row whose tag lies in the future (as an Electric-applied write could
    // leave it): touching it in between raises the transaction's tag.
    const future = '00000000-0000-4000-8000-0000000000ff';
    await sql.query('BEGIN');
    await sql.query('SET LOCAL electric.session_replication_role = replica');
    await sql.query("INSERT INTO tagged VALUES ($1, 'f', 0, false)", [future]);
    await sql.query(
      `INSERT INTO electric.shadow__public__tagged (id, _tags, _tag, _tag_a, _tag_b, _tag_c, _resolved)
       SELECT $1, ARRAY[tag], tag, tag, tag, tag, true
         FROM (SELECT ROW(date_trunc('milliseconds', now() + interval '1 hour'), 'client_x')::electric.tag AS tag) AS future_tag`,
      [future],
    );
    await sql.query('COMMIT');
    const futureBefore = (await shadowOf(sql, 'tagged', future, COLS))!;

    await sleep(5);
    await sql.query('BEGIN');
    await sql.query("UPDATE tagged SET a = 'y' WHERE id = $1", [ID3]);
    await sql.query('UPDATE tagged SET b = 10 WHERE id = $1', [future]);
    await sql.query('UPDATE tagged SET c = false WHERE id = $1', [ID3]);
    await sql.query('COMMIT');

    const row = (await shadowOf(sql, 'tagged', ID3, COLS))!;
    const other = (await shadowOf(sql, 'tagged', future, COLS))!;
    expect(other.tagMs!, 'the future row is overwritten with a greater tag').toBeGreaterThan(futureBefore.tagMs!);
    expect(row.tag, 'one tag per transaction').toBe(other.tag);
    expect(row.tagCount).toBe(1);
    expect(row.tagsHoldTag).toBe(true);
    expect(row.firstSource).toBeNull();
    expect(row.colTags.a, 'the first update\'s column carries the final tag').toBe(row.tag);
    expect(row.colTags.c).toBe(row.tag);
    expect(row.colTags.b, 'an untouched column keeps its tag').toBe(inserted.tag);
    expect(other.colTags.b).toBe(other.tag);
    expect(other.colTags.a).toBe(futureBefore.colTags.a);
  });

  it('two plain updates of one row in one transaction tag both columns alike', async () => {
    const id = '00000000-0000-4000-8000-000000000004';
    await sql.query("INSERT INTO tagged VALUES ($1, 'x', 1, true)", [id]);
    const inserted = (await shadowOf(sql, 'tagged', id, COLS))!;
    await sleep(5);
    await sql.query('BEGIN');
    await sql.query("UPDATE tagged SET a = 'y' WHERE id = $1", [id]);
    await sql.query('UPDATE tagged SET b = 5 WHERE id = $1', [id]);
    await sql.query('COMMIT');
    const row = (await shadowOf(sql, 'tagged', id, COLS))!;
    expect(row.colTags).toEqual({ a: row.tag, b: row.tag, c: inserted.tag });
    expect(row.tagMs!).toBeGreaterThan(inserted.tagMs!);
  });

  it('DELETE marks the shadow row deleted with empty _tags and copies the row to the tombstone', async () => {
    const id = '00000000-0000-4000-8000-000000000005';
    await sql.query("INSERT INTO tagged VALUES ($1, 'gone', 7, false)", [id]);
    const inserted = (await shadowOf(sql, 'tagged', id, COLS))!;
    await sleep(5);
    await sql.query('DELETE FROM tagged WHERE id = $1', [id]);
    const s = (await shadowOf(sql, 'tagged', id, COLS))!;
    expect(s.isDelete).toBe(true);
    expect(s.tags).toBe('{}');
    expect(s.tag).not.toBeNull();
    expect(s.tagMs!).toBeGreaterThan(inserted.tagMs!);
    const tomb = await sql.query('SELECT id, a, b, c FROM electric.tombstone__public__tagged WHERE id = $1', [id]);
    expect(tomb.rows).toEqual([{ id, a: 'gone', b: 7, c: false }]);

    // Inserting the row again revives the shadow row.
    await sleep(5);
    await sql.query("INSERT INTO tagged VALUES ($1, 'back', 8, true)", [id]);
    const revived = (await shadowOf(sql, 'tagged', id, COLS))!;
    expect(revived.isDelete).toBe(false);
    expect(revived.tagCount).toBe(1);
    expect(revived.tagsHoldTag).toBe(true);
    expect(revived.tagMs!).toBeGreaterThan(s.tagMs!);
    for (const c of COLS) expect(revived.colTags[c]).toBe(revived.tag);

    // A second delete keeps the latest values in the tombstone.
    await sql.query('DELETE FROM tagged WHERE id = $1', [id]);
    const tomb2 = await sql.query('SELECT id, a, b, c FROM electric.tombstone__public__tagged WHERE id = $1', [id]);
    expect(tomb2.rows).toEqual([{ id, a: 'back', b: 8, c: true }]);
  });

  it('UPDATE of the primary key marks the old key deleted and tags the new key', async () => {
    const from = '00000000-0000-4000-8000-000000000006';
    const to = '00000000-0000-4000-8000-000000000007';
    await sql.query("INSERT INTO tagged VALUES ($1, 'moving', 1, true)", [from]);
    await sleep(5);
    await sql.query('UPDATE tagged SET id = $2 WHERE id = $1', [from, to]);
    const old = (await shadowOf(sql, 'tagged', from, COLS))!;
    const moved = (await shadowOf(sql, 'tagged', to, COLS))!;
    expect(old.isDelete).toBe(true);
    expect(old.tags).toBe('{}');
    expect(moved.isDelete).toBe(false);
    expect(moved.tagCount).toBe(1);
    expect(moved.tag, 'one tag per transaction').toBe(old.tag);
    for (const c of COLS) expect(moved.colTags[c]).toBe(moved.tag);
  });

  it('"Postgres wins": a transaction that started earlier still writes a greater tag than the one it overwrites', async () => {
    const r = '00000000-0000-4000-8000-000000000010';
    const s = '00000000-0000-4000-8000-000000000011';
    await sql.query("INSERT INTO tagged VALUES ($1, 'r', 0, true), ($2, 's', 0, true)", [r, s]);
    const a = await connectClient(shared);
    const b = await connectClient(shared);
    try {
      await a.query('BEGIN');
      await a.query('SELECT 1'); // A's transaction start (its provisional tag) is now fixed
      await sleep(20);
      await b.query('BEGIN');
      await b.query("UPDATE tagged SET a = 'from b' WHERE id = $1", [r]);
      await b.query('COMMIT');
      const afterB = (await shadowOf(sql, 'tagged', r, COLS))!;

      await sleep(5);
      await a.query("UPDATE tagged SET a = 'from a' WHERE id = $1", [s]); // s first: the provisional tag
      await a.query("UPDATE tagged SET a = 'from a' WHERE id = $1", [r]); // r: raised above B's tag
      await a.query('COMMIT');
      const afterA = (await shadowOf(sql, 'tagged', r, COLS))!;
      const sAfterA = (await shadowOf(sql, 'tagged', s, COLS))!;

      expect(
        afterA.tagMs!,
        `A's tag ${afterA.tag} must be greater than B's ${afterB.tag} (source bug: electric.__pg_write_tag tests ` +
          '"row_max IS NOT NULL", which is false for a composite tag whose source_id is NULL, so a Postgres tag is never raised above)',
      ).toBeGreaterThan(afterB.tagMs!);
      expect(afterA.firstSource).toBeNull();
      expect(afterA.colTags.a).toBe(afterA.tag);
      expect(sAfterA.tag, 'one tag per transaction: the row written before the raise ends with the same tag').toBe(afterA.tag);
      expect(sAfterA.colTags.a).toBe(afterA.tag);
      expect(sAfterA.tagsHoldTag).toBe(true);
      const { rows } = await sql.query<{ a: string }>('SELECT a FROM tagged WHERE id = $1', [r]);
      expect(rows[0]!.a).toBe('from a');
    } finally {
      await a.query('ROLLBACK').catch(() => {});
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('tags columns whose names are PL/pgSQL keywords (by, loop, begin, if)', async () => {
    await sql.query('CREATE TABLE keyworded (id uuid PRIMARY KEY, by text, loop text, begin text, "if" text, plain text)');
    await sql.query("CALL electric.electrify('keyworded')");
    const cols = ['by', 'loop', 'begin', 'if', 'plain'];
    await sql.query("INSERT INTO keyworded VALUES ($1, 'a', 'b', 'c', 'd', 'e')", [ID1]);
    const inserted = (await shadowOf(sql, 'keyworded', ID1, cols))!;
    for (const c of cols) expect(inserted.colTags[c]).toBe(inserted.tag);
    await sleep(5);
    const err = await sql.query("UPDATE keyworded SET by = 'z', plain = 'y' WHERE id = $1", [ID1]).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(
      err,
      'source bug: install_triggers writes NEW.%I / OLD.%I, and %I leaves PL/pgSQL reserved words that are not reserved ' +
        'in SQL (by, loop, begin, if, declare, execute, strict, while, foreach) unquoted, so the generated trigger fails',
    ).toBeNull();
    const updated = (await shadowOf(sql, 'keyworded', ID1, cols))!;
    expect(updated.colTags).toEqual({ by: updated.tag, loop: inserted.tag, begin: inserted.tag, if: inserted.tag, plain: updated.tag });
  });

  it('handles a primary key column whose name is a PL/pgSQL keyword', async () => {
    await sql.query('CREATE TABLE keyworded_pk (by uuid PRIMARY KEY, v text)');
    await sql.query("CALL electric.electrify('keyworded_pk')");
    const err = await sql.query("INSERT INTO keyworded_pk VALUES ($1, 'a')", [ID1]).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(err, 'source bug: the generated trigger references NEW.by unquoted (see install_triggers)').toBeNull();
    await sql.query("UPDATE keyworded_pk SET v = 'b' WHERE by = $1", [ID1]);
    await sql.query('DELETE FROM keyworded_pk WHERE by = $1', [ID1]);
    const { rows } = await sql.query<{ is_delete: boolean; tags: string }>(
      'SELECT _is_a_delete_operation AS is_delete, _tags::text AS tags FROM electric.shadow__public__keyworded_pk WHERE by = $1',
      [ID1],
    );
    expect(rows).toEqual([{ is_delete: true, tags: '{}' }]);
  });

  it('keeps apart the triggers of two tables whose long names share a prefix', async () => {
    // The generated function names are "<purpose>___public__<table>"; past
    // 63 bytes Postgres truncates them, so these two would share functions.
    await sql.query('CREATE TABLE shared_prefix_alpha (id uuid PRIMARY KEY, a text)');
    await sql.query('CREATE TABLE shared_prefix_beta (id uuid PRIMARY KEY, b integer)');
    await sql.query("CALL electric.electrify('shared_prefix_alpha')");
    await sql.query("CALL electric.electrify('shared_prefix_beta')");
    await sql.query("INSERT INTO shared_prefix_alpha VALUES ($1, 'x')", [ID1]);
    await sql.query('INSERT INTO shared_prefix_beta VALUES ($1, 1)', [ID2]);
    const bug =
      'source bug: install_triggers names its functions <purpose>___<schema>__<table> (e.g. ' +
      '"postgres_write__upsert_generate_shadow_rows___public__" is already 54 bytes), Postgres truncates them to 63 bytes, ' +
      'so tables whose names share a prefix overwrite each other\'s trigger functions';
    const alphaShadow = await sql.query('SELECT id FROM electric.shadow__public__shared_prefix_alpha');
    const betaShadow = await sql.query('SELECT id FROM electric.shadow__public__shared_prefix_beta ORDER BY id');
    expect(alphaShadow.rows, bug).toEqual([{ id: ID1 }]);
    expect(betaShadow.rows, bug).toEqual([{ id: ID2 }]);
    const err = await sql.query('DELETE FROM shared_prefix_alpha WHERE id = $1', [ID1]).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(err, bug).toBeNull();
    const tomb = await sql.query('SELECT id, a FROM electric.tombstone__public__shared_prefix_alpha');
    expect(tomb.rows).toEqual([{ id: ID1, a: 'x' }]);
  });

  it('writes applied as Electric (electric.session_replication_role = replica) are parked until their shadow row resolves them', async () => {
    const id = '00000000-0000-4000-8000-000000000020';
    const c = await connectClient(shared);
    try {
      await c.query('SET electric.session_replication_role = replica');
      await c.query("INSERT INTO tagged VALUES ($1, 'applied', 1, true)", [id]);
      const { rows } = await c.query('SELECT count(*)::int AS n FROM tagged WHERE id = $1', [id]);
      expect(rows[0].n).toBe(0);
      const parked = await c.query('SELECT _tag, _currently_reordering AS parked, __reordered_a AS a FROM electric.shadow__public__tagged WHERE id = $1', [id]);
      expect(parked.rows).toEqual([{ _tag: null, parked: true, a: 'applied' }]);
    } finally {
      await c.end();
    }
    await sql.query("INSERT INTO tagged VALUES ($1, 'pg', 1, true)", [id]);
    // A Postgres write of the same row afterwards is tagged as usual.
    await sql.query("UPDATE tagged SET a = 'pg' WHERE id = $1", [id]);
    const s = await shadowOf(sql, 'tagged', id, COLS);
    expect(s?.tagCount).toBe(1);
    expect(s?.firstSource).toBeNull();
  });
});

describe('schema changes of an electrified table', () => {
  it('ALTER TABLE ADD COLUMN + electric.alter_shadow_table extends the shadow and tombstone tables and tags the new column', async () => {
    await sql.query('CREATE TABLE growing (id uuid PRIMARY KEY, name text)');
    await sql.query("CALL electric.electrify('growing')");
    await sql.query("INSERT INTO growing VALUES ($1, 'g')", [ID1]);
    const before = (await shadowOf(sql, 'growing', ID1, ['name']))!;

    await sql.query('BEGIN');
    await sql.query('ALTER TABLE growing ADD COLUMN extra text');
    await sql.query("SELECT electric.alter_shadow_table('public', 'growing', 'add', 'extra', 'text')");
    await sql.query('COMMIT');

    const shadow = await columnsOf(sql, 'electric', 'shadow__public__growing');
    expect(shadow._tag_extra).toEqual({ type: 'electric.tag', notNull: false });
    expect(shadow.__reordered_extra).toEqual({ type: 'text', notNull: false });
    const tomb = await columnsOf(sql, 'electric', 'tombstone__public__growing');
    expect(Object.keys(tomb)).toEqual(['id', 'name', 'extra']);

    await sleep(5);
    await sql.query("UPDATE growing SET extra = 'more' WHERE id = $1", [ID1]);
    const after = (await shadowOf(sql, 'growing', ID1, ['name', 'extra']))!;
    expect(after.tagMs!).toBeGreaterThan(before.tagMs!);
    expect(after.colTags.extra).toBe(after.tag);
    expect(after.colTags.name).toBe(before.tag);

    // Deletes copy the new column to the tombstone too.
    await sql.query('DELETE FROM growing WHERE id = $1', [ID1]);
    const t = await sql.query('SELECT id, name, extra FROM electric.tombstone__public__growing WHERE id = $1', [ID1]);
    expect(t.rows).toEqual([{ id: ID1, name: 'g', extra: 'more' }]);

    const triggers = await triggerCounts(sql, 'growing');
    expect(Object.values(triggers.main)).toEqual([1, 1, 1, 1]);
    expect(triggers.shadow).toEqual({ postgres_write__write_resolved_tags: 1, satellite_write__resolve_observed_tags: 1 });
  });
});

describe('restarts', () => {
  it('bootstrapping again regenerates the triggers without duplicates and keeps tables working', async () => {
    const db = await pgServer.createDatabase('electrify_rebootstrap');
    const c = await connectClient(db);
    try {
      await bootstrapElectricSchema(c);
      await c.query('CREATE TABLE kept (id uuid PRIMARY KEY, v text)');
      await c.query("CALL electric.electrify('kept')");
      const expected = await triggerCounts(c, 'kept');
      expect(Object.keys(expected.main)).toHaveLength(4);

      // A lost trigger comes back at the next start.
      await c.query('DROP TRIGGER postgres_write__upsert_generate_shadow_rows ON kept');
      await bootstrapElectricSchema(c);
      await bootstrapElectricSchema(c);
      expect(await triggerCounts(c, 'kept')).toEqual(expected);
      const enabled = await c.query<{ tgname: string; tgenabled: string }>(
        "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'public.kept'::regclass AND NOT tgisinternal ORDER BY tgname",
      );
      expect(enabled.rows).toEqual([
        { tgname: 'as_first__save_deleted_rows_to_tombstone_table', tgenabled: 'A' },
        { tgname: 'postgres_write__delete_generate_shadow_rows', tgenabled: 'O' },
        { tgname: 'postgres_write__upsert_generate_shadow_rows', tgenabled: 'O' },
        { tgname: 'satellite_write__save_operation_for_reordering', tgenabled: 'A' },
      ]);

      // A service start bootstraps once more.
      const service = await startTestService({ DATABASE_URL: db.url });
      try {
        expect(await triggerCounts(c, 'kept')).toEqual(expected);
        await c.query("INSERT INTO kept VALUES ($1, 'v')", [ID1]);
        const s = await shadowOf(c, 'kept', ID1, ['v']);
        expect(s?.tagCount).toBe(1);
        expect(s?.colTags.v).toBe(s?.tag);
        await c.query("UPDATE kept SET v = 'w' WHERE id = $1", [ID1]);
        await c.query('DELETE FROM kept WHERE id = $1', [ID1]);
        expect((await shadowOf(c, 'kept', ID1, ['v']))?.isDelete).toBe(true);
        const t = await c.query('SELECT v FROM electric.tombstone__public__kept WHERE id = $1', [ID1]);
        expect(t.rows).toEqual([{ v: 'w' }]);
        expect(await electrifiedRows(c, 'kept')).toHaveLength(1);
      } finally {
        await service.stop();
      }
    } finally {
      await c.end();
    }
  });

  it('recreates a dropped publication at start, with the electrified table and its shadow', async () => {
    const db = await pgServer.createDatabase('electrify_publication');
    const c = await connectClient(db);
    try {
      await bootstrapElectricSchema(c);
      await c.query('CREATE TABLE pubbed (id uuid PRIMARY KEY, v text)');
      await c.query("CALL electric.electrify('pubbed')");
      await c.query('DROP PUBLICATION electric_publication');
      expect(await publishedTables(c)).toEqual([]);

      const service = await startTestService({ DATABASE_URL: db.url });
      try {
        const published = await publishedTables(c);
        expect(published).toEqual(expect.arrayContaining(['public.pubbed', 'electric.shadow__public__pubbed']));
        expect(published).toEqual(
          expect.arrayContaining(['electric.ddl_commands', 'electric.migration_versions', 'electric.electrified', 'electric.transaction_marker']),
        );
        // Change capture reads the table through the recreated publication.
        const reader = liveReader(service);
        try {
          await c.query("INSERT INTO pubbed VALUES ($1, 'seen')", [ID1]);
          const tx = await reader.nextWithChanges();
          expect(tx.changes).toHaveLength(1);
          expect(tx.changes[0]).toMatchObject({ kind: 'insert', relation: { schema: 'public', table: 'pubbed' }, record: { id: ID1, v: 'seen' } });
          expect(tx.changes[0]!.tags).toEqual([`postgres_1@${tx.commitTimestamp}`]);
        } finally {
          reader.close();
        }
      } finally {
        await service.stop();
      }
    } finally {
      await c.end();
    }
  });

  it('recreates the publication dropped while the service was stopped, after it had streamed', async () => {
    const db = await pgServer.createDatabase('electrify_publication_restart');
    const first = await startTestService({ DATABASE_URL: db.url });
    const c = await connectClient(db);
    try {
      try {
        await c.query('CREATE TABLE pubbed2 (id uuid PRIMARY KEY, v text)');
        await c.query("CALL electric.electrify('pubbed2')");
        const reader = liveReader(first);
        await c.query("INSERT INTO pubbed2 VALUES ($1, 'before')", [ID1]);
        await reader.nextWithChanges();
        reader.close();
      } finally {
        await first.stop();
      }
      await c.query('DROP PUBLICATION electric_publication');
      const second = await startTestService({ DATABASE_URL: db.url });
      try {
        expect(await publishedTables(c)).toEqual(expect.arrayContaining(['public.pubbed2', 'electric.shadow__public__pubbed2']));
        const reader = liveReader(second);
        try {
          await c.query("INSERT INTO pubbed2 VALUES ($1, 'after')", [ID2]);
          // The new service re-reads the WAL its slot retains: the earlier
          // insert may come again before the new one.
          let tx = await reader.nextWithChanges();
          while (tx.changes[0]?.record?.id === ID1) tx = await reader.nextWithChanges();
          expect(tx.changes).toHaveLength(1);
          expect(tx.changes[0]).toMatchObject({ kind: 'insert', record: { id: ID2, v: 'after' } });
          expect(tx.changes[0]!.tags).toEqual([`postgres_1@${tx.commitTimestamp}`]);
        } finally {
          reader.close();
        }
      } finally {
        await second.stop();
      }
    } finally {
      await c.end();
    }
  });
});
