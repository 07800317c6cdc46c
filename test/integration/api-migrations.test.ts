/**
 * GET /api/migrations against a real service and Postgres: the legacy
 * errors, 204 on an empty history, the zip in both dialects (names, order,
 * SQL text, metadata), ops byte-identical to what a Satellite client
 * receives, `version=` filtering, migrations made straight in Postgres
 * showing up at once, and the official CLI's own unzip-and-build code
 * reading the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { unzipSync } from 'fflate';
import $protobuf from 'protobufjs/minimal.js';
import Database from 'better-sqlite3';
import decompress from 'decompress';
import { loadMigrations } from '../../node_modules/electric-sql/dist/cli/migrations/builder.js';
import { sqliteBuilder, pgBuilder } from 'electric-sql/migrators/builder';
import { startTestPostgres, tempDir, type TestPostgres } from '../support/postgres.js';
import { startTestService, testConfig, testLogger } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { connectClient, type Queryable } from '../../src/service/postgres/connection.js';
import { MigrationsFeed } from '../../src/service/satellite/migrations-feed.js';
import { Electric, MESSAGE_TAGS } from '../../src/protocol/index.js';
import { ElectricService } from '../../src/service/server.js';
import { freePort } from '../../src/util/net.js';

let pgServer: TestPostgres;
let service: ElectricService;
let sql: pg.Client;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  const db = await pgServer.createDatabase('api_migrations');
  sql = await connectClient(db);
  service = await startTestService({ DATABASE_URL: db.url });
});

afterAll(async () => {
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly body: Buffer;
}

async function get(pathAndQuery: string, method = 'GET'): Promise<Answer> {
  const res = await fetch(`${service.httpUrl}${pathAndQuery}`, { method });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

/** The zip's entries, in archive order, as text. */
function unzip(body: Buffer): [string, string][] {
  return Object.entries(unzipSync(new Uint8Array(body))).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]);
}

function metadataOf(entries: [string, string][], version: string): { raw: string; ops: Buffer[] } {
  const raw = entries.find(([name]) => name === `${version}/metadata.json`)?.[1];
  if (raw === undefined) throw new Error(`no metadata for ${version}`);
  return { raw, ops: (JSON.parse(raw) as { ops: string[] }).ops.map((b64) => Buffer.from(b64, 'base64')) };
}

/** The bytes of every SatOpMigrate (SatTransOp field 6) of a raw SatOpLog frame. */
function migrateOpBytes(frame: Buffer): Buffer[] {
  if (frame[0] !== MESSAGE_TAGS.SatOpLog) return [];
  const out: Buffer[] = [];
  const log = $protobuf.Reader.create(frame.subarray(1));
  while (log.pos < log.len) {
    const tag = log.uint32();
    if (tag >>> 3 !== 1) {
      log.skipType(tag & 7);
      continue;
    }
    const op = $protobuf.Reader.create(log.bytes());
    while (op.pos < op.len) {
      const t = op.uint32();
      if (t >>> 3 === 6) out.push(Buffer.from(op.bytes()));
      else op.skipType(t & 7);
    }
  }
  return out;
}

/** The migrate ops a fresh Satellite client receives, as raw bytes, grouped by version in arrival order. */
async function satelliteMigrations(dialect: 'sqlite' | 'postgresql', lastVersion: string): Promise<Map<string, Buffer[]>> {
  const client = await TestSatelliteClient.connect(`${service.httpUrl.replace('http', 'ws')}/ws`);
  const raw: Buffer[] = [];
  client.ws.on('message', (data: Buffer) => raw.push(Buffer.from(data)));
  try {
    const auth = await client.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'user-1' }), headers: [] });
    expect(auth.error).toBeFalsy();
    await client.answerServerStartReplication();
    const res = await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: dialect === 'sqlite' ? 0 : 1 });
    expect(res.error).toBeFalsy();
    await client.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.some((op) => op.migrate?.version === lastVersion)));
  } finally {
    client.close();
  }
  const byVersion = new Map<string, Buffer[]>();
  for (const bytes of raw.flatMap(migrateOpBytes)) {
    const version = Electric.Satellite.SatOpMigrate.decode(bytes).version;
    byVersion.set(version, [...(byVersion.get(version) ?? []), bytes]);
  }
  return byVersion;
}

describe('GET /api/migrations', () => {
  it('refuses a missing or unsupported dialect with the legacy 403 JSON errors', async () => {
    const missing = await get('/api/migrations');
    expect(missing.status).toBe(403);
    expect(missing.type).toMatch(/^application\/json/);
    expect(missing.body.toString()).toBe(`{"error":"missing required parameter 'dialect'"}`);

    const other = await get('/api/migrations?dialect=mysql&version=1');
    expect(other.status).toBe(403);
    expect(other.body.toString()).toBe('{"error":"unsupported dialect \\"mysql\\""}');

    const empty = await get('/api/migrations?dialect=');
    expect(empty.status).toBe(403);
    expect(empty.body.toString()).toBe('{"error":"unsupported dialect \\"\\""}');
  });

  it('answers 404 on other sub-paths and methods', async () => {
    const sub = await get('/api/migrations/latest?dialect=sqlite');
    expect(sub.status).toBe(404);
    expect(JSON.parse(sub.body.toString())).toMatchObject({ error: 'not_found' }); // the router's answer
    expect((await get('/api/migrations?dialect=sqlite', 'POST')).status).toBe(404);
  });

  it('answers 503 while Postgres cannot be reached (after checking the dialect)', async () => {
    const down = new ElectricService(await testConfig({ DATABASE_URL: `postgresql://postgres:pw@127.0.0.1:${await freePort()}/electric` }), { logger: testLogger() });
    const starting = down.start().catch(() => undefined);
    try {
      // The HTTP port opens before Postgres is reached.
      let res: Response | null = null;
      for (let i = 0; i < 200 && !res; i++) {
        res = await Promise.resolve()
          .then(() => fetch(`${down.httpUrl}/api/migrations?dialect=sqlite`))
          .catch(() => null);
        if (!res) await new Promise((r) => setTimeout(r, 50));
      }
      expect(res?.status).toBe(503);
      expect(await res?.json()).toMatchObject({ message: 'Postgres connection is not ready: initialization' });
      expect((await fetch(`${down.httpUrl}/api/migrations`)).status).toBe(403);
    } finally {
      await down.stop();
      await starting;
    }
  });

  it('answers 204 with an empty body while nothing is electrified', async () => {
    for (const query of ['dialect=sqlite', 'dialect=postgresql', 'dialect=sqlite&version=', 'dialect=sqlite&version=nope']) {
      const res = await get(`/api/migrations?${query}`);
      expect(res.status, query).toBe(204);
      expect(res.body.length, query).toBe(0);
    }
  });

  describe('with a history of three migrations', () => {
    let addColumnVersion = '';
    let versions: string[] = [];

    beforeAll(async () => {
      // Each made straight in Postgres, after the service started and with no
      // Satellite session to notice it; the route must see each at once.
      await sql.query("CREATE TYPE colour AS ENUM ('red', 'green')");
      await sql.query('CREATE TABLE items (id text PRIMARY KEY, name text NOT NULL, shade colour, n integer, price float8, data jsonb, raw bytea)');
      await sql.query("BEGIN; CALL electric.migration_version('20240101_items'); CALL electric.electrify('items'); COMMIT");
      expect(unzip((await get('/api/migrations?dialect=sqlite')).body).map(([name]) => name)).toEqual(['20240101_items/migration.sql', '20240101_items/metadata.json']);

      await sql.query('BEGIN');
      await sql.query('CREATE INDEX items_name_idx ON items (name)');
      await sql.query("CALL electric.migration_version('20240102_index')");
      await sql.query("SELECT electric.capture_ddl('CREATE INDEX items_name_idx ON items (name)')");
      await sql.query('COMMIT');

      // No version given: the default timestamp version.
      await sql.query('BEGIN');
      await sql.query('ALTER TABLE items ADD COLUMN note text');
      await sql.query("SELECT electric.alter_shadow_table('public', 'items', 'add', 'note', 'text')");
      await sql.query("SELECT electric.capture_ddl('ALTER TABLE items ADD COLUMN note text')");
      await sql.query('COMMIT');
      const { rows } = await sql.query<{ version: string }>('SELECT version FROM electric.migration_versions ORDER BY txid DESC LIMIT 1');
      addColumnVersion = rows[0]!.version;
      expect(addColumnVersion).toMatch(/^\d{14}_\d{3}$/);
      versions = ['20240101_items', '20240102_index', addColumnVersion];
    });

    function entryNames(vs: string[]): string[] {
      return vs.flatMap((v) => [`${v}/migration.sql`, `${v}/metadata.json`]);
    }

    it('zips every migration in order, SQLite dialect (no CREATE TYPE, SQLite types)', async () => {
      const res = await get('/api/migrations?dialect=sqlite');
      expect(res.status).toBe(200);
      expect(res.type).toBe('application/zip');
      const entries = unzip(res.body);
      expect(entries.map(([name]) => name)).toEqual(entryNames(versions));
      const sqlOf = new Map(entries);
      expect(sqlOf.get('20240101_items/migration.sql')).toBe(
        [
          'CREATE TABLE "items" (',
          '  "id" TEXT NOT NULL,',
          '  "name" TEXT NOT NULL,',
          '  "shade" TEXT,',
          '  "n" INTEGER,',
          '  "price" REAL,',
          '  "data" TEXT_JSON,',
          '  "raw" BLOB,',
          '  CONSTRAINT "items_pkey" PRIMARY KEY ("id")',
          ') WITHOUT ROWID;',
        ].join('\n'),
      );
      expect(sqlOf.get('20240102_index/migration.sql')).toBe('CREATE INDEX "items_name_idx" ON "items" ("name");');
      expect(sqlOf.get(`${addColumnVersion}/migration.sql`)).toBe('ALTER TABLE "items" ADD COLUMN "note" TEXT;');
    });

    it('zips the original Postgres statements in the postgresql dialect, the enum type first', async () => {
      const res = await get('/api/migrations?dialect=postgresql');
      expect(res.status).toBe(200);
      const entries = unzip(res.body);
      expect(entries.map(([name]) => name)).toEqual(entryNames(versions));
      const sqlOf = new Map(entries);
      const created = sqlOf.get('20240101_items/migration.sql')!;
      const [enumStmt, tableStmt, ...rest] = created.split('\n\n');
      expect(rest).toEqual([]);
      expect(enumStmt).toBe("CREATE TYPE public.colour AS ENUM ('red', 'green');");
      expect(tableStmt).toMatch(/^CREATE TABLE public\.items \(\n/);
      expect(tableStmt).toContain('shade public.colour');
      expect(tableStmt).toMatch(/\);$/);
      expect(sqlOf.get('20240102_index/migration.sql')).toBe('CREATE INDEX items_name_idx ON items (name);');
      expect(sqlOf.get(`${addColumnVersion}/migration.sql`)).toBe('ALTER TABLE items ADD COLUMN note text;');

      // The statements are valid Postgres: they build the same schema in an empty database.
      const fresh = await connectClient(await pgServer.createDatabase('api_migrations_replay'));
      try {
        for (const v of versions) await fresh.query(sqlOf.get(`${v}/migration.sql`)!);
        const { rows } = await fresh.query<{ c: string }>("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_name = 'items'");
        expect(rows[0]!.c).toBe('id,name,shade,n,price,data,raw,note');
      } finally {
        await fresh.end();
      }
    });

    it('writes metadata.json with the legacy keys in order and ops decoding to the migration', async () => {
      const entries = unzip((await get('/api/migrations?dialect=sqlite')).body);
      const { raw, ops } = metadataOf(entries, '20240101_items');
      expect(raw.startsWith('{"format":"SatOpMigrate","ops":["')).toBe(true);
      const parsed = JSON.parse(raw) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['format', 'ops', 'protocol_version', 'version']);
      expect(parsed).toMatchObject({ format: 'SatOpMigrate', protocol_version: 'Electric.Satellite', version: '20240101_items' });

      const decoded = ops.map((b) => Electric.Satellite.SatOpMigrate.decode(b));
      expect(decoded.map((op) => op.version)).toEqual(['20240101_items', '20240101_items']);
      expect(decoded[0]!.stmts).toEqual([]); // the enum: no SQLite statement, only its labels
      expect(decoded[0]!.enumType).toMatchObject({ name: 'colour', values: ['red', 'green'] });
      expect(decoded[1]!.table?.name).toBe('items');
      expect(decoded[1]!.table?.pks).toEqual(['id']);
      expect(decoded[1]!.table?.columns?.map((c) => `${c.name}:${c.pgType?.name}:${c.sqliteType}`)).toEqual([
        'id:text:TEXT',
        'name:text:TEXT',
        'shade:colour:TEXT',
        'n:int4:INTEGER',
        'price:float8:REAL',
        'data:jsonb:TEXT_JSON',
        'raw:bytea:BLOB',
      ]);
      const added = metadataOf(entries, addColumnVersion).ops.map((b) => Electric.Satellite.SatOpMigrate.decode(b));
      expect(added).toHaveLength(1);
      expect(added[0]!.stmts?.[0]?.type).toBe(Electric.Satellite.SatOpMigrate.Type.ALTER_ADD_COLUMN);
      expect(added[0]!.table?.columns?.at(-1)?.name).toBe('note');
    });

    for (const dialect of ['sqlite', 'postgresql'] as const) {
      it(`carries the very bytes a Satellite client receives for each migration (${dialect})`, async () => {
        const entries = unzip((await get(`/api/migrations?dialect=${dialect}`)).body);
        const received = await satelliteMigrations(dialect, addColumnVersion);
        expect([...received.keys()]).toEqual(versions);
        for (const v of versions) {
          const fromZip = metadataOf(entries, v).ops.map((b) => b.toString('hex'));
          expect(fromZip.length, v).toBeGreaterThan(0);
          expect(fromZip, v).toEqual(received.get(v)!.map((b) => b.toString('hex')));
        }
      });
    }

    it('filters with version=: only the migrations after it; none after the last or an unknown one', async () => {
      const after = (version: string) => get(`/api/migrations?dialect=sqlite&version=${encodeURIComponent(version)}`);
      expect(unzip((await after('20240101_items')).body).map(([name]) => name)).toEqual(entryNames(versions.slice(1)));
      expect(unzip((await after('20240102_index')).body).map(([name]) => name)).toEqual(entryNames(versions.slice(2)));
      for (const v of [addColumnVersion, 'no_such_version']) {
        const res = await after(v);
        expect(res.status, v).toBe(204);
        expect(res.body.length, v).toBe(0);
      }
      const everything = await get('/api/migrations?dialect=postgresql&version=');
      expect(unzip(everything.body).map(([name]) => name)).toEqual(entryNames(versions));
    });

    it('is read by the official CLI code: unzipped by `decompress`, bundled by `loadMigrations`, replayed by SQLite', async () => {
      const dir = await tempDir('electric-api-migrations-');
      try {
        for (const [dialect, builder] of [['sqlite', sqliteBuilder], ['postgresql', pgBuilder]] as const) {
          const zipFile = path.join(dir, `${dialect}.zip`);
          await fs.writeFile(zipFile, (await get(`/api/migrations?dialect=${dialect}`)).body);
          const folder = path.join(dir, dialect);
          await decompress(zipFile, folder);
          const bundle = await loadMigrations(folder, builder);
          expect(bundle.map((m) => m.version)).toEqual(versions);
          const sqlOf = new Map(unzip(await fs.readFile(zipFile)));
          for (const m of bundle) {
            // The client replays the statements of the ops, then its own triggers.
            const ours = sqlOf.get(`${m.version}/migration.sql`)!.split('\n\n');
            expect(m.statements.slice(0, ours.length).map((s) => s.trim()), m.version).toEqual(ours);
          }
          if (dialect === 'sqlite') {
            const db = new Database(':memory:');
            try {
              for (const m of bundle) for (const stmt of m.statements.slice(0, sqlOf.get(`${m.version}/migration.sql`)!.split('\n\n').length)) db.exec(stmt);
              const cols = db.prepare("SELECT name, type FROM pragma_table_info('items')").all() as { name: string; type: string }[];
              expect(cols.map((c) => `${c.name}:${c.type}`)).toEqual([
                'id:TEXT',
                'name:TEXT',
                'shade:TEXT',
                'n:INTEGER',
                'price:REAL',
                'data:TEXT_JSON',
                'raw:BLOB',
                'note:TEXT',
              ]);
              expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL").all()).toEqual([{ name: 'items_name_idx' }]);
            } finally {
              db.close();
            }
          }
        }
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('MigrationsFeed.refresh', () => {
  it('answers with a load that started after the call, even while an older load is under way', async () => {
    // The first load reads the history, then is held until a migration has
    // committed: a refresh asked for after that commit must not settle for it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let loads = 0;
    const client: Queryable = {
      query: (async (text: string) => {
        const result = await sql.query(text);
        // Counted: reads of the whole history (a refresh first counts the migrations).
        if (text.includes('array_agg') && ++loads === 1) await held;
        return result;
      }) as Queryable['query'],
    };
    const feed = new MigrationsFeed(() => client);
    const first = feed.refresh();
    while (loads === 0) await new Promise((r) => setTimeout(r, 5));
    await sql.query('CREATE TABLE late (id text PRIMARY KEY)');
    await sql.query("BEGIN; CALL electric.migration_version('20240109_late'); CALL electric.electrify('late'); COMMIT");
    const second = feed.refresh();
    const third = feed.refresh();
    release();
    await first;
    await Promise.all([second, third]);
    expect(feed.knows('20240109_late')).toBe(true);
    expect(loads, 'callers arriving during a load share one more').toBe(2);
  });

  it('reads the history again only when a migration was added', async () => {
    const texts: string[] = [];
    const client: Queryable = {
      query: (async (text: string) => {
        texts.push(text);
        return sql.query(text);
      }) as Queryable['query'],
    };
    const feed = new MigrationsFeed(() => client);
    await feed.refresh();
    const before = feed.latest;
    const translated = feed.after(null, 'sqlite');
    texts.length = 0;
    await feed.refresh();
    await feed.refresh();
    expect(texts.filter((t) => t.includes('array_agg'))).toHaveLength(0);
    expect(feed.after(null, 'sqlite')).toBe(translated); // the translation is kept, not redone
    await sql.query('CREATE TABLE later (id text PRIMARY KEY)');
    await sql.query("BEGIN; CALL electric.migration_version('20240110_later'); CALL electric.electrify('later'); COMMIT");
    await feed.refresh();
    expect(texts.filter((t) => t.includes('array_agg'))).toHaveLength(1);
    expect(feed.latest).toEqual({ version: '20240110_later', count: before.count + 1 });
  });
});
