import type { Logger } from '../../util/log.js';

/**
 * What a session's parts read of their connection. The session owns these
 * facts; its parts read them here instead of holding the session itself.
 */
export interface ConnectionState {
  /** The authenticated client's id (null until authentication). */
  readonly clientId: string | null;
  /** True once the connection closed: work still in flight stops there. */
  readonly closed: boolean;
  readonly log: Logger;
}
