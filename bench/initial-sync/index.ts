/**
 * bench/initial-sync: how long a fresh client takes to hold a 100k-row shape
 * in SQLite, beside the raw limit measured in the same run: a plain SELECT
 * of the same rows inserted into SQLite (better-sqlite3) in one transaction.
 *
 * The client is the official electric-sql 0.12.1 client (raw mode, no
 * generated schema) on better-sqlite3, so this runs under Node. The service
 * runs as its own process (Bun, as `npm start` runs it; see
 * startServiceProcess), as it would beside real clients; BENCH_IN_PROCESS=1
 * runs it inside this process instead, sharing the client's event loop.
 */
import Database from 'better-sqlite3';
import { electrify } from 'electric-sql/node';
import { DbSchema } from 'electric-sql/client/model';
import { insecureAuthToken } from 'electric-sql/auth';
import os from 'node:os';
import { connectClient } from '../../src/service/postgres/connection.js';
import { loadConfig } from '../../src/service/config.js';
import { ElectricService } from '../../src/service/server.js';
import { benchServiceEnv, startBenchPostgres, startServiceProcess, stopServiceProcess, runMain } from '../support.js';
import { freePort } from '../../src/util/net.js';
import { TestSatelliteClient, unsignedToken } from '../../test/support/satellite-client.js';
import { randomUUID } from 'node:crypto';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function main(): Promise<void> {
  const postgres = await startBenchPostgres();
  const db = postgres.db;
  const sql = await connectClient(db);
  const inProcess = process.env.BENCH_IN_PROCESS === '1';
  const port = await freePort();
  const service = inProcess
    ? await ElectricService.start(loadConfig(await benchServiceEnv(postgres.url, port)))
    : await startServiceProcess(postgres.url, port);
  const serviceUrl = `http://127.0.0.1:${port}`;
  try {
    await sql.query('CREATE TABLE items (id text PRIMARY KEY, title text, amount integer, done boolean, created_at timestamptz)');
    await sql.query("CALL electric.electrify('items')");
    await sql.query(
      `INSERT INTO items SELECT 'item-' || i, 'title ' || i, i, i % 2 = 0, now() FROM generate_series(1, $1) AS i`,
      [ROWS],
    );
    const where = inProcess ? 'in this process' : `as its own process (${process.env.BENCH_SERVICE_RUNTIME === 'node' ? 'Node' : 'Bun'})`;
    console.log(`bench/initial-sync — ${ROWS.toLocaleString('en-US')} rows, ${os.cpus().length} cores, best of ${RUNS}, service ${where}\n`);
    let raw = Infinity;
    let electric = Infinity;
    let wire = Infinity;
    for (let run = 0; run < RUNS; run++) {
      raw = Math.min(raw, await timeRawCopy(db));
      wire = Math.min(wire, await timeWire(serviceUrl));
      electric = Math.min(electric, await timeOfficialClient(serviceUrl));
    }
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s (${Math.round(ROWS / (ms / 1000)).toLocaleString('en-US')} rows/s)`;
    console.log(`raw: SELECT into SQLite, one transaction   ${fmt(raw)}`);
    console.log(`service: subscribe to last data frame       ${fmt(wire)}   (protocol-level client, no SQLite)`);
    console.log(`electric: official client sync() to synced   ${fmt(electric)}`);
    console.log(`ratio: ${(electric / raw).toFixed(2)}× the raw limit (target ≤ 1.5×)`);
  } finally {
    if (service instanceof ElectricService) await service.stop();
    else await stopServiceProcess(service);
    await sql.end();
    await postgres.stop();
  }
}

async function timeRawCopy(db: Parameters<typeof connectClient>[0]): Promise<number> {
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE items (id TEXT PRIMARY KEY, title TEXT, amount INTEGER, done INTEGER, created_at TEXT) WITHOUT ROWID');
  const client = await connectClient(db);
  const t0 = performance.now();
  const { rows } = await client.query<{ id: string; title: string; amount: string; done: string; created_at: string }>({
    text: 'SELECT id, title, amount::text, done::text, created_at::text FROM items',
  });
  const insert = sqlite.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    for (const r of rows) insert.run(r.id, r.title, Number(r.amount), r.done === 'true' ? 1 : 0, r.created_at);
  })();
  const elapsed = performance.now() - t0;
  await client.end();
  sqlite.close();
  return elapsed;
}

/** The service's share: from subscribe to the end of the data, read by a bare protocol client. */
async function timeWire(serviceUrl: string): Promise<number> {
  const client = await TestSatelliteClient.connect(`${serviceUrl.replace('http', 'ws')}/ws`);
  await client.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'bench' }), headers: [] });
  await client.answerServerStartReplication();
  await client.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [] });
  const t0 = performance.now();
  const subscriptionId = randomUUID();
  await client.rpc('subscribe', { subscriptionId, shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'items' }] } }] });
  await client.waitFor('SatSubsDataEnd', () => true, 120_000);
  const elapsed = performance.now() - t0;
  client.close();
  return elapsed;
}

async function timeOfficialClient(serviceUrl: string): Promise<number> {
  const sqlite = new Database(':memory:');
  const electric = await electrify(sqlite, new DbSchema({}, [], []), { url: serviceUrl });
  await electric.connect(insecureAuthToken({ sub: 'bench' }));
  const satellite = (electric as unknown as { satellite: { subscribe(shapes: object[]): Promise<{ synced: Promise<void> }> } }).satellite;
  // Wait for the migrations to create the table before timing the shape.
  for (let i = 0; i < 200 && !sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'items'").get(); i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  const t0 = performance.now();
  const { synced } = await satellite.subscribe([{ tablename: 'items' }]);
  await synced;
  const elapsed = performance.now() - t0;
  const { n } = sqlite.prepare('SELECT count(*) AS n FROM items').get() as { n: number };
  if (n !== ROWS) throw new Error(`the client holds ${n} rows, expected ${ROWS}`);
  await electric.close();
  sqlite.close();
  return elapsed;
}

runMain(main);
