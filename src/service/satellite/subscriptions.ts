/**
 * A connection's subscriptions: the shapes its client asked for, checked
 * against the catalog; their initial data, read from a snapshot and
 * see; unsubscriptions with their GONE batch; and, for a resuming client,
 * what it holds rebuilt from its checkpoint and the cached transactions
 * since, with the GONE batches it had not observed sent again. The live filter
 * with the held-rows record lives here; every change to it is journalled
 * for the client's checkpoint.
 */
import { lsnToBytes, type ISatSubsReq, type ISatUnsubsReq } from '../../protocol/index.js';
import type { PostgresConnector } from '../postgres/connector.js';
import type { Transaction } from '../replication/types.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import type { TaggedRow } from '../schema/tagged-rows.js';
import { HeldRows } from '../shapes/held-rows.js';
import { openSnapshot, writeMarker } from '../shapes/initial-data.js';
import { ShapeFilter, type OutOp, type ShapeHolding } from '../shapes/live-filter.js';
import { visibleIn, type Subscription, type XidSnapshot } from '../shapes/shape.js';
import { SHAPE_ERROR, validateSubscription } from '../shapes/validate.js';
import { errorMessage } from '../../util/errors.js';
import type { ClientCheckpoint } from './client-checkpoint.js';
import type { ClientStateStore, ResumableSubscription, StoredSubscription } from './client-state.js';
import { REPLICATION_ERROR } from './codes.js';
import type { ConnectionState } from './connection.js';
import type { OutgoingFrames, TableRows } from './outgoing-frames.js';
import type { RpcChannel } from './rpc.js';

export interface SubscriptionsDeps {
  readonly catalog: SchemaCatalog;
  readonly connector: Pick<PostgresConnector, 'snapshots' | 'queries'>;
  readonly clientState: Pick<ClientStateStore, 'load' | 'saveSubscription' | 'markUnsubscribed' | 'forgetUnsubscribed'>;
  /** Reloads catalog and migrations (coalesced across sessions). */
  refreshSchema(): Promise<void>;
}

/** Why a resume was refused (a SatInStartReplicationResp.ReplicationError). */
export interface ResumeRefusal {
  readonly code: number;
  readonly message: string;
}

interface PendingSubscription {
  readonly subscription: Subscription;
  /** null when no snapshot could be taken (the subscription was refused). */
  readonly snapshot: Promise<XidSnapshot | null>;
  readonly data: Promise<Map<string, TaggedRow[]> | Error>;
}

export class Subscriptions {
  private filter: ShapeFilter;
  /** Accepted subscriptions whose initial data has not gone out yet, in order. */
  private readonly pending: PendingSubscription[] = [];
  /** The subscription whose initial data deliverBefore is sending (no longer pending, not yet in the filter). */
  private delivering: string | null = null;
  private readonly unsubscribesAfterDelivery: (readonly string[])[] = [];
  /** Unsubscribed before the client reconnected without observing their GONE batch: it goes out again. */
  private unobservedGone: string[] = [];
  /** This connection's writes of its client's stored subscriptions, one after another (in the order made). */
  private stateWrites: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: ConnectionState,
    private readonly rpc: Pick<RpcChannel, 'reply'>,
    private readonly frames: Pick<OutgoingFrames, 'send' | 'ensureRelation' | 'sendInitialRows' | 'dataOp'>,
    private readonly checkpoint: Pick<ClientCheckpoint, 'track' | 'journalAt' | 'clearJournal' | 'reset'>,
    /** How far the stream to the client has gone: initial data and unsubscriptions take their place there. */
    private readonly sentLsn: () => bigint,
    private readonly deps: SubscriptionsDeps,
  ) {
    this.filter = this.newFilter(new HeldRows());
  }

  get count(): number {
    return this.filter.subscriptionIds.length;
  }

  /** What each shape holds on the client (for the status figures). */
  holdings(): ShapeHolding[] {
    return this.filter.holdings();
  }

  /** The ops of a captured transaction for this client. */
  apply(tx: Transaction): OutOp[] {
    return this.filter.apply(tx);
  }

  async subscribe(requestId: number, req: ISatSubsReq): Promise<void> {
    const taken = new Set([...this.filter.subscriptionIds, ...this.pending.map((p) => p.subscription.id)]);
    let result = await validateSubscription(req, taken, this.deps.catalog);
    if (!result.ok && result.error.shapeRequestError.some((e) => e.code === SHAPE_ERROR.TABLE_NOT_FOUND)) {
      // A table electrified moments ago may not be in the catalog yet.
      await this.deps.refreshSchema();
      result = await validateSubscription(req, taken, this.deps.catalog);
    }
    if (!result.ok) {
      this.rpc.reply('subscribe', requestId, { subscriptionId: result.subscriptionId, err: { code: 0, ...result.error } });
      return;
    }
    const { subscription } = result;
    // Registered before the snapshot exists: the stream must not pass a
    // transaction until it knows whether the snapshot saw it.
    let settleSnapshot!: (snapshot: XidSnapshot | null) => void;
    const snapshot = new Promise<XidSnapshot | null>((resolve) => (settleSnapshot = resolve));
    let settleData!: (data: Map<string, TaggedRow[]> | Error) => void;
    const data = new Promise<Map<string, TaggedRow[]> | Error>((resolve) => (settleData = resolve));
    const entry: PendingSubscription = { subscription, snapshot, data };
    this.pending.push(entry);
    let reader;
    try {
      reader = await openSnapshot(this.deps.connector.snapshots);
      settleSnapshot(reader.snapshot);
      await writeMarker(this.deps.connector.queries, subscription.id);
    } catch (err) {
      settleSnapshot(null);
      const i = this.pending.indexOf(entry);
      if (i >= 0) this.pending.splice(i, 1);
      await reader?.close();
      this.connection.log.warn('could not take a snapshot for a subscription', { error: errorMessage(err) });
      this.rpc.reply('subscribe', requestId, { subscriptionId: subscription.id, err: { code: 0, message: 'Internal error while checking data availability' } });
      return;
    }
    const snapshotReader = reader;
    void (async () => {
      try {
        const rows = new Map<string, TaggedRow[]>();
        for (const request of subscription.requests) rows.set(request.requestId, await snapshotReader.rowsFor(request));
        settleData(rows);
      } catch (err) {
        settleData(err instanceof Error ? err : new Error(String(err)));
      } finally {
        await snapshotReader.close();
      }
    })();
    this.rpc.reply('subscribe', requestId, { subscriptionId: subscription.id });
  }

  /** Initial data is waiting for its place in the stream (deliverBefore has work to do). */
  get awaitingPlacement(): boolean {
    return this.pending.length > 0;
  }

  /** Delivers pending initial data before the first transaction its snapshot did not see. */
  async deliverBefore(tx: Transaction): Promise<void> {
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      const snapshot = await head.snapshot;
      if (this.pending[0] !== head) continue; // refused or unsubscribed meanwhile
      if (snapshot && visibleIn(snapshot, tx.xid)) break;
      this.pending.shift();
      if (!snapshot) continue;
      this.delivering = head.subscription.id;
      try {
        await this.deliverInitialData(head, snapshot);
      } finally {
        this.delivering = null;
      }
      // Unsubscribes that came while its data was on the way: now it can go.
      for (const ids of this.unsubscribesAfterDelivery.splice(0)) this.unsubscribeIds(ids);
    }
  }

  private async deliverInitialData(pending: PendingSubscription, snapshot: XidSnapshot): Promise<void> {
    const { subscription } = pending;
    const data = await pending.data;
    if (data instanceof Error) {
      this.connection.log.warn('initial data query failed', { subscription: subscription.id, error: data.message });
      this.frames.send({ type: 'SatSubsDataError', message: { code: 0, subscriptionId: subscription.id, message: 'Could not retrieve initial data for subscription' } });
      return;
    }
    this.checkpoint.journalAt(this.sentLsn());
    this.filter.add(subscription, snapshot);
    // Rows the client does not hold yet; their relations go out before the data.
    const admitted: TableRows[] = [];
    const deliveredRows: string[] = [];
    for (const request of subscription.requests) {
      const all = data.get(request.requestId) ?? [];
      const { fresh, keys } = this.filter.admitInitialRows(subscription.id, request.table, all.map((row) => row.record));
      for (const key of keys) deliveredRows.push(key);
      const rows = all.filter((_, i) => fresh[i]);
      if (rows.length === 0) continue;
      this.frames.ensureRelation(request.table);
      admitted.push({ table: request.table, rows });
    }
    this.frames.send({ type: 'SatSubsDataBegin', message: { subscriptionId: subscription.id, lsn: lsnToBytes(this.sentLsn()) } });
    const [first, ...rest] = subscription.requests;
    for (const request of rest) {
      this.frames.send({ type: 'SatShapeDataBegin', message: { requestId: request.requestId, uuid: '' } });
      this.frames.send({ type: 'SatShapeDataEnd', message: {} });
    }
    if (first) {
      this.frames.send({ type: 'SatShapeDataBegin', message: { requestId: first.requestId, uuid: '' } });
      this.frames.sendInitialRows(admitted);
      this.frames.send({ type: 'SatShapeDataEnd', message: {} });
    }
    this.frames.send({ type: 'SatSubsDataEnd', message: {} });
    const stored: StoredSubscription = {
      id: subscription.id,
      lsn: this.sentLsn(),
      requests: subscription.requests.map((r) => ({ requestId: r.requestId, schema: r.table.schema, table: r.table.name, where: r.whereText })),
      snapshot,
      deliveredRows: subscription.requests.length > 1 ? [...new Set(deliveredRows)] : deliveredRows,
    };
    await this.writeState('could not store a subscription', (clientId) => this.deps.clientState.saveSubscription(clientId, stored));
  }

  unsubscribe(requestId: number, req: ISatUnsubsReq): void {
    const ids = req.subscriptionIds ?? [];
    this.rpc.reply('unsubscribe', requestId, {});
    if (this.delivering !== null && ids.includes(this.delivering)) {
      // Its data is being read and sent: the unsubscribe follows the data.
      this.unsubscribesAfterDelivery.push(ids);
      return;
    }
    this.unsubscribeIds(ids);
  }

  private unsubscribeIds(ids: readonly string[]): void {
    // Ids this connection does not have (already removed, never known) change nothing.
    const known = ids.filter((id) => this.filter.has(id) || this.pending.some((p) => p.subscription.id === id));
    if (known.length === 0) return;
    const lsn = this.sentLsn();
    void this.writeState('could not mark stored subscriptions unsubscribed', (clientId) => this.deps.clientState.markUnsubscribed(clientId, known, lsn));
    this.sendGone(known, ids);
  }

  /**
   * Sends again the GONE batches a resuming client had not observed (right
   * after its startReplication answer, before the stream).
   */
  resendGone(): void {
    const ids = this.unobservedGone;
    this.unobservedGone = [];
    if (ids.length === 0) return;
    const lsn = this.sentLsn();
    this.connection.log.info('sending unobserved GONE batches again', { clientId: this.connection.clientId, subscriptions: ids });
    // Their batch now lies here; a resume after this position has observed it.
    void this.writeState('could not mark stored subscriptions unsubscribed', (clientId) => this.deps.clientState.markUnsubscribed(clientId, ids, lsn));
    this.sendGone(ids, ids);
  }

  /** The client has observed the GONE batches of these subscriptions: their stored rows can go. */
  goneObserved(ids: readonly string[]): void {
    if (ids.length === 0) return;
    void this.writeState('could not forget unsubscribed subscriptions', (clientId) => this.deps.clientState.forgetUnsubscribed(clientId, ids));
  }

  /** Removes the subscriptions and sends the GONE batch of the rows no other one holds. */
  private sendGone(ids: readonly string[], listed: readonly string[]): void {
    this.checkpoint.journalAt(this.sentLsn());
    const gone: OutOp[] = [];
    for (const id of ids) {
      const p = this.pending.findIndex((x) => x.subscription.id === id);
      if (p >= 0) this.pending.splice(p, 1);
      gone.push(...this.filter.remove(id));
    }
    // Relations first (a resumed connection has sent none yet), as before initial data.
    for (const op of gone) this.frames.ensureRelation(op.table);
    // The batch goes out even with no row to remove: it is what tells the client
    // that the unsubscribe is done (the official client shows "cancelling" until then).
    this.frames.send({ type: 'SatUnsubsDataBegin', message: { subscriptionIds: [...listed], lsn: lsnToBytes(this.sentLsn()) } });
    if (gone.length > 0) this.frames.send({ type: 'SatOpLog', message: { ops: gone.map((op) => this.frames.dataOp(op)) } });
    this.frames.send({ type: 'SatUnsubsDataEnd', message: {} });
  }

  /** Runs a write of the client's stored state after the ones before it; failures are logged. */
  private writeState(failure: string, write: (clientId: string) => Promise<void>): Promise<void> {
    const clientId = this.connection.clientId;
    if (!clientId) return Promise.resolve();
    this.stateWrites = this.stateWrites
      .then(() => write(clientId))
      .catch((err: unknown) => this.connection.log.warn(failure, { clientId, error: errorMessage(err) }));
    return this.stateWrites;
  }

  /**
   * Rebuilds what a resuming client holds at `position`: its checkpoint,
   * then the cached transactions since, with each subscription joining at
   * the point its initial data was delivered.
   */
  async restore(
    position: bigint,
    listed: readonly string[],
    observedGone: readonly string[],
    cache: NonNullable<PostgresConnector['cache']>,
  ): Promise<{ ok: true } | { refusal: ResumeRefusal }> {
    const state = await this.deps.clientState.load(this.connection.clientId!);
    const stored = new Map(state.subscriptions.map((s) => [s.id, s]));
    const missing = listed.find((id) => !stored.has(id) && !state.unsubscribed.has(id));
    if (missing !== undefined) return { refusal: { code: REPLICATION_ERROR.SUBSCRIPTION_NOT_FOUND, message: `Unknown subscription: ${missing}` } };
    if (state.checkpoint && position < state.checkpoint.lsn) {
      return { refusal: { code: REPLICATION_ERROR.INVALID_POSITION, message: 'LSN is before the already acknowledged one' } };
    }
    // An unsubscribed subscription the client still lists: if it has not
    // observed the GONE batch, it holds the rows, so the subscription is
    // rebuilt as it was and the batch sent again; if it has (it says so, or
    // it is past the batch's position, or the batch was acknowledged), it
    // holds nothing for it.
    const observed = new Set(observedGone);
    const unobserved = (s: ResumableSubscription): boolean => s.unsubscribedLsn !== null && !observed.has(s.id) && position <= s.unsubscribedLsn;
    const active = listed.filter((id) => {
      const s = stored.get(id);
      return s !== undefined && (s.unsubscribedLsn === null || unobserved(s));
    });
    const forgotten = listed.filter((id) => !active.includes(id) && stored.has(id));
    const subscriptions: { stored: StoredSubscription; subscription: Subscription }[] = [];
    for (const id of active) {
      const s = stored.get(id)!;
      const subscription = await compileStored(s, this.deps.catalog);
      if (!subscription) return { refusal: { code: REPLICATION_ERROR.SUBSCRIPTION_NOT_FOUND, message: `Unknown subscription: ${id}` } };
      subscriptions.push({ stored: s, subscription });
    }
    const start = state.checkpoint?.lsn ?? subscriptions.reduce((min, s) => (s.stored.lsn < min ? s.stored.lsn : min), position);
    try {
      cache.check(start);
    } catch {
      return { refusal: { code: REPLICATION_ERROR.BEHIND_WINDOW, message: "Cannot catch up to the server's current state" } };
    }
    const held = HeldRows.fromJSON(state.checkpoint?.held ?? []);
    const activeSet = new Set(active);
    for (const sub of new Set(held.toJSON().flatMap(([, subs]) => subs))) if (!activeSet.has(sub)) held.releaseSubscription(sub);
    this.checkpoint.clearJournal();
    this.filter = this.newFilter(held);
    const pendingJoins = subscriptions.filter((s) => s.stored.lsn > start || !state.checkpoint);
    for (const s of subscriptions) if (!pendingJoins.includes(s)) this.filter.add(s.subscription, s.stored.snapshot);
    const join = (upTo: bigint): void => {
      while (pendingJoins.length > 0 && pendingJoins[0]!.stored.lsn <= upTo) {
        const s = pendingJoins.shift()!;
        this.filter.add(s.subscription, s.stored.snapshot);
        for (const key of s.stored.deliveredRows) held.hold(key, s.subscription.id);
      }
    };
    join(start);
    const last = cache.lastLsn;
    if (last !== null && start < position) {
      const replay = cache.read(start);
      try {
        for (;;) {
          const next = await replay.next();
          if (next.done || next.value.lsn > position) break;
          join(next.value.lsn - 1n);
          this.filter.apply(next.value);
          join(next.value.lsn);
          if (next.value.lsn >= position || next.value.lsn >= last) break;
        }
      } finally {
        await replay.return?.();
      }
    }
    join(position);
    this.checkpoint.clearJournal();
    this.checkpoint.reset(position, HeldRows.fromJSON(held.toJSON()));
    this.unobservedGone = active.filter((id) => unobserved(stored.get(id)!));
    this.goneObserved(forgotten);
    return { ok: true };
  }

  /** A filter over `held`, journalling its changes for checkpoints. */
  private newFilter(held: HeldRows): ShapeFilter {
    this.checkpoint.track(held);
    return new ShapeFilter(held, (schema, table) => this.deps.catalog.table(schema, table));
  }
}

/** A stored subscription, compiled again against today's catalog. */
async function compileStored(stored: StoredSubscription, catalog: SchemaCatalog): Promise<Subscription | null> {
  const result = await validateSubscription(
    {
      subscriptionId: stored.id,
      shapeRequests: stored.requests.map((r) => ({
        requestId: r.requestId,
        shapeDefinition: { selects: [{ tablename: r.table, schemaname: r.schema, where: r.where }] },
      })),
    },
    new Set(),
    catalog,
  );
  return result.ok ? result.subscription : null;
}
