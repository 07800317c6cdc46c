/**
 * What every benchmark needs: a throwaway embedded Postgres tuned for speed,
 * the service's environment pointing at it, and a table printer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '../src/service/postgres/embedded.js';
import type { DatabaseConfig } from '../src/service/config.js';
import { freePort } from '../src/util/net.js';
import { encodeFrame, encodeRpcRequest, type Frame } from '../src/protocol/index.js';

export interface BenchPostgres {
  readonly db: DatabaseConfig;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startBenchPostgres(settings: Record<string, string> = {}): Promise<BenchPostgres> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'electric-bench-'));
  const embedded = new EmbeddedPostgres({
    dataDir: path.join(root, 'pg'),
    port: null,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', wal_writer_delay: '10ms', ...settings },
  });
  const db = await embedded.start();
  return {
    db,
    url: `postgresql://${db.user}:${encodeURIComponent(db.password ?? '')}@${db.host}:${db.port}/${db.database}`,
    async stop() {
      await embedded.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The service's settings for a benchmark: loopback, insecure auth, quiet. */
export async function benchServiceEnv(databaseUrl: string, httpPort: number, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_REQUIRE_SSL: 'false',
    HTTP_PORT: String(httpPort),
    ELECTRIC_LISTEN_HOST: '127.0.0.1',
    AUTH_MODE: 'insecure',
    PG_PROXY_PASSWORD: 'bench',
    PG_PROXY_PORT: String(await freePort()),
    ELECTRIC_WRITE_TO_PG_MODE: 'direct_writes',
    LOGICAL_PUBLISHER_HOST: '127.0.0.1',
    LOGICAL_PUBLISHER_PORT: String(await freePort()),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    ...extra,
  };
}

/**
 * The service as its own process, so that benchmark clients do not share its
 * event loop: Bun from the sources (as `npm start` runs it), or Node through
 * vite-node with BENCH_SERVICE_RUNTIME=node; BENCH_SERVICE_PROFILE=DIR writes a
 * CPU profile of the service there (either runtime). Resolves once
 * /api/status answers 200.
 */
export async function startServiceProcess(databaseUrl: string, httpPort: number, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const profile = process.env.BENCH_SERVICE_PROFILE;
  const here = path.dirname(new URL(import.meta.url).pathname);
  const root = path.join(here, '..');
  const [command, args] =
    process.env.BENCH_SERVICE_RUNTIME === 'node'
      ? [
          process.execPath,
          [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), path.join(root, 'node_modules/vite-node/vite-node.mjs'), path.join(here, 'serve-under-node.ts')],
        ]
      : [path.join(root, 'node_modules/.bin/bun'), [...(process.env.BENCH_BUN_FLAGS ? process.env.BENCH_BUN_FLAGS.split(' ') : []), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), path.join(root, 'src/cli.ts'), 'serve']];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...(await benchServiceEnv(databaseUrl, httpPort, extraEnv)) },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${httpPort}/api/status`)).status === 200) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the service did not start');
}

/** Stops a service started by startServiceProcess. */
export async function stopServiceProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export interface Percentiles {
  p50: number;
  p99: number;
  samples: number;
}

/** p50 and p99 of a list of latencies (NaN when it is empty). */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), samples: sorted.length };
}

/** A bench client's RPC requests: ids, and the response each waits for. */
export class RpcRequests {
  private nextId = 0;
  private readonly waiters = new Map<number, (frame: Frame) => void>();

  constructor(private readonly send: (bytes: Uint8Array) => void) {}

  call(method: 'authenticate' | 'startReplication' | 'subscribe', message: object): Promise<Frame> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiters.set(id, resolve);
      this.send(encodeFrame(encodeRpcRequest(method, id, message as never) as Frame));
    });
  }

  /** Hands a SatRpcResponse to the request waiting for it. */
  settle(frame: Extract<Frame, { type: 'SatRpcResponse' }>): void {
    const id = frame.message.requestId ?? -1;
    const waiter = this.waiters.get(id);
    this.waiters.delete(id);
    waiter?.(frame);
  }
}

/** Runs a benchmark's main and exits with its outcome (open sockets would keep the process alive). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
