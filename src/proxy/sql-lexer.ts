/**
 * A lexer for Postgres SQL text, following the token rules of Postgres' own
 * scanner (scan.l) closely enough to find statement boundaries and to feed
 * the DDLX parser: identifiers (unquoted, "quoted", U&"unicode"), strings
 * ('standard', E'escape', B'', X'', N'', U&'', $tag$dollar$tag$), numbers,
 * positional parameters, operators and punctuation. Whitespace and comments
 * (`--` to end of line, nested `/* *\/`) are skipped.
 *
 * Pure: no I/O. Offsets are UTF-16 indices into the input string.
 */

export type SqlTokenKind =
  /** Unquoted word: identifier or keyword. `value` keeps the source spelling. */
  | 'word'
  /** "Quoted" identifier; `value` is the name with `""` undoubled. */
  | 'quoted_ident'
  /** Any string literal; `value` is its content (escapes resolved where simple). */
  | 'string'
  | 'number'
  /** `$1`, `$2`, ... */
  | 'param'
  /** Single-character punctuation: `( ) [ ] , ; . :` and the `::` cast. */
  | 'punct'
  /** A run of operator characters (`=`, `<>`, `>=`, `||`, `->>`, ...). */
  | 'operator';

export type StringFlavour = 'standard' | 'escape' | 'dollar' | 'bit' | 'hex' | 'national' | 'unicode';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** Source text of the token, exactly as written. */
  readonly text: string;
  readonly value: string;
  readonly start: number;
  /** Offset just past the token. */
  readonly end: number;
  /** For strings only. */
  readonly flavour?: StringFlavour;
}

export type SqlLexErrorKind =
  | 'unterminated_string'
  | 'unterminated_quoted_identifier'
  | 'unterminated_dollar_string'
  | 'unterminated_comment'
  | 'zero_length_identifier';

/** A problem found while scanning; `start` is where the offending token begins. */
export interface SqlLexProblem {
  readonly kind: SqlLexErrorKind;
  readonly start: number;
  readonly message: string;
}

export interface SqlLexResult {
  readonly tokens: SqlToken[];
  /** Set when scanning stopped early; the tokens before it are complete. */
  readonly problem: SqlLexProblem | null;
  /** Where scanning stopped: the end of the text, or the first token start at or past `until`. */
  readonly next: number;
}

export interface SqlLexWindow {
  /** Where to start (a token boundary). */
  readonly from?: number;
  /** No token starting at or after this offset is scanned (a token begun before it is scanned whole). */
  readonly until?: number;
}

const OPERATOR_CHARS = new Set('~!@#^&|`?+-*/%<>=');
const PUNCT_CHARS = new Set('()[],;.:');

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Postgres treats every non-ASCII character as a letter in identifiers. */
export function isIdentStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c.charCodeAt(0) >= 0x80;
}

export function isIdentChar(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c) || c === '$';
}

/** Dollar-quote tags are identifiers without `$`. */
function isTagChar(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Postgres quotes the rest of the input after "at or near"; the first 40 characters say enough. */
function near(text: string): string {
  return text.length > 40 ? text.slice(0, 40) : text;
}

export function lexSql(sql: string, window: SqlLexWindow = {}): SqlLexResult {
  const tokens: SqlToken[] = [];
  const n = sql.length;
  const until = Math.min(window.until ?? n, n);
  let i = window.from ?? 0;

  const fail = (kind: SqlLexErrorKind, start: number, what: string): SqlLexResult => ({
    tokens,
    problem: { kind, start, message: `${what} at or near "${near(sql.slice(start))}"` },
    next: n,
  });

  while (i < until) {
    const c = sql[i]!;
    const next = sql[i + 1];

    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const start = i;
      let depth = 0;
      while (i < n) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else {
          i++;
        }
      }
      if (depth !== 0) return fail('unterminated_comment', start, 'unterminated /* comment');
      continue;
    }

    const start = i;

    // Prefixed strings and identifiers: E'..', B'..', X'..', N'..', U&'..', U&"..".
    const upper = c.toUpperCase();
    if ((upper === 'E' || upper === 'B' || upper === 'X' || upper === 'N') && next === "'") {
      const flavour: StringFlavour =
        upper === 'E' ? 'escape' : upper === 'B' ? 'bit' : upper === 'X' ? 'hex' : 'national';
      const scanned = flavour === 'escape' ? scanEscapeString(sql, i + 1) : scanQuoted(sql, i + 1, "'");
      if (scanned === null) return fail('unterminated_string', start, 'unterminated quoted string');
      tokens.push({ kind: 'string', text: sql.slice(start, scanned.end), value: scanned.value, start, end: scanned.end, flavour });
      i = scanned.end;
      continue;
    }
    if (upper === 'U' && next === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const quote = sql[i + 2]!;
      const scanned = scanQuoted(sql, i + 2, quote);
      if (scanned === null) {
        return quote === "'"
          ? fail('unterminated_string', start, 'unterminated quoted string')
          : fail('unterminated_quoted_identifier', start, 'unterminated quoted identifier');
      }
      // Unicode escapes are left as written: nothing here needs their value.
      const kind = quote === "'" ? 'string' : 'quoted_ident';
      const token: SqlToken = { kind, text: sql.slice(start, scanned.end), value: scanned.value, start, end: scanned.end };
      tokens.push(kind === 'string' ? { ...token, flavour: 'unicode' } : token);
      i = scanned.end;
      continue;
    }

    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(sql[j])) j++;
      const text = sql.slice(i, j);
      tokens.push({ kind: 'word', text, value: text, start, end: j });
      i = j;
      continue;
    }

    if (c === "'") {
      const scanned = scanQuoted(sql, i, "'");
      if (scanned === null) return fail('unterminated_string', start, 'unterminated quoted string');
      tokens.push({ kind: 'string', text: sql.slice(start, scanned.end), value: scanned.value, start, end: scanned.end, flavour: 'standard' });
      i = scanned.end;
      continue;
    }

    if (c === '"') {
      const scanned = scanQuoted(sql, i, '"');
      if (scanned === null) return fail('unterminated_quoted_identifier', start, 'unterminated quoted identifier');
      if (scanned.value === '') return fail('zero_length_identifier', start, 'zero-length delimited identifier');
      tokens.push({ kind: 'quoted_ident', text: sql.slice(start, scanned.end), value: scanned.value, start, end: scanned.end });
      i = scanned.end;
      continue;
    }

    if (c === '$') {
      if (isDigit(next)) {
        let j = i + 1;
        while (j < n && isDigit(sql[j])) j++;
        tokens.push({ kind: 'param', text: sql.slice(i, j), value: sql.slice(i + 1, j), start, end: j });
        i = j;
        continue;
      }
      // $tag$ where the tag may be empty and must not start with a digit.
      let j = i + 1;
      if (isIdentStart(sql[j])) {
        while (j < n && isTagChar(sql[j])) j++;
      }
      if (sql[j] === '$') {
        const delimiter = sql.slice(i, j + 1);
        const bodyStart = j + 1;
        const close = sql.indexOf(delimiter, bodyStart);
        if (close === -1) return fail('unterminated_dollar_string', start, 'unterminated dollar-quoted string');
        const end = close + delimiter.length;
        tokens.push({ kind: 'string', text: sql.slice(start, end), value: sql.slice(bodyStart, close), start, end, flavour: 'dollar' });
        i = end;
        continue;
      }
      // A lone `$` is not valid SQL; let the parser complain about it.
      tokens.push({ kind: 'operator', text: '$', value: '$', start, end: i + 1 });
      i++;
      continue;
    }

    if (isDigit(c) || (c === '.' && isDigit(next))) {
      const end = scanNumber(sql, i);
      const text = sql.slice(i, end);
      tokens.push({ kind: 'number', text, value: text, start, end });
      i = end;
      continue;
    }

    if (c === ':' && next === ':') {
      tokens.push({ kind: 'punct', text: '::', value: '::', start, end: i + 2 });
      i += 2;
      continue;
    }
    if (PUNCT_CHARS.has(c)) {
      tokens.push({ kind: 'punct', text: c, value: c, start, end: i + 1 });
      i++;
      continue;
    }

    if (OPERATOR_CHARS.has(c)) {
      let j = i + 1;
      // An operator run stops where a comment starts.
      while (j < n && OPERATOR_CHARS.has(sql[j]!) && !startsComment(sql, j)) j++;
      const text = sql.slice(i, j);
      tokens.push({ kind: 'operator', text, value: text, start, end: j });
      i = j;
      continue;
    }

    // Anything else (e.g. a stray backslash) stands alone for the parser to reject.
    tokens.push({ kind: 'operator', text: c, value: c, start, end: i + 1 });
    i++;
  }

  return { tokens, problem: null, next: i };
}

function startsComment(sql: string, at: number): boolean {
  const two = sql.slice(at, at + 2);
  return two === '--' || two === '/*';
}

interface Scanned {
  readonly value: string;
  readonly end: number;
}

/** A quoted token where the quote is escaped by doubling it; `at` is the opening quote. */
function scanQuoted(sql: string, at: number, quote: string): Scanned | null {
  let value = '';
  let i = at + 1;
  for (;;) {
    const close = sql.indexOf(quote, i);
    if (close === -1) return null;
    value += sql.slice(i, close);
    if (sql[close + 1] === quote) {
      value += quote;
      i = close + 2;
      continue;
    }
    return { value, end: close + 1 };
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** E'...': backslash escapes, and `''` too; `at` is the opening quote. */
function scanEscapeString(sql: string, at: number): Scanned | null {
  let value = '';
  let i = at + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\\') {
      const e = sql[i + 1];
      if (e === undefined) return null;
      const octal = /^[0-7]{1,3}/.exec(sql.slice(i + 1, i + 4));
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(sql.slice(i + 1, i + 4));
      const uni = /^(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/.exec(sql.slice(i + 1, i + 10));
      if (octal) {
        value += String.fromCharCode(parseInt(octal[0], 8));
        i += 1 + octal[0].length;
      } else if (hex) {
        value += String.fromCharCode(parseInt(hex[1]!, 16));
        i += 1 + hex[0].length;
      } else if (uni) {
        value += String.fromCodePoint(parseInt(uni[0].slice(1), 16));
        i += 1 + uni[0].length;
      } else {
        value += SIMPLE_ESCAPES[e] ?? e;
        i += 2;
      }
      continue;
    }
    if (c === "'") {
      if (sql[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
  return null;
}

/** Decimal numbers with optional fraction and exponent, and 0x/0o/0b integers; `_` separators allowed. */
function scanNumber(sql: string, at: number): number {
  let i = at;
  const digits = (test: (c: string | undefined) => boolean): void => {
    while (test(sql[i]) || (sql[i] === '_' && test(sql[i + 1]))) i++;
  };
  if (sql[i] === '0' && /[xXoObB]/.test(sql[i + 1] ?? '')) {
    const radix = sql[i + 1]!.toLowerCase();
    const test =
      radix === 'x'
        ? (c: string | undefined) => c !== undefined && /[0-9a-fA-F]/.test(c)
        : radix === 'o'
          ? (c: string | undefined) => c !== undefined && c >= '0' && c <= '7'
          : (c: string | undefined) => c === '0' || c === '1';
    if (test(sql[i + 2])) {
      i += 2;
      digits(test);
      return i;
    }
  }
  digits(isDigit);
  // `1..2` is not a fraction (Postgres reads `1` then `..`).
  if (sql[i] === '.' && sql[i + 1] !== '.') {
    i++;
    digits(isDigit);
  }
  if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql[i + 1]) || ((sql[i + 1] === '+' || sql[i + 1] === '-') && isDigit(sql[i + 2])))) {
    i += 2;
    digits(isDigit);
  }
  return i;
}
