/**
 * Parses a where clause with the real Postgres parser (libpg-query) as
 * `SELECT 1 WHERE <clause>`, and turns its AST into our own small tree.
 * Everything the tree cannot express is refused here with a message that
 * names it; the client's text is never inspected any other way.
 */
import { parse } from 'libpg-query';
import { WhereClauseError } from './errors.js';

export type BoolTestKind = 'true' | 'false' | 'unknown';

export type Ast =
  | { readonly kind: 'column'; readonly name: string }
  /** An integer literal (its digits): int4, int8 or numeric depending on size. */
  | { readonly kind: 'integer'; readonly text: string }
  /** A literal with a point or exponent: numeric. */
  | { readonly kind: 'decimal'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'cast'; readonly arg: Ast; readonly typeName: string }
  | { readonly kind: 'and' | 'or'; readonly args: readonly Ast[] }
  | { readonly kind: 'not'; readonly arg: Ast }
  /** A binary operator, or a prefix one when `left` is null. */
  | { readonly kind: 'op'; readonly op: string; readonly left: Ast | null; readonly right: Ast }
  | {
      readonly kind: 'like';
      readonly negated: boolean;
      readonly caseInsensitive: boolean;
      readonly arg: Ast;
      readonly pattern: Ast;
      readonly escape: Ast | null;
    }
  | { readonly kind: 'in'; readonly negated: boolean; readonly arg: Ast; readonly items: readonly Ast[] }
  | {
      readonly kind: 'between';
      readonly negated: boolean;
      readonly symmetric: boolean;
      readonly arg: Ast;
      readonly low: Ast;
      readonly high: Ast;
    }
  | { readonly kind: 'distinct'; readonly negated: boolean; readonly left: Ast; readonly right: Ast }
  | { readonly kind: 'nullTest'; readonly negated: boolean; readonly arg: Ast }
  | { readonly kind: 'boolTest'; readonly test: BoolTestKind; readonly negated: boolean; readonly arg: Ast }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Ast[] };

const PREFIX = 'SELECT 1 WHERE ';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parse node is `{ NodeType: body }`. */
function unwrap(node: unknown): [string, Json] {
  if (!isObject(node)) throw new WhereClauseError('unexpected parser output');
  const keys = Object.keys(node);
  const type = keys[0];
  const body = type === undefined ? undefined : node[type];
  if (keys.length !== 1 || type === undefined || !isObject(body)) throw new WhereClauseError('unexpected parser output');
  return [type, body];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of a name list such as `[{String: {sval: 'pg_catalog'}}, {String: {sval: 'int4'}}]`. */
function names(value: unknown): string[] {
  return list(value).map((item) => {
    const [type, body] = unwrap(item);
    if (type !== 'String') throw new WhereClauseError('unexpected parser output');
    return typeof body.sval === 'string' ? body.sval : '';
  });
}

/** Drops a leading pg_catalog: `pg_catalog.lower` is `lower`. */
function unqualified(parts: string[], what: string): string {
  const rest = parts.length === 2 && parts[0] === 'pg_catalog' ? parts.slice(1) : parts;
  if (rest.length !== 1) throw new WhereClauseError(`${what} ${parts.join('.')} is not supported`);
  return rest[0] as string;
}

const SQL_VALUE_FUNCTIONS: Readonly<Record<string, string>> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

const UNSUPPORTED_NODES: Readonly<Record<string, string>> = {
  SubLink: 'subqueries are not supported',
  A_ArrayExpr: 'arrays are not supported',
  ParamRef: 'parameters ($1, $2, …) are not supported: write the values into the clause',
  CollateClause: 'COLLATE is not supported (text comparisons always use the "C" collation)',
  CaseExpr: 'CASE expressions are not supported',
  CoalesceExpr: 'COALESCE is not supported',
  MinMaxExpr: 'GREATEST and LEAST are not supported',
  RowExpr: 'row constructors are not supported',
  XmlExpr: 'XML expressions are not supported',
  XmlSerialize: 'XML expressions are not supported',
  GroupingFunc: 'aggregate functions are not supported',
  A_Star: '* is not supported here',
};

function convertConst(body: Json): Ast {
  if (body.isnull === true) return { kind: 'null' };
  if (isObject(body.ival)) {
    const value = body.ival.ival;
    return { kind: 'integer', text: String(typeof value === 'number' ? value : 0) };
  }
  if (isObject(body.fval)) {
    const text = String(body.fval.fval ?? '0');
    let integer = text.length > 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (!((ch >= '0' && ch <= '9') || (i === 0 && ch === '-'))) integer = false;
    }
    return integer ? { kind: 'integer', text } : { kind: 'decimal', text };
  }
  if (isObject(body.sval)) return { kind: 'string', value: String(body.sval.sval ?? '') };
  if (isObject(body.boolval)) return { kind: 'bool', value: body.boolval.boolval === true };
  if (isObject(body.bsval)) throw new WhereClauseError('bit-string literals are not supported');
  throw new WhereClauseError('unsupported constant');
}

function convertColumnRef(body: Json): Ast {
  const fields = list(body.fields).map((field) => {
    const [type, inner] = unwrap(field);
    if (type === 'A_Star') return '*';
    return typeof inner.sval === 'string' ? inner.sval : '';
  });
  if (fields.length === 2 && fields[0] === 'this') {
    if (fields[1] === '*') throw new WhereClauseError('this.* is not supported: reference columns as this.<column>');
    return { kind: 'column', name: fields[1] as string };
  }
  if (fields.length === 1) {
    throw new WhereClauseError(`column "${fields[0]}" must be referenced as this.${fields[0]} (columns are referenced as this.<column>)`);
  }
  throw new WhereClauseError(
    `references to other tables are not supported: "${fields.join('.')}" (columns are referenced as this.<column>)`,
  );
}

function convertTypeName(node: unknown): string {
  const [, body] = unwrap(node);
  if (list(body.arrayBounds).length > 0) throw new WhereClauseError('arrays are not supported');
  if (body.setof === true || body.pct_type === true) throw new WhereClauseError('unsupported type name');
  const parts = names(body.names);
  const name = unqualified(parts, 'type');
  if (list(body.typmods).length > 0) {
    throw new WhereClauseError(
      name === 'interval'
        ? "interval field qualifiers are not supported: write interval '1 day' rather than interval '1' day"
        : `type modifiers are not supported: ${name}(…)`,
    );
  }
  return name;
}

const LIKE_OPERATORS: Readonly<Record<string, { negated: boolean; caseInsensitive: boolean }>> = {
  '~~': { negated: false, caseInsensitive: false },
  '!~~': { negated: true, caseInsensitive: false },
  '~~*': { negated: false, caseInsensitive: true },
  '!~~*': { negated: true, caseInsensitive: true },
};

function convertLike(op: string, left: unknown, right: unknown): Ast {
  const flags = LIKE_OPERATORS[op];
  if (!flags) throw new WhereClauseError(`operator ${op} is not supported`);
  let pattern: Ast;
  let escape: Ast | null = null;
  const [type, body] = unwrap(right);
  // `x LIKE p ESCAPE e` arrives as `x LIKE pg_catalog.like_escape(p, e)`.
  const funcName = type === 'FuncCall' ? names(body.funcname).join('.') : '';
  if (funcName === 'pg_catalog.like_escape') {
    const [p, e] = list(body.args);
    pattern = convert(p);
    escape = convert(e);
  } else {
    pattern = convert(right);
  }
  return { kind: 'like', ...flags, arg: convert(left), pattern, escape };
}

function convertAExpr(body: Json): Ast {
  const kind = String(body.kind);
  const opNames = names(body.name);
  const op = opNames.length === 1 ? (opNames[0] as string) : null;
  switch (kind) {
    case 'AEXPR_OP': {
      if (op === null) throw new WhereClauseError('OPERATOR() syntax is not supported');
      if (op in LIKE_OPERATORS) return convertLike(op, body.lexpr, body.rexpr);
      return { kind: 'op', op, left: body.lexpr === undefined ? null : convert(body.lexpr), right: convert(body.rexpr) };
    }
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
      return convertLike(op ?? '', body.lexpr, body.rexpr);
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT':
      return { kind: 'distinct', negated: kind === 'AEXPR_NOT_DISTINCT', left: convert(body.lexpr), right: convert(body.rexpr) };
    case 'AEXPR_IN': {
      const [type, inner] = unwrap(body.rexpr);
      if (type !== 'List') throw new WhereClauseError('IN needs a list of values');
      return { kind: 'in', negated: op === '<>', arg: convert(body.lexpr), items: list(inner.items).map(convert) };
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      const [, inner] = unwrap(body.rexpr);
      const [low, high] = list(inner.items);
      return {
        kind: 'between',
        negated: kind.includes('NOT'),
        symmetric: kind.endsWith('SYM'),
        arg: convert(body.lexpr),
        low: convert(low),
        high: convert(high),
      };
    }
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL':
      throw new WhereClauseError('ANY/ALL are not supported (arrays are not supported); use IN (…)');
    case 'AEXPR_NULLIF':
      throw new WhereClauseError('NULLIF is not supported');
    case 'AEXPR_SIMILAR':
      throw new WhereClauseError('SIMILAR TO is not supported');
    default:
      throw new WhereClauseError(`unsupported expression (${kind})`);
  }
}

function convertFuncCall(body: Json): Ast {
  const parts = names(body.funcname);
  const display = parts.join('.');
  if (body.over !== undefined) throw new WhereClauseError(`window functions are not supported: ${display}() OVER (…)`);
  const aggregate =
    body.agg_star === true ||
    body.agg_distinct === true ||
    body.agg_order !== undefined ||
    body.agg_filter !== undefined ||
    body.agg_within_group === true;
  if (aggregate) {
    throw new WhereClauseError(`aggregate functions are not supported: ${display}()`);
  }
  if (body.func_variadic === true) throw new WhereClauseError('VARIADIC arguments are not supported');
  if (body.funcformat === 'COERCE_SQL_SYNTAX' && display === 'pg_catalog.timezone') {
    throw new WhereClauseError('AT TIME ZONE is not supported');
  }
  const args = list(body.args).map((arg) => {
    if (unwrap(arg)[0] === 'NamedArgExpr') throw new WhereClauseError(`named arguments are not supported (in ${display}())`);
    return convert(arg);
  });
  return { kind: 'call', name: unqualified(parts, 'function'), args };
}

function convert(node: unknown): Ast {
  const [type, body] = unwrap(node);
  switch (type) {
    case 'A_Const':
      return convertConst(body);
    case 'ColumnRef':
      return convertColumnRef(body);
    case 'TypeCast':
      return { kind: 'cast', arg: convert(body.arg), typeName: convertTypeName({ TypeName: body.typeName }) };
    case 'BoolExpr': {
      const args = list(body.args).map(convert);
      if (body.boolop === 'NOT_EXPR') return { kind: 'not', arg: args[0] as Ast };
      return { kind: body.boolop === 'AND_EXPR' ? 'and' : 'or', args };
    }
    case 'A_Expr':
      return convertAExpr(body);
    case 'NullTest':
      return { kind: 'nullTest', negated: body.nulltesttype === 'IS_NOT_NULL', arg: convert(body.arg) };
    case 'BooleanTest': {
      const test = String(body.booltesttype);
      const kind: BoolTestKind = test.endsWith('TRUE') ? 'true' : test.endsWith('FALSE') ? 'false' : 'unknown';
      return { kind: 'boolTest', test: kind, negated: test.startsWith('IS_NOT_'), arg: convert(body.arg) };
    }
    case 'FuncCall':
      return convertFuncCall(body);
    case 'SQLValueFunction': {
      const name = SQL_VALUE_FUNCTIONS[String(body.op)] ?? 'this SQL value function';
      const clock = name.includes('date') || name.includes('time');
      const why = clock || !name.startsWith('current_') ? 'it is not deterministic' : 'it depends on the session';
      throw new WhereClauseError(`${name} is not supported: ${why}`);
    }
    case 'A_Indirection': {
      const subscripts = list(body.indirection).some((item) => unwrap(item)[0] === 'A_Indices');
      throw new WhereClauseError(subscripts ? 'arrays are not supported' : 'field selection is not supported');
    }
    default: {
      const message = UNSUPPORTED_NODES[type];
      if (message) throw new WhereClauseError(message);
      if (type.startsWith('Json')) throw new WhereClauseError('JSON expressions are not supported');
      throw new WhereClauseError(`unsupported expression (${type})`);
    }
  }
}

/** The parts of a SELECT besides `1` and WHERE: any of them means the clause spilled over. */
const SELECT_EXTRAS: Readonly<Record<string, string>> = {
  groupClause: 'GROUP BY',
  havingClause: 'HAVING',
  sortClause: 'ORDER BY',
  limitCount: 'LIMIT',
  limitOffset: 'OFFSET',
  lockingClause: 'FOR UPDATE/SHARE',
  windowClause: 'WINDOW',
  distinctClause: 'DISTINCT',
  intoClause: 'INTO',
  withClause: 'WITH',
  fromClause: 'FROM',
  valuesLists: 'VALUES',
  groupDistinct: 'GROUP BY DISTINCT',
};

/** Whether the text is only whitespace and comments: `SELECT 1 <text>` is then a bare `SELECT 1`. */
async function onlyComments(text: string): Promise<boolean> {
  try {
    const result: unknown = await parse(`SELECT 1\n${text}\n`);
    const statements = isObject(result) ? list(result.stmts) : [];
    if (statements.length !== 1) return false;
    const [type, select] = unwrap((statements[0] as Json).stmt);
    const targets = list(select.targetList);
    const target = targets.length === 1 ? unwrap(targets[0])[1] : undefined;
    const bare = Object.keys(select).every((k) => ['targetList', 'limitOption', 'op'].includes(k));
    return type === 'SelectStmt' && bare && target !== undefined && target.name === undefined;
  } catch {
    return false;
  }
}

async function runParser(text: string): Promise<unknown> {
  const sql = PREFIX + text;
  try {
    return await parse(sql);
  } catch (err) {
    if (await onlyComments(text)) throw new WhereClauseError('the where clause is empty');
    const message = err instanceof Error ? err.message : String(err);
    const details = isObject(err) && isObject(err.sqlDetails) ? err.sqlDetails : undefined;
    const cursor = typeof details?.cursorPosition === 'number' ? details.cursorPosition : -1;
    const where = cursor >= PREFIX.length ? ` at position ${cursor - PREFIX.length + 1}` : '';
    throw new WhereClauseError(`the where clause does not parse: ${message}${where}`, { cause: err });
  }
}

export async function parseWhere(text: string): Promise<Ast> {
  if (text.trim() === '') throw new WhereClauseError('the where clause is empty');
  const result = await runParser(text);
  const statements = isObject(result) ? list(result.stmts) : [];
  if (statements.length !== 1) {
    throw new WhereClauseError('the where clause must be a single expression, not several statements');
  }
  const stmt = (statements[0] as Json).stmt;
  const [type, select] = unwrap(stmt);
  if (type !== 'SelectStmt' || select.op !== 'SETOP_NONE') {
    throw new WhereClauseError('the where clause must be a single expression (UNION, INTERSECT and EXCEPT are not allowed)');
  }
  for (const key of Object.keys(select)) {
    const clause = SELECT_EXTRAS[key];
    if (clause) throw new WhereClauseError(`the where clause must be a single expression: ${clause} is not allowed`);
  }
  if (select.limitOption !== undefined && select.limitOption !== 'LIMIT_OPTION_DEFAULT') {
    throw new WhereClauseError('the where clause must be a single expression: FETCH/LIMIT is not allowed');
  }
  if (select.whereClause === undefined) throw new WhereClauseError('the where clause is empty');
  return convert(select.whereClause);
}
