/**
 * Messages a Postgres client sends, decoded just enough for the proxy to
 * decide what to do with them; the raw frame is always kept for relaying.
 */
import { BodyReader, WireError } from './frames.js';

export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
export const PROTOCOL_3 = 196608;

export type StartupPacket =
  | { kind: 'ssl' }
  | { kind: 'gssenc' }
  | { kind: 'cancel'; processId: number; secretKey: number }
  | { kind: 'startup'; protocol: number; params: Record<string, string> };

export function decodeStartup(frame: Buffer): StartupPacket {
  const r = new BodyReader(frame, 4);
  const code = r.int32();
  if (code === SSL_REQUEST_CODE) return { kind: 'ssl' };
  if (code === GSSENC_REQUEST_CODE) return { kind: 'gssenc' };
  if (code === CANCEL_REQUEST_CODE) return { kind: 'cancel', processId: r.int32(), secretKey: r.int32() };
  const params: Record<string, string> = {};
  while (r.remaining > 1) {
    const key = r.cstring();
    if (key === '') break;
    params[key] = r.cstring();
  }
  return { kind: 'startup', protocol: code, params };
}

export type FrontendMessage =
  | { type: 'query'; raw: Buffer; sql: string }
  | { type: 'parse'; raw: Buffer; name: string; sql: string; paramTypes: number[] }
  | { type: 'bind'; raw: Buffer; portal: string; statement: string; formats: number[]; values: (Buffer | null)[] }
  | { type: 'describe'; raw: Buffer; target: 'S' | 'P'; name: string }
  | { type: 'execute'; raw: Buffer; portal: string; maxRows: number }
  | { type: 'close'; raw: Buffer; target: 'S' | 'P'; name: string }
  | { type: 'sync'; raw: Buffer }
  | { type: 'flush'; raw: Buffer }
  | { type: 'terminate'; raw: Buffer }
  | { type: 'copy'; raw: Buffer; done: boolean }
  | { type: 'password'; raw: Buffer; text: string }
  /** FunctionCall (libpq's PQfn: large objects): answered with a ReadyForQuery, like a Query. */
  | { type: 'function-call'; raw: Buffer }
  | { type: 'other'; raw: Buffer; tag: string };

export function decodeFrontend(raw: Buffer): FrontendMessage {
  const tag = String.fromCharCode(raw[0]!);
  const r = new BodyReader(raw, 5);
  switch (tag) {
    case 'Q':
      return { type: 'query', raw, sql: r.cstring() };
    case 'P': {
      const name = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      const paramTypes: number[] = [];
      for (let i = 0; i < n; i++) paramTypes.push(r.int32());
      return { type: 'parse', raw, name, sql, paramTypes };
    }
    case 'B': {
      const portal = r.cstring();
      const statement = r.cstring();
      const nFormats = r.int16();
      const formats: number[] = [];
      for (let i = 0; i < nFormats; i++) formats.push(r.int16());
      const nValues = r.int16();
      const values: (Buffer | null)[] = [];
      for (let i = 0; i < nValues; i++) {
        const len = r.int32();
        values.push(len < 0 ? null : r.bytes(len));
      }
      return { type: 'bind', raw, portal, statement, formats, values };
    }
    case 'D':
    case 'C': {
      const target = String.fromCharCode(r.byte());
      if (target !== 'S' && target !== 'P') throw new WireError('PROXY_BAD_FRAME', `invalid ${tag === 'D' ? 'Describe' : 'Close'} target ${JSON.stringify(target)}`);
      return { type: tag === 'D' ? 'describe' : 'close', raw, target, name: r.cstring() };
    }
    case 'E':
      return { type: 'execute', raw, portal: r.cstring(), maxRows: r.int32() };
    case 'S':
      return { type: 'sync', raw };
    case 'H':
      return { type: 'flush', raw };
    case 'X':
      return { type: 'terminate', raw };
    case 'd':
      return { type: 'copy', raw, done: false };
    case 'c':
    case 'f':
      return { type: 'copy', raw, done: true };
    case 'p':
      return { type: 'password', raw, text: r.cstring() };
    case 'F':
      return { type: 'function-call', raw };
    default:
      return { type: 'other', raw, tag };
  }
}

/** The text of a Bind parameter (text format, or the binary forms of the version columns). */
export function bindValueText(msg: Extract<FrontendMessage, { type: 'bind' }>, index: number): string | null {
  const value = msg.values[index];
  if (value === undefined || value === null) return null;
  const format = msg.formats.length === 0 ? 0 : msg.formats.length === 1 ? msg.formats[0]! : (msg.formats[index] ?? 0);
  if (format === 0) return value.toString('utf8');
  // Binary: integers (Ecto's bigint versions) or text-like bytes.
  if (value.length === 8) return value.readBigInt64BE(0).toString();
  if (value.length === 4) return String(value.readInt32BE(0));
  return value.toString('utf8');
}
