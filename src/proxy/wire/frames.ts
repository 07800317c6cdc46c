/**
 * Splits a Postgres wire byte stream into whole messages. After startup every
 * message in both directions is `tag(1) length(4, counting itself) body`;
 * the startup packet has no tag. Frames are returned as slices of the input,
 * so relaying a frame costs no copy.
 */
import { ElectricError } from '../../util/errors.js';

/** Messages above this size are refused (the proxy carries migrations, not bulk rows). */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;
/**
 * Postgres' own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH): without
 * it, four bytes from an unauthenticated client made the proxy wait for, and
 * buffer, up to MAX_FRAME_BYTES.
 */
export const MAX_STARTUP_BYTES = 10_000;
/** Before authentication only a password message can come (Postgres: PG_MAX_AUTH_TOKEN_LENGTH). */
export const MAX_UNAUTHENTICATED_FRAME_BYTES = 65_535;

export class WireError extends ElectricError {}

export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the incomplete frame in `pending` needs in all (0: not known yet). */
  private awaitedBytes = 0;

  constructor(
    private tagged: boolean,
    /** Largest tagged message accepted. */
    private maxFrameBytes = MAX_FRAME_BYTES,
  ) {}

  /** After the startup packet, messages carry a tag byte. */
  expectTagged(): void {
    this.tagged = true;
    this.awaitedBytes = 0;
  }

  /** Raises (or lowers) the largest tagged message accepted, e.g. once the client is authenticated. */
  limitFrames(maxBytes: number): void {
    this.maxFrameBytes = maxBytes;
  }

  /** Feeds bytes; returns every message now complete (raw, tag included). */
  push(chunk: Buffer): Buffer[] {
    if (this.pendingBytes > 0) {
      if (this.pendingBytes + chunk.length < this.awaitedBytes) {
        // Still short of the frame: keep the piece (joining every time would
        // copy a 20 MB query hundreds of times over).
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        return [];
      }
      this.pending.push(chunk);
      chunk = Buffer.concat(this.pending, this.pendingBytes + chunk.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    const frames: Buffer[] = [];
    let offset = 0;
    const header = this.tagged ? 5 : 4;
    while (chunk.length - offset >= header) {
      const length = chunk.readInt32BE(offset + (this.tagged ? 1 : 0));
      if (!this.tagged && (length < 8 || length > MAX_STARTUP_BYTES)) {
        throw new WireError('PROXY_BAD_FRAME', `invalid length of startup packet (${length})`);
      }
      if (length < 4 || length > this.maxFrameBytes) {
        throw new WireError('PROXY_BAD_FRAME', `invalid message length ${length}`);
      }
      const total = length + (this.tagged ? 1 : 0);
      if (chunk.length - offset < total) break;
      frames.push(chunk.subarray(offset, offset + total));
      offset += total;
      // The startup packet is the only untagged one; callers switch modes
      // explicitly because an SSLRequest is followed by another startup packet.
      if (!this.tagged) break;
    }
    this.awaitedBytes = 0;
    if (offset < chunk.length) {
      const rest = chunk.subarray(offset);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
      if (this.tagged && rest.length >= header) this.awaitedBytes = rest.readInt32BE(1) + 1;
    }
    return frames;
  }

  /** Bytes received after the frames returned so far. */
  takeRemainder(): Buffer {
    const rest = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.awaitedBytes = 0;
    return rest;
  }
}

/** Reads NUL-terminated strings and integers from a message body. */
export class BodyReader {
  constructor(
    private readonly buf: Buffer,
    private offset: number,
  ) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw new WireError('PROXY_BAD_FRAME', 'unterminated string in message');
    const text = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return text;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  byte(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new WireError('PROXY_BAD_FRAME', 'message ends early');
  }
}
