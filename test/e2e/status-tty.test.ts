/**
 * `electric status` for real: the dashboard in a real terminal (tmux, with
 * send-keys and capture-pane) against a running service with a connected
 * client and a subscribed shape; the unreachable-service and bad-token
 * screens; `--json` exit codes (ready, not ready, unreachable) and
 * `--json --watch`. The CLI runs as its own process under Bun.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService, testConfig, testLogger } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import { run } from '../support/process.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { ElectricService } from '../../src/service/server.js';
import { freePort } from '../../src/util/net.js';

const BUN = path.resolve('node_modules/.bin/bun');
const CLI = path.resolve('src/cli.ts');
/** A tmux server of our own, so that nobody else's sessions are touched. */
const TMUX_SOCKET = `electric-status-test-${process.pid}`;

let pgServer: TestPostgres;
let service: ElectricService;
let sql: pg.Client;
let client: TestSatelliteClient;
let db: Awaited<ReturnType<TestPostgres['createDatabase']>>;
const clientId = randomUUID();

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-u', '-L', TMUX_SOCKET, ...args], { encoding: 'utf8' });
}

/**
 * Runs `electric status ARGS` in a fresh 120×30 terminal; the shell says how it exited.
 * With CI=true set, as CI runners do: Ink alone would draw no frame but the last one.
 */
function openTerminal(name: string, args: string[]): void {
  const command = ['env', 'CI=true', BUN, CLI, 'status', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '30', `${command}; echo "exit code $?"; sleep 600`);
}

function screen(name: string): string {
  return tmux('capture-pane', '-p', '-t', name);
}

async function waitForScreen(name: string, check: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = screen(name);
    if (check(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`screen never matched; last screen:\n${text}`);
}

beforeAll(async () => {
  // tmux must be there (CI installs it): fail, do not skip, when it is not.
  execFileSync('tmux', ['-V']);
  pgServer = await startTestPostgres();
  db = await pgServer.createDatabase('status_tty');
  sql = await connectClient(db);
  service = await startTestService({ DATABASE_URL: db.url });
  await sql.query('CREATE TABLE items (id text PRIMARY KEY, value text)');
  await sql.query("BEGIN; CALL electric.migration_version('20240101_items'); CALL electric.electrify('items'); COMMIT");
  await sql.query("INSERT INTO items VALUES ('a1', 'a'), ('a2', 'a'), ('b1', 'b')");
  client = await TestSatelliteClient.connect(`${service.httpUrl.replace('http', 'ws')}/ws`);
  await client.rpc('authenticate', { id: clientId, token: unsignedToken({ sub: 'alice' }), headers: [] });
  await client.answerServerStartReplication();
  await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
  await client.rpc('subscribe', {
    subscriptionId: randomUUID(),
    shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'items', where: "this.value = 'a'" }] } }],
  });
  await client.waitFor('SatSubsDataEnd');
}, 120_000);

afterAll(async () => {
  try {
    tmux('kill-server');
  } catch {
    // no server was started
  }
  client?.close();
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

describe('the dashboard in a terminal', () => {
  it('shows the connected client and its shape, switches tables, and exits 0 on q', async () => {
    openTerminal('live', ['--service', service.httpUrl]);
    const text = await waitForScreen('live', (t) => t.includes(clientId) && /public\.items +this\.value = 'a' +1 +2/.test(t));
    expect(text).toContain(`electric status · ${service.httpUrl}`);
    expect(text).toMatch(/Postgres ready \d+/);
    expect(text).toMatch(new RegExp(`${clientId} +alice +\\d+s +\\S+ +0/30`));
    expect(text).toContain('▸ Clients (1)');
    // A write that enters the shape: the row count follows.
    await sql.query("INSERT INTO items VALUES ('a3', 'a')");
    await waitForScreen('live', (t) => /public\.items +this\.value = 'a' +1 +3/.test(t));
    tmux('send-keys', '-t', 'live', 'Tab');
    await waitForScreen('live', (t) => t.includes('▸ Shapes (1)'));
    // Narrowed, the screen becomes a plain list within the new width; widened, tables again.
    tmux('resize-window', '-t', 'live', '-x', '50', '-y', '20');
    const narrow = await waitForScreen('live', (t) => t.includes('clients (1):'));
    expect(narrow).toContain(`- alice ${clientId.slice(0, 20)}`);
    expect(narrow).toContain("- public.items this.value = 'a' · 1 subs · 3 rows");
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    tmux('resize-window', '-t', 'live', '-x', '120', '-y', '30');
    await waitForScreen('live', (t) => t.includes('▸ Shapes (1)') && t.includes('CLIENT'));
    tmux('send-keys', '-t', 'live', 'q');
    await waitForScreen('live', (t) => t.includes('exit code 0'));
  });

  it('says so when the service cannot be reached, keeps trying, and exits 0 on q', async () => {
    const port = await freePort();
    openTerminal('unreachable', ['--service', `http://127.0.0.1:${port}`]);
    const text = await waitForScreen('unreachable', (t) => t.includes('Cannot reach the service') && t.includes('attempt 2'));
    expect(text).toContain(`electric status · http://127.0.0.1:${port}`);
    expect(text).toContain('ECONNREFUSED');
    tmux('send-keys', '-t', 'unreachable', 'q');
    await waitForScreen('unreachable', (t) => t.includes('exit code 0'));
  });

  it('says so when the service refuses the token, showing the public status', async () => {
    const secure = await startTestService({
      DATABASE_URL: db.url,
      AUTH_MODE: 'secure',
      AUTH_JWT_ALG: 'HS256',
      AUTH_JWT_KEY: 'status-tty-secret-key-of-32-bytes!!!',
      ELECTRIC_STATUS_USERS: 'ops',
    });
    try {
      openTerminal('refused', ['--service', secure.httpUrl, '--token', unsignedToken({ sub: 'ops' })]);
      const text = await waitForScreen('refused', (t) => t.includes('Detailed figures refused (HTTP 401)'));
      expect(text).toContain('Authentication failed');
      expect(text).toMatch(/v\d+\.\d+\.\d+ · up \d+s · ready/);
      tmux('send-keys', '-t', 'refused', 'q');
      await waitForScreen('refused', (t) => t.includes('exit code 0'));
    } finally {
      await secure.stop();
    }
  });
});

describe('--json for scripts', () => {
  const status = (args: string[]) => run(BUN, [CLI, 'status', '--json', ...args], { timeoutMs: 30_000 });

  it('exits 0 with the figures when the service is ready', async () => {
    const { code, stdout } = await status(['--service', service.httpUrl]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ service: service.httpUrl, status: 'ready', clients: [{ clientId, userId: 'alice' }] });
    expect(doc.shapes).toEqual([expect.objectContaining({ table: 'public.items', where: "this.value = 'a'", subscribers: 1 })]);
  });

  it('exits 1 when the service is up but not ready', async () => {
    // Postgres that is not there: the service retries and answers 503 meanwhile.
    const config = await testConfig({ DATABASE_URL: `postgresql://postgres:pw@127.0.0.1:${await freePort()}/nowhere` });
    const starting = new ElectricService(config, { logger: testLogger() });
    const started = starting.start().catch(() => undefined);
    try {
      // The HTTP listener comes first; Postgres then never answers.
      const listening = async (): Promise<string> => {
        for (;;) {
          try {
            return starting.httpUrl;
          } catch {
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      };
      const { code, stdout } = await status(['--service', await listening()]);
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ status: 'initialization', postgres: { connected: false, lastError: expect.stringContaining('ECONNREFUSED') } });
    } finally {
      await starting.stop();
      await started;
    }
  });

  it('exits 2 when the service is unreachable', async () => {
    const { code, stdout } = await status(['--service', `http://127.0.0.1:${await freePort()}`]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'unreachable', error: expect.stringContaining('ECONNREFUSED') });
  });

  it('with --watch prints one line per interval until interrupted', async () => {
    const child = spawn(BUN, [CLI, 'status', '--json', '--watch', '--service', service.httpUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (out.split('\n').filter(Boolean).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const docs = lines.map((l) => JSON.parse(l) as { at: string; status: string });
    for (const d of docs) expect(d.status).toBe('ready');
    // About a second apart.
    const gaps = docs.slice(1).map((d, i) => Date.parse(d.at) - Date.parse(docs[i]!.at));
    for (const gap of gaps) expect(gap).toBeGreaterThan(700);
  });
});
