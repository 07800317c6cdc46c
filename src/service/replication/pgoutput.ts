/**
 * Decoder for the `pgoutput` logical replication plugin, protocol version 1.
 *
 * Each call to {@link PgOutputDecoder.decode} takes the payload of one
 * XLogData message (the bytes after the XLogData header) and returns one
 * typed message. The module is pure: no I/O, no global state.
 *
 * It sits on the replication hot path, so it reads straight from the Buffer
 * with a moving offset, checks bounds itself (every failure is a
 * {@link PgOutputError}, never a RangeError), and leaves column values in
 * their Postgres text form.
 */

/** A WAL position. */
export type Lsn = bigint;

export interface PgRelationColumn {
  readonly name: string;
  readonly typeOid: number;
  readonly typeMod: number;
  /** Part of the replica identity key. */
  readonly isKey: boolean;
}

export interface PgRelation {
  readonly oid: number;
  readonly schema: string;
  readonly table: string;
  readonly replicaIdentity: 'd' | 'n' | 'f' | 'i';
  readonly columns: readonly PgRelationColumn[];
}

/** Marks a TOASTed column whose value did not change (and was not sent). */
export const UNCHANGED_TOAST: unique symbol = Symbol('pgoutput.unchangedToast');

/** A decoded column value: text, raw bytes (binary kind), NULL, or unchanged TOAST. */
export type TupleValue = string | Uint8Array | null | typeof UNCHANGED_TOAST;

export type PgOutputMessage =
  | { tag: 'begin'; finalLsn: Lsn; commitTime: bigint /* µs since 2000-01-01 */; xid: number }
  | { tag: 'commit'; flags: number; commitLsn: Lsn; endLsn: Lsn; commitTime: bigint }
  | { tag: 'origin'; originLsn: Lsn; name: string }
  | { tag: 'relation'; relation: PgRelation }
  | { tag: 'type'; oid: number; schema: string; name: string }
  | { tag: 'insert'; relation: PgRelation; new: TupleValue[] }
  | {
      tag: 'update';
      relation: PgRelation;
      old: TupleValue[] | null;
      oldIsKeyOnly: boolean;
      new: TupleValue[];
    }
  | { tag: 'delete'; relation: PgRelation; old: TupleValue[]; oldIsKeyOnly: boolean }
  | { tag: 'truncate'; relations: PgRelation[]; cascade: boolean; restartIdentity: boolean }
  | { tag: 'message'; transactional: boolean; lsn: Lsn; prefix: string; content: Buffer };

/** Every decoding failure: truncated or malformed input, unknown tags or relations. */
export class PgOutputError extends Error {
  readonly code = 'PGOUTPUT_DECODE';
  constructor(message: string) {
    super(message);
    this.name = 'PgOutputError';
  }
}

// Message tags and tuple kinds, as byte values.
const TAG_BEGIN = 0x42; // 'B'
const TAG_COMMIT = 0x43; // 'C'
const TAG_ORIGIN = 0x4f; // 'O'
const TAG_RELATION = 0x52; // 'R'
const TAG_TYPE = 0x59; // 'Y'
const TAG_INSERT = 0x49; // 'I'
const TAG_UPDATE = 0x55; // 'U'
const TAG_DELETE = 0x44; // 'D'
const TAG_TRUNCATE = 0x54; // 'T'
const TAG_MESSAGE = 0x4d; // 'M'

const SUB_NEW = 0x4e; // 'N'
const SUB_KEY = 0x4b; // 'K'
const SUB_OLD = 0x4f; // 'O'

const KIND_NULL = 0x6e; // 'n'
const KIND_UNCHANGED = 0x75; // 'u'
const KIND_TEXT = 0x74; // 't'
const KIND_BINARY = 0x62; // 'b'

const TRUNCATE_CASCADE = 1;
const TRUNCATE_RESTART_IDENTITY = 2;
const MESSAGE_TRANSACTIONAL = 1;
const COLUMN_IS_KEY = 1;

const EMPTY = Buffer.alloc(0);

const MESSAGE_NAMES: Record<number, string> = {
  [TAG_BEGIN]: 'Begin',
  [TAG_COMMIT]: 'Commit',
  [TAG_ORIGIN]: 'Origin',
  [TAG_RELATION]: 'Relation',
  [TAG_TYPE]: 'Type',
  [TAG_INSERT]: 'Insert',
  [TAG_UPDATE]: 'Update',
  [TAG_DELETE]: 'Delete',
  [TAG_TRUNCATE]: 'Truncate',
  [TAG_MESSAGE]: 'Message',
};

function describeByte(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}' (0x${hex2(b)})` : `0x${hex2(b)}`;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

export class PgOutputDecoder {
  /** Relations seen so far (by OID); Relation messages update it. */
  readonly relations: Map<number, PgRelation> = new Map();

  // Decoding state for the message in progress; reset after each decode so
  // the replication chunk is not kept alive by the decoder.
  private buf: Buffer = EMPTY;
  private pos = 0;
  private end = 0;
  private tag = 0;

  decode(payload: Buffer): PgOutputMessage {
    const end = payload.length;
    if (end === 0) throw new PgOutputError('pgoutput: empty message');
    const tag = payload[0]!;
    this.buf = payload;
    this.pos = 1;
    this.end = end;
    this.tag = tag;
    try {
      let msg: PgOutputMessage;
      switch (tag) {
        case TAG_INSERT:
          msg = this.insert();
          break;
        case TAG_UPDATE:
          msg = this.update();
          break;
        case TAG_DELETE:
          msg = this.delete();
          break;
        case TAG_BEGIN:
          msg = this.begin();
          break;
        case TAG_COMMIT:
          msg = this.commit();
          break;
        case TAG_RELATION:
          msg = this.relation();
          break;
        case TAG_ORIGIN:
          msg = this.origin();
          break;
        case TAG_TYPE:
          msg = this.type();
          break;
        case TAG_TRUNCATE:
          msg = this.truncate();
          break;
        case TAG_MESSAGE:
          msg = this.message();
          break;
        default:
          throw new PgOutputError(
            `pgoutput: unknown message tag ${describeByte(tag)} (${end} bytes)`,
          );
      }
      if (this.pos !== end) {
        throw new PgOutputError(
          `pgoutput: ${this.name()} message has ${end - this.pos} unexpected trailing bytes ` +
            `(decoded ${this.pos} of ${end})`,
        );
      }
      return msg;
    } catch (err) {
      if (err instanceof PgOutputError) throw err;
      // Defensive: bounds are checked before every read, but never let a
      // RangeError (or anything else) escape untyped.
      throw new PgOutputError(
        `pgoutput: malformed ${this.name()} message: ${(err as Error)?.message ?? String(err)}`,
      );
    } finally {
      this.buf = EMPTY;
    }
  }

  // ---- messages ----------------------------------------------------------

  private begin(): PgOutputMessage {
    this.need(20);
    const buf = this.buf;
    const p = this.pos;
    const finalLsn = buf.readBigUInt64BE(p);
    const commitTime = buf.readBigInt64BE(p + 8);
    const xid = buf.readUInt32BE(p + 16);
    this.pos = p + 20;
    return { tag: 'begin', finalLsn, commitTime, xid };
  }

  private commit(): PgOutputMessage {
    this.need(25);
    const buf = this.buf;
    const p = this.pos;
    const flags = buf[p]!;
    const commitLsn = buf.readBigUInt64BE(p + 1);
    const endLsn = buf.readBigUInt64BE(p + 9);
    const commitTime = buf.readBigInt64BE(p + 17);
    this.pos = p + 25;
    return { tag: 'commit', flags, commitLsn, endLsn, commitTime };
  }

  private origin(): PgOutputMessage {
    this.need(8);
    const originLsn = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    const name = this.string('origin name');
    return { tag: 'origin', originLsn, name };
  }

  private relation(): PgOutputMessage {
    const oid = this.uint32('relation OID');
    const namespace = this.string('namespace');
    const table = this.string('relation name');
    this.need(3, 'replica identity and column count');
    const buf = this.buf;
    const ident = buf[this.pos]!;
    if (ident !== 0x64 && ident !== 0x6e && ident !== 0x66 && ident !== 0x69) {
      throw new PgOutputError(
        `pgoutput: Relation ${oid} (${namespace}.${table}) has unknown replica identity ` +
          `${describeByte(ident)}`,
      );
    }
    const replicaIdentity = String.fromCharCode(ident) as PgRelation['replicaIdentity'];
    const ncols = buf.readUInt16BE(this.pos + 1);
    this.pos += 3;
    const columns: PgRelationColumn[] = new Array(ncols);
    for (let i = 0; i < ncols; i++) {
      this.need(1, `column ${i} flags`);
      const flags = this.buf[this.pos++]!;
      const name = this.string(`column ${i} name`);
      this.need(8, `column ${i} type`);
      const typeOid = buf.readUInt32BE(this.pos);
      const typeMod = buf.readInt32BE(this.pos + 4);
      this.pos += 8;
      columns[i] = { name, typeOid, typeMod, isKey: (flags & COLUMN_IS_KEY) !== 0 };
    }
    const relation: PgRelation = {
      oid,
      schema: namespace === '' ? 'pg_catalog' : namespace,
      table,
      replicaIdentity,
      columns,
    };
    this.relations.set(oid, relation);
    return { tag: 'relation', relation };
  }

  private type(): PgOutputMessage {
    const oid = this.uint32('type OID');
    const namespace = this.string('namespace');
    const name = this.string('type name');
    return { tag: 'type', oid, schema: namespace === '' ? 'pg_catalog' : namespace, name };
  }

  private insert(): PgOutputMessage {
    const relation = this.relationRef();
    this.need(1, "'N' marker");
    const sub = this.buf[this.pos++]!;
    if (sub !== SUB_NEW) throw this.badSubmessage(sub, "'N'");
    return { tag: 'insert', relation, new: this.tuple(relation) };
  }

  private update(): PgOutputMessage {
    const relation = this.relationRef();
    this.need(1, "'K', 'O' or 'N' marker");
    let sub = this.buf[this.pos++]!;
    let old: TupleValue[] | null = null;
    let oldIsKeyOnly = false;
    if (sub === SUB_KEY || sub === SUB_OLD) {
      oldIsKeyOnly = sub === SUB_KEY;
      old = this.tuple(relation);
      this.need(1, "'N' marker");
      sub = this.buf[this.pos++]!;
    }
    if (sub !== SUB_NEW) throw this.badSubmessage(sub, old ? "'N'" : "'K', 'O' or 'N'");
    return { tag: 'update', relation, old, oldIsKeyOnly, new: this.tuple(relation) };
  }

  private delete(): PgOutputMessage {
    const relation = this.relationRef();
    this.need(1, "'K' or 'O' marker");
    const sub = this.buf[this.pos++]!;
    if (sub !== SUB_KEY && sub !== SUB_OLD) throw this.badSubmessage(sub, "'K' or 'O'");
    return { tag: 'delete', relation, old: this.tuple(relation), oldIsKeyOnly: sub === SUB_KEY };
  }

  private truncate(): PgOutputMessage {
    this.need(5, 'relation count and options');
    const buf = this.buf;
    const count = buf.readInt32BE(this.pos);
    const options = buf[this.pos + 4]!;
    this.pos += 5;
    if (count < 0) {
      throw new PgOutputError(`pgoutput: Truncate message has negative relation count ${count}`);
    }
    this.need(count * 4, `${count} relation OIDs`);
    const relations: PgRelation[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const oid = buf.readUInt32BE(this.pos);
      this.pos += 4;
      const rel = this.relations.get(oid);
      if (rel === undefined) throw this.unknownRelation(oid);
      relations[i] = rel;
    }
    return {
      tag: 'truncate',
      relations,
      cascade: (options & TRUNCATE_CASCADE) !== 0,
      restartIdentity: (options & TRUNCATE_RESTART_IDENTITY) !== 0,
    };
  }

  private message(): PgOutputMessage {
    this.need(9, 'flags and LSN');
    const buf = this.buf;
    const flags = buf[this.pos]!;
    const lsn = buf.readBigUInt64BE(this.pos + 1);
    this.pos += 9;
    const prefix = this.string('prefix');
    this.need(4, 'content length');
    const len = buf.readInt32BE(this.pos);
    this.pos += 4;
    if (len < 0) throw new PgOutputError(`pgoutput: Message has negative content length ${len}`);
    this.need(len, 'content');
    const content = Buffer.allocUnsafe(len);
    buf.copy(content, 0, this.pos, this.pos + len);
    this.pos += len;
    return {
      tag: 'message',
      transactional: (flags & MESSAGE_TRANSACTIONAL) !== 0,
      lsn,
      prefix,
      content,
    };
  }

  // ---- tuple data (the hot path) -----------------------------------------

  private tuple(relation: PgRelation): TupleValue[] {
    const buf = this.buf;
    const end = this.end;
    let p = this.pos;
    if (p + 2 > end) throw this.truncated(p, 2, 'tuple column count');
    const n = (buf[p]! << 8) | buf[p + 1]!;
    p += 2;
    if (n !== relation.columns.length) {
      throw new PgOutputError(
        `pgoutput: ${this.name()} tuple for ${relation.schema}.${relation.table} (OID ` +
          `${relation.oid}) has ${n} columns, but its Relation message declared ` +
          `${relation.columns.length}`,
      );
    }
    const out: TupleValue[] = new Array(n);
    for (let i = 0; i < n; i++) {
      if (p >= end) throw this.truncated(p, 1, `kind of column ${i}`);
      const kind = buf[p++]!;
      if (kind === KIND_TEXT) {
        if (p + 4 > end) throw this.truncated(p, 4, `length of column ${i}`);
        // Signed: a negative length is malformed, and must not wrap around.
        const len = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
        p += 4;
        if (len < 0 || p + len > end) throw this.badLength(p, len, i);
        out[i] = len === 0 ? '' : buf.toString('utf8', p, p + len);
        p += len;
      } else if (kind === KIND_NULL) {
        out[i] = null;
      } else if (kind === KIND_UNCHANGED) {
        out[i] = UNCHANGED_TOAST;
      } else if (kind === KIND_BINARY) {
        if (p + 4 > end) throw this.truncated(p, 4, `length of column ${i}`);
        const len = (buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!;
        p += 4;
        if (len < 0 || p + len > end) throw this.badLength(p, len, i);
        // A copy, so the replication chunk can be released.
        const bytes = new Uint8Array(len);
        bytes.set(buf.subarray(p, p + len));
        out[i] = bytes;
        p += len;
      } else {
        throw new PgOutputError(
          `pgoutput: ${this.name()} tuple for ${relation.schema}.${relation.table} has unknown ` +
            `kind ${describeByte(kind)} for column ${i} at offset ${p - 1}`,
        );
      }
    }
    this.pos = p;
    return out;
  }

  // ---- primitives ----------------------------------------------------------

  private need(n: number, what?: string): void {
    if (this.pos + n > this.end) throw this.truncated(this.pos, n, what);
  }

  private uint32(what: string): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  private string(what: string): string {
    const start = this.pos;
    const nul = this.buf.indexOf(0, start);
    if (nul === -1 || nul >= this.end) {
      throw new PgOutputError(
        `pgoutput: truncated ${this.name()} message: ${what} at offset ${start} is not ` +
          `NUL-terminated (${this.end} bytes)`,
      );
    }
    this.pos = nul + 1;
    return nul === start ? '' : this.buf.toString('utf8', start, nul);
  }

  private relationRef(): PgRelation {
    const oid = this.uint32('relation OID');
    const rel = this.relations.get(oid);
    if (rel === undefined) throw this.unknownRelation(oid);
    return rel;
  }

  // ---- errors --------------------------------------------------------------

  private name(): string {
    return MESSAGE_NAMES[this.tag] ?? describeByte(this.tag);
  }

  private truncated(at: number, n: number, what?: string): PgOutputError {
    return new PgOutputError(
      `pgoutput: truncated ${this.name()} message: need ${n} bytes` +
        (what ? ` (${what})` : '') +
        ` at offset ${at}, but only ${Math.max(0, this.end - at)} remain`,
    );
  }

  private badLength(at: number, len: number, column: number): PgOutputError {
    return len < 0
      ? new PgOutputError(
          `pgoutput: ${this.name()} tuple has negative length ${len} for column ${column}`,
        )
      : this.truncated(at, len, `value of column ${column}`);
  }

  private badSubmessage(got: number, expected: string): PgOutputError {
    return new PgOutputError(
      `pgoutput: ${this.name()} message has ${describeByte(got)} where ${expected} was expected ` +
        `(offset ${this.pos - 1})`,
    );
  }

  private unknownRelation(oid: number): PgOutputError {
    return new PgOutputError(
      `pgoutput: ${this.name()} message references unknown relation OID ${oid} ` +
        `(no Relation message received for it)`,
    );
  }
}

// ---- time and LSN helpers ----------------------------------------------------

/** Unix milliseconds of the Postgres epoch, 2000-01-01 00:00:00 UTC. */
const PG_EPOCH_UNIX_MS = 946_684_800_000;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** Microseconds since 2000-01-01 → Unix milliseconds (number), rounded down. */
export function pgTimeToUnixMs(pgMicros: bigint): number {
  if (pgMicros <= MAX_SAFE_BIG && pgMicros >= -MAX_SAFE_BIG) {
    // Exact integer in a double; division cannot round across an integer.
    return Math.floor(Number(pgMicros) / 1000) + PG_EPOCH_UNIX_MS;
  }
  let ms = pgMicros / 1000n;
  if (pgMicros < 0n && ms * 1000n !== pgMicros) ms -= 1n;
  return Number(ms) + PG_EPOCH_UNIX_MS;
}

const LSN_RE = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;
const MAX_LSN = 0xffff_ffff_ffff_ffffn;

/** '16/B374D848' → bigint. */
export function parseLsn(text: string): Lsn {
  const m = LSN_RE.exec(text);
  if (m === null) throw new PgOutputError(`pgoutput: invalid LSN ${JSON.stringify(text)}`);
  return (BigInt(parseInt(m[1]!, 16)) << 32n) | BigInt(parseInt(m[2]!, 16));
}

/** bigint → '16/B374D848' (Postgres's %X/%X form). */
export function formatLsn(lsn: Lsn): string {
  if (lsn < 0n || lsn > MAX_LSN) {
    throw new PgOutputError(`pgoutput: LSN ${lsn} is outside the unsigned 64-bit range`);
  }
  const hi = Number(lsn >> 32n);
  const lo = Number(lsn & 0xffff_ffffn);
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}
