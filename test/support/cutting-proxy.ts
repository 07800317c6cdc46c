/**
 * A TCP relay between a Satellite client and the service that can drop the
 * connection right after a chosen server frame, so a test can make a client
 * miss what the service sent next (as a network failure would). It reads
 * the service's WebSocket frames (unmasked, so readable as they pass) and
 * relays the client's bytes unchanged.
 */
import net from 'node:net';
import { decodeFrame, type Frame } from '../../src/protocol/index.js';

export interface CuttingProxy {
  /** http://127.0.0.1:<port>, to give the client as the service's address. */
  readonly url: string;
  /**
   * The next server frame that matches is relayed, then both sides of its
   * connection are destroyed and nothing after it reaches the client.
   * Resolves when that happened.
   */
  cutAfter(match: (frame: Frame) => boolean): Promise<void>;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startCuttingProxy(target: { host: string; port: number }): Promise<CuttingProxy> {
  let cut: { match: (frame: Frame) => boolean; done: () => void } | null = null;
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    let pending = Buffer.alloc(0);
    let upgraded = false;
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        client.write(pending.subarray(0, end + 4));
        pending = pending.subarray(end + 4);
        upgraded = true;
      }
      for (;;) {
        const size = frameSize(pending);
        if (size === null) return;
        const { total, payloadAt, opcode } = size;
        const bytes = pending.subarray(0, total);
        pending = pending.subarray(total);
        client.write(bytes);
        if (cut && opcode === 2 && cut.match(decodeFrame(new Uint8Array(bytes.subarray(payloadAt))))) {
          const { done } = cut;
          cut = null;
          pending = Buffer.alloc(0);
          upstream.removeAllListeners('data');
          // Let the matched frame reach the client, then fail the connection.
          client.end(() => {
            client.destroy();
            upstream.destroy();
            done();
          });
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    cutAfter: (match) => new Promise<void>((resolve) => (cut = { match, done: resolve })),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The size of the WebSocket frame at the start of `buf` (a server's: unmasked), or null while incomplete. */
function frameSize(buf: Buffer): { total: number; payloadAt: number; opcode: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  let length = buf[1]! & 0x7f;
  let payloadAt = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    payloadAt = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    payloadAt = 10;
  }
  const total = payloadAt + length;
  return buf.length < total ? null : { total, payloadAt, opcode };
}
