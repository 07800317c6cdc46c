/**
 * A connection's RPC layer, both ways: the client's requests decoded, our
 * answers and error answers (an error answer closes the connection, as the
 * legacy service did), and our own requests to the client with their ids.
 */
import {
  decodeRpcRequestBody,
  decodeRpcResponseBody,
  encodeRpcRequest,
  encodeRpcResponse,
  isRpcMethod,
  type Frame,
  type ISatErrorResp,
  type ISatRpcRequest,
  type ISatRpcResponse,
  type RpcMethod,
  type RpcRequestOf,
} from '../../protocol/index.js';
import { CLOSE, ERROR_CODE } from './codes.js';
import type { ConnectionState } from './connection.js';

/** A client request whose method is known and whose body decoded. */
export interface RpcCall {
  readonly method: RpcMethod;
  readonly requestId: number;
  readonly message: unknown;
}

export class RpcChannel {
  private nextServerRequestId = 0;
  /** Our requests the client has not answered yet, by request id. */
  private readonly serverRequests = new Map<number, RpcMethod>();

  constructor(
    private readonly send: (frame: Frame) => void,
    private readonly close: (code: number, reason: string) => void,
    private readonly connection: ConnectionState,
  ) {}

  /** The client's request, or null when it was refused (unknown method, malformed body). */
  decodeRequest(req: ISatRpcRequest): RpcCall | null {
    const method = req.method ?? '';
    const requestId = req.requestId ?? 0;
    const body = req.message ?? new Uint8Array();
    if (!isRpcMethod(method)) {
      this.refuse(method as RpcMethod, requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: `Unknown method: ${method}` });
      return null;
    }
    try {
      return { method, requestId, message: decodeRpcRequestBody(method, body) };
    } catch {
      this.refuse(method, requestId, { errorType: ERROR_CODE.INVALID_REQUEST, message: 'Malformed message' });
      return null;
    }
  }

  reply(method: RpcMethod, requestId: number, message: object): void {
    this.send(encodeRpcResponse(method, requestId, { message } as never) as Frame);
  }

  /** An answer that ends the connection (a refused replication request). */
  replyThenClose(method: RpcMethod, requestId: number, message: object, reason: string): void {
    this.reply(method, requestId, message);
    this.close(CLOSE.PROTOCOL, reason);
  }

  /** An RPC error reply; the connection is then closed (legacy behaviour). */
  refuse(method: RpcMethod, requestId: number, error: ISatErrorResp): void {
    this.send(encodeRpcResponse(method, requestId, { error }) as Frame);
    this.close(CLOSE.PROTOCOL, 'Request refused');
  }

  /** An error frame and close 1007. */
  violation(error: ISatErrorResp, reason = 'Protocol violation'): void {
    this.connection.log.info('closing the connection', { clientId: this.connection.clientId, reason, errorType: error.errorType, message: error.message });
    this.send({ type: 'SatErrorResp', message: error });
    this.close(CLOSE.PROTOCOL, reason);
  }

  /** A failure of ours: an empty error frame and close 1011. */
  internalError(reason: string): void {
    this.send({ type: 'SatErrorResp', message: {} });
    this.close(CLOSE.INTERNAL, reason);
  }

  /** Our own request to the client; its answer comes to `onResponse`. */
  request<M extends RpcMethod>(method: M, message: RpcRequestOf<M>): void {
    const requestId = this.nextServerRequestId++;
    this.serverRequests.set(requestId, method);
    this.send(encodeRpcRequest(method, requestId, message) as Frame);
  }

  onResponse(res: ISatRpcResponse): void {
    const method = this.serverRequests.get(res.requestId ?? -1);
    if (!method || method !== res.method) {
      // The official client, reconnecting in a hurry, may answer a request
      // twice or one of its previous connection: harmless, so not fatal.
      this.connection.log.info('ignored a response to an unknown request', { clientId: this.connection.clientId, method: res.method, requestId: res.requestId });
      return;
    }
    this.serverRequests.delete(res.requestId ?? -1);
    if (res.error) {
      this.connection.log.warn('the client refused a server request', { method, error: res.error.message });
      return;
    }
    try {
      decodeRpcResponseBody(method, res.message ?? new Uint8Array());
    } catch {
      this.violation({ errorType: ERROR_CODE.INVALID_REQUEST, message: 'Malformed message' });
      return;
    }
  }
}
