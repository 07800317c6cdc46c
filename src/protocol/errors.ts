/**
 * Every failure to interpret bytes received from a peer surfaces as a
 * ProtocolError with one of these codes — never as a raw protobufjs
 * RangeError/Error — so connection handlers can map it to the protocol's
 * reaction (for the server: `SatErrorResp{}` + close 1007).
 */
export type ProtocolErrorCode =
  /** a frame with no bytes at all (not even the tag) */
  | 'EMPTY_FRAME'
  /** first byte is not one of MESSAGE_TAGS (includes the retired tags) */
  | 'UNKNOWN_TAG'
  /** body (or RPC payload, or row) does not decode / does not fit */
  | 'MALFORMED_MESSAGE'
  /** RPC method name outside RpcMethod */
  | 'UNKNOWN_METHOD'
  /** server stream LSN that is not an ASCII decimal uint64 */
  | 'MALFORMED_LSN';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Message of an unknown thrown value, for wrapping into a ProtocolError. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
