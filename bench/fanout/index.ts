/**
 * bench/fanout: commit-to-client latency with 1, 100 and 1000 connected
 * clients subscribed to one shape, one Postgres write every few ms, beside a
 * bare pgoutput consumer's latency for the same writes in the same run; and
 * the service's memory per idle client.
 *
 * The service runs as its own process (Bun, from the sources) so that the
 * clients, which live in this process, do not share its event loop.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import WebSocket from 'ws';
import { clientConfig, connectClient } from '../../src/service/postgres/connection.js';
import { PgOutputDecoder } from '../../src/service/replication/pgoutput.js';
import { MESSAGE_TAGS, decodeFrame, encodeFrame, encodeRpcResponse, type Frame } from '../../src/protocol/index.js';
import { freePort } from '../../src/util/net.js';
import type { DatabaseConfig } from '../../src/service/config.js';
import { RpcRequests, percentiles, printTable, startBenchPostgres, startServiceProcess, stopServiceProcess, type Percentiles, runMain } from '../support.js';
import { unsignedToken } from '../../test/support/satellite-client.js';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const WRITE_EVERY_MS = Number(process.env.BENCH_WRITE_EVERY_MS ?? 5);
/** The official client acknowledges when floor(0.7 × window) transactions are unacknowledged. */
const ACK_EVERY = Number(process.env.BENCH_ACK_EVERY ?? Math.floor(30 * 0.7));
const CLIENT_COUNTS = (process.env.BENCH_CLIENTS ?? '1,100,1000').split(',').map(Number);


async function main(): Promise<void> {
  const postgres = await startBenchPostgres({ wal_writer_delay: '1ms', max_connections: '300' });
  const sql = await connectClient(postgres.db);
  const httpPort = await freePort();
  const service = await startServiceProcess(postgres.url, httpPort);
  try {
    await sql.query('CREATE TABLE ticks (id text PRIMARY KEY, at text)');
    await sql.query("CALL electric.electrify('ticks')");
    console.log(`bench/fanout — ${os.cpus().length} cores, one write every ${WRITE_EVERY_MS} ms for ${DURATION_MS / 1000} s per run\n`);
    const rows: string[][] = [];
    const cpuRows: string[][] = [];
    // Memory first, on a fresh service: idle subscribed clients only (BENCH_SKIP_MEMORY=1 skips it, e.g. for a profile of the runs alone).
    const max = Math.max(...CLIENT_COUNTS);
    const skipMemory = process.env.BENCH_SKIP_MEMORY === '1';
    const rss0 = skipMemory ? 0 : await settledRss(service.pid!);
    const connectStart = Date.now();
    const idle = skipMemory ? [] : await connectClients(httpPort, max);
    const connectSeconds = (Date.now() - connectStart) / 1000;
    const rssN = skipMemory ? 0 : await settledRss(service.pid!);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      // With BENCH_SERVICE_RUNTIME=node and NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2: what idle clients hold.
      process.kill(service.pid!, 'SIGUSR2');
      await new Promise((r) => setTimeout(r, 15_000));
    }
    for (const c of idle) c.close();
    await new Promise((r) => setTimeout(r, 500));
    for (const count of CLIENT_COUNTS) {
      const clients = await connectClients(httpPort, count);
      const bare = await BareConsumer.start(postgres.db);
      const commits = new Map<string, number>();
      const xids = new Map<string, number>();
      const cpu0 = { bench: process.cpuUsage(), service: cpuSecondsOf(service.pid!), at: Date.now() };
      const deadline = Date.now() + DURATION_MS;
      let n = 0;
      while (Date.now() < deadline) {
        const id = `${count}-${n++}`;
        const { rows } = await sql.query<{ xid: string }>('INSERT INTO ticks VALUES ($1, $2) RETURNING (txid_current() % 4294967296)::text AS xid', [id, 'x']);
        commits.set(id, Date.now());
        xids.set(id, Number(rows[0]!.xid));
        await new Promise((r) => setTimeout(r, WRITE_EVERY_MS));
      }
      await new Promise((r) => setTimeout(r, 1000));
      const seconds = (Date.now() - cpu0.at) / 1000;
      const benchCpu = process.cpuUsage(cpu0.bench);
      cpuRows.push([
        String(count),
        `${(((benchCpu.user + benchCpu.system) / 1e6 / seconds) * 100).toFixed(0)}%`,
        `${(((cpuSecondsOf(service.pid!) - cpu0.service) / seconds) * 100).toFixed(0)}%`,
      ]);
      const latencies = clients.flatMap((c) => c.latencies(commits, xids));
      const bareLatencies = bare.latencies(commits);
      await bare.stop();
      for (const c of clients) c.close();
      const ours = percentiles(latencies);
      const raw = percentiles(bareLatencies);
      const expected = commits.size * count;
      rows.push([
        String(count),
        String(commits.size),
        `${raw.p50.toFixed(1)} / ${raw.p99.toFixed(1)} ms`,
        `${ours.p50.toFixed(1)} / ${ours.p99.toFixed(1)} ms`,
        `${(ours.p50 - raw.p50).toFixed(1)} ms`,
        `${((latencies.length / expected) * 100).toFixed(1)}%`,
      ]);
      await new Promise((r) => setTimeout(r, 500));
    }
    printTable(['clients', 'writes', 'bare pgoutput p50/p99', 'electric p50/p99', 'p50 − bare', 'delivered'], rows);
    console.log('\nCPU during each run (100% = one of the machine\'s cores): the clients (this process) and the service');
    printTable(['clients', 'bench clients', 'service'], cpuRows);
    if (!skipMemory) console.log(
      `\nservice memory: ${(rss0 / 2 ** 20).toFixed(1)} MiB with no client; ${(rssN / 2 ** 20).toFixed(1)} MiB with ${max} subscribed idle clients ≈ ${((rssN - rss0) / max / 1024).toFixed(1)} KB per client (target ≤ 20 KB)`,
    );
    if (!skipMemory) console.log(`connecting and subscribing ${max} clients (25 at a time, each until its initial data arrived): ${connectSeconds.toFixed(1)} s`);
    console.log('Latency: from the writer seeing COMMIT to a client (or the bare consumer) receiving the transaction. Targets at 1000 clients: p50 ≤ bare + 3 ms, p99 ≤ 20 ms.');
  } finally {
    await stopServiceProcess(service);
    await sql.end();
    await postgres.stop();
  }
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** RSS after the service has had a moment to settle. */
async function settledRss(pid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 2000));
  return rssOf(pid);
}

/** Connects and subscribes `count` clients, a few at a time. */
async function connectClients(port: number, count: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, count - i) }, () => Client.connect(`ws://127.0.0.1:${port}/ws`)));
    const timer = setTimeout(() => {
      for (const c of batch) if (!c.isSynced) console.error('stuck client; frames seen:', c.seen.join(' '));
    }, 15_000);
    await Promise.all(batch.map((c) => c.subscribeTicks()));
    clearTimeout(timer);
    clients.push(...batch);
    if (process.env.BENCH_VERBOSE) console.error(`connected ${clients.length}/${count}`);
  }
  return clients;
}

/** A minimal Satellite client: authenticates, subscribes, records arrival times. */
class Client {
  /** Arrival time per transaction id. */
  private readonly arrivals = new Map<number, number>();
  private readonly requests: RpcRequests;
  private synced: (() => void) | null = null;
  private unacked = 0;
  readonly seen: string[] = [];
  isSynced = false;

  private constructor(private readonly ws: WebSocket) {
    this.requests = new RpcRequests((bytes) => ws.send(bytes));
    ws.on('message', (data: Buffer) => {
      // Transactions: only their begin op is read (cheaply), so that with a
      // thousand clients in this process the figures are the service's.
      const begin = data[0] === MESSAGE_TAGS.SatOpLog ? readBegin(data) : null;
      if (begin) this.onTransaction(begin);
      else this.onFrame(decodeFrame(new Uint8Array(data)));
    });
  }

  static connect(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'electric.0.12');
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }

  private onFrame(frame: Frame): void {
    if (this.seen.length < 40) this.seen.push(frame.type === 'SatRpcResponse' || frame.type === 'SatRpcRequest' ? `${frame.type}:${frame.message.method}` : frame.type);
    if (frame.type === 'SatRpcResponse') {
      this.requests.settle(frame);
    } else if (frame.type === 'SatRpcRequest') {
      this.ws.send(encodeFrame(encodeRpcResponse('startReplication', frame.message.requestId ?? 0, { message: {} }) as Frame));
    } else if (frame.type === 'SatSubsDataEnd') {
      this.synced?.();
    }
  }

  private onTransaction(begin: { xid: number; lsn: Uint8Array }): void {
    this.arrivals.set(begin.xid, Date.now());
    // Acknowledge as the official client does: once 70% of the window (21 of 30) is unacknowledged.
    if (++this.unacked >= ACK_EVERY) {
      this.unacked = 0;
      this.ws.send(encodeFrame({ type: 'SatOpLogAck', message: { transactionId: begin.xid, lsn: begin.lsn } }));
    }
  }


  async subscribeTicks(): Promise<void> {
    await this.requests.call('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'bench' }), headers: [] });
    await this.requests.call('startReplication', { lsn: new Uint8Array(), subscriptionIds: [] });
    const synced = new Promise<void>((resolve) => (this.synced = resolve));
    await this.requests.call('subscribe', { subscriptionId: randomUUID(), shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'ticks' }] } }] });
    await synced;
    this.isSynced = true;
  }

  latencies(commits: Map<string, number>, xids: Map<string, number>): number[] {
    const byId = new Map<string, number>();
    for (const [id, xid] of xids) {
      const at = this.arrivals.get(xid);
      if (at !== undefined) byId.set(id, at);
    }
    return latencies(commits, byId);
  }

  close(): void {
    this.ws.close();
  }
}

/** The transaction id and LSN of a SatOpLog frame that starts with a begin op, else null. */
function readBegin(frame: Buffer): { xid: number; lsn: Uint8Array } | null {
  let pos = 1;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = frame[pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  if (frame[pos++] !== 0x0a) return null; // ops
  varint();
  if (frame[pos++] !== 0x0a) return null; // SatTransOp.begin
  const end = varint() + pos;
  let xid: number | null = null;
  let lsn: Uint8Array = new Uint8Array();
  while (pos < end) {
    const key = varint();
    if ((key & 7) === 0) {
      const value = varint();
      if (key >>> 3 === 7) xid = value;
    } else {
      const length = varint();
      if (key >>> 3 === 3) lsn = frame.subarray(pos, pos + length);
      pos += length;
    }
  }
  return xid === null ? null : { xid, lsn };
}

/** The raw limit: a pgoutput consumer that only decodes, on its own slot. */
class BareConsumer {
  private readonly arrivals = new Map<string, number>();
  private constructor(private readonly client: pg.Client) {}

  static async start(db: DatabaseConfig): Promise<BareConsumer> {
    const slot = `bench_bare_${Date.now()}`;
    const client = new pg.Client({ ...(await clientConfig(db)), replication: 'database' } as pg.ClientConfig);
    await client.connect();
    await client.query(`CREATE_REPLICATION_SLOT ${slot} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
    const consumer = new BareConsumer(client);
    const decoder = new PgOutputDecoder();
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('copyData', ({ chunk }: { chunk: Buffer }) => {
      if (chunk[0] !== 0x77) return;
      const msg = decoder.decode(chunk.subarray(25));
      if (msg.tag === 'insert' && msg.relation.table === 'ticks' && typeof msg.new[0] === 'string') consumer.arrivals.set(msg.new[0], Date.now());
    });
    client.query(`START_REPLICATION SLOT ${slot} LOGICAL 0/0 (proto_version '1', publication_names 'electric_publication')`).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    return consumer;
  }

  latencies(commits: Map<string, number>): number[] {
    return latencies(commits, this.arrivals);
  }

  async stop(): Promise<void> {
    this.client.on('error', () => {});
    await this.client.end().catch(() => {});
  }
}

/** Commit-to-arrival times of the writes that arrived. */
function latencies(commits: Map<string, number>, arrivals: Map<string, number>): number[] {
  const out: number[] = [];
  for (const [id, committed] of commits) {
    const arrived = arrivals.get(id);
    if (arrived !== undefined) out.push(Math.max(0, arrived - committed));
  }
  return out;
}

runMain(main);
