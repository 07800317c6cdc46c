import { describe, expect, it } from 'vitest';
import { writtenPrefix } from '../../src/service/writes/writer.js';
import type { ClientTransaction } from '../../src/service/writes/inbound.js';

const tx = (clientId: string, n: number): ClientTransaction => ({ clientId, lsn: new Uint8Array([0, 0, 0, n]), commitTimestamp: 0, changes: [] });

describe('which transactions of a failed batch are written', () => {
  it("takes, per client, every transaction up to the one at the client's stored position", () => {
    const [a1, b1, a2, b2, a3] = [tx('a', 1), tx('b', 1), tx('a', 2), tx('b', 2), tx('a', 3)];
    const written = writtenPrefix([a1, b1, a2, b2, a3], new Map([['a', new Uint8Array([0, 0, 0, 2])], ['b', new Uint8Array([0, 0, 0, 9])]]));
    // a: 1 and 2 committed before the failure (a position check of each alone would apply a1 again); b: none of its.
    expect([...written]).toEqual([a1, a2]);
  });

  it('takes none for a client with no stored position', () => {
    expect(writtenPrefix([tx('c', 1)], new Map()).size).toBe(0);
  });
});
