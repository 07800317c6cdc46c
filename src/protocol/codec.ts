// Satellite framing: one WebSocket binary frame = 1 tag byte + the protobuf
// encoding of exactly one top-level message (spec §3.1).
//
// 64-bit integer fields (commit_timestamp in ms, transaction ids, refs,
// ack_timestamp, SatPerms ids) are plain JS `number`s on both sides of this
// API: encoders accept numbers, and the generated decoders always return
// numbers, exact up to 2^53 (see scripts/proto.mjs) — never Long objects, no
// matter how protobufjs is configured globally.
//
// Decoded `bytes` fields (lsn, row values, RPC payloads) are views into the
// frame buffer passed to decodeFrame, not copies.
import $protobuf from 'protobufjs/minimal.js';
import { Electric } from './generated/satellite.js';
import { ProtocolError, describeError } from './errors.js';
import type {
  ISatClientCommand,
  ISatErrorResp,
  ISatOpLog,
  ISatOpLogAck,
  ISatPerms,
  ISatRelation,
  ISatRpcRequest,
  ISatRpcResponse,
  ISatShapeDataBegin,
  ISatShapeDataEnd,
  ISatSubsDataBegin,
  ISatSubsDataEnd,
  ISatSubsDataError,
  ISatUnsubsDataBegin,
  ISatUnsubsDataEnd,
} from './messages.js';

export { ProtocolError } from './errors.js';
export type { ProtocolErrorCode } from './errors.js';
export * from './rpc.js';
export * from './lsn.js';
export * from './row.js';
export type * from './messages.js';

/** Version of the Electric sync service this protocol implementation matches. */
export const SERVER_PROTOCOL_VERSION = '0.12.1';

/** Frame tag byte of every top-level message (spec §3.1). */
export const MESSAGE_TAGS = {
  SatErrorResp: 0,
  SatOpLog: 9,
  SatRelation: 10,
  SatSubsDataError: 14,
  SatSubsDataBegin: 15,
  SatSubsDataEnd: 16,
  SatShapeDataBegin: 17,
  SatShapeDataEnd: 18,
  SatRpcRequest: 21,
  SatRpcResponse: 22,
  SatOpLogAck: 23,
  SatUnsubsDataBegin: 24,
  SatUnsubsDataEnd: 25,
  SatPerms: 26,
  SatClientCommand: 27,
} as const;

export type FrameType = keyof typeof MESSAGE_TAGS;

/** Tags of retired messages: never valid, never to be reused. */
export const RESERVED_TAGS: readonly number[] = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 19, 20]);

/** Message interface (encoder input) of each frame type. */
export interface FrameMessages {
  SatErrorResp: ISatErrorResp;
  SatOpLog: ISatOpLog;
  SatRelation: ISatRelation;
  SatSubsDataError: ISatSubsDataError;
  SatSubsDataBegin: ISatSubsDataBegin;
  SatSubsDataEnd: ISatSubsDataEnd;
  SatShapeDataBegin: ISatShapeDataBegin;
  SatShapeDataEnd: ISatShapeDataEnd;
  SatRpcRequest: ISatRpcRequest;
  SatRpcResponse: ISatRpcResponse;
  SatOpLogAck: ISatOpLogAck;
  SatUnsubsDataBegin: ISatUnsubsDataBegin;
  SatUnsubsDataEnd: ISatUnsubsDataEnd;
  SatPerms: ISatPerms;
  SatClientCommand: ISatClientCommand;
}

/** Generated class (decoder output) of each frame type; each implements its FrameMessages entry. */
export interface DecodedFrameMessages {
  SatErrorResp: Electric.Satellite.SatErrorResp;
  SatOpLog: Electric.Satellite.SatOpLog;
  SatRelation: Electric.Satellite.SatRelation;
  SatSubsDataError: Electric.Satellite.SatSubsDataError;
  SatSubsDataBegin: Electric.Satellite.SatSubsDataBegin;
  SatSubsDataEnd: Electric.Satellite.SatSubsDataEnd;
  SatShapeDataBegin: Electric.Satellite.SatShapeDataBegin;
  SatShapeDataEnd: Electric.Satellite.SatShapeDataEnd;
  SatRpcRequest: Electric.Satellite.SatRpcRequest;
  SatRpcResponse: Electric.Satellite.SatRpcResponse;
  SatOpLogAck: Electric.Satellite.SatOpLogAck;
  SatUnsubsDataBegin: Electric.Satellite.SatUnsubsDataBegin;
  SatUnsubsDataEnd: Electric.Satellite.SatUnsubsDataEnd;
  SatPerms: Electric.Satellite.SatPerms;
  SatClientCommand: Electric.Satellite.SatClientCommand;
}

/** The frame of one type. */
export type FrameOf<T extends FrameType> = { type: T; message: FrameMessages[T] };
/** A frame: discriminated union on `type`, one member per frame type. */
export type Frame = { [T in FrameType]: FrameOf<T> }[FrameType];

/** A decoded frame of one type (message is the generated class, scalars filled in). */
export type DecodedFrameOf<T extends FrameType> = { type: T; message: DecodedFrameMessages[T] };
/** What decodeFrame returns; assignable to Frame. */
export type DecodedFrame = { [T in FrameType]: DecodedFrameOf<T> }[FrameType];

interface FrameCodec {
  encode(message: never, writer: $protobuf.Writer): $protobuf.Writer;
  decode(bytes: Uint8Array): unknown;
}

const S = Electric.Satellite;
const FRAME_CODECS: { readonly [T in FrameType]: FrameCodec } = {
  SatErrorResp: S.SatErrorResp,
  SatOpLog: S.SatOpLog,
  SatRelation: S.SatRelation,
  SatSubsDataError: S.SatSubsDataError,
  SatSubsDataBegin: S.SatSubsDataBegin,
  SatSubsDataEnd: S.SatSubsDataEnd,
  SatShapeDataBegin: S.SatShapeDataBegin,
  SatShapeDataEnd: S.SatShapeDataEnd,
  SatRpcRequest: S.SatRpcRequest,
  SatRpcResponse: S.SatRpcResponse,
  SatOpLogAck: S.SatOpLogAck,
  SatUnsubsDataBegin: S.SatUnsubsDataBegin,
  SatUnsubsDataEnd: S.SatUnsubsDataEnd,
  SatPerms: S.SatPerms,
  SatClientCommand: S.SatClientCommand,
};

const TYPE_BY_TAG: (FrameType | undefined)[] = new Array<FrameType | undefined>(256).fill(undefined);
for (const type of Object.keys(MESSAGE_TAGS) as FrameType[]) TYPE_BY_TAG[MESSAGE_TAGS[type]] = type;

/** Frame type of a tag byte, or undefined for unknown / reserved tags. */
export function frameTypeOfTag(tag: number): FrameType | undefined {
  return Number.isInteger(tag) && tag >= 0 && tag < 256 ? TYPE_BY_TAG[tag] : undefined;
}

export function isFrameType(name: string): name is FrameType {
  return Object.prototype.hasOwnProperty.call(MESSAGE_TAGS, name);
}

/**
 * Encodes a frame: its tag byte followed by the protobuf body. The result
 * may be a view into a pooled buffer (a Node Buffer under Node/Bun): send or
 * copy the view itself, never its `.buffer`. Throws
 * ProtocolError UNKNOWN_TAG for a type outside MESSAGE_TAGS and
 * MALFORMED_MESSAGE when the message cannot be encoded (wrong field types).
 */
export function encodeFrame(frame: Frame): Uint8Array {
  const type: string = frame.type;
  if (!isFrameType(type)) throw new ProtocolError('UNKNOWN_TAG', `unknown frame type: ${type}`);
  const writer = $protobuf.Writer.create();
  writer.uint32(MESSAGE_TAGS[type]); // every tag is < 128: a one-byte varint
  try {
    return FRAME_CODECS[type].encode(frame.message as never, writer).finish();
  } catch (err) {
    throw new ProtocolError('MALFORMED_MESSAGE', `cannot encode ${type}: ${describeError(err)}`, { cause: err });
  }
}

/**
 * Decodes a frame. Throws ProtocolError — EMPTY_FRAME (no bytes), UNKNOWN_TAG
 * (unknown or retired tag) or MALFORMED_MESSAGE (body does not decode) — and
 * nothing else.
 */
export function decodeFrame(data: Uint8Array | ArrayBuffer): DecodedFrame {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length === 0) throw new ProtocolError('EMPTY_FRAME', 'empty frame');
  const tag = bytes[0]!;
  const type = TYPE_BY_TAG[tag];
  if (type === undefined) throw new ProtocolError('UNKNOWN_TAG', `unknown message tag ${tag}`);
  let message: unknown;
  try {
    message = FRAME_CODECS[type].decode(bytes.subarray(1));
  } catch (err) {
    throw new ProtocolError('MALFORMED_MESSAGE', `malformed ${type}: ${describeError(err)}`, { cause: err });
  }
  return { type, message } as DecodedFrame;
}

/** Convenience: builds a frame with type inference on `message`. */
export function frame<T extends FrameType>(type: T, message: FrameMessages[T]): FrameOf<T> {
  return { type, message };
}
