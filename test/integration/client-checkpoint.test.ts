/**
 * Client checkpoints in Postgres: a whole base first, then only the changes
 * since the last store (deltas), a new base once the deltas outgrow the
 * record; what a resuming client loads is always the base with its own
 * generation's deltas applied, equal to what the session held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { bootstrapElectricSchema } from '../../src/service/postgres/bootstrap.js';
import { ClientStateStore } from '../../src/service/satellite/client-state.js';
import { ClientCheckpoint } from '../../src/service/satellite/client-checkpoint.js';
import { CheckpointBudget } from '../../src/service/satellite/checkpoint-budget.js';
import type { ConnectionState } from '../../src/service/satellite/connection.js';
import { HeldRows, rowKey } from '../../src/service/shapes/held-rows.js';
import { silentLogger } from '../../src/util/log.js';

let pgServer: TestPostgres;
let sql: pg.Client;
let store: ClientStateStore;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  const db = await pgServer.createDatabase('checkpoints');
  sql = await connectClient(db);
  await bootstrapElectricSchema(sql);
  store = new ClientStateStore(() => sql);
});

afterAll(async () => {
  await sql?.end();
  await pgServer?.stop();
});

/** A session's checkpoint over its held rows, as the session wires it. */
function session(clientId: string): { checkpoint: ClientCheckpoint; held: HeldRows; ack(lsn: number): Promise<void> } {
  const connection = { clientId, closed: false, log: silentLogger } as unknown as ConnectionState;
  const checkpoint = new ClientCheckpoint(connection, { clientState: store, checkpointBudget: new CheckpointBudget() });
  const held = new HeldRows();
  checkpoint.reset(0n, new HeldRows());
  checkpoint.track(held);
  return {
    checkpoint,
    held,
    // The client acknowledged `lsn`; the store at close runs at once.
    async ack(lsn: number) {
      checkpoint.advance(BigInt(lsn));
      checkpoint.close();
      await checkpoint.settled();
    },
  };
}

const sorted = (entries: [string, string[]][]) => entries.map(([k, s]) => [k, [...s].sort()] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));

async function stored(clientId: string): Promise<{ generation: string | null; bases: string; deltas: number }> {
  const base = await sql.query<{ generation: string | null; held_rows: Buffer }>('SELECT generation, held_rows FROM electric.client_checkpoints WHERE client_id = $1', [clientId]);
  const deltas = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM electric.client_checkpoint_deltas WHERE client_id = $1', [clientId]);
  return { generation: base.rows[0]?.generation ?? null, bases: base.rows[0]?.held_rows.toString() ?? '', deltas: deltas.rows[0]!.n };
}

describe('client checkpoints', () => {
  it('stores a base, then only the changes, and loads what the session held', async () => {
    const s = session('c1');
    s.checkpoint.journalAt(10n);
    s.held.holdAll(Array.from({ length: 500 }, (_, i) => rowKey('public.items', [String(i)])), 'sub-1');
    await s.ack(10);
    const first = await stored('c1');
    expect(first.generation).not.toBeNull();
    expect(first.deltas).toBe(0);

    s.checkpoint.journalAt(20n);
    s.held.hold(rowKey('public.items', ['new']), 'sub-1');
    s.held.release(rowKey('public.items', ['3']), 'sub-1');
    s.held.hold(rowKey('public.items', ['4']), 'sub-2');
    await s.ack(20);
    s.checkpoint.journalAt(30n);
    s.held.drop(rowKey('public.items', ['5']));
    await s.ack(30);
    const after = await stored('c1');
    expect(after.generation).toBe(first.generation); // the base was not written again
    expect(after.bases).toBe(first.bases);
    expect(after.deltas).toBe(2);

    const loaded = await store.load('c1');
    expect(loaded.checkpoint?.lsn).toBe(30n);
    expect(sorted(loaded.checkpoint!.held)).toEqual(sorted(s.held.toJSON()));
  });

  it('moves the stored position on with an empty delta when no held row changed', async () => {
    const s = session('c2');
    s.checkpoint.journalAt(5n);
    s.held.hold(rowKey('public.items', ['a']), 'sub-1');
    await s.ack(5);
    await s.ack(9);
    const loaded = await store.load('c2');
    expect(loaded.checkpoint?.lsn).toBe(9n);
    expect(loaded.checkpoint?.held).toEqual([[rowKey('public.items', ['a']), ['sub-1']]]);
  });

  it('writes a new base, dropping the deltas, once they outgrow the record', async () => {
    const s = session('c3');
    s.checkpoint.journalAt(1n);
    s.held.hold(rowKey('public.items', ['x']), 'sub-1');
    await s.ack(1);
    const { generation } = await stored('c3');
    // Churn: rows that come and go. 1,000 row changes fit (the floor for a small record)...
    const churn = async (lsn: number): Promise<void> => {
      s.checkpoint.journalAt(BigInt(lsn));
      const keys = Array.from({ length: 100 }, (_, i) => rowKey('public.items', [`${lsn}-${i}`]));
      for (const key of keys) s.held.hold(key, 'sub-1');
      for (const key of keys) s.held.release(key, 'sub-1');
      await s.ack(lsn);
    };
    for (let lsn = 2; lsn <= 6; lsn++) await churn(lsn);
    expect(await stored('c3')).toMatchObject({ generation, deltas: 5 });
    // ...the next store is whole again.
    s.checkpoint.journalAt(7n);
    s.held.hold(rowKey('public.items', ['last']), 'sub-1');
    await churn(7);
    const rebased = await stored('c3');
    expect(rebased.generation).not.toBe(generation);
    expect(rebased.deltas).toBe(0);
    const loaded = await store.load('c3');
    expect(loaded.checkpoint?.lsn).toBe(7n);
    expect(sorted(loaded.checkpoint!.held)).toEqual(sorted(s.held.toJSON()));
    expect(loaded.checkpoint!.held).toHaveLength(2);
  });

  it("ignores another generation's deltas: a late store of an earlier connection cannot corrupt the record", async () => {
    const older = session('c4');
    older.checkpoint.journalAt(1n);
    older.held.hold(rowKey('public.items', ['a']), 'sub-1');
    await older.ack(1);
    // A newer connection of the same client stores its own base...
    const newer = session('c4');
    newer.checkpoint.journalAt(2n);
    newer.held.hold(rowKey('public.items', ['b']), 'sub-2');
    await newer.ack(2);
    // ...and then the earlier connection's last delta lands.
    older.checkpoint.journalAt(3n);
    older.held.hold(rowKey('public.items', ['stale']), 'sub-1');
    await older.ack(3);
    const loaded = await store.load('c4');
    expect(loaded.checkpoint?.lsn).toBe(2n);
    expect(loaded.checkpoint?.held).toEqual([[rowKey('public.items', ['b']), ['sub-2']]]);
  });

  it('stores whole again after a reset (a resume rebuilds what is held)', async () => {
    const s = session('c5');
    s.checkpoint.journalAt(1n);
    s.held.hold(rowKey('public.items', ['a']), 'sub-1');
    await s.ack(1);
    const { generation } = await stored('c5');
    // A resume rebuilds what is held: the next store is a base.
    const rebuilt = new HeldRows();
    rebuilt.hold(rowKey('public.items', ['r']), 'sub-9');
    s.checkpoint.reset(7n, rebuilt);
    await s.ack(8);
    const afterReset = await stored('c5');
    expect(afterReset.generation).not.toBe(generation);
    expect(afterReset.deltas).toBe(0);
    expect((await store.load('c5')).checkpoint?.held).toEqual([[rowKey('public.items', ['r']), ['sub-9']]]);
  });

  it('starting afresh forgets the base and its deltas', async () => {
    const s = session('c6');
    s.checkpoint.journalAt(1n);
    s.held.hold(rowKey('public.items', ['a']), 'sub-1');
    await s.ack(1);
    s.checkpoint.journalAt(2n);
    s.held.hold(rowKey('public.items', ['b']), 'sub-1');
    await s.ack(2);
    expect((await stored('c6')).deltas).toBe(1);
    await store.wipe('c6');
    expect(await stored('c6')).toEqual({ generation: null, bases: '', deltas: 0 });
    expect((await store.load('c6')).checkpoint).toBeNull();
  });
});
