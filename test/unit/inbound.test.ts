/**
 * InboundStream without a database: how client frames become transactions,
 * and the refusals that do not depend on Postgres (sizes, relations, keys,
 * tags, stream order).
 */
import { describe, expect, it } from 'vitest';
import { encodeRow, type ISatTransOp } from '../../src/protocol/index.js';
import type { CatalogTable } from '../../src/service/schema/catalog.js';
import { InboundError, InboundStream } from '../../src/service/writes/inbound.js';

const items: CatalogTable = {
  oid: 1,
  schema: 'public',
  name: 'items',
  columns: [
    { name: 'id', typeName: 'text', typeOid: 25, nullable: false, isPk: true, enumValues: null },
    { name: 'value', typeName: 'text', typeOid: 25, nullable: true, isPk: false, enumValues: null },
    { name: 'n', typeName: 'int4', typeOid: 23, nullable: true, isPk: false, enumValues: null },
  ],
  pks: ['id'],
  fks: [],
};

function stream(maxBytes?: number): InboundStream {
  const s = new InboundStream('client-1', (schema, table) => (schema === 'public' && table === 'items' ? items : undefined), maxBytes);
  // The client's column order differs from ours on purpose.
  s.relation({ schemaName: 'public', tableName: 'items', relationId: 7, columns: [{ name: 'n' }, { name: 'id' }, { name: 'value' }] });
  return s;
}

const begin = (lsn = 1): ISatTransOp => ({ begin: { commitTimestamp: 1000, lsn: new Uint8Array([lsn]) } });
const commit: ISatTransOp = { commit: {} };

function refusal(fn: () => unknown): InboundError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InboundError) return err;
    throw err;
  }
  throw new Error('expected an InboundError');
}

describe('InboundStream', () => {
  it('maps the client column order onto ours and records masks and observed tags', () => {
    const s = stream();
    const [tx] = s.opLog({
      ops: [
        begin(),
        { insert: { relationId: 7, rowData: encodeRow(['5', 'a', 'x']), tags: [] } },
        { update: { relationId: 7, rowData: encodeRow(['6', 'a', 'x']), oldRowData: encodeRow(['5', 'a', 'x']), tags: ['postgres_1@10', 'c2@20'] } },
        commit,
      ],
    });
    expect(tx!.clientId).toBe('client-1');
    expect(tx!.commitTimestamp).toBe(1000);
    expect(tx!.changes.map((c) => [c.kind, c.values, c.modified, c.observed])).toEqual([
      ['insert', ['a', 'x', '5'], [true, true], []],
      ['update', ['a', 'x', '6'], [false, true], [[10, null], [20, 'c2']]],
    ]);
  });

  it('gathers a transaction across frames', () => {
    const s = stream();
    expect(s.opLog({ ops: [begin(), { insert: { relationId: 7, rowData: encodeRow(['1', 'a', 'x']) } }] })).toEqual([]);
    const done = s.opLog({ ops: [{ delete: { relationId: 7, oldRowData: encodeRow(['1', 'a', 'x']) } }, commit] });
    expect(done[0]!.changes.map((c) => c.kind)).toEqual(['insert', 'delete']);
  });

  it('treats an update without its old row as a compensation, which carries only the key', () => {
    const [tx] = stream().opLog({ ops: [begin(), { update: { relationId: 7, rowData: encodeRow([null, 'a', null]), tags: ['c@1'] } }, commit] });
    expect(tx!.changes[0]).toMatchObject({ kind: 'compensation', values: ['a', null, null], modified: [false, false] });
  });

  it('refuses a primary-key change, a bad value, a malformed tag, a NULL key, naming the transaction', () => {
    const pk = refusal(() => stream().opLog({ ops: [begin(3), { update: { relationId: 7, rowData: encodeRow(['1', 'b', 'x']), oldRowData: encodeRow(['1', 'a', 'x']) } }] }));
    expect(pk.code).toBe('IMMUTABLE_PRIMARY_KEY');
    expect(pk.message).toMatch(/Attempt to update table "public"\."items" primary key\(s\) \["id"\] \(ImmutablePrimaryKey\)/);
    expect([...pk.lsn!]).toEqual([3]);
    expect(refusal(() => stream().opLog({ ops: [begin(), { insert: { relationId: 7, rowData: encodeRow(['x1', 'a', 'x']) } }] })).message).toMatch(
      /column "n" of table "public"\."items": the value "x1" is not an integer/,
    );
    expect(refusal(() => stream().opLog({ ops: [begin(), { insert: { relationId: 7, rowData: encodeRow(['1', 'a', 'x']), tags: ['no-at-sign'] } }] })).message).toMatch(/Malformed tag/);
    expect(refusal(() => stream().opLog({ ops: [begin(), { insert: { relationId: 7, rowData: encodeRow(['1', null, 'x']) } }] })).message).toMatch(/Primary key column "id"/);
  });

  it('refuses a transaction over the size limit', () => {
    const err = refusal(() => stream(10).opLog({ ops: [begin(), { insert: { relationId: 7, rowData: encodeRow(['1', 'a', 'x'.repeat(20)]) } }] }));
    expect(err.code).toBe('TOO_LARGE');
  });

  it('refuses operations out of order, unknown relations and tables, and operations clients cannot send', () => {
    expect(refusal(() => stream().opLog({ ops: [commit] })).code).toBe('BAD_STREAM');
    expect(refusal(() => stream().opLog({ ops: [begin(), begin()] })).code).toBe('BAD_STREAM');
    expect(refusal(() => stream().opLog({ ops: [begin(), { insert: { relationId: 8, rowData: encodeRow(['1']) } }] })).code).toBe('UNKNOWN_RELATION');
    expect(refusal(() => stream().opLog({ ops: [begin(), { gone: { relationId: 7, pkData: encodeRow([null, 'a', null]) } }] })).message).toMatch(/cannot send gone/);
    expect(refusal(() => stream().relation({ schemaName: 'public', tableName: 'nope', relationId: 9, columns: [] })).code).toBe('UNKNOWN_TABLE');
    expect(refusal(() => stream().relation({ schemaName: 'public', tableName: 'items', relationId: 9, columns: [{ name: 'value' }] })).message).toMatch(/lacks primary key column "id"/);
  });
});
