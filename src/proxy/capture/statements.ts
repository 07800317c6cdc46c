/**
 * What the proxy must do with each statement of a client's query, decided
 * from the real Postgres parser's tree (libpg-query). DDLX is not SQL: a
 * query the parser refuses is split lexically and its DDLX pieces go to the
 * DDLX grammar.
 */
import { loadModule, parseSync } from 'libpg-query';
import { looksLikeDdlx, parseDdlx, type DdlxStatement } from '../ddlx/index.js';
import { StatementScanner, splitStatements, type SqlPiece } from '../sql-split.js';
import { frameworkVersionOf, type VersionSource } from './framework-version.js';

export interface TableName {
  /** null: unqualified, resolved through the session's search_path. */
  readonly schema: string | null;
  readonly name: string;
}

export type StatementPlan =
  /** Nothing to do: relay to Postgres. */
  | { readonly kind: 'plain' }
  | { readonly kind: 'transaction'; readonly action: 'begin' | 'commit' | 'rollback' | 'other' }
  /** DEALLOCATE and DISCARD ALL: relayed; once done, the proxy forgets the statements (and portals) Postgres dropped. */
  | { readonly kind: 'forget'; readonly statement: string | null; readonly portals: boolean }
  /** DDL that is checked (and maybe captured) when it names an electrified table. */
  | { readonly kind: 'table-ddl'; readonly tables: readonly TableName[]; readonly node: AstNode; readonly nodeType: string }
  | { readonly kind: 'ddlx'; readonly ddlx: DdlxStatement }
  | { readonly kind: 'framework-version'; readonly source: VersionSource }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string; readonly position?: number };

export interface Statement {
  readonly sql: string;
  /** 0-based character offset of the statement in the query text. */
  readonly offset: number;
  readonly plan: StatementPlan;
}

/** A query the proxy cannot split: Postgres gets it unchanged and reports the error itself. */
export interface Unparsed {
  readonly kind: 'unparsed';
}

/** A DDLX statement with a syntax error, reported by the proxy. */
export interface DdlxSyntax {
  readonly kind: 'ddlx-syntax';
  readonly error: Error & { code: string; position?: number };
  readonly offset: number;
}

export type AstNode = Record<string, unknown>;

interface RawStmt {
  stmt: Record<string, AstNode>;
  stmt_location?: number;
  stmt_len?: number;
}

let ready: Promise<void> | null = null;
export function loadStatementParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

/** Splits and classifies a query (call `loadStatementParser` once first). */
export function planQuery(sql: string): Statement[] | Unparsed | DdlxSyntax {
  const whole = tryParse(sql);
  if (whole) return statementsOf(sql, whole, 0);
  return planPiecewise(splitStatements(sql));
}

/**
 * Queries longer than this are planned a slice at a time, yielding to the
 * event loop in between: libpg-query takes about 250 ms per MB, all of it
 * on the thread that also serves HTTP and the Satellite clients.
 */
export const LARGE_QUERY_CHARS = 256 * 1024;
/** Text lexed, and statement text parsed, per turn of the event loop (each well under 50 ms). */
const LEX_WINDOW_CHARS = 256 * 1024;
const PARSE_SLICE_CHARS = 32 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * `planQuery` for a query of any size: the same answer, but a huge query is
 * split by our lexer and parsed in slices of whole statements, so that the
 * event loop stays responsive while it is planned.
 */
export async function planQueryInSlices(sql: string): Promise<Statement[] | Unparsed | DdlxSyntax> {
  if (sql.length <= LARGE_QUERY_CHARS) return planQuery(sql);
  const scanner = new StatementScanner(sql);
  const out: Statement[] = [];
  let pending: SqlPiece[] = [];
  let pendingChars = 0;
  const planPending = (): Unparsed | DdlxSyntax | null => {
    const pieces = pending;
    pending = [];
    pendingChars = 0;
    return planPieces(sql, pieces, out);
  };
  while (!scanner.done) {
    for (const piece of scanner.next(LEX_WINDOW_CHARS)) {
      pending.push(piece);
      pendingChars += piece.end - piece.start;
      if (pendingChars < PARSE_SLICE_CHARS) continue;
      const failed = planPending();
      if (failed) return failed;
      await nextTurn();
    }
    await nextTurn();
  }
  return planPending() ?? out;
}

/** Plans consecutive statements of `sql` into `out`, parsing them together when they are all SQL. */
function planPieces(sql: string, pieces: readonly SqlPiece[], out: Statement[]): Unparsed | DdlxSyntax | null {
  if (pieces.length === 0) return null;
  if (!pieces.some((p) => looksLikeDdlx(p.text))) {
    const start = pieces[0]!.start;
    const text = sql.slice(start, pieces[pieces.length - 1]!.end);
    const parsed = tryParse(text);
    if (parsed) {
      out.push(...statementsOf(text, parsed, start));
      return null;
    }
  }
  const planned = planPiecewise(pieces);
  if (!Array.isArray(planned)) return planned;
  out.push(...planned);
  return null;
}

function planPiecewise(pieces: Iterable<SqlPiece>): Statement[] | Unparsed | DdlxSyntax {
  const out: Statement[] = [];
  for (const piece of pieces) {
    if (looksLikeDdlx(piece.text)) {
      try {
        out.push({ sql: piece.text, offset: piece.start, plan: { kind: 'ddlx', ddlx: parseDdlx(piece.text) } });
      } catch (err) {
        return { kind: 'ddlx-syntax', error: err as DdlxSyntax['error'], offset: piece.start };
      }
      continue;
    }
    const parsed = tryParse(piece.text);
    if (!parsed) return { kind: 'unparsed' };
    out.push(...statementsOf(piece.text, parsed, piece.start));
  }
  return out;
}

function tryParse(sql: string): RawStmt[] | null {
  try {
    return (parseSync(sql) as { stmts?: RawStmt[] }).stmts ?? [];
  } catch {
    return null;
  }
}

function statementsOf(sql: string, stmts: RawStmt[], base: number): Statement[] {
  // The parser's locations are byte offsets into the UTF-8 text.
  const bytes = Buffer.from(sql, 'utf8');
  const ascii = bytes.length === sql.length;
  // Statements come in order: count characters from the previous one, not from the start each time.
  let byteAt = 0;
  let charAt = 0;
  return stmts.map((raw) => {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    const text = ascii ? sql.slice(start, end) : bytes.subarray(start, end).toString('utf8');
    let charStart = start;
    if (!ascii) {
      charAt += start >= byteAt ? bytes.subarray(byteAt, start).toString('utf8').length : -bytes.subarray(start, byteAt).toString('utf8').length;
      byteAt = start;
      charStart = charAt;
    }
    const lead = text.length - text.trimStart().length;
    return { sql: text.trim(), offset: base + charStart + lead, plan: planOf(raw.stmt) };
  });
}

function planOf(stmt: Record<string, AstNode>): StatementPlan {
  const [nodeType, node] = Object.entries(stmt)[0] ?? ['', {}];
  switch (nodeType) {
    case 'TransactionStmt':
      return { kind: 'transaction', action: transactionAction(String(node.kind)) };
    case 'AlterTableStmt':
      if (node.objtype !== 'OBJECT_TABLE') return { kind: 'plain' };
      return { kind: 'table-ddl', tables: [rangeVar(node.relation)], node, nodeType };
    case 'RenameStmt':
      // relationType is not reliable in the parse tree; renameType says what is renamed.
      if (!node.relation || !TABLE_RENAMES.has(String(node.renameType))) return { kind: 'plain' };
      return { kind: 'table-ddl', tables: [rangeVar(node.relation)], node, nodeType };
    case 'DropStmt':
      if (node.removeType !== 'OBJECT_TABLE') return { kind: 'plain' };
      return { kind: 'table-ddl', tables: (node.objects as AstNode[]).map(dropName), node, nodeType };
    case 'IndexStmt':
      return { kind: 'table-ddl', tables: [rangeVar(node.relation)], node, nodeType };
    case 'InsertStmt': {
      const source = frameworkVersionOf(node);
      return source ? { kind: 'framework-version', source } : { kind: 'plain' };
    }
    case 'DeallocateStmt':
      return { kind: 'forget', statement: node.isall || typeof node.name !== 'string' ? null : node.name, portals: false };
    case 'DiscardStmt':
      return node.target === 'DISCARD_ALL' ? { kind: 'forget', statement: null, portals: true } : { kind: 'plain' };
    case 'DoStmt':
      return {
        kind: 'refused',
        code: 'EX000',
        message: 'Unsupported DO...END block in migration',
      };
    default:
      return { kind: 'plain' };
  }
}

/** Renames of a table or of something in it (checked when the table is electrified). */
const TABLE_RENAMES = new Set(['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT', 'OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

function transactionAction(kind: string): 'begin' | 'commit' | 'rollback' | 'other' {
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT') return 'commit';
  if (kind === 'TRANS_STMT_ROLLBACK') return 'rollback';
  return 'other';
}

export function rangeVar(node: unknown): TableName {
  const rv = (node ?? {}) as { schemaname?: string; relname?: string };
  return { schema: rv.schemaname ?? null, name: rv.relname ?? '' };
}

function dropName(object: AstNode): TableName {
  const items = ((object.List as { items?: { String?: { sval: string } }[] } | undefined)?.items ?? []).map((i) => i.String?.sval ?? '');
  return items.length >= 2 ? { schema: items[items.length - 2]!, name: items[items.length - 1]! } : { schema: null, name: items[0] ?? '' };
}
