/**
 * A bare Satellite protocol client for protocol-level tests: real WebSocket,
 * our codec, every received frame recorded so tests can wait for the one
 * they expect.
 */
import WebSocket from 'ws';
import {
  decodeFrame,
  decodeRpcRequestBody,
  decodeRpcResponseBody,
  encodeFrame,
  encodeRpcRequest,
  encodeRpcResponse,
  type Frame,
  type RpcMethod,
} from '../../src/protocol/index.js';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export class TestSatelliteClient {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  private nextRequestId = 0;
  closed: Closed | null = null;
  private readonly closedPromise: Promise<Closed>;

  /** Acknowledge every transaction as it arrives (as a client that keeps up). */
  autoAck = true;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data));
      this.frames.push(frame);
      if (this.autoAck && frame.type === 'SatOpLog') {
        const commit = frame.message.ops?.find((op) => op.commit)?.commit;
        const begin = frame.message.ops?.find((op) => op.begin)?.begin;
        if (commit && begin?.transactionId) this.sendFrame({ type: 'SatOpLogAck', message: { transactionId: begin.transactionId, lsn: commit.lsn ?? new Uint8Array() } });
      }
      this.wake();
    });
    this.closedPromise = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closed = { code, reason: reason.toString() };
        this.wake();
        resolve(this.closed);
      }),
    );
  }

  static connect(url: string, protocol: string | string[] = 'electric.0.12'): Promise<TestSatelliteClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocol);
      ws.once('open', () => resolve(new TestSatelliteClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  sendFrame(frame: Frame): void {
    this.ws.send(encodeFrame(frame));
  }

  sendRaw(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  /** Waits for the first recorded frame (from `from` on) that matches; returns it and its index. */
  async waitFor<T extends Frame['type']>(
    type: T,
    predicate: (frame: Extract<Frame, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
    from = 0,
  ): Promise<Extract<Frame, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find((f): f is Extract<Frame, { type: T }> => f.type === type && predicate(f as Extract<Frame, { type: T }>));
      if (found) return found;
      if (this.closed) throw new Error(`connection closed (${this.closed.code} ${this.closed.reason}) before a ${type} frame arrived`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no ${type} frame within ${timeoutMs} ms; got ${this.frames.map((f) => f.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends an RPC request and waits for its response (message or error). */
  async rpc(method: RpcMethod, message: object): Promise<{ message?: unknown; error?: { errorType?: number | null; message?: string | null } | null }> {
    const requestId = this.nextRequestId++;
    this.sendFrame(encodeRpcRequest(method, requestId, message as never) as Frame);
    const frame = await this.waitFor('SatRpcResponse', (f) => f.message.requestId === requestId && f.message.method === method);
    const res = frame.message;
    if (res.error) return { error: res.error };
    return { message: decodeRpcResponseBody(method, res.message ?? new Uint8Array()) };
  }

  /** Answers the server's own startReplication request. */
  async answerServerStartReplication(): Promise<Uint8Array> {
    const frame = await this.waitFor('SatRpcRequest', (f) => f.message.method === 'startReplication');
    const req = decodeRpcRequestBody('startReplication', frame.message.message ?? new Uint8Array());
    this.sendFrame(encodeRpcResponse('startReplication', frame.message.requestId ?? 0, { message: {} }) as Frame);
    return req.lsn ?? new Uint8Array();
  }

  waitClosed(timeoutMs = 5000): Promise<Closed> {
    return Promise.race([
      this.closedPromise,
      new Promise<Closed>((_, reject) => setTimeout(() => reject(new Error('connection not closed in time')), timeoutMs)),
    ]);
  }

  close(): void {
    this.ws.close();
  }
}

export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
}
