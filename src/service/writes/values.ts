/**
 * Client values into Postgres text (spec §3.4, client → server): each value
 * is checked against its column's type before anything reaches Postgres, so
 * a bad value is refused with the column and the reason named, and the text
 * handed to Postgres is one its input function accepts as meant.
 */
import type { CatalogColumn } from '../schema/catalog.js';

export class ValueError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?$/;
const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: Record<string, string> = {
  infinity: 'Infinity',
  '+infinity': 'Infinity',
  inf: 'Infinity',
  '-infinity': '-Infinity',
  '-inf': '-Infinity',
  nan: 'NaN',
};

function text(raw: Uint8Array): string {
  try {
    return utf8.decode(raw);
  } catch {
    throw new ValueError('is not valid UTF-8');
  }
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

function checkDate(value: string): void {
  const m = DATE_RE.exec(value);
  if (!m) throw new ValueError(`${quoted(value)} is not a date (YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || y > 9999) throw new ValueError(`${quoted(value)} has a year outside 1–9999`);
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw new ValueError(`${quoted(value)} is not a valid date`);
}

function checkTime(value: string): void {
  const m = TIME_RE.exec(value);
  if (!m) throw new ValueError(`${quoted(value)} is not a time (HH:MM:SS[.ffffff])`);
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const isEndOfDay = h === 24 && mi === 0 && s === 0 && !/[1-9]/.test(m[4] ?? '');
  if (!isEndOfDay && (h > 23 || mi > 59 || s > 59)) throw new ValueError(`${quoted(value)} is not a valid time`);
}

function checkTimestamp(value: string, withZone: boolean): string {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) throw new ValueError(`${quoted(value)} is not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff]${withZone ? 'Z' : ''})`);
  const [, date, time, zone] = m;
  checkDate(date!);
  checkTime(time!);
  if (withZone) {
    if (zone === undefined) throw new ValueError(`${quoted(value)} has no UTC offset`);
    if (!/^(Z|[+-]00(:?00)?)$/.test(zone)) throw new ValueError(`${quoted(value)} has a UTC offset other than 0`);
    return `${date} ${time}+00`;
  }
  if (zone !== undefined) throw new ValueError(`${quoted(value)} has a UTC offset, but the column has no time zone`);
  return `${date} ${time}`;
}

function checkInt(value: string, type: string): string {
  if (!/^[+-]?\d+$/.test(value)) throw new ValueError(`${quoted(value)} is not an integer`);
  const [min, max] = INT_RANGES[type]!;
  const n = BigInt(value);
  if (n < min || n > max) throw new ValueError(`${quoted(value)} is out of range for ${type}`);
  return n.toString();
}

function checkFloat(value: string, type: string): string {
  const special = SPECIAL_FLOATS[value.toLowerCase()];
  if (special) return special;
  if (!FLOAT_RE.test(value)) throw new ValueError(`${quoted(value)} is not a number`);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new ValueError(`${quoted(value)} is out of range for ${type}`);
  if (type === 'float4') {
    const f = Math.fround(n);
    if (!Number.isFinite(f)) throw new ValueError(`${quoted(value)} is out of range for float4`);
    if (f === 0 && n !== 0) throw new ValueError(`${quoted(value)} is too small for float4 (it would become 0)`);
  }
  return value;
}

/**
 * The Postgres text form of a client value for `column`; throws ValueError
 * with the reason when the value does not fit the column's type.
 */
export function clientValueToPg(column: CatalogColumn, raw: Uint8Array): string {
  const type = column.typeName;
  if (type === 'bytea') return `\\x${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex')}`;
  const value = text(raw);
  if (column.enumValues) {
    if (!column.enumValues.includes(value)) throw new ValueError(`${quoted(value)} is not one of the labels of enum ${type}`);
    return value;
  }
  switch (type) {
    case 'bool':
      if (value === 't' || value === 'true') return 't';
      if (value === 'f' || value === 'false') return 'f';
      throw new ValueError(`${quoted(value)} is not a boolean (t or f)`);
    case 'int2':
    case 'int4':
    case 'int8':
      return checkInt(value, type);
    case 'float4':
    case 'float8':
      return checkFloat(value, type);
    case 'json':
    case 'jsonb':
      try {
        JSON.parse(value);
      } catch {
        throw new ValueError(`${quoted(value)} is not valid JSON`);
      }
      return value;
    case 'uuid':
      if (!UUID_RE.test(value)) throw new ValueError(`${quoted(value)} is not a UUID`);
      return value;
    case 'date':
      checkDate(value);
      return value;
    case 'time':
      checkTime(value);
      return value;
    case 'timestamp':
      return checkTimestamp(value, false);
    case 'timestamptz':
      return checkTimestamp(value, true);
    case 'text':
    case 'varchar':
      if (value.includes('\u0000')) throw new ValueError('contains a NUL character, which Postgres text cannot hold');
      return value;
    default:
      throw new ValueError(`has type ${type}, which clients cannot write`);
  }
}
