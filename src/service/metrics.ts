/**
 * Figures about the service, read on request from counters and gauges that
 * the working parts keep up to date (nothing is computed on the hot path).
 * The status routes and `electric status` read these.
 */
import type { PostgresConnector } from './postgres/connector.js';
import { lagOf } from './replication/stream.js';
import { formatLsn } from './replication/pgoutput.js';

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
