/**
 * int2/int4/int8 in memory: BigInt throughout, so int8 is exact beyond 2^53,
 * with Postgres' range checks after every operation.
 */
import { ValueError } from './errors.js';
import { isPgSpace } from './text.js';
import { postgresTypeName, type IntType } from './sql-types.js';

const RANGES: Readonly<Record<IntType, readonly [bigint, bigint]>> = {
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
};

export function fitsInt(value: bigint, type: IntType): boolean {
  const [min, max] = RANGES[type];
  return value >= min && value <= max;
}

/** Postgres raises "integer out of range" (smallint…, bigint…) on overflow. */
export function checkInt(value: bigint, type: IntType): bigint {
  if (!fitsInt(value, type)) throw new ValueError(`${postgresTypeName(type)} out of range`);
  return value;
}

function digitValue(ch: string | undefined, radix: number): number {
  if (ch === undefined) return -1;
  const c = ch.charCodeAt(0);
  let v = -1;
  if (c >= 48 && c <= 57) v = c - 48;
  else if (c >= 97 && c <= 102) v = c - 87;
  else if (c >= 65 && c <= 70) v = c - 55;
  return v < radix ? v : -1;
}

/**
 * Postgres' integer input (pg_strtoint*): surrounding whitespace, a sign,
 * decimal or 0x/0o/0b digits, and underscores between digits.
 */
export function parseInt(text: string, type: IntType): bigint {
  const invalid = (): ValueError => new ValueError(`invalid input syntax for type ${postgresTypeName(type)}: "${text}"`);
  let i = 0;
  while (isPgSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '-' || text[i] === '+') {
    negative = text[i] === '-';
    i++;
  }
  let radix = 10;
  const prefix = text.slice(i, i + 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    radix = prefix === '0x' ? 16 : prefix === '0o' ? 8 : 2;
    i += 2;
  }
  const first = i;
  let value = 0n;
  const big = BigInt(radix);
  for (;;) {
    const d = digitValue(text[i], radix);
    if (d >= 0) {
      value = value * big + BigInt(d);
      i++;
    } else if (text[i] === '_') {
      // An underscore separates digits: not first (in decimal), not last, not doubled.
      if (radix === 10 && i === first) throw invalid();
      i++;
      if (digitValue(text[i], radix) < 0) throw invalid();
    } else break;
  }
  if (i === first) throw invalid();
  while (isPgSpace(text[i])) i++;
  if (i !== text.length) throw invalid();
  const result = negative ? -value : value;
  if (!fitsInt(result, type)) throw new ValueError(`value "${text}" is out of range for type ${postgresTypeName(type)}`);
  return result;
}

export function intAdd(a: bigint, b: bigint, type: IntType): bigint {
  return checkInt(a + b, type);
}

export function intSub(a: bigint, b: bigint, type: IntType): bigint {
  return checkInt(a - b, type);
}

export function intMul(a: bigint, b: bigint, type: IntType): bigint {
  return checkInt(a * b, type);
}

/** Truncating division; MIN / -1 overflows, as in Postgres. */
export function intDiv(a: bigint, b: bigint, type: IntType): bigint {
  if (b === 0n) throw new ValueError('division by zero');
  return checkInt(a / b, type);
}

/** The remainder takes the dividend's sign; MIN % -1 is 0. */
export function intMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new ValueError('division by zero');
  return a % b;
}
