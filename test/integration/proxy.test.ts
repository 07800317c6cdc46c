/**
 * The migrations proxy against a real Postgres and a real service: `pg` and
 * `psql` connect through it; migrations are captured with their versions;
 * refused DDL gets its EX0xx code and leaves the session usable; DDLX runs
 * inside migrations; framework versions (Prisma, extended protocol) name
 * the migration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import type { ElectricService } from '../../src/service/server.js';
import type { DatabaseConfig } from '../../src/service/config.js';
import { serialize } from 'pg-protocol';
import { connectClient } from '../../src/service/postgres/connection.js';
import { backendMessages, rawConnection, startupPacket, type BackendMessageSummary } from '../support/proxy-clients.js';

const PASSWORD = 'proxy-password';

let pgServer: TestPostgres;
let db: DatabaseConfig & { url: string };
let service: ElectricService;
let direct: pg.Client;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  db = await pgServer.createDatabase('proxy_test');
  service = await startTestService({ DATABASE_URL: db.url, PG_PROXY_PASSWORD: PASSWORD, ELECTRIC_FEATURES: 'proxy_ddlx_sqlite=true' });
  direct = await connectClient(db);
});

afterAll(async () => {
  await direct?.end().catch(() => {});
  await service?.stop();
  await pgServer?.stop();
});

function proxyClient(options: { user?: string; password?: string; database?: string } = {}): pg.Client {
  return new pg.Client({
    host: '127.0.0.1',
    port: service.proxyAddress!.port,
    user: options.user ?? 'postgres',
    password: options.password ?? PASSWORD,
    database: options.database ?? 'whatever',
  });
}

async function withProxy<T>(fn: (c: pg.Client) => Promise<T>, options?: Parameters<typeof proxyClient>[0]): Promise<T> {
  const c = proxyClient(options);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

async function failure(promise: Promise<unknown>): Promise<pg.DatabaseError> {
  try {
    await promise;
  } catch (err) {
    return err as pg.DatabaseError;
  }
  throw new Error('expected a failure');
}

async function migrations(): Promise<{ version: string; ddl: string[] }[]> {
  const { rows } = await direct.query<{ version: string; ddl: string[] }>(`
    SELECT v.version, array_agg(d.query ORDER BY d.id) AS ddl
      FROM electric.migration_versions v JOIN electric.ddl_commands d ON d.txid = v.txid AND d.txts = v.txts
     GROUP BY v.version, v.txid, v.txts ORDER BY min(d.id)`);
  return rows;
}

describe('connecting', () => {
  it('accepts the proxy password for any user (MD5) and relays queries', async () => {
    const rows = await withProxy(async (c) => {
      // The service's metrics count the connection.
      expect(service.proxyConnections.value).toBe(1);
      return (await c.query('SELECT current_database() AS db, 1 + 1 AS two')).rows;
    });
    expect(rows).toEqual([{ db: 'proxy_test', two: 2 }]);
  });

  it('refuses a wrong password with 28P01', async () => {
    const c = proxyClient({ password: 'nope', user: 'alice' });
    const err = await failure(c.connect());
    expect(err.code).toBe('28P01');
    expect(err.message).toBe('Password authentication failed for user "alice"');
  });

  it('works for psql (the service runs in this process: psql must not block it)', async () => {
    const { stdout } = await promisify(execFile)(
      'psql',
      ['-h', '127.0.0.1', '-p', String(service.proxyAddress!.port), '-U', 'postgres', '-d', 'electric', '-At', '-c', 'SELECT 40 + 2'],
      { env: { ...process.env, PGPASSWORD: PASSWORD, PGSSLMODE: 'prefer' }, timeout: 20_000 },
    );
    expect(stdout.trim()).toBe('42');
  });

  it('answers messages sent before the session is ready (capture and pass-through)', async () => {
    for (const user of ['postgres', 'transparent']) {
      const conn = await rawConnection(service.proxyAddress!.port);
      try {
        conn.socket.write(startupPacket({ user, database: 'electric', password: PASSWORD }));
        // While the proxy is still connecting to Postgres.
        await new Promise((resolve) => setTimeout(resolve, 5));
        conn.socket.write(serialize.query('SELECT 1'));
        const answered = () => backendMessages(conn.received()).filter((m) => m.tag === 'Z').length === 2;
        for (let i = 0; i < 100 && !answered(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(backendMessages(conn.received()).map((m) => m.tag).filter((t) => t !== 'S')).toEqual(['R', 'K', 'Z', 'T', 'D', 'C', 'Z']);
      } finally {
        conn.socket.destroy();
      }
    }
  });
});

describe('capture', () => {
  it('captures a migration that creates, electrifies, alters and indexes a table, in one version', async () => {
    const before = (await migrations()).length;
    const notices: string[] = [];
    await withProxy(async (c) => {
      c.on('notice', (n) => notices.push(n.message ?? ''));
      await c.query(`
        CREATE TABLE items (id uuid PRIMARY KEY, title text NOT NULL);
        ALTER TABLE items ENABLE ELECTRIC;
        ALTER TABLE items ADD COLUMN done boolean;
        CREATE INDEX items_title ON items (title);
        CALL electric.migration_version('0001_items');
      `);
    });
    const all = await migrations();
    expect(all).toHaveLength(before + 1);
    const m = all[all.length - 1]!;
    expect(m.version).toBe('0001_items');
    expect(m.ddl[0]).toMatch(/CREATE TABLE public\.items/i);
    expect(m.ddl).toContain('ALTER TABLE items ADD COLUMN done boolean');
    expect(m.ddl).toContain('CREATE INDEX items_title ON items (title)');
    expect(notices).toContain('Migration affecting electrified table "public"."items"');
    const shadow = await direct.query(`SELECT 1 FROM pg_attribute WHERE attrelid = 'electric.shadow__public__items'::regclass AND attname = '__reordered_done'`);
    expect(shadow.rowCount).toBe(1);
  });

  it('refuses each forbidden ALTER with its code and keeps the session usable', async () => {
    await direct.query('CREATE TABLE refusals (id uuid PRIMARY KEY, a text, b int4); CALL electric.electrify(\'refusals\')');
    const cases: [string, string][] = [
      ['ALTER TABLE refusals DROP COLUMN a', 'EX010'],
      ['ALTER TABLE refusals ALTER COLUMN b TYPE int8', 'EX009'],
      ['ALTER TABLE refusals ALTER COLUMN a SET DEFAULT \'x\'', 'EX007'],
      ['ALTER TABLE refusals ADD COLUMN c text DEFAULT \'x\'', 'EX006'],
      ['ALTER TABLE refusals ADD COLUMN c text UNIQUE', 'EX011'],
      ['ALTER TABLE refusals ADD COLUMN c numeric', 'EX005'],
      ['ALTER TABLE refusals RENAME TO other', 'EX002'],
      ['ALTER TABLE refusals RENAME COLUMN a TO z', 'EX008'],
      ['DROP TABLE refusals', 'EX004'],
      ['ALTER TABLE refusals DISABLE ELECTRIC', 'EX001'],
    ];
    await withProxy(async (c) => {
      for (const [sql, code] of cases) {
        const err = await failure(c.query(sql));
        expect([sql, err.code]).toEqual([sql, code]);
        // The session goes on.
        expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      }
      // Inside an explicit transaction: the refusal fails the transaction.
      await c.query('BEGIN');
      await failure(c.query('ALTER TABLE refusals DROP COLUMN a'));
      const aborted = await failure(c.query('SELECT 1'));
      expect(aborted.code).toBe('25P02');
      await c.query('ROLLBACK');
      expect((await c.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    });
    const cols = await direct.query(`SELECT attname FROM pg_attribute WHERE attrelid = 'refusals'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`);
    expect(cols.rows.map((r) => r.attname)).toEqual(['id', 'a', 'b']);
  });

  it('runs CREATE INDEX CONCURRENTLY on a table that is not electrified (outside any transaction, as Postgres needs), and refuses it on an electrified one', async () => {
    await direct.query("CREATE TABLE plain_things (id int PRIMARY KEY, name text); CREATE TABLE concurrent_e (id uuid PRIMARY KEY, a text); CALL electric.electrify('concurrent_e')");
    await withProxy(async (c) => {
      await c.query('CREATE INDEX CONCURRENTLY plain_things_name ON plain_things (name)');
      const err = await failure(c.query('CREATE INDEX CONCURRENTLY concurrent_e_a ON concurrent_e (a)'));
      expect(err.code).toBe('EX000');
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
    const { rows } = await direct.query("SELECT indexname FROM pg_indexes WHERE tablename IN ('plain_things', 'concurrent_e') ORDER BY indexname");
    expect(rows.map((r) => r.indexname)).toEqual(['concurrent_e_pkey', 'plain_things_name', 'plain_things_pkey']);
  });

  it('rolls back the whole multi-statement migration when one statement is refused', async () => {
    await direct.query('CREATE TABLE atomic (id uuid PRIMARY KEY); CALL electric.electrify(\'atomic\')');
    const before = (await migrations()).length;
    await withProxy(async (c) => {
      const err = await failure(c.query('CREATE TABLE atomic_side (id int PRIMARY KEY); ALTER TABLE atomic ADD COLUMN x text; ALTER TABLE atomic DROP COLUMN x'));
      expect(err.code).toBe('EX010');
    });
    expect((await direct.query(`SELECT to_regclass('atomic_side') AS r`)).rows[0].r).toBeNull();
    expect(await migrations()).toHaveLength(before);
  });

  it('names the migration after a Prisma migration recorded in the same transaction (extended protocol)', async () => {
    await direct.query(`CREATE TABLE IF NOT EXISTS _prisma_migrations (
      id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL,
      logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count int NOT NULL DEFAULT 0)`);
    await withProxy(async (c) => {
      await c.query('BEGIN');
      await c.query('CREATE TABLE prisma_made (id text PRIMARY KEY, note text)');
      await c.query('ALTER TABLE prisma_made ENABLE ELECTRIC');
      await c.query('INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())', ['m1', 'abc', '20240101000000_init']);
      await c.query('COMMIT');
    });
    const all = await migrations();
    expect(all[all.length - 1]!.version).toBe('20240101000000_init');
  });

  it('runs DDLX grants inside a migration and stores them', async () => {
    await withProxy(async (c) => {
      await c.query(`
        CREATE TABLE projects (id uuid PRIMARY KEY, owner_id text NOT NULL);
        ALTER TABLE projects ENABLE ELECTRIC;
        ELECTRIC GRANT READ ON projects TO AUTHENTICATED;
        ELECTRIC ASSIGN 'owner' TO projects.owner_id;
      `);
      const err = await failure(c.query('ELECTRIC GRANT READ ON projects TO AUTHENTICATED WHERE (id = '));
      expect(err.code).toBe('42601');
      expect(Number(err.position)).toBeGreaterThan(0);
      const missing = await failure(c.query('ELECTRIC GRANT READ ON nowhere TO ANYONE'));
      expect(missing.code).toBe('42P01');
      const tag = await c.query('ELECTRIC SQLITE \'CREATE INDEX x ON projects (owner_id)\'');
      expect(tag.command).toBe('ELECTRIC');
    });
    const { rows } = await direct.query('SELECT count(*)::int AS n FROM electric.ddlx_commands');
    expect(rows[0].n).toBe(3);
  });

  it('answers DDLX in the extended protocol itself (it never reaches Postgres)', async () => {
    await withProxy(async (c) => {
      await c.query('CREATE TABLE ext_proto (id uuid PRIMARY KEY, v text)');
      const enabled = await c.query({ name: 'enable_ext', text: 'ALTER TABLE ext_proto ENABLE ELECTRIC' });
      expect(enabled.command).toBe('ELECTRIC');
      const bad = await failure(c.query({ name: 'bad_ddlx', text: 'ELECTRIC GRANT READ ON ext_proto TO' }));
      expect(bad.code).toBe('42601');
      expect(Number(bad.position)).toBe('ELECTRIC GRANT READ ON ext_proto TO'.length + 1);
      // The refused Parse created no statement: the name takes a corrected one.
      const fixed = await c.query({ name: 'bad_ddlx', text: 'ELECTRIC GRANT READ ON ext_proto TO AUTHENTICATED' });
      expect(fixed.command).toBe('ELECTRIC');
      // A plain prepared statement afterwards still works.
      expect((await c.query({ name: 'after', text: 'SELECT $1::int + 1 AS n', values: [41] })).rows).toEqual([{ n: 42 }]);
    });
    const { rows } = await direct.query(`SELECT count(*)::int AS n FROM electric.electrified WHERE table_name = 'ext_proto'`);
    expect(rows[0].n).toBe(1);
  });

  it('passes the transparent user and Prisma shadow databases through untouched', async () => {
    await direct.query('CREATE TABLE passthrough (id uuid PRIMARY KEY, a text); CALL electric.electrify(\'passthrough\')');
    await withProxy(async (c) => {
      // Not checked: transparent mode is for debugging.
      await c.query('ALTER TABLE passthrough ADD COLUMN b text');
    }, { user: 'transparent' });
    await direct.query('CREATE DATABASE prisma_migrate_shadow_db_1');
    await withProxy(async (c) => {
      expect((await c.query('SELECT current_database() AS d')).rows[0].d).toBe('prisma_migrate_shadow_db_1');
      await c.query('CREATE TABLE t (id int PRIMARY KEY); ALTER TABLE t DROP COLUMN id');
    }, { database: 'prisma_migrate_shadow_db_1' });
  });
});

describe('a huge seed file', () => {
  it('is planned without stalling the service: /api/status answers while 8 MB of INSERTs go through, and every row arrives', async () => {
    await direct.query('CREATE TABLE seed_rows (id int PRIMARY KEY, note text)');
    const statements: string[] = [];
    let rows = 0;
    for (let size = 0; size < 8 * 1024 * 1024; ) {
      const values: string[] = [];
      for (let i = 0; i < 50; i++, rows++) values.push(`(${rows}, 'seed row ${rows}; a note long enough to weigh something')`);
      const statement = `INSERT INTO seed_rows (id, note) VALUES ${values.join(', ')};\n`;
      statements.push(statement);
      size += statement.length;
    }
    // The longest time between two answers, waits for the event loop included.
    let longest = 0;
    let answered = 0;
    let seeding = true;
    const poll = (async () => {
      let last = performance.now();
      while (seeding) {
        const res = await fetch(`${service.httpUrl}/api/status`);
        await res.arrayBuffer();
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        answered++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await withProxy(async (c) => {
      await c.query(statements.join(''));
    }).finally(() => (seeding = false));
    await poll;
    expect((await direct.query('SELECT count(*)::int AS n FROM seed_rows')).rows[0].n).toBe(rows);
    expect(answered).toBeGreaterThan(5);
    // Planning the file in one call blocks for about 2 s here; a slice takes a few ms (generous for a loaded machine).
    expect(longest).toBeLessThan(400);
  }, 60_000);
});

/** A capture-mode session on a raw socket: extended-protocol messages exactly as sent. */
async function rawSession() {
  const conn = await rawConnection(service.proxyAddress!.port);
  let seen = 0;
  const messages = () => backendMessages(conn.received()).filter((m) => m.tag !== 'S');
  /** The messages after those already taken, once `done` says they are all there. */
  const take = async (done: (ms: BackendMessageSummary[]) => boolean): Promise<BackendMessageSummary[]> => {
    for (let i = 0; i < 200; i++) {
      const fresh = messages().slice(seen);
      if (done(fresh)) {
        seen += fresh.length;
        return fresh;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out; got ${JSON.stringify(messages().slice(seen))}`);
  };
  const upTo = (tag: string) => (ms: BackendMessageSummary[]) => ms.some((m) => m.tag === tag);
  conn.socket.write(startupPacket({ user: 'postgres', database: 'electric', password: PASSWORD }));
  await take(upTo('Z'));
  return {
    send: (...frames: Buffer[]) => conn.socket.write(Buffer.concat(frames)),
    take,
    upTo,
    /** Waits a little and returns whatever came (nothing, when Postgres ignores what was sent). */
    quiet: async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return take(() => true);
    },
    close: () => conn.socket.destroy(),
  };
}

const run = (text: string, name = '') => [
  serialize.parse({ name, text }),
  serialize.bind({ statement: name }),
  serialize.execute({}),
];
const tags = (ms: BackendMessageSummary[]) => ms.map((m) => (m.tag === 'C' || m.tag === 'Z' ? `${m.tag}:${m.text}` : m.tag === 'E' ? `E:${m.fields!.C}` : m.tag));

describe('pipelined queries', () => {
  it('answers a checked statement queued behind a failing one with 25P02, as Postgres would, never a silent success', async () => {
    await direct.query("CREATE TABLE piped (id uuid PRIMARY KEY, a text); CALL electric.electrify('piped')");
    const s = await rawSession();
    s.send(serialize.query('BEGIN; SELECT 1/0'), serialize.query('ALTER TABLE piped ADD COLUMN b text'), serialize.query('ROLLBACK'));
    const first = await s.take((ms) => ms.filter((m) => m.tag === 'Z').length === 3);
    const answers = tags(first);
    // The ALTER's answer is an error (before its ReadyForQuery), not an empty success.
    const secondStart = answers.indexOf(answers.find((t) => t.startsWith('Z:'))!) + 1;
    expect(answers.slice(secondStart, secondStart + 2)).toEqual(['E:25P02', 'Z:E']);
    s.close();
    const { rows } = await direct.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'piped' AND column_name = 'b'");
    expect(rows[0].n).toBe(0);
  });
});

describe('extended protocol ending in Flush', () => {
  it('runs DDLX and captures DDL on electrified tables sent with Flush, in one transaction up to the Sync', async () => {
    await direct.query('CREATE TABLE flush_t (id uuid PRIMARY KEY, a text)');
    const s = await rawSession();
    try {
      s.send(...run('ALTER TABLE flush_t ENABLE ELECTRIC'), serialize.flush());
      expect(tags(await s.take(s.upTo('C')))).toEqual(['1', '2', 'C:ELECTRIC ENABLE']);
      s.send(...run('ALTER TABLE flush_t ADD COLUMN b text'), serialize.flush());
      expect(tags(await s.take(s.upTo('C')))).toEqual(['1', '2', 'N', 'C:ALTER TABLE']);
      // Not committed before the Sync, as Postgres' implicit transaction.
      expect((await direct.query(`SELECT count(*)::int AS n FROM electric.electrified WHERE table_name = 'flush_t'`)).rows[0].n).toBe(0);
      s.send(serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['Z:I']);
    } finally {
      s.close();
    }
    expect((await direct.query(`SELECT count(*)::int AS n FROM electric.electrified WHERE table_name = 'flush_t'`)).rows[0].n).toBe(1);
    expect((await migrations()).flatMap((m) => m.ddl)).toContain('ALTER TABLE flush_t ADD COLUMN b text');
  });

  it('refuses DDL on an electrified table sent with Flush, then ignores everything up to the Sync, as Postgres', async () => {
    await direct.query(`CREATE TABLE flush_r (id uuid PRIMARY KEY, a text); CALL electric.electrify('flush_r')`);
    const s = await rawSession();
    try {
      s.send(...run('ALTER TABLE flush_r DROP COLUMN a'), serialize.flush());
      expect(tags(await s.take(s.upTo('E')))).toEqual(['1', '2', 'E:EX010']);
      s.send(...run('CREATE TABLE flush_ignored (id int)'), serialize.flush());
      s.send(serialize.query('CREATE TABLE flush_ignored_too (id int)'));
      expect(await s.quiet()).toEqual([]);
      s.send(serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['Z:I']);
      s.send(serialize.query('SELECT 1'));
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['T', 'D', 'C:SELECT 1', 'Z:I']);
    } finally {
      s.close();
    }
    const { rows } = await direct.query(`SELECT to_regclass('flush_ignored') AS a, to_regclass('flush_ignored_too') AS b,
      (SELECT count(*)::int FROM pg_attribute WHERE attrelid = 'flush_r'::regclass AND attname = 'a' AND NOT attisdropped) AS kept`);
    expect(rows[0]).toEqual({ a: null, b: null, kept: 1 });
  });

  it('a stretch relayed before a checked one joins its transaction; after a failed one Postgres ignores the rest', async () => {
    const s = await rawSession();
    try {
      s.send(...run('CREATE TABLE flush_pre (id uuid PRIMARY KEY)'), serialize.flush());
      expect(tags(await s.take(s.upTo('C')))).toEqual(['1', '2', 'C:CREATE TABLE']);
      s.send(...run('ALTER TABLE flush_pre ENABLE ELECTRIC'), serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['1', '2', 'C:ELECTRIC ENABLE', 'Z:I']);
      const grants = async () => (await direct.query('SELECT count(*)::int AS n FROM electric.ddlx_commands')).rows[0].n;
      const before = await grants();
      s.send(...run('SELECT 1/0'), serialize.flush());
      // (1/0 is folded when the plan is made: Bind fails.)
      expect(tags(await s.take(s.upTo('E')))).toEqual(['1', 'E:22012']);
      s.send(...run('ELECTRIC GRANT READ ON flush_pre TO ANYONE'), serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['Z:I']);
      expect(await grants()).toBe(before);
      // The client's own BEGIN in a relayed stretch stays the client's.
      s.send(...run('BEGIN'), serialize.flush());
      expect(tags(await s.take(s.upTo('C')))).toEqual(['1', '2', 'C:BEGIN']);
      s.send(...run('ELECTRIC GRANT READ ON flush_pre TO ANYONE'), serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['1', '2', 'C:ELECTRIC GRANT', 'Z:T']);
      s.send(serialize.query('ROLLBACK'));
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['C:ROLLBACK', 'Z:I']);
      expect(await grants()).toBe(before);
    } finally {
      s.close();
    }
    expect((await direct.query(`SELECT count(*)::int AS n FROM electric.electrified WHERE table_name = 'flush_pre'`)).rows[0].n).toBe(1);
  });
});

describe('prepared statements and portals', () => {
  const records = () => service.proxy!.trackedRecords()[0]!;

  it('forgets portals when their transaction ends and statements on DEALLOCATE and DISCARD ALL', async () => {
    await withProxy(async (c) => {
      for (let i = 0; i < 200; i++) await c.query({ name: `s${i}`, text: 'SELECT $1::int AS n', values: [i] });
      expect(records()).toEqual({ statements: 200, portals: 0 });
      await c.query('DEALLOCATE s0');
      expect(records().statements).toBe(199);
      // A DEALLOCATE that does not run forgets nothing.
      await c.query('BEGIN');
      await failure(c.query('SELECT 1/0'));
      await failure(c.query('DEALLOCATE s1'));
      await c.query('ROLLBACK');
      expect(records().statements).toBe(199);
      await c.query('DEALLOCATE ALL');
      expect(records()).toEqual({ statements: 0, portals: 0 });
      for (let i = 0; i < 10; i++) await c.query({ name: `d${i}`, text: 'SELECT 1' });
      await c.query('DISCARD ALL');
      expect(records().statements).toBe(0);
    });
    const s = await rawSession();
    try {
      s.send(serialize.query('BEGIN'));
      await s.take(s.upTo('Z'));
      for (let i = 0; i < 50; i++) {
        s.send(serialize.parse({ name: `p${i}`, text: 'SELECT 1' }), serialize.bind({ statement: `p${i}`, portal: `portal${i}` }), serialize.sync());
      }
      await s.take((ms) => ms.filter((m) => m.tag === 'Z').length === 50);
      expect(records()).toEqual({ statements: 50, portals: 50 });
      s.send(...run('COMMIT'), serialize.sync());
      await s.take(s.upTo('Z'));
      // The 50 named statements and the unnamed one of the COMMIT.
      expect(records()).toEqual({ statements: 51, portals: 0 });
    } finally {
      s.close();
    }
  });

  it('keeps the statement Postgres keeps when a Parse reuses its name', async () => {
    await direct.query(`CREATE TABLE reuse_t (id uuid PRIMARY KEY, a text); CALL electric.electrify('reuse_t')`);
    const s = await rawSession();
    try {
      s.send(serialize.parse({ name: 'dup', text: 'ALTER TABLE reuse_t DROP COLUMN a' }), serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['1', 'Z:I']);
      s.send(serialize.parse({ name: 'dup', text: 'SELECT 1' }), serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['E:42P05', 'Z:I']);
      s.send(serialize.bind({ statement: 'dup' }), serialize.execute({}), serialize.sync());
      expect(tags(await s.take(s.upTo('Z')))).toEqual(['2', 'E:EX010', 'Z:I']);
    } finally {
      s.close();
    }
    const { rows } = await direct.query(`SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'reuse_t'::regclass AND attname = 'a' AND NOT attisdropped`);
    expect(rows[0].n).toBe(1);
  });
});
