/**
 * Text semantics, as Postgres has them under the `C` collation in a UTF-8
 * database: strings order by code point (UTF-8 byte order), and case mapping
 * (lower, upper, ILIKE) touches ASCII letters only. The generated SQL pins
 * `COLLATE "C"` on every text comparison and case mapping, so Postgres and
 * this module agree whatever the database's default collation is.
 */
import { ValueError } from './errors.js';

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

export function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

export function allDigits(text: string): boolean {
  if (text === '') return false;
  for (const ch of text) if (!isDigit(ch)) return false;
  return true;
}

export function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

export function trimTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits[end - 1] === '0') end--;
  return digits.slice(0, end);
}

/** Postgres' isspace(): the whitespace its input functions skip. */
export function isPgSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

export function trimPgSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPgSpace(text[start])) start++;
  while (end > start && isPgSpace(text[end - 1])) end--;
  return text.slice(start, end);
}

/** Code-point order (JS `<` compares UTF-16 units, which differs past U+FFFF). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate (a code point above U+FFFF) sorts after every BMP unit.
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function asciiLower(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : ch;
  }
  return out;
}

export function asciiUpper(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 32) : ch;
  }
  return out;
}

/** Characters, not UTF-16 units: Postgres' length(text). */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Postgres' like_escape(): rewrites a pattern with a custom ESCAPE character
 * into the backslash-escaped form LIKE works on. An empty escape turns
 * escaping off.
 */
export function likeEscape(pattern: string, escape: string): string {
  const esc = [...escape];
  if (esc.length > 1) throw new ValueError('invalid escape string (it must be empty or one character)');
  if (esc.length === 0) return pattern.split('\\').join('\\\\');
  if (esc[0] === '\\') return pattern;
  let out = '';
  let afterEscape = false;
  for (const ch of pattern) {
    if (ch === esc[0] && !afterEscape) {
      out += '\\';
      afterEscape = true;
    } else if (ch === '\\') {
      out += afterEscape ? '\\' : '\\\\';
      afterEscape = false;
    } else {
      out += ch;
      afterEscape = false;
    }
  }
  return out;
}

const LIKE_TRUE = 1;
const LIKE_FALSE = 0;
const LIKE_ABORT = -1;

/**
 * A port of Postgres' MatchText (like_match.c) over code points, so that
 * even its quirks agree: a pattern ending in a lone backslash is an error
 * only if matching reaches it.
 */
function matchText(t: readonly string[], ti: number, p: readonly string[], pi: number): number {
  if (p.length - pi === 1 && p[pi] === '%') return LIKE_TRUE;
  while (ti < t.length && pi < p.length) {
    const pc = p[pi];
    if (pc === '\\') {
      pi++;
      if (pi >= p.length) throw new ValueError('LIKE pattern must not end with escape character');
      if (p[pi] !== t[ti]) return LIKE_FALSE;
    } else if (pc === '%') {
      pi++;
      while (pi < p.length) {
        if (p[pi] === '%') pi++;
        else if (p[pi] === '_') {
          if (ti >= t.length) return LIKE_ABORT;
          ti++;
          pi++;
        } else break;
      }
      if (pi >= p.length) return LIKE_TRUE;
      let first: string | undefined;
      if (p[pi] === '\\') {
        if (p.length - pi < 2) throw new ValueError('LIKE pattern must not end with escape character');
        first = p[pi + 1];
      } else first = p[pi];
      while (ti < t.length) {
        if (t[ti] === first) {
          const matched = matchText(t, ti, p, pi);
          if (matched !== LIKE_FALSE) return matched;
        }
        ti++;
      }
      return LIKE_ABORT;
    } else if (pc === '_') {
      ti++;
      pi++;
      continue;
    } else if (pc !== t[ti]) {
      return LIKE_FALSE;
    }
    ti++;
    pi++;
  }
  if (ti < t.length) return LIKE_FALSE;
  while (pi < p.length && p[pi] === '%') pi++;
  return pi >= p.length ? LIKE_TRUE : LIKE_ABORT;
}

/** `text LIKE pattern` with the pattern in backslash-escape form. */
export function like(text: string, pattern: string): boolean {
  return matchText([...text], 0, [...pattern], 0) === LIKE_TRUE;
}

/** ILIKE lowercases both sides first (ASCII only under the C collation). */
export function ilike(text: string, pattern: string): boolean {
  return like(asciiLower(text), asciiLower(pattern));
}
