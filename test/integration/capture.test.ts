/**
 * Change capture across restarts and failures: the service restarted, Postgres
 * restarted mid-stream, the cache window overtaken, the main slot advanced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { liveReader, readerFrom, type TxReader } from '../support/capture.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { CacheWindowError } from '../../src/service/replication/transaction-cache.js';
import { selectTaggedRows, PREHISTORIC_TAG } from '../../src/service/schema/tagged-rows.js';
import { parseLsn } from '../../src/service/replication/pgoutput.js';
import type { ElectricService } from '../../src/service/server.js';
import { replicationMetrics } from '../../src/service/metrics.js';

let pgServer: TestPostgres;

beforeAll(async () => {
  pgServer = await startTestPostgres();
});

afterAll(async () => {
  await pgServer?.stop();
});

let dbCounter = 0;
async function freshDatabase(): Promise<{ url: string; client: pg.Client }> {
  const db = await pgServer.createDatabase(`capture_${++dbCounter}`);
  return { url: db.url, client: await connectClient(db) };
}

async function electrifiedItems(client: pg.Client): Promise<void> {
  await client.query('CREATE TABLE items (id int PRIMARY KEY, name text)');
  await client.query("CALL electric.electrify('items')");
}

/** Ids of the rows inserted by the next `n` transactions with changes. */
async function insertedIds(reader: TxReader, n: number, timeoutMs = 20_000): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const tx = await reader.nextWithChanges(timeoutMs);
    for (const c of tx.changes) if (c.kind === 'insert') ids.push(String(c.record?.id));
  }
  return ids;
}

async function insertRows(client: pg.Client, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await client.query('INSERT INTO items VALUES ($1, $2)', [i, `row ${i}`]);
}

async function waitForState(service: ElectricService, state: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (service.connector?.state !== state) {
    if (Date.now() > deadline) throw new Error(`connector did not reach ${state}; it is ${service.connector?.state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('change capture', () => {
  it('serves the connector states and reports ready once streaming', async () => {
    const { url, client } = await freshDatabase();
    const service = await startTestService({ DATABASE_URL: url });
    try {
      expect(service.connector?.state).toBe('ready');
      const res = await fetch(`${service.httpUrl}/api/status`);
      expect(res.status).toBe(200);
      const { rows } = await client.query('SELECT slot_name, temporary FROM pg_replication_slots ORDER BY slot_name');
      expect(rows).toEqual(
        expect.arrayContaining([
          { slot_name: `electric_replication_out_capture_${dbCounter}`, temporary: false },
          expect.objectContaining({ temporary: true }),
        ]),
      );
    } finally {
      await service.stop();
      await client.end();
    }
  });

  it('re-reads from the main slot after a service restart: nothing captured is lost', async () => {
    const { url, client } = await freshDatabase();
    let service = await startTestService({ DATABASE_URL: url });
    try {
      await electrifiedItems(client);
      const reader = liveReader(service);
      await insertRows(client, 1, 3);
      expect(await insertedIds(reader, 3)).toEqual(['1', '2', '3']);
      await service.stop();
      // Written while the service is down.
      await insertRows(client, 4, 5);
      service = await startTestService({ DATABASE_URL: url });
      const cache = service.connector!.cache!;
      const replay = readerFrom(cache.read(cache.floor));
      expect(await insertedIds(replay, 5)).toEqual(['1', '2', '3', '4', '5']);
      await insertRows(client, 6, 6);
      expect(await insertedIds(replay, 1)).toEqual(['6']);
      await replay.expectNone();
    } finally {
      await service.stop();
      await client.end();
    }
  });

  it('recovers from a Postgres restart mid-stream without loss or duplication', async () => {
    const own = await startTestPostgres();
    const client = await connectClient(own.db);
    const service = await startTestService({ DATABASE_URL: own.url });
    try {
      await electrifiedItems(client);
      const reader = liveReader(service);
      await insertRows(client, 1, 5);
      await client.end();
      await own.restart();
      // The status endpoint reports the outage, then recovery.
      const during = await fetch(`${service.httpUrl}/api/status`);
      expect([200, 503]).toContain(during.status);
      const again = await connectClient(own.db);
      try {
        await insertRows(again, 6, 10);
        await waitForState(service, 'ready');
        expect(await insertedIds(reader, 10)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
        await reader.expectNone();
        expect((await fetch(`${service.httpUrl}/api/status`)).status).toBe(200);
      } finally {
        await again.end();
      }
    } finally {
      await service.stop();
      await own.stop();
    }
  });

  it('bounds the cache by size and refuses reads from before its window', async () => {
    const { url, client } = await freshDatabase();
    const service = await startTestService({ DATABASE_URL: url, ELECTRIC_TXN_CACHE_SIZE: '4k' });
    try {
      await electrifiedItems(client);
      const cache = service.connector!.cache!;
      const early = readerFrom(cache.readLive());
      const reader = liveReader(service);
      await insertRows(client, 1, 1);
      const first = await reader.nextWithChanges();
      // A reader that keeps up is never overtaken.
      for (let i = 2; i <= 60; i++) {
        await insertRows(client, i, i);
        expect(await insertedIds(reader, 1)).toEqual([String(i)]);
      }
      expect(cache.stats.bytes).toBeLessThanOrEqual(4096);
      expect(cache.stats.evicted).toBeGreaterThan(0);
      expect(() => cache.check(first.lsn - 1n)).toThrow(CacheWindowError);
      try {
        cache.check(first.lsn - 1n);
      } catch (err) {
        expect((err as CacheWindowError).code).toBe('BEHIND_WINDOW');
      }
      // A reader that never pulled was overtaken.
      await expect(early.next()).rejects.toMatchObject({ code: 'BEHIND_WINDOW' });
      // A position after the newest transaction is not a position we know.
      expect(() => cache.check(cache.lastLsn! + 1_000_000n)).toThrow(expect.objectContaining({ code: 'INVALID_POSITION' }));
    } finally {
      await service.stop();
      await client.end();
    }
  });

  it('advances the main slot to keep the resumable WAL window and no more', async () => {
    const { url, client } = await freshDatabase();
    const service = await startTestService({ DATABASE_URL: url, ELECTRIC_RESUMABLE_WAL_WINDOW: '1' });
    try {
      await electrifiedItems(client);
      const reader = liveReader(service);
      const slot = service.connector!.slots.main;
      const before = await client.query('SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1', [slot]);
      await insertRows(client, 1, 3);
      const txs = await insertedIds(reader, 3);
      expect(txs).toEqual(['1', '2', '3']);
      await service.connector!.advanceSlot();
      const after = await client.query('SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1', [slot]);
      const moved = parseLsn(after.rows[0].lsn);
      expect(moved).toBeGreaterThan(parseLsn(before.rows[0].lsn));
      // Never past what was dispatched.
      expect(moved).toBeLessThanOrEqual(service.connector!.streamMetrics!.dispatchedLsn);
    } finally {
      await service.stop();
      await client.end();
    }
  });

  it('lets two services stream from the same database at once', async () => {
    const { url, client } = await freshDatabase();
    const [a, b] = await Promise.all([startTestService({ DATABASE_URL: url }), startTestService({ DATABASE_URL: url })]);
    try {
      await electrifiedItems(client);
      const ra = liveReader(a);
      const rb = liveReader(b);
      await insertRows(client, 1, 2);
      expect(await insertedIds(ra, 2)).toEqual(['1', '2']);
      expect(await insertedIds(rb, 2)).toEqual(['1', '2']);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await client.end();
    }
  });

  it('reads rows that predate electrification as postgres_1@0', async () => {
    const { url, client } = await freshDatabase();
    const service = await startTestService({ DATABASE_URL: url });
    try {
      await client.query('CREATE TABLE items (id int PRIMARY KEY, name text)');
      await client.query("INSERT INTO items VALUES (1, 'old')");
      await client.query("CALL electric.electrify('items')");
      const reader = liveReader(service);
      await client.query("INSERT INTO items VALUES (2, 'new')");
      const tx = await reader.nextWithChanges();
      const rows = await selectTaggedRows(client, { schema: 'public', table: 'items' });
      const byId = Object.fromEntries(rows.map((r) => [String(r.record.id), r.tags]));
      expect(byId['1']).toEqual([PREHISTORIC_TAG]);
      expect(byId['2']).toEqual([`postgres_1@${tx.commitTimestamp}`]);
      expect(tx.changes[0]!.tags).toEqual([`postgres_1@${tx.commitTimestamp}`]);
    } finally {
      await service.stop();
      await client.end();
    }
  });

  it('measures lag, throughput and the cache, with lag back to zero once writes stop', async () => {
    const { url, client } = await freshDatabase();
    const service = await startTestService({ DATABASE_URL: url });
    try {
      await electrifiedItems(client);
      const reader = liveReader(service);
      await insertRows(client, 1, 20);
      await insertedIds(reader, 20);
      const deadline = Date.now() + 10_000;
      let m = replicationMetrics(service.connector);
      while (m.lag.bytes > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        m = replicationMetrics(service.connector);
      }
      expect(m.state).toBe('ready');
      expect(m.lag).toEqual({ bytes: 0, ms: 0 });
      expect(m.transactions).toBeGreaterThanOrEqual(20);
      expect(m.transactionsPerSecond).toBeGreaterThan(0);
      expect(m.cache!.transactions).toBeGreaterThanOrEqual(20);
      expect(m.cache!.bytes).toBeGreaterThan(0);
      expect(m.cache!.lastLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    } finally {
      await service.stop();
      await client.end();
    }
  });
});
