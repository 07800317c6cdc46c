import { ElectricError } from '../../util/errors.js';

/** SQLSTATE `syntax_error`, what Postgres answers for a statement it cannot parse. */
export const SYNTAX_ERROR_SQLSTATE = '42601';

/**
 * A DDLX statement that does not parse or names an impossible role. The
 * `code` is the SQLSTATE and `position` the 1-based character position in
 * the statement, ready for the `C` and `P` fields of an ErrorResponse.
 */
export class DdlxSyntaxError extends ElectricError {
  readonly position: number;
  /** The UTF-16 offset `position` was computed from. */
  readonly offset: number;

  constructor(sql: string, offset: number, message: string) {
    super(SYNTAX_ERROR_SQLSTATE, message, { details: { position: characterPosition(sql, offset) } });
    this.offset = offset;
    this.position = characterPosition(sql, offset);
  }
}

/**
 * Postgres counts characters, not UTF-16 units, and from 1; an error at the
 * end of the input points one past the last character.
 */
export function characterPosition(sql: string, offset: number): number {
  let count = 0;
  for (const _ of sql.slice(0, offset)) count++;
  return count + 1;
}
