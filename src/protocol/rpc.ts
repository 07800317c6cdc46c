// RPC over the Satellite socket: SatRpcRequest / SatRpcResponse envelopes
// whose `message` bytes carry the method's request / response message.
//
// Client -> server (service Root): authenticate, startReplication,
// stopReplication, subscribe, unsubscribe. Server -> client (ClientRoot):
// startReplication, stopReplication — same message types either way.
import { Electric } from './generated/satellite.js';
import { ProtocolError, describeError } from './errors.js';
import type { FrameOf } from './codec.js';
import type {
  ISatAuthReq,
  ISatAuthResp,
  ISatErrorResp,
  ISatInStartReplicationReq,
  ISatInStartReplicationResp,
  ISatInStopReplicationReq,
  ISatInStopReplicationResp,
  ISatSubsReq,
  ISatSubsResp,
  ISatUnsubsReq,
  ISatUnsubsResp,
} from './messages.js';

const S = Electric.Satellite;

/** Request/response message types of each RPC method. */
export interface RpcTypes {
  authenticate: {
    request: ISatAuthReq;
    response: ISatAuthResp;
    decodedRequest: Electric.Satellite.SatAuthReq;
    decodedResponse: Electric.Satellite.SatAuthResp;
  };
  startReplication: {
    request: ISatInStartReplicationReq;
    response: ISatInStartReplicationResp;
    decodedRequest: Electric.Satellite.SatInStartReplicationReq;
    decodedResponse: Electric.Satellite.SatInStartReplicationResp;
  };
  stopReplication: {
    request: ISatInStopReplicationReq;
    response: ISatInStopReplicationResp;
    decodedRequest: Electric.Satellite.SatInStopReplicationReq;
    decodedResponse: Electric.Satellite.SatInStopReplicationResp;
  };
  subscribe: {
    request: ISatSubsReq;
    response: ISatSubsResp;
    decodedRequest: Electric.Satellite.SatSubsReq;
    decodedResponse: Electric.Satellite.SatSubsResp;
  };
  unsubscribe: {
    request: ISatUnsubsReq;
    response: ISatUnsubsResp;
    decodedRequest: Electric.Satellite.SatUnsubsReq;
    decodedResponse: Electric.Satellite.SatUnsubsResp;
  };
}

export type RpcMethod = keyof RpcTypes;
/** What the request encoder accepts (all fields optional). */
export type RpcRequestOf<M extends RpcMethod> = RpcTypes[M]['request'];
/** What the response encoder accepts (all fields optional). */
export type RpcResponseOf<M extends RpcMethod> = RpcTypes[M]['response'];
/** What decodeRpcRequestBody returns: an RpcRequestOf<M> with every scalar filled in. */
export type DecodedRpcRequestOf<M extends RpcMethod> = RpcTypes[M]['decodedRequest'];
/** What decodeRpcResponseBody returns: an RpcResponseOf<M> with every scalar filled in. */
export type DecodedRpcResponseOf<M extends RpcMethod> = RpcTypes[M]['decodedResponse'];

/** Methods the server calls on the client (ClientRoot). */
export type ClientRpcMethod = 'startReplication' | 'stopReplication';

interface MessageCodec<I, D> {
  encode(message: I): { finish(): Uint8Array };
  decode(bytes: Uint8Array): D;
}

type RpcCodecs = {
  [M in RpcMethod]: {
    request: MessageCodec<RpcRequestOf<M>, DecodedRpcRequestOf<M>>;
    response: MessageCodec<RpcResponseOf<M>, DecodedRpcResponseOf<M>>;
  };
};

const RPC_CODECS: RpcCodecs = {
  authenticate: { request: S.SatAuthReq, response: S.SatAuthResp },
  startReplication: { request: S.SatInStartReplicationReq, response: S.SatInStartReplicationResp },
  stopReplication: { request: S.SatInStopReplicationReq, response: S.SatInStopReplicationResp },
  subscribe: { request: S.SatSubsReq, response: S.SatSubsResp },
  unsubscribe: { request: S.SatUnsubsReq, response: S.SatUnsubsResp },
};

export const RPC_METHODS: readonly RpcMethod[] = Object.freeze(Object.keys(RPC_CODECS) as RpcMethod[]);
export const CLIENT_RPC_METHODS: readonly ClientRpcMethod[] = Object.freeze(['startReplication', 'stopReplication'] as const);

export function isRpcMethod(name: string): name is RpcMethod {
  return Object.prototype.hasOwnProperty.call(RPC_CODECS, name);
}

export function isClientRpcMethod(name: string): name is ClientRpcMethod {
  return name === 'startReplication' || name === 'stopReplication';
}

function codecsOf<M extends RpcMethod>(method: M): RpcCodecs[M] {
  if (!isRpcMethod(method)) {
    throw new ProtocolError('UNKNOWN_METHOD', `Unknown method: ${String(method)}`);
  }
  return RPC_CODECS[method];
}

function encodeBody<I>(codec: MessageCodec<I, unknown>, message: I, what: string): Uint8Array {
  try {
    return codec.encode(message).finish();
  } catch (err) {
    throw new ProtocolError('MALFORMED_MESSAGE', `cannot encode ${what}: ${describeError(err)}`, { cause: err });
  }
}

function decodeBody<D>(codec: MessageCodec<never, D>, bytes: Uint8Array, what: string): D {
  try {
    return codec.decode(bytes);
  } catch (err) {
    throw new ProtocolError('MALFORMED_MESSAGE', `malformed ${what}: ${describeError(err)}`, { cause: err });
  }
}

/** A SatRpcRequest frame calling `method` with `message` as its payload. */
export function encodeRpcRequest<M extends RpcMethod>(
  method: M,
  requestId: number,
  message: RpcRequestOf<M>,
): FrameOf<'SatRpcRequest'> {
  const codecs = codecsOf(method);
  const body = encodeBody(codecs.request, message, `${method} request`);
  return { type: 'SatRpcRequest', message: { method, requestId, message: body } };
}

/**
 * A SatRpcResponse frame answering `method`/`requestId`, carrying either the
 * encoded response message or an error. The `message` bytes are always put on
 * the wire, even when empty (e.g. SatInStopReplicationResp{}): peers tell a
 * reply from an error by the presence of that field.
 */
export function encodeRpcResponse<M extends RpcMethod>(
  method: M,
  requestId: number,
  result: { message: RpcResponseOf<M> } | { error: ISatErrorResp },
): FrameOf<'SatRpcResponse'>;
/** Error reply to a request whose method is not an RpcMethod ("Unknown method: <m>"). */
export function encodeRpcResponse(
  method: string,
  requestId: number,
  result: { error: ISatErrorResp },
): FrameOf<'SatRpcResponse'>;
export function encodeRpcResponse(
  method: string,
  requestId: number,
  result: { message: RpcResponseOf<RpcMethod> } | { error: ISatErrorResp },
): FrameOf<'SatRpcResponse'> {
  if ('error' in result) {
    return { type: 'SatRpcResponse', message: { method, requestId, error: result.error } };
  }
  const codecs = codecsOf(method as RpcMethod);
  const body = encodeBody(codecs.response as MessageCodec<RpcResponseOf<RpcMethod>, unknown>, result.message, `${method} response`);
  return { type: 'SatRpcResponse', message: { method, requestId, message: body } };
}

/** Decodes a SatRpcRequest payload. UNKNOWN_METHOD / MALFORMED_MESSAGE on failure. */
export function decodeRpcRequestBody<M extends RpcMethod>(method: M, bytes: Uint8Array): DecodedRpcRequestOf<M> {
  const codecs = codecsOf(method);
  return decodeBody(codecs.request, bytes, `${method} request`);
}

/** Decodes a SatRpcResponse `message` payload. UNKNOWN_METHOD / MALFORMED_MESSAGE on failure. */
export function decodeRpcResponseBody<M extends RpcMethod>(method: M, bytes: Uint8Array): DecodedRpcResponseOf<M> {
  const codecs = codecsOf(method);
  return decodeBody(codecs.response, bytes, `${method} response`);
}
