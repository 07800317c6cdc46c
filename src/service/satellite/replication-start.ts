/**
 * The client's startReplication: where its stream begins. A fresh client
 * (no LSN) gets every migration after its schema version in its dialect,
 * then the stream from the cache's newest position; a resuming client's
 * position is checked against the cache window and what it holds is
 * rebuilt from its checkpoint, and GONE batches it had not observed go out
 * again before the stream. Refusals are the legacy ones (MALFORMED_LSN,
 * BEHIND_WINDOW, INVALID_POSITION, SUBSCRIPTION_NOT_FOUND, UNKNOWN_SCHEMA_VSN).
 */
import type { ISatInStartReplicationReq, ISatInStartReplicationResp } from '../../protocol/index.js';
import { bytesToLsn } from '../../protocol/index.js';
import type { PostgresConnector } from '../postgres/connector.js';
import { CacheWindowError } from '../replication/transaction-cache.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import type { Dialect } from '../schema/migration-ops.js';
import { HeldRows } from '../shapes/held-rows.js';
import type { ClientCheckpoint } from './client-checkpoint.js';
import type { ClientStateStore } from './client-state.js';
import { ERROR_CODE, REPLICATION_ERROR } from './codes.js';
import type { ConnectionState } from './connection.js';
import type { MigrationsFeed } from './migrations-feed.js';
import { UNACKED_WINDOW_SIZE, type OutboundStream } from './outbound-stream.js';
import { migrateOp, migratedTables } from './outgoing-frames.js';
import type { RpcChannel } from './rpc.js';
import type { Subscriptions } from './subscriptions.js';

/** How long a resuming client waits for the cache to reach its position. */
const CATCH_UP_TIMEOUT_MS = 10_000;

export interface ReplicationStartDeps {
  readonly connector: Pick<PostgresConnector, 'cache' | 'queries'>;
  readonly migrations: Pick<MigrationsFeed, 'refresh' | 'knows' | 'after'>;
  readonly clientState: Pick<ClientStateStore, 'wipe'>;
  readonly catalog: Pick<SchemaCatalog, 'table'>;
  /** Reloads catalog and migrations (coalesced across sessions). */
  refreshSchema(): Promise<void>;
}

export class ReplicationStart {
  /** A startReplication is being handled (it waits on Postgres and the cache). */
  private starting = false;

  constructor(
    private readonly connection: ConnectionState,
    private readonly rpc: Pick<RpcChannel, 'reply' | 'refuse' | 'replyThenClose'>,
    private readonly stream: Pick<OutboundStream, 'active' | 'placeAt' | 'sendMigrations' | 'start'>,
    private readonly subscriptions: Pick<Subscriptions, 'restore' | 'resendGone'>,
    private readonly checkpoint: Pick<ClientCheckpoint, 'reset'>,
    private readonly deps: ReplicationStartDeps,
  ) {}

  async handle(requestId: number, req: ISatInStartReplicationReq): Promise<void> {
    if (this.stream.active || this.starting) {
      this.rpc.refuse('startReplication', requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: 'Replication is already active' });
      return;
    }
    this.starting = true;
    try {
      await this.begin(requestId, req);
    } finally {
      this.starting = false;
    }
  }

  private async begin(requestId: number, req: ISatInStartReplicationReq): Promise<void> {
    const refuse = (code: number, message: string): void => {
      const response: ISatInStartReplicationResp = { err: { code, message } };
      this.rpc.replyThenClose('startReplication', requestId, response, 'Replication request refused');
    };
    const cache = this.deps.connector.cache;
    if (!cache) {
      this.rpc.refuse('startReplication', requestId, { errorType: ERROR_CODE.REPLICATION_FAILED, message: 'Replication is not ready' });
      return;
    }
    const dialect: Dialect = req.sqlDialect === 1 ? 'postgresql' : 'sqlite';
    const schemaVersion = req.schemaVersion ?? null;
    // Where a fresh client's stream starts, read before the history: the
    // history then holds every migration up to here (and maybe later ones,
    // which the stream skips when they come by).
    const freshPosition = cache.lastLsn ?? cache.floor;
    await this.deps.migrations.refresh();
    if (schemaVersion !== null && schemaVersion !== '' && !this.deps.migrations.knows(schemaVersion)) {
      refuse(REPLICATION_ERROR.UNKNOWN_SCHEMA_VSN, `Unknown schema version: ${schemaVersion}`);
      return;
    }
    const lsnBytes = req.lsn ?? new Uint8Array();
    if (lsnBytes.length === 0) {
      if ((req.subscriptionIds?.length ?? 0) > 0) {
        refuse(REPLICATION_ERROR.INVALID_POSITION, 'Cannot resume subscriptions for a first-time client');
        return;
      }
      const position = freshPosition;
      await this.deps.clientState.wipe(this.connection.clientId!);
      if (this.connection.closed) return; // no stream for a connection gone meanwhile
      this.checkpoint.reset(position, new HeldRows());
      this.rpc.reply('startReplication', requestId, { unackedWindowSize: UNACKED_WINDOW_SIZE });
      this.stream.placeAt(position, { acknowledged: false });
      const migrations = this.deps.migrations.after(schemaVersion || null, dialect);
      // Their tables' relations follow them: the catalog must know those tables.
      const tables = migratedTables(migrations.flatMap((m) => m.ops.map(migrateOp)));
      if (tables.some((name) => !this.deps.catalog.table('public', name))) await this.deps.refreshSchema();
      if (this.connection.closed) return;
      this.stream.sendMigrations(migrations.map((m) => ({ ...m, lsn: position })));
      this.stream.start(cache.read(position), dialect, position);
      return;
    }
    let position: bigint;
    try {
      position = bytesToLsn(lsnBytes);
    } catch {
      refuse(REPLICATION_ERROR.MALFORMED_LSN, 'Could not validate start replication request');
      return;
    }
    // Just after a start the cache is still re-reading the retained WAL: a
    // position Postgres has written is worth waiting for.
    if ((cache.lastLsn ?? cache.floor) < position && (await this.walHasReached(position))) {
      await cache.reach(position, CATCH_UP_TIMEOUT_MS);
    }
    try {
      cache.check(position);
    } catch (err) {
      if (err instanceof CacheWindowError && err.code === 'BEHIND_WINDOW') {
        refuse(REPLICATION_ERROR.BEHIND_WINDOW, "Cannot catch up to the server's current state");
      } else {
        refuse(REPLICATION_ERROR.INVALID_POSITION, 'LSN is ahead of the server');
      }
      return;
    }
    const resumed = await this.subscriptions.restore(position, req.subscriptionIds ?? [], req.observedGoneBatch ?? [], cache);
    if ('refusal' in resumed) {
      refuse(resumed.refusal.code, resumed.refusal.message);
      return;
    }
    if (this.connection.closed) return;
    this.rpc.reply('startReplication', requestId, { unackedWindowSize: UNACKED_WINDOW_SIZE });
    this.stream.placeAt(position, { acknowledged: true });
    this.subscriptions.resendGone();
    this.stream.start(cache.read(position), dialect, position);
  }

  private async walHasReached(position: bigint): Promise<boolean> {
    try {
      const { rows } = await this.deps.connector.queries.query<{ lsn: string }>(
        "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text AS lsn",
      );
      return BigInt(rows[0]!.lsn) >= position;
    } catch {
      return false;
    }
  }
}
