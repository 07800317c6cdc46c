/**
 * DDLX: Electric's extensions to Postgres DDL (`ALTER TABLE t ENABLE
 * ELECTRIC`, `ELECTRIC GRANT ...`, ...). Pure functions over statement text;
 * the migrations proxy decides what to run.
 */
import { lexSql } from '../sql-lexer.js';
import { isKeyword, isPunct } from './tokens.js';

export * from './ast.js';
export { DdlxSyntaxError, SYNTAX_ERROR_SQLSTATE, characterPosition } from './errors.js';
export { parseDdlx, DEFAULT_SCHEMA } from './parser.js';
export { tokenizeDdlx, foldIdentifier, type DdlxToken } from './tokens.js';
export { toSatPermsDdlx, encodeSatPermsDdlx, commandId, type SatPermsDdlx } from './perms.js';
export {
  ddlxCommandTag,
  ddlxFeature,
  isDdlxEnabled,
  unsupportedDdlxMessage,
  ddlxReferences,
  UNSUPPORTED_DDLX_CODE,
  UNSUPPORTED_DDLX_DETAIL,
  type DdlxFeature,
  type DdlxReferences,
} from './commands.js';

/**
 * Whether a statement is DDLX rather than SQL, from its first tokens:
 * `ELECTRIC ...` or `ALTER TABLE <name> ENABLE|DISABLE ELECTRIC`. Only says
 * which parser to use; parseDdlx reports what is wrong with it.
 */
export function looksLikeDdlx(sql: string): boolean {
  // Tokens before a lexing problem are complete, and enough to decide.
  const { tokens } = lexSql(sql);
  const [first, second] = tokens;
  if (isKeyword(first, 'electric')) return true;
  if (!isKeyword(first, 'alter') || !isKeyword(second, 'table')) return false;
  let k = 2;
  const isName = (i: number): boolean => tokens[i]?.kind === 'word' || tokens[i]?.kind === 'quoted_ident';
  if (!isName(k)) return false;
  k++;
  if (isPunct(tokens[k], '.')) {
    if (!isName(k + 1)) return false;
    k += 2;
  }
  return (isKeyword(tokens[k], 'enable') || isKeyword(tokens[k], 'disable')) && isKeyword(tokens[k + 1], 'electric');
}
