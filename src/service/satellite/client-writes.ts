/**
 * A client's writes coming in: its SatRelation and SatOpLog frames, handled
 * one after another in arrival order, assembled into transactions and handed
 * to the writer, with back-pressure on the client's socket. Also our own
 * startReplication, which tells the client where to resume sending.
 */
import type WebSocket from 'ws';
import type { Frame } from '../../protocol/index.js';
import type { PostgresConnector } from '../postgres/connector.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import { InboundError, InboundStream, type ClientTransaction } from '../writes/inbound.js';
import { WriteError, type ClientWriter } from '../writes/writer.js';
import { errorMessage } from '../../util/errors.js';
import { ERROR_CODE } from './codes.js';
import type { ConnectionState } from './connection.js';
import type { RpcChannel } from './rpc.js';

/** Stop reading a client with this many transactions waiting for the writer; read again at the lower mark. */
const WRITES_PAUSE_AT = 500;
const WRITES_RESUME_AT = 100;

export interface ClientWritesDeps {
  readonly writer: ClientWriter;
  readonly connector: Pick<PostgresConnector, 'queries'>;
  readonly catalog: Pick<SchemaCatalog, 'table'>;
  /** Reloads catalog and migrations (coalesced across sessions). */
  refreshSchema(): Promise<void>;
}

/** How long a reconnecting client waits for its previous connection's writes to settle. */
const PREVIOUS_WRITES_TIMEOUT_MS = 30_000;

export class ClientWrites {
  /** The client's writes (from authentication on). */
  private inbound: InboundStream | null = null;
  /**
   * Whether we sent our startReplication: the client's transactions count
   * from then on. (Not from its answer: the official client may push its
   * first transaction before the answer goes out.)
   */
  private active = false;
  /** Inbound frames are handled one after another, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private failed = false;
  /** This client's transactions handed to the writer and not yet settled. */
  private writesPending = 0;

  constructor(
    private readonly connection: ConnectionState,
    private readonly rpc: Pick<RpcChannel, 'violation' | 'internalError' | 'request'>,
    private readonly socket: Pick<WebSocket, 'pause' | 'resume'>,
    private readonly deps: ClientWritesDeps,
  ) {}

  /** The client authenticated: its writes may come. */
  begin(clientId: string): void {
    this.inbound = new InboundStream(clientId, (schema, table) => this.deps.catalog.table(schema, table));
  }

  /** A SatRelation or SatOpLog of the authenticated client. */
  receive(frame: Frame): void {
    // Transactions sent before our startReplication are dropped (legacy
    // behaviour); judged on arrival.
    if (frame.type === 'SatOpLog' && !this.active) return;
    this.queue = this.queue.then(() => this.handle(frame));
  }

  /** Our own startReplication: the client resumes sending after the last position Postgres has. */
  async requestReplication(): Promise<void> {
    let lsn: Uint8Array = new Uint8Array();
    // Transactions of this client's previous connection still being written
    // must count: otherwise it would send them again.
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      this.deps.writer.settled(this.connection.clientId!).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PREVIOUS_WRITES_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (this.connection.closed) return;
    if (!settled) {
      // Postgres is not taking writes (a disabled or failing subscription): say so rather than wait for ever.
      this.rpc.violation({ message: 'The previous connection\'s transactions have not reached Postgres yet; try again later' });
      return;
    }
    try {
      const { rows } = await this.deps.connector.queries.query<{ lsn: Buffer }>(
        'SELECT lsn FROM electric.acknowledged_client_lsns WHERE client_id = $1',
        [this.connection.clientId],
      );
      if (rows[0]) lsn = new Uint8Array(rows[0].lsn);
    } catch {
      this.rpc.violation({ message: 'Postgres is unavailable' });
      return;
    }
    this.rpc.request('startReplication', { lsn, subscriptionIds: [] });
    this.active = true;
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.connection.closed || this.failed) return;
    const stream = this.inbound;
    if (!stream) return;
    try {
      if (frame.type === 'SatRelation') {
        // A table electrified moments ago may not be in the catalog yet.
        if (!stream.knowsTable(frame.message)) await this.deps.refreshSchema();
        stream.relation(frame.message);
        return;
      }
      if (frame.type !== 'SatOpLog') return;
      for (const tx of stream.opLog(frame.message)) this.submit(tx);
    } catch (err) {
      if (err instanceof InboundError) {
        this.refuse(err.message, err.lsn);
        return;
      }
      // Never rethrown: the inbound chain must not turn into a rejected
      // promise that skips every later frame unnoticed.
      this.failed = true;
      this.connection.log.error('failed to process a client write', { clientId: this.connection.clientId, type: frame.type, error: errorMessage(err) });
      this.rpc.internalError('Failed to process message');
    }
  }

  private submit(tx: ClientTransaction): void {
    // Back-pressure: a client with many transactions waiting for the writer
    // is not read from until they drain (its writes queue in its socket, not
    // in our memory).
    if (++this.writesPending === WRITES_PAUSE_AT) this.socket.pause();
    this.deps.writer
      .write(tx)
      .finally(() => {
        if (--this.writesPending === WRITES_RESUME_AT && !this.connection.closed) this.socket.resume();
      })
      .catch((err: unknown) => {
        if (err instanceof WriteError && err.code === 'REJECTED') {
          this.connection.log.warn('Postgres refused a client transaction', { clientId: tx.clientId, error: err.message });
          this.refuse(`Applying the transaction failed: ${err.message}`, tx.lsn);
        } else if (!(err instanceof WriteError)) {
          this.connection.log.error('writing a client transaction failed', { clientId: tx.clientId, error: errorMessage(err) });
        }
      });
  }

  /** A refused client transaction: the error names it, and the connection closes. */
  private refuse(message: string, lsn: Uint8Array | null): void {
    if (this.failed) return;
    this.failed = true;
    this.connection.log.info('refused a client transaction', { clientId: this.connection.clientId, reason: message });
    this.rpc.violation({ errorType: ERROR_CODE.INVALID_REQUEST, message, ...(lsn ? { lsn } : {}) }, 'Invalid transaction');
  }
}
