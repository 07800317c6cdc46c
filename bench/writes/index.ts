/**
 * bench/writes: 50 clients each committing small transactions (one insert
 * into an electrified table) for 30 s, beside the raw limit measured in the
 * same run: the same rows as plain parameterised INSERTs over one Postgres
 * connection, one row per transaction, sequentially.
 *
 * Figures:
 *  - transactions/s into Postgres: client transactions whose Postgres commit
 *    (pg_xact_commit_timestamp of the row, track_commit_timestamp = on) falls
 *    inside the measured window, divided by the window;
 *  - client commit → Postgres commit: the writer's send time (its commit
 *    timestamp, taken just before the frame is sent, sub-millisecond) to
 *    Postgres's commit timestamp of the row's transaction. Same machine,
 *    same wall clock;
 *  - client commit → another client: the send time to the arrival of the
 *    row at an observer client subscribed to the table (it decodes every
 *    frame and reads the row's id).
 *
 * Each writer is closed-loop: it sends its next transaction when its
 * previous one has been echoed back to it (the echo follows the Postgres
 * commit through change capture), BENCH_PIPELINE transactions in flight at
 * most (default 1). Writers subscribe to nothing: the echo of their own
 * transactions comes regardless. Every client acknowledges received
 * transactions as the official client does (every 21 of the window of 30).
 *
 * The service runs as its own process (Bun, from the sources; Node with
 * BENCH_SERVICE_RUNTIME=node, and BENCH_SERVICE_PROFILE=DIR for a CPU
 * profile of it), so the clients, which live in this process, do not share
 * its event loop. Both write modes are measured in one run, one after the
 * other, each with a fresh Postgres and service: direct_writes and
 * logical_replication (through Postgres' apply worker; BENCH_MODES chooses). BENCH_SECONDS (default 30), BENCH_CLIENTS (default 50)
 * and BENCH_PIPELINE adjust the run.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import WebSocket from 'ws';
import { connectClient } from '../../src/service/postgres/connection.js';
import { decodeFrame, decodeRow, encodeFrame, encodeRow, encodeRpcResponse, type Frame } from '../../src/protocol/index.js';
import { freePort } from '../../src/util/net.js';
import { RpcRequests, percentiles, printTable, startBenchPostgres, startServiceProcess, stopServiceProcess, type Percentiles, runMain } from '../support.js';
import { unsignedToken } from '../../test/support/satellite-client.js';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PIPELINE = Number(process.env.BENCH_PIPELINE ?? 1);
/** Excluded from the figures at the start: connections and caches warming up. */
const WARMUP_MS = Math.min(2000, DURATION_MS / 5);
/** The official client acknowledges when floor(0.7 × window) transactions are unacknowledged. */
const ACK_EVERY = Math.floor(30 * 0.7);
const TABLE = 'items';
const COLUMNS = ['id', 'writer', 'seq', 'note'] as const;
const RELATION_ID = 1;

/** Wall-clock milliseconds with sub-millisecond precision. */
const now = (): number => performance.timeOrigin + performance.now();


/** The row a writer sends as its `seq`-th transaction (also what the raw limit inserts). */
function rowOf(writer: number, seq: number): [string, string, string, string] {
  return [`w${writer}-${seq}`, `writer-${writer}`, String(seq), 'a small client write'];
}

type Mode = 'direct_writes' | 'logical_replication';
const MODES = (process.env.BENCH_MODES ?? 'direct_writes,logical_replication').split(',') as Mode[];

async function main(): Promise<void> {
  for (const mode of MODES) {
    console.log(`\n=== ELECTRIC_WRITE_TO_PG_MODE=${mode} ===`);
    await measure(mode);
  }
  const f = (ms: number) => ms.toFixed(ms < 1 ? 2 : 1);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log('\nboth modes side by side:');
  printTable(
    ['', 'txn/s into Postgres', 'p50 / p99 to Postgres commit', 'p50 / p99 to another client', 'raw INSERT txn/s (same run)'],
    // The apply worker records the publisher's commit time as the transaction's (origin) commit timestamp.
    summaries.map((r) => [r.mode, n(r.txnPerSecond), r.mode === 'logical_replication' ? 'n/a (origin commit time)' : `${f(r.toPg.p50)} / ${f(r.toPg.p99)} ms`, `${f(r.toOther.p50)} / ${f(r.toOther.p99)} ms`, n(r.rawPerSecond)]),
  );
}

const summaries: { mode: Mode; txnPerSecond: number; toPg: Percentiles; toOther: Percentiles; rawPerSecond: number }[] = [];

async function measure(mode: Mode): Promise<void> {
  const postgres = await startBenchPostgres({ wal_writer_delay: '1ms', track_commit_timestamp: 'on' });
  const sql = await connectClient(postgres.db);
  const httpPort = await freePort();
  const service = await startServiceProcess(postgres.url, httpPort, { ELECTRIC_WRITE_TO_PG_MODE: mode });
  // In logical_replication mode pg_xact_commit_timestamp is the client's commit time (the apply worker
  // keeps the publisher's), so "to Postgres commit" and the per-window count use that clock.
  const runtime = process.env.BENCH_SERVICE_RUNTIME === 'node' ? 'Node' : 'Bun';
  try {
    await sql.query(`CREATE TABLE ${TABLE} (id text PRIMARY KEY, writer text NOT NULL, seq integer NOT NULL, note text)`);
    await sql.query(`CALL electric.electrify('${TABLE}')`);
    await sql.query(`CREATE TABLE raw_${TABLE} (id text PRIMARY KEY, writer text NOT NULL, seq integer NOT NULL, note text)`);
    await sql.query(`CREATE TABLE sql_${TABLE} (id text PRIMARY KEY, writer text NOT NULL, seq integer NOT NULL, note text)`);
    await sql.query(`CALL electric.electrify('sql_${TABLE}')`);
    console.log(
      `bench/writes — ${os.cpus().length} cores, ${CLIENTS} writer clients × ${PIPELINE} transaction(s) in flight, 1 insert per transaction, ${DURATION_MS / 1000} s ` +
        `(first ${WARMUP_MS / 1000} s not counted); service as its own process (${runtime}), clients in this process\n`,
    );

    const url = `ws://127.0.0.1:${httpPort}/ws`;
    const observer = await Client.connect(url);
    await observer.start();
    await observer.subscribe(TABLE);
    const writers: Writer[] = [];
    for (let i = 0; i < CLIENTS; i += 10) {
      writers.push(...(await Promise.all(Array.from({ length: Math.min(10, CLIENTS - i) }, (_, k) => Writer.start(url, i + k)))));
    }

    const t0 = now();
    const deadline = t0 + DURATION_MS;
    await Promise.all(writers.map((w) => w.run(deadline)));
    // Let the last transactions arrive at the observer.
    const sent = writers.reduce((n, w) => n + w.sent.size, 0);
    for (let i = 0; i < 100 && observer.arrivals.size < sent; i++) await new Promise((r) => setTimeout(r, 50));
    const windowStart = t0 + WARMUP_MS;
    const windowMs = deadline - windowStart;

    // Postgres's commit time of every client transaction.
    const { rows } = await sql.query<{ id: string; committed: string }>(
      `SELECT id, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::float8::text AS committed FROM ${TABLE}`,
    );
    // The clients' checkpoints the service stores on acknowledgements (the observer's holds every row it received).
    const checkpoints = (
      await sql.query<{ biggest: string; writes: string }>(
        `SELECT (SELECT coalesce(max(octet_length(held_rows)), 0) FROM electric.client_checkpoints)::text AS biggest,
                (SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE schemaname = 'electric' AND relname = 'client_checkpoints')::text AS writes`,
      )
    ).rows[0]!;
    const committedAt = new Map(rows.map((r) => [r.id, Number(r.committed)]));
    const sentAt = new Map<string, number>();
    for (const w of writers) for (const [id, at] of w.sent) sentAt.set(id, at);
    const toPg: number[] = [];
    const toOther: number[] = [];
    const echo: number[] = [];
    let negative = 0;
    for (const [id, at] of sentAt) {
      if (at < windowStart) continue;
      const committed = committedAt.get(id);
      if (committed !== undefined) {
        if (committed < at) negative++;
        toPg.push(Math.max(0, committed - at));
      }
      const arrived = observer.arrivals.get(id);
      if (arrived !== undefined) toOther.push(arrived - at);
    }
    for (const w of writers) echo.push(...w.echoLatencies(windowStart));
    const inWindow = rows.filter((r) => {
      const c = Number(r.committed);
      return c >= windowStart && c < deadline;
    }).length;
    const txnPerSecond = inWindow / (windowMs / 1000);
    const slices = new Array<number>(Math.ceil(DURATION_MS / 5000)).fill(0);
    for (const r of rows) {
      const slice = Math.floor((Number(r.committed) - t0) / 5000);
      if (slice >= 0 && slice < slices.length) slices[slice]!++;
    }
    const missing = [...sentAt.keys()].filter((id) => !committedAt.has(id)).length;
    const unseen = [...sentAt.keys()].filter((id) => !observer.arrivals.has(id)).length;
    for (const w of writers) w.close();
    observer.close();

    // The raw limit: the same rows, plain parameterised INSERTs, one connection, one row per transaction.
    const rowsSent = rowsInSendOrder(writers);
    const raw = await timeInserts(postgres.db, rowsSent, 'raw', (row) => ({
      name: 'raw_insert',
      text: `INSERT INTO raw_${TABLE} (id, writer, seq, note) VALUES ($1, $2, $3, $4)`,
      values: row,
    }));
    // Where the service's time goes: the SQL it runs per transaction, alone.
    const applyAlone = await timeInserts(postgres.db, rowsSent, 'apply', (row, i) => ({
      name: 'apply',
      text: 'SELECT electric.apply_client_transaction($1, $2, $3, $4::jsonb)',
      values: [
        writers[0]!.clientId,
        Buffer.from([(i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]),
        Date.now(),
        JSON.stringify([{ s: 'public', t: `sql_${TABLE}`, v: row, o: [], d: false, m: [true, true, true], r: true }]),
      ],
    }));

    const pgPercentiles = percentiles(toPg);
    const otherPercentiles = percentiles(toOther);
    summaries.push({ mode, txnPerSecond, toPg: pgPercentiles, toOther: otherPercentiles, rawPerSecond: raw.rowsPerSecond });
    const echoPercentiles = percentiles(echo);
    const rawPercentiles = percentiles(raw.latencies);
    const applyPercentiles = percentiles(applyAlone.latencies);
    const f = (ms: number) => ms.toFixed(ms < 1 ? 2 : 1);
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    printTable(
      ['', 'txn/s', 'p50 / p99 to Postgres commit', 'p50 / p99 to another client', 'p50 / p99 echo to writer'],
      [
        [`raw: INSERT, 1 connection, sequential`, n(raw.rowsPerSecond), `${f(rawPercentiles.p50)} / ${f(rawPercentiles.p99)} ms`, '—', '—'],
        [`apply_client_transaction alone, 1 conn.`, n(applyAlone.rowsPerSecond), `${f(applyPercentiles.p50)} / ${f(applyPercentiles.p99)} ms`, '—', '—'],
        [`electric (${mode}): ${CLIENTS} clients`, n(txnPerSecond), `${f(pgPercentiles.p50)} / ${f(pgPercentiles.p99)} ms`, `${f(otherPercentiles.p50)} / ${f(otherPercentiles.p99)} ms`, `${f(echoPercentiles.p50)} / ${f(echoPercentiles.p99)} ms`],
      ],
    );
    console.log(
      `\nratio: electric ${n(txnPerSecond)} txn/s = ${((txnPerSecond / raw.rowsPerSecond) * 100).toFixed(1)}% of the raw limit (${n(raw.rowsPerSecond)} rows/s, ${n(raw.rows)} rows); ` +
        `${((txnPerSecond / applyAlone.rowsPerSecond) * 100).toFixed(1)}% of apply_client_transaction alone (${n(applyAlone.rowsPerSecond)}/s)`,
    );
    console.log(
      `targets: ≥ 3,000 txn/s: ${txnPerSecond >= 3000 ? 'met' : 'NOT met'}; p50 ≤ 15 ms to another client: ${otherPercentiles.p50 <= 15 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `checks: ${n(sentAt.size)} transactions sent, ${n(sentAt.size - missing)} in Postgres, ${n(sentAt.size - unseen)} seen by the observer` +
        (negative > 0 ? `; ${negative} Postgres commits before their send time (clock skew, counted as 0)` : ''),
    );
    console.log(`txn/s per 5 s of the run: ${slices.map((c, i) => n(c / (Math.min(5000, DURATION_MS - i * 5000) / 1000))).join(', ')}`);
    console.log(
      `service's stored client checkpoints: ${n(Number(checkpoints.writes))} writes, the largest ${(Number(checkpoints.biggest) / 1024).toFixed(0)} KiB of held rows at the end`,
    );
    console.log(
      'Latencies start at the writer\'s commit timestamp (just before it sends). "To Postgres commit": pg_xact_commit_timestamp of the row. ' +
        'Raw latency: one INSERT round trip (autocommit). "apply_client_transaction alone": the SQL the service runs per client transaction, ' +
        'called sequentially over one connection marked as Electric\'s (as the service\'s writer is), same rows into another electrified table: not a target, it shows the share of Postgres.',
    );
  } finally {
    await stopServiceProcess(service);
    await sql.end();
    await postgres.stop();
  }
}

/** The rows the writers sent, interleaved by sequence number as they were sent. */
function rowsInSendOrder(writers: Writer[]): string[][] {
  const rows: string[][] = [];
  const maxSeq = Math.max(...writers.map((w) => w.sent.size));
  for (let seq = 0; seq < maxSeq; seq++) for (const w of writers) if (seq < w.sent.size) rows.push(rowOf(w.index, seq));
  return rows;
}

/** Runs one statement per row, sequentially over one connection, each in its own transaction (autocommit). */
async function timeInserts(
  db: Parameters<typeof connectClient>[0],
  rows: string[][],
  kind: 'raw' | 'apply',
  statement: (row: string[], i: number) => pg.QueryConfig,
): Promise<{ rows: number; rowsPerSecond: number; latencies: number[] }> {
  const client: pg.Client =
    kind === 'raw' ? await connectClient(db) : await connectClient(db, { applicationName: 'bench_apply', settings: { 'electric.session_replication_role': 'replica' } });
  const latencies: number[] = [];
  const t0 = now();
  for (let i = 0; i < rows.length; i++) {
    const start = now();
    await client.query(statement(rows[i]!, i));
    latencies.push(now() - start);
  }
  const elapsed = now() - t0;
  await client.end();
  return { rows: rows.length, rowsPerSecond: rows.length / (elapsed / 1000), latencies };
}

/** A minimal Satellite client: authenticates, accepts writes, acknowledges what it receives. */
class Client {
  private readonly requests: RpcRequests;
  private serverStarted: (() => void) | null = null;
  private synced: (() => void) | null = null;
  private unacked = 0;
  private columns = 0;
  readonly clientId = randomUUID();
  /** Arrival time of every inserted row, by id (an observer's record). */
  readonly arrivals = new Map<string, number>();
  /** Called with each transaction's begin op (origin, commit timestamp). */
  onBegin: ((origin: string) => void) | null = null;

  protected constructor(protected readonly ws: WebSocket) {
    this.requests = new RpcRequests((bytes) => ws.send(bytes));
    ws.on('message', (data: Buffer) => this.onFrame(decodeFrame(new Uint8Array(data))));
  }

  static async connect(url: string): Promise<Client> {
    // /api/status turns 200 when Postgres is ready; the WebSocket endpoint
    // follows once the writer has started (the publisher takes a moment).
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Promise<Client>((resolve, reject) => {
          const ws = new WebSocket(url, 'electric.0.12');
          ws.once('open', () => resolve(new Client(ws)));
          ws.once('error', reject);
        });
      } catch (err) {
        if (attempt >= 50 || !String(err).includes('503')) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private onFrame(frame: Frame): void {
    switch (frame.type) {
      case 'SatRpcResponse':
        this.requests.settle(frame);
        return;
      case 'SatRpcRequest':
        // The server's startReplication: answering it lets this client write.
        this.ws.send(encodeFrame(encodeRpcResponse('startReplication', frame.message.requestId ?? 0, { message: {} }) as Frame));
        this.serverStarted?.();
        return;
      case 'SatRelation':
        if (frame.message.tableName === TABLE) this.columns = frame.message.columns?.length ?? 0;
        return;
      case 'SatSubsDataEnd':
        this.synced?.();
        return;
      case 'SatOpLog':
        return this.onOpLog(frame.message.ops ?? []);
      default:
    }
  }

  private onOpLog(ops: NonNullable<Extract<Frame, { type: 'SatOpLog' }>['message']['ops']>): void {
    const at = now();
    for (const op of ops) {
      if (op.begin) {
        this.onBegin?.(op.begin.origin ?? '');
        if (++this.unacked >= ACK_EVERY) {
          this.unacked = 0;
          this.ws.send(encodeFrame({ type: 'SatOpLogAck', message: { transactionId: op.begin.transactionId, lsn: op.begin.lsn } }));
        }
      } else if (op.insert?.rowData && this.columns > 0) {
        const id = decodeRow(op.insert.rowData, this.columns)[0];
        if (id) this.arrivals.set(Buffer.from(id).toString(), at);
      }
    }
  }


  /** Authenticates, answers the server's startReplication and starts replication. */
  async start(): Promise<void> {
    const serverStarted = new Promise<void>((resolve) => (this.serverStarted = resolve));
    await this.requests.call('authenticate', { id: this.clientId, token: unsignedToken({ sub: 'bench' }), headers: [] });
    await serverStarted;
    await this.requests.call('startReplication', { lsn: new Uint8Array(), subscriptionIds: [] });
  }

  async subscribe(table: string): Promise<void> {
    const synced = new Promise<void>((resolve) => (this.synced = resolve));
    await this.requests.call('subscribe', { subscriptionId: randomUUID(), shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: table }] } }] });
    await synced;
  }

  send(frame: Frame): void {
    this.ws.send(encodeFrame(frame));
  }

  close(): void {
    this.ws.close();
  }
}

/** A client that writes one-insert transactions, PIPELINE in flight, the next when one is echoed back. */
class Writer {
  /** Send time of each transaction, by row id. */
  readonly sent = new Map<string, number>();
  private readonly inFlight: { id: string; at: number }[] = [];
  private readonly echoes: { at: number; latency: number }[] = [];
  private seq = 0;
  private deadline = 0;
  private done: (() => void) | null = null;

  private constructor(
    private readonly client: Client,
    readonly index: number,
  ) {
    client.onBegin = (origin) => {
      if (origin !== client.clientId) return;
      const tx = this.inFlight.shift();
      if (!tx) return;
      const at = now();
      this.echoes.push({ at: tx.at, latency: at - tx.at });
      this.fill();
    };
  }

  static async start(url: string, index: number): Promise<Writer> {
    const client = await Client.connect(url);
    await client.start();
    client.send({
      type: 'SatRelation',
      message: {
        schemaName: 'public',
        tableType: 0,
        tableName: TABLE,
        relationId: RELATION_ID,
        columns: COLUMNS.map((name) => ({ name, type: name === 'seq' ? 'INTEGER' : 'TEXT', primaryKey: name === 'id', isNullable: name === 'note' })),
      },
    });
    return new Writer(client, index);
  }

  run(deadline: number): Promise<void> {
    this.deadline = deadline;
    return new Promise((resolve) => {
      // An echo that never comes must not hang the run: its transaction shows as missing.
      const timer = setTimeout(resolve, deadline - now() + 10_000);
      this.done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.fill();
    });
  }

  private fill(): void {
    while (this.inFlight.length < PIPELINE && now() < this.deadline) this.sendOne();
    if (this.inFlight.length === 0) this.done?.();
  }

  private sendOne(): void {
    const seq = this.seq++;
    const row = rowOf(this.index, seq);
    const at = now();
    const ms = Math.floor(at);
    const lsn = new Uint8Array([(seq >>> 24) & 255, (seq >>> 16) & 255, (seq >>> 8) & 255, seq & 255]);
    this.client.send({
      type: 'SatOpLog',
      message: {
        ops: [
          { begin: { commitTimestamp: ms, lsn } },
          { insert: { relationId: RELATION_ID, rowData: encodeRow(row), tags: [] } },
          { commit: { commitTimestamp: ms, lsn } },
        ],
      },
    });
    this.sent.set(row[0], at);
    this.inFlight.push({ id: row[0], at });
  }

  get clientId(): string {
    return this.client.clientId;
  }

  echoLatencies(from: number): number[] {
    return this.echoes.filter((e) => e.at >= from).map((e) => e.latency);
  }

  close(): void {
    this.client.close();
  }
}

runMain(main);
