/**
 * Messages the proxy itself sends to its client (everything else it relays
 * from Postgres byte for byte).
 */

function message(tag: string, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + body.length);
  out.write(tag, 0, 'latin1');
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

function cstring(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}

function int32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n, 0);
  return b;
}

export const authenticationOk = (): Buffer => message('R', int32(0));

export const authenticationMd5 = (salt: Buffer): Buffer => message('R', Buffer.concat([int32(5), salt]));

export const parameterStatus = (name: string, value: string): Buffer => message('S', Buffer.concat([cstring(name), cstring(value)]));

export const backendKeyData = (processId: number, secretKey: number): Buffer => message('K', Buffer.concat([int32(processId), int32(secretKey)]));

export type TransactionStatus = 'I' | 'T' | 'E';

export const readyForQuery = (status: TransactionStatus): Buffer => message('Z', Buffer.from(status, 'latin1'));

export const commandComplete = (tag: string): Buffer => message('C', cstring(tag));

export const parseComplete = (): Buffer => message('1', Buffer.alloc(0));
export const bindComplete = (): Buffer => message('2', Buffer.alloc(0));
export const closeComplete = (): Buffer => message('3', Buffer.alloc(0));
export const noData = (): Buffer => message('n', Buffer.alloc(0));
export const emptyQueryResponse = (): Buffer => message('I', Buffer.alloc(0));

export const parameterDescription = (types: readonly number[]): Buffer => {
  const body = Buffer.allocUnsafe(2 + 4 * types.length);
  body.writeInt16BE(types.length, 0);
  types.forEach((t, i) => body.writeInt32BE(t, 2 + 4 * i));
  return message('t', body);
};

export interface ErrorFields {
  readonly severity: 'ERROR' | 'FATAL' | 'NOTICE' | 'WARNING';
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character position in the query text. */
  readonly position?: number;
}

function fields(f: ErrorFields): Buffer {
  const parts: Buffer[] = [];
  const add = (type: string, value: string | undefined): void => {
    if (value !== undefined) parts.push(Buffer.from(type, 'latin1'), cstring(value));
  };
  add('S', f.severity);
  add('V', f.severity);
  add('C', f.code);
  add('M', f.message);
  add('D', f.detail);
  add('H', f.hint);
  add('P', f.position === undefined ? undefined : String(f.position));
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

export const errorResponse = (f: ErrorFields): Buffer => message('E', fields(f));
export const noticeResponse = (f: ErrorFields): Buffer => message('N', fields(f));

/** Asks for the password in clear text (the logical publisher, on loopback). */
export const authenticationCleartextPassword = (): Buffer => message('R', int32(3));

/** A RowDescription of text columns (`[name, type oid]`). */
export const rowDescription = (columns: readonly (readonly [name: string, typeOid: number])[]): Buffer => {
  const parts: Buffer[] = [Buffer.from([columns.length >> 8, columns.length & 255])];
  for (const [name, typeOid] of columns) {
    const meta = Buffer.alloc(18);
    meta.writeInt32BE(typeOid, 6); // table oid 0, attnum 0, then the type
    meta.writeInt16BE(-1, 10); // variable length
    meta.writeInt32BE(-1, 12); // no modifier
    parts.push(cstring(name), meta); // format 0 (text) in the last two bytes
  }
  return message('T', Buffer.concat(parts));
};

export const dataRow = (values: readonly (string | null)[]): Buffer => {
  const parts: Buffer[] = [Buffer.from([values.length >> 8, values.length & 255])];
  for (const v of values) {
    if (v === null) {
      parts.push(int32(-1));
    } else {
      const bytes = Buffer.from(v, 'utf8');
      parts.push(int32(bytes.length), bytes);
    }
  }
  return message('D', Buffer.concat(parts));
};

/** CopyBothResponse: text format, no columns (what START_REPLICATION answers). */
export const copyBothResponse = (): Buffer => message('W', Buffer.from([0, 0, 0]));
export const copyData = (payload: Buffer): Buffer => message('d', payload);
export const copyDone = (): Buffer => message('c', Buffer.alloc(0));
