import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import protobufMinimal from 'protobufjs/minimal.js';
// The official electric-sql@0.12.1 client's generated protocol, used as a real
// peer. Importing it also reconfigures protobufjs' global Long support, which
// our decoders must be immune to.
import * as Official from '../../node_modules/electric-sql/dist/_generated/protocol/satellite.js';
import { getMaskBit, setMaskBit } from '../../node_modules/electric-sql/dist/util/bitmaskHelpers.js';
import { mulberry32 } from '../support/random.js';
import {
  Electric,
  MESSAGE_TAGS,
  ProtocolError,
  RESERVED_TAGS,
  SERVER_PROTOCOL_VERSION,
  bytesToLsn,
  decodeFrame,
  decodeRow,
  decodeRpcRequestBody,
  decodeRpcResponseBody,
  encodeFrame,
  encodeRow,
  encodeRpcRequest,
  encodeRpcResponse,
  frameTypeOfTag,
  isRpcMethod,
  lsnToBytes,
  type Frame,
  type FrameType,
  type ISatInStartReplicationReq,
  type ISatOpLog,
  type ISatOpLogAck,
  type ISatRelation,
  type ISatSubsReq,
  type ISatSubsResp,
  type ISatInStartReplicationResp,
  type ProtocolErrorCode,
  type WireValue,
} from '../../src/protocol/index.js';

const S = Electric.Satellite;
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/** What we need of a ts-proto codec of the official client. */
interface OfficialCodec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  fromPartial(object: unknown): unknown;
}
const official = Official as unknown as Record<string, OfficialCodec>;
function theirs(name: string): OfficialCodec {
  const codec = official[name];
  if (!codec) throw new Error(`official client has no ${name}`);
  return codec;
}

function isLong(v: unknown): v is { toNumber(): number; low: number; high: number } {
  return typeof v === 'object' && v !== null && 'low' in v && 'high' in v && 'unsigned' in v;
}

/**
 * Canonical form for comparing messages decoded by different
 * implementations: proto3 default values (0, '', false, empty bytes/arrays,
 * null/undefined) are dropped, Longs become numbers, bytes become arrays,
 * ts-proto's `$type` is ignored. Presence of proto3 `optional` fields that
 * carry a default value is checked separately where it matters.
 */
function canon(value: unknown): unknown {
  if (isLong(value)) return value.toNumber();
  if (value instanceof Uint8Array) return value.length === 0 ? undefined : Array.from(value);
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => canon(v) ?? null);
  if (value === null || value === undefined || value === 0 || value === '' || value === false) return undefined;
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$type') continue;
      const c = canon(v);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

function expectProtocolError(fn: () => unknown, code: ProtocolErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ProtocolError);
  expect((thrown as ProtocolError).code).toBe(code);
}

/** Frames the way the official client does: tag byte + ts-proto encoding. */
function officialFrame(tag: number, name: string, message: unknown): Uint8Array {
  const codec = theirs(name);
  const body = codec.encode(codec.fromPartial(message)).finish();
  const out = new Uint8Array(body.length + 1);
  out[0] = tag;
  out.set(body, 1);
  return out;
}

/** Decodes one of our frames the way the official client does. */
function officialDecodeFrame(data: Uint8Array, expectedName: string): unknown {
  return theirs(expectedName).decode(data.subarray(1));
}

// ---------------------------------------------------------------------------
// representative messages
// ---------------------------------------------------------------------------

const LSN = lsnToBytes(24_719_384n);
const TS = 1_700_000_000_123; // Unix ms, needs more than 32 bits
const TXID = 4_294_967_297; // > 2^32

function row(values: (string | null)[]) {
  return encodeRow(values);
}

const relation: ISatRelation = {
  schemaName: 'public',
  tableType: S.SatRelation.RelationType.TABLE,
  tableName: 'items',
  relationId: 16_384,
  columns: [
    { name: 'id', type: 'uuid', primaryKey: true, isNullable: false },
    { name: 'title', type: 'text', isNullable: true },
    { name: 'n', type: 'int4', isNullable: true },
  ],
};

const opLog: ISatOpLog = {
  ops: [
    {
      begin: {
        commitTimestamp: TS,
        lsn: LSN,
        origin: 'postgres_1',
        isMigration: true,
        additionalDataRef: 12,
        transactionId: TXID,
      },
    },
    {
      migrate: {
        version: '20240501_1',
        stmts: [{ type: S.SatOpMigrate.Type.CREATE_TABLE, sql: 'CREATE TABLE "items" ("id" TEXT NOT NULL);' }],
        table: {
          name: 'items',
          columns: [{ name: 'id', sqliteType: 'TEXT', pgType: { name: 'uuid', array: [], size: [] } }],
          fks: [{ fkCols: ['owner_id'], pkTable: 'users', pkCols: ['id'] }],
          pks: ['id'],
        },
      },
    },
    {
      migrate: {
        version: '20240501_2',
        stmts: [{ type: S.SatOpMigrate.Type.CREATE_ENUM_TYPE, sql: "CREATE TYPE colour AS ENUM ('red', 'blue');" }],
        enumType: { name: 'colour', values: ['red', 'blue'] },
      },
    },
    { insert: { relationId: 16_384, rowData: row(['a', 'hello', null]), tags: ['postgres_1@1700000000000'] } },
    {
      update: {
        relationId: 16_384,
        rowData: row(['a', 'bye', '3']),
        oldRowData: row(['a', 'hello', null]),
        tags: ['postgres_1@1700000000000', 'client@1'],
      },
    },
    { delete: { relationId: 16_384, oldRowData: row(['a', 'bye', '3']), tags: ['x@2'] } },
    { compensation: { relationId: 16_384, pkData: row(['a', null, null]), tags: ['y@3'] } },
    { gone: { relationId: 16_384, pkData: row(['b', null, null]) } },
    { additionalBegin: { ref: 12 } },
    { additionalCommit: { ref: 12 } },
    { commit: { commitTimestamp: TS, lsn: LSN, additionalDataRef: 12, transactionId: TXID } },
  ],
};

const startReplicationReq: ISatInStartReplicationReq = {
  lsn: LSN,
  options: [],
  subscriptionIds: ['sub-1', 'sub-2'],
  schemaVersion: '20240501_2',
  observedTransactionData: [TXID, 5],
  sqlDialect: S.SatInStartReplicationReq.Dialect.POSTGRES,
  observedGoneBatch: ['sub-0'],
};

const subsReq: ISatSubsReq = {
  subscriptionId: 'sub-1',
  shapeRequests: [
    {
      requestId: 'req-1',
      shapeDefinition: {
        selects: [
          {
            tablename: 'projects',
            where: "this.owner_id = 'u1'",
            include: [
              {
                foreignKey: ['project_id'],
                select: {
                  tablename: 'issues',
                  where: 'this.open',
                  include: [{ foreignKey: ['issue_id'], select: { tablename: 'comments' } }],
                },
              },
            ],
          },
        ],
      },
    },
  ],
};

const subsRespWithErrors: ISatSubsResp = {
  subscriptionId: 'sub-1',
  err: {
    code: S.SatSubsResp.SatSubsError.Code.SHAPE_REQUEST_ERROR,
    message: 'bad shape',
    shapeRequestError: [
      {
        code: S.SatSubsResp.SatSubsError.ShapeReqError.Code.INVALID_WHERE_CLAUSE,
        message: 'where clause is not boolean',
        requestId: 'req-1',
      },
      { code: S.SatSubsResp.SatSubsError.ShapeReqError.Code.TABLE_NOT_FOUND, message: 'no table', requestId: 'req-2' },
    ],
  },
};

const startReplicationRespWithErr: ISatInStartReplicationResp = {
  err: {
    code: S.SatInStartReplicationResp.ReplicationError.Code.BEHIND_WINDOW,
    message: "Cannot catch up to the server's current state",
  },
};

const opLogAck: ISatOpLogAck = {
  ackTimestamp: TS,
  lsn: LSN,
  transactionId: TXID,
  subscriptionIds: ['sub-1'],
  additionalDataSourceIds: [TXID, 7],
  goneSubscriptionIds: ['sub-0'],
};

/** One representative frame of every type. */
const SAMPLE_FRAMES: Frame[] = [
  {
    type: 'SatErrorResp',
    message: { errorType: S.SatErrorResp.ErrorCode.PERMISSION_DENIED, lsn: ascii('7'), message: 'permission denied' },
  },
  { type: 'SatOpLog', message: opLog },
  { type: 'SatRelation', message: relation },
  {
    type: 'SatSubsDataError',
    message: {
      code: S.SatSubsDataError.Code.SHAPE_DELIVERY_ERROR,
      message: 'too big',
      subscriptionId: 'sub-1',
      shapeRequestError: [
        { code: S.SatSubsDataError.ShapeReqError.Code.SHAPE_SIZE_LIMIT_EXCEEDED, message: 'limit', requestId: 'r' },
      ],
    },
  },
  { type: 'SatSubsDataBegin', message: { subscriptionId: 'sub-1', lsn: LSN } },
  { type: 'SatSubsDataEnd', message: {} },
  { type: 'SatShapeDataBegin', message: { requestId: 'req-1', uuid: '6f1c3b6e-1c6b-4b36-9a33-5c1f9c9d1a11' } },
  { type: 'SatShapeDataEnd', message: {} },
  encodeRpcRequest('subscribe', 9, subsReq),
  encodeRpcResponse('subscribe', 9, { message: subsRespWithErrors }),
  { type: 'SatOpLogAck', message: opLogAck },
  { type: 'SatUnsubsDataBegin', message: { subscriptionIds: ['sub-1', 'sub-2'], lsn: LSN } },
  { type: 'SatUnsubsDataEnd', message: {} },
  {
    type: 'SatPerms',
    message: {
      id: -42,
      userId: 'user-1',
      rules: {
        id: TXID,
        parentId: 3,
        grants: [
          {
            id: 'g1',
            table: { schema: 'public', name: 'issues' },
            role: { application: 'editor' },
            privilege: S.SatPerms.Privilege.UPDATE,
            columns: { names: ['title', 'body'] },
            scope: { schema: 'public', name: 'projects' },
            path: { columns: [{ table: { schema: 'public', name: 'issues' }, column: 'project_id' }] },
            check: 'ROW.title <> \'\'',
          },
          {
            id: 'g2',
            table: { schema: 'public', name: 'issues' },
            role: { predefined: S.SatPerms.PredefinedRole.AUTHENTICATED },
            privilege: S.SatPerms.Privilege.SELECT,
          },
        ],
        assigns: [
          {
            id: 'a1',
            table: { schema: 'public', name: 'memberships' },
            userColumn: 'user_id',
            roleColumn: 'role',
            scope: { schema: 'public', name: 'projects' },
            if: 'ROW.active',
          },
        ],
      },
      roles: [
        {
          rowId: ['m1'],
          role: 'editor',
          userId: 'user-1',
          assignId: 'a1',
          scope: { table: { schema: 'public', name: 'projects' }, id: ['p1'] },
        },
      ],
    },
  },
  { type: 'SatClientCommand', message: { resetDatabase: { reason: S.SatClientCommand.ResetDatabase.Reason.PERMISSIONS_CHANGE } } },
];

// ---------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------

describe('frame tags', () => {
  it('match the spec table (§3.1)', () => {
    expect(MESSAGE_TAGS).toEqual({
      SatErrorResp: 0,
      SatOpLog: 9,
      SatRelation: 10,
      SatSubsDataError: 14,
      SatSubsDataBegin: 15,
      SatSubsDataEnd: 16,
      SatShapeDataBegin: 17,
      SatShapeDataEnd: 18,
      SatRpcRequest: 21,
      SatRpcResponse: 22,
      SatOpLogAck: 23,
      SatUnsubsDataBegin: 24,
      SatUnsubsDataEnd: 25,
      SatPerms: 26,
      SatClientCommand: 27,
    });
    expect(RESERVED_TAGS).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 19, 20]);
    for (const tag of RESERVED_TAGS) expect(frameTypeOfTag(tag)).toBeUndefined();
    for (const [type, tag] of Object.entries(MESSAGE_TAGS)) expect(frameTypeOfTag(tag)).toBe(type);
    expect(SERVER_PROTOCOL_VERSION).toBe('0.12.1');
  });

  it('every frame is one tag byte followed by the protobuf body', () => {
    for (const frame of SAMPLE_FRAMES) {
      const bytes = encodeFrame(frame);
      expect(bytes[0]).toBe(MESSAGE_TAGS[frame.type]);
      const codec = S[frame.type] as unknown as { encode(m: unknown): { finish(): Uint8Array } };
      expect(Array.from(bytes.subarray(1))).toEqual(Array.from(codec.encode(frame.message).finish()));
    }
  });

  it('covers every frame type with a sample', () => {
    expect(new Set(SAMPLE_FRAMES.map((f) => f.type))).toEqual(new Set(Object.keys(MESSAGE_TAGS) as FrameType[]));
  });
});

describe('generated module', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const script = [
    "import { Electric } from './src/protocol/generated/satellite.js';",
    'const S = Electric.Satellite;',
    'const bytes = S.SatOpBegin.encode({ commitTimestamp: 1700000000123, transactionId: 2 ** 40 }).finish();',
    'const m = S.SatOpBegin.decode(bytes);',
    'console.log(JSON.stringify([typeof m.commitTimestamp, m.commitTimestamp, m.transactionId]));',
  ].join('\n');
  const expected = JSON.stringify(['number', 1_700_000_000_123, 2 ** 40]);

  it('imports under plain Node ESM', () => {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe(expected);
  });

  it('imports under Bun', () => {
    const bun = path.join(root, 'node_modules', '.bin', 'bun');
    const out = spawnSync(bun, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe(expected);
  });
});

describe('frame round trip', () => {
  for (const frame of SAMPLE_FRAMES) {
    it(frame.type, () => {
      const decoded = decodeFrame(encodeFrame(frame));
      expect(decoded.type).toBe(frame.type);
      expect(canon(decoded.message)).toEqual(canon(frame.message));
    });
  }

  it('accepts an ArrayBuffer and a Buffer', () => {
    const bytes = encodeFrame({ type: 'SatSubsDataBegin', message: { subscriptionId: 's', lsn: LSN } });
    // (encodeFrame's result may be a view into a shared pool: copy before taking .buffer)
    const copy = new Uint8Array(bytes);
    expect(decodeFrame(copy.buffer).type).toBe('SatSubsDataBegin');
    expect(decodeFrame(Buffer.from(bytes)).type).toBe('SatSubsDataBegin');
  });

  it('keeps proto3 optional presence', () => {
    const begin = { commitTimestamp: 0, lsn: new Uint8Array(0), transactionId: 0, origin: '' };
    const decoded = decodeFrame(encodeFrame({ type: 'SatOpLog', message: { ops: [{ begin }] } }));
    if (decoded.type !== 'SatOpLog') throw new Error('wrong type');
    const b = decoded.message.ops[0]?.begin;
    expect(b?.transactionId).toBe(0);
    expect(b?.origin).toBe('');
    const absent = decodeFrame(encodeFrame({ type: 'SatOpLog', message: { ops: [{ begin: {} }] } }));
    if (absent.type !== 'SatOpLog') throw new Error('wrong type');
    expect(absent.message.ops[0]?.begin?.transactionId ?? null).toBeNull();
  });

  it('decodes 64-bit fields to numbers even with Long configured globally', () => {
    // the official client's module set protobufjs' util.Long when imported
    expect(protobufMinimal.util.Long).toBeTruthy();
    const decoded = decodeFrame(encodeFrame({ type: 'SatOpLogAck', message: opLogAck }));
    if (decoded.type !== 'SatOpLogAck') throw new Error('wrong type');
    expect(decoded.message.ackTimestamp).toBe(TS);
    expect(decoded.message.transactionId).toBe(TXID);
    expect(decoded.message.additionalDataSourceIds).toEqual([TXID, 7]);

    const big = Number.MAX_SAFE_INTEGER;
    const log = decodeFrame(
      encodeFrame({ type: 'SatOpLog', message: { ops: [{ begin: { commitTimestamp: big, transactionId: 1 } }] } }),
    );
    if (log.type !== 'SatOpLog') throw new Error('wrong type');
    expect(log.message.ops[0]?.begin?.commitTimestamp).toBe(big);
    const defaults = decodeFrame(encodeFrame({ type: 'SatOpLogAck', message: {} }));
    if (defaults.type !== 'SatOpLogAck') throw new Error('wrong type');
    expect(defaults.message.ackTimestamp).toBe(0);
    expect(defaults.message.transactionId).toBe(0);

    for (const id of [-1, -42, -(2 ** 40) - 3, 2 ** 52 + 1, 0]) {
      const perms = decodeFrame(encodeFrame({ type: 'SatPerms', message: { id } }));
      if (perms.type !== 'SatPerms') throw new Error('wrong type');
      expect(perms.message.id).toBe(id);
    }
  });
});

describe('errors', () => {
  it('empty frame', () => {
    expectProtocolError(() => decodeFrame(new Uint8Array(0)), 'EMPTY_FRAME');
  });

  it('unknown and reserved tags', () => {
    for (const tag of [...RESERVED_TAGS, 28, 127, 200, 255]) {
      expectProtocolError(() => decodeFrame(new Uint8Array([tag])), 'UNKNOWN_TAG');
    }
    expectProtocolError(() => encodeFrame({ type: 'SatPingReq' } as unknown as Frame), 'UNKNOWN_TAG');
  });

  it('undecodable bodies', () => {
    // field 1 (string) claims 10 bytes, none follow
    expectProtocolError(() => decodeFrame(new Uint8Array([MESSAGE_TAGS.SatRelation, 0x0a, 0x0a])), 'MALFORMED_MESSAGE');
    // invalid wire type 7
    expectProtocolError(() => decodeFrame(new Uint8Array([MESSAGE_TAGS.SatOpLog, 0x0f])), 'MALFORMED_MESSAGE');
    // truncated varint
    expectProtocolError(() => decodeFrame(new Uint8Array([MESSAGE_TAGS.SatOpLogAck, 0x08, 0xff])), 'MALFORMED_MESSAGE');
    // unterminated 11-byte varint in a uint64 field
    expectProtocolError(
      () => decodeFrame(new Uint8Array([MESSAGE_TAGS.SatOpLogAck, 0x08, ...new Array<number>(11).fill(0xff), 0x01])),
      'MALFORMED_MESSAGE',
    );
  });

  it('deeply nested include trees do not overflow the stack', () => {
    // Select.include (3) -> Relation.select (2) -> Select ... nested 5000 times
    let inner: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < 5000; i++) {
      const relationBody = prefix(0x12, inner);
      inner = prefix(0x1a, relationBody);
    }
    const shapeDef = prefix(0x0a, inner);
    const shapeReq = prefix(0x12, shapeDef);
    const subsReq = prefix(0x12, shapeReq);
    expectProtocolError(() => decodeRpcRequestBody('subscribe', subsReq), 'MALFORMED_MESSAGE');

    function prefix(key: number, body: Uint8Array): Uint8Array {
      const len: number[] = [];
      let n = body.length;
      while (n > 127) {
        len.push((n & 127) | 128);
        n >>>= 7;
      }
      len.push(n);
      const out = new Uint8Array(1 + len.length + body.length);
      out[0] = key;
      out.set(len, 1);
      out.set(body, 1 + len.length);
      return out;
    }
  });

  it('encoding garbage is a ProtocolError', () => {
    expectProtocolError(
      () => encodeFrame({ type: 'SatRelation', message: { tableName: 42 as unknown as string } }),
      'MALFORMED_MESSAGE',
    );
  });
});

describe('RPC', () => {
  it('knows the five methods', () => {
    for (const m of ['authenticate', 'startReplication', 'stopReplication', 'subscribe', 'unsubscribe']) {
      expect(isRpcMethod(m)).toBe(true);
    }
    for (const m of ['ping', 'toString', '__proto__', 'constructor', 'Authenticate', '']) expect(isRpcMethod(m)).toBe(false);
  });

  it('round trips requests and responses of every method', () => {
    const req = decodeFrame(encodeFrame(encodeRpcRequest('startReplication', 4, startReplicationReq)));
    if (req.type !== 'SatRpcRequest') throw new Error('wrong type');
    expect(req.message.method).toBe('startReplication');
    expect(req.message.requestId).toBe(4);
    const body = decodeRpcRequestBody('startReplication', req.message.message);
    expect(canon(body)).toEqual(canon(startReplicationReq));
    expect(body.observedTransactionData).toEqual([TXID, 5]);

    const auth = decodeRpcRequestBody(
      'authenticate',
      encodeRpcRequest('authenticate', 0, { id: 'c', token: 't', headers: [] }).message.message!,
    );
    expect(auth.id).toBe('c');
    expect(auth.token).toBe('t');

    const stop = decodeFrame(encodeFrame(encodeRpcResponse('stopReplication', 5, { message: {} })));
    if (stop.type !== 'SatRpcResponse') throw new Error('wrong type');
    expect(stop.message.result).toBe('message');
    expect(canon(decodeRpcResponseBody('stopReplication', stop.message.message!))).toEqual({});

    const unsubs = decodeRpcRequestBody(
      'unsubscribe',
      encodeRpcRequest('unsubscribe', 1, { subscriptionIds: ['a', 'b'] }).message.message!,
    );
    expect(unsubs.subscriptionIds).toEqual(['a', 'b']);

    const err = decodeFrame(
      encodeFrame(
        encodeRpcResponse('authenticate', 0, {
          error: { errorType: S.SatErrorResp.ErrorCode.AUTH_REQUIRED, message: 'Authentication failed: bad' },
        }),
      ),
    );
    if (err.type !== 'SatRpcResponse') throw new Error('wrong type');
    expect(err.message.result).toBe('error');
    expect(err.message.error?.errorType).toBe(S.SatErrorResp.ErrorCode.AUTH_REQUIRED);
    expect(err.message.error?.message).toBe('Authentication failed: bad');
  });

  it('answers unknown methods with an error response', () => {
    const frame = encodeRpcResponse('frobnicate', 2, {
      error: { errorType: S.SatErrorResp.ErrorCode.INVALID_REQUEST, message: 'Unknown method: frobnicate' },
    });
    const decoded = decodeFrame(encodeFrame(frame));
    if (decoded.type !== 'SatRpcResponse') throw new Error('wrong type');
    expect(decoded.message.method).toBe('frobnicate');
  });

  it('rejects unknown methods and malformed payloads', () => {
    expectProtocolError(() => decodeRpcRequestBody('frobnicate' as 'subscribe', new Uint8Array(0)), 'UNKNOWN_METHOD');
    expectProtocolError(() => decodeRpcResponseBody('toString' as 'subscribe', new Uint8Array(0)), 'UNKNOWN_METHOD');
    expectProtocolError(() => encodeRpcRequest('nope' as 'subscribe', 1, {}), 'UNKNOWN_METHOD');
    expectProtocolError(() => decodeRpcRequestBody('authenticate', new Uint8Array([0x0a, 0x05, 0x61])), 'MALFORMED_MESSAGE');
    expectProtocolError(() => decodeRpcResponseBody('subscribe', new Uint8Array([0x12, 0x03, 0x10])), 'MALFORMED_MESSAGE');
  });
});

describe('interop with the official electric-sql@0.12.1 protocol code', () => {
  // [frame tag, top-level official type, inner RPC type or null, message]
  const cases: [string, FrameType, string, unknown][] = [
    ['SatOpLog', 'SatOpLog', 'SatOpLog', opLog],
    ['SatRelation', 'SatRelation', 'SatRelation', relation],
    ['SatOpLogAck', 'SatOpLogAck', 'SatOpLogAck', opLogAck],
    ['SatErrorResp', 'SatErrorResp', 'SatErrorResp', { errorType: 4, lsn: LSN, message: 'Malformed message' }],
    ['SatSubsDataBegin', 'SatSubsDataBegin', 'SatSubsDataBegin', { subscriptionId: 's', lsn: LSN }],
    ['SatUnsubsDataBegin', 'SatUnsubsDataBegin', 'SatUnsubsDataBegin', { subscriptionIds: ['s1', 's2'], lsn: LSN }],
  ];

  for (const [label, type, name, message] of cases) {
    it(`${label}: ours -> theirs`, () => {
      const bytes = encodeFrame({ type, message } as Frame);
      expect(bytes[0]).toBe(MESSAGE_TAGS[type]);
      expect(canon(officialDecodeFrame(bytes, name))).toEqual(canon(message));
    });
    it(`${label}: theirs -> ours`, () => {
      const decoded = decodeFrame(officialFrame(MESSAGE_TAGS[type], name, message));
      expect(decoded.type).toBe(type);
      expect(canon(decoded.message)).toEqual(canon(message));
    });
  }

  it('SatOpLog: 64-bit fields survive both ways', () => {
    const ours = decodeFrame(officialFrame(MESSAGE_TAGS.SatOpLog, 'SatOpLog', opLog));
    if (ours.type !== 'SatOpLog') throw new Error('wrong type');
    const begin = ours.message.ops[0]?.begin;
    expect(begin?.commitTimestamp).toBe(TS);
    expect(begin?.transactionId).toBe(TXID);
    expect(begin?.additionalDataRef).toBe(12);
    expect(ours.message.ops.at(-1)?.commit?.transactionId).toBe(TXID);
    expect(ours.message.ops[8]?.additionalBegin?.ref).toBe(12);

    const theirsDecoded = officialDecodeFrame(encodeFrame({ type: 'SatOpLog', message: opLog }), 'SatOpLog') as {
      ops: { begin?: { commitTimestamp: unknown; transactionId?: unknown } }[];
    };
    const theirBegin = theirsDecoded.ops[0]?.begin;
    expect(isLong(theirBegin?.commitTimestamp) && theirBegin.commitTimestamp.toNumber()).toBe(TS);
    expect(isLong(theirBegin?.transactionId) && theirBegin.transactionId.toNumber()).toBe(TXID);
  });

  it('SatOpLog of DML ops: byte-identical to the official encoder', () => {
    // (ts-proto always writes empty packed repeated fields, e.g. in
    // SatOpMigrate.PgColumnType, so migrations differ in bytes, not meaning)
    const dml: ISatOpLog = { ops: opLog.ops!.filter((op) => !op.migrate) };
    const ours = encodeFrame({ type: 'SatOpLog', message: dml });
    const official = officialFrame(MESSAGE_TAGS.SatOpLog, 'SatOpLog', dml);
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(official).toString('hex'));
  });

  // RPC payloads: [method, official request/response type, message, direction]
  const rpcCases: ['request' | 'response', 'authenticate' | 'startReplication' | 'stopReplication' | 'subscribe' | 'unsubscribe', string, unknown][] = [
    ['request', 'authenticate', 'SatAuthReq', { id: 'client-1', token: 'eyJhbGciOi.x.y', headers: [] }],
    ['response', 'authenticate', 'SatAuthResp', { id: 'server-instance', headers: [] }],
    ['request', 'startReplication', 'SatInStartReplicationReq', startReplicationReq],
    ['response', 'startReplication', 'SatInStartReplicationResp', startReplicationRespWithErr],
    ['response', 'startReplication', 'SatInStartReplicationResp', { unackedWindowSize: 30 }],
    ['request', 'stopReplication', 'SatInStopReplicationReq', {}],
    ['response', 'stopReplication', 'SatInStopReplicationResp', {}],
    ['request', 'subscribe', 'SatSubsReq', subsReq],
    ['response', 'subscribe', 'SatSubsResp', subsRespWithErrors],
    ['response', 'subscribe', 'SatSubsResp', { subscriptionId: 'sub-1' }],
    ['request', 'unsubscribe', 'SatUnsubsReq', { subscriptionIds: ['sub-1'] }],
    ['response', 'unsubscribe', 'SatUnsubsResp', {}],
  ];

  rpcCases.forEach(([direction, method, name, message], index) => {
    const label = `#${index} ${method} ${direction} (${name})`;

    it(`${label}: ours -> theirs`, () => {
      const frame =
        direction === 'request'
          ? encodeRpcRequest(method, 17, message as never)
          : encodeRpcResponse(method, 17, { message: message as never });
      const bytes = encodeFrame(frame);
      const envelope = officialDecodeFrame(bytes, direction === 'request' ? 'SatRpcRequest' : 'SatRpcResponse') as {
        method: string;
        requestId: number;
        message?: Uint8Array;
        error?: unknown;
      };
      expect(envelope.method).toBe(method);
      expect(envelope.requestId).toBe(17);
      // the official RPC layer tests `if (rpc.message)`: must be present even when empty
      expect(envelope.message).toBeInstanceOf(Uint8Array);
      expect(envelope.error).toBeUndefined();
      expect(canon(theirs(name).decode(envelope.message!))).toEqual(canon(message));
    });

    it(`${label}: theirs -> ours`, () => {
      const payload = theirs(name).encode(theirs(name).fromPartial(message)).finish();
      const frame =
        direction === 'request'
          ? officialFrame(MESSAGE_TAGS.SatRpcRequest, 'SatRpcRequest', { method, requestId: 17, message: payload })
          : officialFrame(MESSAGE_TAGS.SatRpcResponse, 'SatRpcResponse', { method, requestId: 17, message: payload });
      const decoded = decodeFrame(frame);
      if (decoded.type !== 'SatRpcRequest' && decoded.type !== 'SatRpcResponse') throw new Error('wrong type');
      expect(decoded.type).toBe(direction === 'request' ? 'SatRpcRequest' : 'SatRpcResponse');
      expect(decoded.message.method).toBe(method);
      expect(decoded.message.requestId).toBe(17);
      const bytes = decoded.message.message ?? new Uint8Array(0);
      const body = direction === 'request' ? decodeRpcRequestBody(method, bytes) : decodeRpcResponseBody(method, bytes);
      expect(canon(body)).toEqual(canon(message));
    });
  });

  it('SatInStartReplicationReq from the official client keeps its fields', () => {
    const payload = theirs('SatInStartReplicationReq')
      .encode(theirs('SatInStartReplicationReq').fromPartial(startReplicationReq))
      .finish();
    const req = decodeRpcRequestBody('startReplication', payload);
    expect(Array.from(req.lsn)).toEqual(Array.from(LSN));
    expect(bytesToLsn(req.lsn)).toBe(24_719_384n);
    expect(req.subscriptionIds).toEqual(['sub-1', 'sub-2']);
    expect(req.schemaVersion).toBe('20240501_2');
    expect(req.sqlDialect).toBe(S.SatInStartReplicationReq.Dialect.POSTGRES);
    expect(req.observedTransactionData).toEqual([TXID, 5]);
    expect(req.observedGoneBatch).toEqual(['sub-0']);

    // a fresh client: no lsn, no dialect (=> SQLite), no schema version
    const fresh = decodeRpcRequestBody(
      'startReplication',
      theirs('SatInStartReplicationReq').encode(theirs('SatInStartReplicationReq').fromPartial({})).finish(),
    );
    expect(fresh.lsn.length).toBe(0);
    expect(fresh.sqlDialect ?? null).toBeNull();
    expect(fresh.schemaVersion ?? null).toBeNull();
  });

  it('RPC error responses both ways', () => {
    const error = { errorType: 4, message: 'Unknown method: frobnicate' };
    const ours = officialDecodeFrame(
      encodeFrame(encodeRpcResponse('frobnicate', 3, { error })),
      'SatRpcResponse',
    ) as { method: string; message?: unknown; error?: unknown };
    expect(ours.method).toBe('frobnicate');
    expect(ours.message).toBeUndefined();
    expect(canon(ours.error)).toEqual(canon(error));

    const decoded = decodeFrame(
      officialFrame(MESSAGE_TAGS.SatRpcResponse, 'SatRpcResponse', { method: 'subscribe', requestId: 3, error }),
    );
    if (decoded.type !== 'SatRpcResponse') throw new Error('wrong type');
    expect(decoded.message.result).toBe('error');
    expect(canon(decoded.message.error)).toEqual(canon(error));
  });
});

describe('rows and the nulls bitmask', () => {
  const patterns: [string, (string | null)[], number[]][] = [
    ['0 columns', [], []],
    ['1 column, null', [null], [0x80]],
    ['1 column, value', ['x'], [0x00]],
    ['8 columns', [null, 'a', 'b', 'c', 'd', 'e', 'f', null], [0x81]],
    ['9 columns', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', null], [0x00, 0x80]],
    ['17 columns', Array.from({ length: 17 }, (_, i) => (i % 3 === 0 ? null : `v${i}`)), [0x92, 0x49, 0x00]],
    ['17 columns, all null', new Array<null>(17).fill(null), [0xff, 0xff, 0x80]],
    ['8 columns, all null', new Array<null>(8).fill(null), [0xff]],
  ];

  for (const [label, values, mask] of patterns) {
    it(label, () => {
      const encoded = encodeRow(values);
      expect(Array.from(encoded.nullsBitmask ?? [])).toEqual(mask);
      expect(encoded.values).toHaveLength(values.length);
      values.forEach((v, i) => {
        expect(getMaskBit(encoded.nullsBitmask!, i)).toBe(v === null ? 1 : 0);
        if (v === null) expect(encoded.values![i]).toHaveLength(0);
      });
      const decoded = decodeRow(encoded, values.length);
      expect(decoded.map((v) => (v === null ? null : new TextDecoder().decode(v)))).toEqual(values);

      // a row built the official way decodes identically, also after a trip through the wire
      const officialMask = new Uint8Array(Math.ceil(values.length / 8));
      const officialValues = values.map((v, i) => {
        if (v === null) {
          setMaskBit(officialMask, i);
          return new Uint8Array(0);
        }
        return ascii(v);
      });
      const frame = officialFrame(MESSAGE_TAGS.SatOpLog, 'SatOpLog', {
        ops: [{ insert: { relationId: 1, rowData: { nullsBitmask: officialMask, values: officialValues } } }],
      });
      const log = decodeFrame(frame);
      if (log.type !== 'SatOpLog') throw new Error('wrong type');
      const rowData = log.message.ops[0]?.insert?.rowData;
      expect(rowData).toBeTruthy();
      const wire: WireValue[] = decodeRow(rowData!, values.length);
      expect(wire.map((v) => (v === null ? null : new TextDecoder().decode(v)))).toEqual(values);
    });
  }

  it('distinguishes NULL from the empty string and keeps raw bytes', () => {
    const raw = new Uint8Array([0, 255, 10]);
    const decoded = decodeRow(encodeRow(['', null, raw, 'héllo']), 4);
    expect(decoded[0]).toEqual(new Uint8Array(0));
    expect(decoded[1]).toBeNull();
    expect(Array.from(decoded[2]!)).toEqual([0, 255, 10]);
    expect(new TextDecoder().decode(decoded[3]!)).toBe('héllo');
  });

  it('rejects rows that do not fit', () => {
    const three = encodeRow(['a', null, 'c']);
    expectProtocolError(() => decodeRow(three, 2), 'MALFORMED_MESSAGE');
    expectProtocolError(() => decodeRow(three, 4), 'MALFORMED_MESSAGE');
    expectProtocolError(() => decodeRow({ values: three.values }, 3), 'MALFORMED_MESSAGE'); // no bitmask
    expectProtocolError(
      () => decodeRow({ nullsBitmask: new Uint8Array([0x40, 0x00]), values: three.values }, 3),
      'MALFORMED_MESSAGE',
    ); // bitmask too long
    expectProtocolError(() => decodeRow({ nullsBitmask: new Uint8Array([0x50]), values: three.values }, 3), 'MALFORMED_MESSAGE'); // padding bit set
    expectProtocolError(
      () => decodeRow({ nullsBitmask: new Uint8Array([0x80]), values: [ascii('x'), ascii('y'), ascii('z')] }, 3),
      'MALFORMED_MESSAGE',
    ); // NULL with a value
    expectProtocolError(() => decodeRow({ nullsBitmask: new Uint8Array([0x00]), values: [] }, 0), 'MALFORMED_MESSAGE');
    expect(decodeRow({}, 0)).toEqual([]);
  });
});

describe('LSNs', () => {
  it('encodes the ASCII decimal WAL position', () => {
    expect(new TextDecoder().decode(lsnToBytes(24_719_384n))).toBe('24719384');
    expect(new TextDecoder().decode(lsnToBytes(0n))).toBe('0');
    expect(new TextDecoder().decode(lsnToBytes((1n << 64n) - 1n))).toBe('18446744073709551615');
    expect(new TextDecoder().decode(lsnToBytes((5n << 32n) | 7n))).toBe(((5n << 32n) | 7n).toString());
    expectProtocolError(() => lsnToBytes(-1n), 'MALFORMED_LSN');
    expectProtocolError(() => lsnToBytes(1n << 64n), 'MALFORMED_LSN');
  });

  it('accepts plain digits up to 2^64-1', () => {
    expect(bytesToLsn(ascii('0'))).toBe(0n);
    expect(bytesToLsn(ascii('24719384'))).toBe(24_719_384n);
    expect(bytesToLsn(ascii('18446744073709551615'))).toBe(18_446_744_073_709_551_615n);
    expect(bytesToLsn(ascii('999999999999999'))).toBe(999_999_999_999_999n);
    expect(bytesToLsn(ascii('9007199254740993'))).toBe(9_007_199_254_740_993n);
    expect(bytesToLsn(ascii('00042'))).toBe(42n);
    for (const n of [1n, 255n, 1n << 53n, (1n << 53n) + 1n, 12_345_678_901_234_567_890n]) {
      expect(bytesToLsn(lsnToBytes(n))).toBe(n);
    }
  });

  it('rejects anything else', () => {
    for (const bad of [
      '',
      '+1',
      '-1',
      ' 1',
      '1 ',
      '1 2',
      '12a',
      'abc',
      '0x10',
      '1e5',
      '1.5',
      '１２', // full-width digits
      '100000000000000000000', // 21 digits
      '000000000000000000001', // 21 digits, small value
      '18446744073709551616', // 2^64
      '99999999999999999999',
    ]) {
      expectProtocolError(() => bytesToLsn(ascii(bad)), 'MALFORMED_LSN');
    }
    expectProtocolError(() => bytesToLsn(new Uint8Array([0x31, 0x00])), 'MALFORMED_LSN');
  });
});

describe('robustness', () => {
  const rng = mulberry32;
  const tags = Object.values(MESSAGE_TAGS);

  /** Decodes as deep as a peer would; anything thrown must be a ProtocolError. */
  function probe(bytes: Uint8Array): 'ok' | ProtocolErrorCode {
    try {
      const frame = decodeFrame(bytes);
      if (frame.type === 'SatRpcRequest' && isRpcMethod(frame.message.method)) {
        decodeRpcRequestBody(frame.message.method, frame.message.message);
      }
      if (frame.type === 'SatOpLog') {
        for (const op of frame.message.ops) {
          const r = op.insert?.rowData;
          if (r) decodeRow(r, r.values?.length ?? 0);
        }
      }
      return 'ok';
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw new Error(`non-ProtocolError for ${Buffer.from(bytes).toString('hex')}: ${String(err)}`);
      return err.code;
    }
  }

  it('random bytes only ever throw ProtocolError (1000 cases)', () => {
    const next = rng(0xe1ec7);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const length = Math.floor(next() * 64);
      const bytes = new Uint8Array(length);
      for (let j = 0; j < length; j++) bytes[j] = Math.floor(next() * 256);
      // half of the cases get a valid tag so that bodies get exercised
      if (length > 0 && i % 2 === 0) bytes[0] = tags[Math.floor(next() * tags.length)]!;
      seen.add(probe(bytes));
    }
    expect(seen.has('MALFORMED_MESSAGE')).toBe(true);
    expect(seen.has('UNKNOWN_TAG')).toBe(true);
  });

  it('truncated and bit-flipped valid frames only ever throw ProtocolError', () => {
    const next = rng(42);
    const rpcs = [
      encodeRpcRequest('startReplication', 1, startReplicationReq),
      encodeRpcRequest('authenticate', 2, { id: 'x', token: 'y', headers: [{ key: 0, value: 'v' }] }),
    ];
    for (const frame of [...SAMPLE_FRAMES, ...rpcs]) {
      const bytes = encodeFrame(frame);
      for (let cut = 0; cut < bytes.length; cut++) probe(bytes.subarray(0, cut));
      for (let k = 0; k < 50; k++) {
        const copy = bytes.slice();
        const at = 1 + Math.floor(next() * (copy.length - 1));
        copy[at] = copy[at]! ^ (1 << Math.floor(next() * 8));
        probe(copy);
      }
    }
    expect(probe(new Uint8Array(0))).toBe('EMPTY_FRAME');
  });
});
