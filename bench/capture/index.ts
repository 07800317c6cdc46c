/**
 * bench/capture: how fast change capture turns the WAL into transactions,
 * beside the raw limit measured in the same run on the same WAL.
 *
 * The WAL is written first (into Electric's main slot), then each consumer
 * reads all of it from its own copy of that slot:
 *   raw (pg-logical-replication): the library's pgoutput consumer, decoding only
 *   raw (our decoder): the capture stream's connection steps + our pgoutput decoder, decoding only
 *   electric capture: ReplicationStream → TransactionBuilder → TransactionCache
 * Scenarios: 100k single-row transactions; 1k transactions of 100 rows.
 */
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import pg from 'pg';
import os from 'node:os';
import { connectClient, clientConfig } from '../../src/service/postgres/connection.js';
import { bootstrapElectricSchema } from '../../src/service/postgres/bootstrap.js';
import { ReplicationStream } from '../../src/service/replication/stream.js';
import { TransactionCache } from '../../src/service/replication/transaction-cache.js';
import { PgOutputDecoder } from '../../src/service/replication/pgoutput.js';
import type { DatabaseConfig } from '../../src/service/config.js';
import { printTable, startBenchPostgres } from '../support.js';

const MAIN_SLOT = 'bench_capture_main';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Scenario {
  readonly name: string;
  readonly transactions: number;
  readonly rowsPerTransaction: number;
}

const SCENARIOS: Scenario[] = [
  { name: '100k × 1-row transactions', transactions: 100_000, rowsPerTransaction: 1 },
  { name: '1k × 100-row transactions', transactions: 1_000, rowsPerTransaction: 100 },
];

let copyCounter = 0;

async function main(): Promise<void> {
  const postgres = await startBenchPostgres({ max_wal_size: '4GB' });
  const db = postgres.db;
  const admin = await connectClient(db);
  const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  console.log(`bench/capture — Postgres ${version}, ${os.cpus().length} cores, ${RUNS} runs each (best shown)\n`);
  try {
    await bootstrapElectricSchema(admin);
    await admin.query('CREATE TABLE items (id int PRIMARY KEY, name text, amount int, at timestamptz, done boolean)');
    await admin.query("CALL electric.electrify('items')");
    await admin.query(`CREATE PROCEDURE bench_insert(txs int, rows_per_tx int, base int) LANGUAGE plpgsql AS $$
      BEGIN
        FOR t IN 0 .. txs - 1 LOOP
          INSERT INTO items SELECT base + t * rows_per_tx + r, 'name ' || r, r, now(), r % 2 = 0
            FROM generate_series(0, rows_per_tx - 1) AS r;
          COMMIT;
        END LOOP;
      END $$`);

    const results: string[][] = [];
    let base = 0;
    for (const scenario of SCENARIOS) {
      // A fresh main slot per scenario: each consumer reads exactly this WAL.
      await admin.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1`, [MAIN_SLOT]);
      await admin.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [MAIN_SLOT]);
      const t0 = performance.now();
      await admin.query('CALL bench_insert($1, $2, $3)', [scenario.transactions, scenario.rowsPerTransaction, base]);
      base += scenario.transactions * scenario.rowsPerTransaction;
      const writeMs = performance.now() - t0;
      const rows = scenario.transactions * scenario.rowsPerTransaction;

      const best = { library: Infinity, decoder: Infinity, electric: Infinity };
      const consumers: [keyof typeof best, () => Promise<number>][] = [
        ['library', () => timeLibrary(admin, db, scenario.transactions)],
        ['decoder', () => timeDecoderOnly(db, scenario.transactions)],
        ['electric', () => timeElectric(db, scenario.transactions)],
      ];
      // One warm-up read puts the WAL in the page cache; then the order
      // rotates every run so that no consumer always goes first.
      await consumers[0]![1]();
      for (let run = 0; run < RUNS; run++) {
        for (let k = 0; k < consumers.length; k++) {
          const [name, time] = consumers[(run + k) % consumers.length]!;
          best[name] = Math.min(best[name], await time());
        }
      }
      const rate = (ms: number): number => rows / (ms / 1000);
      results.push([
        scenario.name,
        fmt(rate(best.library)),
        fmt(rate(best.decoder)),
        fmt(rate(best.electric)),
        `${((best.library / best.electric) * 100).toFixed(0)}%`,
        `${((best.decoder / best.electric) * 100).toFixed(0)}%`,
      ]);
      console.log(`  (${scenario.name}: WAL written in ${(writeMs / 1000).toFixed(1)} s)`);
    }
    console.log('');
    printTable(
      ['scenario', 'raw: pg-logical-replication', 'raw: our decoder', 'electric capture', 'vs library', 'vs decoder'],
      results,
    );
    console.log('\nrows/s into whole transactions; "vs" = electric rate ÷ raw rate (target ≥ 60% of the library consumer).');
  } finally {
    await admin.end();
    await postgres.stop();
  }
}

/** A permanent copy of the main slot (for consumers on their own connection). */
async function copySlot(admin: pg.Client): Promise<string> {
  const name = `bench_copy_${++copyCounter}`;
  await admin.query('SELECT pg_copy_logical_replication_slot($1, $2, false)', [MAIN_SLOT, name]);
  return name;
}

async function dropSlot(admin: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      await admin.query('SELECT pg_drop_replication_slot($1)', [name]);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100)); // still active for a moment after the consumer left
    }
  }
}

async function timeLibrary(admin: pg.Client, db: DatabaseConfig, expectedTxs: number): Promise<number> {
  const slot = await copySlot(admin);
  const service = new LogicalReplicationService(await clientConfig(db), { acknowledge: { auto: true, timeoutSeconds: 10 } });
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: ['electric_publication'], messages: true });
  let commits = 0;
  const t0 = performance.now();
  const elapsed = await new Promise<number>((resolve, reject) => {
    service.on('data', (_lsn: string, msg: { tag: string }) => {
      if (msg.tag === 'commit' && ++commits === expectedTxs) resolve(performance.now() - t0);
    });
    service.on('error', reject);
    service.subscribe(plugin, slot).catch(reject);
  });
  await service.stop();
  await dropSlot(admin, slot);
  return elapsed;
}

/** The same connection steps as the capture stream (temporary slot copy), decoding only. */
async function timeDecoderOnly(db: DatabaseConfig, expectedTxs: number): Promise<number> {
  const client = new pg.Client({ ...(await clientConfig(db)), replication: 'database' } as pg.ClientConfig);
  await client.connect();
  const temporary = `bench_tmp_${++copyCounter}`;
  const { rows } = await client.query<{ lsn: string }>(
    `SELECT lsn::text AS lsn FROM pg_copy_logical_replication_slot('${MAIN_SLOT}', '${temporary}', true)`,
  );
  const decoder = new PgOutputDecoder();
  let commits = 0;
  const t0 = performance.now();
  const elapsed = await new Promise<number>((resolve, reject) => {
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('copyData', ({ chunk }: { chunk: Buffer }) => {
      if (chunk[0] !== 0x77) return;
      const msg = decoder.decode(chunk.subarray(25));
      if (msg.tag === 'commit' && ++commits === expectedTxs) resolve(performance.now() - t0);
    });
    client
      .query(`START_REPLICATION SLOT ${temporary} LOGICAL ${rows[0]!.lsn} (proto_version '1', publication_names 'electric_publication', messages 'true')`)
      .catch((err: Error) => (commits < expectedTxs ? reject(err) : undefined));
  });
  client.on('error', () => {});
  await client.end().catch(() => {});
  return elapsed;
}

async function timeElectric(db: DatabaseConfig, expectedTxs: number): Promise<number> {
  const stream = new ReplicationStream(db, { main: MAIN_SLOT, temporary: `bench_tmp_${++copyCounter}` });
  let cache: TransactionCache | null = null;
  let seen = 0;
  const t0 = performance.now();
  const elapsed = await new Promise<number>((resolve, reject) => {
    stream.on('transaction', (tx) => {
      cache ??= new TransactionCache({ maxBytes: 256 * 2 ** 20, startLsn: stream.startLsn });
      cache.append(tx);
      if (tx.changes.length > 0 && ++seen === expectedTxs) resolve(performance.now() - t0);
    });
    stream.on('lost', reject);
    stream.start().catch(reject);
  });
  await stream.stop();
  return elapsed;
}

function fmt(rate: number): string {
  return `${Math.round(rate).toLocaleString('en-US')} rows/s`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
