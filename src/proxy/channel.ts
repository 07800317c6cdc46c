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
  /** SQLSTATE codes of the notices and warnings it raised (not relayed). */
  readonly notices: string[];
}

export interface ForwardResult {
  readonly errorFrame: Buffer | null;
  /** The frames received, when buffered instead of relayed. */
  readonly frames: Buffer[];
}

type Collector = (frame: Buffer) => void;

/**
 * What a stretch of relayed client messages is owed by Postgres: a Query
 * or FunctionCall, and a stretch ending in a Sync, end with a
 * ReadyForQuery; a stretch ending in a Flush (or in nothing) gets one
 * answer per message and no ReadyForQuery.
 */
export type Owed = { readonly kind: 'sync' | 'query' } | { readonly kind: 'answers'; readonly count: number };

interface OwedStretch {
  readonly kind: 'sync' | 'query' | 'answers';
  remaining: number;
  /** Sees every frame of the stretch's answer, before the client does. */
  readonly watch: ((frame: Buffer) => void) | null;
}

/** The last message of each extended-protocol answer (CommandComplete, ParseComplete, NoData, …). */
const ENDS_ANSWER = new Set([0x31, 0x32, 0x33, 0x43, 0x49, 0x73, 0x54, 0x6e]); // 1 2 3 C I s T n

export class Channel {
  txStatus: TransactionStatus = 'I';
  /**
   * A Flush-ended stretch failed and nothing owed is left: Postgres ignores
   * every message up to the client's next Sync.
   */
  extendedFailed = false;
  private owed: OwedStretch[] = [];
  private closed = false;
  private idleWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
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
    this.owed[0]?.watch?.(frame);
    this.toClient(frame);
    const tag = frame[0]!;
    if (tag === 0x5a /* Z */) {
      this.txStatus = String.fromCharCode(frame[5]!) as TransactionStatus;
      // Everything before a ReadyForQuery has been answered.
      while (this.headKind() === 'answers') this.owed.shift();
      this.owed.shift();
      this.extendedFailed = false;
    } else if (this.headKind() === 'answers') {
      if (tag === 0x45 /* E */) {
        // Postgres now skips every message up to a Sync, Queries included.
        while (this.headKind() !== undefined && this.headKind() !== 'sync') this.owed.shift();
        if (this.owed.length === 0) this.extendedFailed = true;
      } else if (ENDS_ANSWER.has(tag) && --this.owed[0]!.remaining === 0) {
        this.owed.shift();
      }
    }
    if (this.owed.length === 0) this.wakeIdle();
  }

  private headKind(): OwedStretch['kind'] | undefined {
    return this.owed[0]?.kind;
  }

  /** Relays client messages; `owed` says how their answer ends, `watch` sees it. */
  relay(raw: Buffer, owed: Owed, watch: ((frame: Buffer) => void) | null = null): void {
    if (this.extendedFailed && owed.kind !== 'sync') {
      // Postgres will ignore these: nothing is owed for them.
      this.sendUpstream(raw);
      return;
    }
    if (owed.kind === 'sync') this.extendedFailed = false;
    if (owed.kind !== 'answers' || owed.count > 0) {
      this.owed.push({ kind: owed.kind, remaining: owed.kind === 'answers' ? owed.count : 1, watch });
    }
    this.sendUpstream(raw);
  }

  /** Resolves when every relayed message has been answered; rejects when the connection closes. */
  idle(): Promise<void> {
    if (this.closed) return Promise.reject(upstreamClosed());
    if (this.owed.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  /** Fails every waiter (the connection is gone). */
  close(): void {
    this.closed = true;
    this.collector = null;
    this.abortCollect?.(upstreamClosed());
    this.abortCollect = null;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w.reject(upstreamClosed());
  }

  /**
   * Runs a statement of the proxy's own through the extended protocol with a
   * named statement and portal, so the client's unnamed ones survive.
   */
  hidden(sql: string, params: readonly (string | null)[] = []): Promise<HiddenResult> {
    const rows: (string | null)[][] = [];
    let error: DatabaseError | null = null;
    let errorFrame: Buffer | null = null;
    const notices: string[] = [];
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
        } else if (tag === 0x4e /* N */) notices.push((decodeBackend(frame) as { code?: string }).code ?? '');
        else if (tag === 0x53 /* S */ || tag === 0x41 /* A */) this.toClient(frame);
      },
      `hidden query ${sql.slice(0, 60)}`,
    ).then(() => ({ rows, error, errorFrame, notices }));
  }

  /**
   * Sends client messages and relays (or buffers) the answers up to the
   * ReadyForQuery that ends them, which is swallowed: the client's batch
   * continues. `sync` adds a Sync of the proxy's own (extended protocol).
   */
  forward(raw: Buffer, options: { sync: boolean; buffer: boolean; watch?: ((frame: Buffer) => void) | null }): Promise<ForwardResult> {
    const frames: Buffer[] = [];
    let errorFrame: Buffer | null = null;
    return this.collect(
      options.sync ? Buffer.concat([raw, serialize.sync()]) : raw,
      (frame) => {
        options.watch?.(frame);
        if (frame[0] === 0x45 /* E */) errorFrame = Buffer.from(frame);
        if (options.buffer) frames.push(Buffer.from(frame));
        else this.toClient(frame);
      },
      null,
    ).then(() => ({ errorFrame, frames }));
  }

  private collect(data: Buffer, onFrame: Collector, timeoutLabel: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(upstreamClosed());
        return;
      }
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
    for (const w of waiters) w.resolve();
  }
}

const upstreamClosed = (): ElectricError => new ElectricError('PROXY_UPSTREAM_CLOSED', 'the connection to Postgres closed');

function isFatalError(frame: Buffer): boolean {
  if (frame[0] !== 0x45 /* E */) return false;
  const severity = (decodeBackend(frame) as DatabaseError).severity;
  return severity === 'FATAL' || severity === 'PANIC';
}
