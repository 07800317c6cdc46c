/**
 * date, time, timestamp and timestamptz in memory, laid out as Postgres
 * stores them so that comparisons and arithmetic agree exactly (intervals
 * are in interval.ts):
 *
 * - date: days since 2000-01-01 (a number); ±infinity are the int32 extremes;
 * - time: microseconds since midnight (a number), 24:00:00 included;
 * - timestamp / timestamptz: microseconds since 2000-01-01 00:00 (a bigint;
 *   for timestamptz that instant is UTC); ±infinity are the int64 extremes.
 *
 * The calendar is proleptic Gregorian on Postgres' Julian day numbers; years
 * are astronomical inside (1 BC is year 0). The time zone is UTC — the
 * service's sessions run in UTC and the generated SQL converts with
 * `AT TIME ZONE 'UTC'` — so timestamp and timestamptz share one arithmetic.
 *
 * Text input accepts ISO 8601 (what Postgres prints with DateStyle ISO) and
 * ±infinity/epoch; Postgres' many other spellings, and the non-deterministic
 * 'now'/'today', are refused rather than guessed at.
 */
import { ValueError } from './errors.js';
import { roundHalfEven } from './float.js';
import { isDigit, isLetter, isPgSpace, pad, trimPgSpace, trimTrailingZeros } from './text.js';
import {
  USECS_PER_DAY,
  USECS_PER_HOUR,
  USECS_PER_MINUTE,
  USECS_PER_SEC,
  UNIT_NAMES,
  checkInterval,
  negateInterval,
  type Interval,
  type Unit,
} from './interval.js';

export const DATE_NOBEGIN = -(2 ** 31);
export const DATE_NOEND = 2 ** 31 - 1;
export const TS_NOBEGIN = -(2n ** 63n);
export const TS_NOEND = 2n ** 63n - 1n;

const EPOCH_JDATE = 2451545;
const MIN_TIMESTAMP = -211_813_488_000_000_000n;
const END_TIMESTAMP = 9_223_371_331_200_000_000n;
const DATE_END_JULIAN = 2_147_483_494;
const TIMESTAMP_END_JULIAN = 109_203_528;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// ---------------------------------------------------------------- calendar

export function date2j(year: number, month: number, day: number): number {
  let y = year;
  let m = month;
  if (m > 2) {
    m += 1;
    y += 4800;
  } else {
    m += 13;
    y += 4799;
  }
  const century = Math.trunc(y / 100);
  let julian = y * 365 - 32167;
  julian += Math.trunc(y / 4) - century + Math.trunc(century / 4);
  julian += Math.trunc((7834 * m) / 256) + day;
  return julian;
}

export function j2date(jd: number): [number, number, number] {
  let julian = jd + 32044;
  let quad = Math.floor(julian / 146097);
  const extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + Math.floor(extra / 146097);
  quad = Math.floor(julian / 1461);
  julian -= quad * 1461;
  let y = Math.floor((julian * 4) / 1461);
  julian = (y !== 0 ? (julian + 305) % 365 : (julian + 306) % 366) + 123;
  y += quad * 4;
  const q = Math.floor((julian * 2141) / 65536);
  const day = julian - Math.floor((7834 * q) / 256);
  const month = ((q + 10) % 12) + 1;
  return [y - 4800, month, day];
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** IS_VALID_JULIAN: 4714-11-24 BC up to (not including) 5874898-06. */
function validJulian(year: number, month: number): boolean {
  return (year > -4713 || (year === -4713 && month >= 11)) && (year < 5874898 || (year === 5874898 && month < 6));
}

function validDate(days: number): boolean {
  return days >= -EPOCH_JDATE && days < DATE_END_JULIAN - EPOCH_JDATE;
}

function validTimestamp(ts: bigint): boolean {
  return ts >= MIN_TIMESTAMP && ts < END_TIMESTAMP;
}

function isFiniteTimestamp(ts: bigint): boolean {
  return ts !== TS_NOBEGIN && ts !== TS_NOEND;
}

function isFiniteDate(d: number): boolean {
  return d !== DATE_NOBEGIN && d !== DATE_NOEND;
}

/** Floor division of a timestamp into days and microseconds of the day. */
function splitTimestamp(ts: bigint): [number, bigint] {
  let days = ts / USECS_PER_DAY;
  let time = ts - days * USECS_PER_DAY;
  if (time < 0n) {
    time += USECS_PER_DAY;
    days -= 1n;
  }
  return [Number(days), time];
}

function timestampFromParts(year: number, month: number, day: number, time: bigint): bigint {
  if (!validJulian(year, month)) throw new ValueError('timestamp out of range');
  const ts = BigInt(date2j(year, month, day) - EPOCH_JDATE) * USECS_PER_DAY + time;
  if (!validTimestamp(ts)) throw new ValueError('timestamp out of range');
  return ts;
}

// ---------------------------------------------------------------- text input

export type TemporalType = 'date' | 'time' | 'timestamp' | 'timestamptz';

const TEMPORAL_NAMES: Readonly<Record<TemporalType, string>> = {
  date: 'date',
  time: 'time without time zone',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
};

const NON_DETERMINISTIC = new Set(['now', 'today', 'tomorrow', 'yesterday']);

/** A small cursor over the literal, for the ISO 8601 grammar below. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.text[this.pos];
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  digits(min: number, max: number): string | null {
    const start = this.pos;
    while (this.pos - start < max) {
      const ch = this.text[this.pos];
      if (!isDigit(ch)) break;
      this.pos++;
    }
    if (this.pos - start < min) return null;
    return this.text.slice(start, this.pos);
  }
  accept(ch: string): boolean {
    if (this.text[this.pos] === ch) {
      this.pos++;
      return true;
    }
    return false;
  }
  spaces(): boolean {
    const start = this.pos;
    while (isPgSpace(this.text[this.pos])) this.pos++;
    return this.pos > start;
  }
  word(): string {
    const start = this.pos;
    while (isLetter(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos).toLowerCase();
  }
}

interface ClockParts {
  hour: number;
  minute: number;
  second: number;
  /** Microseconds, rounded as Postgres rounds fractional seconds (rint). */
  fsec: number;
}

function scanClock(s: Scanner): ClockParts | null {
  const hour = s.digits(1, 2);
  if (hour === null || !s.accept(':')) return null;
  const minute = s.digits(1, 2);
  if (minute === null) return null;
  let second = '0';
  let fsec = 0;
  if (s.accept(':')) {
    const sec = s.digits(1, 2);
    if (sec === null) return null;
    second = sec;
    if (s.accept('.')) {
      const frac = s.digits(1, 64);
      if (frac === null) return null;
      fsec = roundHalfEven(Number(`0.${frac}`) * 1_000_000);
    }
  }
  return { hour: Number(hour), minute: Number(minute), second: Number(second), fsec };
}

function validClock(c: ClockParts): boolean {
  if (c.minute > 59 || c.second > 60 || c.hour > 24) return false;
  return c.hour < 24 || (c.minute === 0 && c.second === 0 && c.fsec === 0);
}

function clockMicros(c: ClockParts): bigint {
  return (BigInt(c.hour) * 3600n + BigInt(c.minute) * 60n + BigInt(c.second)) * USECS_PER_SEC + BigInt(c.fsec);
}

/** A zone suffix: Z, UTC, GMT or ±HH[[:]MM[[:]SS]]; seconds east of UTC. */
function scanZone(s: Scanner): number | null {
  const ch = s.peek();
  if (ch === '+' || ch === '-') {
    s.pos++;
    const sign = ch === '-' ? -1 : 1;
    const hh = s.digits(1, 2);
    if (hh === null) return null;
    let mm = '0';
    let ss = '0';
    const colon = s.accept(':');
    const m = s.digits(2, 2);
    if (m !== null) {
      mm = m;
      const colon2 = s.accept(':');
      const sec = s.digits(2, 2);
      if (sec !== null) ss = sec;
      else if (colon2) return null;
    } else if (colon) return null;
    if (Number(hh) > 15 || Number(mm) > 59 || Number(ss) > 59) return null;
    return sign * (Number(hh) * 3600 + Number(mm) * 60 + Number(ss));
  }
  const start = s.pos;
  const word = s.word();
  if (word === 'z' || word === 'utc' || word === 'gmt') return 0;
  s.pos = start;
  return null;
}

/**
 * Parses date/time input in the ISO forms: `YYYY-MM-DD`, then optionally
 * `[T ]HH:MM[:SS[.ffffff]]`, a zone (`Z`, `+HH[:MM]`…; applied to
 * timestamptz, ignored otherwise, as Postgres does) and `BC`.
 */
export function parseTemporal(text: string, type: 'date'): number;
export function parseTemporal(text: string, type: 'time'): number;
export function parseTemporal(text: string, type: 'timestamp' | 'timestamptz'): bigint;
export function parseTemporal(text: string, type: TemporalType): number | bigint;
export function parseTemporal(text: string, type: TemporalType): number | bigint {
  const invalid = (): ValueError =>
    new ValueError(
      `invalid input syntax for type ${TEMPORAL_NAMES[type]}: "${text}" (supported forms: ${
        type === 'time' ? 'HH:MM[:SS[.ffffff]]' : "ISO 8601 'YYYY-MM-DD[ HH:MM[:SS[.ffffff]]][Z|±HH[:MM]][ BC]', 'infinity', '-infinity', 'epoch'"
      })`,
    );
  const outOfRange = (): ValueError =>
    new ValueError(`${type === 'date' ? 'date' : type === 'time' ? 'time' : 'timestamp'} out of range: "${text}"`);
  const body = trimPgSpace(text);
  const lower = body.toLowerCase();
  if (NON_DETERMINISTIC.has(lower)) {
    throw new ValueError(`'${body}' is not supported as a ${TEMPORAL_NAMES[type]} value: it is not deterministic`);
  }
  if (type === 'time') {
    if (lower === 'allballs') return 0;
    const s = new Scanner(body);
    const clock = scanClock(s);
    if (clock === null) throw invalid();
    s.spaces();
    if (!s.done() && scanZone(s) === null) throw invalid();
    if (!s.done()) throw invalid();
    if (!validClock(clock)) throw new ValueError(`date/time field value out of range: "${text}"`);
    const micros = clockMicros(clock);
    if (micros > USECS_PER_DAY) throw outOfRange();
    return Number(micros);
  }
  if (lower === 'infinity' || lower === '+infinity') return type === 'date' ? DATE_NOEND : TS_NOEND;
  if (lower === '-infinity') return type === 'date' ? DATE_NOBEGIN : TS_NOBEGIN;
  if (lower === 'epoch') return type === 'date' ? date2j(1970, 1, 1) - EPOCH_JDATE : BigInt(date2j(1970, 1, 1) - EPOCH_JDATE) * USECS_PER_DAY;

  const s = new Scanner(body);
  const yearText = s.digits(4, 9);
  if (yearText === null || !s.accept('-')) throw invalid();
  const monthText = s.digits(1, 2);
  if (monthText === null || !s.accept('-')) throw invalid();
  const dayText = s.digits(1, 2);
  if (dayText === null) throw invalid();
  let clock: ClockParts = { hour: 0, minute: 0, second: 0, fsec: 0 };
  let zone = 0;
  let bc = false;
  const separated = s.spaces();
  if (!separated && (s.peek() === 'T' || s.peek() === 't')) {
    s.pos++;
    const c = scanClock(s);
    if (c === null) throw invalid();
    clock = c;
  } else if (separated && isDigit(s.peek())) {
    const c = scanClock(s);
    if (c === null) throw invalid();
    clock = c;
  }
  s.spaces();
  if (!s.done()) {
    const ch = s.peek();
    if (ch === '+' || ch === '-' || ch === 'z' || ch === 'Z' || ch === 'u' || ch === 'U' || ch === 'g' || ch === 'G') {
      const z = scanZone(s);
      if (z !== null) zone = z;
      else if (ch === '+' || ch === '-') throw invalid();
      s.spaces();
    }
  }
  if (!s.done()) {
    const word = s.word();
    if (word === 'bc') bc = true;
    else if (word !== 'ad') throw invalid();
    s.spaces();
  }
  if (!s.done()) throw invalid();

  let year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (year < 1) throw new ValueError(`date/time field value out of range: "${text}"`);
  if (bc) year = 1 - year;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || !validClock(clock)) {
    throw new ValueError(`date/time field value out of range: "${text}"`);
  }
  if (!validJulian(year, month)) throw outOfRange();
  const days = date2j(year, month, day) - EPOCH_JDATE;
  if (type === 'date') {
    if (!validDate(days)) throw outOfRange();
    return days;
  }
  let ts = BigInt(days) * USECS_PER_DAY + clockMicros(clock);
  if (type === 'timestamptz') ts -= BigInt(zone) * USECS_PER_SEC;
  if (!validTimestamp(ts)) throw outOfRange();
  return ts;
}

// ---------------------------------------------------------------- text output

/** HH:MM:SS with the fraction's trailing zeros trimmed, as Postgres prints it. */
function formatClock(micros: bigint): string {
  const hours = micros / USECS_PER_HOUR;
  const minutes = (micros % USECS_PER_HOUR) / USECS_PER_MINUTE;
  const seconds = (micros % USECS_PER_MINUTE) / USECS_PER_SEC;
  const fsec = micros % USECS_PER_SEC;
  let out = `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}`;
  if (fsec !== 0n) out += `.${trimTrailingZeros(pad(fsec, 6))}`;
  return out;
}

function formatYmd(julian: number): { text: string; bc: boolean } {
  const [year, month, day] = j2date(julian);
  const bc = year <= 0;
  return { text: `${pad(bc ? 1 - year : year, 4)}-${pad(month, 2)}-${pad(day, 2)}`, bc };
}

export function formatDate(days: number): string {
  if (days === DATE_NOBEGIN) return '-infinity';
  if (days === DATE_NOEND) return 'infinity';
  const { text, bc } = formatYmd(days + EPOCH_JDATE);
  return bc ? `${text} BC` : text;
}

export function formatTime(micros: number): string {
  return formatClock(BigInt(micros));
}

/** timestamp output; timestamptz (withZone) as a UTC session prints it, `+00` before any `BC`. */
export function formatTimestamp(ts: bigint, withZone: boolean): string {
  if (ts === TS_NOBEGIN) return '-infinity';
  if (ts === TS_NOEND) return 'infinity';
  const [days, time] = splitTimestamp(ts);
  const { text, bc } = formatYmd(days + EPOCH_JDATE);
  return `${text} ${formatClock(time)}${withZone ? '+00' : ''}${bc ? ' BC' : ''}`;
}

// ---------------------------------------------------------------- conversions

export function dateToTimestamp(days: number): bigint {
  if (days === DATE_NOBEGIN) return TS_NOBEGIN;
  if (days === DATE_NOEND) return TS_NOEND;
  if (days >= TIMESTAMP_END_JULIAN - EPOCH_JDATE) throw new ValueError('date out of range for timestamp');
  return BigInt(days) * USECS_PER_DAY;
}

export function timestampToDate(ts: bigint): number {
  if (ts === TS_NOBEGIN) return DATE_NOBEGIN;
  if (ts === TS_NOEND) return DATE_NOEND;
  return splitTimestamp(ts)[0];
}

/** The time of day; an infinite timestamp has none (NULL), as in Postgres. */
export function timestampToTime(ts: bigint): number | null {
  if (!isFiniteTimestamp(ts)) return null;
  return Number(splitTimestamp(ts)[1]);
}

export function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- arithmetic

export function dateAddDays(days: number, n: bigint): number {
  if (!isFiniteDate(days)) return days;
  const result = BigInt(days) + n;
  if (result < BigInt(-EPOCH_JDATE) || result >= BigInt(DATE_END_JULIAN - EPOCH_JDATE)) throw new ValueError('date out of range');
  return Number(result);
}

export function dateDiff(a: number, b: number): bigint {
  if (!isFiniteDate(a) || !isFiniteDate(b)) throw new ValueError('cannot subtract infinite dates');
  return BigInt(a - b);
}

/** date + time → timestamp. */
export function dateAddTime(days: number, time: number): bigint {
  const ts = dateToTimestamp(days);
  if (!isFiniteTimestamp(ts)) return ts;
  const result = ts + BigInt(time);
  if (!validTimestamp(result)) throw new ValueError('timestamp out of range');
  return result;
}

/** timestamp_pl_interval: months (clamping the day of month), then days, then time. */
export function timestampAddInterval(ts: bigint, span: Interval): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  let result = ts;
  if (span.months !== 0) {
    const [days, time] = splitTimestamp(result);
    let [year, month, day] = j2date(days + EPOCH_JDATE);
    month += span.months;
    if (month > 12) {
      year += Math.trunc((month - 1) / 12);
      month = ((month - 1) % 12) + 1;
    } else if (month < 1) {
      year += Math.trunc(month / 12) - 1;
      month = (month % 12) + 12;
    }
    day = Math.min(day, daysInMonth(year, month));
    result = timestampFromParts(year, month, day, time);
  }
  if (span.days !== 0) {
    const [days, time] = splitTimestamp(result);
    const julian = days + EPOCH_JDATE + span.days;
    if (julian < 0) throw new ValueError('timestamp out of range');
    const [year, month, day] = j2date(julian);
    result = timestampFromParts(year, month, day, time);
  }
  result += span.micros;
  if (!validTimestamp(result)) throw new ValueError('timestamp out of range');
  return result;
}

export function timestampSubInterval(ts: bigint, span: Interval): bigint {
  return timestampAddInterval(ts, negateInterval(span));
}

/** timestamp - timestamp: the difference in microseconds, whole days moved into days (justify_hours). */
export function timestampDiff(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) throw new ValueError('cannot subtract infinite timestamps');
  let micros = a - b;
  if (micros < INT64_MIN || micros > INT64_MAX) throw new ValueError('interval out of range');
  let days = micros / USECS_PER_DAY;
  micros -= days * USECS_PER_DAY;
  if (days > 0n && micros < 0n) {
    micros += USECS_PER_DAY;
    days -= 1n;
  } else if (days < 0n && micros > 0n) {
    micros -= USECS_PER_DAY;
    days += 1n;
  }
  return checkInterval(0, Number(days), micros);
}

/** time ± interval wraps around midnight; months and days are ignored. */
export function timeAddInterval(time: number, span: Interval): number {
  let result = (BigInt(time) + span.micros) % USECS_PER_DAY;
  if (result < 0n) result += USECS_PER_DAY;
  return Number(result);
}

export function timeSubInterval(time: number, span: Interval): number {
  let result = (BigInt(time) - span.micros) % USECS_PER_DAY;
  if (result < 0n) result += USECS_PER_DAY;
  return Number(result);
}

export function timeDiff(a: number, b: number): Interval {
  return { months: 0, days: 0, micros: BigInt(a - b) };
}

export function timeToInterval(time: number): Interval {
  return { months: 0, days: 0, micros: BigInt(time) };
}

// ---------------------------------------------------------------- date_trunc

const TRUNC_UNITS = new Set<Unit>([
  'microsecond',
  'millisecond',
  'second',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
  'decade',
  'century',
  'millennium',
]);

/** Resolves a date_trunc unit name as Postgres does ('day', 'days', 'd', 'hour', 'hr'…). */
export function truncUnit(name: string, type: 'timestamp' | 'timestamptz'): Unit {
  const unit = UNIT_NAMES[name.toLowerCase()];
  if (unit === undefined || !TRUNC_UNITS.has(unit)) {
    throw new ValueError(`unit "${name}" not recognized for type ${TEMPORAL_NAMES[type]}`);
  }
  return unit;
}

/** timestamp_trunc (timestamptz in a UTC session truncates the same way). */
export function dateTrunc(unit: Unit, ts: bigint): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const [days, time] = splitTimestamp(ts);
  let [year, month, day] = j2date(days + EPOCH_JDATE);
  let hour = Number(time / USECS_PER_HOUR);
  let minute = Number((time % USECS_PER_HOUR) / USECS_PER_MINUTE);
  let second = Number((time % USECS_PER_MINUTE) / USECS_PER_SEC);
  let fsec = Number(time % USECS_PER_SEC);
  if (unit === 'week') {
    const julian = date2j(year, month, day);
    const dow = (((julian + 1) % 7) + 7) % 7; // 0 = Sunday
    [year, month, day] = j2date(julian - ((dow + 6) % 7));
    return timestampFromParts(year, month, day, 0n);
  }
  // The cases fall through from the coarsest unit to the finest, as in Postgres.
  const order: Unit[] = ['millennium', 'century', 'decade', 'year', 'quarter', 'month', 'day', 'hour', 'minute', 'second'];
  const from = order.indexOf(unit);
  if (unit === 'millennium') {
    year = year > 0 ? Math.trunc((year + 999) / 1000) * 1000 - 999 : -Math.trunc((999 - (year - 1)) / 1000) * 1000 + 1;
  }
  if (unit === 'century' || unit === 'millennium') {
    year = year > 0 ? Math.trunc((year + 99) / 100) * 100 - 99 : -Math.trunc((99 - (year - 1)) / 100) * 100 + 1;
  }
  if (unit === 'decade') {
    year = year > 0 ? Math.trunc(year / 10) * 10 : -Math.trunc((8 - (year - 1)) / 10) * 10;
  }
  const at = (u: Unit): boolean => from >= 0 && from <= order.indexOf(u);
  if (at('year')) month = 1;
  if (at('quarter')) month = 3 * Math.trunc((month - 1) / 3) + 1;
  if (at('month')) day = 1;
  if (at('day')) hour = 0;
  if (at('hour')) minute = 0;
  if (at('minute')) second = 0;
  if (at('second')) fsec = 0;
  if (unit === 'millisecond') fsec = Math.trunc(fsec / 1000) * 1000;
  const clock = (BigInt(hour) * 3600n + BigInt(minute) * 60n + BigInt(second)) * USECS_PER_SEC + BigInt(fsec);
  return timestampFromParts(year, month, day, clock);
}
