/**
 * The publisher's side of the streaming replication sub-protocol (inside
 * CopyData) and the pgoutput v1 messages it carries: Begin, Relation,
 * Insert, Commit, wrapped in XLogData; primary keepalives; and the standby
 * status updates Postgres' apply worker answers with.
 *
 * LSNs are bigint (64-bit unsigned); timestamps are microseconds since
 * 2000-01-01, as on the wire.
 */
import { copyData } from '../../proxy/wire/backend.js';

const PG_EPOCH_MS = 946_684_800_000;

export function pgTimestamp(unixMs: number): bigint {
  return BigInt(Math.round(unixMs - PG_EPOCH_MS)) * 1000n;
}

export interface PublishedColumn {
  readonly name: string;
  readonly typeOid: number;
  readonly typmod: number;
  readonly isKey: boolean;
}

export interface PublishedRelation {
  /** The relation id in the stream (we use the table's OID). */
  readonly id: number;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly PublishedColumn[];
}

class Writer {
  private buf = Buffer.allocUnsafe(256);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  byte(v: number): this {
    this.room(1);
    this.buf[this.at++] = v;
    return this;
  }
  char(c: string): this {
    return this.byte(c.charCodeAt(0));
  }
  int16(v: number): this {
    this.room(2);
    this.buf.writeInt16BE(v, this.at);
    this.at += 2;
    return this;
  }
  int32(v: number): this {
    this.room(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
    return this;
  }
  uint32(v: number): this {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.at);
    this.at += 4;
    return this;
  }
  int64(v: bigint): this {
    this.room(8);
    this.buf.writeBigInt64BE(BigInt.asIntN(64, v), this.at);
    this.at += 8;
    return this;
  }
  cstring(s: string): this {
    const n = Buffer.byteLength(s);
    this.room(n + 1);
    this.buf.write(s, this.at, 'utf8');
    this.at += n;
    return this.byte(0);
  }
  bytes(b: Buffer): this {
    this.room(b.length);
    b.copy(this.buf, this.at);
    this.at += b.length;
    return this;
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
}

export function encodeBegin(finalLsn: bigint, commitTs: bigint): Buffer {
  // xid 0: there is no transaction id here (the apply worker only reports it).
  return new Writer().char('B').int64(finalLsn).int64(commitTs).int32(0).done();
}

export function encodeCommit(commitLsn: bigint, endLsn: bigint, commitTs: bigint): Buffer {
  return new Writer().char('C').byte(0).int64(commitLsn).int64(endLsn).int64(commitTs).done();
}

export function encodeRelation(rel: PublishedRelation): Buffer {
  const w = new Writer().char('R').uint32(rel.id).cstring(rel.schema).cstring(rel.name).char('f').int16(rel.columns.length);
  for (const c of rel.columns) w.byte(c.isKey ? 1 : 0).cstring(c.name).uint32(c.typeOid).int32(c.typmod);
  return w.done();
}

/** An Insert of text values (null for NULL), in the relation's column order. */
export function encodeInsert(relationId: number, values: readonly (string | null)[]): Buffer {
  const w = new Writer().char('I').uint32(relationId).char('N').int16(values.length);
  for (const v of values) {
    if (v === null) {
      w.char('n');
    } else {
      const bytes = Buffer.from(v, 'utf8');
      w.char('t').int32(bytes.length).bytes(bytes);
    }
  }
  return w.done();
}

/** XLogData in CopyData, ready to write to the socket. */
export function xlogData(start: bigint, walEnd: bigint, payload: Buffer, nowMs = Date.now()): Buffer {
  const head = new Writer().char('w').int64(start).int64(walEnd).int64(pgTimestamp(nowMs)).done();
  return copyData(Buffer.concat([head, payload]));
}

export function primaryKeepalive(walEnd: bigint, replyRequested: boolean, nowMs = Date.now()): Buffer {
  return copyData(new Writer().char('k').int64(walEnd).int64(pgTimestamp(nowMs)).byte(replyRequested ? 1 : 0).done());
}

export type StandbyMessage =
  | { kind: 'status'; write: bigint; flush: bigint; apply: bigint; replyRequested: boolean }
  | { kind: 'hot_standby_feedback' }
  | { kind: 'unknown'; tag: string };

/** Decodes the payload of a CopyData the subscriber sent. */
export function decodeStandbyMessage(payload: Buffer): StandbyMessage {
  const tag = String.fromCharCode(payload[0] ?? 0);
  if (tag === 'r' && payload.length >= 34) {
    return {
      kind: 'status',
      write: payload.readBigUInt64BE(1),
      flush: payload.readBigUInt64BE(9),
      apply: payload.readBigUInt64BE(17),
      replyRequested: payload[33] === 1,
    };
  }
  if (tag === 'h') return { kind: 'hot_standby_feedback' };
  return { kind: 'unknown', tag };
}
