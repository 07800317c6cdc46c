/**
 * The initial data of a subscription, read from one consistent snapshot.
 *
 * A REPEATABLE READ transaction fixes the snapshot; its xid visibility says
 * exactly which captured transactions the data already contains. A marker
 * (the "magic write") committed right after guarantees that a transaction
 * the snapshot does not see appears in the stream, which is where the data
 * is delivered; transactions the snapshot saw that come later are skipped
 * for this subscription until the marker passes. No change is lost or
 * applied twice around the snapshot.
 */
import type { Queryable } from '../postgres/connection.js';
import type pg from 'pg';
import { selectTaggedRows, type TaggedRow } from '../schema/tagged-rows.js';
import { MAGIC_WRITE_MARKER } from './live-filter.js';
import { parseSnapshot, type ShapeRequest, type XidSnapshot } from './shape.js';

export interface SnapshotReader {
  readonly snapshot: XidSnapshot;
  rowsFor(request: ShapeRequest): Promise<TaggedRow[]>;
  close(): Promise<void>;
}

export async function openSnapshot(pool: pg.Pool): Promise<SnapshotReader> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot');
    const snapshot = parseSnapshot(rows[0]!.snapshot);
    return {
      snapshot,
      rowsFor: (request) =>
        selectTaggedRows(client, { schema: request.table.schema, table: request.table.name }, {
          columns: request.table.columns.map((c) => ({ name: c.name, typeOid: c.typeOid, isPk: c.isPk })),
          where: request.where,
        }),
      close: async () => {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch (err) {
          client.release(err instanceof Error ? err : true); // not back into the pool
        }
      },
    };
  } catch (err) {
    client.release(true);
    throw err;
  }
}

/** Commits the marker that follows the snapshot in the stream. */
export async function writeMarker(client: Queryable, subscriptionId: string): Promise<void> {
  await client.query(
    `UPDATE electric.transaction_marker SET content = jsonb_build_object('subscription', $1::text, 'at', clock_timestamp()::text) WHERE id = $2`,
    [subscriptionId, MAGIC_WRITE_MARKER],
  );
}
