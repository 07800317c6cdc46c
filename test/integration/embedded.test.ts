import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { EmbeddedPostgres } from '../../src/service/postgres/embedded.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { StartupError } from '../../src/util/errors.js';
import { tempDir, FAST_SETTINGS } from '../support/postgres.js';

const BUN = path.resolve('node_modules/.bin/bun');
const CHILD = path.resolve('test/support/embedded-child.ts');

/** Starts the embedded Postgres in a child process; resolves once it is ready. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BUN, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}

function postmasterPid(dataDir: string): number {
  return Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!, 10);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded Postgres data folder', () => {
  it('recovers a folder left locked by a run that was killed', async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    const { child } = await startChild(dataDir);
    const orphan = postmasterPid(dataDir);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The crashed run's Postgres outlives it and still holds the folder.
    expect(alive(orphan)).toBe(true);

    const embedded = new EmbeddedPostgres({ dataDir, port: null, settings: FAST_SETTINGS });
    const db = await embedded.start();
    try {
      expect(alive(orphan)).toBe(false);
      const client = await connectClient(db);
      expect((await client.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
      await client.end();
    } finally {
      await embedded.stop();
    }
  });

  it('refuses a folder that another live process is using, naming it', async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    const { child } = await startChild(dataDir);
    try {
      const second = new EmbeddedPostgres({ dataDir, port: null });
      const err = await second.start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as StartupError).code).toBe('EMBEDDED_PG_IN_USE');
      expect((err as StartupError).message).toContain(dataDir);
      expect((err as StartupError).message).toContain(String(child.pid));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('refuses a non-empty folder that is not a Postgres data folder', async () => {
    const dataDir = path.join(await tempDir(), 'pg');
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'notes.txt'), 'mine');
    const err = await new EmbeddedPostgres({ dataDir, port: null }).start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as StartupError).code).toBe('EMBEDDED_PG_DATA_DIR');
    expect(readFileSync(path.join(dataDir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
