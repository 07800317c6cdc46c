/**
 * One tunnelled connection: bytes from a TCP socket go out as binary
 * WebSocket frames and frames come back as bytes, unmodified (frame
 * boundaries mean nothing). Both directions respect back-pressure, and
 * either side closing or failing closes the other. The service side and the
 * CLI side of the tunnel use the same pipe.
 */
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';

/** Pause reading the socket when this much is waiting to go out on the WebSocket. */
export const WS_HIGH_WATER_BYTES = 1024 * 1024;
/** Resume reading the socket once the WebSocket's backlog is down to this. */
export const WS_LOW_WATER_BYTES = 256 * 1024;

/** Close codes (RFC 6455 §7.4.1). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_UNSUPPORTED_DATA = 1003;
export const CLOSE_NO_STATUS = 1005;
export const CLOSE_INTERNAL_ERROR = 1011;

/** A peer that never finishes a close handshake or a socket end is cut off after this. */
const CLOSE_GRACE_MS = 5000;

export interface PipeStats {
  readonly bytesToSocket: number;
  readonly bytesToWebSocket: number;
  /** Reading the WebSocket is paused because the socket's write buffer is full. */
  readonly webSocketPaused: boolean;
  /** Reading the socket is paused because the WebSocket's backlog is high. */
  readonly socketPaused: boolean;
  /** Bytes queued on the WebSocket, not yet handed to the kernel. */
  readonly bufferedAmount: number;
}

export interface PipeEnd extends PipeStats {
  /** Close code the WebSocket ended with (received or sent). */
  readonly code: number;
  readonly reason: string;
  /** The socket's error, when it failed. */
  readonly socketError: Error | undefined;
}

export interface PipeOptions {
  /** Close reason sent on the WebSocket when the socket fails (≤ 123 bytes). */
  readonly socketErrorReason: (err: NodeJS.ErrnoException) => string;
  /** Called once, when both the WebSocket and the socket are closed. */
  readonly onEnd: (end: PipeEnd) => void;
}

export class TunnelPipe {
  private bytesToSocket = 0;
  private bytesToWebSocket = 0;
  private webSocketPaused = false;
  private socketPaused = false;
  private socketClosed = false;
  private webSocketClosed = false;
  private closeCode = CLOSE_NO_STATUS;
  private closeReason = '';
  private socketError: Error | undefined;
  private ended = false;

  /** `ws` must be open. */
  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly options: PipeOptions,
  ) {
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('close', (code, reason) => this.onWebSocketClose(code, reason.toString()));
    // 'close' follows every WebSocket error; the code says what happened.
    ws.on('error', () => {});
    socket.on('data', (chunk: Buffer) => this.onSocketData(chunk));
    socket.on('drain', () => {
      if (!this.webSocketPaused) return;
      this.webSocketPaused = false;
      ws.resume();
    });
    // The peer sent everything it will send: a WebSocket has no half-close.
    socket.on('end', () => this.closeWebSocket(CLOSE_NORMAL, ''));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.socketError ??= err;
      this.closeWebSocket(CLOSE_INTERNAL_ERROR, options.socketErrorReason(err));
    });
    socket.on('close', () => {
      this.socketClosed = true;
      this.closeWebSocket(CLOSE_NORMAL, '');
      this.maybeEnd();
    });
    socket.resume();
  }

  stats(): PipeStats {
    return {
      bytesToSocket: this.bytesToSocket,
      bytesToWebSocket: this.bytesToWebSocket,
      webSocketPaused: this.webSocketPaused,
      socketPaused: this.socketPaused,
      bufferedAmount: this.ws.bufferedAmount,
    };
  }

  /** Closes both sides: the WebSocket with `code`, the socket at once. */
  close(code: number, reason: string): void {
    this.closeWebSocket(code, reason);
    this.socket.destroy();
  }

  private onFrame(data: WebSocket.RawData, isBinary: boolean): void {
    if (!isBinary) {
      this.close(CLOSE_UNSUPPORTED_DATA, 'Only binary frames are accepted');
      return;
    }
    if (this.socketClosed || this.socket.writableEnded) return;
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    this.bytesToSocket += bytes.length;
    if (!this.socket.write(bytes) && !this.webSocketPaused) {
      this.webSocketPaused = true;
      this.ws.pause();
    }
  }

  private onSocketData(chunk: Buffer): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.bytesToWebSocket += chunk.length;
    this.ws.send(chunk, { binary: true }, () => this.afterSend());
    if (!this.socketPaused && this.ws.bufferedAmount >= WS_HIGH_WATER_BYTES) {
      this.socketPaused = true;
      this.socket.pause();
    }
  }

  private afterSend(): void {
    if (!this.socketPaused || this.ws.bufferedAmount > WS_LOW_WATER_BYTES) return;
    this.socketPaused = false;
    this.socket.resume();
  }

  private closeWebSocket(code: number, reason: string): void {
    const state = this.ws.readyState;
    if (state === WebSocket.CLOSING || state === WebSocket.CLOSED) return;
    // A paused socket would never read the peer's close frame (and end in 1006 after the grace period).
    this.ws.resume();
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  private onWebSocketClose(code: number, reason: string): void {
    this.webSocketClosed = true;
    this.closeCode = code;
    this.closeReason = reason;
    if (code === CLOSE_NORMAL || code === CLOSE_NO_STATUS) {
      // Deliver what is still buffered, then FIN.
      this.socket.end();
      setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
    } else {
      this.socket.destroy();
    }
    this.maybeEnd();
  }

  private maybeEnd(): void {
    if (this.ended || !this.socketClosed || !this.webSocketClosed) return;
    this.ended = true;
    this.options.onEnd({ ...this.stats(), code: this.closeCode, reason: this.closeReason, socketError: this.socketError });
  }
}
