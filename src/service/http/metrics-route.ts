/**
 * GET /metrics: the figures of /api/status/detail in the Prometheus text
 * format (prom-client), under the same access rule. Values are set from
 * one reading of the figures per scrape; label sets (clients, shapes) are
 * rebuilt each time, so departed clients disappear.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Route } from './server.js';
import { allowed, type StatusAccess } from './status-access.js';
import { parseLsn } from '../replication/pgoutput.js';
import { detailedStatusBody, type DetailedStatusBody, type DetailedStatusSource } from './status-route.js';

type Labels<T extends string> = Partial<Record<T, string>>;

/** A gauge or counter whose every value is replaced at each scrape. */
class Figure<T extends string = never> {
  private readonly metric: Gauge<T> | Counter<T>;

  constructor(registry: Registry, kind: 'gauge' | 'counter', name: string, help: string, labelNames: readonly T[] = []) {
    const config = { name, help, labelNames, registers: [registry] };
    this.metric = kind === 'gauge' ? new Gauge<T>(config) : new Counter<T>(config);
  }

  reset(): void {
    this.metric.reset();
  }

  set(value: number, labels: Labels<T> = {}): void {
    if (this.metric instanceof Gauge) this.metric.set(labels, value);
    else this.metric.inc(labels, value);
  }
}

/** "16/B374D848" → its byte position (exact below 2^53, i.e. 8 PiB of WAL). */
function lsnNumber(lsn: string | null): number | null {
  return lsn === null ? null : Number(parseLsn(lsn));
}

export class PrometheusMetrics {
  readonly registry = new Registry();
  /** Every figure below (declared first: the initialisers below fill it). */
  private readonly all: Figure<string>[] = [];
  private readonly info = this.gauge('electric_info', 'Service version and modes (always 1)', ['version', 'instance_id', 'write_mode', 'auth_mode']);
  private readonly ready = this.gauge('electric_ready', '1 when the service is ready (Postgres connected, schema installed)');
  private readonly uptime = this.gauge('electric_uptime_seconds', 'Seconds since the service started');
  private readonly postgres = this.gauge('electric_postgres_info', 'Postgres connection state and server version (always 1)', ['state', 'server_version', 'embedded']);
  private readonly lagBytes = this.gauge('electric_replication_lag_bytes', 'WAL bytes the replication stream is behind the server');
  private readonly lagSeconds = this.gauge('electric_replication_lag_seconds', 'How long the replication stream has been behind the server');
  private readonly txIn = this.counter('electric_replication_transactions_total', 'Transactions captured from Postgres');
  private readonly txInRate = this.gauge('electric_replication_transactions_per_second', 'Transactions captured per second (10 s average)');
  private readonly cacheTransactions = this.gauge('electric_transaction_cache_transactions', 'Transactions held in the cache');
  private readonly cacheBytes = this.gauge('electric_transaction_cache_bytes', 'Bytes held in the transaction cache');
  private readonly cacheMaxBytes = this.gauge('electric_transaction_cache_max_bytes', 'Size limit of the transaction cache');
  private readonly cacheFirst = this.gauge('electric_transaction_cache_first_lsn', 'LSN (byte position) of the oldest cached transaction');
  private readonly cacheLast = this.gauge('electric_transaction_cache_last_lsn', 'LSN (byte position) of the newest cached transaction');
  private readonly txOut = this.counter('electric_transactions_sent_total', 'Transactions sent to clients (one per receiving client)');
  private readonly txOutRate = this.gauge('electric_transactions_sent_per_second', 'Transactions sent to clients per second (10 s average)');
  private readonly connections = this.gauge('electric_websocket_connections', 'Open WebSocket connections, authenticated or not');
  private readonly clients = this.gauge('electric_clients_connected', 'Authenticated clients connected');
  private readonly clientSince = this.gauge('electric_client_connected_since_seconds', 'When the client connected (Unix seconds)', ['client_id', 'user_id']);
  private readonly clientAcked = this.gauge('electric_client_acknowledged_lsn', 'LSN (byte position) the client last acknowledged', ['client_id', 'user_id']);
  private readonly clientUnacked = this.gauge('electric_client_unacked_transactions', 'Transactions sent and not yet acknowledged', ['client_id', 'user_id']);
  private readonly clientBytes = this.counter('electric_client_sent_bytes_total', 'Bytes sent to the client on this connection', ['client_id', 'user_id']);
  private readonly clientSubscriptions = this.gauge('electric_client_subscriptions', 'Active subscriptions of the client', ['client_id', 'user_id']);
  private readonly shapes = this.gauge('electric_shapes_active', 'Distinct shapes (table and where-clause) subscribed to');
  private readonly shapeSubscribers = this.gauge('electric_shape_subscribers', 'Subscriptions to the shape', ['table', 'where']);
  private readonly shapeRows = this.gauge('electric_shape_rows_held', 'Rows the shape holds on clients, summed over its subscribers', ['table', 'where']);
  private readonly writesApplied = this.counter('electric_client_writes_applied_total', 'Client transactions applied to Postgres');
  private readonly writesRejected = this.counter('electric_client_writes_rejected_total', 'Client transactions Postgres refused');
  private readonly writesQueued = this.gauge('electric_client_writes_queued', 'Client transactions waiting for the writer');
  private readonly writesRate = this.gauge('electric_client_writes_per_second', 'Client transactions applied per second (10 s average)');
  private readonly writesLastError = this.gauge('electric_client_write_last_error_timestamp_seconds', 'When the writer last failed (Unix seconds)');
  private readonly migrations = this.gauge('electric_migrations', 'Migrations captured');
  private readonly migration = this.gauge('electric_migration_info', 'The current migration version (always 1)', ['version']);
  private readonly proxyConnections = this.gauge('electric_proxy_connections', 'Open connections to the migrations proxy');

  /** The exposition text for one reading of the figures. */
  render(body: DetailedStatusBody): Promise<string> {
    for (const f of this.all) f.reset();
    this.info.set(1, { version: body.version, instance_id: body.instanceId, write_mode: body.writeMode, auth_mode: body.authMode });
    this.ready.set(body.status === 'ready' ? 1 : 0);
    this.uptime.set(body.uptimeSeconds);
    this.postgres.set(1, { state: body.postgres.state, server_version: body.postgres.serverVersion ?? '', embedded: String(body.postgres.embedded) });
    const r = body.replication;
    this.lagBytes.set(r.lag.bytes);
    this.lagSeconds.set(r.lag.ms / 1000);
    this.txIn.set(body.totals.transactionsIn);
    this.txInRate.set(body.throughput.transactionsInPerSecond);
    if (r.cache) {
      this.cacheTransactions.set(r.cache.transactions);
      this.cacheBytes.set(r.cache.bytes);
      this.cacheMaxBytes.set(r.cache.maxBytes);
      const first = lsnNumber(r.cache.firstLsn);
      const last = lsnNumber(r.cache.lastLsn);
      if (first !== null) this.cacheFirst.set(first);
      if (last !== null) this.cacheLast.set(last);
    }
    this.txOut.set(body.totals.transactionsOut);
    this.txOutRate.set(body.throughput.transactionsOutPerSecond);
    this.connections.set(body.connections);
    this.clients.set(body.clients.length);
    for (const c of body.clients) {
      const labels = { client_id: c.clientId, user_id: c.userId ?? '' };
      this.clientSince.set(Date.parse(c.connectedAt) / 1000, labels);
      const acked = lsnNumber(c.acknowledgedLsn);
      if (acked !== null) this.clientAcked.set(acked, labels);
      this.clientUnacked.set(c.unacked, labels);
      this.clientBytes.set(c.bytesSent, labels);
      this.clientSubscriptions.set(c.subscriptions, labels);
    }
    this.shapes.set(body.shapes.length);
    for (const s of body.shapes) {
      const labels = { table: s.table, where: s.where };
      this.shapeSubscribers.set(s.subscribers, labels);
      this.shapeRows.set(s.rowsHeld, labels);
    }
    this.writesApplied.set(body.writes.written);
    this.writesRejected.set(body.writes.rejected);
    this.writesQueued.set(body.writes.queued);
    this.writesRate.set(body.writes.perSecond);
    if (body.writes.lastError) this.writesLastError.set(Date.parse(body.writes.lastError.at) / 1000);
    this.migrations.set(body.migrations.count);
    if (body.migrations.version !== null) this.migration.set(1, { version: body.migrations.version });
    this.proxyConnections.set(body.proxy.connections);
    return this.registry.metrics();
  }

  private gauge<T extends string = never>(name: string, help: string, labels: readonly T[] = []): Figure<T> {
    return this.add(new Figure<T>(this.registry, 'gauge', name, help, labels));
  }

  private counter<T extends string = never>(name: string, help: string, labels: readonly T[] = []): Figure<T> {
    return this.add(new Figure<T>(this.registry, 'counter', name, help, labels));
  }

  private add<T extends string>(figure: Figure<T>): Figure<T> {
    this.all.push(figure as unknown as Figure<string>);
    return figure;
  }
}

export function metricsRoute(source: () => DetailedStatusSource, access: StatusAccess): Route {
  const prometheus = new PrometheusMetrics();
  return {
    method: 'GET',
    path: '/metrics',
    handler: async (req, res) => {
      if (!(await allowed(access, req, res))) return;
      const text = await prometheus.render(detailedStatusBody(source()));
      res.writeHead(200, { 'content-type': prometheus.registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}
