/**
 * DDLX tokens: the SQL lexer's tokens, with lexing problems turned into
 * DdlxSyntaxErrors and the identifier rules Postgres applies to names.
 */
import { lexSql, type SqlToken } from '../sql-lexer.js';
import { DdlxSyntaxError } from './errors.js';

export type { SqlToken as DdlxToken } from '../sql-lexer.js';

export function tokenizeDdlx(sql: string): SqlToken[] {
  const { tokens, problem } = lexSql(sql);
  if (problem !== null) throw new DdlxSyntaxError(sql, problem.start, problem.message);
  return tokens;
}

/**
 * Postgres folds unquoted identifiers to lower case ASCII only (in a UTF-8
 * database other letters are kept as written).
 */
export function foldIdentifier(word: string): string {
  return word.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/**
 * Postgres' reserved key words (including those allowed only as function or
 * type names): they cannot name a table or column unless quoted.
 */
const RESERVED = new Set(
  [
    'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization',
    'binary', 'both', 'case', 'cast', 'check', 'collate', 'collation', 'column', 'concurrently',
    'constraint', 'create', 'cross', 'current_catalog', 'current_date', 'current_role',
    'current_schema', 'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable',
    'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'freeze',
    'from', 'full', 'grant', 'group', 'having', 'ilike', 'in', 'initially', 'inner', 'intersect',
    'into', 'is', 'isnull', 'join', 'lateral', 'leading', 'left', 'like', 'limit', 'localtime',
    'localtimestamp', 'natural', 'not', 'notnull', 'null', 'offset', 'on', 'only', 'or', 'order',
    'outer', 'overlaps', 'placing', 'primary', 'references', 'returning', 'right', 'select',
    'session_user', 'similar', 'some', 'symmetric', 'system_user', 'table', 'tablesample', 'then',
    'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'verbose', 'when',
    'where', 'window', 'with',
  ],
);

export function isReservedWord(word: string): boolean {
  return RESERVED.has(word.toLowerCase());
}

/** True for an unquoted word spelling `keyword` (case-insensitive). */
export function isKeyword(token: SqlToken | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === 'word' && token.value.toLowerCase() === keyword.toLowerCase();
}

export function isPunct(token: SqlToken | undefined, punct: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.value === punct;
}
