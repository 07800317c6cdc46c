/**
 * The migrations proxy's listener: one ProxySession per TCP connection (the
 * tunnel reaches it the same way), and the registry of backend keys that
 * makes cancel requests work through the proxy.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { DatabaseConfig } from '../service/config.js';
import type { Logger } from '../util/log.js';
import type { DdlxFeatures } from './capture/ddlx-apply.js';
import { ProxySession } from './session.js';
import { forwardCancel } from './upstream.js';
import { loadStatementParser } from './capture/statements.js';

export interface ProxyServerOptions {
  readonly db: DatabaseConfig;
  readonly password: string;
  readonly features: DdlxFeatures;
  readonly logger: Logger;
  /** Told of each client connection opening and closing (the service's metrics). */
  readonly gauge?: { inc(): void; dec(): void };
}

export class ProxyServer {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sessions = new Set<ProxySession>();
  private readonly backendKeys = new Set<string>();
  private readonly log: Logger;

  constructor(private readonly options: ProxyServerOptions) {
    this.log = options.logger.child({ component: 'proxy' });
  }

  /** Connected clients (for status). */
  get connections(): number {
    return this.sessions.size;
  }

  /** Per capture-mode session, the prepared statements and portals it keeps track of (for tests). */
  trackedRecords(): { statements: number; portals: number }[] {
    return [...this.sessions].flatMap((s) => (s.records ? [s.records] : []));
  }

  /** close() was called (possibly before listen() finished). */
  private closing = false;

  async listen(host: string, port: number): Promise<AddressInfo> {
    await loadStatementParser();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    if (this.closing) {
      // close() came while this was starting: it found nothing listening yet.
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      return address;
    }
    this.log.info('migrations proxy listening', { host: address.address, port: address.port });
    // An accept error later (EMFILE, …) is logged; it must not bring the service down.
    this.server.on('error', (err) => this.log.error('migrations proxy listener error', { error: err.message }));
    return address;
  }

  /** Serves one client connection (a TCP socket, or any duplex byte stream). */
  accept(socket: Duplex): void {
    if (socket instanceof net.Socket) socket.setNoDelay(true);
    let key: string | null = null;
    const session: ProxySession = new ProxySession(socket, {
      db: this.options.db,
      password: this.options.password,
      features: this.options.features,
      logger: this.log,
      onCancel: (pid, secret) => {
        // Only keys of this proxy's own sessions are passed on.
        if (this.backendKeys.has(`${pid}:${secret}`)) forwardCancel(this.options.db, pid, secret);
      },
      onBackendKey: (pid, secret) => {
        key = `${pid}:${secret}`;
        this.backendKeys.add(key);
      },
    });
    this.sessions.add(session);
    this.options.gauge?.inc();
    socket.once('close', () => {
      this.sessions.delete(session);
      this.options.gauge?.dec();
      if (key) this.backendKeys.delete(key);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const s of this.sessions) s.close('the service is stopping');
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
