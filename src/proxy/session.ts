/**
 * One client connection to the migrations proxy: startup, the proxy's own
 * authentication, the upstream connection, then the mode chosen by user and
 * database (spec §6.2): capture (default), `transparent` pass-through, and
 * Prisma's shadow databases passed through untouched.
 */
import type { Duplex } from 'node:stream';
import type { DatabaseConfig } from '../service/config.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { Channel } from './channel.js';
import { CaptureEngine } from './capture/engine.js';
import type { DdlxFeatures } from './capture/ddlx-apply.js';
import { loadStatementParser } from './capture/statements.js';
import { authFailedMessage, md5Response, newSalt, sameSecret } from './auth.js';
import { connectUpstream, type UpstreamSession } from './upstream.js';
import * as backend from './wire/backend.js';
import { FrameReader, MAX_FRAME_BYTES, MAX_UNAUTHENTICATED_FRAME_BYTES } from './wire/frames.js';
import { PROTOCOL_3, decodeFrontend, decodeStartup, type FrontendMessage } from './wire/frontend.js';

export const AUTH_TIMEOUT_MS = 30_000;

export type ProxyMode = 'capture' | 'transparent' | 'shadow';

export interface ProxySessionDeps {
  readonly db: DatabaseConfig;
  readonly password: string;
  readonly features: DdlxFeatures;
  readonly logger: Logger;
  /** A CancelRequest arrived for this backend key. */
  readonly onCancel: (processId: number, secretKey: number) => void;
  /** The session's upstream backend key (for cancel requests). */
  readonly onBackendKey: (processId: number, secretKey: number) => void;
}

export function modeFor(user: string, database: string): ProxyMode {
  if (database.startsWith('prisma_migrate_shadow_db')) return 'shadow';
  if (user === 'transparent') return 'transparent';
  return 'capture';
}

export class ProxySession {
  private readonly frames = new FrameReader(false, MAX_UNAUTHENTICATED_FRAME_BYTES);
  private upstream: UpstreamSession | null = null;
  private channel: Channel | null = null;
  private engine: CaptureEngine | null = null;
  private closed = false;
  /** Client messages waiting for the batch before them. */
  private queue: FrontendMessage[] = [];
  private running = false;
  private onMessage: ((m: FrontendMessage) => void) | null = null;
  /** Messages that came while the upstream connection was being opened, replayed once it is. */
  private early: Buffer[] = [];
  private log: Logger;
  /** Closes a client that has not authenticated in time. */
  private authTimer: NodeJS.Timeout | null;
  private startupDone = false;
  /** Until the startup packet is handled, frames go here (an SSLRequest comes first, then another startup packet). */
  private pendingStartup: ((frame: Buffer) => void) | null = (frame) => void this.onStartup(frame);

  constructor(
    private readonly client: Duplex,
    private readonly deps: ProxySessionDeps,
  ) {
    this.log = deps.logger;
    client.on('data', (chunk: Buffer) => this.onClientData(chunk));
    client.on('error', (err) => this.close(`client socket error: ${errorMessage(err)}`));
    client.on('close', () => this.close('client closed'));
    this.authTimer = setTimeout(() => this.fatal('08006', 'authentication timed out'), AUTH_TIMEOUT_MS);
  }

  /** Capture mode: the prepared statements and portals tracked (null in other modes). */
  get records(): { statements: number; portals: number } | null {
    return this.engine?.recordSizes ?? null;
  }

  private onClientData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.frames.push(chunk);
    } catch (err) {
      this.fatal('08P01', `invalid message from client: ${errorMessage(err)}`);
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      if (this.pendingStartup) {
        this.pendingStartup(frame);
        continue;
      }
      if (!this.onMessage) {
        // Authenticated, upstream still connecting: a client that does not
        // wait for ReadyForQuery must not lose what it sent.
        this.early.push(frame);
        continue;
      }
      this.dispatch(frame);
    }
    if (this.upstream && this.channel) this.holdBack(this.client, this.upstream.socket);
  }

  private dispatch(frame: Buffer): void {
    let message: FrontendMessage;
    try {
      message = decodeFrontend(frame);
    } catch (err) {
      this.fatal('08P01', `invalid message from client: ${errorMessage(err)}`);
      return;
    }
    this.onMessage?.(message);
  }

  /**
   * Capture mode relays frame by frame (pass-through modes pipe()): stop
   * reading one side while the other cannot take more, so that a COPY of
   * gigabytes, or a client that stops reading, waits instead of piling up
   * in the proxy's memory.
   */
  private holdBack(source: Duplex, target: Duplex): void {
    if (!target.writableNeedDrain || source.isPaused()) return;
    source.pause();
    target.once('drain', () => source.resume());
  }

  // -- startup and authentication -------------------------------------------------

  private async onStartup(frame: Buffer): Promise<void> {
    let packet;
    try {
      packet = decodeStartup(frame);
    } catch (err) {
      this.fatal('08P01', `invalid startup packet: ${errorMessage(err)}`);
      return;
    }
    if (packet.kind === 'ssl' || packet.kind === 'gssenc') {
      // No TLS on the proxy (as the legacy one): the client may go on in plain text.
      this.client.write('N');
      return;
    }
    if (packet.kind === 'cancel') {
      this.deps.onCancel(packet.processId, packet.secretKey);
      this.close('cancel request handled');
      this.client.end();
      return;
    }
    if (packet.protocol !== PROTOCOL_3) {
      this.fatal('0A000', `unsupported frontend protocol ${packet.protocol >> 16}.${packet.protocol & 0xffff}: the proxy speaks 3.0`);
      return;
    }
    const { user, database } = packet.params;
    if (!user) {
      this.fatal('28000', 'no PostgreSQL user name specified in startup packet');
      return;
    }
    const db = database || user;
    this.frames.expectTagged();
    this.pendingStartup = null;
    this.log = this.log.child({ user, database: db });
    if (packet.params.password !== undefined) {
      if (!sameSecret(packet.params.password, this.deps.password)) {
        this.fatal('28P01', authFailedMessage(user));
        return;
      }
      await this.authenticated(user, db, packet.params);
      return;
    }
    const salt = newSalt();
    this.client.write(backend.authenticationMd5(salt));
    this.onMessage = (m) => {
      this.onMessage = null;
      if (m.type !== 'password' || !sameSecret(m.text, md5Response(this.deps.password, user, salt))) {
        this.fatal('28P01', authFailedMessage(user));
        return;
      }
      void this.authenticated(user, db, packet.params);
    };
    // Bytes after the startup packet (pipelining clients) are parsed now.
    this.onClientData(Buffer.alloc(0));
  }

  private async authenticated(user: string, database: string, params: Record<string, string>): Promise<void> {
    // The password is right: from here messages of any size are the client's business.
    this.frames.limitFrames(MAX_FRAME_BYTES);
    // Nothing more is read until the session can take it (resumed below, or by pipe()).
    this.client.pause();
    const mode = modeFor(user, database);
    const target = mode === 'shadow' ? database : this.deps.db.database;
    try {
      this.upstream = await connectUpstream(this.deps.db, target, params);
    } catch (err) {
      const code = (err as { code?: string }).code;
      this.fatal(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : '08006', `the migrations proxy could not connect to Postgres: ${errorMessage(err)}`);
      return;
    }
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
    if (this.closed) {
      this.upstream.socket.destroy();
      return;
    }
    const upstream = this.upstream;
    this.deps.onBackendKey(upstream.processId, upstream.secretKey);
    this.client.write(backend.authenticationOk());
    for (const [name, value] of upstream.parameters) this.client.write(backend.parameterStatus(name, value));
    this.client.write(backend.backendKeyData(upstream.processId, upstream.secretKey));
    this.client.write(backend.readyForQuery('I'));
    this.startupDone = true;
    this.log.info('proxy session started', { mode });
    upstream.socket.on('error', (err) => this.close(`upstream error: ${errorMessage(err)}`));
    upstream.socket.on('close', () => this.close('upstream closed'));

    if (mode !== 'capture') {
      // Pass-through: bytes both ways, untouched.
      const rest = Buffer.concat([...this.early, this.frames.takeRemainder()]);
      this.early = [];
      this.client.removeAllListeners('data');
      if (rest.length) upstream.socket.write(rest);
      this.client.pipe(upstream.socket);
      upstream.socket.pipe(this.client);
      return;
    }
    await loadStatementParser();
    const channel = new Channel(upstream.socket, this.client);
    this.channel = channel;
    this.engine = new CaptureEngine(channel, this.deps.features, this.log);
    upstream.socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of upstream.frames.push(chunk)) channel.onUpstreamFrame(frame);
      } catch (err) {
        this.fatal('08P01', `invalid message from Postgres: ${errorMessage(err)}`);
        return;
      }
      this.holdBack(upstream.socket, this.client);
    });
    this.onMessage = (m) => this.enqueue(m);
    const early = this.early;
    this.early = [];
    for (const frame of early) {
      if (this.closed) return;
      this.dispatch(frame);
    }
    this.client.resume();
    this.onClientData(Buffer.alloc(0));
  }

  // -- capture mode ------------------------------------------------------------------

  private enqueue(m: FrontendMessage): void {
    if (m.type === 'copy') {
      // COPY data belongs to the statement already running: straight through.
      this.channel?.sendUpstream(m.raw);
      return;
    }
    if (m.type === 'other') {
      // As Postgres: an unknown message would otherwise wait in the queue for
      // a Sync that never comes, and the client with it.
      this.fatal('08P01', `invalid frontend message type ${m.raw[0]}`);
      return;
    }
    if (m.type === 'terminate') {
      this.upstream?.socket.end(m.raw);
      this.close('client terminated');
      this.client.end();
      return;
    }
    this.queue.push(m);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed) {
        const end = this.queue.findIndex((m) => m.type === 'query' || m.type === 'sync' || m.type === 'flush' || m.type === 'function-call');
        if (end < 0) break;
        const batch = this.queue.splice(0, end + 1);
        const last = batch[batch.length - 1]!;
        const engine = this.engine!;
        if (last.type === 'sync' || last.type === 'flush') {
          await engine.extended(batch, last.type);
          continue;
        }
        // Extended messages sent without a Sync or Flush before a Query get the same checks.
        if (batch.length > 1) await engine.extended(batch.slice(0, -1), 'none');
        if (last.type === 'query') await engine.query(last);
        else await engine.functionCall(last);
      }
    } catch (err) {
      // A session already closing (client or Postgres gone) fails its waiters: nothing to report.
      if (this.closed) return;
      this.log.warn('proxy session failed', { error: errorMessage(err) });
      this.fatal('XX000', `the migrations proxy failed: ${errorMessage(err)}`);
    } finally {
      this.running = false;
    }
  }

  // -- ending ------------------------------------------------------------------------

  private fatal(code: string, message: string): void {
    if (this.closed) return;
    this.log.warn('proxy session refused', { code, message });
    if (!this.client.destroyed) this.client.end(backend.errorResponse({ severity: 'FATAL', code, message }));
    this.close(message);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.authTimer) clearTimeout(this.authTimer);
    this.channel?.close();
    this.upstream?.socket.destroy();
    if (!this.client.destroyed && this.startupDone) this.client.end();
    setTimeout(() => this.client.destroy(), 1000).unref();
    this.log.debug('proxy session closed', { reason });
  }
}
