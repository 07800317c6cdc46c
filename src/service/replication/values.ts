/**
 * Turns Postgres text output into the value forms of the Satellite protocol
 * (spec §3.4), and reads the tag arrays of shadow rows.
 */
import type { ColumnValue } from './types.js';
import { POSTGRES_ORIGIN } from './types.js';

export const TYPE_OID = {
  bool: 16,
  bytea: 17,
  timestamptz: 1184,
} as const;

/** Converts one text value of a column with the given type. */
export function convertValue(text: string, typeOid: number): ColumnValue {
  switch (typeOid) {
    case TYPE_OID.timestamptz:
      return timestamptzToUtcZ(text);
    case TYPE_OID.bytea:
      return hexByteaToBytes(text);
    case TYPE_OID.bool:
      // bool::text says true/false; the output function (and pgoutput) t/f.
      return text === 'true' ? 't' : text === 'false' ? 'f' : text;
    default:
      return text;
  }
}

/** `2024-01-02 03:04:05.678+00` → `2024-01-02 03:04:05.678Z` (the session runs in UTC). */
export function timestamptzToUtcZ(text: string): string {
  return text.endsWith('+00') ? text.slice(0, -3) + 'Z' : text;
}

/** `\x0aff` → bytes. */
export function hexByteaToBytes(text: string): Uint8Array {
  if (!text.startsWith('\\x')) throw new Error(`bytea value is not in hex output format: ${text.slice(0, 20)}`);
  return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
}

/** A tag as stored in Postgres: `(timestamp, source_id)`; source NULL = Postgres. */
export interface PgTag {
  readonly timestampMs: number;
  readonly source: string | null;
}

/** `postgres_1@1700000000000` / `<client id>@<ms>`: the form clients see. */
export function formatTag(tag: PgTag): string {
  return `${tag.source ?? POSTGRES_ORIGIN}@${tag.timestampMs}`;
}

/** Parses `2024-01-02 03:04:05.678+00` (ISO output, any offset) to Unix ms. */
export function parsePgTimestamptz(text: string): number {
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (!m) throw new Error(`unexpected timestamptz text: ${text}`);
  const [, date, time, offH, offM = '00'] = m;
  const ms = Date.parse(`${date}T${time}${offH}:${offM}`);
  if (Number.isNaN(ms)) throw new Error(`unexpected timestamptz text: ${text}`);
  return ms;
}

/** Parses a composite literal `("2024-… +00",client_1)` into a tag. */
export function parseTag(text: string): PgTag {
  const fields = splitComposite(text);
  if (fields.length !== 2 || fields[0] === null || fields[0] === undefined) throw new Error(`unexpected tag text: ${text}`);
  return { timestampMs: parsePgTimestamptz(fields[0]), source: fields[1] ?? null };
}

/** Parses an array literal of tags `{"(\"…\",)","(…,c1)"}`. */
export function parseTagArray(text: string): PgTag[] {
  return splitArray(text).map((element) => {
    if (element === null) throw new Error(`NULL element in tag array: ${text}`);
    return parseTag(element);
  });
}

/** Splits a one-dimensional array literal into its elements (NULL → null). */
export function splitArray(text: string): (string | null)[] {
  if (text.length < 2 || text[0] !== '{' || text[text.length - 1] !== '}') throw new Error(`not an array literal: ${text.slice(0, 40)}`);
  const out: (string | null)[] = [];
  let i = 1;
  const end = text.length - 1;
  if (i === end) return out;
  for (;;) {
    let value: string | null;
    if (text[i] === '"') {
      let buf = '';
      i++;
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\') i++;
        buf += text[i];
        i++;
      }
      i++; // closing quote
      value = buf;
    } else {
      const start = i;
      while (i < end && text[i] !== ',') i++;
      const raw = text.slice(start, i);
      value = raw === 'NULL' ? null : raw;
    }
    out.push(value);
    if (i >= end) break;
    if (text[i] !== ',') throw new Error(`malformed array literal: ${text.slice(0, 40)}`);
    i++;
  }
  return out;
}

/** Splits a composite literal `(a,"b c",)` into fields; an empty unquoted field is NULL. */
export function splitComposite(text: string): (string | null)[] {
  if (text.length < 2 || text[0] !== '(' || text[text.length - 1] !== ')') throw new Error(`not a composite literal: ${text.slice(0, 40)}`);
  const out: (string | null)[] = [];
  let i = 1;
  const end = text.length - 1;
  for (;;) {
    let buf = '';
    let quotedOrNonEmpty = false;
    while (i < end && text[i] !== ',') {
      if (text[i] === '"') {
        quotedOrNonEmpty = true;
        i++;
        while (i < end) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              buf += '"';
              i += 2;
              continue;
            }
            break;
          }
          if (text[i] === '\\') i++;
          buf += text[i];
          i++;
        }
        i++; // closing quote
      } else {
        if (text[i] === '\\') i++;
        buf += text[i];
        quotedOrNonEmpty = true;
        i++;
      }
    }
    out.push(quotedOrNonEmpty ? buf : null);
    if (i >= end) break;
    i++; // comma
  }
  return out;
}
