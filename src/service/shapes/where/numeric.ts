/**
 * numeric in memory: an exact decimal (BigInt coefficient over a power of
 * ten) carrying Postgres' display scale, plus NaN and ±Infinity. Decimal
 * literals such as 1.5 are numeric in Postgres, so `this.i > 1.5` compares
 * exactly; division rounds to the scale Postgres would pick.
 */
import { ValueError } from './errors.js';
import { isPgSpace } from './text.js';
import { checkInt } from './integer.js';
import { postgresTypeName, type FloatType, type IntType } from './sql-types.js';

export type Numeric =
  | { readonly kind: 'finite'; readonly coef: bigint; readonly scale: number }
  | { readonly kind: 'nan' }
  | { readonly kind: 'inf' }
  | { readonly kind: '-inf' };

export const NUMERIC_NAN: Numeric = { kind: 'nan' };
const POS_INF: Numeric = { kind: 'inf' };
const NEG_INF: Numeric = { kind: '-inf' };

export function finite(coef: bigint, scale: number): Numeric {
  return { kind: 'finite', coef, scale };
}

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  let p = pow10Cache[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    if (n < 2048) pow10Cache[n] = p;
  }
  return p;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** The sign of a numeric: NaN has none (callers handle it first). */
function signOf(n: Numeric): number {
  if (n.kind === 'inf') return 1;
  if (n.kind === '-inf') return -1;
  if (n.kind === 'finite') return n.coef > 0n ? 1 : n.coef < 0n ? -1 : 0;
  return 0;
}

const SPECIAL_WORDS: Readonly<Record<string, Numeric>> = {
  nan: NUMERIC_NAN,
  infinity: POS_INF,
  '+infinity': POS_INF,
  '-infinity': NEG_INF,
  inf: POS_INF,
  '+inf': POS_INF,
  '-inf': NEG_INF,
};

/** numeric_in: decimal with optional exponent, 0x/0o/0b integers, underscores between digits. */
export function parseNumeric(text: string): Numeric {
  const invalid = (): ValueError => new ValueError(`invalid input syntax for type numeric: "${text}"`);
  let start = 0;
  let end = text.length;
  while (start < end && isPgSpace(text[start])) start++;
  while (end > start && isPgSpace(text[end - 1])) end--;
  const body = text.slice(start, end);
  const special = SPECIAL_WORDS[body.toLowerCase()];
  if (special) return special;
  let i = 0;
  let negative = false;
  if (body[i] === '+' || body[i] === '-') {
    negative = body[i] === '-';
    i++;
  }
  const prefix = body.slice(i, i + 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    const digits = body.slice(i + 2);
    if (digits === '' || digits.startsWith('_') || digits.endsWith('_') || digits.includes('__')) throw invalid();
    let value: bigint;
    try {
      value = BigInt(prefix + digits.split('_').join(''));
    } catch {
      throw invalid();
    }
    return finite(negative ? -value : value, 0);
  }
  let intDigits = '';
  let fracDigits = '';
  let inFraction = false;
  let last = '';
  for (; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch >= '0' && ch <= '9') {
      if (inFraction) fracDigits += ch;
      else intDigits += ch;
    } else if (ch === '_') {
      // Underscores only between two digits.
      const next = body[i + 1];
      if (!(last >= '0' && last <= '9') || next === undefined || !(next >= '0' && next <= '9')) throw invalid();
    } else if (ch === '.' && !inFraction) {
      inFraction = true;
    } else break;
    last = ch;
  }
  if (intDigits === '' && fracDigits === '') throw invalid();
  let exponent = 0;
  if (body[i] === 'e' || body[i] === 'E') {
    i++;
    let expNegative = false;
    if (body[i] === '+' || body[i] === '-') {
      expNegative = body[i] === '-';
      i++;
    }
    const expStart = i;
    while (i < body.length && (body[i] as string) >= '0' && (body[i] as string) <= '9') i++;
    if (i === expStart) throw invalid();
    exponent = Number(body.slice(expStart, i));
    if (exponent > 1000) throw new ValueError('value overflows numeric format');
    if (expNegative) exponent = -exponent;
  }
  if (i !== body.length) throw invalid();
  let coef = BigInt(intDigits + fracDigits);
  let scale = fracDigits.length - exponent;
  if (scale < 0) {
    coef *= pow10(-scale);
    scale = 0;
  }
  return finite(negative ? -coef : coef, scale);
}

export function formatNumeric(n: Numeric): string {
  if (n.kind === 'nan') return 'NaN';
  if (n.kind === 'inf') return 'Infinity';
  if (n.kind === '-inf') return '-Infinity';
  const digits = abs(n.coef).toString().padStart(n.scale + 1, '0');
  const sign = n.coef < 0n ? '-' : '';
  if (n.scale === 0) return sign + digits;
  return `${sign}${digits.slice(0, digits.length - n.scale)}.${digits.slice(digits.length - n.scale)}`;
}

/** Both coefficients over the larger of the two scales. */
function align(a: { coef: bigint; scale: number }, b: { coef: bigint; scale: number }): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.coef * pow10(scale - a.scale), b.coef * pow10(scale - b.scale), scale];
}

/** NaN sorts above +Infinity, which sorts above every finite value. */
export function compareNumeric(a: Numeric, b: Numeric): number {
  const rank = (n: Numeric): number => (n.kind === '-inf' ? 0 : n.kind === 'finite' ? 1 : n.kind === 'inf' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a.kind !== 'finite' || b.kind !== 'finite') return 0;
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function numericAdd(a: Numeric, b: Numeric): Numeric {
  if (a.kind === 'nan' || b.kind === 'nan') return NUMERIC_NAN;
  if (a.kind !== 'finite' || b.kind !== 'finite') {
    if (a.kind !== 'finite' && b.kind !== 'finite') return a.kind === b.kind ? a : NUMERIC_NAN;
    return a.kind !== 'finite' ? a : b;
  }
  const [x, y, scale] = align(a, b);
  return finite(x + y, scale);
}

export function numericNegate(a: Numeric): Numeric {
  if (a.kind === 'nan') return a;
  if (a.kind === 'inf') return NEG_INF;
  if (a.kind === '-inf') return POS_INF;
  return finite(-a.coef, a.scale);
}

export function numericSub(a: Numeric, b: Numeric): Numeric {
  return numericAdd(a, numericNegate(b));
}

export function numericAbs(a: Numeric): Numeric {
  if (a.kind === '-inf') return POS_INF;
  if (a.kind !== 'finite') return a;
  return finite(abs(a.coef), a.scale);
}

export function numericMul(a: Numeric, b: Numeric): Numeric {
  if (a.kind === 'nan' || b.kind === 'nan') return NUMERIC_NAN;
  if (a.kind !== 'finite' || b.kind !== 'finite') {
    const sign = signOf(a) * signOf(b);
    return sign === 0 ? NUMERIC_NAN : sign > 0 ? POS_INF : NEG_INF;
  }
  return finite(a.coef * b.coef, a.scale + b.scale);
}

/** Position of the leading base-10000 digit (Postgres' weight) and that digit. */
function weightAndFirstDigit(n: { coef: bigint; scale: number }): [number, bigint] {
  if (n.coef === 0n) return [0, 0n];
  const magnitude = abs(n.coef);
  const exp10 = magnitude.toString().length - 1 - n.scale;
  const weight = Math.floor(exp10 / 4);
  const shift = n.scale + 4 * weight;
  const first = shift >= 0 ? magnitude / pow10(shift) : magnitude * pow10(-shift);
  return [weight, first];
}

/** select_div_scale: at least 16 significant digits, never less than either input's scale. */
function divisionScale(a: { coef: bigint; scale: number }, b: { coef: bigint; scale: number }): number {
  const [w1, f1] = weightAndFirstDigit(a);
  const [w2, f2] = weightAndFirstDigit(b);
  let qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  let scale = 16 - qweight * 4;
  scale = Math.max(scale, a.scale, b.scale, 0);
  return Math.min(scale, 1000);
}

/** num / den rounded half away from zero. */
function roundedQuotient(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = abs(num);
  const d = abs(den);
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

export function numericDiv(a: Numeric, b: Numeric): Numeric {
  if (a.kind === 'nan' || b.kind === 'nan') return NUMERIC_NAN;
  if (a.kind !== 'finite') {
    if (b.kind !== 'finite') return NUMERIC_NAN;
    const s = signOf(b);
    if (s === 0) throw new ValueError('division by zero');
    return s * signOf(a) > 0 ? POS_INF : NEG_INF;
  }
  if (b.kind !== 'finite') return finite(0n, 0);
  if (b.coef === 0n) throw new ValueError('division by zero');
  const scale = divisionScale(a, b);
  // (a.coef / 10^a.scale) / (b.coef / 10^b.scale) * 10^scale
  const num = a.coef * pow10(b.scale + scale);
  const den = b.coef * pow10(a.scale);
  return finite(roundedQuotient(num, den), scale);
}

/** x - trunc(x / y) * y, at the larger of the two scales. */
export function numericMod(a: Numeric, b: Numeric): Numeric {
  if (a.kind === 'nan' || b.kind === 'nan') return NUMERIC_NAN;
  if (a.kind !== 'finite') {
    if (signOf(b) === 0) throw new ValueError('division by zero');
    return NUMERIC_NAN;
  }
  if (b.kind !== 'finite') return a;
  if (b.coef === 0n) throw new ValueError('division by zero');
  const [x, y, scale] = align(a, b);
  return finite(x % y, scale);
}

export function intToNumeric(value: bigint): Numeric {
  return finite(value, 0);
}

/** numeric → int rounds half away from zero. */
export function numericToInt(n: Numeric, type: IntType): bigint {
  if (n.kind === 'nan') throw new ValueError(`cannot convert NaN to ${postgresTypeName(type)}`);
  if (n.kind !== 'finite') throw new ValueError(`cannot convert infinity to ${postgresTypeName(type)}`);
  return checkInt(roundedQuotient(n.coef, pow10(n.scale)), type);
}

/** numeric → float goes through the decimal text, as Postgres does. */
export function numericToFloat(n: Numeric, type: FloatType): number {
  if (n.kind === 'nan') return NaN;
  if (n.kind === 'inf') return Infinity;
  if (n.kind === '-inf') return -Infinity;
  const value = Number(formatNumeric(n));
  const result = type === 'float4' ? Math.fround(value) : value;
  if (!Number.isFinite(result)) throw new ValueError(`"${formatNumeric(n)}" is out of range for type ${postgresTypeName(type)}`);
  return result;
}

/** float → numeric keeps DBL_DIG (15) or FLT_DIG (6) significant digits, like printf("%.*g"). */
export function floatToNumeric(value: number, type: FloatType): Numeric {
  if (Number.isNaN(value)) return NUMERIC_NAN;
  if (value === Infinity) return POS_INF;
  if (value === -Infinity) return NEG_INF;
  const parsed = parseNumeric(value.toPrecision(type === 'float8' ? 15 : 6));
  if (parsed.kind !== 'finite') return parsed;
  // %g drops trailing zeros, so the scale stops at the last significant digit.
  let { coef, scale } = parsed;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale--;
  }
  return finite(coef, scale);
}
