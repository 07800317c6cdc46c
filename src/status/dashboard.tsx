/**
 * The `electric status` dashboard (Ink): polls the service every interval
 * and draws one screen — header, replication lag with a sparkline of the
 * last minute, throughput, a table of clients and one of shapes. Keys:
 * tab switches the active table, s sorts it by the next column, r reverses
 * the order, q quits. It fits the terminal (rows and columns, redrawn on
 * resize; a plain list on a narrow one) and never outgrows its height, so
 * Ink redraws it in place (one synchronized write per frame) instead of
 * clearing the screen. Ink's incrementalRendering is not used: in Ink 6.8
 * it misplaced the cursor and repeated lines when tried in tmux. An
 * unreachable service or a refused token is shown, and retried with backoff.
 */
import { useEffect, useState } from 'react';
import { Box, Text, render, useApp, useInput, useStdin, useStdout } from 'ink';
import type { Reading } from './reading.js';
import type { ClientMetrics, ShapeMetrics } from '../service/metrics.js';
import { formatBytes, formatDuration, formatRate, sparkline, truncate } from './format.js';

/** Below this many columns the tables become a plain list. */
export const NARROW_COLUMNS = 70;
const HISTORY_MS = 60_000;
const MAX_BACKOFF_MS = 10_000;

export const CLIENT_SORTS = ['connected', 'user', 'unacked', 'sent'] as const;
export const SHAPE_SORTS = ['rows', 'subscribers', 'table'] as const;

export type TableName = 'clients' | 'shapes';

export interface ViewState {
  readonly focus: TableName;
  readonly clients: { readonly by: (typeof CLIENT_SORTS)[number]; readonly descending: boolean };
  readonly shapes: { readonly by: (typeof SHAPE_SORTS)[number]; readonly descending: boolean };
}

export const INITIAL_VIEW: ViewState = {
  focus: 'clients',
  clients: { by: 'connected', descending: false },
  shapes: { by: 'rows', descending: true },
};

export interface LagSample {
  readonly at: number;
  readonly bytes: number;
}

export interface DashboardViewProps {
  readonly url: string;
  readonly reading: Reading | null;
  readonly lagHistory: readonly LagSample[];
  readonly view: ViewState;
  readonly columns: number;
  readonly rows: number;
  /** When the next attempt is due, after a failure (for the countdown). */
  readonly retry: { readonly attempt: number; readonly at: number } | null;
  readonly now: number;
}

// -- Pure helpers (exported for tests) -------------------------------------------

export function sortClients(clients: readonly ClientMetrics[], sort: ViewState['clients']): ClientMetrics[] {
  const key = (c: ClientMetrics): number | string => {
    switch (sort.by) {
      case 'connected':
        return Date.parse(c.connectedAt);
      case 'user':
        return c.userId ?? '';
      case 'unacked':
        return c.unacked;
      case 'sent':
        return c.bytesSent;
    }
  };
  return sortBy(clients, key, sort.descending, (c) => c.clientId);
}

export function sortShapes(shapes: readonly ShapeMetrics[], sort: ViewState['shapes']): ShapeMetrics[] {
  const key = (s: ShapeMetrics): number | string => {
    switch (sort.by) {
      case 'rows':
        return s.rowsHeld;
      case 'subscribers':
        return s.subscribers;
      case 'table':
        return s.table;
    }
  };
  return sortBy(shapes, key, sort.descending, (s) => `${s.table} ${s.where}`);
}

function sortBy<T>(items: readonly T[], key: (item: T) => number | string, descending: boolean, tie: (item: T) => string): T[] {
  const sign = descending ? -1 : 1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
    return c !== 0 ? sign * c : tie(a).localeCompare(tie(b));
  });
}

/** The view after a key press; `quit` when it was q. */
export function applyKey(view: ViewState, input: string, key: { tab?: boolean }): ViewState | 'quit' {
  if (input === 'q') return 'quit';
  if (key.tab || input === 't') return { ...view, focus: view.focus === 'clients' ? 'shapes' : 'clients' };
  if (input === 's') {
    if (view.focus === 'clients') {
      const by = CLIENT_SORTS[(CLIENT_SORTS.indexOf(view.clients.by) + 1) % CLIENT_SORTS.length]!;
      return { ...view, clients: { by, descending: by !== 'user' && by !== 'connected' } };
    }
    const by = SHAPE_SORTS[(SHAPE_SORTS.indexOf(view.shapes.by) + 1) % SHAPE_SORTS.length]!;
    return { ...view, shapes: { by, descending: by !== 'table' } };
  }
  if (input === 'r') {
    if (view.focus === 'clients') return { ...view, clients: { ...view.clients, descending: !view.clients.descending } };
    return { ...view, shapes: { ...view.shapes, descending: !view.shapes.descending } };
  }
  return view;
}

// -- The screen --------------------------------------------------------------------

interface Line {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export function DashboardView(props: DashboardViewProps) {
  const lines = screenLines(props);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} color={line.color} bold={line.bold} dimColor={line.dim} inverse={line.inverse} wrap="truncate">
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
    </Box>
  );
}

/** Every line of the screen, cut to the terminal's width and height. */
export function screenLines(props: DashboardViewProps): Line[] {
  const width = Math.max(20, props.columns);
  // One row spare: output as tall as the terminal makes Ink clear the screen at every frame.
  const height = Math.max(6, props.rows - 1);
  const narrow = width < NARROW_COLUMNS;
  const lines: Line[] = [];
  const { reading } = props;

  lines.push(...headerLines(props, narrow));
  const footer: Line = { text: narrow ? 'q quit' : 'q quit · tab switch table · s sort · r reverse order', dim: true };

  if (reading === null) {
    lines.push({ text: 'Connecting…' });
  } else if (reading.kind === 'unreachable') {
    lines.push({ text: `Cannot reach the service: ${reading.error}`, color: 'red', bold: true });
    lines.push({ text: retryText(props) });
  } else if (reading.detail === null) {
    const refusal = reading.refusal;
    lines.push({ text: `Detailed figures refused (HTTP ${refusal?.httpStatus ?? '?'}): ${refusal?.message ?? ''}`, color: 'red', bold: true });
    if (refusal?.httpStatus === 401 || refusal?.httpStatus === 403) {
      lines.push({ text: 'Give a token of a user in ELECTRIC_STATUS_USERS: --token or ELECTRIC_STATUS_TOKEN.' });
    }
    lines.push({ text: retryText(props) });
  } else {
    lines.push(...figureLines(props, narrow));
    const room = height - lines.length - 1;
    lines.push(...(narrow ? plainLists(props, room) : tables(props, width, room)));
  }
  const body = lines.slice(0, height - 1).map((l) => ({ ...l, text: truncate(l.text, width) }));
  return [...body, { ...footer, text: truncate(footer.text, width) }];
}

function retryText(props: DashboardViewProps): string {
  if (!props.retry) return 'Retrying…';
  const seconds = Math.max(0, Math.ceil((props.retry.at - props.now) / 1000));
  return `Retrying in ${seconds} s (attempt ${props.retry.attempt}).`;
}

function headerLines(props: DashboardViewProps, narrow: boolean): Line[] {
  const { reading, url } = props;
  if (reading === null || reading.kind === 'unreachable') return [{ text: `electric status · ${url}`, bold: true }];
  const s = reading.status;
  const detail = reading.detail;
  const state = s.status === 'ready' ? 'ready' : `not ready (${s.status})`;
  const pg = `Postgres ${s.postgres.state}${s.postgres.serverVersion ? ` ${s.postgres.serverVersion}` : ''} (${s.postgres.embedded ? 'embedded' : 'external'})`;
  const uptime = `up ${formatDuration(s.uptimeSeconds * 1000)}`;
  const modes = detail ? [`writes ${detail.writeMode}`, `auth ${detail.authMode}`] : [];
  const readyColor = s.status === 'ready' ? 'green' : 'yellow';
  if (narrow) {
    return [
      { text: 'electric status', bold: true },
      { text: url },
      { text: `${state} · v${s.version} · ${uptime}`, color: readyColor },
      { text: pg },
      ...(modes.length > 0 ? [{ text: modes.join(' · ') }] : []),
      ...(s.postgres.lastError ? [{ text: `last error: ${s.postgres.lastError}`, color: 'red' }] : []),
    ];
  }
  return [
    { text: `electric status · ${url} · v${s.version} · ${uptime} · ${state}`, bold: true, color: readyColor },
    { text: [pg, ...modes].join(' · ') },
    ...(s.postgres.lastError ? [{ text: `Postgres error: ${s.postgres.lastError}`, color: 'red' }] : []),
  ];
}

function figureLines(props: DashboardViewProps, narrow: boolean): Line[] {
  const d = props.reading?.kind === 'status' ? props.reading.detail : null;
  if (!d) return [];
  const r = d.replication;
  const recent = props.lagHistory.filter((s) => s.at > props.now - HISTORY_MS).map((s) => s.bytes);
  const lag = `lag ${formatBytes(r.lag.bytes)} / ${r.lag.ms} ms`;
  const t = d.throughput;
  const w = d.writes;
  const lastError = w.lastError
    ? [{ text: `Last write error ${formatDuration(props.now - Date.parse(w.lastError.at))} ago (client ${w.lastError.clientId}): ${w.lastError.message}`, color: 'red' }]
    : [];
  if (narrow) {
    return [
      { text: `${lag} ${sparkline(recent, 12)}`, color: r.lag.bytes > 0 ? 'yellow' : undefined },
      { text: `in ${formatRate(t.transactionsInPerSecond)} · out ${formatRate(t.transactionsOutPerSecond)}` },
      { text: `client writes ${formatRate(t.clientTransactionsPerSecond)} · ${w.written} applied · ${w.rejected} refused` },
      ...lastError,
    ];
  }
  const cache = r.cache
    ? `Cache ${r.cache.transactions} txns, ${formatBytes(r.cache.bytes)}/${formatBytes(r.cache.maxBytes)}, ${r.cache.firstLsn ?? '–'}…${r.cache.lastLsn ?? '–'}`
    : 'Cache not started';
  return [
    { text: `Replication ${r.state} · ${lag} · last minute ${sparkline(recent, 60)}`, color: r.lag.bytes > 0 ? 'yellow' : undefined },
    {
      text: `Throughput in ${formatRate(t.transactionsInPerSecond)} · out ${formatRate(t.transactionsOutPerSecond)} · client writes ${formatRate(t.clientTransactionsPerSecond)} (${w.written} applied, ${w.rejected} refused, ${w.queued} queued)`,
    },
    { text: `${cache} · migration ${d.migrations.version ?? 'none'} (${d.migrations.count}) · proxy ${d.proxy.connections} conns` },
    ...lastError,
  ];
}

interface Column<T> {
  readonly title: string;
  readonly width: number;
  readonly value: (item: T) => string;
  readonly right?: boolean;
}

function row<T>(columns: readonly Column<T>[], item: T | null): string {
  return columns
    .map((c) => {
      const text = truncate(item === null ? c.title : c.value(item), c.width);
      return c.right ? text.padStart(c.width) : text.padEnd(c.width);
    })
    .join(' ')
    .trimEnd();
}

function clientColumns(width: number, now: number): Column<ClientMetrics>[] {
  const fixed: Column<ClientMetrics>[] = [
    { title: 'USER', width: 12, value: (c) => c.userId ?? '–' },
    { title: 'CONNECTED', width: 9, value: (c) => formatDuration(now - Date.parse(c.connectedAt)), right: true },
    { title: 'ACKED', width: 14, value: (c) => c.acknowledgedLsn ?? '–' },
    { title: 'UNACKED', width: 7, value: (c) => `${c.unacked}/${c.unackedWindow}`, right: true },
    { title: 'SENT', width: 8, value: (c) => formatBytes(c.bytesSent), right: true },
    { title: 'SUBS', width: 4, value: (c) => String(c.subscriptions), right: true },
  ];
  const used = fixed.reduce((n, c) => n + c.width + 1, 2);
  return [{ title: 'CLIENT', width: Math.max(8, Math.min(36, width - used)), value: (c) => c.clientId }, ...fixed];
}

function shapeColumns(width: number): Column<ShapeMetrics>[] {
  const table: Column<ShapeMetrics> = { title: 'TABLE', width: 20, value: (s) => s.table };
  const tail: Column<ShapeMetrics>[] = [
    { title: 'SUBS', width: 5, value: (s) => String(s.subscribers), right: true },
    { title: 'ROWS', width: 10, value: (s) => s.rowsHeld.toLocaleString('en-US'), right: true },
  ];
  const used = table.width + 1 + tail.reduce((n, c) => n + c.width + 1, 2);
  return [table, { title: 'WHERE', width: Math.max(10, width - used), value: (s) => s.where || '(all rows)' }, ...tail];
}

/** Both tables within `room` lines: the active one gets what the other does not need. */
function tables(props: DashboardViewProps, width: number, room: number): Line[] {
  const d = props.reading?.kind === 'status' ? props.reading.detail : null;
  if (!d) return [];
  const clients = sortClients(d.clients, props.view.clients);
  const shapes = sortShapes(d.shapes, props.view.shapes);
  // Each table: a blank line, its title, its column heads, then rows.
  const budget = Math.max(0, room - 6);
  const [clientRows, shapeRows] = split(budget, clients.length, shapes.length, props.view.focus);
  const arrow = (descending: boolean) => (descending ? '↓' : '↑');
  const section = <T,>(name: TableName, title: string, columns: Column<T>[], items: T[], shown: number): Line[] => {
    const focused = props.view.focus === name;
    const out: Line[] = [{ text: '' }, { text: `${focused ? '▸' : ' '} ${title}`, bold: true, color: focused ? 'cyan' : undefined }];
    out.push({ text: `  ${row(columns, null)}`, dim: true });
    const visible = items.length > shown ? Math.max(0, shown - 1) : shown;
    for (const item of items.slice(0, visible)) out.push({ text: `  ${row(columns, item)}` });
    if (items.length > visible && shown > 0) out.push({ text: `  … ${items.length - visible} more`, dim: true });
    if (items.length === 0) out.push({ text: '  (none)', dim: true });
    return out;
  };
  return [
    ...section('clients', `Clients (${clients.length}) · sorted by ${props.view.clients.by} ${arrow(props.view.clients.descending)}`, clientColumns(width, props.now), clients, clientRows),
    ...section('shapes', `Shapes (${shapes.length}) · sorted by ${props.view.shapes.by} ${arrow(props.view.shapes.descending)}`, shapeColumns(width), shapes, shapeRows),
  ];
}

/** Rows for each table: the focused one first, the other gets at least a little. */
function split(budget: number, clients: number, shapes: number, focus: TableName): [number, number] {
  const [want, other] = focus === 'clients' ? [clients, shapes] : [shapes, clients];
  const otherShare = Math.min(other, Math.max(Math.min(3, budget), budget - want));
  const focused = Math.min(want, budget - otherShare);
  const rest = Math.min(other, budget - focused);
  return focus === 'clients' ? [focused, rest] : [rest, focused];
}

/** The narrow screen: one line per client and per shape. */
function plainLists(props: DashboardViewProps, room: number): Line[] {
  const d = props.reading?.kind === 'status' ? props.reading.detail : null;
  if (!d) return [];
  const clients = sortClients(d.clients, props.view.clients).map(
    (c) => `- ${c.userId ?? '–'} ${c.clientId} · unacked ${c.unacked}/${c.unackedWindow} · ${formatBytes(c.bytesSent)}`,
  );
  const shapes = sortShapes(d.shapes, props.view.shapes).map((s) => `- ${s.table} ${s.where || '(all rows)'} · ${s.subscribers} subs · ${s.rowsHeld} rows`);
  const first = props.view.focus === 'clients' ? [`clients (${clients.length}):`, ...clients] : [`shapes (${shapes.length}):`, ...shapes];
  const second = props.view.focus === 'clients' ? [`shapes (${shapes.length}):`, ...shapes] : [`clients (${clients.length}):`, ...clients];
  return [...first, ...second].slice(0, Math.max(0, room)).map((text) => ({ text, bold: text.endsWith(':') }));
}

// -- The live dashboard ----------------------------------------------------------

export interface DashboardProps {
  readonly url: string;
  readonly read: () => Promise<Reading>;
  readonly intervalMs: number;
}

export function Dashboard({ url, read, intervalMs }: DashboardProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const [reading, setReading] = useState<Reading | null>(null);
  const [lagHistory, setLagHistory] = useState<LagSample[]>([]);
  const [retry, setRetry] = useState<DashboardViewProps['retry']>(null);
  const [view, setView] = useState<ViewState>(INITIAL_VIEW);
  const [size, setSize] = useState({ columns: stdout.columns ?? 80, rows: stdout.rows ?? 24 });
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    let cancelled = false;
    let timer: NodeJS.Timeout | undefined;
    let failures = 0;
    const poll = async (): Promise<void> => {
      const next = await read();
      if (cancelled) return;
      const failed = next.kind === 'unreachable' || next.detail === null;
      failures = failed ? failures + 1 : 0;
      const delay = failed ? Math.min(intervalMs * 2 ** (failures - 1), Math.max(MAX_BACKOFF_MS, intervalMs)) : intervalMs;
      setReading(next);
      setNow(Date.now());
      setRetry(failed ? { attempt: failures, at: Date.now() + delay } : null);
      if (next.kind === 'status' && next.detail) {
        const sample = { at: next.at, bytes: next.detail.replication.lag.bytes };
        setLagHistory((h) => [...h.filter((s) => s.at > sample.at - HISTORY_MS), sample]);
      }
      timer = setTimeout(() => void poll(), delay);
    };
    void poll();
    // The retry countdown moves between readings.
    const clock = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      clearInterval(clock);
    };
  }, [read, intervalMs]);

  useEffect(() => {
    const onResize = (): void => setSize({ columns: stdout.columns ?? 80, rows: stdout.rows ?? 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  useInput(
    (input, key) => {
      if (applyKey(INITIAL_VIEW, input, key) === 'quit') {
        exit();
        return;
      }
      // From the latest view: keys arriving together are handled before a re-render.
      setView((current) => {
        const next = applyKey(current, input, key);
        return next === 'quit' ? current : next;
      });
    },
    { isActive: isRawModeSupported },
  );

  return <DashboardView url={url} reading={reading} lagHistory={lagHistory} view={view} columns={size.columns} rows={size.rows} retry={retry} now={now} />;
}

/** Runs the dashboard until q (or Ctrl-C). */
export async function runDashboard(props: DashboardProps): Promise<void> {
  const app = render(<Dashboard {...props} />, { exitOnCtrlC: true });
  await app.waitUntilExit();
}
