/**
 * GET /api/status: 200 when the service is ready (Postgres connected and
 * the electric schema installed), 503 with the current state otherwise.
 * GET /api/status/detail: the same, with every figure of the service
 * (replication, clients, shapes, writes...); protected by StatusAccess.
 */
import type { Route } from './server.js';
import { sendJson } from './server.js';
import type { PostgresConnector } from '../postgres/connector.js';
import { allowed, type StatusAccess } from './status-access.js';
import { serviceMetrics, type MetricsSource, type ServiceMetrics } from '../metrics.js';
import { VERSION } from '../../version.js';

export interface StatusSource {
  readonly connector: PostgresConnector | null;
  readonly startedAt: number;
  readonly embedded: boolean;
  /** Every part is up (the writer, the /ws endpoint, the proxy), not only Postgres. */
  readonly serving: boolean;
}

export interface StatusBody {
  status: string;
  message: string;
  version: string;
  uptimeSeconds: number;
  postgres: {
    connected: boolean;
    state: string;
    serverVersion: string | null;
    embedded: boolean;
    lastError: string | null;
  };
}

export function statusBody(source: StatusSource): StatusBody {
  const connector = source.connector;
  const state = connector?.state ?? 'initialization';
  const connected = state === 'ready';
  // Ready once clients can be served, so a client that waits for 200 finds /ws up.
  const ready = connected && source.serving;
  return {
    status: ready ? 'ready' : connected ? 'starting' : state,
    message: ready ? 'Connection to Postgres is up!' : connector ? 'Initializing connection to Postgres...' : 'Database connection failure.',
    version: VERSION,
    uptimeSeconds: Math.round((Date.now() - source.startedAt) / 1000),
    postgres: {
      connected,
      state,
      serverVersion: connected ? (connector?.serverInfo?.serverVersion ?? null) : null,
      embedded: source.embedded,
      lastError: connector?.lastError ?? null,
    },
  };
}

export function statusRoute(source: () => StatusSource): Route {
  return {
    method: 'GET',
    path: '/api/status',
    handler: (_req, res) => {
      const body = statusBody(source());
      sendJson(res, body.status === 'ready' ? 200 : 503, body);
    },
  };
}

export type DetailedStatusSource = StatusSource & MetricsSource;

export type DetailedStatusBody = StatusBody & ServiceMetrics & { readonly writeMode: string };

export function detailedStatusBody(source: DetailedStatusSource): DetailedStatusBody {
  return { ...statusBody(source), writeMode: source.writeMode, ...serviceMetrics(source) };
}

export function detailedStatusRoute(source: () => DetailedStatusSource, access: StatusAccess): Route {
  return {
    method: 'GET',
    path: '/api/status/detail',
    handler: async (req, res) => {
      if (!(await allowed(access, req, res))) return;
      const body = detailedStatusBody(source());
      sendJson(res, body.status === 'ready' ? 200 : 503, body);
    },
  };
}
