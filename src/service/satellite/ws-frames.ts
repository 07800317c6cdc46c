/**
 * Server-to-client WebSocket frames are never masked, so a binary message
 * has the same frame bytes on every connection. A transaction's SatOpLog,
 * shared by a thousand connections, is framed once here and written
 * straight to each socket, instead of `ws` building the same header and
 * two writes per connection. Only for connections without compression
 * (the endpoint offers none), whose `ws` sender writes synchronously, so
 * frames written either way keep their order.
 */
import type WebSocket from 'ws';

const framed = new WeakMap<Uint8Array, Buffer>();

/** The header (FIN, binary opcode, length) of an unmasked binary frame of `length` bytes. */
export function binaryFrameHeader(length: number, into: Buffer = Buffer.allocUnsafe(length < 126 ? 2 : length < 65536 ? 4 : 10)): Buffer {
  into[0] = 0x82;
  if (length < 126) into[1] = length;
  else if (length < 65536) {
    into[1] = 126;
    into.writeUInt16BE(length, 2);
  } else {
    into[1] = 127;
    into.writeBigUInt64BE(BigInt(length), 2);
  }
  return into;
}

/** The whole frame (FIN, binary opcode, length, payload) of a payload shared by connections, built once. */
export function binaryFrame(payload: Uint8Array): Buffer {
  let frame = framed.get(payload);
  if (frame) return frame;
  const length = payload.byteLength;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  frame = Buffer.allocUnsafe(header + length);
  binaryFrameHeader(length, frame);
  frame.set(payload, header);
  framed.set(payload, frame);
  return frame;
}

interface RawSocket {
  write(data: Buffer): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * The socket under `ws`, when frames may be written to it directly. Never
 * under Bun: there, writes to an upgraded socket that find its buffer full
 * are lost (300 frames of 60 KB written at once: 69 arrived, and
 * `bufferedAmount` said 0), while `ws.send` is Bun's own and keeps them.
 */
export function rawSocketOf(ws: WebSocket): RawSocket | null {
  if (ws.extensions !== '' || process.versions.bun !== undefined) return null;
  const socket = (ws as unknown as { _socket?: Partial<RawSocket> })._socket;
  return socket && typeof socket.write === 'function' && typeof socket.once === 'function' && typeof socket.off === 'function' ? (socket as RawSocket) : null;
}
