// Server stream LSNs (SatOpBegin.lsn, SatOpCommit.lsn, SatSubsDataBegin.lsn,
// SatUnsubsDataBegin.lsn, and what clients echo back in
// SatInStartReplicationReq.lsn / SatOpLogAck.lsn) are the ASCII decimal
// digits of the 64-bit Postgres WAL position (segment << 32 | offset).
// Client stream LSNs are opaque bytes and are not handled here.
import { ProtocolError } from './errors.js';

export const MAX_LSN = (1n << 64n) - 1n;
/** digits of 18446744073709551615 */
const MAX_LSN_DIGITS = 20;

/** ASCII decimal bytes of a WAL position (0 ≤ lsn ≤ 2^64-1, else MALFORMED_LSN). */
export function lsnToBytes(lsn: bigint): Uint8Array {
  if (typeof lsn !== 'bigint' || lsn < 0n || lsn > MAX_LSN) {
    throw new ProtocolError('MALFORMED_LSN', `LSN out of range: ${String(lsn)}`);
  }
  const text = lsn.toString(10);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Parses a server stream LSN. Strict: 1–20 ASCII digits (no sign, spaces or
 * other characters) with a value ≤ 2^64-1; anything else — including empty
 * input, which callers treat as "no position" before calling this — throws
 * ProtocolError MALFORMED_LSN.
 */
export function bytesToLsn(bytes: Uint8Array): bigint {
  const n = bytes.length;
  if (n === 0) throw new ProtocolError('MALFORMED_LSN', 'empty LSN');
  if (n > MAX_LSN_DIGITS) {
    throw new ProtocolError('MALFORMED_LSN', `LSN has ${n} bytes, at most ${MAX_LSN_DIGITS} digits allowed`);
  }
  // Up to 15 digits fit a double exactly; the rest goes through BigInt.
  let small = 0;
  let text = '';
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x39) {
      throw new ProtocolError('MALFORMED_LSN', `LSN byte ${i} is not an ASCII digit (0x${c.toString(16).padStart(2, '0')})`);
    }
    if (n <= 15) small = small * 10 + (c - 0x30);
    else text += String.fromCharCode(c);
  }
  if (n <= 15) return BigInt(small);
  const value = BigInt(text);
  if (value > MAX_LSN) throw new ProtocolError('MALFORMED_LSN', `LSN ${text} exceeds 2^64-1`);
  return value;
}

/** Non-throwing variant: the parsed LSN, or null when malformed or empty. */
export function tryBytesToLsn(bytes: Uint8Array): bigint | null {
  try {
    return bytesToLsn(bytes);
  } catch {
    return null;
  }
}
