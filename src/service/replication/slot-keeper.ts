/**
 * Keeps Electric's main replication slot retaining the resumable window of
 * WAL and no more: it is advanced to `current WAL − window`, but never past
 * what has been dispatched, so a restart re-reads the window into the cache.
 */
import type pg from 'pg';
import { formatLsn, parseLsn } from './pgoutput.js';

export interface SlotAdvance {
  readonly from: bigint;
  readonly to: bigint;
}

export async function advanceMainSlot(client: pg.Client, slot: string, dispatchedLsn: bigint, windowBytes: number): Promise<SlotAdvance | null> {
  const { rows } = await client.query<{ confirmed: string | null; current: string }>(
    `SELECT s.confirmed_flush_lsn::text AS confirmed, pg_current_wal_lsn()::text AS current
       FROM pg_replication_slots s WHERE s.slot_name = $1`,
    [slot],
  );
  const row = rows[0];
  if (!row?.confirmed) return null;
  const confirmed = parseLsn(row.confirmed);
  const windowStart = parseLsn(row.current) - BigInt(windowBytes);
  const target = windowStart < dispatchedLsn ? windowStart : dispatchedLsn;
  if (target <= confirmed) return null;
  await client.query('SELECT pg_replication_slot_advance($1, $2::pg_lsn)', [slot, formatLsn(target)]);
  return { from: confirmed, to: target };
}
