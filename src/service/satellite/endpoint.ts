/**
 * The `/ws` route: checks the upgrade (spec §2.3), then hands the socket to
 * a Session. Tracks sessions so that a client id is connected once, and so
 * that shutdown closes them all.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { checkUpgrade } from './upgrade.js';
import { Session, type SessionDeps, type SessionFigures } from './session.js';
import { CheckpointBudget } from './checkpoint-budget.js';
import { RateMeter } from '../../util/rate.js';

/** Largest frame accepted from a client. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** How long a stopping service waits for the sessions' last checkpoint stores. */
const CHECKPOINTS_AT_STOP_MS = 3_000;

export type EndpointDeps = Omit<SessionDeps, 'claimClientId' | 'releaseClientId' | 'transactionsOut' | 'checkpointBudget'>;

export class SatelliteEndpoint {
  // The checks already ran: echo the one electric.<major>.<minor> offered.
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    clientTracking: false,
    handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith('electric.')) ?? false,
  });
  private readonly sessions = new Set<Session>();
  private readonly clients = new Map<string, Session>();
  /** Transactions sent to clients, all sessions together. */
  readonly transactionsOut = new RateMeter();
  /** Bytes of client checkpoints written to Postgres, all sessions together. */
  private readonly checkpointBudget = new CheckpointBudget();

  constructor(private readonly deps: EndpointDeps) {}

  get sessionCount(): number {
    return this.sessions.size;
  }

  connectedClients(): Session[] {
    return [...this.clients.values()];
  }

  /** The figures of every authenticated client, oldest connection first. */
  clientFigures(): SessionFigures[] {
    const figures: SessionFigures[] = [];
    for (const session of this.clients.values()) {
      const f = session.figures();
      if (f) figures.push(f);
    }
    return figures.sort((a, b) => a.connectedAt - b.connectedAt);
  }

  /** Handles an upgrade request for /ws. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = checkUpgrade(req.headers['sec-websocket-protocol'], this.deps.connector.state);
    if (!verdict.ok) {
      refuse(socket, verdict.status, verdict.message);
      return;
    }
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || !req.headers['sec-websocket-key']) {
      refuse(socket, 400, 'Bad request');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new Session(ws, {
        ...this.deps,
        transactionsOut: this.transactionsOut,
        checkpointBudget: this.checkpointBudget,
        claimClientId: (id, s) => {
          if (this.clients.has(id)) return false;
          this.clients.set(id, s);
          return true;
        },
        releaseClientId: (id, s) => {
          if (this.clients.get(id) === s) this.clients.delete(id);
        },
      });
      this.sessions.add(session);
      ws.once('close', () => this.sessions.delete(session));
    });
  }

  /**
   * Closes every session and waits (a while at most) for their last
   * checkpoints to be stored, so that clients resume from where they were.
   */
  async closeAll(): Promise<void> {
    const closing = [...this.sessions];
    for (const session of closing) session.close(1001, 'Server shutting down');
    this.sessions.clear();
    this.wss.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(closing.map((s) => s.checkpointStored())),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, CHECKPOINTS_AT_STOP_MS))),
    ]);
    clearTimeout(timer);
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  const reason = status === 503 ? 'Service Unavailable' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message)}\r\nconnection: close\r\n\r\n${message}`);
}
