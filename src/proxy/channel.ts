/**
 * One client's conversation with its upstream connection. Frames from
 * Postgres go to the client unless the proxy is collecting the answer to a
 * message of its own (a hidden query, or a forwarded statement whose
 * ReadyForQuery the proxy swallows because the client's batch goes on).
 */
import type { Duplex } from 'node:stream';
import { serialize } from 'pg-protocol';
import type { DatabaseError } from 'pg-protocol/dist/messages.js';
import { ElectricError } from '../util/errors.js';
import type { TransactionStatus } from './wire/backend.js';
import { decodeBackend } from './upstream.js';

/** How long a query of the proxy's own may take before the session is given up. */
export const HIDDEN_QUERY_TIMEOUT_MS = 60_000;

const HIDDEN_STATEMENT = '__electric_proxy';

export class ProxyTimeoutError extends ElectricError {}

export interface HiddenResult {
  readonly rows: (string | null)[][];
  readonly error: DatabaseError | null;
  /** The ErrorResponse as Postgres sent it, to relay unchanged. */
  readonly errorFrame: Buffer | null;
}

export interface ForwardResult {
  readonly errorFrame: Buffer | null;
  /** The frames received, when buffered instead of relayed. */
  readonly frames: Buffer[];
}

type Collector = (frame: Buffer) => void;

export class Channel {
  txStatus: TransactionStatus = 'I';
  private outstanding = 0;
  private idleWaiters: (() => void)[] = [];
  private collector: Collector | null = null;
  private abortCollect: ((err: Error) => void) | null = null;

  constructor(
    private readonly upstream: Duplex,
    private readonly client: Duplex,
  ) {}

  toClient(frame: Buffer): void {
    if (!this.client.destroyed) this.client.write(frame);
  }

  sendUpstream(data: Buffer): void {
    if (!this.upstream.destroyed) this.upstream.write(data);
  }

  /** A frame from Postgres. */
  onUpstreamFrame(frame: Buffer): void {
    if (this.collector) {
      // Postgres is ending the session (terminated, shutting down): the
      // client must hear why, not only see the connection drop; whatever the
      // proxy was collecting ends when the connection closes.
      if (isFatalError(frame)) this.toClient(frame);
      else this.collector(frame);
      return;
    }
    this.toClient(frame);
    if (frame[0] === 0x5a /* Z */) {
      this.txStatus = String.fromCharCode(frame[5]!) as TransactionStatus;
      this.outstanding = Math.max(0, this.outstanding - 1);
      if (this.outstanding === 0) this.wakeIdle();
    }
  }

  /** Relays client messages; `answers` of them (Query, Sync) end with a ReadyForQuery. */
  passThrough(raw: Buffer, answers: number): void {
    this.outstanding += answers;
    this.sendUpstream(raw);
  }

  /** Resolves when every relayed message has been answered. */
  idle(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Fails every waiter (the connection is gone). */
  close(): void {
    this.collector = null;
    this.abortCollect?.(new ElectricError('PROXY_UPSTREAM_CLOSED', 'the connection to Postgres closed'));
    this.abortCollect = null;
    this.wakeIdle();
  }

  /**
   * Runs a statement of the proxy's own through the extended protocol with a
   * named statement and portal, so the client's unnamed ones survive.
   */
  hidden(sql: string, params: readonly (string | null)[] = []): Promise<HiddenResult> {
    const rows: (string | null)[][] = [];
    let error: DatabaseError | null = null;
    let errorFrame: Buffer | null = null;
    return this.collect(
      Buffer.concat([
        // A failed earlier run skipped its Close messages: close first.
        serialize.close({ type: 'P', name: HIDDEN_STATEMENT }),
        serialize.close({ type: 'S', name: HIDDEN_STATEMENT }),
        serialize.parse({ name: HIDDEN_STATEMENT, text: sql }),
        serialize.bind({ statement: HIDDEN_STATEMENT, portal: HIDDEN_STATEMENT, values: [...params] }),
        serialize.execute({ portal: HIDDEN_STATEMENT }),
        serialize.close({ type: 'P', name: HIDDEN_STATEMENT }),
        serialize.close({ type: 'S', name: HIDDEN_STATEMENT }),
        serialize.sync(),
      ]),
      (frame) => {
        const tag = frame[0];
        if (tag === 0x44 /* D */) rows.push((decodeBackend(frame) as unknown as { fields: (string | null)[] }).fields);
        else if (tag === 0x45 /* E */) {
          errorFrame = Buffer.from(frame);
          error = decodeBackend(frame) as DatabaseError;
        } else if (tag === 0x53 /* S */ || tag === 0x41 /* A */) this.toClient(frame);
      },
      `hidden query ${sql.slice(0, 60)}`,
    ).then(() => ({ rows, error, errorFrame }));
  }

  /**
   * Sends client messages and relays (or buffers) the answers up to the
   * ReadyForQuery that ends them, which is swallowed: the client's batch
   * continues. `sync` adds a Sync of the proxy's own (extended protocol).
   */
  forward(raw: Buffer, options: { sync: boolean; buffer: boolean }): Promise<ForwardResult> {
    const frames: Buffer[] = [];
    let errorFrame: Buffer | null = null;
    return this.collect(
      options.sync ? Buffer.concat([raw, serialize.sync()]) : raw,
      (frame) => {
        if (frame[0] === 0x45 /* E */) errorFrame = Buffer.from(frame);
        if (options.buffer) frames.push(Buffer.from(frame));
        else this.toClient(frame);
      },
      null,
    ).then(() => ({ errorFrame, frames }));
  }

  private collect(data: Buffer, onFrame: Collector, timeoutLabel: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = timeoutLabel
        ? setTimeout(() => {
            this.collector = null;
            this.abortCollect = null;
            reject(new ProxyTimeoutError('PROXY_TIMEOUT', `the migrations proxy's ${timeoutLabel} took longer than ${HIDDEN_QUERY_TIMEOUT_MS / 1000} s`));
          }, HIDDEN_QUERY_TIMEOUT_MS)
        : null;
      this.abortCollect = (err) => {
        if (timer) clearTimeout(timer);
        reject(err);
      };
      this.collector = (frame) => {
        if (frame[0] !== 0x5a /* Z */) {
          onFrame(frame);
          return;
        }
        this.txStatus = String.fromCharCode(frame[5]!) as TransactionStatus;
        this.collector = null;
        this.abortCollect = null;
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.sendUpstream(data);
    });
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function isFatalError(frame: Buffer): boolean {
  if (frame[0] !== 0x45 /* E */) return false;
  const severity = (decodeBackend(frame) as DatabaseError).severity;
  return severity === 'FATAL' || severity === 'PANIC';
}
