/**
 * The service's HTTP listener: a small exact-path router with JSON errors.
 * WebSocket routes attach to `server` through its 'upgrade' event.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartupError, errorMessage } from '../../util/errors.js';
import { silentLogger, type Logger } from '../../util/log.js';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void | Promise<void>;

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handler: RouteHandler;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function sendError(res: http.ServerResponse, status: number, error: string, message: string): void {
  sendJson(res, status, { error, message });
}

export class HttpServer {
  readonly server: http.Server;
  private readonly routes = new Map<string, Route>();
  private readonly log: Logger;

  constructor(routes: readonly Route[], logger: Logger = silentLogger) {
    this.log = logger.child({ component: 'http' });
    for (const route of routes) this.routes.set(`${route.method} ${route.path}`, route);
    this.server = http.createServer((req, res) => void this.dispatch(req, res));
    // A request that never completes must not hold a socket forever.
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        this.server.off('listening', onListening);
        reject(
          err.code === 'EADDRINUSE'
            ? new StartupError('HTTP_PORT_IN_USE', `HTTP_PORT ${port} is already in use on ${host}: stop the other process or choose another port with HTTP_PORT.`)
            : new StartupError('HTTP_LISTEN', `cannot listen on ${host}:${port}: ${err.message}`),
        );
      };
      const onListening = (): void => {
        this.server.off('error', onError);
        resolve();
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen({ host, port, ipv6Only: false });
    });
    // An accept error later (EMFILE, …) is logged; it must not bring the service down.
    this.server.on('error', (err) => this.log.error('HTTP listener error', { error: err.message }));
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections?.();
    this.server.closeAllConnections?.();
    await closed;
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, 400, 'bad_request', 'Malformed request URL');
      return;
    }
    const route = this.routes.get(`${req.method ?? 'GET'} ${url.pathname}`);
    if (!route) {
      sendError(res, 404, 'not_found', `Not found: ${req.method ?? 'GET'} ${url.pathname}`);
      return;
    }
    try {
      await route.handler(req, res, url);
    } catch (err) {
      this.log.error('request failed', { path: url.pathname, error: errorMessage(err) });
      if (!res.headersSent) sendError(res, 500, 'internal_error', 'Internal server error');
      else res.destroy();
    }
  }
}
