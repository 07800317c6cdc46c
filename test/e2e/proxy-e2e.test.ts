/**
 * The migrations proxy end to end, through the real proxy port and through
 * the real tunnel (`startTunnel` → the service's `/proxy` → the proxy port):
 * psql and pg authenticate and run migration files that are captured with
 * their versions, listed by /api/migrations and streamed to Satellite
 * clients (ours and the official one); large COPYs survive both ways;
 * either end going away closes the other; cancel requests reach Postgres;
 * bad bytes on the proxy port are refused without disturbing anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { unzipSync } from 'fflate';
import { serialize } from 'pg-protocol';
import { startTestPostgres, tempDir, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { officialClient, eventually } from '../support/official-client.js';
import { backendMessages, backendsOf, psql, rawConnection, sha256, startupPacket, type PsqlResult } from '../support/proxy-clients.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import type { ElectricService } from '../../src/service/server.js';
import { startTunnel, type RunningTunnel } from '../../src/tunnel/client.js';
import { freePort, sleep } from '../../src/util/net.js';

const PASSWORD = 'e2e-proxy-secret';

let pgServer: TestPostgres;
let service: ElectricService;
let tunnel: RunningTunnel;
let sql: pg.Client;
let files: string;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  service = await startTestService({ DATABASE_URL: pgServer.url, PG_PROXY_PASSWORD: PASSWORD, PG_PROXY_PORT: `http:${await freePort()}` });
  tunnel = await startTunnel({ serviceUrl: service.httpUrl, localPort: 0 });
  sql = await connectClient(pgServer.db);
  files = await tempDir('electric-proxy-e2e-');
});

afterAll(async () => {
  await tunnel?.close();
  await sql?.end().catch(() => {});
  await service?.stop();
  await pgServer?.stop();
  if (files) await fs.rm(files, { recursive: true, force: true });
});

const proxyPort = (): number => service.proxyAddress!.port;

/** The two ways in: the proxy's own port, and the tunnel's local port. */
const ROUTES = [
  ['the proxy port', () => proxyPort()],
  ['the tunnel', () => tunnel.port],
] as const;

function pgClient(port: number, options: { password?: string; applicationName?: string; user?: string } = {}): pg.Client {
  return new pg.Client({
    host: '127.0.0.1',
    port,
    user: options.user ?? 'postgres',
    password: options.password ?? PASSWORD,
    database: 'electric',
    application_name: options.applicationName,
  });
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

function ended(client: pg.Client): Promise<void> {
  return new Promise((resolve) => client.once('end', () => resolve()));
}

function expectOk(result: PsqlResult): PsqlResult {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/ERROR|FATAL/) });
  return result;
}

async function migrationZip(dialect: 'sqlite' | 'postgresql'): Promise<Map<string, string>> {
  const res = await fetch(`${service.httpUrl}/api/migrations?dialect=${dialect}`);
  expect(res.status).toBe(200);
  const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return new Map(Object.entries(entries).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]));
}

async function satelliteClient(): Promise<TestSatelliteClient> {
  const client = await TestSatelliteClient.connect(`${service.httpUrl.replace('http', 'ws')}/ws`);
  const auth = await client.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'user-1' }), headers: [] });
  expect(auth.error).toBeFalsy();
  await client.answerServerStartReplication();
  const res = await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
  expect(res.error).toBeFalsy();
  return client;
}

/** A CancelRequest for `client`'s backend, on a connection of its own (as libpq and pg send it). */
async function cancelRequest(port: number, client: pg.Client): Promise<void> {
  const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
  const conn = await rawConnection(port);
  conn.socket.end(serialize.cancel(processID, secretKey));
  await conn.closed;
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('psql and pg through the tunnel', () => {
  it('refuses a wrong password with 28P01 (pg and psql)', async () => {
    const err = await failure(pgClient(tunnel.port, { password: 'wrong', user: 'mallory' }).connect());
    expect(err.code).toBe('28P01');
    expect(err.message).toBe('Password authentication failed for user "mallory"');
    const run = await psql(['-c', 'SELECT 1'], { port: tunnel.port, password: 'wrong' }).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Password authentication failed for user "postgres"');
  });

  it('captures a migration file run with psql -f, with its version, and serves it to /api/migrations and Satellite clients', async () => {
    const satellite = await satelliteClient();
    try {
      const file = path.join(files, '0001_items.sql');
      await fs.writeFile(
        file,
        `-- a migration as a developer writes it
BEGIN;
CREATE TABLE items (
  id uuid PRIMARY KEY,
  title text NOT NULL
);
ALTER TABLE items ENABLE ELECTRIC;
ELECTRIC GRANT READ ON items TO AUTHENTICATED;
ALTER TABLE items ADD COLUMN done boolean;
CREATE INDEX items_title ON items (title);
CALL electric.migration_version('0001_items');
COMMIT;
`,
      );
      const grantsBefore = (await sql.query('SELECT count(*)::int AS n FROM electric.ddlx_commands')).rows[0].n as number;
      const run = expectOk(await psql(['-f', file], { port: tunnel.port, password: PASSWORD }).done);
      expect(run.stdout.toString()).toContain('ELECTRIC ENABLE');
      expect(run.stderr).toContain('Migration affecting electrified table "public"."items"');
      expect((await sql.query('SELECT count(*)::int AS n FROM electric.ddlx_commands')).rows[0].n).toBe(grantsBefore + 1);

      // Streamed to a client that was already connected, as one migration transaction.
      const log = await satellite.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.some((op) => op.migrate?.version === '0001_items')));
      const migrates = log.message.ops!.filter((op) => op.migrate).map((op) => op.migrate!);
      expect(log.message.ops!.find((op) => op.begin)?.begin?.isMigration).toBe(true);
      const stmts = migrates.flatMap((m) => m.stmts ?? []).map((s) => s.sql ?? '');
      expect(stmts).toHaveLength(3);
      expect(stmts[0]).toMatch(/^CREATE TABLE "items"/);
      expect(stmts[1]).toMatch(/^ALTER TABLE "items" ADD COLUMN "done" INTEGER/);
      expect(stmts[2]).toMatch(/^CREATE INDEX "items_title" ON "items"/);
      expect(migrates.every((m) => m.version === '0001_items')).toBe(true);

      for (const dialect of ['postgresql', 'sqlite'] as const) {
        const zip = await migrationZip(dialect);
        const text = zip.get('0001_items/migration.sql');
        expect(text, dialect).toBeDefined();
        if (dialect === 'postgresql') {
          expect(text).toMatch(/CREATE TABLE public\.items/i);
          expect(text).toContain('ALTER TABLE items ADD COLUMN done boolean;');
          expect(text).toContain('CREATE INDEX items_title ON items (title);');
        } else {
          expect(text).toContain('WITHOUT ROWID;');
          expect(text).toMatch(/ALTER TABLE "items" ADD COLUMN "done" INTEGER;/);
        }
        expect(JSON.parse(zip.get('0001_items/metadata.json')!)).toMatchObject({ format: 'SatOpMigrate', version: '0001_items' });
      }
    } finally {
      satellite.close();
    }
  });

  it('gives a migration without a version the generated one (psql -1 -f)', async () => {
    const satellite = await satelliteClient();
    try {
      const file = path.join(files, 'tags.sql');
      await fs.writeFile(file, 'CREATE TABLE tags (id uuid PRIMARY KEY, label text);\nALTER TABLE tags ENABLE ELECTRIC;\nCREATE INDEX tags_label ON tags (label);\n');
      expectOk(await psql(['-1', '-f', file], { port: tunnel.port, password: PASSWORD }).done);
      const log = await satellite.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.some((op) => op.migrate?.table?.name === 'tags')));
      const versions = new Set(log.message.ops!.filter((op) => op.migrate).map((op) => op.migrate!.version));
      expect(versions.size).toBe(1);
      const [version] = [...versions];
      expect(version).toMatch(/^\d{14}_\d{3,6}$/);
      const zip = await migrationZip('postgresql');
      expect(zip.get(`${version}/migration.sql`)).toContain('CREATE INDEX tags_label ON tags (label);');
    } finally {
      satellite.close();
    }
  });
});

describe('a migration that seeds rows and then alters the table', () => {
  // The rows written first have trigger events pending at commit (their
  // tags are resolved then); Postgres refuses to alter a table with pending
  // events, so electric.alter_shadow_table resolves them first.
  it('is captured, with the rows and the new column', async () => {
    const file = path.join(files, 'seeded.sql');
    await fs.writeFile(
      file,
      `BEGIN;
CREATE TABLE seeded (id uuid PRIMARY KEY, name text);
ALTER TABLE seeded ENABLE ELECTRIC;
INSERT INTO seeded VALUES ('00000000-0000-4000-8000-000000000001', 'one');
ALTER TABLE seeded ADD COLUMN note text;
UPDATE seeded SET note = 'added';
INSERT INTO seeded VALUES ('00000000-0000-4000-8000-000000000002', 'two', 'later');
COMMIT;
`,
    );
    expectOk(await psql(['-f', file], { port: proxyPort(), password: PASSWORD }).done);
    expect((await sql.query(`SELECT name, note FROM seeded ORDER BY name`)).rows).toEqual([
      { name: 'one', note: 'added' },
      { name: 'two', note: 'later' },
    ]);
    // Both rows carry a tag in their shadow rows.
    const shadows = await sql.query(`SELECT count(*)::int AS n FROM electric.shadow__public__seeded WHERE _tags <> '{}'`);
    expect(shadows.rows[0].n).toBe(2);
  });
});

describe('large COPY in capture mode', () => {
  // ~5 MB of rows, with characters COPY must escape.
  const rows: string[] = [];
  for (let i = 1; i <= 40_000; i++) rows.push(`${i}\t${randomBytes(72).toString('base64')}\\t é ✓\n`);
  const data = Buffer.from(rows.join(''), 'utf8');

  it.each(ROUTES)('copies several MB in and out unchanged through %s', async (_, port) => {
    expect(data.length).toBeGreaterThan(4_000_000);
    await sql.query('DROP TABLE IF EXISTS bulk; CREATE TABLE bulk (id int PRIMARY KEY, payload text)');
    expectOk(await psql(['-c', 'COPY bulk FROM STDIN'], { port: port(), password: PASSWORD, stdin: data }).done);
    expect((await sql.query('SELECT count(*)::int AS n FROM bulk')).rows[0].n).toBe(40_000);
    const out = expectOk(await psql(['-c', 'COPY (SELECT * FROM bulk ORDER BY id) TO STDOUT'], { port: port(), password: PASSWORD }).done);
    expect(out.stdout.length).toBe(data.length);
    expect(sha256(out.stdout)).toBe(sha256(data));
  });
});

describe('large objects (FunctionCall messages) in capture mode', () => {
  it('psql \\lo_import and \\lo_export round-trip a file through the tunnel', async () => {
    const input = path.join(files, 'blob.in');
    const output = path.join(files, 'blob.out');
    const blob = randomBytes(300_000);
    await fs.writeFile(input, blob);
    const imported = expectOk(await psql(['-At', '-c', `\\lo_import ${input}`], { port: tunnel.port, password: PASSWORD, timeoutMs: 10_000 }).done);
    const oid = /lo_import (\d+)/.exec(imported.stdout.toString())?.[1];
    expect(oid).toBeDefined();
    expectOk(await psql(['-At', '-c', `\\lo_export ${oid} ${output}`], { port: tunnel.port, password: PASSWORD, timeoutMs: 10_000 }).done);
    expect(sha256(await fs.readFile(output))).toBe(sha256(blob));
  });
});

describe('back-pressure in capture mode', () => {
  it('a client that does not read holds Postgres back instead of filling the proxy', async () => {
    const conn = await rawConnection(proxyPort());
    try {
      conn.socket.write(startupPacket({ user: 'postgres', database: 'electric', password: PASSWORD, application_name: 'slow-reader' }));
      await waitUntil('the proxy to authenticate', () => conn.received().includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])));
      const before = conn.received().length;
      conn.socket.pause();
      // ~50 MB of output; the kernel's buffers hold a few.
      conn.socket.write(serialize.query(`COPY (SELECT repeat('x', 500) FROM generate_series(1, 100000)) TO STDOUT`));
      const state = async () =>
        (await sql.query<{ state: string; wait_event: string | null }>(`SELECT state, wait_event FROM pg_stat_activity WHERE application_name = 'slow-reader'`)).rows[0];
      await sleep(1500);
      // Postgres waits to write to the proxy, which waits for its client.
      expect(await state()).toEqual({ state: 'active', wait_event: 'ClientWrite' });
      const chunks: Buffer[] = [];
      conn.socket.removeAllListeners('data');
      conn.socket.on('data', (b: Buffer) => chunks.push(b));
      conn.socket.resume();
      await waitUntil('the COPY to end', () => chunks.length > 0 && chunks[chunks.length - 1]!.subarray(-6).equals(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])), 20_000);
      const received = Buffer.concat(chunks).length + conn.received().length - before;
      // 100000 CopyData messages of 5 + 501 bytes, and the framing around them.
      expect(received).toBeGreaterThan(100_000 * 506);
      expect(await state()).toMatchObject({ state: 'idle' });
    } finally {
      conn.socket.destroy();
    }
  });

  it('a COPY into a slow table paces the client through the tunnel instead of filling the proxy', async () => {
    await sql.query(`CREATE TABLE slow_sink (id int, payload text);
      CREATE FUNCTION slow_sink_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$;
      CREATE TRIGGER slow_sink_row BEFORE INSERT ON slow_sink FOR EACH ROW EXECUTE FUNCTION slow_sink_row();`);
    const lines: string[] = [];
    for (let i = 0; i < 2_000; i++) lines.push(`${i}\t${'y'.repeat(10_000)}\n`);
    let paused = false;
    const watch = setInterval(() => {
      if (service.proxyTunnel!.tunnelStats().some((t) => t.webSocketPaused)) paused = true;
    }, 10);
    try {
      const run = psql(['-c', 'COPY slow_sink FROM STDIN'], { port: tunnel.port, password: PASSWORD, stdin: Buffer.from(lines.join('')) });
      expectOk(await run.done);
    } finally {
      clearInterval(watch);
    }
    expect((await sql.query('SELECT count(*)::int AS n FROM slow_sink')).rows[0].n).toBe(2_000);
    // The proxy stopped reading while Postgres caught up, so the tunnel had to wait.
    expect(paused).toBe(true);
  });
});

describe('either end going away closes the other', () => {
  it.each(ROUTES)('a client that disappears takes its Postgres backend with it (%s)', async (_, port) => {
    const name = `vanish-${port()}`;
    const client = pgClient(port(), { applicationName: name });
    await client.connect();
    client.on('error', () => {});
    await client.query('SELECT 1');
    expect(await backendsOf(sql, name)).toHaveLength(1);
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await waitUntil('the backend to go', async () => (await backendsOf(sql, name)).length === 0);
  });

  it.each(ROUTES)('a terminated Postgres backend closes the client (%s)', async (_, port) => {
    const name = `terminated-${port()}`;
    const client = pgClient(port(), { applicationName: name });
    const errors: Error[] = [];
    client.on('error', (err) => errors.push(err));
    await client.connect();
    const [pid] = await backendsOf(sql, name);
    const gone = ended(client);
    await sql.query('SELECT pg_terminate_backend($1)', [pid]);
    await gone;
    expect((errors[0] as Error & { code?: string } | undefined)?.code).toBe('57P01');
  });

  it('a backend terminated in the middle of a captured migration closes the client', async () => {
    await sql.query("CREATE TABLE contended (id uuid PRIMARY KEY); CALL electric.electrify('contended')");
    const name = 'terminated-mid-migration';
    const client = pgClient(tunnel.port, { applicationName: name });
    client.on('error', () => {});
    await client.connect();
    const holder = await pgServer.client(pgServer.db.database);
    try {
      await holder.query('BEGIN; LOCK TABLE contended IN ACCESS EXCLUSIVE MODE');
      const gone = ended(client);
      const blocked = failure(client.query('ALTER TABLE contended ADD COLUMN extra text'));
      await waitUntil('the ALTER to wait for the lock', async () =>
        (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [name])).rowCount === 1,
      );
      await sql.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
      // Postgres' own reason reaches the client, although the proxy was collecting the ALTER's answer.
      expect((await blocked).code).toBe('57P01');
      await gone;
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const columns = await sql.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'contended' AND column_name = 'extra'`);
    expect(columns.rowCount).toBe(0);
  });

  it('stopping the tunnel closes its clients and their backends', async () => {
    const own = await startTunnel({ serviceUrl: service.httpUrl, localPort: 0 });
    const name = 'tunnel-stopped';
    const client = pgClient(own.port, { applicationName: name });
    client.on('error', () => {});
    await client.connect();
    await client.query('SELECT 1');
    const gone = ended(client);
    await own.close();
    await gone;
    await waitUntil('the backend to go', async () => (await backendsOf(sql, name)).length === 0);
  });
});

describe('cancel', () => {
  it.each(ROUTES)('pg cancels a running query through %s (57014)', async (_, port) => {
    const client = pgClient(port());
    await client.connect();
    try {
      const started = Date.now();
      const running = failure(client.query('SELECT pg_sleep(30)'));
      await sleep(300);
      await cancelRequest(port(), client);
      const err = await running;
      expect(err.code).toBe('57014');
      expect(Date.now() - started).toBeLessThan(5000);
      // The session goes on.
      expect((await client.query('SELECT 7 AS n')).rows).toEqual([{ n: 7 }]);
    } finally {
      await client.end();
    }
  });

  it('cancels a migration waiting for a lock: nothing is captured and the session goes on', async () => {
    await sql.query("CREATE TABLE locked (id uuid PRIMARY KEY); CALL electric.electrify('locked')");
    const client = pgClient(tunnel.port);
    await client.connect();
    const holder = await pgServer.client(pgServer.db.database);
    try {
      await holder.query('BEGIN; LOCK TABLE locked IN ACCESS EXCLUSIVE MODE');
      const blocked = failure(client.query("ALTER TABLE locked ADD COLUMN extra text; CALL electric.migration_version('0300_locked')"));
      await waitUntil('the ALTER to wait for the lock', async () =>
        (await sql.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE locked%'`)).rowCount === 1,
      );
      await cancelRequest(tunnel.port, client);
      expect((await blocked).code).toBe('57014');
      await holder.query('COMMIT');
      expect((await sql.query("SELECT 1 FROM electric.migration_versions WHERE version = '0300_locked'")).rowCount).toBe(0);
      await client.query("ALTER TABLE locked ADD COLUMN extra text; CALL electric.migration_version('0300_locked')");
      expect((await sql.query("SELECT 1 FROM electric.migration_versions WHERE version = '0300_locked'")).rowCount).toBe(1);
    } finally {
      await holder.end();
      await client.end();
    }
  });

  it('psql cancels on SIGINT through the tunnel', async () => {
    const started = Date.now();
    const { child, done } = psql(['-c', 'SELECT pg_sleep(30)'], { port: tunnel.port, password: PASSWORD, applicationName: 'psql-sigint' });
    await waitUntil('psql to be running its query', async () => (await backendsOf(sql, 'psql-sigint')).length === 1);
    await sleep(200);
    child.kill('SIGINT');
    const result = await done;
    expect(result.stderr).toContain('canceling statement due to user request');
    expect(Date.now() - started).toBeLessThan(8000);
  });
});

describe('the official client', () => {
  it('receives a migration made through the proxy and syncs the new column both ways', async () => {
    const setup = pgClient(tunnel.port);
    await setup.connect();
    try {
      await setup.query(`
        CREATE TABLE docs (id text PRIMARY KEY, title text);
        ALTER TABLE docs ENABLE ELECTRIC;
        CALL electric.migration_version('0100_docs');`);
      await sql.query("INSERT INTO docs VALUES ('d1', 'first')");
      const client = await officialClient(service.httpUrl);
      try {
        await client.subscribe({ tablename: 'docs' });
        expect(client.rows('SELECT * FROM docs')).toEqual([{ id: 'd1', title: 'first' }]);

        await setup.query(`BEGIN; ALTER TABLE docs ADD COLUMN body text; CALL electric.migration_version('0101_docs_body'); COMMIT;`);
        await eventually(() => client.rows<{ name: string }>('PRAGMA table_info(docs)').map((c) => c.name), (cols) => cols.includes('body'));

        await sql.query("INSERT INTO docs VALUES ('d2', 'second', 'from postgres')");
        await eventually(() => client.rows("SELECT * FROM docs WHERE id = 'd2'"), (r) => r.length === 1);
        expect(client.rows("SELECT * FROM docs WHERE id = 'd2'")).toEqual([{ id: 'd2', title: 'second', body: 'from postgres' }]);

        await client.exec("INSERT INTO docs (id, title, body) VALUES ('d3', 'third', 'from sqlite')");
        await eventually(
          async () => (await sql.query("SELECT id, title, body FROM docs WHERE id = 'd3'")).rows,
          (r) => r.length === 1,
          15_000,
        );
        expect((await sql.query("SELECT body FROM docs WHERE id = 'd3'")).rows).toEqual([{ body: 'from sqlite' }]);
      } finally {
        await client.close();
      }
    } finally {
      await setup.end();
    }
  });
});

describe('bad input on the proxy port', () => {
  /** Sends bytes and returns what the proxy answered before closing. */
  async function answerTo(bytes: Buffer, options: { authenticate?: boolean; endAfter?: boolean; port?: number } = {}): Promise<ReturnType<typeof backendMessages>> {
    const conn = await rawConnection(options.port ?? proxyPort());
    let skip = 0;
    if (options.authenticate) {
      conn.socket.write(startupPacket({ user: 'postgres', database: 'electric', password: PASSWORD, application_name: 'bad-input' }));
      await waitUntil('the proxy to authenticate', () => conn.received().includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x49])));
      skip = conn.received().length;
    }
    conn.socket.write(bytes);
    if (options.endAfter) conn.socket.end();
    const closedInTime = await Promise.race([conn.closed.then(() => true), sleep(5000).then(() => false)]);
    conn.socket.destroy();
    expect(closedInTime).toBe(true);
    return backendMessages(conn.received().subarray(skip));
  }

  const fatal = (code: string) => [{ tag: 'E', fields: expect.objectContaining({ S: 'FATAL', C: code, M: expect.any(String) }) }];

  it('refuses garbage bytes', async () => {
    expect(await answerTo(Buffer.from('GET / HTTP/1.1\r\nHost: example\r\n\r\n'))).toEqual(fatal('08P01'));
    expect(await answerTo(randomBytes(64))).toEqual(fatal('08P01'));
    expect(await answerTo(Buffer.from('GET / HTTP/1.1\r\nHost: example\r\n\r\n'), { port: tunnel.port })).toEqual(fatal('08P01'));
    await waitUntil('the tunnel to close', () => tunnel.connections().length === 0 && service.proxyTunnel!.tunnelCount === 0);
  });

  it('refuses a truncated startup packet', async () => {
    // The announced length ends inside a parameter.
    const cut = Buffer.from('\0\0\0\x12\0\x03\0\0user\0postg', 'latin1');
    expect(await answerTo(cut)).toEqual(fatal('08P01'));
    // Shorter than a protocol version.
    expect(await answerTo(Buffer.from([0, 0, 0, 6, 0, 3]))).toEqual(fatal('08P01'));
    // The client stops sending mid-packet: the proxy lets go of it.
    expect(await answerTo(startupPacket({ user: 'postgres', database: 'electric' }).subarray(0, 12), { endAfter: true })).toEqual([]);
  });

  it('refuses absurd message lengths and unknown message types at once, before and after authentication', async () => {
    const header = (tag: string | null, length: number): Buffer => {
      const b = Buffer.alloc(tag ? 5 : 4);
      if (tag) b.write(tag, 0, 'latin1');
      b.writeUInt32BE(length >>> 0, tag ? 1 : 0);
      return b;
    };
    expect(await answerTo(header(null, 0xffffff00))).toEqual(fatal('08P01'));
    // Postgres refuses startup packets above 10000 bytes; so does the proxy, without waiting for 100 MB.
    expect(await answerTo(header(null, 100 * 1024 * 1024))).toEqual(fatal('08P01'));
    // Before the password is checked, only a password message can come: no 100 MB buffered for a stranger.
    const md5Asked = await answerTo(Buffer.concat([startupPacket({ user: 'postgres', database: 'electric' }), header('p', 100 * 1024 * 1024)]));
    expect(md5Asked[0]).toEqual({ tag: 'R' });
    expect(md5Asked.slice(1)).toEqual(fatal('08P01'));
    expect(await answerTo(header('Q', 0x7ffffff0), { authenticate: true })).toEqual(fatal('08P01'));
    expect(await answerTo(header('Q', 2), { authenticate: true })).toEqual(fatal('08P01'));
    // A message type the protocol does not have, as Postgres refuses it (instead of waiting for a Sync).
    expect(await answerTo(header('Z', 4), { authenticate: true })).toEqual(fatal('08P01'));
    await waitUntil('the backend to go', async () => (await backendsOf(sql, 'bad-input')).length === 0);
  });

  it('goes on serving proxy, tunnel and Satellite clients', async () => {
    for (const [, port] of ROUTES) {
      const client = pgClient(port());
      await client.connect();
      try {
        expect((await client.query('SELECT 6 * 7 AS n')).rows).toEqual([{ n: 42 }]);
      } finally {
        await client.end();
      }
    }
    const satellite = await satelliteClient();
    try {
      const migration = "CREATE TABLE survivors (id uuid PRIMARY KEY); ALTER TABLE survivors ENABLE ELECTRIC; CALL electric.migration_version('0200_survivors')";
      expectOk(await psql(['-c', migration], { port: tunnel.port, password: PASSWORD }).done);
      await satellite.waitFor('SatOpLog', (f) => Boolean(f.message.ops?.some((op) => op.migrate?.version === '0200_survivors')));
    } finally {
      satellite.close();
    }
  });
});
