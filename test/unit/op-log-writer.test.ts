import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeRow, lsnToBytes, type ISatTransOp } from '../../src/protocol/index.js';
import { OpLogWriter, encodeTransOp, type RelationShape } from '../../src/service/satellite/op-log-writer.js';
import type { Row } from '../../src/service/replication/types.js';

const table: RelationShape = {
  oid: 3_000_000_123, // above 2^31: relation ids are uint32
  columns: ['id', 'name', 'note', 'blob', 'a', 'b', 'c', 'd', 'e'].map((name) => ({ name })),
};

const rowOf = (record: Row) => encodeRow(table.columns.map((c) => record[c.name] ?? null));

const records: Row[] = [
  { id: '1', name: 'plain', note: null, blob: new Uint8Array([0, 1, 255]), a: '', b: null, c: 'x', d: null, e: 'last' },
  { id: 'héllo wörld ✓ 𝄞', name: 'x'.repeat(200), note: 'é'.repeat(70), blob: null, a: null, b: null, c: null, d: null, e: null },
  { id: '3' }, // missing columns are NULL
];

describe('OpLogWriter', () => {
  it('writes the same bytes as the generated encoder for every data op', () => {
    const begin: ISatTransOp = { begin: { commitTimestamp: 1_700_000_000_123, lsn: lsnToBytes(42n), origin: 'postgres_1', transactionId: 7, isMigration: false } };
    const commit: ISatTransOp = { commit: { commitTimestamp: 1_700_000_000_123, lsn: lsnToBytes(42n) } };
    const tags = ['postgres_1@1700000000000', 'client-é@1'];
    const expected: ISatTransOp[] = [begin];
    const writer = new OpLogWriter(64); // small: forces growth
    writer.appendEncoded(encodeTransOp(begin));
    for (const r of records) {
      expected.push({ insert: { relationId: table.oid, rowData: rowOf(r), tags } });
      writer.insert(table, r, tags);
      expected.push({ update: { relationId: table.oid, rowData: rowOf(r), oldRowData: rowOf(records[0]!), tags: [] } });
      writer.update(table, r, records[0]!, []);
      expected.push({ update: { relationId: table.oid, rowData: rowOf(r), oldRowData: undefined, tags } });
      writer.update(table, r, null, tags);
      expected.push({ delete: { relationId: table.oid, oldRowData: rowOf(r), tags: [] } });
      writer.delete(table, r, []);
      expected.push({ gone: { relationId: table.oid, pkData: rowOf({ id: r.id ?? null }) } });
      writer.gone(table, { id: r.id ?? null });
    }
    expected.push(commit);
    writer.appendEncoded(encodeTransOp(commit));
    expect(writer.opCount).toBe(expected.length);
    const bytes = writer.finish();
    expect(Buffer.from(bytes).equals(Buffer.from(encodeFrame({ type: 'SatOpLog', message: { ops: expected } })))).toBe(true);
    const decoded = decodeFrame(bytes);
    expect(decoded.type).toBe('SatOpLog');
  });

  it('starts a fresh frame after reset', () => {
    const writer = new OpLogWriter();
    writer.insert(table, records[0]!, []);
    writer.reset();
    expect(writer.opCount).toBe(0);
    writer.insert(table, records[2]!, ['t@1']);
    const expected = encodeFrame({ type: 'SatOpLog', message: { ops: [{ insert: { relationId: table.oid, rowData: rowOf(records[2]!), tags: ['t@1'] } }] } });
    expect(Buffer.from(writer.finish()).equals(Buffer.from(expected))).toBe(true);
  });
});
