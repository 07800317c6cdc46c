/**
 * Composition root of the sync service: starts every part in order and
 * stops them in reverse. Nothing else wires parts together.
 */
import type { AddressInfo } from 'node:net';
import type { Config, DatabaseConfig } from './config.js';
import { EmbeddedPostgres } from './postgres/embedded.js';
import { PostgresConnector } from './postgres/connector.js';
import { HttpServer } from './http/server.js';
import { migrationsRoute } from './http/migrations-route.js';
import { detailedStatusRoute, statusRoute, type DetailedStatusSource } from './http/status-route.js';
import { metricsRoute } from './http/metrics-route.js';
import { statusAccess } from './http/status-access.js';
import { ConnectionGauge } from './metrics.js';
import { silentLogger, type Logger } from '../util/log.js';
import { SchemaCatalog } from './schema/catalog.js';
import { MigrationsFeed } from './satellite/migrations-feed.js';
import { SatelliteEndpoint } from './satellite/endpoint.js';
import { DirectWriter, type ClientWriter } from './writes/writer.js';
import { LogicalPublisher } from './writes/publisher.js';
import { disableSubscription } from './writes/subscription.js';
import { ClientStateStore } from './satellite/client-state.js';
import { createAuthenticator, type Authenticator } from './auth/jwt.js';
import type { Duplex } from 'node:stream';
import { ProxyServer } from '../proxy/server.js';
import { proxyPassword } from './proxy-password.js';
import { StartupError, errorMessage } from '../util/errors.js';
import { ProxyTunnelEndpoint, TUNNEL_DISABLED_MESSAGE, proxyConnector, refuse } from '../tunnel/server.js';

export interface ServiceOptions {
  readonly logger?: Logger;
  /** Extra Postgres settings for the embedded cluster (tests turn fsync off). */
  readonly embeddedSettings?: Readonly<Record<string, string>>;
  /** Opens a connection to the migrations proxy for a `/proxy` tunnel (default: the proxy's port). */
  readonly proxyTunnelConnect?: () => Duplex;
}

export class ElectricService {
  readonly startedAt = Date.now();
  private embedded: EmbeddedPostgres | null = null;
  private _connector: PostgresConnector | null = null;
  private http: HttpServer | null = null;
  private _httpAddress: AddressInfo | null = null;
  private stopping: Promise<void> | null = null;
  private satellite: SatelliteEndpoint | null = null;
  private writer: ClientWriter | null = null;
  private _proxy: ProxyServer | null = null;
  /** Every part has started (what /api/status calls ready). */
  private serving = false;
  private _proxyAddress: AddressInfo | null = null;
  private tunnel: ProxyTunnelEndpoint | null = null;
  private _publisherAddress: AddressInfo | null = null;
  private migrations: MigrationsFeed | null = null;
  readonly catalog = new SchemaCatalog();
  /** Open connections of the migrations proxy: the proxy reports into it (inc/dec). */
  readonly proxyConnections = new ConnectionGauge();
  private schemaRefresh: Promise<void> | null = null;
  private readonly log: Logger;
  /** Verifies client tokens, and in secure mode the status routes' tokens too. */
  private readonly authenticator: Authenticator;

  constructor(
    readonly config: Config,
    private readonly options: ServiceOptions = {},
  ) {
    this.log = options.logger ?? silentLogger;
    this.authenticator = createAuthenticator(config.auth);
  }

  /** Creates and starts a service; resolves when it is ready to serve clients. */
  static async start(config: Config, options: ServiceOptions = {}): Promise<ElectricService> {
    const service = new ElectricService(config, options);
    await service.start();
    return service;
  }

  /** Starts every part; on failure, stops what was started and rethrows. */
  async start(): Promise<void> {
    try {
      await this.startParts();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  get connector(): PostgresConnector | null {
    return this._connector;
  }
  get httpAddress(): AddressInfo {
    if (!this._httpAddress) throw new Error('the HTTP server is not listening');
    return this._httpAddress;
  }
  get httpUrl(): string {
    const { address, port } = this.httpAddress;
    const host = address === '::' || address === '0.0.0.0' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
    return `http://${host}:${port}`;
  }
  /** The migrations proxy's address (null until it listens). */
  get proxyAddress(): AddressInfo | null {
    return this._proxyAddress;
  }
  get proxy(): ProxyServer | null {
    return this._proxy;
  }
  get database(): DatabaseConfig | null {
    return this._connector?.connection ?? null;
  }
  get embeddedDataDir(): string | null {
    return this.embedded?.dataDir ?? null;
  }

  private async startParts(): Promise<void> {
    if (this.stopping) return;
    // HTTP first: a busy port fails before anything else starts, and
    // /api/status answers 503 while Postgres comes up.
    const access = statusAccess(this.config.auth.mode, this.authenticator, this.config.statusUsers);
    this.http = new HttpServer(
      [
        statusRoute(() => ({ connector: this._connector, startedAt: this.startedAt, embedded: this.config.database === null, serving: this.serving })),
        migrationsRoute(() => ({ connector: this._connector, migrations: this.migrations })),
        detailedStatusRoute(() => this.detailSource(), access),
        metricsRoute(() => this.detailSource(), access),
      ],
      this.log,
    );
    if (this.config.proxy.tunnelEnabled) {
      this.tunnel = new ProxyTunnelEndpoint({ connect: this.options.proxyTunnelConnect ?? proxyConnector(this.config), logger: this.log });
    }
    this.http.server.on('upgrade', (req, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this._httpAddress = await this.http.listen(this.config.http.host, this.config.http.port);
    if (this.stopping) return;

    let db = this.config.database;
    if (db === null) {
      this.embedded = new EmbeddedPostgres({
        dataDir: this.config.embedded.dataDir,
        port: this.config.embedded.port,
        logger: this.log,
        settings: this.options.embeddedSettings,
      });
      db = await this.embedded.start();
      if (this.stopping) return;
      this.log.info('embedded Postgres is running', { url: `postgresql://${db.user}@${db.host}:${db.port}/${db.database}`, dataDir: this.embedded.dataDir });
    }

    this._connector = new PostgresConnector(db, {
      logger: this.log,
      txnCacheSize: this.config.txnCacheSize,
      resumableWalWindow: this.config.resumableWalWindow,
    });
    await this._connector.start();
    if (this.stopping) return;
    this.log.info('connected to Postgres', { serverVersion: this._connector.serverInfo?.serverVersion });

    const connector = this._connector;
    if (this.config.writeToPgMode === 'logical_replication') {
      const publisher = new LogicalPublisher({
        host: this.config.logicalPublisher.host ?? '127.0.0.1',
        port: this.config.logicalPublisher.port,
        allowRemote: this.config.logicalPublisher.allowRemote,
        db,
        queries: () => connector.queries,
        logger: this.log,
      });
      this.writer = publisher;
      this._publisherAddress = await publisher.start();
      if (this.stopping) return;
    } else {
      await disableSubscription(connector.queries);
      this.writer = new DirectWriter(db, this.log);
    }
    const migrations = new MigrationsFeed(() => connector.queries);
    this.migrations = migrations;
    await this.catalog.load(connector.queries);
    await migrations.refresh();
    if (this.stopping) return;
    // Keeps the current migration version current even with no client connected.
    connector.on('migrations', () => void migrations.refresh().catch((err: unknown) => this.log.warn('reloading migrations failed', { error: errorMessage(err) })));
    this.satellite = new SatelliteEndpoint({
      instanceId: this.config.instanceId,
      authenticator: this.authenticator,
      connector,
      catalog: this.catalog,
      migrations,
      clientState: new ClientStateStore(() => connector.queries),
      writer: this.writer,
      refreshSchema: () => (this.schemaRefresh ??= Promise.all([this.catalog.load(connector.queries), migrations.refresh()])
        .then(() => undefined)
        .finally(() => (this.schemaRefresh = null))),
      logger: this.log,
    });
    await this.startProxy(db);
    if (this.stopping) return;
    this.serving = true;
  }

  private async startProxy(db: DatabaseConfig): Promise<void> {
    const password = await proxyPassword(this.config.proxy.password, this.embedded?.dataDir ?? null, this.log);
    this._proxy = new ProxyServer({
      db,
      password,
      features: { proxyGrantWritePermissions: this.config.features.proxyGrantWritePermissions, proxyDdlxSqlite: this.config.features.proxyDdlxSqlite },
      logger: this.log,
      gauge: this.proxyConnections,
    });
    if (this.stopping) return;
    try {
      this._proxyAddress = await this._proxy.listen(this.config.http.host, this.config.proxy.port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new StartupError('PG_PROXY_PORT_IN_USE', `PG_PROXY_PORT ${this.config.proxy.port} is already in use: stop the other process or choose another port`);
      }
      throw err;
    }
  }

  /** The logical publisher's address (logical_replication mode, once listening). */
  get publisherAddress(): AddressInfo | null {
    return this._publisherAddress;
  }
  /** The client writer of the configured mode. */
  get clientWriter(): ClientWriter | null {
    return this.writer;
  }

  /** Open migrations-proxy tunnels, when PG_PROXY_PORT enables them (for status and tests). */
  get proxyTunnel(): ProxyTunnelEndpoint | null {
    return this.tunnel;
  }

  /** What the detailed status and /metrics read. */
  private detailSource(): DetailedStatusSource {
    return {
      connector: this._connector,
      startedAt: this.startedAt,
      embedded: this.config.database === null,
      serving: this.serving,
      endpoint: this.satellite,
      writer: this.writer,
      migrations: this.migrations,
      proxyConnections: this.proxyConnections,
      instanceId: this.config.instanceId,
      authMode: this.config.auth.mode,
      writeMode: this.config.writeToPgMode,
    };
  }

  /** Connected Satellite sessions (for status and tests). */
  get satelliteEndpoint(): SatelliteEndpoint | null {
    return this.satellite;
  }

  private onUpgrade(req: import('node:http').IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    socket.on('error', () => socket.destroy());
    if (path === '/ws') {
      if (!this.satellite) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nPostgres connection is not ready: initialization');
        return;
      }
      this.satellite.handleUpgrade(req, socket, head);
      return;
    }
    if (path === '/proxy') {
      if (this.tunnel) this.tunnel.handleUpgrade(req, socket, head);
      else refuse(socket, 404, 'Not Found', TUNNEL_DISABLED_MESSAGE);
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-type: text/plain\r\ncontent-length: 9\r\nconnection: close\r\n\r\nNot found');
  }

  /** Stops everything; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= this.stopParts();
    return this.stopping;
  }

  private async stopParts(): Promise<void> {
    this.serving = false;
    await this.satellite?.closeAll();
    // Tunnels first, so their clients hear 1001 (going away) rather than the proxy session's end.
    this.tunnel?.closeAll();
    await this._proxy?.close();
    await this.http?.close().catch((err: unknown) => this.log.warn('closing HTTP failed', { error: err }));
    await this.writer?.stop();
    await this._connector?.stop();
    await this.embedded?.stop().catch((err: unknown) => this.log.warn('stopping the embedded Postgres failed', { error: err }));
  }
}
