/**
 * Splits a query string into its statements at top-level semicolons, using
 * the SQL lexer so that semicolons inside strings, quoted identifiers,
 * dollar quotes, comments, parentheses and SQL-standard function bodies
 * (`BEGIN ATOMIC ... END`) do not separate statements.
 *
 * The proxy needs this only when libpg-query cannot parse a whole query
 * string because some statement in it is DDLX, which is not SQL.
 */
import { lexSql, type SqlToken } from './sql-lexer.js';

export interface SqlPiece {
  /** The statement, without its terminating `;` and surrounding whitespace or comments. */
  readonly text: string;
  /** Offset of the statement's first character in the original string. */
  readonly start: number;
  /** Offset just past the statement's last character. */
  readonly end: number;
}

function isWord(token: SqlToken | undefined, word: string): boolean {
  return token !== undefined && token.kind === 'word' && token.value.toLowerCase() === word;
}

export function splitStatements(text: string): SqlPiece[] {
  const { tokens, problem } = lexSql(text);
  const pieces: SqlPiece[] = [];

  let first: SqlToken | null = null;
  let last: SqlToken | null = null;
  let parenDepth = 0;
  // Nesting of BEGIN ATOMIC bodies and the CASE expressions inside them (both close with END).
  let atomicDepth = 0;

  const flush = (): void => {
    if (first !== null && last !== null) {
      pieces.push({ text: text.slice(first.start, last.end), start: first.start, end: last.end });
    }
    first = null;
    last = null;
    parenDepth = 0;
    atomicDepth = 0;
  };

  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.kind === 'punct' && token.value === ';' && parenDepth === 0 && atomicDepth === 0) {
      flush();
      continue;
    }
    first ??= token;
    last = token;
    if (token.kind === 'punct') {
      if (token.value === '(') parenDepth++;
      else if (token.value === ')') parenDepth = Math.max(0, parenDepth - 1);
    } else if (token.kind === 'word' && parenDepth === 0) {
      if (isWord(token, 'begin') && isWord(tokens[k + 1], 'atomic')) atomicDepth++;
      else if (atomicDepth > 0 && isWord(token, 'case')) atomicDepth++;
      else if (atomicDepth > 0 && isWord(token, 'end')) atomicDepth--;
    }
  }

  if (problem !== null) {
    // An unterminated token runs to the end of the text: it belongs to the
    // statement in progress, whose parser will report it.
    const start: number = first === null ? problem.start : (first as SqlToken).start;
    const end = start + text.slice(start).trimEnd().length;
    pieces.push({ text: text.slice(start, end), start, end });
    return pieces;
  }
  flush();
  return pieces;
}
