// SatOpRow encoding: values in the relation's column order (UTF-8 text, bytea
// raw); NULL is an empty value whose bit is set in nulls_bitmask — one bit
// per column, most significant bit first (column 0 = MSB of byte 0), padded
// with zero bits to whole bytes.
import { ProtocolError } from './errors.js';
import type { ISatOpRow } from './messages.js';

/** A column value on the wire: raw bytes, or null for SQL NULL. */
export type WireValue = Uint8Array | null;

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Bytes needed for the nulls bitmask of `columnCount` columns. */
export function nullsBitmaskLength(columnCount: number): number {
  return (columnCount + 7) >>> 3;
}

/** Builds a SatOpRow; strings are UTF-8 encoded, Uint8Arrays sent as is. */
export function encodeRow(values: readonly (string | Uint8Array | null)[]): ISatOpRow {
  const count = values.length;
  const nullsBitmask = new Uint8Array(nullsBitmaskLength(count));
  const encoded: Uint8Array[] = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      const byte = i >>> 3;
      nullsBitmask[byte] = (nullsBitmask[byte] ?? 0) | (0x80 >>> (i & 7));
      encoded[i] = EMPTY;
    } else if (typeof value === 'string') {
      encoded[i] = utf8.encode(value);
    } else {
      encoded[i] = value;
    }
  }
  return { nullsBitmask, values: encoded };
}

/**
 * Splits a SatOpRow into `columnCount` values (null for NULL). Values are
 * views into the decoded frame, not copies. Throws ProtocolError
 * MALFORMED_MESSAGE unless there are exactly `columnCount` values, the
 * bitmask has exactly ceil(columnCount/8) bytes with zero padding bits, and
 * every NULL value is empty.
 */
export function decodeRow(row: ISatOpRow, columnCount: number): WireValue[] {
  const values = row.values ?? [];
  if (values.length !== columnCount) {
    throw new ProtocolError('MALFORMED_MESSAGE', `row has ${values.length} values, expected ${columnCount}`);
  }
  const mask = row.nullsBitmask ?? EMPTY;
  const maskLength = nullsBitmaskLength(columnCount);
  if (mask.length !== maskLength) {
    throw new ProtocolError(
      'MALFORMED_MESSAGE',
      `nulls bitmask has ${mask.length} bytes, expected ${maskLength} for ${columnCount} columns`,
    );
  }
  const spare = columnCount & 7;
  if (spare !== 0 && (mask[maskLength - 1]! & (0xff >>> spare)) !== 0) {
    throw new ProtocolError('MALFORMED_MESSAGE', 'nulls bitmask has bits set beyond the last column');
  }
  const out: WireValue[] = new Array<WireValue>(columnCount);
  for (let i = 0; i < columnCount; i++) {
    const value = values[i] ?? EMPTY;
    if ((mask[i >>> 3]! & (0x80 >>> (i & 7))) !== 0) {
      if (value.length !== 0) {
        throw new ProtocolError('MALFORMED_MESSAGE', `column ${i} is marked NULL but has a ${value.length}-byte value`);
      }
      out[i] = null;
    } else {
      out[i] = value;
    }
  }
  return out;
}
