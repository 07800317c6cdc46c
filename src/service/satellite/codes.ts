/** The legacy protocol's error codes, and the close codes a session uses. */

/** SatErrorResp.ErrorCode. */
export const ERROR_CODE = {
  INTERNAL: 0,
  AUTH_REQUIRED: 1,
  AUTH_FAILED: 2,
  REPLICATION_FAILED: 3,
  INVALID_REQUEST: 4,
  PROTO_VSN_MISMATCH: 5,
  SCHEMA_VSN_MISMATCH: 6,
  PERMISSION_DENIED: 7,
} as const;

/** SatInStartReplicationResp.ReplicationError codes. */
export const REPLICATION_ERROR = {
  BEHIND_WINDOW: 1,
  INVALID_POSITION: 2,
  SUBSCRIPTION_NOT_FOUND: 3,
  MALFORMED_LSN: 4,
  UNKNOWN_SCHEMA_VSN: 5,
} as const;

export const CLOSE = { PROTOCOL: 1007, INTERNAL: 1011, NORMAL: 1000 } as const;
