/**
 * The status dashboard rendered with ink-testing-library: layout at wide,
 * narrow and short sizes, the unreachable and refused screens, the keys
 * (switch table, sort, reverse, quit) and the retry backoff, plus the
 * pure helpers behind them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import {
  applyKey,
  Dashboard,
  DashboardView,
  INITIAL_VIEW,
  sortClients,
  type DashboardViewProps,
} from '../../src/status/dashboard.js';
import { formatBytes, formatDuration, sparkline } from '../../src/status/format.js';
import type { Reading } from '../../src/status/reading.js';
import type { DetailedStatusBody } from '../../src/service/http/status-route.js';
import type { ClientMetrics } from '../../src/service/metrics.js';

afterEach(() => cleanup());

const NOW = Date.parse('2026-01-02T03:04:05Z');
const URL = 'http://127.0.0.1:5133';

function client(n: number, user: string, extra: Partial<ClientMetrics> = {}): ClientMetrics {
  return {
    clientId: `client-${String(n).padStart(4, '0')}`,
    userId: user,
    connectedAt: new Date(NOW - n * 60_000).toISOString(),
    acknowledgedLsn: '0/16B3748',
    sentLsn: '0/16B3748',
    unacked: n % 5,
    unackedWindow: 30,
    bytesSent: n * 1000,
    transactionsSent: n,
    subscriptions: 1,
    ...extra,
  };
}

function detail(clients: ClientMetrics[] = [client(1, 'alice'), client(2, 'bob')]): DetailedStatusBody {
  return {
    status: 'ready',
    message: 'Connection to Postgres is up!',
    version: '0.1.0',
    uptimeSeconds: 3723,
    postgres: { connected: true, state: 'ready', serverVersion: '16.4', embedded: true, lastError: null },
    writeMode: 'direct_writes',
    instanceId: 'instance-1',
    authMode: 'insecure',
    replication: {
      state: 'ready',
      lag: { bytes: 2048, ms: 120 },
      lastCommitAt: null,
      transactionsPerSecond: 1.5,
      transactions: 42,
      dispatchedLsn: '0/16B3748',
      serverWalEnd: '0/16B3F48',
      cache: { transactions: 42, bytes: 12_345, maxBytes: 256 * 2 ** 20, firstLsn: '0/1600000', lastLsn: '0/16B3748' },
    },
    throughput: { transactionsInPerSecond: 1.5, transactionsOutPerSecond: 3, clientTransactionsPerSecond: 0.2 },
    totals: { transactionsIn: 42, transactionsOut: 84 },
    connections: clients.length,
    clients,
    shapes: [
      { table: 'public.items', where: "this.value = 'a'", subscribers: 2, rowsHeld: 6 },
      { table: 'public.items', where: '', subscribers: 1, rowsHeld: 5 },
    ],
    writes: { mode: 'direct_writes', written: 2, rejected: 1, queued: 0, perSecond: 0.2, lastError: { message: 'new row violates check constraint "items_n_check"', clientId: 'client-0001', at: new Date(NOW - 5000).toISOString() } },
    migrations: { version: '20240101_items', count: 1 },
    proxy: { connections: 0 },
  };
}

function ok(body = detail()): Reading {
  return { kind: 'status', at: NOW, ready: true, status: body, detail: body, refusal: null };
}

function props(extra: Partial<DashboardViewProps> = {}): DashboardViewProps {
  return {
    url: URL,
    reading: ok(),
    lagHistory: [0, 0, 512, 2048, 1024].map((bytes, i) => ({ at: NOW - (5 - i) * 1000, bytes })),
    view: INITIAL_VIEW,
    // ink-testing-library's terminal is 100 columns wide.
    columns: 100,
    rows: 30,
    retry: null,
    now: NOW,
    ...extra,
  };
}

function lines(frame: string | undefined): string[] {
  return (frame ?? '').split('\n');
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('layout', () => {
  it('shows the header, lag with its sparkline, throughput, and both tables on a wide terminal', () => {
    const { lastFrame } = render(<DashboardView {...props()} />);
    const frame = lastFrame()!;
    expect(frame).toContain(`electric status · ${URL} · v0.1.0 · up 1h 02m · ready`);
    expect(frame).toContain('Postgres ready 16.4 (embedded) · writes direct_writes · auth insecure');
    expect(frame).toContain('lag 2.0 KB / 120 ms · last minute ▁▁▃█▅');
    expect(frame).toContain('Throughput in 1.5/s · out 3.0/s · client writes 0.2/s (2 applied, 1 refused, 0 queued)');
    expect(frame).toContain('Cache 42 txns, 12 KB/256 MB, 0/1600000…0/16B3748 · migration 20240101_items (1) · proxy 0 conns');
    expect(frame).toContain('Last write error 5s ago (client client-0001): new row violates check constraint');
    expect(frame).toMatch(/▸ Clients \(2\) · sorted by connected ↑/);
    expect(frame).toMatch(/CLIENT +USER +CONNECTED +ACKED +UNACKED +SENT +SUBS/);
    // Oldest connection first: bob connected two minutes ago, alice one.
    const rows = lines(frame).filter((l) => l.startsWith('  client-000'));
    expect(rows[0]).toMatch(/client-0002 +bob +2m 00s +0\/16B3748 +2\/30 +2\.0 KB +1/);
    expect(rows[1]).toMatch(/client-0001 +alice +1m 00s/);
    expect(frame).toMatch(/public\.items +this\.value = 'a' +2 +6/);
    expect(frame).toMatch(/public\.items +\(all rows\) +1 +5/);
    expect(lines(frame).at(-1)).toBe('q quit · tab switch table · s sort · r reverse order');
    for (const line of lines(frame)) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('degrades to a plain list on a narrow terminal, every line within its width', () => {
    const { lastFrame } = render(<DashboardView {...props({ columns: 48 })} />);
    const frame = lastFrame()!;
    expect(frame).not.toContain('CLIENT');
    expect(frame).toContain('clients (2):');
    expect(frame).toContain('- bob client-0002');
    expect(frame).toContain('shapes (2):');
    expect(frame).toContain("- public.items this.value = 'a' · 2 subs");
    for (const line of lines(frame)) expect(line.length).toBeLessThanOrEqual(48);
  });

  it('never outgrows a short terminal, saying how many rows it left out', () => {
    const many = Array.from({ length: 100 }, (_, i) => client(i + 1, `user${i + 1}`));
    const { lastFrame } = render(<DashboardView {...props({ reading: ok(detail(many)), rows: 24 })} />);
    const frame = lastFrame()!;
    expect(lines(frame).length).toBeLessThanOrEqual(23);
    expect(frame).toMatch(/… \d+ more/);
    // The other table keeps a little room.
    expect(frame).toMatch(/public\.items +this\.value = 'a'/);
    expect(lines(frame).at(-1)).toContain('q quit');
  });

  it('says when the service cannot be reached, and when it will try again', () => {
    const reading: Reading = { kind: 'unreachable', at: NOW, error: 'connect ECONNREFUSED 127.0.0.1:5133' };
    const { lastFrame } = render(<DashboardView {...props({ reading, retry: { attempt: 3, at: NOW + 4000 } })} />);
    expect(lastFrame()).toContain(`electric status · ${URL}`);
    expect(lastFrame()).toContain('Cannot reach the service: connect ECONNREFUSED 127.0.0.1:5133');
    expect(lastFrame()).toContain('Retrying in 4 s (attempt 3).');
  });

  it('says when the figures are refused, with the public status still shown', () => {
    const body = detail();
    const reading: Reading = {
      kind: 'status',
      at: NOW,
      ready: true,
      status: body,
      detail: null,
      refusal: { httpStatus: 401, message: 'Authentication failed: Invalid token signature' },
    };
    const { lastFrame } = render(<DashboardView {...props({ reading, retry: { attempt: 1, at: NOW + 1000 } })} />);
    expect(lastFrame()).toContain('v0.1.0 · up 1h 02m · ready');
    expect(lastFrame()).toContain('Detailed figures refused (HTTP 401): Authentication failed: Invalid token signature');
    expect(lastFrame()).toContain('--token or ELECTRIC_STATUS_TOKEN');
    expect(lastFrame()).not.toContain('Clients');
  });
});

describe('keys', () => {
  it('switches tables with tab, sorts with s, reverses with r, quits with q', async () => {
    let reads = 0;
    const read = async (): Promise<Reading> => {
      reads++;
      return ok();
    };
    const { lastFrame, stdin } = render(<Dashboard url={URL} read={read} intervalMs={50} />);
    await until(() => lastFrame()?.includes('▸ Clients (2) · sorted by connected ↑') ?? false);
    stdin.write('\t');
    await until(() => lastFrame()?.includes('▸ Shapes (2) · sorted by rows ↓') ?? false);
    stdin.write('s');
    await until(() => lastFrame()?.includes('▸ Shapes (2) · sorted by subscribers ↓') ?? false);
    stdin.write('r');
    await until(() => lastFrame()?.includes('▸ Shapes (2) · sorted by subscribers ↑') ?? false);
    // Ascending by subscribers: the shape with one subscriber first.
    const shapeRows = lines(lastFrame()).filter((l) => l.includes('public.items'));
    expect(shapeRows[0]).toContain('(all rows)');
    stdin.write('\t');
    stdin.write('s');
    await until(() => lastFrame()?.includes('▸ Clients (2) · sorted by user ↑') ?? false);
    stdin.write('q');
    // Quitting unmounts: polling stops.
    await new Promise((r) => setTimeout(r, 150));
    const after = reads;
    await new Promise((r) => setTimeout(r, 300));
    expect(reads).toBe(after);
  });

  it('backs off while the service is unreachable, and recovers', async () => {
    const times: number[] = [];
    let up = false;
    const read = async (): Promise<Reading> => {
      times.push(Date.now());
      return up ? ok() : { kind: 'unreachable', at: Date.now(), error: 'ECONNREFUSED' };
    };
    const { lastFrame } = render(<Dashboard url={URL} read={read} intervalMs={40} />);
    await until(() => times.length >= 4);
    // 40, 80, 160 ms apart: each wait doubles. (Lower bounds only: a busy
    // machine delays timers, it never fires them early.)
    const gaps = times.slice(1, 4).map((t, i) => t - times[i]!);
    expect(gaps[0]!).toBeGreaterThanOrEqual(38);
    expect(gaps[1]!).toBeGreaterThanOrEqual(78);
    expect(gaps[2]!).toBeGreaterThanOrEqual(158);
    await until(() => lastFrame()?.includes('Cannot reach the service: ECONNREFUSED') ?? false);
    expect(lastFrame()).toMatch(/attempt [34]\)/);
    up = true;
    await until(() => lastFrame()?.includes('▸ Clients (2)') ?? false);
    expect(lastFrame()).not.toContain('Cannot reach');
  });
});

describe('helpers', () => {
  it('cycles sort columns per table and quits on q', () => {
    let view = INITIAL_VIEW;
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      view = applyKey(view, 's', {}) as typeof view;
      seen.push(view.clients.by);
    }
    expect(seen).toEqual(['user', 'unacked', 'sent', 'connected']);
    expect(applyKey(view, 'q', {})).toBe('quit');
    expect((applyKey(view, '', { tab: true }) as typeof view).focus).toBe('shapes');
    expect(applyKey(view, 'x', {})).toBe(view);
  });

  it('sorts clients by the chosen column, ties by id', () => {
    const list = [client(1, 'bob', { bytesSent: 10 }), client(2, 'alice', { bytesSent: 30 }), client(3, 'carol', { bytesSent: 10 })];
    expect(sortClients(list, { by: 'user', descending: false }).map((c) => c.userId)).toEqual(['alice', 'bob', 'carol']);
    expect(sortClients(list, { by: 'sent', descending: true }).map((c) => c.clientId)).toEqual(['client-0002', 'client-0001', 'client-0003']);
  });

  it('formats sizes, durations and sparklines', () => {
    expect([formatBytes(0), formatBytes(1536), formatBytes(5 * 2 ** 20), formatBytes(300 * 2 ** 30)]).toEqual(['0 B', '1.5 KB', '5.0 MB', '300 GB']);
    expect([formatDuration(4000), formatDuration(185_000), formatDuration(7_500_000), formatDuration(200_000_000)]).toEqual(['4s', '3m 05s', '2h 05m', '2d 07h']);
    expect(sparkline([0, 0, 0], 10)).toBe('▁▁▁');
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([9, 9, 1, 2], 2)).toBe('▅█');
  });
});
