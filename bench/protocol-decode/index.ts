// Decode throughput of a typical SatOpLog frame body (begin + 100 inserts of
// 5 columns + commit) with the two ways protobufjs can decode it:
//
//  - static:     the generated module src/protocol/generated/satellite.js
//                (what src/protocol/codec.ts uses)
//  - reflection: protobufjs Root.fromJSON() of the same .proto compiled to
//                JSON, decoding through the runtime-built Type#decode
//
// Run: node_modules/.bin/bun bench/protocol-decode/index.ts [seconds-per-run]
// (or `npm run bench -- protocol-decode`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { Electric } from '../../src/protocol/generated/satellite.js';
import { decodeFrame, encodeFrame, encodeRow, lsnToBytes, type ISatTransOp } from '../../src/protocol/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const protoPath = path.join(here, '..', '..', 'src', 'protocol', 'satellite.proto');
const seconds = Number(process.argv[2] ?? 1) || 1;

// ---- the payload -----------------------------------------------------------
const commitTimestamp = 1_700_000_000_123;
const lsn = lsnToBytes(24_719_384n);
const ops: ISatTransOp[] = [{ begin: { commitTimestamp, lsn, origin: 'postgres_1', transactionId: 7_654_321 } }];
for (let i = 0; i < 100; i++) {
  ops.push({
    insert: {
      relationId: 16_384,
      rowData: encodeRow([
        `a3bb189e-8bf9-3888-9912-ace4e6543${String(i).padStart(3, '0')}`,
        `item number ${i}`,
        String(i * 37),
        i % 7 === 0 ? null : '2024-05-01 12:34:56.789Z',
        i % 2 === 0 ? 't' : 'f',
      ]),
      tags: [`postgres_1@${commitTimestamp}`],
    },
  });
}
ops.push({ commit: { commitTimestamp, lsn, transactionId: 7_654_321 } });
const frame = encodeFrame({ type: 'SatOpLog', message: { ops } });
const body = frame.subarray(1);

// ---- the two decoders ------------------------------------------------------
const json = protobuf.parse(readFileSync(protoPath, 'utf8')).root.toJSON();
const setupStart = performance.now();
const reflected = protobuf.Root.fromJSON(json).lookupType('Electric.Satellite.SatOpLog');
reflected.decode(body); // first decode builds (codegens) the decoders of every type involved
const reflectionSetupMs = performance.now() - setupStart;
const staticType = Electric.Satellite.SatOpLog;

const decoders: Record<string, () => unknown> = {
  static: () => staticType.decode(body),
  'static via decodeFrame': () => decodeFrame(frame),
  reflection: () => reflected.decode(body),
};

// Sanity: both decoders see the same transaction.
const a = staticType.decode(body);
const b = reflected.decode(body) as unknown as Electric.Satellite.SatOpLog;
if (a.ops.length !== 102 || b.ops.length !== 102 || a.ops[50]?.insert?.rowData?.values?.[1]?.length !== b.ops[50]?.insert?.rowData?.values?.[1]?.length) {
  throw new Error('decoders disagree');
}

let sink = 0;
function measure(fn: () => unknown, budgetMs: number): number {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < 200; i++) if (fn()) sink++;
    n += 200;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

const runtime = typeof (globalThis as { Bun?: { version: string } }).Bun !== 'undefined'
  ? `bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`
  : `node ${process.version}`;
console.log(`SatOpLog body: ${body.length} bytes (begin + 100 inserts x 5 columns + commit), ${runtime}`);

for (const fn of Object.values(decoders)) measure(fn, 300); // warm-up / JIT

const rounds = 3;
const best: Record<string, number> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of Object.entries(decoders)) {
    best[name] = Math.max(best[name] ?? 0, measure(fn, seconds * 1000));
  }
}
for (const [name, rate] of Object.entries(best)) {
  const mbps = (rate * body.length) / 1e6;
  console.log(`${name.padEnd(24)} ${rate.toFixed(0).padStart(8)} decodes/s  ${mbps.toFixed(1).padStart(7)} MB/s  ${(rate * 100 / 1e6).toFixed(2)} M rows/s`);
}
const ratio = (best.static ?? 0) / (best.reflection ?? 1);
console.log(`static / reflection: ${ratio.toFixed(2)}x`);
console.log(`reflection setup (Root.fromJSON + first decode): ${reflectionSetupMs.toFixed(1)} ms`);
if (sink < 0) console.log(sink); // keeps the decode results observable
