/**
 * Randomized convergence: three official electric-sql 0.12.1 clients and
 * Postgres itself write random inserts, updates and deletes on a few rows,
 * while clients drop offline and come back and the service restarts once.
 * Once everyone is connected and quiet, every client's SQLite must equal
 * Postgres, row for row.
 *
 * `npm test` runs seeds 1,2,3; `npm run test:convergence` runs 1..200;
 * CONVERGENCE_SEEDS ("1,5..9") chooses others. Run in both write modes:
 * convergence.test.ts (direct_writes), convergence-logical.test.ts
 * (logical_replication).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { officialClient, tolerateOfficialClientDisconnectRaces, type OfficialClient } from '../support/official-client.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { mulberry32 } from '../support/random.js';
import { startTestService } from '../support/service.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import type { ElectricService } from '../../src/service/server.js';
import type { WriteToPgMode } from '../../src/service/config.js';

const SEEDS = parseSeeds(process.env.CONVERGENCE_SEEDS ?? '1,2,3');
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 40);
const CLIENTS = 3;
const ROW_IDS = ['r1', 'r2', 'r3', 'r4'];

function parseSeeds(spec: string): number[] {
  return spec.split(',').flatMap((part) => {
    const [from, to] = part.split('..').map(Number);
    if (to === undefined) return [from!];
    return Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
  });
}

export function convergenceSuite(mode: WriteToPgMode): void {
  let pgServer: TestPostgres;
  let restoreHandlers: () => void = () => {};

  beforeAll(async () => {
    restoreHandlers = tolerateOfficialClientDisconnectRaces();
    pgServer = await startTestPostgres();
  });

  afterAll(async () => {
    await pgServer?.stop();
    restoreHandlers();
  });

  type Row = { id: string; a: string | null; b: number | null };

  async function runSeed(seed: number): Promise<void> {
    const random = mulberry32(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    // Each seed has its own database and service: a seed's run does not depend on the others'.
    const db = await pgServer.createDatabase(`conv_${seed}`);
    let service = await startTestService({ DATABASE_URL: db.url, ELECTRIC_WRITE_TO_PG_MODE: mode });
    const port = service.httpAddress.port;
    const restartService = async (): Promise<void> => {
      await service.stop();
      service = await startTestService({ DATABASE_URL: db.url, HTTP_PORT: String(port), ELECTRIC_WRITE_TO_PG_MODE: mode });
    };
    const sql = await connectClient(db);
    const table = 'items';
    await sql.query(`CREATE TABLE ${table} (id text PRIMARY KEY, a text, b integer)`);
    await sql.query(`CALL electric.electrify('${table}')`);

    const clients: OfficialClient[] = [];
    const online: boolean[] = [];
    try {
      for (let i = 0; i < CLIENTS; i++) {
        const c = await officialClient(service.httpUrl);
        await c.subscribe({ tablename: table });
        clients.push(c);
        online.push(true);
      }
      const restartAt = Math.floor(random() * STEPS);
      const log: string[] = [];
      for (let step = 0; step < STEPS; step++) {
        if (step === restartAt) {
          log.push('restart service');
          await restartService();
        }
        const actor = Math.floor(random() * (CLIENTS + 1)); // CLIENTS = Postgres
        const id = pick(ROW_IDS);
        const value = `v${seed}-${step}`;
        const n = Math.floor(random() * 100);
        const kind = pick(['upsert', 'update', 'update', 'delete', 'toggle'] as const);
        if (actor === CLIENTS) {
          log.push(`pg ${kind} ${id}`);
          if (kind === 'upsert') await sql.query(`INSERT INTO ${table} VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b`, [id, value, n]);
          else if (kind === 'update') {
            if (random() < 0.5) await sql.query(`UPDATE ${table} SET a = $2 WHERE id = $1`, [id, value]);
            else await sql.query(`UPDATE ${table} SET b = $2 WHERE id = $1`, [id, n]);
          }
          else if (kind === 'delete') await sql.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
          continue;
        }
        const c = clients[actor]!;
        if (kind === 'toggle') {
          log.push(`client ${actor} ${online[actor] ? 'offline' : 'online'}`);
          if (online[actor]) await c.disconnect();
          else await c.reconnect().catch(() => {}); // the service may be restarting: it retries by itself
          online[actor] = !online[actor];
          continue;
        }
        log.push(`client ${actor} ${kind} ${id}`);
        if (kind === 'upsert') await c.exec(`INSERT INTO ${table} (id, a, b) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b`, id, value, n);
        else if (kind === 'update') {
          if (random() < 0.5) await c.exec(`UPDATE ${table} SET a = ? WHERE id = ?`, value, id);
          else await c.exec(`UPDATE ${table} SET b = ? WHERE id = ?`, n, id);
        }
        else await c.exec(`DELETE FROM ${table} WHERE id = ?`, id);
        await new Promise((r) => setTimeout(r, Math.floor(random() * 30)));
      }
      // Quiesce: everyone connected (a reconnect that met the restart may
      // have given up: an app would connect again), then equal to Postgres.
      // The official client toggled off while connecting can also end up
      // "connected" with its own startReplication never sent (it logs "trying
      // to send message, but client is closed", then times out): a client
      // still behind after 5 s reconnects once, as an app would.
      const started = Date.now();
      const deadline = started + 30_000;
      const recycled = new Set<number>();
      let expected: Row[] = [];
      let locals: Row[][] = [];
      for (;;) {
        for (const c of clients) if (!c.electric.isConnected) await c.reconnect().catch(() => {});
        if (Date.now() - started > 5_000) {
          for (let i = 0; i < CLIENTS; i++) {
            if (recycled.has(i) || JSON.stringify(locals[i]) === JSON.stringify(expected)) continue;
            recycled.add(i);
            log.push(`(quiesce) client ${i} reconnects`);
            await clients[i]!.disconnect().catch(() => {});
            await clients[i]!.reconnect().catch(() => {});
          }
        }
        expected = (await sql.query<Row>(`SELECT id, a, b FROM ${table} ORDER BY id`)).rows;
        locals = clients.map((c) => c.rows<Row>(`SELECT id, a, b FROM ${table} ORDER BY id`));
        if (locals.every((l) => JSON.stringify(l) === JSON.stringify(expected))) break;
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const diverged = locals.some((l) => JSON.stringify(l) !== JSON.stringify(expected));
      if (diverged && process.env.CONVERGENCE_DEBUG) {
        const { rows } = await sql.query(`SELECT id, _tags::text, _tag::text, _tag_a::text, _tag_b::text FROM electric.shadow__public__${table} ORDER BY id`);
        console.log('PG ROWS', JSON.stringify(expected));
        locals.forEach((l, i) => console.log(`LOCAL ${i}`, JSON.stringify(l)));
        console.log('PG SHADOW', JSON.stringify(rows, null, 1));
        clients.forEach((c, i) => {
          console.log(`CLIENT ${i} ${c.clientId}`, JSON.stringify(c.rows('SELECT * FROM _electric_oplog'), null, 1), JSON.stringify(c.rows('SELECT * FROM _electric_shadow')));
        });
      }
      for (let i = 0; i < CLIENTS; i++) {
        expect(locals[i], `seed ${seed}: client ${i} differs from Postgres after:\n${log.join('\n')}`).toEqual(expected);
      }
    } finally {
      for (const c of clients) await c.close().catch(() => {});
      await service.stop();
      await sql.end();
      await dropDatabase(db.database);
    }
  }

  /** Drops a seed's database and its replication slot (slots are few). */
  async function dropDatabase(name: string): Promise<void> {
    // A subscription (logical_replication mode) holds the database: drop it
    // without asking the stopped publisher to drop a slot.
    const owner = await pgServer.client(name);
    try {
      await owner.query(`DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_subscription WHERE subname = 'postgres_1' AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())) THEN
          ALTER SUBSCRIPTION postgres_1 DISABLE;
          ALTER SUBSCRIPTION postgres_1 SET (slot_name = NONE);
          DROP SUBSCRIPTION postgres_1;
        END IF;
      END $$`);
    } finally {
      await owner.end();
    }
    const admin = await pgServer.client('postgres');
    try {
      await admin.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active', [name]);
      await admin.query(`DROP DATABASE ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }

  describe('randomized convergence with the official client', () => {
    for (const seed of SEEDS) {
      it(`seed ${seed}: three clients and Postgres converge`, () => runSeed(seed), 120_000);
    }
  });
}
