/**
 * The service side of the migrations-proxy tunnel (spec §2.4, §7): each
 * WebSocket upgraded on `/proxy` gets its own TCP connection to the
 * migrations proxy, and the two are piped together byte for byte.
 */
import type http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Config } from '../service/config.js';
import type { Logger } from '../util/log.js';
import { CLOSE_GOING_AWAY, TunnelPipe, type PipeStats } from './pipe.js';

/** Largest frame accepted from a tunnel client (PG messages arrive in TCP-read-sized pieces). */
export const MAX_TUNNEL_FRAME_BYTES = 16 * 1024 * 1024;

/** What `/proxy` answers when PG_PROXY_PORT is not `http` or `http:<port>`. */
export const TUNNEL_DISABLED_MESSAGE = 'Migrations proxy is not configured to accept WebSocket connections';

export interface ProxyTunnelOptions {
  /** Opens a new connection to the migrations proxy. */
  readonly connect: () => Duplex;
  readonly logger: Logger;
}

/** Connects to the proxy where the service runs it: the listen host, or loopback when that is a wildcard. */
export function proxyConnector(config: Config): () => net.Socket {
  const host = ['', '0.0.0.0', '::'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return () => net.connect({ port: config.proxy.port, host });
}

export class ProxyTunnelEndpoint {
  private readonly wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: MAX_TUNNEL_FRAME_BYTES,
  });
  private readonly pipes = new Set<TunnelPipe>();
  private nextId = 1;
  private readonly log: Logger;

  constructor(private readonly options: ProxyTunnelOptions) {
    this.log = options.logger.child({ component: 'proxy-tunnel' });
  }

  get tunnelCount(): number {
    return this.pipes.size;
  }

  /** Per open tunnel: bytes moved and back-pressure state (for status and tests). */
  tunnelStats(): PipeStats[] {
    return [...this.pipes].map((p) => p.stats());
  }

  /** Handles an upgrade request for /proxy. No subprotocol is required. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    if (req.method !== 'GET' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || !req.headers['sec-websocket-key']) {
      refuse(socket, 400, 'Bad Request', 'Bad request');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const id = this.nextId++;
      const log = this.log.child({ tunnel: id });
      const proxy = this.options.connect();
      log.info('proxy tunnel opened', { remote: req.socket.remoteAddress });
      const pipe = new TunnelPipe(ws, proxy, {
        socketErrorReason: (err) => {
          log.warn('migrations proxy connection failed', { error: err });
          return err.code === 'ECONNREFUSED' ? 'Migrations proxy is unreachable' : 'Migrations proxy connection failed';
        },
        onEnd: (end) => {
          this.pipes.delete(pipe);
          log.info('proxy tunnel closed', {
            code: end.code,
            reason: end.reason || undefined,
            bytesToProxy: end.bytesToSocket,
            bytesFromProxy: end.bytesToWebSocket,
          });
        },
      });
      this.pipes.add(pipe);
    });
  }

  /** Closes every tunnel (at shutdown) and stops accepting new ones. */
  closeAll(): void {
    for (const pipe of this.pipes) pipe.close(CLOSE_GOING_AWAY, 'Server shutting down');
    this.wss.close();
  }
}

/** The plain-text HTTP answer for a refused upgrade. */
export function refuse(socket: Duplex, status: number, statusText: string, message: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message)}\r\nconnection: close\r\n\r\n${message}`,
  );
}
