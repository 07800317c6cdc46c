/**
 * The CLI side of the migrations-proxy tunnel (spec §7): listens on a local
 * TCP port and carries each accepted connection over its own WebSocket to
 * the service's `/proxy` route, so that psql and migration tools reach the
 * migrations proxy where only the service's HTTP port is open.
 */
import net from 'node:net';
import WebSocket from 'ws';
import { ElectricError, errorMessage } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/log.js';
import { CLOSE_GOING_AWAY, CLOSE_NORMAL, CLOSE_NO_STATUS, TunnelPipe, type PipeStats } from './pipe.js';
import { MAX_TUNNEL_FRAME_BYTES } from './server.js';
import { DEFAULT_SERVICE_URL, parseServiceUrl } from '../util/service-url.js';

export { DEFAULT_SERVICE_URL } from '../util/service-url.js';
export const DEFAULT_LOCAL_PORT = 65432;
export const DEFAULT_LOCAL_HOST = '127.0.0.1';

/** A refused or failed upgrade must not leave the local connection waiting. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Close codes that end a tunnel without a problem worth reporting. */
const NORMAL_CLOSES = new Set([CLOSE_NORMAL, CLOSE_NO_STATUS, CLOSE_GOING_AWAY]);
/** How long `close()` waits for the tunnels' close handshakes. */
const CLOSE_WAIT_MS = 2000;

export type TunnelErrorCode =
  | 'INVALID_SERVICE_URL'
  | 'LOCAL_PORT_BUSY'
  | 'LOCAL_LISTEN_FAILED'
  | 'SERVICE_UNREACHABLE'
  | 'TUNNEL_REFUSED'
  | 'TUNNEL_CLOSED';

export class TunnelError extends ElectricError {
  declare readonly code: TunnelErrorCode;
  constructor(code: TunnelErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export interface TunnelOptions {
  /** http(s):// (or ws(s)://) URL of the service; `/proxy` is appended to its path. */
  readonly serviceUrl: string;
  /** 0 picks a free port (see `RunningTunnel.port`). */
  readonly localPort: number;
  readonly localHost?: string;
  readonly logger?: Logger;
  /**
   * A problem with one connection (service unreachable, tunnel refused or
   * closed with an error). The listener keeps accepting connections.
   */
  readonly onError?: (err: TunnelError) => void;
}

export interface RunningTunnel {
  readonly host: string;
  readonly port: number;
  /** The WebSocket URL each connection is carried to. */
  readonly target: string;
  /** Per open tunnel: bytes moved and back-pressure state. */
  connections(): PipeStats[];
  /** Stops listening and closes every tunnel. */
  close(): Promise<void>;
}

/** `http://h:p/base` → `ws://h:p/base/proxy` (https → wss; a bare host:port is http). */
export function proxyWebSocketUrl(serviceUrl: string): string {
  const parsed = parseServiceUrl(serviceUrl, ['http:', 'https:', 'ws:', 'wss:']);
  if ('error' in parsed) {
    throw new TunnelError(
      'INVALID_SERVICE_URL',
      parsed.error === 'scheme' ? `"${serviceUrl}" must be an http:// or https:// URL` : `"${serviceUrl}" is not a URL (expected e.g. ${DEFAULT_SERVICE_URL})`,
    );
  }
  const url = parsed.url;
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/proxy`;
  return url.toString();
}

export async function startTunnel(options: TunnelOptions): Promise<RunningTunnel> {
  const target = proxyWebSocketUrl(options.serviceUrl);
  const host = options.localHost ?? DEFAULT_LOCAL_HOST;
  const log = (options.logger ?? silentLogger).child({ component: 'proxy-tunnel' });
  const report = (err: TunnelError): void => {
    log.debug('tunnel connection failed', { code: err.code, error: err.message });
    options.onError?.(err);
  };
  // Each open tunnel, with a promise settled when both its sides are closed.
  const pipes = new Map<TunnelPipe, Promise<void>>();
  const pending = new Set<{ ws: WebSocket; socket: net.Socket }>();
  let nextId = 1;

  const server = net.createServer((socket) => {
    const id = nextId++;
    // Nothing is read until the WebSocket is open; the kernel holds the bytes.
    socket.pause();
    const ws = new WebSocket(target, { perMessageDeflate: false, maxPayload: MAX_TUNNEL_FRAME_BYTES, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    const attempt = { ws, socket };
    pending.add(attempt);
    let failed = false;
    const fail = (err: TunnelError): void => {
      if (failed) return;
      failed = true;
      pending.delete(attempt);
      socket.destroy();
      ws.terminate();
      report(err);
    };
    socket.on('error', () => {});
    socket.once('close', () => {
      if (ws.readyState === WebSocket.CONNECTING) {
        failed = true;
        pending.delete(attempt);
        ws.terminate();
      }
    });
    let opened = false;
    // After 'open', the pipe handles errors (they end in 'close').
    ws.on('error', (err) => {
      if (!opened) fail(unreachable(target, err));
    });
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 1024) body += chunk;
      });
      res.on('error', () => {});
      res.on('end', () => fail(refused(res.statusCode ?? 0, res.statusMessage ?? '', body)));
      // A server that never finishes its answer is still refused.
      setTimeout(() => fail(refused(res.statusCode ?? 0, res.statusMessage ?? '', body)), 2000).unref();
    });
    ws.once('open', () => {
      opened = true;
      pending.delete(attempt);
      if (failed) return;
      let markEnded!: () => void;
      const ended = new Promise<void>((resolve) => (markEnded = resolve));
      log.debug('tunnel opened', { tunnel: id, remote: `${socket.remoteAddress}:${socket.remotePort}` });
      const pipe = new TunnelPipe(ws, socket, {
        socketErrorReason: () => 'Tunnel client connection failed',
        onEnd: (end) => {
          pipes.delete(pipe);
          markEnded();
          log.debug('tunnel closed', { tunnel: id, code: end.code, bytesToService: end.bytesToWebSocket, bytesFromService: end.bytesToSocket });
          if (!NORMAL_CLOSES.has(end.code) && !end.socketError) {
            report(new TunnelError('TUNNEL_CLOSED', `the service closed the tunnel (${end.code}${end.reason ? `: ${end.reason}` : ''})`));
          }
        },
      });
      pipes.set(pipe, ended);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new TunnelError('LOCAL_PORT_BUSY', `local port ${options.localPort} is already in use on ${host}: choose another with --local-port`, { cause: err })
          : new TunnelError('LOCAL_LISTEN_FAILED', `cannot listen on ${host}:${options.localPort}: ${err.message}`, { cause: err }),
      );
    });
    server.listen({ host, port: options.localPort }, () => resolve());
  });
  server.on('error', (err) => log.error('tunnel listener failed', { error: err }));
  const address = server.address() as net.AddressInfo;
  log.debug('tunnel listening', { host: address.address, port: address.port, target });

  let closing: Promise<void> | null = null;
  return {
    host: address.address,
    port: address.port,
    target,
    connections: () => [...pipes.keys()].map((p) => p.stats()),
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const { ws, socket } of pending) {
          ws.terminate();
          socket.destroy();
        }
        pending.clear();
        const ended = [...pipes].map(([pipe, end]) => {
          pipe.close(CLOSE_GOING_AWAY, 'Tunnel shutting down');
          return end;
        });
        const limit = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref());
        await Promise.race([Promise.all([stopped, ...ended]), limit]);
      })()),
  };
}

function unreachable(target: string, err: Error & { code?: string }): TunnelError {
  const where = new URL(target).host;
  const why =
    err.code === 'ECONNREFUSED'
      ? 'connection refused'
      : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
        ? 'host name not found'
        : err.code === 'ETIMEDOUT' || /timed? ?out/i.test(err.message)
          ? 'timed out'
          : errorMessage(err);
  return new TunnelError('SERVICE_UNREACHABLE', `cannot reach the service at ${where} (${why}); is \`electric serve\` running there?`, { cause: err });
}

function refused(status: number, statusText: string, body: string): TunnelError {
  const text = body.trim().split('\n')[0] || statusText;
  return new TunnelError('TUNNEL_REFUSED', `the service refused the tunnel: ${status} ${text}`);
}
