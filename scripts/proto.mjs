// Regenerates the static protobuf code of the Satellite protocol:
//
//   src/protocol/satellite.proto  ->  src/protocol/generated/satellite.js
//                                     src/protocol/generated/satellite.d.ts
//
// Usage: npm run proto
//
// pbjs (static-module, ES module wrapper) emits encode/decode only: no
// create/verify/fromObject/toObject/delimited/typeUrl/service code, none of
// which the codec uses (src/protocol/codec.ts). pbts needs the JSDoc of a
// commented build to produce the declarations, so pbjs runs twice: once with
// comments (only fed to pbts), once without (the committed module).
//
// The emitted module is then post-processed:
//  1. `import * as $protobuf from "protobufjs/minimal"` becomes
//     `import $protobuf from "protobufjs/minimal.js"`: protobufjs is CommonJS
//     without an `exports` map, so Node ESM needs the file extension, and its
//     API is only reliably reachable through the default (module.exports)
//     import under Node, Bun, vitest and `bun build --compile`.
//  2. 64-bit integers decode to plain JS numbers. protobufjs' own
//     Reader#uint64/int64 return either a Long or a number depending on a
//     process-global setting (whether the `long` package could be loaded, and
//     whoever called `protobuf.configure()` last — the official electric-sql
//     client does). The generated decoders therefore read 64-bit varints with a
//     local helper that always returns a number (exact up to 2^53; every
//     value the protocol carries — ms timestamps, Postgres transaction ids,
//     refs — is far below that), and the Long-or-0 prototype defaults become
//     0. Encoding already accepts numbers (and Longs) whatever the setting.
//  3. A header saying the files are generated.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const protoFile = path.join(root, 'src', 'protocol', 'satellite.proto');
const outDir = path.join(root, 'src', 'protocol', 'generated');
const outJs = path.join(outDir, 'satellite.js');
const outDts = path.join(outDir, 'satellite.d.ts');
const cliDir = path.join(root, 'node_modules', 'protobufjs-cli', 'bin');

const HEADER = [
  '// GENERATED FILE — do not edit. Produced by `npm run proto` (scripts/proto.mjs)',
  '// from src/protocol/satellite.proto with protobufjs-cli (pbjs static-module / pbts).',
  '',
].join('\n');

// 64-bit varints are decoded by these helpers instead of Reader#uint64/int64
// (see the header of scripts/proto.mjs): they always yield a JS number, exact
// up to 2^53, whatever protobufjs' global Long configuration is.
const INT64_HELPERS = `// 64-bit integers always decode to JS numbers (exact up to 2^53), independent
// of protobufjs' process-global Long configuration. See scripts/proto.mjs.
function $readVarint64(reader, signed) {
    const buf = reader.buf, len = reader.len;
    let pos = reader.pos, lo = 0, hi = 0, b = 128, i = 0;
    while (i < 4) {
        if (pos >= len) throw RangeError("index out of range");
        b = buf[pos++];
        lo |= (b & 127) << (7 * i++);
        if (b < 128) break;
    }
    if (b >= 128) {
        if (pos >= len) throw RangeError("index out of range");
        b = buf[pos++];
        lo |= (b & 15) << 28;
        hi = (b & 127) >> 4;
        for (i = 0; b >= 128; i++) {
            if (i === 5) throw Error("invalid varint encoding");
            if (pos >= len) throw RangeError("index out of range");
            b = buf[pos++];
            hi |= (b & 127) << (7 * i + 3);
        }
    }
    reader.pos = pos;
    lo >>>= 0;
    hi >>>= 0;
    if (signed && hi >= 0x80000000) {
        lo = (~lo + 1) >>> 0;
        hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
        return -(hi * 4294967296 + lo);
    }
    return hi * 4294967296 + lo;
}

function $readUint64(reader) {
    return $readVarint64(reader, false);
}

function $readInt64(reader) {
    return $readVarint64(reader, true);
}
`;

function run(tool, args) {
  const result = spawnSync(process.execPath, [path.join(cliDir, tool), ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    console.error(`proto: ${tool} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

function fail(message) {
  console.error(`proto: ${message}`);
  process.exit(1);
}

/** Replaces every occurrence of `from`, insisting there is at least one. */
function replaceAll(source, from, to, what) {
  const parts = source.split(from);
  if (parts.length < 2) fail(`post-processing: no ${what} found (pbjs output changed?)`);
  return parts.join(to);
}

const pbjsArgs = [
  '--target', 'static-module',
  '--wrap', 'es6',
  '--root', 'electric_satellite',
  '--no-create',
  '--no-verify',
  '--no-convert',
  '--no-delimited',
  '--no-typeurl',
  '--no-service',
  '--force-number',
];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'electric-proto-'));
try {
  const commented = path.join(tmp, 'satellite.commented.js');
  const bare = path.join(tmp, 'satellite.js');
  const dts = path.join(tmp, 'satellite.d.ts');

  run('pbjs', [...pbjsArgs, '--out', commented, protoFile]);
  run('pbjs', [...pbjsArgs, '--no-comments', '--out', bare, protoFile]);
  run('pbts', ['--no-comments', '--out', dts, commented]);

  // ---- JavaScript -------------------------------------------------------
  let js = readFileSync(bare, 'utf8');

  js = replaceAll(
    js,
    'import * as $protobuf from "protobufjs/minimal";',
    'import $protobuf from "protobufjs/minimal.js";',
    'protobufjs import',
  );

  const aliases = 'const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;';
  js = replaceAll(js, aliases, `${aliases}\n\n${INT64_HELPERS}`, 'alias line');

  js = replaceAll(js, 'reader.uint64()', '$readUint64(reader)', 'uint64 reads');
  js = replaceAll(js, 'reader.int64()', '$readInt64(reader)', 'int64 reads');
  js = replaceAll(js, '$util.Long ? $util.Long.fromBits(0,0,true) : 0', '0', 'uint64 defaults');
  js = replaceAll(js, '$util.Long ? $util.Long.fromBits(0,0,false) : 0', '0', 'int64 defaults');
  const leftover = /Long|\.(?:u|s)?int64\(\)|fixed64\(\)/.exec(js.replace(INT64_HELPERS, ''));
  if (leftover) fail(`post-processing: unexpected 64-bit/Long code left: ${leftover[0]}`);

  // ---- Declarations -----------------------------------------------------
  let types = readFileSync(dts, 'utf8');
  types = types.replace(/^import Long = require\("long"\);\n/m, '');
  if (/\bLong\b/.test(types)) fail('post-processing: declarations still mention Long');

  mkdirSync(outDir, { recursive: true });
  writeFileSync(outJs, HEADER + js);
  writeFileSync(outDts, HEADER + types);
  console.log(`proto: wrote ${path.relative(root, outJs)} and ${path.relative(root, outDts)}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
