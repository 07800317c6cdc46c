/**
 * Frames built once per message are the bytes `ws` itself would write for
 * an unmasked binary message, at every length boundary.
 */
import { describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import { binaryFrame } from '../../src/service/satellite/ws-frames.js';

describe('binaryFrame', () => {
  it.each([0, 1, 125, 126, 127, 65535, 65536, 300_000])('matches ws for a %i-byte payload', (length) => {
    const payload = Buffer.alloc(length, 7);
    // ws's own framing (exported at run time, not in its types).
    const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] } };
    const frame = Sender.frame(payload, {
      fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false,
    });
    expect(binaryFrame(payload).equals(Buffer.concat(frame))).toBe(true);
  });

  it('frames a shared payload once', () => {
    const payload = Buffer.from('shared');
    expect(binaryFrame(payload)).toBe(binaryFrame(payload));
  });
});
