/**
 * The catalogue of operations a where clause can use. Each entry pairs the
 * in-memory implementation with the SQL that makes Postgres compute exactly
 * the same thing — including the `COLLATE "C"` and `AT TIME ZONE 'UTC'` that
 * keep the SQL independent of the database collation and session time zone.
 */
import type { Comparison, Fn } from './tree.js';
import { comparatorFor, formatValue, parseValue, type Value } from './values.js';
import { checkInt, intAdd, intDiv, intMod, intMul, intSub } from './integer.js';
import { floatAdd, floatDiv, floatMul, floatSub, floatToInt, intToFloat, toFloat4 } from './float.js';
import {
  floatToNumeric,
  intToNumeric,
  numericAbs,
  numericAdd,
  numericDiv,
  numericMod,
  numericMul,
  numericNegate,
  numericSub,
  numericToFloat,
  numericToInt,
  type Numeric,
} from './numeric.js';
import {
  dateAddDays,
  dateAddTime,
  dateDiff,
  dateToTimestamp,
  dateTrunc,
  timeAddInterval,
  timeDiff,
  timeSubInterval,
  timeToInterval,
  timestampAddInterval,
  timestampDiff,
  timestampSubInterval,
  timestampToDate,
  timestampToTime,
  truncUnit,
} from './datetime.js';
import { intervalAdd, intervalSub, negateInterval, type Interval } from './interval.js';
import { asciiLower, asciiUpper, ilike, like, likeEscape, textLength } from './text.js';
import {
  isEnum,
  isFloat,
  isInt,
  isOpaque,
  isText,
  numberRank,
  sameType,
  typeName,
  type FloatType,
  type IntType,
  type NumberType,
  type SqlType,
} from './sql-types.js';

function fn(name: string, evaluate: Fn['evaluate'], sql: Fn['sql']): Fn {
  return { name, evaluate, sql };
}

const arg = (args: readonly Value[], i: number): Value => args[i] as Value;
const sqlArg = (args: readonly string[], i: number): string => args[i] as string;

/** The comparison a type's btree operators implement. */
export function comparison(type: SqlType): Comparison {
  return { compare: comparatorFor(type), collateC: isText(type) };
}

// ---------------------------------------------------------------- casts

function sqlCast(to: SqlType): (args: readonly string[]) => string {
  return (args) => `CAST(${sqlArg(args, 0)} AS ${typeName(to)})`;
}

const AT_UTC = (args: readonly string[]): string => `(${sqlArg(args, 0)} AT TIME ZONE 'UTC')`;

/** Implicit conversions Postgres applies on its own (besides literals, which take any type). */
export function isImplicitCast(from: SqlType, to: SqlType): boolean {
  if (sameType(from, to)) return true;
  if (isText(from) && isText(to)) return true;
  if ((isInt(from) || from === 'numeric' || isFloat(from)) && (isInt(to) || to === 'numeric' || isFloat(to))) {
    return numberRank(from as NumberType) < numberRank(to as NumberType);
  }
  if (from === 'date') return to === 'timestamp' || to === 'timestamptz';
  if (from === 'timestamp') return to === 'timestamptz';
  if (from === 'time') return to === 'interval';
  return false;
}

/** A conversion from one type to another, or null if Postgres has none we support. */
export function castFn(from: SqlType, to: SqlType): Fn | null {
  const name = `${typeName(from)}::${typeName(to)}`;
  const cast = (evaluate: Fn['evaluate'], sql: Fn['sql'] = sqlCast(to)): Fn => fn(name, evaluate, sql);
  if (isOpaque(from) || isOpaque(to) || from === 'unknown') return null;
  if (sameType(from, to) || (isText(from) && isText(to))) return cast((a) => arg(a, 0));
  if (isText(to)) return cast((a) => formatValue(from, arg(a, 0)));
  if (isEnum(to)) return null;

  if (isInt(from)) {
    const v = (a: readonly Value[]): bigint => arg(a, 0) as bigint;
    if (isInt(to)) return cast((a) => checkInt(v(a), to));
    if (isFloat(to)) return cast((a) => intToFloat(v(a), to));
    if (to === 'numeric') return cast((a) => intToNumeric(v(a)));
    if (to === 'bool' && from === 'int4') return cast((a) => v(a) !== 0n);
    return null;
  }
  if (from === 'numeric') {
    const v = (a: readonly Value[]): Numeric => arg(a, 0) as Numeric;
    if (isInt(to)) return cast((a) => numericToInt(v(a), to));
    if (isFloat(to)) return cast((a) => numericToFloat(v(a), to));
    return null;
  }
  if (isFloat(from)) {
    const v = (a: readonly Value[]): number => arg(a, 0) as number;
    if (isInt(to)) return cast((a) => floatToInt(v(a), to));
    if (to === 'numeric') return cast((a) => floatToNumeric(v(a), from));
    if (to === 'float8') return cast((a) => v(a));
    if (to === 'float4') return cast((a) => toFloat4(v(a)));
    return null;
  }
  if (from === 'bool') return to === 'int4' ? cast((a) => (arg(a, 0) ? 1n : 0n)) : null;
  if (isText(from)) {
    // Text is parsed at run time only where our input functions are Postgres' own;
    // date/time text input depends on DateStyle and accepts 'now', so only literals may be cast.
    if (isInt(to) || isFloat(to) || to === 'numeric' || to === 'bool' || to === 'uuid') {
      return cast((a) => parseValue(to, arg(a, 0) as string));
    }
    return null;
  }
  if (from === 'date') {
    if (to === 'timestamp') return cast((a) => dateToTimestamp(arg(a, 0) as number));
    if (to === 'timestamptz') {
      return cast(
        (a) => dateToTimestamp(arg(a, 0) as number),
        (args) => `(CAST(${sqlArg(args, 0)} AS timestamp) AT TIME ZONE 'UTC')`,
      );
    }
    return null;
  }
  if (from === 'timestamp' || from === 'timestamptz') {
    const v = (a: readonly Value[]): bigint => arg(a, 0) as bigint;
    const inUtc = from === 'timestamptz';
    const via = (target: string) => (args: readonly string[]) =>
      inUtc ? `CAST((${sqlArg(args, 0)} AT TIME ZONE 'UTC') AS ${target})` : `CAST(${sqlArg(args, 0)} AS ${target})`;
    if (to === 'timestamp' || to === 'timestamptz') return cast(v, AT_UTC);
    if (to === 'date') return cast((a) => timestampToDate(v(a)), via('date'));
    if (to === 'time') return cast((a) => timestampToTime(v(a)), via('time'));
    return null;
  }
  if (from === 'time' && to === 'interval') return cast((a) => timeToInterval(arg(a, 0) as number));
  return null;
}

// ---------------------------------------------------------------- arithmetic

export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type BitOp = '&' | '|' | '#';

const infix = (op: string) => (args: readonly string[]): string => `(${sqlArg(args, 0)} ${op} ${sqlArg(args, 1)})`;
const prefix = (op: string) => (args: readonly string[]): string => `(${op} ${sqlArg(args, 0)})`;

export function intArith(op: ArithOp | BitOp, type: IntType): Fn {
  const impl: Record<ArithOp | BitOp, (a: bigint, b: bigint) => bigint> = {
    '+': (a, b) => intAdd(a, b, type),
    '-': (a, b) => intSub(a, b, type),
    '*': (a, b) => intMul(a, b, type),
    '/': (a, b) => intDiv(a, b, type),
    '%': (a, b) => intMod(a, b),
    '&': (a, b) => a & b,
    '|': (a, b) => a | b,
    '#': (a, b) => a ^ b,
  };
  const f = impl[op];
  return fn(`${type} ${op} ${type}`, (a) => f(arg(a, 0) as bigint, arg(a, 1) as bigint), infix(op));
}

export function floatArith(op: Exclude<ArithOp, '%'>, type: FloatType): Fn {
  const impl = { '+': floatAdd, '-': floatSub, '*': floatMul, '/': floatDiv }[op];
  return fn(`${type} ${op} ${type}`, (a) => impl(arg(a, 0) as number, arg(a, 1) as number, type), infix(op));
}

export function numericArith(op: ArithOp): Fn {
  const impl = { '+': numericAdd, '-': numericSub, '*': numericMul, '/': numericDiv, '%': numericMod }[op];
  return fn(`numeric ${op} numeric`, (a) => impl(arg(a, 0) as Numeric, arg(a, 1) as Numeric), infix(op));
}

export function negate(type: NumberType | 'interval'): Fn {
  const name = `- ${type}`;
  if (isInt(type)) return fn(name, (a) => checkInt(-(arg(a, 0) as bigint), type), prefix('-'));
  if (isFloat(type)) return fn(name, (a) => -(arg(a, 0) as number), prefix('-'));
  if (type === 'numeric') return fn(name, (a) => numericNegate(arg(a, 0) as Numeric), prefix('-'));
  return fn(name, (a) => negateInterval(arg(a, 0) as Interval), prefix('-'));
}

export function unaryPlus(type: NumberType): Fn {
  return fn(`+ ${type}`, (a) => arg(a, 0), prefix('+'));
}

export function bitNot(type: IntType): Fn {
  return fn(`~ ${type}`, (a) => ~(arg(a, 0) as bigint), prefix('~'));
}

export function abs(type: NumberType): Fn {
  const sql = (args: readonly string[]): string => `abs(${sqlArg(args, 0)})`;
  if (isInt(type)) {
    return fn(`abs(${type})`, (a) => {
      const v = arg(a, 0) as bigint;
      return checkInt(v < 0n ? -v : v, type);
    }, sql);
  }
  if (isFloat(type)) return fn(`abs(${type})`, (a) => Math.abs(arg(a, 0) as number), sql);
  return fn('abs(numeric)', (a) => numericAbs(arg(a, 0) as Numeric), sql);
}

// ---------------------------------------------------------------- date/time arithmetic

/** Operators on dates, times and intervals: `<left type> <op> <right type>` → implementation. */
export function dateTimeOperator(op: '+' | '-', left: SqlType, right: SqlType): { fn: Fn; type: SqlType } | null {
  const key = `${typeName(left)} ${op} ${typeName(right)}`;
  const make = (type: SqlType, evaluate: (a: Value, b: Value) => Value | null, sql: Fn['sql'] = infix(op)) => ({
    type,
    fn: fn(key, (args) => evaluate(arg(args, 0), arg(args, 1)), sql),
  });
  // Interval arithmetic on timestamptz adds days in the session zone: pin it to UTC.
  const tzSql = (args: readonly string[]): string =>
    `(((${sqlArg(args, 0)} AT TIME ZONE 'UTC') ${op} ${sqlArg(args, 1)}) AT TIME ZONE 'UTC')`;
  const tzSqlFlipped = (args: readonly string[]): string =>
    `((${sqlArg(args, 0)} ${op} (${sqlArg(args, 1)} AT TIME ZONE 'UTC')) AT TIME ZONE 'UTC')`;
  switch (key) {
    case 'date + int4':
      return make('date', (a, b) => dateAddDays(a as number, b as bigint));
    case 'int4 + date':
      return make('date', (a, b) => dateAddDays(b as number, a as bigint));
    case 'date - int4':
      return make('date', (a, b) => dateAddDays(a as number, -(b as bigint)));
    case 'date - date':
      return make('int4', (a, b) => dateDiff(a as number, b as number));
    case 'date + time':
      return make('timestamp', (a, b) => dateAddTime(a as number, b as number));
    case 'time + date':
      return make('timestamp', (a, b) => dateAddTime(b as number, a as number));
    case 'timestamp + interval':
      return make('timestamp', (a, b) => timestampAddInterval(a as bigint, b as Interval));
    case 'interval + timestamp':
      return make('timestamp', (a, b) => timestampAddInterval(b as bigint, a as Interval));
    case 'timestamp - interval':
      return make('timestamp', (a, b) => timestampSubInterval(a as bigint, b as Interval));
    case 'timestamptz + interval':
      return make('timestamptz', (a, b) => timestampAddInterval(a as bigint, b as Interval), tzSql);
    case 'interval + timestamptz':
      return make('timestamptz', (a, b) => timestampAddInterval(b as bigint, a as Interval), tzSqlFlipped);
    case 'timestamptz - interval':
      return make('timestamptz', (a, b) => timestampSubInterval(a as bigint, b as Interval), tzSql);
    case 'timestamp - timestamp':
    case 'timestamptz - timestamptz':
      return make('interval', (a, b) => timestampDiff(a as bigint, b as bigint));
    case 'time + interval':
      return make('time', (a, b) => timeAddInterval(a as number, b as Interval));
    case 'interval + time':
      return make('time', (a, b) => timeAddInterval(b as number, a as Interval));
    case 'time - interval':
      return make('time', (a, b) => timeSubInterval(a as number, b as Interval));
    case 'time - time':
      return make('interval', (a, b) => timeDiff(a as number, b as number));
    case 'interval + interval':
      return make('interval', (a, b) => intervalAdd(a as Interval, b as Interval));
    case 'interval - interval':
      return make('interval', (a, b) => intervalSub(a as Interval, b as Interval));
    default:
      return null;
  }
}

// ---------------------------------------------------------------- text

export const concat: Fn = fn('text || text', (a) => (arg(a, 0) as string) + (arg(a, 1) as string), infix('||'));

export const lower: Fn = fn('lower(text)', (a) => asciiLower(arg(a, 0) as string), (args) => `lower(${sqlArg(args, 0)} COLLATE "C")`);

export const upper: Fn = fn('upper(text)', (a) => asciiUpper(arg(a, 0) as string), (args) => `upper(${sqlArg(args, 0)} COLLATE "C")`);

export const length: Fn = fn('length(text)', (a) => BigInt(textLength(arg(a, 0) as string)), (args) => `length(${sqlArg(args, 0)})`);

/** [NOT] [I]LIKE, with an optional ESCAPE argument (args: text, pattern[, escape]). */
export function likeFn(caseInsensitive: boolean, negated: boolean, withEscape: boolean): Fn {
  const keyword = `${negated ? 'NOT ' : ''}${caseInsensitive ? 'ILIKE' : 'LIKE'}`;
  return fn(
    keyword,
    (a) => {
      const text = arg(a, 0) as string;
      const pattern = withEscape ? likeEscape(arg(a, 1) as string, arg(a, 2) as string) : (arg(a, 1) as string);
      const matched = caseInsensitive ? ilike(text, pattern) : like(text, pattern);
      return negated ? !matched : matched;
    },
    (args) =>
      `(${sqlArg(args, 0)} COLLATE "C" ${keyword} ${sqlArg(args, 1)}${withEscape ? ` ESCAPE ${sqlArg(args, 2)}` : ''})`,
  );
}

// ---------------------------------------------------------------- date_trunc

export function dateTruncFn(type: 'timestamp' | 'timestamptz'): Fn {
  return fn(
    `date_trunc(text, ${type})`,
    (a) => dateTrunc(truncUnit(arg(a, 0) as string, type), arg(a, 1) as bigint),
    (args) =>
      type === 'timestamptz'
        ? `date_trunc(${sqlArg(args, 0)}, ${sqlArg(args, 1)}, 'UTC')`
        : `date_trunc(${sqlArg(args, 0)}, ${sqlArg(args, 1)})`,
  );
}
