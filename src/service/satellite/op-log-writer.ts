/**
 * Encodes SatOpLog frames directly into bytes, without building protobufjs
 * message objects: the tag byte, then one `ops` entry per SatTransOp. Data
 * ops (insert, update, delete, gone) are written here, field by field, in
 * the same order and with the same bytes as the generated encoder (the unit
 * tests compare the two); begin, commit and migrate ops come already encoded
 * (`encodeTransOp`). Rows are read from records in the relation's column
 * order, so no intermediate value arrays or SatOpRow objects exist.
 *
 * Service-only (it writes into Node Buffers); the client library keeps
 * using the generated code.
 */
import { Electric, MESSAGE_TAGS, type ISatTransOp } from '../../protocol/index.js';
import type { ColumnValue, Row } from '../replication/types.js';

/** What the writer needs of a relation: its columns' names, in order. */
export interface RelationShape {
  readonly oid: number;
  readonly columns: readonly { readonly name: string }[];
}

// Wire tags: (field number << 3) | 2 for length-delimited fields, | 0 for varints.
const OPS = 0x0a; // SatOpLog.ops = 1
const OP_UPDATE = 0x1a; // SatTransOp.update = 3
const OP_INSERT = 0x22; // SatTransOp.insert = 4
const OP_DELETE = 0x2a; // SatTransOp.delete = 5
const OP_GONE = 0x42; // SatTransOp.gone = 8
const RELATION_ID = 0x08; // field 1 of insert, update, delete, gone
const FIELD_2 = 0x12;
const FIELD_3 = 0x1a;
const FIELD_4 = 0x22;
const ROW_BITMASK = 0x0a; // SatOpRow.nulls_bitmask = 1
const ROW_VALUE = 0x12; // SatOpRow.values = 2

function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** UTF-8 length; ASCII strings (the common case) are measured without leaving JS. */
function utf8Length(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

/** One SatTransOp (begin, commit, migrate…) encoded by the generated code, for `appendEncoded`. */
export function encodeTransOp(op: ISatTransOp): Uint8Array {
  return Electric.Satellite.SatTransOp.encode(op).finish();
}

export class OpLogWriter {
  private buf: Buffer;
  private pos = 1;
  private count = 0;
  /** Byte lengths measured by the sizing pass, consumed in the same order by the writing pass. */
  private readonly lengths: number[] = [];
  private cursor = 0;

  constructor(initialCapacity = 4096) {
    this.buf = Buffer.allocUnsafe(Math.max(64, initialCapacity));
    this.buf[0] = MESSAGE_TAGS.SatOpLog;
  }

  /** Bytes of the frame so far (tag byte included). */
  get byteLength(): number {
    return this.pos;
  }

  /** Ops written since the last reset. */
  get opCount(): number {
    return this.count;
  }

  /** Starts a new frame, keeping the buffer. */
  reset(): void {
    this.pos = 1;
    this.count = 0;
  }

  /** The frame's bytes (a copy: the writer can be reused). */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  /** Appends a SatTransOp already encoded (see `encodeTransOp`). */
  appendEncoded(op: Uint8Array): void {
    this.ensure(1 + 5 + op.length);
    this.buf[this.pos++] = OPS;
    this.varint(op.length);
    this.buf.set(op, this.pos);
    this.pos += op.length;
    this.count++;
  }

  insert(table: RelationShape, record: Row, tags: readonly string[]): void {
    this.lengths.length = 0;
    const row = this.sizeRow(table, record);
    const tagsSize = this.sizeStrings(tags);
    const body = 1 + varintSize(table.oid) + 1 + varintSize(row) + row + tagsSize;
    this.opHeader(OP_INSERT, body);
    this.relationId(table.oid);
    this.rowField(FIELD_2, table, record, row);
    this.strings(FIELD_3, tags);
  }

  update(table: RelationShape, record: Row, oldRecord: Row | null, tags: readonly string[]): void {
    this.lengths.length = 0;
    const row = this.sizeRow(table, record);
    const old = oldRecord ? this.sizeRow(table, oldRecord) : -1;
    const tagsSize = this.sizeStrings(tags);
    const body = 1 + varintSize(table.oid) + 1 + varintSize(row) + row + (old >= 0 ? 1 + varintSize(old) + old : 0) + tagsSize;
    this.opHeader(OP_UPDATE, body);
    this.relationId(table.oid);
    this.rowField(FIELD_2, table, record, row);
    if (oldRecord) this.rowField(FIELD_3, table, oldRecord, old);
    this.strings(FIELD_4, tags);
  }

  delete(table: RelationShape, oldRecord: Row, tags: readonly string[]): void {
    this.lengths.length = 0;
    const old = this.sizeRow(table, oldRecord);
    const tagsSize = this.sizeStrings(tags);
    const body = 1 + varintSize(table.oid) + 1 + varintSize(old) + old + tagsSize;
    this.opHeader(OP_DELETE, body);
    this.relationId(table.oid);
    this.rowField(FIELD_2, table, oldRecord, old);
    this.strings(FIELD_3, tags);
  }

  /** GONE with the primary key (other columns NULL, as the row's pk-only record has them). */
  gone(table: RelationShape, pk: Row): void {
    this.lengths.length = 0;
    const row = this.sizeRow(table, pk);
    const body = 1 + varintSize(table.oid) + 1 + varintSize(row) + row;
    this.opHeader(OP_GONE, body);
    this.relationId(table.oid);
    this.rowField(FIELD_2, table, pk, row);
  }

  // -- sizing pass: records every value's and tag's byte length in `lengths` --

  private sizeRow(table: RelationShape, record: Row): number {
    const columns = table.columns;
    const mask = (columns.length + 7) >>> 3;
    let size = 1 + varintSize(mask) + mask;
    for (let i = 0; i < columns.length; i++) {
      const len = valueLength(record[columns[i]!.name]);
      this.lengths.push(len);
      size += 1 + varintSize(len) + len;
    }
    return size;
  }

  private sizeStrings(values: readonly string[]): number {
    let size = 0;
    for (const s of values) {
      const len = utf8Length(s);
      this.lengths.push(len);
      size += 1 + varintSize(len) + len;
    }
    return size;
  }

  // -- writing pass --

  private opHeader(kind: number, body: number): void {
    const op = 1 + varintSize(body) + body;
    this.ensure(1 + varintSize(op) + op);
    this.buf[this.pos++] = OPS;
    this.varint(op);
    this.buf[this.pos++] = kind;
    this.varint(body);
    this.cursor = 0;
    this.count++;
  }

  private relationId(oid: number): void {
    this.buf[this.pos++] = RELATION_ID;
    this.varint(oid);
  }

  private rowField(tag: number, table: RelationShape, record: Row, size: number): void {
    const buf = this.buf;
    buf[this.pos++] = tag;
    this.varint(size);
    const columns = table.columns;
    const maskLength = (columns.length + 7) >>> 3;
    buf[this.pos++] = ROW_BITMASK;
    this.varint(maskLength);
    const maskAt = this.pos;
    buf.fill(0, maskAt, maskAt + maskLength);
    this.pos += maskLength;
    for (let i = 0; i < columns.length; i++) {
      const value = record[columns[i]!.name];
      const len = this.lengths[this.cursor++]!;
      buf[this.pos++] = ROW_VALUE;
      this.varint(len);
      if (value === null || value === undefined) {
        buf[maskAt + (i >>> 3)]! |= 0x80 >>> (i & 7);
      } else if (typeof value === 'string') {
        this.utf8(value, len);
      } else {
        buf.set(value, this.pos);
        this.pos += len;
      }
    }
  }

  private strings(tag: number, values: readonly string[]): void {
    for (const s of values) {
      const len = this.lengths[this.cursor++]!;
      this.buf[this.pos++] = tag;
      this.varint(len);
      this.utf8(s, len);
    }
  }

  private utf8(s: string, len: number): void {
    if (len === s.length && len < 64) {
      // ASCII: byte per char, cheaper than a native call for short values.
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < len; i++) buf[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      this.pos += this.buf.write(s, this.pos, len, 'utf8');
    }
  }

  private varint(n: number): void {
    const buf = this.buf;
    while (n > 0x7f) {
      buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[this.pos++] = n;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + extra) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

function valueLength(value: ColumnValue | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? utf8Length(value) : value.length;
}
