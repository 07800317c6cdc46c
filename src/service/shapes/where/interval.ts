/**
 * interval in memory: months, days and microseconds kept apart, as Postgres
 * keeps them (a month counts as 30 days only when intervals are compared).
 * Input is Postgres' own interval syntax ('1 day 2 hours', '1.5 months',
 * '-1 day +02:00', '3 mons ago'); output is IntervalStyle postgres.
 */
import { ValueError } from './errors.js';
import { roundHalfEven } from './float.js';
import { allDigits, isDigit, isLetter, isPgSpace, pad, trimTrailingZeros } from './text.js';

export const USECS_PER_DAY = 86_400_000_000n;
export const USECS_PER_HOUR = 3_600_000_000n;
export const USECS_PER_MINUTE = 60_000_000n;
export const USECS_PER_SEC = 1_000_000n;
const USECS_PER_DAY_N = 86_400_000_000;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export interface Interval {
  readonly months: number;
  readonly days: number;
  readonly micros: bigint;
}

export function checkInterval(months: number, days: number, micros: bigint): Interval {
  if (months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX || micros < INT64_MIN || micros > INT64_MAX) {
    throw new ValueError('interval out of range');
  }
  return { months, days, micros };
}

export function negateInterval(span: Interval): Interval {
  return checkInterval(-span.months, -span.days, -span.micros);
}

export function intervalAdd(a: Interval, b: Interval): Interval {
  return checkInterval(a.months + b.months, a.days + b.days, a.micros + b.micros);
}

export function intervalSub(a: Interval, b: Interval): Interval {
  return checkInterval(a.months - b.months, a.days - b.days, a.micros - b.micros);
}

/** Intervals compare by total span, a month counting 30 days: '1 mon' = '30 days'. */
export function compareInterval(a: Interval, b: Interval): number {
  const span = (i: Interval): bigint => (BigInt(i.months) * 30n + BigInt(i.days)) * USECS_PER_DAY + i.micros;
  const x = span(a);
  const y = span(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export type Unit =
  | 'microsecond'
  | 'millisecond'
  | 'second'
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'year'
  | 'decade'
  | 'century'
  | 'millennium';

export const UNIT_NAMES: Readonly<Record<string, Unit>> = (() => {
  const table: Record<string, Unit> = {};
  const add = (unit: Unit, names: string[]): void => {
    for (const name of names) table[name] = unit;
  };
  add('microsecond', ['microsecond', 'microseconds', 'microsecon', 'us', 'usec', 'usecs', 'usecond', 'useconds']);
  add('millisecond', ['millisecond', 'milliseconds', 'millisecon', 'ms', 'msec', 'msecs', 'msecond', 'mseconds']);
  add('second', ['second', 'seconds', 's', 'sec', 'secs']);
  add('minute', ['minute', 'minutes', 'm', 'min', 'mins']);
  add('hour', ['hour', 'hours', 'h', 'hr', 'hrs']);
  add('day', ['day', 'days', 'd']);
  add('week', ['week', 'weeks', 'w']);
  add('month', ['month', 'months', 'mon', 'mons']);
  add('quarter', ['quarter', 'qtr']);
  add('year', ['year', 'years', 'y', 'yr', 'yrs']);
  add('decade', ['decade', 'decades', 'dec', 'decs']);
  add('century', ['century', 'centuries', 'c', 'cent']);
  add('millennium', ['millennium', 'millennia', 'mil', 'mils']);
  return table;
})();

/** Interval input accumulates like Postgres' pg_itm_in: years, months, days, microseconds. */
class IntervalBuilder {
  years = 0;
  months = 0;
  days = 0;
  micros = 0n;

  /** A fraction of `scale` microseconds, rounded to whole microseconds. */
  private fractMicros(frac: number, scale: number): void {
    if (frac === 0) return;
    const total = frac * scale;
    const whole = Math.trunc(total);
    this.micros += BigInt(whole) + BigInt(roundHalfEven(total - whole));
  }

  /** A fraction of `scale` days: whole days, the rest as microseconds. */
  private fractDays(frac: number, scale: number): void {
    if (frac === 0) return;
    const total = frac * scale;
    const whole = Math.trunc(total);
    this.days += whole;
    this.fractMicros(total - whole, USECS_PER_DAY_N);
  }

  /** A fraction of `scale` years, rounded to whole months. */
  private fractYears(frac: number, scale: number): void {
    this.months += roundHalfEven(frac * scale * 12);
  }

  add(unit: Unit, whole: bigint, frac: number): void {
    const micro = (scale: bigint, scaleN: number): void => {
      this.micros += whole * scale;
      this.fractMicros(frac, scaleN);
    };
    switch (unit) {
      case 'microsecond':
        return micro(1n, 1);
      case 'millisecond':
        return micro(1000n, 1000);
      case 'second':
        return micro(USECS_PER_SEC, 1e6);
      case 'minute':
        return micro(USECS_PER_MINUTE, 6e7);
      case 'hour':
        return micro(USECS_PER_HOUR, 3.6e9);
      case 'day':
        this.days += Number(whole);
        return this.fractMicros(frac, USECS_PER_DAY_N);
      case 'week':
        this.days += Number(whole) * 7;
        return this.fractDays(frac, 7);
      case 'month':
        this.months += Number(whole);
        return this.fractDays(frac, 30);
      case 'quarter':
        this.months += Number(whole) * 3;
        return this.fractDays(frac, 90);
      case 'year':
        this.years += Number(whole);
        return this.fractYears(frac, 1);
      case 'decade':
        this.years += Number(whole) * 10;
        return this.fractYears(frac, 10);
      case 'century':
        this.years += Number(whole) * 100;
        return this.fractYears(frac, 100);
      case 'millennium':
        this.years += Number(whole) * 1000;
        return this.fractYears(frac, 1000);
    }
  }

  negate(): void {
    this.years = -this.years;
    this.months = -this.months;
    this.days = -this.days;
    this.micros = -this.micros;
  }

  build(): Interval {
    return checkInterval(this.years * 12 + this.months, this.days, this.micros);
  }
}

/** `[+-]digits[.digits]` → whole part and a fraction carrying the same sign. */
function splitNumber(text: string): { whole: bigint; frac: number } | null {
  let i = 0;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  const start = i;
  while (isDigit(text[i])) i++;
  const intPart = text.slice(start, i);
  let fracPart = '';
  if (text[i] === '.') {
    i++;
    const fs = i;
    while (isDigit(text[i])) i++;
    fracPart = text.slice(fs, i);
  }
  if (i !== text.length || (intPart === '' && fracPart === '')) return null;
  const whole = BigInt(intPart === '' ? '0' : intPart);
  const frac = fracPart === '' ? 0 : Number(`0.${fracPart}`);
  return { whole: negative ? -whole : whole, frac: negative ? -frac : frac };
}

/** `[+-]H:MM[:SS[.f]]` (or `M:SS.f`) → signed microseconds. */
function parseTimeField(text: string): bigint | null {
  let sign = 1n;
  let body = text;
  if (body.startsWith('-') || body.startsWith('+')) {
    sign = body.startsWith('-') ? -1n : 1n;
    body = body.slice(1);
  }
  const parts = body.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) return null;
  const numbers: number[] = [];
  let fsec = 0;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i] as string;
    const isLast = i === parts.length - 1;
    if (isLast && part.includes('.')) {
      const [w = '', f = ''] = part.split('.');
      if (!allDigits(f)) return null;
      fsec = roundHalfEven(Number(`0.${f}`) * 1e6);
      part = w;
    }
    if (!allDigits(part)) return null;
    numbers.push(Number(part));
  }
  let [h = 0, m = 0, s = 0] = numbers;
  // Two fields with a fraction read as minutes:seconds.
  if (numbers.length === 2 && fsec !== 0) [h, m, s] = [0, numbers[0] ?? 0, numbers[1] ?? 0];
  if (m > 59 || s > 60) return null;
  return sign * ((BigInt(h) * 3600n + BigInt(m) * 60n + BigInt(s)) * USECS_PER_SEC + BigInt(fsec));
}

/**
 * Interval input in Postgres' own style: `[@] {number unit | H:MM[:SS]}... [ago]`,
 * e.g. '1 day', '2 hours 30 minutes', '1.5 days', '-1 day +02:00', '3 mons ago'.
 * A bare number is seconds, or days just before a time field.
 */
export function parseInterval(text: string): Interval {
  const invalid = (): ValueError =>
    new ValueError(`invalid input syntax for type interval: "${text}" (supported: '<number> <unit> ...', 'HH:MM[:SS]', 'ago')`);
  const tokens: string[] = [];
  const body = text.toLowerCase();
  for (let i = 0; i < body.length; ) {
    if (isPgSpace(body[i])) {
      i++;
      continue;
    }
    // A token is a run of number characters or a run of letters: '1day' is '1 day'.
    const start = i;
    const numeric = (ch: string | undefined): boolean => isDigit(ch) || ch === '.' || ch === '+' || ch === '-' || ch === ':';
    if (numeric(body[i])) while (numeric(body[i])) i++;
    else if (isLetter(body[i])) while (isLetter(body[i])) i++;
    else i++;
    tokens.push(body.slice(start, i));
  }
  if (tokens[0] === '@') tokens.shift();
  const builder = new IntervalBuilder();
  let ago = false;
  if (tokens[tokens.length - 1] === 'ago') {
    ago = true;
    tokens.pop();
  }
  if (tokens.length === 0) throw invalid();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token.includes(':')) {
      const micros = parseTimeField(token);
      if (micros === null) throw invalid();
      builder.micros += micros;
      continue;
    }
    const number = splitNumber(token);
    if (number === null) throw invalid();
    const next = tokens[i + 1];
    let unit: Unit | undefined;
    if (next !== undefined && UNIT_NAMES[next] !== undefined && UNIT_NAMES[next] !== 'quarter') {
      unit = UNIT_NAMES[next];
      i++;
    } else if (next === undefined) {
      unit = 'second';
    } else if (next.includes(':')) {
      unit = 'day';
    } else {
      throw invalid();
    }
    builder.add(unit as Unit, number.whole, number.frac);
  }
  if (ago) builder.negate();
  return builder.build();
}

/** An interval as text that any IntervalStyle reads back exactly: every field signed. */
export function intervalLiteral(span: Interval): string {
  const signed = (n: number | bigint): string => (n < 0 ? `${n}` : `+${n}`);
  return `${signed(span.months)} mons ${signed(span.days)} days ${signed(span.micros)} us`;
}

/** interval_out with IntervalStyle postgres (the default): '1 year 2 mons -3 days +04:05:06.5'. */
export function formatInterval(span: Interval): string {
  const year = Math.trunc(span.months / 12);
  const mon = span.months % 12;
  let rest = span.micros;
  const hour = rest / USECS_PER_HOUR;
  rest -= hour * USECS_PER_HOUR;
  const min = rest / USECS_PER_MINUTE;
  rest -= min * USECS_PER_MINUTE;
  const sec = rest / USECS_PER_SEC;
  const fsec = rest - sec * USECS_PER_SEC;
  let out = '';
  let isZero = true;
  let isBefore = false;
  const part = (value: number, unit: string): void => {
    if (value === 0) return;
    out += `${isZero ? '' : ' '}${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`;
    isBefore = value < 0;
    isZero = false;
  };
  part(year, 'year');
  part(mon, 'mon');
  part(span.days, 'day');
  if (isZero || hour !== 0n || min !== 0n || sec !== 0n || fsec !== 0n) {
    const minus = hour < 0n || min < 0n || sec < 0n || fsec < 0n;
    const absB = (n: bigint): bigint => (n < 0n ? -n : n);
    out += `${isZero ? '' : ' '}${minus ? '-' : isBefore ? '+' : ''}${pad(absB(hour), 2)}:${pad(absB(min), 2)}:${pad(absB(sec), 2)}`;
    if (fsec !== 0n) out += `.${trimTrailingZeros(pad(absB(fsec), 6))}`;
  }
  return out;
}
