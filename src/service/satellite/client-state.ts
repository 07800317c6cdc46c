/**
 * What a client needs to resume after a reconnect or a service restart,
 * kept in Postgres: its subscriptions (with the snapshot and the rows their
 * initial data delivered; an unsubscribed one until the client has observed
 * its GONE batch), the ids it unsubscribed, and its checkpoint (the last
 * acknowledged position and the rows it held there).
 */
import type { Queryable } from '../postgres/connection.js';
import { HeldRows, type HeldChange, type RowKey } from '../shapes/held-rows.js';
import type { XidSnapshot } from '../shapes/shape.js';

export interface StoredShapeRequest {
  readonly requestId: string;
  readonly schema: string;
  readonly table: string;
  readonly where: string;
}

export interface StoredSubscription {
  readonly id: string;
  readonly lsn: bigint;
  readonly requests: readonly StoredShapeRequest[];
  readonly snapshot: XidSnapshot | null;
  readonly deliveredRows: readonly RowKey[];
}

/** A stored subscription as a resuming client finds it. */
export interface ResumableSubscription extends StoredSubscription {
  /** Where its GONE batch was placed, while the client has not observed it (null: subscribed). */
  readonly unsubscribedLsn: bigint | null;
}

export interface StoredClientState {
  readonly checkpoint: StoredCheckpoint | null;
  readonly subscriptions: ResumableSubscription[];
  /** Every subscription the client unsubscribed since it last started afresh. */
  readonly unsubscribed: ReadonlySet<string>;
}

export interface StoredCheckpoint {
  readonly lsn: bigint;
  readonly held: [RowKey, string[]][];
}

/** A delta waiting to be written with the others queued in the same moment. */
interface QueuedDelta {
  readonly clientId: string;
  readonly generation: string;
  readonly lsn: bigint;
  readonly changes: Buffer;
  readonly done: { resolve(): void; reject(err: unknown): void };
}

/** Deltas queued within this long go to Postgres in one statement. */
const DELTA_BATCH_MS = 20;
/** A batch is written at once when it reaches this many deltas. */
const DELTA_BATCH_MAX = 500;

export class ClientStateStore {
  /** Every session stores deltas every few seconds: one INSERT per batch instead of per store. */
  private deltaBatch: QueuedDelta[] = [];
  private deltaTimer: NodeJS.Timeout | null = null;

  constructor(private readonly client: () => Queryable) {}

  /** A client starting afresh: nothing of its past applies. */
  async wipe(clientId: string): Promise<void> {
    const c = this.client();
    await c.query('DELETE FROM electric.client_shape_subscriptions WHERE client_id = $1', [clientId]);
    await c.query('DELETE FROM electric.client_checkpoints WHERE client_id = $1', [clientId]);
    await c.query('DELETE FROM electric.client_checkpoint_deltas WHERE client_id = $1', [clientId]);
    await c.query('DELETE FROM electric.client_unsub_points WHERE client_id = $1', [clientId]);
  }

  async saveSubscription(clientId: string, sub: StoredSubscription): Promise<void> {
    await this.client().query(
      `INSERT INTO electric.client_shape_subscriptions (client_id, subscription_id, lsn, shape_requests, snapshot, delivered_rows)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (client_id, subscription_id) DO UPDATE
         SET lsn = excluded.lsn, shape_requests = excluded.shape_requests, snapshot = excluded.snapshot, delivered_rows = excluded.delivered_rows`,
      [
        clientId,
        sub.id,
        sub.lsn.toString(),
        JSON.stringify(sub.requests),
        sub.snapshot ? JSON.stringify({ xmin: sub.snapshot.xmin, xmax: sub.snapshot.xmax, xip: [...sub.snapshot.inProgress] }) : null,
        JSON.stringify(sub.deliveredRows),
      ],
    );
  }

  /**
   * The subscriptions were unsubscribed, their GONE batch placed at `lsn`:
   * each is kept, marked, until the client has observed that batch, and
   * remembered as unsubscribed (an unsub point) until the client starts afresh.
   */
  async markUnsubscribed(clientId: string, ids: readonly string[], lsn: bigint): Promise<void> {
    await this.client().query(
      `WITH marked AS (
         UPDATE electric.client_shape_subscriptions SET unsubscribed_lsn = $3
          WHERE client_id = $1 AND subscription_id = ANY ($2::text[])
       )
       INSERT INTO electric.client_unsub_points (client_id, subscription_id, lsn)
       SELECT $1, id, $3 FROM unnest($2::text[]) AS id
       ON CONFLICT (client_id, subscription_id) DO UPDATE SET lsn = excluded.lsn`,
      [clientId, ids, lsn.toString()],
    );
  }

  /** The client has observed the GONE batches of these unsubscribed subscriptions. */
  async forgetUnsubscribed(clientId: string, ids: readonly string[]): Promise<void> {
    await this.client().query(
      `DELETE FROM electric.client_shape_subscriptions
        WHERE client_id = $1 AND subscription_id = ANY ($2::text[]) AND unsubscribed_lsn IS NOT NULL`,
      [clientId, ids],
    );
  }

  /** A whole checkpoint, as a new base of `generation`: the deltas of the one before go. */
  async saveCheckpoint(clientId: string, checkpoint: StoredCheckpoint, generation: string): Promise<void> {
    await this.client().query(
      `WITH base AS (
         INSERT INTO electric.client_checkpoints (client_id, lsn, held_rows, generation, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (client_id) DO UPDATE
           SET lsn = excluded.lsn, held_rows = excluded.held_rows, generation = excluded.generation, updated_at = now()
       )
       DELETE FROM electric.client_checkpoint_deltas WHERE client_id = $1`,
      [clientId, checkpoint.lsn.toString(), Buffer.from(JSON.stringify(checkpoint.held)), generation],
    );
  }

  /**
   * The changes to the held rows since the last store of `generation`, which
   * bring it to `lsn`. Written together with the deltas other sessions store
   * at about the same time (resolves once written; a client's deltas keep
   * their order, since its stores run one after another).
   */
  appendCheckpointDelta(clientId: string, generation: string, lsn: bigint, changes: readonly HeldChange[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.deltaBatch.push({ clientId, generation, lsn, changes: Buffer.from(JSON.stringify(changes)), done: { resolve, reject } });
      if (this.deltaBatch.length >= DELTA_BATCH_MAX) this.writeDeltas();
      else this.deltaTimer ??= setTimeout(() => this.writeDeltas(), DELTA_BATCH_MS);
    });
  }

  private writeDeltas(): void {
    if (this.deltaTimer) clearTimeout(this.deltaTimer);
    this.deltaTimer = null;
    const batch = this.deltaBatch;
    this.deltaBatch = [];
    if (batch.length === 0) return;
    // A client has one delta in a batch at most (its stores wait for each other), so order within it does not matter.
    this.client()
      .query(
        `INSERT INTO electric.client_checkpoint_deltas (client_id, generation, lsn, changes)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::bytea[])`,
        [batch.map((d) => d.clientId), batch.map((d) => d.generation), batch.map((d) => d.lsn.toString()), batch.map((d) => d.changes)],
      )
      .then(
        () => batch.forEach((d) => d.done.resolve()),
        (err: unknown) => batch.forEach((d) => d.done.reject(err)),
      );
  }

  async load(clientId: string): Promise<StoredClientState> {
    const c = this.client();
    const cp = await c.query<{ lsn: string; held_rows: Buffer | null; generation: string | null }>(
      'SELECT lsn::text AS lsn, held_rows, generation FROM electric.client_checkpoints WHERE client_id = $1',
      [clientId],
    );
    // The deltas of the base just read (by its generation: a base stored in between must not mix in).
    const generation = cp.rows[0]?.generation ?? null;
    const deltas =
      generation === null
        ? { rows: [] as { lsn: string; changes: Buffer }[] }
        : await c.query<{ lsn: string; changes: Buffer }>(
            'SELECT lsn::text AS lsn, changes FROM electric.client_checkpoint_deltas WHERE client_id = $1 AND generation = $2 ORDER BY seq',
            [clientId, generation],
          );
    const subs = await c.query<{
      subscription_id: string;
      lsn: string;
      shape_requests: StoredShapeRequest[];
      snapshot: { xmin: number; xmax: number; xip: number[] } | null;
      delivered_rows: RowKey[];
      unsubscribed_lsn: string | null;
    }>(
      `SELECT subscription_id, lsn::text AS lsn, shape_requests, snapshot, delivered_rows, unsubscribed_lsn::text AS unsubscribed_lsn
         FROM electric.client_shape_subscriptions WHERE client_id = $1 ORDER BY lsn`,
      [clientId],
    );
    const unsubs = await c.query<{ subscription_id: string }>('SELECT subscription_id FROM electric.client_unsub_points WHERE client_id = $1', [clientId]);
    const row = cp.rows[0];
    return {
      checkpoint: row ? withDeltas({ lsn: BigInt(row.lsn), held: row.held_rows ? (JSON.parse(row.held_rows.toString('utf8')) as [RowKey, string[]][]) : [] }, deltas.rows) : null,
      subscriptions: subs.rows.map((r) => ({
        id: r.subscription_id,
        lsn: BigInt(r.lsn),
        requests: r.shape_requests,
        snapshot: r.snapshot ? { xmin: r.snapshot.xmin, xmax: r.snapshot.xmax, inProgress: new Set(r.snapshot.xip) } : null,
        deliveredRows: r.delivered_rows,
        unsubscribedLsn: r.unsubscribed_lsn === null ? null : BigInt(r.unsubscribed_lsn),
      })),
      unsubscribed: new Set(unsubs.rows.map((r) => r.subscription_id)),
    };
  }
}

/** A base checkpoint with its deltas applied in order (none: the base as it is). */
function withDeltas(base: StoredCheckpoint, deltas: readonly { lsn: string; changes: Buffer }[]): StoredCheckpoint {
  if (deltas.length === 0) return base;
  const held = HeldRows.fromJSON(base.held);
  for (const delta of deltas) for (const change of JSON.parse(delta.changes.toString('utf8')) as HeldChange[]) held.applyChange(change);
  return { lsn: BigInt(deltas[deltas.length - 1]!.lsn), held: held.toJSON() };
}
