/**
 * The two ways a where clause can fail: refused when it is compiled (the
 * client gets the message), or failing on one row when it is evaluated in
 * memory (Postgres would raise the same error and fail the whole query).
 */
import { ElectricError } from '../../../util/errors.js';

/** A where clause that cannot be accepted; the message names the problem. */
export class WhereClauseError extends ElectricError {
  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super('INVALID_WHERE_CLAUSE', message, options);
  }
}

/**
 * A value-level error with Postgres' wording (division by zero, integer out
 * of range, invalid input syntax…). Raised while folding constants it becomes
 * a WhereClauseError; raised on a row it makes that row not match.
 */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}
