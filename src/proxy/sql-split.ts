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

function isWord(token: SqlToken | undefined | null, word: string): boolean {
  return token != null && token.kind === 'word' && token.value.toLowerCase() === word;
}

export function splitStatements(text: string): SqlPiece[] {
  return new StatementScanner(text).next(Infinity);
}

/**
 * The splitter as a resumable scan, so that a huge query (a seed file of
 * many megabytes) can be split a window at a time, the event loop free in
 * between.
 */
export class StatementScanner {
  private position = 0;
  private finished = false;
  private first: SqlToken | null = null;
  private last: SqlToken | null = null;
  private parenDepth = 0;
  // Nesting of BEGIN ATOMIC bodies and the CASE expressions inside them (both close with END).
  private atomicDepth = 0;

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.finished;
  }

  /** Scans about `chars` more characters (whole tokens); returns the statements completed. */
  next(chars: number): SqlPiece[] {
    if (this.finished) return [];
    const text = this.text;
    const pieces: SqlPiece[] = [];
    const until = chars === Infinity ? text.length : this.position + chars;
    const { tokens, problem, next } = lexSql(text, { from: this.position, until });
    this.position = next;

    for (const token of tokens) {
      if (token.kind === 'punct' && token.value === ';' && this.parenDepth === 0 && this.atomicDepth === 0) {
        this.endStatement(pieces);
        continue;
      }
      const previous = this.last;
      this.first ??= token;
      this.last = token;
      if (token.kind === 'punct') {
        if (token.value === '(') this.parenDepth++;
        else if (token.value === ')') this.parenDepth = Math.max(0, this.parenDepth - 1);
      } else if (token.kind === 'word' && this.parenDepth === 0) {
        if (isWord(token, 'atomic') && isWord(previous, 'begin')) this.atomicDepth++;
        else if (this.atomicDepth > 0 && isWord(token, 'case')) this.atomicDepth++;
        else if (this.atomicDepth > 0 && isWord(token, 'end')) this.atomicDepth--;
      }
    }

    if (problem !== null) {
      // An unterminated token runs to the end of the text: it belongs to the
      // statement in progress, whose parser will report it.
      const start: number = this.first === null ? problem.start : this.first.start;
      const end = start + text.slice(start).trimEnd().length;
      pieces.push({ text: text.slice(start, end), start, end });
      this.finished = true;
      return pieces;
    }
    if (this.position >= text.length) {
      this.endStatement(pieces);
      this.finished = true;
    }
    return pieces;
  }

  private endStatement(pieces: SqlPiece[]): void {
    if (this.first !== null && this.last !== null) {
      pieces.push({ text: this.text.slice(this.first.start, this.last.end), start: this.first.start, end: this.last.end });
    }
    this.first = null;
    this.last = null;
    this.parenDepth = 0;
    this.atomicDepth = 0;
  }
}
