/**
 * The official electric-sql 0.12.1 client receives a shape whose initial
 * data spans several SatOpLog frames (the service sends it in frames of
 * about 256 KiB inside one SatShapeDataBegin/End) and holds every row.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { electrify } from 'electric-sql/node';
import { DbSchema } from 'electric-sql/client/model';
import { insecureAuthToken } from 'electric-sql/auth';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import type { ElectricService } from '../../src/service/server.js';

const ROWS = 4000;
let pgServer: TestPostgres;
let service: ElectricService;
let sql: pg.Client;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  service = await startTestService({ DATABASE_URL: pgServer.url });
  sql = await connectClient(pgServer.db);
  await sql.query('CREATE TABLE notes (id integer PRIMARY KEY, body text, maybe text)');
  await sql.query("CALL electric.electrify('notes')");
  // ≈ 1.3 MB of values: several frames.
  await sql.query(`INSERT INTO notes SELECT i, repeat('ü' || i, 40), CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' END FROM generate_series(1, $1) AS i`, [ROWS]);
});

afterAll(async () => {
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

it('holds every row of a shape delivered in several SatOpLog frames', async () => {
  const db = new Database(':memory:');
  const electric = await electrify(db, new DbSchema({}, [], []), { url: service.httpUrl } as never);
  try {
    await electric.connect(insecureAuthToken({ sub: 'large-shape' }));
    const satellite = (electric as unknown as { satellite: { subscribe(shapes: object[]): Promise<{ synced: Promise<void> }> } }).satellite;
    for (let i = 0; i < 200 && !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'notes'").get(); i++) await new Promise((r) => setTimeout(r, 25));
    const { synced } = await satellite.subscribe([{ tablename: 'notes' }]);
    await synced;
    expect(db.prepare('SELECT count(*) AS n, count(maybe) AS m FROM notes').get()).toEqual({ n: ROWS, m: ROWS - Math.floor(ROWS / 3) });
    expect(db.prepare('SELECT body FROM notes WHERE id = 1234').get()).toEqual({ body: 'ü1234'.repeat(40) });
  } finally {
    await electric.close();
    db.close();
  }
});
