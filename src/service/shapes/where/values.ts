/**
 * In-memory values by SQL type, and the type's text input and output:
 *
 *   int2/int4/int8 → bigint         numeric → Numeric        float4/8 → number
 *   bool → boolean                  text/varchar/uuid/enum → string
 *   date, time → number             timestamp/timestamptz → bigint
 *   interval → Interval             jsonb/bytea → the row's raw value (only NULL-tested)
 *
 * Input accepts what Postgres' input functions accept (for date/time, the
 * ISO subset documented in datetime.ts); output is what Postgres prints with
 * the service's session settings (DateStyle ISO, TimeZone UTC,
 * extra_float_digits 1, IntervalStyle postgres).
 */
import { ValueError } from './errors.js';
import { trimPgSpace, compareText } from './text.js';
import { parseInt } from './integer.js';
import { compareFloat, formatFloat, parseFloatValue } from './float.js';
import { compareNumeric, formatNumeric, parseNumeric, type Numeric } from './numeric.js';
import { compareBigints, compareNumbers, formatDate, formatTime, formatTimestamp, parseTemporal } from './datetime.js';
import { compareInterval, formatInterval, parseInterval, type Interval } from './interval.js';
import { isEnum, isInt, postgresTypeName, typeName, type SqlType } from './sql-types.js';

export type Value = bigint | number | boolean | string | Numeric | Interval | Uint8Array;

/** boolin: true/false/yes/no/on/off/1/0 and unique prefixes, any case, trimmed. */
export function parseBool(text: string): boolean {
  const word = trimPgSpace(text).toLowerCase();
  const prefixOf = (full: string, min = 1): boolean => word.length >= min && full.startsWith(word);
  if (prefixOf('true') || prefixOf('yes') || prefixOf('on', 2) || word === '1') return true;
  if (prefixOf('false') || prefixOf('no') || prefixOf('off', 2) || word === '0') return false;
  throw new ValueError(`invalid input syntax for type boolean: "${text}"`);
}

function hexValue(ch: string | undefined): number {
  if (ch === undefined) return -1;
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** uuid_in: 32 hex digits, optional braces, a hyphen allowed after any group of four. */
export function parseUuid(text: string): string {
  const invalid = (): ValueError => new ValueError(`invalid input syntax for type uuid: "${text}"`);
  let i = 0;
  const braces = text[0] === '{';
  if (braces) i++;
  let hex = '';
  for (let byte = 0; byte < 16; byte++) {
    const hi = hexValue(text[i]);
    const lo = hexValue(text[i + 1]);
    if (hi < 0 || lo < 0) throw invalid();
    hex += (text[i] as string).toLowerCase() + (text[i + 1] as string).toLowerCase();
    i += 2;
    if (text[i] === '-' && byte % 2 === 1 && byte < 15) i++;
  }
  if (braces) {
    if (text[i] !== '}') throw invalid();
    i++;
  }
  if (i !== text.length) throw invalid();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Text input for a type (a literal cast, or a text value cast at run time). */
export function parseValue(type: SqlType, text: string): Value {
  if (isEnum(type)) {
    if (!type.values.includes(text)) throw new ValueError(`invalid input value for enum ${type.name}: "${text}"`);
    return text;
  }
  if (isInt(type)) return parseInt(text, type);
  switch (type) {
    case 'float4':
    case 'float8':
      return parseFloatValue(text, type);
    case 'numeric':
      return parseNumeric(text);
    case 'bool':
      return parseBool(text);
    case 'text':
    case 'varchar':
    case 'unknown':
    case 'jsonb':
      return text;
    case 'uuid':
      return parseUuid(text);
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return parseTemporal(text, type);
    case 'interval':
      return parseInterval(text);
    case 'bytea':
      throw new ValueError('bytea values are not supported');
  }
}

/** The value as a row carries it: text forms, bytea as raw bytes. */
export function parseRowValue(type: SqlType, raw: string | Uint8Array): Value {
  if (type === 'bytea' || type === 'jsonb') return raw;
  if (typeof raw !== 'string') throw new ValueError(`expected a text value for a ${typeName(type)} column`);
  // Rows hold canonical output: take the common bool forms directly.
  if (type === 'bool') return raw === 't' ? true : raw === 'f' ? false : parseBool(raw);
  return parseValue(type, raw);
}

/** Text output (the `::text` cast), as Postgres prints it in the service's sessions. */
export function formatValue(type: SqlType, value: Value): string {
  if (isEnum(type)) return value as string;
  if (isInt(type)) return String(value as bigint);
  switch (type) {
    case 'float4':
    case 'float8':
      return formatFloat(value as number, type);
    case 'numeric':
      return formatNumeric(value as Numeric);
    case 'bool':
      // The bool → text cast spells the words out (a row carries 't'/'f').
      return value ? 'true' : 'false';
    case 'date':
      return formatDate(value as number);
    case 'time':
      return formatTime(value as number);
    case 'timestamp':
      return formatTimestamp(value as bigint, false);
    case 'timestamptz':
      return formatTimestamp(value as bigint, true);
    case 'interval':
      return formatInterval(value as Interval);
    default:
      if (typeof value === 'string') return value;
      throw new ValueError(`values of type ${postgresTypeName(type)} cannot be shown as text`);
  }
}

/** The text a row would carry for this value (timestamptz ends in Z rather than +00). */
export function rowText(type: SqlType, value: Value): string {
  if (type === 'bool') return value ? 't' : 'f';
  const text = formatValue(type, value);
  return type === 'timestamptz' && text.endsWith('+00') ? `${text.slice(0, -3)}Z` : text;
}

export type Compare = (a: Value, b: Value) => number;

/**
 * The comparison a type's btree operators implement. Cross-type pairs that
 * Postgres compares without converting (int2 with int8, float4 with float8,
 * text with varchar) share their family's comparison.
 */
export function comparatorFor(type: SqlType): Compare {
  if (isEnum(type)) {
    const order = new Map(type.values.map((v, i) => [v, i]));
    return (a, b) => compareNumbers(order.get(a as string) ?? -1, order.get(b as string) ?? -1);
  }
  if (isInt(type)) return (a, b) => compareBigints(a as bigint, b as bigint);
  switch (type) {
    case 'float4':
    case 'float8':
      return (a, b) => compareFloat(a as number, b as number);
    case 'numeric':
      return (a, b) => compareNumeric(a as Numeric, b as Numeric);
    case 'bool':
      return (a, b) => compareNumbers(a ? 1 : 0, b ? 1 : 0);
    case 'text':
    case 'varchar':
    case 'unknown':
      return (a, b) => compareText(a as string, b as string);
    case 'uuid':
      // Canonical lowercase hex: string order is byte order.
      return (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
    case 'date':
    case 'time':
      return (a, b) => compareNumbers(a as number, b as number);
    case 'timestamp':
    case 'timestamptz':
      return (a, b) => compareBigints(a as bigint, b as bigint);
    case 'interval':
      return (a, b) => compareInterval(a as Interval, b as Interval);
    case 'jsonb':
    case 'bytea':
      throw new ValueError(`values of type ${type} cannot be compared`);
  }
}
