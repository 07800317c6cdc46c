/**
 * Figures about the service, read on request from counters and gauges that
 * the working parts keep up to date (nothing is computed on the hot path).
 * The status routes and `electric status` read these.
 */
import type { PostgresConnector } from './postgres/connector.js';
import { lagOf } from './replication/stream.js';
import { formatLsn } from './replication/pgoutput.js';
import type { SatelliteEndpoint } from './satellite/endpoint.js';
import type { SessionFigures } from './satellite/session.js';
import type { MigrationsFeed } from './satellite/migrations-feed.js';
import type { ClientWriter } from './writes/writer.js';

export interface ReplicationMetrics {
  readonly state: string;
  readonly lag: { readonly bytes: number; readonly ms: number };
  readonly lastCommitAt: string | null;
  readonly transactionsPerSecond: number;
  readonly transactions: number;
  readonly dispatchedLsn: string | null;
  readonly serverWalEnd: string | null;
  readonly cache: {
    readonly transactions: number;
    readonly bytes: number;
    readonly maxBytes: number;
    readonly firstLsn: string | null;
    readonly lastLsn: string | null;
  } | null;
}

export function replicationMetrics(connector: PostgresConnector | null, now = Date.now()): ReplicationMetrics {
  const stream = connector?.streamMetrics ?? null;
  const cache = connector?.cache?.stats ?? null;
  const lag = stream ? lagOf(stream, now) : { bytes: 0n, ms: 0 };
  return {
    state: connector?.state ?? 'initialization',
    lag: { bytes: Number(lag.bytes), ms: lag.ms },
    lastCommitAt: stream?.lastCommitMs ? new Date(stream.lastCommitMs).toISOString() : null,
    transactionsPerSecond: connector?.transactionRate.perSecond() ?? 0,
    transactions: stream?.transactions ?? 0,
    dispatchedLsn: stream ? formatLsn(stream.dispatchedLsn) : null,
    serverWalEnd: stream ? formatLsn(stream.serverWalEnd) : null,
    cache: cache && {
      transactions: cache.transactions,
      bytes: cache.bytes,
      maxBytes: cache.maxBytes,
      firstLsn: cache.firstLsn === null ? null : formatLsn(cache.firstLsn),
      lastLsn: cache.lastLsn === null ? null : formatLsn(cache.lastLsn),
    },
  };
}

/**
 * A count of open connections that another part reports into (the
 * migrations proxy: inc on accept, dec on close). Reads 0 until it does.
 */
export class ConnectionGauge {
  private count = 0;
  inc(): void {
    this.count++;
  }
  dec(): void {
    if (this.count > 0) this.count--;
  }
  get value(): number {
    return this.count;
  }
}

/** A session's figures as served: the connection time in ISO form, its shapes counted as subscriptions. */
export type ClientMetrics = Omit<SessionFigures, 'connectedAt' | 'shapes'> & {
  readonly connectedAt: string;
  readonly subscriptions: number;
};

/** One shape (table and where-clause) across every client subscribed to it. */
export interface ShapeMetrics {
  readonly table: string;
  readonly where: string;
  readonly subscribers: number;
  readonly rowsHeld: number;
}

export interface WriteMetrics {
  readonly mode: string;
  readonly written: number;
  readonly rejected: number;
  readonly queued: number;
  readonly perSecond: number;
  readonly lastError: { readonly message: string; readonly clientId: string; readonly at: string } | null;
}

export interface ServiceMetrics {
  readonly instanceId: string;
  readonly authMode: string;
  readonly replication: ReplicationMetrics;
  readonly throughput: {
    /** Transactions captured from Postgres. */
    readonly transactionsInPerSecond: number;
    /** Transactions sent to clients (one per client that receives it). */
    readonly transactionsOutPerSecond: number;
    /** Client transactions applied to Postgres. */
    readonly clientTransactionsPerSecond: number;
  };
  readonly totals: {
    readonly transactionsIn: number;
    readonly transactionsOut: number;
  };
  /** Open WebSocket connections, authenticated or not. */
  readonly connections: number;
  readonly clients: readonly ClientMetrics[];
  readonly shapes: readonly ShapeMetrics[];
  readonly writes: WriteMetrics;
  readonly migrations: { readonly version: string | null; readonly count: number };
  readonly proxy: { readonly connections: number };
}

/** The parts whose counters the figures read; null where a part has not started. */
export interface MetricsSource {
  readonly connector: PostgresConnector | null;
  readonly endpoint: SatelliteEndpoint | null;
  readonly writer: ClientWriter | null;
  readonly migrations: MigrationsFeed | null;
  readonly proxyConnections: ConnectionGauge;
  readonly instanceId: string;
  readonly authMode: string;
  readonly writeMode: string;
}

export function serviceMetrics(source: MetricsSource, now = Date.now()): ServiceMetrics {
  const sessions = source.endpoint?.clientFigures() ?? [];
  const writer = source.writer;
  const lastError = writer?.stats.lastError ?? null;
  return {
    instanceId: source.instanceId,
    authMode: source.authMode,
    replication: replicationMetrics(source.connector, now),
    throughput: {
      transactionsInPerSecond: source.connector?.transactionRate.perSecond(10, now) ?? 0,
      transactionsOutPerSecond: source.endpoint?.transactionsOut.perSecond(10, now) ?? 0,
      clientTransactionsPerSecond: writer?.writtenRate.perSecond(10, now) ?? 0,
    },
    totals: {
      transactionsIn: source.connector?.transactionRate.total ?? 0,
      transactionsOut: source.endpoint?.transactionsOut.total ?? 0,
    },
    connections: source.endpoint?.sessionCount ?? 0,
    clients: sessions.map(({ connectedAt, shapes, ...figures }) => ({
      ...figures,
      connectedAt: new Date(connectedAt).toISOString(),
      subscriptions: new Set(shapes.map((h) => h.subscriptionId)).size,
    })),
    shapes: shapeMetrics(sessions),
    writes: {
      mode: source.writeMode,
      written: writer?.stats.written ?? 0,
      rejected: writer?.stats.rejected ?? 0,
      queued: writer?.stats.queued ?? 0,
      perSecond: writer?.writtenRate.perSecond(10, now) ?? 0,
      lastError: lastError && { message: lastError.message, clientId: lastError.clientId, at: new Date(lastError.at).toISOString() },
    },
    migrations: source.migrations?.latest ?? { version: null, count: 0 },
    proxy: { connections: source.proxyConnections.value },
  };
}

/** Shapes grouped by table and where-clause, most rows first. */
function shapeMetrics(sessions: readonly SessionFigures[]): ShapeMetrics[] {
  const byShape = new Map<string, { table: string; where: string; subscribers: number; rowsHeld: number }>();
  for (const session of sessions) {
    for (const holding of session.shapes) {
      const table = `${holding.schema}.${holding.table}`;
      const key = `${table}\u0000${holding.where}`;
      let shape = byShape.get(key);
      if (!shape) byShape.set(key, (shape = { table, where: holding.where, subscribers: 0, rowsHeld: 0 }));
      shape.subscribers++;
      shape.rowsHeld += holding.rowsHeld;
    }
  }
  return [...byShape.values()].sort((a, b) => b.rowsHeld - a.rowsHeld || a.table.localeCompare(b.table) || a.where.localeCompare(b.where));
}
