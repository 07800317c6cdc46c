/**
 * Type checking: resolves each node of the parsed clause to a typed node the
 * way Postgres resolves operators — untyped literals take the type of the
 * other operand, numbers promote int → numeric → float, dates promote to
 * timestamps — and makes every implicit conversion an explicit node.
 * Sub-expressions without columns are folded into constants here, so bad
 * literals ('abc'::int4, 1/0) are refused up front, as Postgres refuses them
 * when it plans the query.
 */
import { ValueError, WhereClauseError } from './errors.js';
import type { Ast } from './parse.js';
import type { CompareOp, Expr, Fn } from './tree.js';
import { children } from './tree.js';
import { compile } from './evaluate.js';
import { parseValue, type Value } from './values.js';
import { fitsInt } from './integer.js';
import { parseNumeric } from './numeric.js';
import { truncUnit } from './datetime.js';
import { likeEscape } from './text.js';
import {
  abs,
  bitNot,
  castFn,
  comparison,
  concat,
  dateTimeOperator,
  dateTruncFn,
  floatArith,
  intArith,
  isImplicitCast,
  length,
  likeFn,
  lower,
  negate,
  numericArith,
  unaryPlus,
  upper,
  type ArithOp,
  type BitOp,
} from './operators.js';
import {
  columnType,
  isDateTime,
  isEnum,
  isFloat,
  isInt,
  isNumber,
  isOpaque,
  isText,
  numberRank,
  sameType,
  typeName,
  type ColumnSpec,
  type NumberType,
  type SqlType,
} from './sql-types.js';

const TYPE_NAMES: Readonly<Record<string, SqlType>> = {
  int2: 'int2',
  int4: 'int4',
  int8: 'int8',
  float4: 'float4',
  float8: 'float8',
  numeric: 'numeric',
  bool: 'bool',
  text: 'text',
  varchar: 'varchar',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  jsonb: 'jsonb',
  bytea: 'bytea',
};

const NON_DETERMINISTIC_FUNCTIONS = new Set([
  'now',
  'random',
  'random_normal',
  'setseed',
  'clock_timestamp',
  'statement_timestamp',
  'transaction_timestamp',
  'timeofday',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'nextval',
  'currval',
  'lastval',
  'txid_current',
  'pg_current_xact_id',
  'pg_backend_pid',
  'current_setting',
  'set_config',
  'pg_sleep',
]);

const AGGREGATE_FUNCTIONS = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'array_agg',
  'string_agg',
  'json_agg',
  'jsonb_agg',
  'json_object_agg',
  'jsonb_object_agg',
  'bool_and',
  'bool_or',
  'every',
  'bit_and',
  'bit_or',
  'bit_xor',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'corr',
  'covar_pop',
  'covar_samp',
  'mode',
  'percentile_cont',
  'percentile_disc',
]);

const WINDOW_FUNCTIONS = new Set([
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
]);

const REGEX_OPERATORS = new Set(['~', '!~', '~*', '!~*']);
const JSON_OPERATORS = new Set(['->', '->>', '#>', '#>>', '@>', '<@', '?', '?|', '?&', '@?', '@@', '#-']);
const COMPARE_OPS: Readonly<Record<string, CompareOp>> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ARITH_OPS = new Set(['+', '-', '*', '/', '%']);
const BIT_OPS = new Set(['&', '|', '#']);

/** Order of the implicit promotions among date, timestamp and timestamptz. */
const DATETIME_RANK: Readonly<Record<string, number>> = { date: 0, timestamp: 1, timestamptz: 2 };

type Const = Extract<Expr, { kind: 'const' }>;

function constant(type: SqlType, value: Value | null): Const {
  return { kind: 'const', type, value };
}

function isConst(expr: Expr): expr is Const {
  return expr.kind === 'const';
}

/** Evaluates a column-free node now; its errors are the clause's errors. */
function fold(expr: Expr): Expr {
  if (expr.kind === 'const' || expr.kind === 'column' || !children(expr).every(isConst)) return expr;
  try {
    return constant(expr.type, compile(expr)({}));
  } catch (err) {
    if (err instanceof ValueError) throw new WhereClauseError(err.message);
    throw err;
  }
}

function describe(expr: Expr): string {
  return expr.kind === 'column' ? `column "${expr.column}" (${typeName(expr.type)})` : typeName(expr.type);
}

function opaqueError(expr: Expr): WhereClauseError {
  const subject = expr.kind === 'column' ? `column "${expr.column}" has type ${typeName(expr.type)}, which` : `${typeName(expr.type)} values`;
  return new WhereClauseError(`${subject} only support${expr.kind === 'column' ? 's' : ''} IS [NOT] NULL`);
}

interface Comparand {
  readonly left: Expr;
  readonly right: Expr;
  /** The type whose comparison applies (int8 for any two integers, float8 for floats, …). */
  readonly family: SqlType;
}

class Checker {
  constructor(private readonly columns: ReadonlyMap<string, ColumnSpec>) {}

  /** The expression with jsonb/bytea refused: they may only be NULL-tested. */
  private operand(ast: Ast): Expr {
    const expr = this.check(ast);
    if (isOpaque(expr.type)) throw opaqueError(expr);
    return expr;
  }

  check(ast: Ast): Expr {
    switch (ast.kind) {
      case 'column': {
        const spec = this.columns.get(ast.name);
        if (!spec) throw new WhereClauseError(`unknown column "${ast.name}" (columns are referenced as this.<column>)`);
        return { kind: 'column', type: columnType(spec), column: ast.name };
      }
      case 'integer': {
        const value = BigInt(ast.text);
        if (fitsInt(value, 'int4')) return constant('int4', value);
        if (fitsInt(value, 'int8')) return constant('int8', value);
        return constant('numeric', parseNumeric(ast.text));
      }
      case 'decimal':
        return this.literal('numeric', ast.text);
      case 'string':
        return constant('unknown', ast.value);
      case 'bool':
        return constant('bool', ast.value);
      case 'null':
        return constant('unknown', null);
      case 'cast':
        return this.explicitCast(this.operand(ast.arg), this.typeByName(ast.typeName));
      case 'and':
      case 'or':
        return fold({ kind: ast.kind, type: 'bool', args: ast.args.map((a) => this.boolean(this.operand(a), ast.kind.toUpperCase())) });
      case 'not':
        return fold({ kind: 'not', type: 'bool', arg: this.boolean(this.operand(ast.arg), 'NOT') });
      case 'op':
        return this.operator(ast.op, ast.left === null ? null : this.operand(ast.left), this.operand(ast.right));
      case 'like':
        return this.like(ast);
      case 'in':
        return this.inList(this.operand(ast.arg), ast.items.map((i) => this.operand(i)), ast.negated);
      case 'between':
        return this.between(ast);
      case 'distinct': {
        const c = this.comparand(this.operand(ast.left), this.operand(ast.right), 'IS DISTINCT FROM');
        return fold({ kind: 'distinct', type: 'bool', negated: ast.negated, cmp: comparison(c.family), left: c.left, right: c.right });
      }
      case 'nullTest': {
        let arg = this.check(ast.arg);
        if (arg.type === 'unknown') arg = this.coerce(arg, 'text');
        return fold({ kind: 'isNull', type: 'bool', negated: ast.negated, arg });
      }
      case 'boolTest': {
        const arg = this.boolean(this.operand(ast.arg), `IS ${ast.test.toUpperCase()}`);
        return fold({ kind: 'isBool', type: 'bool', test: ast.test, negated: ast.negated, arg });
      }
      case 'call':
        return this.call(ast.name, ast.args.map((a) => this.operand(a)));
    }
  }

  private typeByName(name: string): SqlType {
    const type = TYPE_NAMES[name];
    if (type) {
      if (isOpaque(type)) throw new WhereClauseError(`casts to ${type} are not supported: ${type} values only support IS [NOT] NULL`);
      return type;
    }
    if (name === 'timetz') throw new WhereClauseError('type time with time zone is not supported');
    throw new WhereClauseError(`type "${name}" is not supported`);
  }

  /** Runs a check whose ValueError is the clause's error. */
  private validate(check: () => unknown): void {
    try {
      check();
    } catch (err) {
      if (err instanceof ValueError) throw new WhereClauseError(err.message);
      throw err;
    }
  }

  /** A literal's text read as `type`, now: invalid input is the clause's error. */
  private literal(type: SqlType, text: string): Const {
    try {
      return constant(type, parseValue(type, text));
    } catch (err) {
      if (err instanceof ValueError) throw new WhereClauseError(err.message);
      throw err;
    }
  }

  /** Converts to `type`: literals are read as that type, other values need an implicit cast. */
  private coerce(expr: Expr, type: SqlType): Expr {
    // varchar is text to every operator (binary-compatible): no conversion node.
    if (sameType(expr.type, type) || (isText(expr.type) && isText(type))) return expr;
    if (expr.type === 'unknown' && isConst(expr)) {
      if (expr.value === null) return constant(type, null);
      if (isOpaque(type)) throw new WhereClauseError(`${type} values only support IS [NOT] NULL`);
      return this.literal(type, expr.value as string);
    }
    if (!isImplicitCast(expr.type, type)) {
      throw new WhereClauseError(`${describe(expr)} cannot be used as ${typeName(type)} without a cast`);
    }
    return this.applyCast(expr, type);
  }

  private applyCast(expr: Expr, type: SqlType): Expr {
    const fn = castFn(expr.type, type);
    if (!fn) {
      const hint = isText(expr.type) && (isDateTime(type) || type === 'time' || type === 'interval')
        ? ` (only literals can be cast to ${typeName(type)}, e.g. '2024-01-01'::${typeName(type)})`
        : '';
      throw new WhereClauseError(`cannot cast ${typeName(expr.type)} to ${typeName(type)}${hint}`);
    }
    return fold({ kind: 'apply', type, fn, args: [expr] });
  }

  private explicitCast(expr: Expr, type: SqlType): Expr {
    if (sameType(expr.type, type)) return expr;
    if (expr.type === 'unknown') return this.coerce(expr, type);
    return this.applyCast(expr, type);
  }

  /** Boolean context: AND/OR/NOT arguments, IS TRUE, the clause itself. */
  boolean(expr: Expr, context: string): Expr {
    if (expr.type === 'unknown') return this.coerce(expr, 'bool');
    if (expr.type !== 'bool') {
      const what = context === 'the where clause' ? 'the where clause' : `the argument of ${context}`;
      throw new WhereClauseError(`${what} must be a boolean expression, got ${typeName(expr.type)}`);
    }
    return expr;
  }

  // ------------------------------------------------------------ comparisons

  /** Brings two operands to a comparable pair, as Postgres' operator resolution would. */
  private comparand(l: Expr, r: Expr, op: string): Comparand {
    let left = l;
    let right = r;
    if (left.type === 'unknown' && right.type === 'unknown') {
      left = this.coerce(left, 'text');
      right = this.coerce(right, 'text');
    } else if (left.type === 'unknown') {
      left = this.coerce(left, right.type);
    } else if (right.type === 'unknown') {
      right = this.coerce(right, left.type);
    }
    const a = left.type;
    const b = right.type;
    if (isNumber(a) && isNumber(b)) {
      if (isInt(a) && isInt(b)) return { left, right, family: 'int8' };
      if (isFloat(a) || isFloat(b)) {
        // float4 and float8 compare as they are; anything else joins them as float8.
        const toFloat = (e: Expr): Expr => (isFloat(e.type) ? e : this.applyCast(e, 'float8'));
        return { left: toFloat(left), right: toFloat(right), family: 'float8' };
      }
      return { left: this.coerce(left, 'numeric'), right: this.coerce(right, 'numeric'), family: 'numeric' };
    }
    if (isText(a) && isText(b)) return { left, right, family: 'text' };
    if (isDateTime(a) && isDateTime(b)) {
      const target = (DATETIME_RANK[a] ?? 0) >= (DATETIME_RANK[b] ?? 0) ? a : b;
      return { left: this.coerce(left, target), right: this.coerce(right, target), family: target };
    }
    if (sameType(a, b) && (a === 'bool' || a === 'uuid' || a === 'time' || a === 'interval' || isEnum(a))) {
      return { left, right, family: a };
    }
    throw new WhereClauseError(
      `operator does not exist: ${typeName(a)} ${op} ${typeName(b)} (cannot compare ${describe(left)} with ${describe(right)})`,
    );
  }

  private compare(op: CompareOp, l: Expr, r: Expr): Expr {
    const c = this.comparand(l, r, op);
    return fold({ kind: 'compare', type: 'bool', op, cmp: comparison(c.family), left: c.left, right: c.right });
  }

  private inList(argument: Expr, items: readonly Expr[], negated: boolean): Expr {
    let arg = argument;
    if (arg.type === 'unknown') {
      const typed = items.find((i) => i.type !== 'unknown');
      arg = this.coerce(arg, typed ? typed.type : 'text');
    }
    const pairs = items.map((item) => this.comparand(arg, item, negated ? 'NOT IN' : 'IN'));
    const first = pairs[0];
    const uniform =
      first !== undefined && pairs.every((p) => sameType(p.left.type, first.left.type) && sameType(p.family, first.family));
    if (first && uniform) {
      return fold({ kind: 'in', type: 'bool', negated, cmp: comparison(first.family), arg: first.left, items: pairs.map((p) => p.right) });
    }
    // Mixed item types: IN is `= ANY`, i.e. an OR of equalities (NOT IN an AND of <>).
    const tests = pairs.map((p): Expr => ({
      kind: 'compare',
      type: 'bool',
      op: negated ? '<>' : '=',
      cmp: comparison(p.family),
      left: p.left,
      right: p.right,
    }));
    return fold({ kind: negated ? 'and' : 'or', type: 'bool', args: tests.map(fold) });
  }

  private between(ast: Extract<Ast, { kind: 'between' }>): Expr {
    const arg = this.operand(ast.arg);
    const low = this.operand(ast.low);
    const high = this.operand(ast.high);
    // Postgres rewrites BETWEEN into these comparisons.
    const range = (lo: Expr, hi: Expr): Expr =>
      ast.negated
        ? fold({ kind: 'or', type: 'bool', args: [this.compare('<', arg, lo), this.compare('>', arg, hi)] })
        : fold({ kind: 'and', type: 'bool', args: [this.compare('>=', arg, lo), this.compare('<=', arg, hi)] });
    if (!ast.symmetric) return range(low, high);
    return fold({ kind: ast.negated ? 'and' : 'or', type: 'bool', args: [range(low, high), range(high, low)] });
  }

  // ------------------------------------------------------------ operators

  private operator(op: string, left: Expr | null, right: Expr): Expr {
    const compareOp = COMPARE_OPS[op];
    if (left === null) return this.prefixOperator(op, right);
    if (compareOp) return this.compare(compareOp, left, right);
    if (ARITH_OPS.has(op) || BIT_OPS.has(op)) return this.arithmetic(op as ArithOp | BitOp, left, right);
    if (op === '||') return this.concat(left, right);
    if (REGEX_OPERATORS.has(op)) throw new WhereClauseError(`regular expression operators are not supported (${op}); use LIKE or ILIKE`);
    if (JSON_OPERATORS.has(op)) throw new WhereClauseError(`operator ${op} is not supported (jsonb columns only support IS [NOT] NULL)`);
    throw new WhereClauseError(`operator ${op} is not supported`);
  }

  private prefixOperator(op: string, arg: Expr): Expr {
    if (arg.type === 'unknown') throw new WhereClauseError(`operator is not unique: ${op} unknown (cast the literal, e.g. '1'::int4)`);
    const t = arg.type;
    if (op === '-' && (isNumber(t) || t === 'interval')) return fold({ kind: 'apply', type: t, fn: negate(t), args: [arg] });
    if (op === '+' && isNumber(t)) return fold({ kind: 'apply', type: t, fn: unaryPlus(t), args: [arg] });
    if (op === '~' && isInt(t)) return fold({ kind: 'apply', type: t, fn: bitNot(t), args: [arg] });
    if (op === '-' || op === '+' || op === '~') throw new WhereClauseError(`operator does not exist: ${op} ${typeName(t)}`);
    throw new WhereClauseError(`operator ${op} is not supported`);
  }

  /** The type an untyped literal takes as the other operand of `op` next to `other`. */
  private literalTypeNextTo(other: SqlType, op: string): SqlType {
    if (isNumber(other) || other === 'interval') return other;
    if (isDateTime(other) || other === 'time') {
      // ts + '1 day' reads an interval; ts - '2024-01-01' reads a timestamp (ts - ts).
      if (op === '-') return other;
      if (other === 'timestamp' || other === 'timestamptz') return 'interval';
      throw new WhereClauseError(`operator is not unique: ${typeName(other)} ${op} unknown (cast the literal, e.g. '1 day'::interval or 1)`);
    }
    throw new WhereClauseError(`operator does not exist: ${typeName(other)} ${op} unknown`);
  }

  private arithmetic(op: ArithOp | BitOp, l: Expr, r: Expr): Expr {
    let left = l;
    let right = r;
    if (left.type === 'unknown' && right.type === 'unknown') {
      throw new WhereClauseError(`operator is not unique: unknown ${op} unknown (cast one of the literals, e.g. '1'::int4)`);
    }
    if (left.type === 'unknown') left = this.coerce(left, this.literalTypeNextTo(right.type, op));
    if (right.type === 'unknown') right = this.coerce(right, this.literalTypeNextTo(left.type, op));
    const a = left.type;
    const b = right.type;
    const noOperator = (): WhereClauseError =>
      new WhereClauseError(
        `operator does not exist: ${typeName(a)} ${op} ${typeName(b)}` +
          (isNumber(a) || isNumber(b) ? '' : ' (arithmetic needs numbers, dates, times or intervals)'),
      );

    if (isNumber(a) && isNumber(b)) {
      if (BIT_OPS.has(op)) {
        if (!isInt(a) || !isInt(b)) throw noOperator();
        const type = numberRank(a) >= numberRank(b) ? a : b;
        return this.binary(type, intArith(op, type), left, right);
      }
      const arith = op as ArithOp;
      if (arith === '%' && (isFloat(a) || isFloat(b))) throw noOperator();
      let type: NumberType;
      if (isInt(a) && isInt(b)) type = numberRank(a) >= numberRank(b) ? a : b;
      else if (isFloat(a) || isFloat(b)) type = a === 'float4' && b === 'float4' ? 'float4' : 'float8';
      else type = 'numeric';
      const fn = isInt(type) ? intArith(arith, type) : isFloat(type) ? floatArith(arith as Exclude<ArithOp, '%'>, type) : numericArith(arith);
      return this.binary(type, fn, left, right);
    }
    if (op !== '+' && op !== '-') throw noOperator();

    // Dates with integers: int2 widens to int4; int8 has no date operator.
    if (a === 'date' && (b === 'int2' || b === 'int4')) right = this.coerce(right, 'int4');
    if (b === 'date' && (a === 'int2' || a === 'int4') && op === '+') left = this.coerce(left, 'int4');
    let found = dateTimeOperator(op, left.type, right.type);
    if (!found) {
      // date ± interval works on the date as a timestamp; mixed date/timestamp/timestamptz
      // differences promote both sides to the later of the two types.
      if (left.type === 'date' && right.type === 'interval') left = this.coerce(left, 'timestamp');
      else if (left.type === 'interval' && right.type === 'date') right = this.coerce(right, 'timestamp');
      else if (op === '-' && isDateTime(left.type) && isDateTime(right.type)) {
        const target = (DATETIME_RANK[left.type] ?? 0) >= (DATETIME_RANK[right.type] ?? 0) ? left.type : right.type;
        left = this.coerce(left, target);
        right = this.coerce(right, target);
      }
      found = dateTimeOperator(op, left.type, right.type);
    }
    if (!found) throw noOperator();
    return fold({ kind: 'apply', type: found.type, fn: found.fn, args: [left, right] });
  }

  private binary(type: SqlType, fn: Fn, left: Expr, right: Expr): Expr {
    return fold({ kind: 'apply', type, fn, args: [this.coerce(left, type), this.coerce(right, type)] });
  }

  /** `||` joins text; one text (or untyped literal) side turns the other into text. */
  private concat(l: Expr, r: Expr): Expr {
    const textual = (e: Expr): boolean => isText(e.type) || e.type === 'unknown';
    if (!textual(l) && !textual(r)) {
      throw new WhereClauseError(`operator does not exist: ${typeName(l.type)} || ${typeName(r.type)} (|| joins text)`);
    }
    const asText = (e: Expr): Expr => (e.type === 'unknown' ? this.coerce(e, 'text') : isText(e.type) ? e : this.applyCast(e, 'text'));
    return fold({ kind: 'apply', type: 'text', fn: concat, args: [asText(l), asText(r)] });
  }

  private textOperand(expr: Expr, what: string): Expr {
    if (expr.type === 'unknown') return this.coerce(expr, 'text');
    if (!isText(expr.type)) throw new WhereClauseError(`${what} needs text, got ${describe(expr)} (cast it with ::text)`);
    return expr;
  }

  private like(ast: Extract<Ast, { kind: 'like' }>): Expr {
    const keyword = ast.caseInsensitive ? 'ILIKE' : 'LIKE';
    const args = [this.textOperand(this.operand(ast.arg), keyword), this.textOperand(this.operand(ast.pattern), `the pattern of ${keyword}`)];
    if (ast.escape) {
      const escape = this.textOperand(this.operand(ast.escape), 'ESCAPE');
      if (isConst(escape) && typeof escape.value === 'string') this.validate(() => likeEscape('', escape.value as string));
      args.push(escape);
    }
    return fold({ kind: 'apply', type: 'bool', fn: likeFn(ast.caseInsensitive, ast.negated, ast.escape !== null), args });
  }

  // ------------------------------------------------------------ functions

  private call(name: string, args: readonly Expr[]): Expr {
    const signature = `${name}(${args.map((a) => typeName(a.type)).join(', ')})`;
    const missing = (): WhereClauseError => new WhereClauseError(`function ${signature} does not exist`);
    switch (name) {
      case 'lower':
      case 'upper': {
        if (args.length !== 1) throw missing();
        const [arg] = args as [Expr];
        if (arg.type !== 'unknown' && !isText(arg.type)) throw missing();
        return fold({ kind: 'apply', type: 'text', fn: name === 'lower' ? lower : upper, args: [this.coerce(arg, 'text')] });
      }
      case 'length':
      case 'char_length':
      case 'character_length': {
        if (args.length !== 1) throw missing();
        const [arg] = args as [Expr];
        if (arg.type !== 'unknown' && !isText(arg.type)) throw missing();
        return fold({ kind: 'apply', type: 'int4', fn: length, args: [this.coerce(arg, 'text')] });
      }
      case 'abs': {
        if (args.length !== 1) throw missing();
        let [arg] = args as [Expr];
        if (arg.type === 'unknown') arg = this.coerce(arg, 'float8');
        const t = arg.type;
        if (!isNumber(t)) throw missing();
        return fold({ kind: 'apply', type: t, fn: abs(t), args: [arg] });
      }
      case 'date_trunc': {
        if (args.length !== 2) throw missing();
        const [unit, source] = args as [Expr, Expr];
        if (unit.type !== 'unknown' && !isText(unit.type)) throw missing();
        let value = source;
        if (value.type === 'unknown' || value.type === 'date') value = this.coerce(value, 'timestamptz');
        if (value.type !== 'timestamp' && value.type !== 'timestamptz') throw missing();
        // A constant unit is checked now, as Postgres would reject it on the first row.
        if (isConst(unit) && typeof unit.value === 'string') this.validate(() => truncUnit(unit.value as string, value.type as 'timestamp'));
        return fold({ kind: 'apply', type: value.type, fn: dateTruncFn(value.type), args: [this.coerce(unit, 'text'), value] });
      }
    }
    if (NON_DETERMINISTIC_FUNCTIONS.has(name)) throw new WhereClauseError(`function ${name}() is not supported: it is not deterministic`);
    if (AGGREGATE_FUNCTIONS.has(name)) throw new WhereClauseError(`aggregate functions are not supported: ${name}()`);
    if (WINDOW_FUNCTIONS.has(name)) throw new WhereClauseError(`window functions are not supported: ${name}()`);
    throw new WhereClauseError(`function ${name}() is not supported (supported: lower, upper, length, abs, date_trunc)`);
  }
}

/** Type-checks a parsed clause against the table's columns; the result is boolean. */
export function checkWhere(ast: Ast, columns: ReadonlyMap<string, ColumnSpec>): Expr {
  const checker = new Checker(columns);
  return checker.boolean(checker.check(ast), 'the where clause');
}
