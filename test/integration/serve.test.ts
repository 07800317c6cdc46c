import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import { startTestPostgres, tempDir, type TestPostgres } from '../support/postgres.js';
import { startTestService, testConfig, testLogger } from '../support/service.js';
import { ElectricService } from '../../src/service/server.js';
import { StartupError } from '../../src/util/errors.js';
import { bootstrapElectricSchema } from '../../src/service/postgres/bootstrap.js';
import { MIGRATIONS } from '../../src/service/postgres/migrations/index.js';
import { freePort } from '../../src/util/net.js';
import { connectClient } from '../../src/service/postgres/connection.js';

let pgServer: TestPostgres;

beforeAll(async () => {
  pgServer = await startTestPostgres();
});

afterAll(async () => {
  await pgServer?.stop();
});

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/status', () => {
  it('answers 200 with the Postgres connection state, version and uptime', async () => {
    const service = await startTestService({ DATABASE_URL: pgServer.url });
    try {
      const { status, body } = await getJson(`${service.httpUrl}/api/status`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ready', version: expect.any(String), uptimeSeconds: expect.any(Number) });
      expect(body.postgres).toMatchObject({ connected: true, state: 'ready', embedded: false, serverVersion: expect.stringMatching(/^16\./) });
    } finally {
      await service.stop();
    }
  });

  it('answers unknown routes and methods with a 404 JSON error', async () => {
    const service = await startTestService({ DATABASE_URL: pgServer.url });
    try {
      const unknown = await getJson(`${service.httpUrl}/api/nope`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'not_found' });
      const post = await fetch(`${service.httpUrl}/api/status`, { method: 'POST' });
      expect(post.status).toBe(404);
      expect(await post.json()).toMatchObject({ error: 'not_found' });
    } finally {
      await service.stop();
    }
  });

  it('answers 503 with the state while Postgres cannot be reached, and keeps retrying', async () => {
    const deadPort = await freePort();
    const service = new ElectricService(
      await testConfig({ DATABASE_URL: `postgresql://postgres:pw@127.0.0.1:${deadPort}/electric` }),
      { logger: testLogger() },
    );
    const starting = service.start();
    try {
      // The HTTP port opens before Postgres is reached.
      await waitFor(async () => {
        try {
          return (await getJson(`${service.httpUrl}/api/status`)).status === 503;
        } catch {
          return false;
        }
      });
      const { body } = await getJson(`${service.httpUrl}/api/status`);
      expect(body).toMatchObject({ status: 'initialization', postgres: { connected: false } });
      expect(String((body.postgres as Record<string, unknown>).lastError)).toMatch(/ECONNREFUSED|connect/);
    } finally {
      await service.stop();
      await expect(starting).rejects.toBeInstanceOf(StartupError);
    }
  });

  it('stops cleanly when stopped before it is even listening (start settles, nothing keeps retrying)', async () => {
    const deadPort = await freePort();
    const service = new ElectricService(
      await testConfig({ DATABASE_URL: `postgresql://postgres:pw@127.0.0.1:${deadPort}/electric` }),
      { logger: testLogger() },
    );
    const starting = service.start().then(() => 'started', () => 'failed');
    await service.stop();
    expect(['started', 'failed']).toContain(await starting);
    // Nothing was left to connect in the background.
    expect(service.connector).toBeNull();
  });
});

describe('bootstrap of the electric schema', () => {
  it('is idempotent: a second run applies nothing and fails nothing', async () => {
    const db = await pgServer.createDatabase('bootstrap_twice');
    const client = await connectClient(db);
    try {
      const first = await bootstrapElectricSchema(client);
      expect(first.applied).toEqual(MIGRATIONS.map((m) => m.version));
      const second = await bootstrapElectricSchema(client);
      expect(second.applied).toEqual([]);
      expect(second.current).toBe(first.current);
      const { rows } = await client.query("SELECT id FROM electric.transaction_marker ORDER BY id");
      expect(rows.map((r: { id: string }) => r.id)).toEqual(['cluster_id', 'magic write']);
    } finally {
      await client.end();
    }
  });

  it('runs from several connections at once: each migration applied exactly once, no error', async () => {
    const db = await pgServer.createDatabase('bootstrap_concurrent');
    const clients = await Promise.all(
      Array.from({ length: 4 }, () => connectClient(db)),
    );
    try {
      const results = await Promise.all(clients.map((c) => bootstrapElectricSchema(c)));
      const applied = results.flatMap((r) => r.applied);
      expect(applied.sort()).toEqual(MIGRATIONS.map((m) => m.version).sort());
      const { rows } = await clients[0]!.query('SELECT count(*)::int AS n FROM electric.schema_migrations');
      expect(rows[0].n).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('lets two services start together on a fresh database', async () => {
    const db = await pgServer.createDatabase('two_services');
    const [a, b] = await Promise.all([startTestService({ DATABASE_URL: db.url }), startTestService({ DATABASE_URL: db.url })]);
    try {
      for (const s of [a, b]) expect((await getJson(`${s.httpUrl}/api/status`)).status).toBe(200);
      const client = await pgServer.client('two_services');
      const { rows } = await client.query("SELECT count(*)::int AS n FROM electric.transaction_marker WHERE id = 'cluster_id'");
      await client.end();
      expect(rows[0].n).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('preflight refusals', () => {
  it('refuses a Postgres with wal_level=replica and names the fix', async () => {
    const replica = await startTestPostgres({ settings: { wal_level: 'replica' } });
    try {
      const err = await startTestService({ DATABASE_URL: replica.url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as StartupError).code).toBe('PG_PREFLIGHT');
      expect((err as StartupError).message).toContain('ALTER SYSTEM SET wal_level = logical');
      expect((err as StartupError).message).toContain('restart Postgres');
    } finally {
      await replica.stop();
    }
  });

  it('refuses a role without REPLICATION or CREATE and names both grants', async () => {
    const admin = await pgServer.client();
    await admin.query("CREATE ROLE weak LOGIN PASSWORD 'weakpw' NOSUPERUSER NOREPLICATION");
    await admin.query('REVOKE CREATE ON DATABASE electric FROM PUBLIC');
    await admin.end();
    const url = `postgresql://weak:weakpw@127.0.0.1:${pgServer.db.port}/electric`;
    const err = await startTestService({ DATABASE_URL: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    const message = (err as StartupError).message;
    expect(message).toContain('ALTER ROLE weak WITH REPLICATION');
    expect(message).toContain('GRANT CREATE ON DATABASE electric TO weak');
  });

  it('stops at once with a clear error on a wrong password, without echoing it', async () => {
    const url = `postgresql://postgres:definitely-wrong@127.0.0.1:${pgServer.db.port}/electric`;
    const err = await startTestService({ DATABASE_URL: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as StartupError).code).toBe('PG_28P01');
    expect((err as StartupError).message).not.toContain('definitely-wrong');
  });
});

describe('lifecycle', () => {
  it('fails with a one-line error when the HTTP port is taken', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const err = await startTestService({ DATABASE_URL: pgServer.url, HTTP_PORT: String(port) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as StartupError).code).toBe('HTTP_PORT_IN_USE');
      expect((err as StartupError).message).toMatch(new RegExp(`HTTP_PORT ${port} is already in use`));
      expect((err as StartupError).message).not.toContain('\n');
    } finally {
      blocker.close();
    }
  });

  it('stops cleanly and quickly: port released, Postgres connections closed', async () => {
    const service = await startTestService({ DATABASE_URL: pgServer.url });
    const port = service.httpAddress.port;
    const t0 = Date.now();
    await service.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    // The port can be bound again.
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    again.close();
    const admin = await pgServer.client();
    await waitFor(async () => {
      const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'electric%'");
      return rows[0].n === 0;
    });
    await admin.end();
  });
});

describe('embedded Postgres (no DATABASE_URL)', () => {
  it('keeps its data across two starts of the service', async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    const first = await startTestService({ DATABASE_URL: undefined, ELECTRIC_PG_DATA_DIR: dataDir });
    let clusterId: string;
    try {
      expect(first.embeddedDataDir).toBe(dataDir);
      expect((await getJson(`${first.httpUrl}/api/status`)).body.postgres).toMatchObject({ connected: true, embedded: true });
      const client = await connectClient(first.database!);
      await client.query('CREATE TABLE kept (id int PRIMARY KEY, note text)');
      await client.query("INSERT INTO kept VALUES (1, 'still here')");
      clusterId = (await client.query("SELECT content FROM electric.transaction_marker WHERE id = 'cluster_id'")).rows[0].content;
      await client.end();
    } finally {
      await first.stop();
    }
    const second = await startTestService({ DATABASE_URL: undefined, ELECTRIC_PG_DATA_DIR: dataDir });
    try {
      const client = await connectClient(second.database!);
      expect((await client.query('SELECT note FROM kept')).rows).toEqual([{ note: 'still here' }]);
      expect((await client.query("SELECT content FROM electric.transaction_marker WHERE id = 'cluster_id'")).rows[0].content).toBe(clusterId);
      await client.end();
    } finally {
      await second.stop();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
