/**
 * One Satellite connection: its lifecycle (keep-alive pings, close) and the
 * dispatch of incoming frames to the parts that do the work, each a module
 * of its own: the RPC layer (rpc.ts), authentication (authentication.ts),
 * the client's startReplication (replication-start.ts), replication to the
 * client with its unacked window (outbound-stream.ts) and checkpoint
 * (client-checkpoint.ts), subscriptions (subscriptions.ts), the client's
 * writes (client-writes.ts) and what goes to the socket (outgoing-frames.ts).
 * The parts read the connection's shared facts through `ConnectionState`.
 */
import type WebSocket from 'ws';
import {
  ProtocolError,
  decodeFrame,
  type Frame,
  type ISatInStartReplicationReq,
  type ISatRpcRequest,
  type ISatSubsReq,
  type ISatUnsubsReq,
} from '../../protocol/index.js';
import type { Authenticator } from '../auth/jwt.js';
import type { PostgresConnector } from '../postgres/connector.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import type { ShapeHolding } from '../shapes/live-filter.js';
import type { ClientWriter } from '../writes/writer.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/log.js';
import type { RateMeter } from '../../util/rate.js';
import { ClientAuthentication, type AuthenticateRequest } from './authentication.js';
import type { CheckpointBudget } from './checkpoint-budget.js';
import { ClientCheckpoint } from './client-checkpoint.js';
import type { ClientStateStore } from './client-state.js';
import { ClientWrites } from './client-writes.js';
import { CLOSE, ERROR_CODE, REPLICATION_ERROR } from './codes.js';
import type { ConnectionState } from './connection.js';
import type { MigrationsFeed } from './migrations-feed.js';
import { OutboundStream, UNACKED_WINDOW_SIZE } from './outbound-stream.js';
import { OutgoingFrames } from './outgoing-frames.js';
import { ReplicationStart } from './replication-start.js';
import { RpcChannel } from './rpc.js';
import { Subscriptions } from './subscriptions.js';

export { ERROR_CODE, REPLICATION_ERROR, CLOSE, UNACKED_WINDOW_SIZE };
/** A client silent this long is pinged; silent for another interval, it is dropped. */
const PING_INTERVAL_MS = 20_000;

export interface SessionDeps {
  readonly instanceId: string;
  readonly authenticator: Authenticator;
  readonly connector: PostgresConnector;
  readonly catalog: SchemaCatalog;
  readonly migrations: MigrationsFeed;
  readonly clientState: ClientStateStore;
  readonly writer: ClientWriter;
  /** Reloads catalog and migrations (coalesced across sessions). */
  refreshSchema(): Promise<void>;
  /** Registers a client id; false when it is already connected. */
  claimClientId(clientId: string, session: Session): boolean;
  releaseClientId(clientId: string, session: Session): void;
  /** Marked for every transaction sent to a client (shared by the endpoint's sessions). */
  readonly transactionsOut: RateMeter;
  /** Shared limit on the bytes of checkpoints written to Postgres. */
  readonly checkpointBudget: CheckpointBudget;
  readonly logger: Logger;
}

/** One connected client, as the status figures show it. */
export interface SessionFigures {
  readonly clientId: string;
  readonly userId: string | null;
  readonly connectedAt: number;
  /** The position the client last acknowledged (or resumed from). */
  readonly acknowledgedLsn: string | null;
  /** How far its stream has gone (transactions up to here were sent, or filtered out for it). */
  readonly sentLsn: string | null;
  readonly unacked: number;
  readonly unackedWindow: number;
  readonly bytesSent: number;
  readonly transactionsSent: number;
  readonly shapes: readonly ShapeHolding[];
}

export class Session implements ConnectionState {
  private hasClosed = false;
  private readonly frames: OutgoingFrames;
  private readonly rpc: RpcChannel;
  private readonly auth: ClientAuthentication;
  private readonly checkpoint: ClientCheckpoint;
  private readonly writes: ClientWrites;
  private readonly subscriptions: Subscriptions;
  private readonly outbound: OutboundStream;
  private readonly replicationStart: ReplicationStart;
  private lastActivity = Date.now();
  private pingTimer: NodeJS.Timeout;
  private awaitingPong = false;
  readonly log: Logger;
  /** For the status figures (the others are kept by the parts that do the work). */
  private readonly connectedAt = Date.now();

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps,
  ) {
    this.log = deps.logger.child({ component: 'satellite' });
    this.frames = new OutgoingFrames(ws, this, (schema, table) => deps.catalog.table(schema, table));
    this.rpc = new RpcChannel((frame) => this.frames.send(frame), (code, reason) => this.close(code, reason), this);
    this.auth = new ClientAuthentication(this, this.rpc, {
      instanceId: deps.instanceId,
      authenticator: deps.authenticator,
      claim: (id) => deps.claimClientId(id, this),
      admitted: (id) => this.writes.begin(id),
    });
    this.checkpoint = new ClientCheckpoint(this, deps);
    this.writes = new ClientWrites(this, this.rpc, ws, deps);
    this.subscriptions = new Subscriptions(this, this.rpc, this.frames, this.checkpoint, () => this.outbound.lastSentLsn, deps);
    this.outbound = new OutboundStream(this, this.rpc, this.frames, this.subscriptions, this.checkpoint, deps);
    this.replicationStart = new ReplicationStart(this, this.rpc, this.outbound, this.subscriptions, this.checkpoint, deps);
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => (this.lastActivity = Date.now()));
    ws.on('close', () => this.onClosed());
    ws.on('error', (err) => this.log.debug('socket error', { error: err.message }));
    this.pingTimer = setInterval(() => this.checkAlive(), PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  get id(): string | null {
    return this.auth.clientId;
  }
  /** The same as `id`, as the parts read it (`ConnectionState`). */
  get clientId(): string | null {
    return this.auth.clientId;
  }
  get closed(): boolean {
    return this.hasClosed;
  }
  get user(): string | null {
    return this.auth.userId;
  }
  get subscriptionCount(): number {
    return this.subscriptions.count;
  }

  /** This connection's figures (null before authentication); read on request. */
  figures(): SessionFigures | null {
    if (this.clientId === null) return null;
    const stream = this.outbound.figures();
    return {
      clientId: this.clientId,
      userId: this.auth.userId,
      connectedAt: this.connectedAt,
      acknowledgedLsn: stream.acknowledgedLsn,
      sentLsn: stream.sentLsn,
      unacked: stream.unacked,
      unackedWindow: UNACKED_WINDOW_SIZE,
      bytesSent: this.frames.bytesSent,
      transactionsSent: stream.transactionsSent,
      shapes: this.subscriptions.holdings(),
    };
  }

  /** Closes the connection (service shutdown). */
  close(code: number = CLOSE.NORMAL, reason = ''): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.onClosed();
  }

  /** Resolves once the client's checkpoint stores have finished (the last one is made at close). */
  checkpointStored(): Promise<void> {
    return this.checkpoint.settled();
  }

  // -- Incoming ---------------------------------------------------------------

  private onMessage(data: Buffer, isBinary: boolean): void {
    this.lastActivity = Date.now();
    if (!isBinary) return; // text frames are not part of the protocol
    let frame: Frame;
    try {
      frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (err) {
      if (!(err instanceof ProtocolError)) this.log.error('frame decoding failed', { error: errorMessage(err) });
      this.rpc.violation({}, 'Message not formatted according to Electric protocol');
      return;
    }
    void this.dispatch(frame).catch((err: unknown) => {
      this.log.error('failed to process a message', { error: errorMessage(err), type: frame.type, clientId: this.clientId });
      this.rpc.internalError('Failed to process message');
    });
  }

  private async dispatch(frame: Frame): Promise<void> {
    switch (frame.type) {
      case 'SatRpcRequest':
        return this.onRpcRequest(frame.message);
      case 'SatRpcResponse':
        return this.rpc.onResponse(frame.message);
      case 'SatOpLogAck':
        return this.outbound.onAck(frame.message);
      case 'SatErrorResp':
        this.close(CLOSE.NORMAL);
        return;
      case 'SatRelation':
      case 'SatOpLog':
        if (!this.clientId) {
          this.rpc.violation({ errorType: ERROR_CODE.AUTH_REQUIRED });
          return;
        }
        this.writes.receive(frame);
        return;
      default:
        this.rpc.violation({ errorType: ERROR_CODE.INVALID_REQUEST, message: `Unexpected message ${frame.type}` });
    }
  }

  private async onRpcRequest(req: ISatRpcRequest): Promise<void> {
    const call = this.rpc.decodeRequest(req);
    if (!call) return;
    const { method, requestId, message } = call;
    if (method === 'authenticate') {
      if (await this.auth.handle(requestId, message as AuthenticateRequest)) await this.writes.requestReplication();
      return;
    }
    if (!this.clientId) {
      this.rpc.refuse(method, requestId, { errorType: ERROR_CODE.AUTH_REQUIRED });
      return;
    }
    switch (method) {
      case 'startReplication':
        return this.replicationStart.handle(requestId, message as ISatInStartReplicationReq);
      case 'stopReplication':
        return this.stopReplication(requestId);
      case 'subscribe':
        return this.subscriptions.subscribe(requestId, message as ISatSubsReq);
      case 'unsubscribe':
        return this.subscriptions.unsubscribe(requestId, message as ISatUnsubsReq);
    }
  }

  private stopReplication(requestId: number): void {
    this.outbound.stop();
    this.rpc.reply('stopReplication', requestId, {});
  }

  // -- Lifecycle ------------------------------------------------------------------------

  private checkAlive(): void {
    if (this.closed) return;
    const quietFor = Date.now() - this.lastActivity;
    if (quietFor < PING_INTERVAL_MS) {
      this.awaitingPong = false;
      return;
    }
    if (this.awaitingPong) {
      this.log.info('client not responding to pings; closing', { clientId: this.clientId });
      this.ws.terminate();
      this.onClosed();
      return;
    }
    this.awaitingPong = true;
    this.ws.ping();
  }

  private onClosed(): void {
    if (this.hasClosed) return;
    this.hasClosed = true;
    clearInterval(this.pingTimer);
    this.outbound.stop();
    this.checkpoint.close();
    if (this.clientId) this.deps.releaseClientId(this.clientId, this);
  }
}
