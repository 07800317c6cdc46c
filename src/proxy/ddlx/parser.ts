/**
 * Recursive-descent parser for DDLX (the grammar of the legacy
 * `electric_ddlx_parser.yrl`, plus comma lists of privileges):
 *
 *   stmt        := ALTER TABLE table (ENABLE | DISABLE) ELECTRIC
 *                | ELECTRIC (ENABLE | DISABLE) table
 *                | ELECTRIC GRANT privileges ON table TO grant_role [USING path] [WHERE '(' expr ')']
 *                | ELECTRIC REVOKE privileges ON table FROM grant_role
 *                | ELECTRIC ASSIGN scoped_role TO column [IF '(' expr ')']
 *                | ELECTRIC UNASSIGN scoped_role FROM column
 *                | ELECTRIC SQLITE string
 *   privileges  := privilege (',' privilege)* ['(' ident (',' ident)* ')']
 *   privilege   := SELECT | INSERT | UPDATE | DELETE | READ | WRITE | ALL [PRIVILEGES]
 *   grant_role  := AUTHENTICATED | ANYONE | scoped_role
 *   scoped_role := role | scope ':' role | '(' scope ',' role ')'
 *   scope       := NULL | table
 *   role        := string | ident ('.' ident){0,2}
 *   table       := ident ['.' ident]
 *   column      := ident '.' ident ['.' ident]
 *   path        := ident ('/' ident)*
 *
 * followed by an optional `;`. Conditions are kept as source text.
 */
import type { SqlToken } from '../sql-lexer.js';
import type {
  AssignRole,
  ColumnRef,
  DdlxStatement,
  Expression,
  GrantRole,
  Privilege,
  Span,
  TableRef,
} from './ast.js';
import { DdlxSyntaxError } from './errors.js';
import { foldIdentifier, isKeyword, isPunct, isReservedWord, tokenizeDdlx } from './tokens.js';

export const DEFAULT_SCHEMA = 'public';

const ALL_PRIVILEGES: readonly Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

const PRIVILEGE_WORDS: Readonly<Record<string, readonly Privilege[]>> = {
  select: ['SELECT'],
  insert: ['INSERT'],
  update: ['UPDATE'],
  delete: ['DELETE'],
  read: ['SELECT'],
  write: ['INSERT', 'UPDATE', 'DELETE'],
  all: ALL_PRIVILEGES,
};

interface Ident {
  readonly value: string;
  readonly span: Span;
}

/** A role as written, before the statement decides what it may be. */
type RawRole =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'path'; readonly parts: readonly Ident[]; readonly span: Span };

interface RawScopedRole {
  /** `undefined` when no scope was written, `null` for an explicit NULL. */
  readonly scope: TableRef | null | undefined;
  readonly role: RawRole;
}

export function parseDdlx(sql: string): DdlxStatement {
  return new Parser(sql, tokenizeDdlx(sql)).statement();
}

class Parser {
  private pos = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: readonly SqlToken[],
  ) {}

  statement(): DdlxStatement {
    const first = this.peek();
    let stmt: DdlxStatement;
    if (isKeyword(first, 'alter')) stmt = this.alterTable();
    else if (isKeyword(first, 'electric')) stmt = this.electric();
    else throw this.syntaxError(first);

    if (isPunct(this.peek(), ';')) this.pos++;
    const rest = this.peek();
    if (rest !== undefined) throw this.syntaxError(rest);
    return stmt;
  }

  // -- statements ------------------------------------------------------------

  private alterTable(): DdlxStatement {
    const start = this.next()!.start;
    this.expectKeyword('table');
    const table = this.tableName();
    const action = this.next();
    if (!isKeyword(action, 'enable') && !isKeyword(action, 'disable')) throw this.syntaxError(action);
    this.expectKeyword('electric');
    const kind = isKeyword(action, 'enable') ? 'enable' : 'disable';
    return { kind, table, syntax: 'alter_table', span: this.spanFrom(start) };
  }

  private electric(): DdlxStatement {
    const start = this.next()!.start;
    const command = this.next();
    if (isKeyword(command, 'enable') || isKeyword(command, 'disable')) {
      const table = this.tableName();
      const kind = isKeyword(command, 'enable') ? 'enable' : 'disable';
      return { kind, table, syntax: 'electric', span: this.spanFrom(start) };
    }
    if (isKeyword(command, 'grant')) return this.grant(start);
    if (isKeyword(command, 'revoke')) return this.revoke(start);
    if (isKeyword(command, 'assign')) return this.assign(start);
    if (isKeyword(command, 'unassign')) return this.unassign(start);
    if (isKeyword(command, 'sqlite')) {
      const literal = this.next();
      if (literal?.kind !== 'string') throw this.syntaxError(literal);
      return { kind: 'sqlite', statement: literal.value, span: this.spanFrom(start) };
    }
    throw this.syntaxError(command);
  }

  private grant(start: number): DdlxStatement {
    const { privileges, columns } = this.privileges();
    this.expectKeyword('on');
    const table = this.tableName();
    this.expectKeyword('to');
    const { role, scope } = this.grantRole('ELECTRIC GRANT');
    let using: string[] | null = null;
    if (isKeyword(this.peek(), 'using')) {
      this.pos++;
      using = [this.ident().value];
      while (this.peek()?.kind === 'operator' && this.peek()?.value === '/') {
        this.pos++;
        using.push(this.ident().value);
      }
    }
    let where: Expression | null = null;
    if (isKeyword(this.peek(), 'where')) {
      this.pos++;
      where = this.condition();
    }
    return { kind: 'grant', privileges, columns, table, role, scope, using, where, span: this.spanFrom(start) };
  }

  private revoke(start: number): DdlxStatement {
    const { privileges, columns } = this.privileges();
    this.expectKeyword('on');
    const table = this.tableName();
    this.expectKeyword('from');
    const { role, scope } = this.grantRole('ELECTRIC REVOKE');
    return { kind: 'revoke', privileges, columns, table, role, scope, span: this.spanFrom(start) };
  }

  private assign(start: number): DdlxStatement {
    const written = this.scopedRole();
    this.expectKeyword('to');
    const user = this.column();
    const { role, scope } = this.assignRole(written, user);
    let condition: Expression | null = null;
    if (isKeyword(this.peek(), 'if')) {
      this.pos++;
      condition = this.condition();
    }
    return { kind: 'assign', role, scope, user, if: condition, span: this.spanFrom(start) };
  }

  private unassign(start: number): DdlxStatement {
    const written = this.scopedRole();
    this.expectKeyword('from');
    const user = this.column();
    const { role, scope } = this.assignRole(written, user);
    return { kind: 'unassign', role, scope, user, span: this.spanFrom(start) };
  }

  // -- privileges ------------------------------------------------------------

  private privileges(): { privileges: Privilege[]; columns: string[] | null } {
    const privileges: Privilege[] = [];
    for (;;) {
      const token = this.next();
      const expanded = token?.kind === 'word' ? PRIVILEGE_WORDS[token.value.toLowerCase()] : undefined;
      if (expanded === undefined) throw this.syntaxError(token);
      if (isKeyword(token, 'all') && isKeyword(this.peek(), 'privileges')) this.pos++;
      for (const p of expanded) if (!privileges.includes(p)) privileges.push(p);
      if (!isPunct(this.peek(), ',')) break;
      this.pos++;
    }
    let columns: string[] | null = null;
    if (isPunct(this.peek(), '(')) {
      this.pos++;
      columns = [this.ident().value];
      while (isPunct(this.peek(), ',')) {
        this.pos++;
        columns.push(this.ident().value);
      }
      this.expectPunct(')');
    }
    return { privileges, columns };
  }

  // -- roles -----------------------------------------------------------------

  private scopedRole(): RawScopedRole {
    const token = this.peek();
    if (isPunct(token, '(')) {
      this.pos++;
      const scope = this.scope();
      this.expectPunct(',');
      const role = this.role();
      this.expectPunct(')');
      return { scope, role };
    }
    if (isKeyword(token, 'null')) {
      this.pos++;
      this.expectPunct(':');
      return { scope: null, role: this.role() };
    }
    const role = this.role();
    if (!isPunct(this.peek(), ':')) return { scope: undefined, role };
    // What we read was the scope of `scope:role`.
    const colon = this.next();
    if (role.kind !== 'path' || role.parts.length > 2) throw this.syntaxError(colon);
    return { scope: this.tableFromParts(role.parts), role: this.role() };
  }

  private scope(): TableRef | null {
    if (isKeyword(this.peek(), 'null')) {
      this.pos++;
      return null;
    }
    return this.tableName();
  }

  private role(): RawRole {
    const token = this.peek();
    if (token?.kind === 'string') {
      this.pos++;
      return { kind: 'string', value: token.value, span: { start: token.start, end: token.end } };
    }
    const parts = this.dottedName(3);
    return { kind: 'path', parts, span: { start: parts[0]!.span.start, end: parts[parts.length - 1]!.span.end } };
  }

  /**
   * A role that may be granted privileges: predefined or named. The legacy
   * service keeps a named role whole here (`'projects:admin'` is one name).
   */
  private grantRole(command: string): { role: GrantRole; scope: TableRef | null } {
    const token = this.peek();
    if (isKeyword(token, 'authenticated') || isKeyword(token, 'anyone')) {
      this.pos++;
      const role = isKeyword(token, 'authenticated') ? 'AUTHENTICATED' : 'ANYONE';
      return { role: { kind: 'predefined', role, span: { start: token!.start, end: token!.end } }, scope: null };
    }
    const { scope, role } = this.scopedRole();
    if (role.kind !== 'string') {
      throw this.error(
        role.span.start,
        `${command} needs a role name in quotes (e.g. 'editor'), AUTHENTICATED or ANYONE, not a column`,
      );
    }
    this.checkRoleName(role.value, role.span);
    return { role: { kind: 'named', name: role.value, span: role.span }, scope: scope ?? null };
  }

  /**
   * A role that users are assigned: a name, possibly `'scope:name'`, or a
   * column of the table that holds the user column.
   */
  private assignRole(written: RawScopedRole, user: ColumnRef): { role: AssignRole; scope: TableRef | null } {
    const { role } = written;
    let scope = written.scope ?? null;
    if (role.kind === 'string') {
      let name = role.value;
      const colon = name.indexOf(':');
      if (colon !== -1) {
        const scopeText = name.slice(0, colon);
        name = name.slice(colon + 1);
        if (scopeText === '' || name === '') throw this.error(role.span.start, `invalid role assignment ${quote(role.value)}`);
        // An explicit scope wins over one inside the name, as in the legacy service.
        if (written.scope === undefined) scope = this.scopeInRoleName(scopeText, role);
      }
      this.checkRoleName(name, role.span);
      return { role: { kind: 'named', name, span: role.span }, scope };
    }
    if (role.parts.length === 1) {
      throw this.error(
        role.span.start,
        `role column ${quote(role.parts[0]!.value)} must be qualified by its table, which must be the table of the user column (e.g. ${user.table.name}.role)`,
      );
    }
    const column = this.columnFromParts(role.parts);
    if (column.table.schema !== user.table.schema || column.table.name !== user.table.name) {
      throw this.error(
        role.span.start,
        `the role column must be in the same table as the user column: ${qualified(column.table)} is not ${qualified(user.table)}`,
      );
    }
    return { role: { kind: 'column', column, span: role.span }, scope };
  }

  /** The `scope` of a `'scope:name'` role, itself a table name written inside the string. */
  private scopeInRoleName(text: string, role: RawRole): TableRef {
    let parsed: TableRef | null = null;
    try {
      const inner = new Parser(text, tokenizeDdlx(text));
      const table = inner.tableName();
      if (inner.peek() === undefined) parsed = table;
    } catch (err) {
      if (!(err instanceof DdlxSyntaxError)) throw err;
    }
    if (parsed === null) throw this.error(role.span.start, `invalid scope ${quote(text)} in role ${quote(role.kind === 'string' ? role.value : text)}`);
    return { schema: parsed.schema, name: parsed.name, span: role.span };
  }

  private checkRoleName(name: string, span: Span): void {
    if (name.trim() === '') throw this.error(span.start, `invalid role assignment ${quote(name)}: a role name cannot be empty`);
  }

  // -- names -----------------------------------------------------------------

  private tableName(): TableRef {
    return this.tableFromParts(this.dottedName(2));
  }

  private column(): ColumnRef {
    const parts = this.dottedName(3);
    if (parts.length < 2) {
      // A column must be qualified by its table: point at what follows.
      throw this.syntaxError(this.peek(), parts.length === 1 ? 'expected "." and a column after the table name' : undefined);
    }
    return this.columnFromParts(parts);
  }

  private dottedName(max: number): Ident[] {
    const parts = [this.ident()];
    while (parts.length < max && isPunct(this.peek(), '.')) {
      this.pos++;
      parts.push(this.ident());
    }
    return parts;
  }

  private tableFromParts(parts: readonly Ident[]): TableRef {
    const span = { start: parts[0]!.span.start, end: parts[parts.length - 1]!.span.end };
    if (parts.length === 1) return { schema: DEFAULT_SCHEMA, name: parts[0]!.value, span };
    return { schema: parts[0]!.value, name: parts[1]!.value, span };
  }

  private columnFromParts(parts: readonly Ident[]): ColumnRef {
    const table = this.tableFromParts(parts.slice(0, -1));
    const last = parts[parts.length - 1]!;
    return { table, column: last.value, span: { start: parts[0]!.span.start, end: last.span.end } };
  }

  private ident(): Ident {
    const token = this.next();
    if (token?.kind === 'quoted_ident') return { value: token.value, span: { start: token.start, end: token.end } };
    if (token?.kind === 'word' && !isReservedWord(token.value)) {
      return { value: foldIdentifier(token.value), span: { start: token.start, end: token.end } };
    }
    throw this.syntaxError(token);
  }

  // -- conditions ------------------------------------------------------------

  /** `'(' expr ')'`, kept as the exact text between the parentheses. */
  private condition(): Expression {
    const open = this.next();
    if (!isPunct(open, '(')) throw this.syntaxError(open);
    const firstInner = this.pos;
    let depth = 1;
    let close: SqlToken | undefined;
    while (close === undefined) {
      const token = this.next();
      if (token === undefined || isPunct(token, ';')) throw this.syntaxError(token);
      if (isPunct(token, '(')) depth++;
      else if (isPunct(token, ')') && --depth === 0) close = token;
    }
    const inner = this.tokens.slice(firstInner, this.pos - 1);
    if (inner.length === 0) throw this.syntaxError(close, 'a condition cannot be empty');
    const span = { start: inner[0]!.start, end: inner[inner.length - 1]!.end };
    return { text: this.sql.slice(span.start, span.end), span };
  }

  // -- tokens ----------------------------------------------------------------

  private peek(): SqlToken | undefined {
    return this.tokens[this.pos];
  }

  private next(): SqlToken | undefined {
    const token = this.tokens[this.pos];
    if (token !== undefined) this.pos++;
    return token;
  }

  private expectKeyword(keyword: string): SqlToken {
    const token = this.next();
    if (!isKeyword(token, keyword)) throw this.syntaxError(token);
    return token!;
  }

  private expectPunct(punct: string): SqlToken {
    const token = this.next();
    if (!isPunct(token, punct)) throw this.syntaxError(token);
    return token!;
  }

  /** From `start` to the end of the last token consumed. */
  private spanFrom(start: number): Span {
    const last = this.tokens[this.pos - 1];
    return { start, end: last === undefined ? start : last.end };
  }

  /** Postgres' wording: `syntax error at or near "X"` / `at end of input`. */
  private syntaxError(token: SqlToken | undefined, hint?: string): DdlxSyntaxError {
    const where = token === undefined ? 'at end of input' : `at or near "${token.text}"`;
    const offset = token === undefined ? this.sql.length : token.start;
    return this.error(offset, `syntax error ${where}${hint === undefined ? '' : `: ${hint}`}`);
  }

  private error(offset: number, message: string): DdlxSyntaxError {
    return new DdlxSyntaxError(this.sql, offset, message);
  }
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function qualified(name: { schema: string; name: string }): string {
  return `${JSON.stringify(name.schema)}.${JSON.stringify(name.name)}`;
}
