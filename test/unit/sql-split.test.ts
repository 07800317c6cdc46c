import { describe, expect, it } from 'vitest';
import { lexSql } from '../../src/proxy/sql-lexer.js';
import { splitStatements } from '../../src/proxy/sql-split.js';

const texts = (sql: string): string[] => splitStatements(sql).map((p) => p.text);

describe('splitStatements', () => {
  it('splits at top-level semicolons, trims, drops empty statements and keeps offsets', () => {
    const sql = '  CREATE TABLE a (id text PRIMARY KEY);\n\n ;; SELECT 1 ;\nSELECT 2  ';
    const pieces = splitStatements(sql);
    expect(pieces.map((p) => p.text)).toEqual(['CREATE TABLE a (id text PRIMARY KEY)', 'SELECT 1', 'SELECT 2']);
    for (const p of pieces) expect(sql.slice(p.start, p.end)).toBe(p.text);
    expect(pieces[0]!.start).toBe(2);
  });

  it('returns nothing for whitespace and comments only', () => {
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements(' ;\n -- nothing here;\n /* or; here */ ; ')).toEqual([]);
  });

  it('ignores semicolons in single-quoted strings, with doubled quotes', () => {
    expect(texts("INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT ';'")).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
      "SELECT ';'",
    ]);
  });

  it('treats a backslash as an ordinary character in standard strings', () => {
    // With standard_conforming_strings, 'a\' is a complete string.
    expect(texts("SELECT 'a\\'; SELECT 2")).toEqual(["SELECT 'a\\'", 'SELECT 2']);
  });

  it('honours backslash escapes in E-strings', () => {
    expect(texts("SELECT E'it\\'s; \\\\'; SELECT e'x\\';y'; SELECT 3")).toEqual([
      "SELECT E'it\\'s; \\\\'",
      "SELECT e'x\\';y'",
      'SELECT 3',
    ]);
  });

  it('ignores semicolons in quoted identifiers', () => {
    expect(texts('CREATE TABLE "a;b" ("x;""y" text); SELECT 1')).toEqual(['CREATE TABLE "a;b" ("x;""y" text)', 'SELECT 1']);
  });

  it('ignores semicolons in dollar-quoted strings, with and without tags', () => {
    const fn = `CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END; $$ LANGUAGE plpgsql`;
    const tagged = `DO $body$ BEGIN PERFORM 1; RAISE NOTICE '$$;'; END $body$`;
    expect(texts(`${fn};${tagged}; SELECT $1::int`)).toEqual([fn, tagged, 'SELECT $1::int']);
  });

  it('does not take an identifier containing $ for a dollar quote', () => {
    expect(texts('SELECT a$b$ FROM t; SELECT 2')).toEqual(['SELECT a$b$ FROM t', 'SELECT 2']);
  });

  it('ignores semicolons in line comments and nested block comments', () => {
    const sql = `-- first; comment
SELECT 1 /* a; /* nested; */ still; comment */ + 1; -- trailing; comment
SELECT 2`;
    expect(texts(sql)).toEqual(['SELECT 1 /* a; /* nested; */ still; comment */ + 1', 'SELECT 2']);
  });

  it('does not split inside parentheses', () => {
    expect(texts('SELECT (1; 2); SELECT 3')).toEqual(['SELECT (1; 2)', 'SELECT 3']);
  });

  it('keeps a SQL-standard function body (BEGIN ATOMIC ... END) whole, CASE ... END included', () => {
    const fn = `CREATE OR REPLACE FUNCTION grade(x int) RETURNS text LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN x > 1 THEN 'a;' ELSE 'b' END;
  SELECT 'done';
END`;
    expect(texts(`${fn}; BEGIN; SELECT 1; COMMIT;`)).toEqual([fn, 'BEGIN', 'SELECT 1', 'COMMIT']);
  });

  it('separates DDLX from the SQL around it', () => {
    const sql = `CREATE TABLE items (id uuid PRIMARY KEY, name text);
ALTER TABLE items ENABLE ELECTRIC;
ELECTRIC GRANT READ ON items TO 'reader' WHERE (name <> ';');
ELECTRIC SQLITE $sqlite$CREATE INDEX x ON items (name); SELECT 1;$sqlite$;
CALL electric.electrify('other')`;
    expect(texts(sql)).toEqual([
      'CREATE TABLE items (id uuid PRIMARY KEY, name text)',
      'ALTER TABLE items ENABLE ELECTRIC',
      "ELECTRIC GRANT READ ON items TO 'reader' WHERE (name <> ';')",
      'ELECTRIC SQLITE $sqlite$CREATE INDEX x ON items (name); SELECT 1;$sqlite$',
      "CALL electric.electrify('other')",
    ]);
  });

  it('gives an unterminated string with the rest of the text to the statement it is in', () => {
    const pieces = splitStatements("SELECT 1; SELECT 'oops; SELECT 2;  ");
    expect(pieces.map((p) => p.text)).toEqual(['SELECT 1', "SELECT 'oops; SELECT 2;"]);
    expect(texts('SELECT 1; /* never closed; SELECT 2')).toEqual(['SELECT 1', '/* never closed; SELECT 2']);
  });

  it('measures offsets in the original string around non-ASCII text', () => {
    const sql = "SELECT 'häßlich 😀'; SELECT 2";
    const [a, b] = splitStatements(sql);
    expect(sql.slice(a!.start, a!.end)).toBe("SELECT 'häßlich 😀'");
    expect(sql.slice(b!.start, b!.end)).toBe('SELECT 2');
  });
});

describe('lexSql', () => {
  it('reads strings of every flavour with their values', () => {
    const { tokens, problem } = lexSql(`'a''b' E'c\\nd\\'' $$e'f$$ $t$g$$h$t$ B'101' X'ff' U&'\\0041'`);
    expect(problem).toBeNull();
    expect(tokens.map((t) => [t.kind, t.flavour, t.value])).toEqual([
      ['string', 'standard', "a'b"],
      ['string', 'escape', "c\nd'"],
      ['string', 'dollar', "e'f"],
      ['string', 'dollar', 'g$$h'],
      ['string', 'bit', '101'],
      ['string', 'hex', 'ff'],
      ['string', 'unicode', '\\0041'],
    ]);
  });

  it('reads numbers, parameters, casts and operators', () => {
    const { tokens } = lexSql('1.5e3 .5 0x1F 1_000 $2 a::text <> >= -- gone\n!=');
    expect(tokens.map((t) => t.text)).toEqual(['1.5e3', '.5', '0x1F', '1_000', '$2', 'a', '::', 'text', '<>', '>=', '!=']);
    expect(tokens.map((t) => t.kind)).toEqual([
      'number', 'number', 'number', 'number', 'param', 'word', 'punct', 'word', 'operator', 'operator', 'operator',
    ]);
  });

  it('stops at an unterminated token and says where it began', () => {
    expect(lexSql("SELECT 'abc").problem).toMatchObject({ kind: 'unterminated_string', start: 7 });
    expect(lexSql('SELECT "abc').problem).toMatchObject({ kind: 'unterminated_quoted_identifier', start: 7 });
    expect(lexSql('SELECT $q$abc$').problem).toMatchObject({ kind: 'unterminated_dollar_string', start: 7 });
    expect(lexSql('SELECT /* /* */').problem).toMatchObject({ kind: 'unterminated_comment', start: 7 });
    expect(lexSql('SELECT ""').problem).toMatchObject({ kind: 'zero_length_identifier', start: 7 });
  });
});
