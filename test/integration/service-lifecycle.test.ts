/**
 * A service stopped while it is still starting (Ctrl-C during startup, or a
 * failing part) leaves nothing behind: no proxy or publisher listening, no
 * enabled subscription pointing at a closed port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { testConfig, testLogger } from '../support/service.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { ElectricService } from '../../src/service/server.js';

let pgServer: TestPostgres;
let sql: pg.Client;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  sql = await connectClient(pgServer.db);
});

afterAll(async () => {
  await sql?.end();
  await pgServer?.stop();
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('stopping a service that is still starting', () => {
  it('leaves no listener and no enabled subscription, whenever the stop comes', async () => {
    for (const delayMs of [0, 20, 60, 120, 250, 500]) {
      const config = await testConfig({ DATABASE_URL: pgServer.url, ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' });
      const service = new ElectricService(config, { logger: testLogger() });
      const starting = service.start().catch(() => undefined);
      await new Promise((r) => setTimeout(r, delayMs));
      await service.stop();
      await starting;
      expect([delayMs, await listening(config.proxy.port)]).toEqual([delayMs, false]);
      expect([delayMs, await listening(config.logicalPublisher.port)]).toEqual([delayMs, false]);
      const { rows } = await sql.query<{ subenabled: boolean }>("SELECT subenabled FROM pg_subscription WHERE subname = 'postgres_1'");
      expect([delayMs, rows[0]?.subenabled ?? false]).toEqual([delayMs, false]);
    }
  }, 120_000);
});
