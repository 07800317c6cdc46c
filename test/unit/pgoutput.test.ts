import { describe, it, expect } from 'vitest';
import {
  PgOutputDecoder,
  PgOutputError,
  UNCHANGED_TOAST,
  formatLsn,
  parseLsn,
  pgTimeToUnixMs,
  type PgOutputMessage,
  type TupleValue,
} from '../../src/service/replication/pgoutput';

// ---- a tiny test-only pgoutput encoder -----------------------------------------

/** Column value to encode: text, binary bytes, NULL ('n'), or unchanged TOAST ('u'). */
type EncValue = string | Uint8Array | null | typeof UNCHANGED_TOAST;

class Enc {
  private parts: Buffer[] = [];

  tag(c: string): this {
    return this.u8(c.charCodeAt(0));
  }
  u8(v: number): this {
    const b = Buffer.alloc(1);
    b.writeUInt8(v);
    this.parts.push(b);
    return this;
  }
  i16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    this.parts.push(b);
    return this;
  }
  i32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  u64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(v);
    this.parts.push(b);
    return this;
  }
  i64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.parts.push(b);
    return this;
  }
  str(s: string): this {
    this.parts.push(Buffer.from(s, 'utf8'), Buffer.from([0]));
    return this;
  }
  raw(b: Uint8Array): this {
    this.parts.push(Buffer.from(b));
    return this;
  }
  tuple(values: readonly EncValue[]): this {
    this.i16(values.length);
    for (const v of values) {
      if (v === null) this.tag('n');
      else if (v === UNCHANGED_TOAST) this.tag('u');
      else if (typeof v === 'string') {
        const bytes = Buffer.from(v, 'utf8');
        this.tag('t').i32(bytes.length).raw(bytes);
      } else this.tag('b').i32(v.length).raw(v);
    }
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const enc = () => new Enc();

interface ColSpec {
  name: string;
  typeOid: number;
  typeMod?: number;
  key?: boolean;
}

function relationMsg(
  oid: number,
  schema: string,
  table: string,
  cols: ColSpec[],
  ident = 'd',
): Buffer {
  const e = enc().tag('R').u32(oid).str(schema).str(table).tag(ident).i16(cols.length);
  for (const c of cols) e.u8(c.key ? 1 : 0).str(c.name).u32(c.typeOid).i32(c.typeMod ?? -1);
  return e.done();
}

const insertMsg = (oid: number, values: EncValue[]) =>
  enc().tag('I').u32(oid).tag('N').tuple(values).done();

const ITEMS_OID = 16384;
const ITEMS_COLS: ColSpec[] = [
  { name: 'id', typeOid: 2950, key: true },
  { name: 'title', typeOid: 25 },
  { name: 'data', typeOid: 17 },
  { name: 'n', typeOid: 23 },
];

/** A decoder that already knows public.items. */
function withItems(): PgOutputDecoder {
  const d = new PgOutputDecoder();
  d.decode(relationMsg(ITEMS_OID, 'public', 'items', ITEMS_COLS));
  return d;
}

function expectDecodeError(d: PgOutputDecoder, payload: Buffer, match?: RegExp): PgOutputError {
  let caught: unknown;
  try {
    d.decode(payload);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PgOutputError);
  expect(caught).not.toBeInstanceOf(RangeError);
  const err = caught as PgOutputError;
  expect(err.code).toBe('PGOUTPUT_DECODE');
  if (match) expect(err.message).toMatch(match);
  return err;
}

function narrow<T extends PgOutputMessage['tag']>(
  msg: PgOutputMessage,
  tag: T,
): Extract<PgOutputMessage, { tag: T }> {
  expect(msg.tag).toBe(tag);
  return msg as Extract<PgOutputMessage, { tag: T }>;
}

// ---- tests ---------------------------------------------------------------------

describe('PgOutputDecoder: transaction framing', () => {
  it('decodes Begin', () => {
    const d = new PgOutputDecoder();
    const msg = narrow(
      d.decode(enc().tag('B').u64(0x16b374d848n).i64(757_382_400_123_456n).u32(0xfffffff0).done()),
      'begin',
    );
    expect(msg).toEqual({
      tag: 'begin',
      finalLsn: 0x16b374d848n,
      commitTime: 757_382_400_123_456n,
      xid: 0xfffffff0,
    });
  });

  it('decodes Commit', () => {
    const d = new PgOutputDecoder();
    const msg = d.decode(
      enc().tag('C').u8(0).u64(0x100n).u64(0xffffffffffffffffn).i64(-1n).done(),
    );
    expect(msg).toEqual({
      tag: 'commit',
      flags: 0,
      commitLsn: 0x100n,
      endLsn: 0xffffffffffffffffn,
      commitTime: -1n,
    });
  });

  it('decodes Origin', () => {
    const d = new PgOutputDecoder();
    expect(d.decode(enc().tag('O').u64(42n).str('client_ü').done())).toEqual({
      tag: 'origin',
      originLsn: 42n,
      name: 'client_ü',
    });
  });
});

describe('PgOutputDecoder: Relation and Type', () => {
  it('decodes a Relation and caches it by OID', () => {
    const d = new PgOutputDecoder();
    const msg = narrow(
      d.decode(relationMsg(ITEMS_OID, 'public', 'items', ITEMS_COLS, 'f')),
      'relation',
    );
    expect(msg.relation).toEqual({
      oid: ITEMS_OID,
      schema: 'public',
      table: 'items',
      replicaIdentity: 'f',
      columns: [
        { name: 'id', typeOid: 2950, typeMod: -1, isKey: true },
        { name: 'title', typeOid: 25, typeMod: -1, isKey: false },
        { name: 'data', typeOid: 17, typeMod: -1, isKey: false },
        { name: 'n', typeOid: 23, typeMod: -1, isKey: false },
      ],
    });
    expect(d.relations.get(ITEMS_OID)).toBe(msg.relation);
  });

  it('maps the empty namespace to pg_catalog and keeps type modifiers', () => {
    const d = new PgOutputDecoder();
    const msg = narrow(
      d.decode(
        relationMsg(0x80000001, '', 'weird', [{ name: 'v', typeOid: 1043, typeMod: 36 }], 'n'),
      ),
      'relation',
    );
    expect(msg.relation.oid).toBe(0x80000001);
    expect(msg.relation.schema).toBe('pg_catalog');
    expect(msg.relation.replicaIdentity).toBe('n');
    expect(msg.relation.columns[0]).toEqual({
      name: 'v',
      typeOid: 1043,
      typeMod: 36,
      isKey: false,
    });
  });

  it('decodes a Relation with zero columns', () => {
    const d = new PgOutputDecoder();
    const msg = narrow(d.decode(relationMsg(7, 's', 't', [], 'i')), 'relation');
    expect(msg.relation.columns).toEqual([]);
    const ins = narrow(d.decode(insertMsg(7, [])), 'insert');
    expect(ins.new).toEqual([]);
  });

  it('replaces a cached relation when a new Relation message arrives', () => {
    const d = withItems();
    d.decode(relationMsg(ITEMS_OID, 'public', 'items', [{ name: 'id', typeOid: 2950, key: true }]));
    expect(d.relations.get(ITEMS_OID)?.columns).toHaveLength(1);
    const ins = narrow(d.decode(insertMsg(ITEMS_OID, ['x'])), 'insert');
    expect(ins.new).toEqual(['x']);
  });

  it('rejects an unknown replica identity', () => {
    expectDecodeError(new PgOutputDecoder(), relationMsg(1, 'a', 'b', [], 'x'), /replica identity/);
  });

  it('decodes Type', () => {
    const d = new PgOutputDecoder();
    expect(d.decode(enc().tag('Y').u32(99999).str('public').str('mood').done())).toEqual({
      tag: 'type',
      oid: 99999,
      schema: 'public',
      name: 'mood',
    });
    expect(d.decode(enc().tag('Y').u32(1).str('').str('x').done())).toMatchObject({
      schema: 'pg_catalog',
    });
  });
});

describe('PgOutputDecoder: tuples', () => {
  it('decodes Insert with text, empty, NULL, binary and multi-byte values', () => {
    const d = withItems();
    const bytes = new Uint8Array([0, 1, 2, 0xff, 0]);
    const msg = narrow(
      d.decode(insertMsg(ITEMS_OID, ['ünïcødé 🐘 日本', '', bytes, null])),
      'insert',
    );
    expect(msg.relation).toBe(d.relations.get(ITEMS_OID));
    expect(msg.new).toHaveLength(4);
    expect(msg.new[0]).toBe('ünïcødé 🐘 日本');
    expect(msg.new[1]).toBe('');
    expect(msg.new[2]).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(msg.new[2])).toBe(false);
    expect(Array.from(msg.new[2] as Uint8Array)).toEqual([0, 1, 2, 0xff, 0]);
    expect(msg.new[3]).toBeNull();
  });

  it('copies binary values out of the payload buffer', () => {
    const d = withItems();
    const payload = insertMsg(ITEMS_OID, ['a', 'b', new Uint8Array([7, 8, 9]), '1']);
    const msg = narrow(d.decode(payload), 'insert');
    payload.fill(0);
    expect(Array.from(msg.new[2] as Uint8Array)).toEqual([7, 8, 9]);
    expect(msg.new[0]).toBe('a');
  });

  it('decodes an empty binary value', () => {
    const d = withItems();
    const msg = narrow(d.decode(insertMsg(ITEMS_OID, ['a', 'b', new Uint8Array(0), '1'])), 'insert');
    expect(msg.new[2]).toEqual(new Uint8Array(0));
  });

  it('decodes Update without an old tuple, with unchanged TOAST', () => {
    const d = withItems();
    const msg = narrow(
      d.decode(
        enc().tag('U').u32(ITEMS_OID).tag('N').tuple(['k1', 'new', UNCHANGED_TOAST, '5']).done(),
      ),
      'update',
    );
    expect(msg.old).toBeNull();
    expect(msg.oldIsKeyOnly).toBe(false);
    expect(msg.new).toEqual(['k1', 'new', UNCHANGED_TOAST, '5']);
    expect(msg.new[2]).toBe(UNCHANGED_TOAST);
  });

  it("decodes Update with a key-only old tuple ('K')", () => {
    const d = withItems();
    const msg = narrow(
      d.decode(
        enc()
          .tag('U')
          .u32(ITEMS_OID)
          .tag('K')
          .tuple(['old-key', null, null, null])
          .tag('N')
          .tuple(['new-key', 't', null, '1'])
          .done(),
      ),
      'update',
    );
    expect(msg.oldIsKeyOnly).toBe(true);
    expect(msg.old).toEqual(['old-key', null, null, null]);
    expect(msg.new).toEqual(['new-key', 't', null, '1']);
  });

  it("decodes Update with a full old row ('O')", () => {
    const d = withItems();
    const msg = narrow(
      d.decode(
        enc()
          .tag('U')
          .u32(ITEMS_OID)
          .tag('O')
          .tuple(['k', 'before', UNCHANGED_TOAST, '1'])
          .tag('N')
          .tuple(['k', 'after', UNCHANGED_TOAST, '2'])
          .done(),
      ),
      'update',
    );
    expect(msg.oldIsKeyOnly).toBe(false);
    expect(msg.old).toEqual(['k', 'before', UNCHANGED_TOAST, '1']);
    expect(msg.new).toEqual(['k', 'after', UNCHANGED_TOAST, '2']);
  });

  it("decodes Delete with 'K' and 'O'", () => {
    const d = withItems();
    const k = narrow(
      d.decode(enc().tag('D').u32(ITEMS_OID).tag('K').tuple(['k', null, null, null]).done()),
      'delete',
    );
    expect(k).toEqual({
      tag: 'delete',
      relation: d.relations.get(ITEMS_OID),
      old: ['k', null, null, null],
      oldIsKeyOnly: true,
    });
    const o = narrow(
      d.decode(enc().tag('D').u32(ITEMS_OID).tag('O').tuple(['k', 'x', null, '3']).done()),
      'delete',
    );
    expect(o.oldIsKeyOnly).toBe(false);
    expect(o.old).toEqual(['k', 'x', null, '3']);
  });

  it('decodes long text values', () => {
    const d = withItems();
    const long = 'ж'.repeat(100_000);
    const msg = narrow(d.decode(insertMsg(ITEMS_OID, ['k', long, null, '0'])), 'insert');
    expect(msg.new[1]).toBe(long);
  });
});

describe('PgOutputDecoder: Truncate and Message', () => {
  it('decodes Truncate with and without options', () => {
    const d = withItems();
    d.decode(relationMsg(20000, 'other', 'things', [{ name: 'id', typeOid: 23, key: true }]));
    const both = narrow(
      d.decode(enc().tag('T').i32(2).u8(3).u32(ITEMS_OID).u32(20000).done()),
      'truncate',
    );
    expect(both.relations.map((r) => `${r.schema}.${r.table}`)).toEqual([
      'public.items',
      'other.things',
    ]);
    expect(both.cascade).toBe(true);
    expect(both.restartIdentity).toBe(true);

    const cascade = narrow(d.decode(enc().tag('T').i32(1).u8(1).u32(20000).done()), 'truncate');
    expect([cascade.cascade, cascade.restartIdentity]).toEqual([true, false]);
    const restart = narrow(d.decode(enc().tag('T').i32(1).u8(2).u32(20000).done()), 'truncate');
    expect([restart.cascade, restart.restartIdentity]).toEqual([false, true]);
    const plain = narrow(d.decode(enc().tag('T').i32(1).u8(0).u32(ITEMS_OID).done()), 'truncate');
    expect([plain.cascade, plain.restartIdentity]).toEqual([false, false]);
    expect(plain.relations[0]).toBe(d.relations.get(ITEMS_OID));
  });

  it('decodes a transactional Message', () => {
    const d = new PgOutputDecoder();
    const content = Buffer.from('{"k":"välue"}', 'utf8');
    const payload = enc()
      .tag('M')
      .u8(1)
      .u64(0x1234n)
      .str('electric')
      .i32(content.length)
      .raw(content)
      .done();
    const msg = narrow(d.decode(payload), 'message');
    expect(msg.transactional).toBe(true);
    expect(msg.lsn).toBe(0x1234n);
    expect(msg.prefix).toBe('electric');
    expect(Buffer.isBuffer(msg.content)).toBe(true);
    expect(msg.content.toString('utf8')).toBe('{"k":"välue"}');
    // A copy: the payload can be reused.
    payload.fill(0);
    expect(msg.content.toString('utf8')).toBe('{"k":"välue"}');
  });

  it('decodes a non-transactional Message with empty content', () => {
    const d = new PgOutputDecoder();
    const msg = narrow(d.decode(enc().tag('M').u8(0).u64(7n).str('p').i32(0).done()), 'message');
    expect(msg.transactional).toBe(false);
    expect(msg.lsn).toBe(7n);
    expect(msg.content.length).toBe(0);
  });
});

describe('PgOutputDecoder: errors', () => {
  it('throws PgOutputError for an empty payload and unknown tags', () => {
    const d = new PgOutputDecoder();
    expectDecodeError(d, Buffer.alloc(0), /empty/);
    expectDecodeError(d, Buffer.from('S'), /unknown message tag 'S'/);
    expectDecodeError(d, Buffer.from([0x00, 1, 2]), /unknown message tag 0x00/);
  });

  it('throws PgOutputError for unknown relation OIDs', () => {
    const d = new PgOutputDecoder();
    expectDecodeError(d, insertMsg(4242, ['x']), /unknown relation OID 4242/);
    expectDecodeError(
      d,
      enc().tag('U').u32(4242).tag('N').tuple(['x']).done(),
      /Update.*unknown relation OID 4242/,
    );
    expectDecodeError(
      d,
      enc().tag('D').u32(4242).tag('K').tuple(['x']).done(),
      /unknown relation OID 4242/,
    );
    expectDecodeError(d, enc().tag('T').i32(1).u8(0).u32(4242).done(), /unknown relation OID/);
  });

  it('throws PgOutputError for every truncation of every message type', () => {
    const d = withItems();
    const content = Buffer.from('hello');
    const samples: Buffer[] = [
      enc().tag('B').u64(1n).i64(2n).u32(3).done(),
      enc().tag('C').u8(0).u64(1n).u64(2n).i64(3n).done(),
      enc().tag('O').u64(1n).str('origin').done(),
      relationMsg(ITEMS_OID, 'public', 'items', ITEMS_COLS),
      enc().tag('Y').u32(1).str('public').str('t').done(),
      insertMsg(ITEMS_OID, ['k', 'tïtle', new Uint8Array([1, 2]), null]),
      enc()
        .tag('U')
        .u32(ITEMS_OID)
        .tag('O')
        .tuple(['k', 'a', UNCHANGED_TOAST, '1'])
        .tag('N')
        .tuple(['k', 'b', UNCHANGED_TOAST, '2'])
        .done(),
      enc().tag('D').u32(ITEMS_OID).tag('K').tuple(['k', null, null, null]).done(),
      enc().tag('T').i32(1).u8(0).u32(ITEMS_OID).done(),
      enc().tag('M').u8(1).u64(5n).str('pfx').i32(content.length).raw(content).done(),
    ];
    for (const full of samples) {
      // The full message decodes...
      expect(() => d.decode(full)).not.toThrow();
      // ...and every strict prefix of it is rejected with the typed error.
      for (let len = 1; len < full.length; len++) {
        expectDecodeError(d, full.subarray(0, len));
      }
      // Trailing garbage is rejected too.
      expectDecodeError(d, Buffer.concat([full, Buffer.from([0])]), /trailing/);
    }
  });

  it('does not read past the end of a subarray into the parent buffer', () => {
    const d = withItems();
    const full = insertMsg(ITEMS_OID, ['k', 'title', null, '1']);
    // The bytes after the subarray still belong to the same ArrayBuffer.
    const padded = Buffer.concat([full, Buffer.from([0, 0, 0, 0, 0, 0])]);
    expectDecodeError(d, padded.subarray(0, full.length - 1));
    const str = enc().tag('O').u64(1n).str('abc').done();
    const paddedStr = Buffer.concat([str, Buffer.from([0x41, 0])]);
    expectDecodeError(d, paddedStr.subarray(0, str.length - 1), /NUL-terminated/);
  });

  it('throws PgOutputError for bad tuple kinds and bad markers', () => {
    const d = withItems();
    const badKind = enc().tag('I').u32(ITEMS_OID).tag('N').i16(4).tag('t').i32(1).raw(Buffer.from('k'));
    expectDecodeError(d, badKind.tag('x').done(), /unknown kind 'x'.*column 1/);
    expectDecodeError(d, enc().tag('I').u32(ITEMS_OID).tag('K').tuple(['a', 'b', null, 'c']).done(), /'N'/);
    expectDecodeError(d, enc().tag('D').u32(ITEMS_OID).tag('N').tuple(['a', 'b', null, 'c']).done(), /'K' or 'O'/);
    expectDecodeError(
      d,
      enc().tag('U').u32(ITEMS_OID).tag('K').tuple(['a', null, null, null]).tag('K').done(),
      /'N'/,
    );
  });

  it('throws PgOutputError for negative lengths and column count mismatches', () => {
    const d = withItems();
    expectDecodeError(
      d,
      enc().tag('I').u32(ITEMS_OID).tag('N').i16(4).tag('t').i32(-1).done(),
      /negative length/,
    );
    expectDecodeError(
      d,
      enc().tag('I').u32(ITEMS_OID).tag('N').i16(4).tag('t').i32(0x7fffffff).done(),
      /truncated/,
    );
    expectDecodeError(d, insertMsg(ITEMS_OID, ['a', 'b']), /2 columns.*declared 4/);
    expectDecodeError(d, enc().tag('T').i32(-1).u8(0).done(), /negative/);
    expectDecodeError(d, enc().tag('M').u8(0).u64(0n).str('p').i32(-5).done(), /negative/);
  });

  it('keeps working after an error', () => {
    const d = withItems();
    expectDecodeError(d, insertMsg(ITEMS_OID, ['a']).subarray(0, 8));
    const msg = narrow(d.decode(insertMsg(ITEMS_OID, ['a', 'b', null, 'c'])), 'insert');
    expect(msg.new).toEqual(['a', 'b', null, 'c']);
  });
});

describe('PgOutputDecoder: many messages', () => {
  it('decodes 100k inserts of a 5-column relation correctly', () => {
    const d = new PgOutputDecoder();
    const oid = 30000;
    d.decode(
      relationMsg(oid, 'public', 'bulk', [
        { name: 'id', typeOid: 20, key: true },
        { name: 'name', typeOid: 25 },
        { name: 'note', typeOid: 25 },
        { name: 'blob', typeOid: 17 },
        { name: 'flag', typeOid: 16 },
      ]),
    );
    const valuesFor = (i: number): EncValue[] => [
      String(i),
      i % 7 === 0 ? '' : `name-${i}-ü`,
      i % 3 === 0 ? null : 'x'.repeat(i % 50),
      i % 5 === 0 ? UNCHANGED_TOAST : new Uint8Array([i & 0xff, (i >> 8) & 0xff]),
      i % 2 === 0 ? 't' : 'f',
    ];
    // Concatenate every payload into one big chunk and decode subarrays of
    // it, as the replication stream would hand them over.
    const N = 100_000;
    const payloads: Buffer[] = new Array(N);
    for (let i = 0; i < N; i++) payloads[i] = insertMsg(oid, valuesFor(i));
    const chunk = Buffer.concat(payloads);
    let offset = 0;
    let checked = 0;
    for (let i = 0; i < N; i++) {
      const len = payloads[i]!.length;
      const msg = d.decode(chunk.subarray(offset, offset + len));
      offset += len;
      if (msg.tag !== 'insert') throw new Error(`message ${i}: tag ${msg.tag}`);
      const got = msg.new;
      const want = valuesFor(i);
      if (got.length !== 5) throw new Error(`message ${i}: ${got.length} columns`);
      for (let c = 0; c < 5; c++) {
        const g: TupleValue | undefined = got[c];
        const w = want[c];
        const same =
          w instanceof Uint8Array
            ? g instanceof Uint8Array && g.length === w.length && g.every((b, j) => b === w[j])
            : g === w;
        if (!same) throw new Error(`message ${i} column ${c}: ${String(g)} !== ${String(w)}`);
      }
      checked++;
    }
    expect(offset).toBe(chunk.length);
    expect(checked).toBe(N);
  });
});

describe('LSN helpers', () => {
  it('parses and formats LSNs', () => {
    expect(parseLsn('16/B374D848')).toBe(0x16b374d848n);
    expect(formatLsn(0x16b374d848n)).toBe('16/B374D848');
    expect(parseLsn('0/0')).toBe(0n);
    expect(formatLsn(0n)).toBe('0/0');
    expect(parseLsn('FFFFFFFF/FFFFFFFF')).toBe(0xffffffffffffffffn);
    expect(formatLsn(0xffffffffffffffffn)).toBe('FFFFFFFF/FFFFFFFF');
    expect(parseLsn('0/1')).toBe(1n);
    expect(formatLsn(0x1_0000_0000n)).toBe('1/0');
    expect(parseLsn('a/bc')).toBe(0xa000000bcn);
  });

  it('round-trips', () => {
    for (const text of ['0/0', '0/1', '1/0', '16/B374D848', 'FFFFFFFF/FFFFFFFF', '7FFFFFFF/80000000']) {
      expect(formatLsn(parseLsn(text))).toBe(text);
    }
    for (const lsn of [0n, 1n, 0xffffffffn, 0x100000000n, 0x123456789abcdef0n, 2n ** 64n - 1n]) {
      expect(parseLsn(formatLsn(lsn))).toBe(lsn);
    }
  });

  it('rejects malformed LSNs with PgOutputError', () => {
    for (const bad of ['', '0', '/0', '0/', '1/2/3', 'G/0', '123456789/0', ' 0/0', '0/0 ', '-1/0']) {
      expect(() => parseLsn(bad), bad).toThrow(PgOutputError);
    }
    expect(() => formatLsn(-1n)).toThrow(PgOutputError);
    expect(() => formatLsn(2n ** 64n)).toThrow(PgOutputError);
  });
});

describe('pgTimeToUnixMs', () => {
  it('maps the Postgres epoch to 946684800000', () => {
    expect(pgTimeToUnixMs(0n)).toBe(946_684_800_000);
  });

  it('maps a known modern instant', () => {
    // 2024-01-02T03:04:05.678901Z
    const unixMs = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    const pgMicros = BigInt(unixMs - 946_684_800_000) * 1000n + 901n;
    expect(pgTimeToUnixMs(pgMicros)).toBe(unixMs);
    expect(new Date(pgTimeToUnixMs(pgMicros)).toISOString()).toBe('2024-01-02T03:04:05.678Z');
  });

  it('rounds down, also before the epoch', () => {
    expect(pgTimeToUnixMs(999n)).toBe(946_684_800_000);
    expect(pgTimeToUnixMs(1000n)).toBe(946_684_800_001);
    expect(pgTimeToUnixMs(-1n)).toBe(946_684_799_999);
    expect(pgTimeToUnixMs(-1000n)).toBe(946_684_799_999);
    expect(pgTimeToUnixMs(-1001n)).toBe(946_684_799_998);
    // 1970-01-01: −946684800 s relative to 2000.
    expect(pgTimeToUnixMs(-946_684_800_000_000n)).toBe(0);
  });

  it('handles values beyond the safe-integer range', () => {
    const big = 2n ** 62n + 1234n;
    expect(pgTimeToUnixMs(big)).toBe(Number(big / 1000n) + 946_684_800_000);
    const neg = -(2n ** 62n) - 1n;
    expect(pgTimeToUnixMs(neg)).toBe(Number(neg / 1000n - 1n) + 946_684_800_000);
  });
});
