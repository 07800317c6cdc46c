/**
 * bench/memory: the service's resident memory per client, stage by stage.
 * N clients (default 1000) open a WebSocket, authenticate, start
 * replication and subscribe to one shape; after each stage, once the
 * service has settled, the growth of its RSS divided by N. Beside it, in
 * the same run, a bare `ws` echo server in the same runtime: what a
 * connection costs before the service does anything with it.
 *
 * The service runs as its own process (Bun by default, as `npm start`;
 * BENCH_SERVICE_RUNTIME=node for Node; BENCH_BUN_FLAGS=--smol to try
 * Bun's smaller heap).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { connectClient } from '../../src/service/postgres/connection.js';
import { decodeFrame, encodeFrame, encodeRpcResponse, type Frame } from '../../src/protocol/index.js';
import { freePort } from '../../src/util/net.js';
import { RpcRequests, printTable, runMain, startBenchPostgres, startServiceProcess, stopServiceProcess } from '../support.js';
import { unsignedToken } from '../../test/support/satellite-client.js';

const N = Number(process.env.BENCH_CLIENTS ?? 1000);
const SETTLE_MS = 3000;

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, SETTLE_MS));

interface BenchClient {
  readonly ws: WebSocket;
  readonly rpc: RpcRequests;
  synced: (() => void) | null;
}

function open(url: string): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'electric.0.12');
    const client: BenchClient = { ws, rpc: new RpcRequests((bytes) => ws.send(bytes)), synced: null };
    ws.on('message', (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data));
      if (frame.type === 'SatRpcResponse') client.rpc.settle(frame);
      else if (frame.type === 'SatRpcRequest') ws.send(encodeFrame(encodeRpcResponse('startReplication', frame.message.requestId ?? 0, { message: {} }) as Frame));
      else if (frame.type === 'SatSubsDataEnd') client.synced?.();
    });
    ws.once('open', () => resolve(client));
    ws.on('error', reject); // kept: a later error is reported, not thrown
  });
}

/** Runs `step` for every client, `batch` at a time. */
async function inBatches<T>(items: readonly T[], batch: number, step: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += batch) await Promise.all(items.slice(i, i + batch).map(step));
}

/** A bare ws echo server in the service's runtime: the floor a connection costs. */
async function bareWsPerConnection(): Promise<number> {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const root = path.join(here, '..', '..');
  const port = await freePort();
  const script = `import http from 'node:http'; import { WebSocketServer } from 'ws';
    const server = http.createServer(); const wss = new WebSocketServer({ noServer: true, clientTracking: false });
    server.on('upgrade', (req, sock, head) => wss.handleUpgrade(req, sock, head, (ws) => ws.on('message', (m) => ws.send(m))));
    server.listen(${port}, '127.0.0.1', () => console.log('up'));`;
  const runtime = process.env.BENCH_SERVICE_RUNTIME === 'node' ? process.execPath : path.join(root, 'node_modules/.bin/bun');
  const child = spawn(runtime, ['--input-type=module', '-e', script].filter((a) => runtime === process.execPath || a !== '--input-type=module'), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bare ws server did not start within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`the bare ws server exited (${code}) before it was up`)));
    child.stdout!.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await settle();
  const before = rssKb(child.pid!);
  const sockets: WebSocket[] = [];
  await inBatches(Array.from({ length: N }), 50, async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.on('error', reject)));
    ws.send(Buffer.alloc(200));
    sockets.push(ws);
  });
  await settle();
  const perConnection = (rssKb(child.pid!) - before) / N;
  for (const ws of sockets) ws.close();
  child.kill();
  return perConnection;
}

async function main(): Promise<void> {
  const postgres = await startBenchPostgres({ max_connections: '300' });
  const sql = await connectClient(postgres.db);
  const port = await freePort();
  const service = await startServiceProcess(postgres.url, port);
  const rows: string[][] = [];
  try {
    await sql.query('CREATE TABLE ticks (id text PRIMARY KEY, at text)');
    await sql.query("CALL electric.electrify('ticks')");
    await settle();
    const start = rssKb(service.pid!);
    let last = start;
    const stage = async (name: string): Promise<void> => {
      await settle();
      const now = rssKb(service.pid!);
      rows.push([name, `${(now / 1024).toFixed(1)} MiB`, `${((now - last) / N).toFixed(1)} KB`, `${((now - start) / N).toFixed(1)} KB`]);
      last = now;
    };
    const url = `ws://127.0.0.1:${port}/ws`;
    const clients: BenchClient[] = [];
    await inBatches(Array.from({ length: N }), 50, async () => clients.push(await open(url)));
    await stage('WebSocket open');
    await inBatches(clients, 50, (c) => c.rpc.call('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'bench' }), headers: [] }));
    await stage('authenticated');
    await inBatches(clients, 50, (c) => c.rpc.call('startReplication', { lsn: new Uint8Array(), subscriptionIds: [] }));
    await stage('replicating');
    await inBatches(clients, 25, async (c) => {
      const synced = new Promise<void>((resolve) => (c.synced = resolve));
      await c.rpc.call('subscribe', { subscriptionId: randomUUID(), shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'ticks' }] } }] });
      await synced;
    });
    await stage('subscribed');
    for (const c of clients) c.ws.close();
    await stage('closed');
  } finally {
    await stopServiceProcess(service);
    await sql.end();
    await postgres.stop();
  }
  const bare = await bareWsPerConnection();
  const runtime = process.env.BENCH_SERVICE_RUNTIME === 'node' ? 'Node' : `Bun${process.env.BENCH_BUN_FLAGS ? ` ${process.env.BENCH_BUN_FLAGS}` : ''}`;
  console.log(`bench/memory — ${N} clients, service under ${runtime}, RSS ${SETTLE_MS / 1000} s after each stage\n`);
  printTable(['stage', 'service RSS', 'growth per client', 'total per client'], rows);
  console.log(`\nbare ws echo server, same runtime: ${bare.toFixed(1)} KB per open connection (the floor). Target: ≤ 20 KB per idle subscribed client.`);
}

runMain(main);
