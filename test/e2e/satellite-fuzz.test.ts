/**
 * Mutated sessions against a live service. Each session follows the protocol
 * (authenticate, answer the server's startReplication, startReplication,
 * subscribe with a where-clause, a relation, a two-row transaction, an ack),
 * but every frame it sends may be altered first: bytes flipped, cut short,
 * lengthened with garbage, given another tag, replaced by noise, sent twice.
 * The service must answer or close each such connection, never crash or
 * leave an unhandled rejection (vitest fails the file on one), and keep
 * serving a watching client live throughout. A fixed seed keeps CI
 * repeatable; FUZZ_SEED and FUZZ_SESSIONS explore further.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { encodeFrame, encodeRow, encodeRpcRequest, encodeRpcResponse, decodeFrame, type Frame } from '../../src/protocol/index.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import type { ElectricService } from '../../src/service/server.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { startTestService } from '../support/service.js';
import { TestSatelliteClient, unsignedToken } from '../support/satellite-client.js';
import WebSocket from 'ws';
import { mulberry32 } from '../support/random.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const SESSIONS = Number(process.env.FUZZ_SESSIONS ?? 120);

let pgServer: TestPostgres;
let service: ElectricService;
let sql: pg.Client;
let wsUrl: string;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  service = await startTestService({ DATABASE_URL: pgServer.url });
  wsUrl = `${service.httpUrl.replace('http', 'ws')}/ws`;
  sql = await connectClient(pgServer.db);
  await sql.query('CREATE TABLE fuzz (id text PRIMARY KEY, n integer, flag boolean)');
  await sql.query("CALL electric.electrify('fuzz')");
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await sql?.end();
  await pgServer?.stop();
});

type Mutation = 'flip' | 'truncate' | 'extend' | 'retag' | 'noise' | 'twice' | 'empty';
const MUTATIONS: Mutation[] = ['flip', 'truncate', 'extend', 'retag', 'noise', 'twice', 'empty'];

/** One altered version of a frame (or two frames, for 'twice'). */
function mutate(bytes: Uint8Array, kind: Mutation, random: () => number): Uint8Array[] {
  const int = (n: number) => Math.floor(random() * n);
  const copy = Uint8Array.from(bytes);
  switch (kind) {
    case 'flip': {
      for (let i = 0, n = 1 + int(4); i < n; i++) {
        const at = int(copy.length);
        copy[at] = copy[at]! ^ (1 << int(8));
      }
      return [copy];
    }
    case 'truncate':
      return [copy.subarray(0, int(copy.length))];
    case 'extend': {
      const tail = Uint8Array.from({ length: 1 + int(64) }, () => int(256));
      return [Uint8Array.from([...copy, ...tail])];
    }
    case 'retag':
      copy[0] = int(32);
      return [copy];
    case 'noise':
      return [Uint8Array.from({ length: copy.length }, () => int(256))];
    case 'twice':
      return [copy, copy];
    case 'empty':
      return [new Uint8Array()];
  }
}

interface Outcome {
  readonly closeCode: number | null;
  readonly mutated: number;
}

/** One session, each frame altered with probability `rate`; resolves once it is over. */
async function fuzzSession(random: () => number, rate: number, n: number): Promise<Outcome> {
  const ws = new WebSocket(wsUrl, 'electric.0.12');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let closeCode: number | null = null;
  const closed = new Promise<void>((resolve) => ws.once('close', (code) => ((closeCode = code), resolve())));
  let mutated = 0;
  const send = (frame: Frame): void => {
    const bytes = encodeFrame(frame);
    if (random() < rate) {
      mutated++;
      for (const b of mutate(bytes, MUTATIONS[Math.floor(random() * MUTATIONS.length)]!, random)) if (ws.readyState === ws.OPEN) ws.send(b);
    } else if (ws.readyState === ws.OPEN) {
      ws.send(bytes);
    }
  };
  // Answer the server's own startReplication (which may itself be altered).
  ws.on('message', (data: Buffer) => {
    let frame: Frame;
    try {
      frame = decodeFrame(new Uint8Array(data));
    } catch (err) {
      throw new Error(`the service sent an undecodable frame: ${String(err)}`);
    }
    if (frame.type === 'SatRpcRequest' && frame.message.method === 'startReplication') {
      send(encodeRpcResponse('startReplication', frame.message.requestId ?? 0, { message: {} }) as Frame);
    }
  });
  const pause = () => new Promise((r) => setTimeout(r, 5 + Math.floor(random() * 20)));
  const lsn = new Uint8Array([0, 0, 0, n + 1]);
  const steps: (() => Frame)[] = [
    () => encodeRpcRequest('authenticate', 1, { id: randomUUID(), token: unsignedToken({ sub: `fuzz-${n}` }), headers: [] }) as Frame,
    () => encodeRpcRequest('startReplication', 2, { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 }) as Frame,
    () =>
      encodeRpcRequest('subscribe', 3, {
        subscriptionId: randomUUID(),
        shapeRequests: [{ requestId: 'r', shapeDefinition: { selects: [{ tablename: 'fuzz', where: 'this.n >= 0 AND this.flag IS NOT NULL' }] } }],
      }) as Frame,
    () => ({
      type: 'SatRelation',
      message: {
        schemaName: 'public',
        tableType: 0,
        tableName: 'fuzz',
        relationId: 7,
        columns: [
          { name: 'id', type: 'TEXT', primaryKey: true, isNullable: false },
          { name: 'n', type: 'INT4', isNullable: true },
          { name: 'flag', type: 'BOOL', isNullable: true },
        ],
      },
    }),
    () => ({
      type: 'SatOpLog',
      message: {
        ops: [
          { begin: { commitTimestamp: Date.now(), lsn, origin: 'fuzz' } },
          { insert: { relationId: 7, rowData: encodeRow([`s${n}-a`, String(n), 't']), tags: [] } },
          { insert: { relationId: 7, rowData: encodeRow([`s${n}-b`, String(n), 'f']), tags: [] } },
          { commit: { commitTimestamp: Date.now(), lsn } },
        ],
      },
    }),
    () => ({ type: 'SatOpLogAck', message: { transactionId: 1, lsn: new TextEncoder().encode('1') } }),
  ];
  for (const step of steps) {
    if (closeCode !== null) break;
    send(step());
    await pause();
  }
  // Whatever the service made of it, it answers within a moment or the connection stays usable; then we leave.
  await Promise.race([closed, new Promise((r) => setTimeout(r, 150))]);
  if (closeCode === null) ws.close();
  await closed;
  return { closeCode, mutated };
}

describe('mutated Satellite sessions', () => {
  it(`the service answers or closes each of ${SESSIONS} altered sessions and keeps serving a live client (seed ${SEED})`, async () => {
    const watcher = await TestSatelliteClient.connect(wsUrl);
    expect((await watcher.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'watcher' }), headers: [] })).error).toBeFalsy();
    await watcher.answerServerStartReplication();
    await watcher.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 });
    await watcher.rpc('subscribe', {
      subscriptionId: randomUUID(),
      shapeRequests: [{ requestId: 'w', shapeDefinition: { selects: [{ tablename: 'fuzz', where: "this.id LIKE 'probe-%'" }] } }],
    });
    await watcher.waitFor('SatSubsDataEnd');
    const probe = async (k: number): Promise<void> => {
      const mark = watcher.frames.length;
      await sql.query('INSERT INTO fuzz VALUES ($1, $2, true)', [`probe-${k}`, k]);
      await watcher.waitFor('SatOpLog', (f) => (f.message.ops ?? []).some((op) => op.insert), 10_000, mark);
    };

    const random = mulberry32(SEED);
    const codes = new Map<string, number>();
    let mutatedFrames = 0;
    for (let n = 0; n < SESSIONS; n++) {
      // Mostly a few altered frames, sometimes many.
      const outcome = await fuzzSession(random, n % 5 === 0 ? 0.8 : 0.25, n);
      mutatedFrames += outcome.mutated;
      const key = outcome.closeCode === null ? 'open' : String(outcome.closeCode);
      codes.set(key, (codes.get(key) ?? 0) + 1);
      if (n % 20 === 19) await probe(n);
    }
    await probe(SESSIONS);
    expect(mutatedFrames).toBeGreaterThan(SESSIONS / 2);
    // Close codes are the protocol's (1000 normal, 1002/1003/1007/1008/1009 refusals) and never 1011 (internal error).
    for (const code of codes.keys()) expect(['1000', '1002', '1003', '1005', '1006', '1007', '1008', '1009']).toContain(code);
    expect(watcher.closed).toBeNull();

    // A fresh, well-behaved client still gets through and sees what the fuzzed sessions wrote validly.
    const fresh = await TestSatelliteClient.connect(wsUrl);
    expect((await fresh.rpc('authenticate', { id: randomUUID(), token: unsignedToken({ sub: 'after' }), headers: [] })).error).toBeFalsy();
    await fresh.answerServerStartReplication();
    expect((await fresh.rpc('startReplication', { lsn: new Uint8Array(), subscriptionIds: [], sqlDialect: 0 })).message).toMatchObject({ unackedWindowSize: 30 });
    const subscribed = await fresh.rpc('subscribe', {
      subscriptionId: randomUUID(),
      shapeRequests: [{ requestId: 'f', shapeDefinition: { selects: [{ tablename: 'fuzz' }] } }],
    });
    expect((subscribed.message as { err?: unknown }).err ?? null).toBeNull();
    await fresh.waitFor('SatSubsDataEnd');
    const { rows } = await sql.query<{ n: string }>('SELECT count(*)::text AS n FROM fuzz');
    const delivered = fresh.frames.filter((f) => f.type === 'SatOpLog').flatMap((f) => (f.message.ops ?? []).filter((op) => op.insert)).length;
    expect(delivered).toBe(Number(rows[0]!.n));
    fresh.close();
    watcher.close();
  }, 240_000);
});
