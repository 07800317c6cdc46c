/**
 * float4/float8 in memory: JS numbers (float4 values rounded with
 * Math.fround), with Postgres' rules — NaN equals NaN and sorts above every
 * number, -0 equals 0, overflow and underflow are errors, and text output is
 * the shortest form that reads back exactly (extra_float_digits >= 1).
 */
import { ValueError } from './errors.js';
import { isPgSpace } from './text.js';
import { postgresTypeName, type FloatType, type IntType } from './sql-types.js';
import { fitsInt } from './integer.js';

/** float8_cmp_internal: NaN is equal to itself and greater than anything else. */
export function compareFloat(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundTo(value: number, type: FloatType): number {
  return type === 'float4' ? Math.fround(value) : value;
}

/** Decimal syntax as strtod reads it: sign, digits with one point, exponent. */
function scanDecimal(text: string): { ok: boolean; nonZeroDigit: boolean } {
  let i = 0;
  if (text[i] === '+' || text[i] === '-') i++;
  let digits = 0;
  let nonZeroDigit = false;
  let seenPoint = false;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch >= '0' && ch <= '9') {
      digits++;
      if (ch !== '0') nonZeroDigit = true;
    } else if (ch === '.' && !seenPoint) seenPoint = true;
    else break;
  }
  if (digits === 0) return { ok: false, nonZeroDigit };
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    const start = i;
    while (i < text.length && (text[i] as string) >= '0' && (text[i] as string) <= '9') i++;
    if (i === start) return { ok: false, nonZeroDigit };
  }
  return { ok: i === text.length, nonZeroDigit };
}

const SPECIALS: Readonly<Record<string, number>> = {
  nan: NaN,
  '+nan': NaN,
  '-nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};

/** float4in / float8in. */
export function parseFloatValue(text: string, type: FloatType): number {
  let start = 0;
  let end = text.length;
  while (start < end && isPgSpace(text[start])) start++;
  while (end > start && isPgSpace(text[end - 1])) end--;
  const body = text.slice(start, end);
  const special = SPECIALS[body.toLowerCase()];
  if (special !== undefined) return special;
  const scan = scanDecimal(body);
  if (!scan.ok) throw new ValueError(`invalid input syntax for type ${postgresTypeName(type)}: "${text}"`);
  const value = roundTo(Number(body), type);
  // strtod reports ERANGE for overflow, and for underflow to zero.
  if (!Number.isFinite(value) || (value === 0 && scan.nonZeroDigit)) {
    throw new ValueError(`"${text}" is out of range for type ${postgresTypeName(type)}`);
  }
  return value;
}

/** Shortest decimal digits that read back as `value` in the given type. */
function shortestDigits(value: number, type: FloatType): { digits: string; exponent: number } {
  let repr: string;
  if (type === 'float8') {
    repr = value.toExponential();
  } else {
    repr = value.toExponential(8);
    for (let p = 1; p <= 9; p++) {
      const candidate = value.toExponential(p - 1);
      if (Math.fround(Number(candidate)) === value) {
        repr = candidate;
        break;
      }
    }
  }
  const [mantissa = '', exp = '0'] = repr.split('e');
  return { digits: mantissa.replace('.', '').replace('-', ''), exponent: Number(exp) };
}

/** float4out / float8out with extra_float_digits >= 1 (Ryu's shortest output). */
export function formatFloat(value: number, type: FloatType): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(Math.abs(value), type);
  const fixedLimit = type === 'float8' ? 15 : 6;
  if (exponent >= -4 && exponent < fixedLimit) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    if (digits.length <= exponent + 1) return sign + digits + '0'.repeat(exponent + 1 - digits.length);
    return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expSign = exponent < 0 ? '-' : '+';
  return `${sign}${mantissa}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function checkResult(result: number, overflowed: boolean, underflowed: boolean): number {
  if (overflowed) throw new ValueError('value out of range: overflow');
  if (underflowed) throw new ValueError('value out of range: underflow');
  return result;
}

export function floatAdd(a: number, b: number, type: FloatType): number {
  const r = roundTo(a + b, type);
  return checkResult(r, !Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(a) && Number.isFinite(b), false);
}

export function floatSub(a: number, b: number, type: FloatType): number {
  const r = roundTo(a - b, type);
  return checkResult(r, !Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(a) && Number.isFinite(b), false);
}

export function floatMul(a: number, b: number, type: FloatType): number {
  const r = roundTo(a * b, type);
  const overflow = !Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(a) && Number.isFinite(b);
  return checkResult(r, overflow, r === 0 && a !== 0 && b !== 0);
}

export function floatDiv(a: number, b: number, type: FloatType): number {
  if (b === 0 && !Number.isNaN(a)) throw new ValueError('division by zero');
  const r = roundTo(a / b, type);
  const overflow = !Number.isFinite(r) && !Number.isNaN(r) && Number.isFinite(a);
  return checkResult(r, overflow, r === 0 && a !== 0 && !Number.isNaN(a) && Number.isFinite(b));
}

/** float8 → float4 (float8_float4): overflow and underflow are errors. */
export function toFloat4(value: number): number {
  const r = Math.fround(value);
  return checkResult(r, !Number.isFinite(r) && Number.isFinite(value), r === 0 && value !== 0);
}

/** rint(): round half to even. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

const INT_LIMITS: Readonly<Record<IntType, number>> = { int2: 2 ** 15, int4: 2 ** 31, int8: 2 ** 63 };

/** float → int: rint, then a range check (NaN and infinities are out of range). */
export function floatToInt(value: number, type: IntType): bigint {
  const r = roundHalfEven(value);
  const limit = INT_LIMITS[type];
  if (Number.isNaN(r) || r < -limit || r >= limit) throw new ValueError(`${postgresTypeName(type)} out of range`);
  const result = BigInt(r);
  if (!fitsInt(result, type)) throw new ValueError(`${postgresTypeName(type)} out of range`);
  return result;
}

/** int → float with a single, correct rounding (Number(bigint) rounds to nearest-even). */
export function intToFloat(value: bigint, type: FloatType): number {
  if (type === 'float8') return Number(value);
  const magnitude = value < 0n ? -value : value;
  const bits = magnitude.toString(2).length;
  if (bits <= 53) return Math.fround(Number(value));
  // Round to float4's 24-bit mantissa directly (rounding via float8 could round twice).
  const shift = BigInt(bits - 24);
  let mantissa = magnitude >> shift;
  const rest = magnitude - (mantissa << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (mantissa & 1n) === 1n)) mantissa += 1n;
  const result = Number(mantissa) * 2 ** Number(shift);
  return value < 0n ? -result : result;
}
