/**
 * How the proxy plans a client's query (libpg-query, with DDLX split out)
 * and decides about DDL on electrified tables (spec §6.5).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LARGE_QUERY_CHARS, loadStatementParser, planQuery, planQueryInSlices, type Statement } from '../../src/proxy/capture/statements.js';
import { decideTableDdl } from '../../src/proxy/capture/electrified-ddl.js';

beforeAll(() => loadStatementParser());

function plans(sql: string): Statement[] {
  const planned = planQuery(sql);
  if (!Array.isArray(planned)) throw new Error(`not planned: ${JSON.stringify(planned)}`);
  return planned;
}

describe('planQuery', () => {
  it('classifies each statement, with its text and offset', () => {
    const sql = `BEGIN; CREATE TABLE a (id int PRIMARY KEY); ALTER TABLE a ADD COLUMN b text; INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ('1', 'c', '0001_init', now()); DO $$ BEGIN END $$; COMMIT`;
    const out = plans(sql);
    expect(out.map((s) => s.plan.kind)).toEqual(['transaction', 'plain', 'table-ddl', 'framework-version', 'refused', 'transaction']);
    expect(out[2]!.sql).toBe('ALTER TABLE a ADD COLUMN b text');
    expect(sql.slice(out[2]!.offset, out[2]!.offset + out[2]!.sql.length)).toBe(out[2]!.sql);
    expect(out[3]!.plan).toEqual({ kind: 'framework-version', source: { literal: '0001_init' } });
  });

  it('finds the version as a bound parameter (extended protocol) and in Ecto and @databases tables', () => {
    expect(plans('INSERT INTO public.schema_migrations (version, inserted_at) VALUES ($1, $2)')[0]!.plan).toEqual({ kind: 'framework-version', source: { param: 1 } });
    expect(plans(`INSERT INTO atdatabases_migrations_applied (index, name, script, applied_at, ignored_error, obsolete) VALUES (1, 'first', '', now(), NULL, false)`)[0]!.plan)
      .toEqual({ kind: 'framework-version', source: { literal: 'first' } });
    expect(plans('INSERT INTO other.schema_migrations (version) VALUES (1)')[0]!.plan.kind).toBe('plain');
  });

  it('keeps each statement\'s offset in characters when non-ASCII text comes before it', () => {
    const sql = "INSERT INTO t VALUES ('é'); SELECT '日本'; INSERT INTO t VALUES ('ü'); SELECT 1";
    const out = planQuery(sql) as Statement[];
    expect(out).toHaveLength(4);
    for (const s of out) expect(sql.slice(s.offset, s.offset + s.sql.length)).toBe(s.sql);
  });

  it('splits DDLX out of SQL, keeping offsets into the whole text (non-ASCII before it too)', () => {
    const sql = `CREATE TABLE "café" (id uuid PRIMARY KEY);\nALTER TABLE "café" ENABLE ELECTRIC;\nELECTRIC GRANT READ ON "café" TO ANYONE;`;
    const out = plans(sql);
    expect(out.map((s) => s.plan.kind)).toEqual(['plain', 'ddlx', 'ddlx']);
    expect(sql.slice(out[1]!.offset, out[1]!.offset + out[1]!.sql.length)).toBe('ALTER TABLE "café" ENABLE ELECTRIC');
  });

  it('reports a DDLX syntax error with its offset; leaves SQL errors to Postgres', () => {
    const bad = planQuery('SELECT 1; ELECTRIC GRANT READ ON t TO');
    expect(bad).toMatchObject({ kind: 'ddlx-syntax', offset: 10 });
    expect(planQuery('SELEC 1')).toEqual({ kind: 'unparsed' });
  });
});

describe('decideTableDdl', () => {
  const items = { schema: 'public', name: 'items' };
  const decide = (sql: string, electrified = [items]) => {
    const plan = plans(sql)[0]!.plan;
    if (plan.kind !== 'table-ddl') throw new Error(`not table DDL: ${plan.kind}`);
    return decideTableDdl(plan.nodeType, plan.node, electrified);
  };

  it('allows anything on tables that are not electrified', () => {
    expect(decide('ALTER TABLE items DROP COLUMN a', [])).toEqual({ kind: 'allow' });
  });

  it.each([
    ['ALTER TABLE items DROP COLUMN a', 'EX010'],
    ['ALTER TABLE items ALTER COLUMN a TYPE int8', 'EX009'],
    ['ALTER TABLE items ALTER COLUMN a SET NOT NULL', 'EX007'],
    ['ALTER TABLE items ALTER COLUMN a DROP DEFAULT', 'EX007'],
    ['ALTER TABLE items ADD COLUMN b text DEFAULT \'x\'', 'EX006'],
    ['ALTER TABLE items ADD COLUMN b text CHECK (b <> \'\')', 'EX011'],
    ['ALTER TABLE items ADD COLUMN b uuid REFERENCES other (id)', 'EX011'],
    ['ALTER TABLE items ADD CONSTRAINT c UNIQUE (a)', 'EX000'],
    ['ALTER TABLE items RENAME TO things', 'EX002'],
    ['ALTER TABLE items RENAME COLUMN a TO b', 'EX008'],
    ['ALTER TABLE items RENAME CONSTRAINT c TO d', 'EX012'],
    ['DROP TABLE other, items', 'EX004'],
    ['CREATE INDEX CONCURRENTLY i ON items (a)', 'EX000'],
  ])('%s → %s', (sql, code) => {
    expect(decide(sql)).toMatchObject({ kind: 'refuse', code });
  });

  it('captures ADD COLUMN (every added column) and CREATE INDEX; allows harmless changes', () => {
    expect(decide('ALTER TABLE items ADD COLUMN b text NOT NULL, ADD COLUMN c int4')).toEqual({ kind: 'capture', table: items, added: ['b', 'c'] });
    expect(decide('CREATE INDEX i ON items (a)')).toEqual({ kind: 'capture', table: items, added: [] });
    expect(decide('ALTER TABLE items OWNER TO someone')).toEqual({ kind: 'allow' });
    expect(decide('ALTER TABLE items DISABLE TRIGGER ALL')).toEqual({ kind: 'allow' });
  });
});

describe('planQueryInSlices (huge queries)', () => {
  it('plans a query larger than one slice exactly as planQuery does, offsets included', async () => {
    const parts = [`BEGIN;\nALTER TABLE a ADD COLUMN b text;\n`];
    for (let i = 0; parts.join('').length < LARGE_QUERY_CHARS * 2; i++) {
      parts.push(`INSERT INTO seed (id, note) VALUES (${i}, 'row ${i}; with a semicolon');\n`);
      if (i === 1000) parts.push(`ELECTRIC GRANT READ ON a TO ANYONE;\n`);
      if (i === 2000) parts.push(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ('1', 'c', '0001_init', now());\n`);
    }
    parts.push('COMMIT');
    const sql = parts.join('');
    const sliced = await planQueryInSlices(sql);
    expect(Array.isArray(sliced)).toBe(true);
    const out = sliced as Statement[];
    expect(out.length).toBeGreaterThan(5000);
    expect(out.map((s) => s.plan.kind).filter((k) => k !== 'plain')).toEqual(['transaction', 'table-ddl', 'ddlx', 'framework-version', 'transaction']);
    for (const s of out) expect(sql.slice(s.offset, s.offset + s.sql.length)).toBe(s.sql);
    // Same answer as the one-call planner (which the DDLX statement sends down the piecewise path).
    expect(out.map((s) => [s.sql, s.offset, s.plan.kind])).toEqual((planQuery(sql) as Statement[]).map((s) => [s.sql, s.offset, s.plan.kind]));
  });

  it('reports the first DDLX syntax error and an unparsable query as planQuery does', async () => {
    const filler = `INSERT INTO seed VALUES (1, 'x');\n`.repeat(LARGE_QUERY_CHARS / 20);
    const bad = `${filler}ELECTRIC GRANT READ ON a TO;\n${filler}`;
    const sliced = await planQueryInSlices(bad);
    expect(sliced).toMatchObject({ kind: 'ddlx-syntax', offset: filler.length });
    expect(await planQueryInSlices(`${filler}SELEC 1;\n${filler}`)).toEqual({ kind: 'unparsed' });
  });

  it('keeps the event loop turning while a 4 MB query is planned', async () => {
    const sql = `INSERT INTO seed (id, note) VALUES (1, 'some text to plan');\n`.repeat(4 * 1024 * 1024 / 60);
    let turns = 0;
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      turns++;
    }, 1);
    const planned = await planQueryInSlices(sql);
    clearInterval(ticker);
    expect(Array.isArray(planned) && planned.length).toBeGreaterThan(60_000);
    expect(turns).toBeGreaterThan(10);
    // A timer never waits for a whole parse (about a second in one call); generous for a loaded machine.
    expect(longest).toBeLessThan(250);
  });
});
