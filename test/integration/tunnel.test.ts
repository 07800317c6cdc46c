/**
 * The migrations-proxy tunnel end to end: `startTunnel` (the CLI side) on a
 * local port, the service's `/proxy` route, and behind it a real TCP target
 * injected with `proxyTunnelConnect` — the test Postgres itself (so psql and
 * pg speak the real wire protocol through the tunnel), or a small TCP server
 * the test controls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { testConfig, testLogger } from '../support/service.js';
import { ElectricService } from '../../src/service/server.js';
import { startTunnel, TunnelError, type RunningTunnel } from '../../src/tunnel/client.js';
import { WS_HIGH_WATER_BYTES } from '../../src/tunnel/pipe.js';
import { main } from '../../src/cli.js';
import { freePort, sleep } from '../../src/util/net.js';

let pgServer: TestPostgres;
let service: ElectricService;
/** Where the service's side of each new tunnel connects; tests point it elsewhere. */
let targetPort: number;

async function startService(env: Record<string, string> = {}): Promise<ElectricService> {
  const config = await testConfig({ DATABASE_URL: pgServer.url, PG_PROXY_PORT: `http:${await freePort()}`, ...env });
  return ElectricService.start(config, { logger: testLogger(), proxyTunnelConnect: () => net.connect(targetPort, '127.0.0.1') });
}

beforeAll(async () => {
  pgServer = await startTestPostgres();
  targetPort = pgServer.db.port;
  service = await startService();
});

afterAll(async () => {
  await service?.stop();
  await pgServer?.stop();
});

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Polls `value` until it has not changed for `quietMs`: the flow has stalled. */
async function waitForStall(value: () => number, quietMs = 400): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const now = value();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
    await sleep(25);
  }
}

function pgThrough(tunnel: RunningTunnel): pg.Client {
  const { user, password, database } = pgServer.db;
  return new pg.Client({ host: '127.0.0.1', port: tunnel.port, user, password, database });
}

function connectLocal(tunnel: RunningTunnel): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(tunnel.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
}

/** A TCP server standing in for the migrations proxy. */
async function startTarget(onSocket: (socket: net.Socket) => void = () => {}): Promise<{ sockets: net.Socket[]; close(): Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const previous = targetPort;
  targetPort = (server.address() as net.AddressInfo).port;
  return {
    sockets,
    close: async () => {
      targetPort = previous;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function psql(port: number, sql: string, stdin?: Buffer): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const { user, password, database } = pgServer.db;
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-c', sql], {
      env: { ...process.env, PGPASSWORD: password, PGSSLMODE: 'disable', PGCONNECT_TIMEOUT: '10' },
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.end(stdin);
  });
}

describe('through the tunnel to real Postgres', () => {
  let tunnel: RunningTunnel;
  beforeAll(async () => {
    tunnel = await startTunnel({ serviceUrl: service.httpUrl, localPort: 0 });
  });
  afterAll(async () => {
    await tunnel?.close();
  });

  it('runs queries with pg, including a result of several MB', async () => {
    const client = pgThrough(tunnel);
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; big: string }>("SELECT current_database() AS db, repeat('ab', 2500000) AS big");
      expect(rows[0]!.db).toBe(pgServer.db.database);
      expect(rows[0]!.big).toHaveLength(5_000_000);
      expect(service.proxyTunnel!.tunnelCount).toBe(1);
    } finally {
      await client.end();
    }
    await waitFor('the service side to close', () => service.proxyTunnel!.tunnelCount === 0);
  });

  it('carries a COPY FROM STDIN and a COPY TO STDOUT of several MB intact (psql)', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 40_000; i++) lines.push(`${i}\t${randomBytes(100).toString('hex')}`);
    const data = Buffer.from(lines.join('\n') + '\n');
    expect(data.length).toBeGreaterThan(8_000_000);

    const create = await psql(tunnel.port, 'CREATE TABLE copied (id int PRIMARY KEY, payload text)');
    expect(create.stderr).toBe('');
    expect(create.code).toBe(0);
    const copyIn = await psql(tunnel.port, 'COPY copied FROM STDIN', data);
    expect(copyIn.stderr).toBe('');
    expect(copyIn.code).toBe(0);
    const copyOut = await psql(tunnel.port, 'COPY (SELECT * FROM copied ORDER BY id) TO STDOUT');
    expect(copyOut.code).toBe(0);
    expect(copyOut.stdout.length).toBe(data.length);
    expect(sha256(copyOut.stdout)).toBe(sha256(data));
  });

  it('closes the client connection when Postgres ends the session', async () => {
    const client = pgThrough(tunnel);
    await client.connect();
    client.on('error', () => {});
    const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = await pgServer.client();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    } finally {
      await admin.end();
    }
    await ended;
    await waitFor('the tunnel to close', () => tunnel.connections().length === 0 && service.proxyTunnel!.tunnelCount === 0);
  });
});

describe('refusals and failures', () => {
  it('reports the service answer when the tunnel is disabled, and closes the connection', async () => {
    const disabled = await startService({ PG_PROXY_PORT: String(await freePort()) });
    const errors: TunnelError[] = [];
    const tunnel = await startTunnel({ serviceUrl: disabled.httpUrl, localPort: 0, onError: (e) => errors.push(e) });
    try {
      const socket = await connectLocal(tunnel);
      await closed(socket);
      expect(errors.map((e) => [e.code, e.message])).toEqual([
        ['TUNNEL_REFUSED', 'the service refused the tunnel: 404 Migrations proxy is not configured to accept WebSocket connections'],
      ]);
      expect(disabled.proxyTunnel).toBeNull();
    } finally {
      await tunnel.close();
      await disabled.stop();
    }
  });

  it('answers an invalid upgrade on /proxy with 400 Bad request', async () => {
    const answer = await rawHttp(service.httpAddress.port, 'GET /proxy HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.endsWith('\r\n\r\nBad request')).toBe(true);
  });

  it('reports an unreachable service per connection and keeps listening until it is up', async () => {
    const httpPort = await freePort();
    const errors: TunnelError[] = [];
    const tunnel = await startTunnel({ serviceUrl: `http://127.0.0.1:${httpPort}`, localPort: 0, onError: (e) => errors.push(e) });
    let later: ElectricService | null = null;
    try {
      await closed(await connectLocal(tunnel));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe('SERVICE_UNREACHABLE');
      expect(errors[0]!.message).toBe(`cannot reach the service at 127.0.0.1:${httpPort} (connection refused); is \`electric serve\` running there?`);

      later = await startService({ HTTP_PORT: String(httpPort) });
      const client = pgThrough(tunnel);
      await client.connect();
      expect((await client.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
      // Stopping the service closes the tunnel, and so the client connection.
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
      client.on('error', () => {});
      await later.stop();
      await ended;
      expect(errors).toHaveLength(1);
    } finally {
      await tunnel.close();
      await later?.stop();
    }
  });

  it('closes the tunnel with a reason when the proxy cannot be reached', async () => {
    const deadPort = await freePort();
    const previous = targetPort;
    targetPort = deadPort;
    const errors: TunnelError[] = [];
    const tunnel = await startTunnel({ serviceUrl: service.httpUrl, localPort: 0, onError: (e) => errors.push(e) });
    try {
      await closed(await connectLocal(tunnel));
      await waitFor('the error', () => errors.length > 0);
      expect(errors.map((e) => [e.code, e.message])).toEqual([['TUNNEL_CLOSED', 'the service closed the tunnel (1011: Migrations proxy is unreachable)']]);
    } finally {
      targetPort = previous;
      await tunnel.close();
    }
  });
});

describe('closing either end', () => {
  let tunnel: RunningTunnel;
  beforeAll(async () => {
    tunnel = await startTunnel({ serviceUrl: service.httpUrl, localPort: 0 });
  });
  afterAll(async () => {
    await tunnel?.close();
  });

  it('destroying the local client socket closes the proxy-side connection', async () => {
    const received: Buffer[] = [];
    const target = await startTarget((s) => s.on('data', (b: Buffer) => received.push(b)));
    try {
      const socket = await connectLocal(tunnel);
      socket.write('hello');
      await waitFor('bytes at the target', () => Buffer.concat(received).toString() === 'hello');
      const proxySide = target.sockets[0]!;
      socket.destroy();
      await closed(proxySide);
      await waitFor('both sides to forget the tunnel', () => tunnel.connections().length === 0 && service.proxyTunnel!.tunnelCount === 0);
    } finally {
      await target.close();
    }
  });

  it('the proxy closing its connection closes the local client socket, after the bytes it sent', async () => {
    const target = await startTarget((s) => s.end('goodbye'));
    try {
      const socket = await connectLocal(tunnel);
      const chunks: Buffer[] = [];
      socket.on('data', (b: Buffer) => chunks.push(b));
      await closed(socket);
      expect(Buffer.concat(chunks).toString()).toBe('goodbye');
    } finally {
      await target.close();
    }
  });

  it('the proxy failing destroys the local client socket', async () => {
    const target = await startTarget((s) => s.write('partial', () => s.resetAndDestroy()));
    try {
      const socket = await connectLocal(tunnel);
      socket.on('error', () => {});
      await closed(socket);
      await waitFor('both sides to forget the tunnel', () => tunnel.connections().length === 0 && service.proxyTunnel!.tunnelCount === 0);
    } finally {
      await target.close();
    }
  });

  it('a text frame is a protocol error (1003)', async () => {
    const target = await startTarget();
    try {
      const { WebSocket } = await import('ws');
      const ws = new WebSocket(`${service.httpUrl.replace(/^http/, 'ws')}/proxy`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      await waitFor('the proxy-side connection', () => target.sockets.length === 1);
      const closedWith = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send('SELECT 1');
      expect(await closedWith).toBe(1003);
      await closed(target.sockets[0]!);
    } finally {
      await target.close();
    }
  });
});

describe('back-pressure', () => {
  let tunnel: RunningTunnel;
  beforeAll(async () => {
    tunnel = await startTunnel({ serviceUrl: service.httpUrl, localPort: 0 });
  });
  afterAll(async () => {
    await tunnel?.close();
  });

  const TOTAL = 96 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 7);

  /** Writes `total` bytes, always waiting for 'drain'; counts what the socket accepted. */
  function writeAll(socket: net.Socket, total: number, counter: { written: number }): void {
    const pump = (): void => {
      while (counter.written < total) {
        counter.written += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end();
    };
    pump();
  }

  it('a slow local reader stalls the proxy side instead of buffering in the tunnel', async () => {
    const sent = { written: 0 };
    const target = await startTarget((s) => writeAll(s, TOTAL, sent));
    try {
      const socket = await connectLocal(tunnel);
      socket.pause();
      const stalledAt = await waitForStall(() => sent.written);
      expect(stalledAt).toBeLessThan(TOTAL / 2);
      // The reason is the tunnel pausing, not buffering: the CLI side stopped
      // reading the WebSocket and the service stopped reading the proxy.
      expect(tunnel.connections()[0]).toMatchObject({ webSocketPaused: true });
      const serviceSide = service.proxyTunnel!.tunnelStats()[0]!;
      expect(serviceSide.socketPaused).toBe(true);
      expect(serviceSide.bufferedAmount).toBeLessThan(WS_HIGH_WATER_BYTES + 256 * 1024);

      let received = 0;
      socket.on('data', (b: Buffer) => (received += b.length));
      socket.resume();
      await closed(socket);
      expect(received).toBe(TOTAL);
    } finally {
      await target.close();
    }
  });

  it('a slow proxy reader stalls the local client instead of buffering in the tunnel', async () => {
    let received = 0;
    const target = await startTarget((s) => {
      s.pause();
      s.on('data', (b: Buffer) => (received += b.length));
    });
    try {
      const socket = await connectLocal(tunnel);
      const sent = { written: 0 };
      writeAll(socket, TOTAL, sent);
      await waitFor('the proxy-side connection', () => target.sockets.length === 1);
      const stalledAt = await waitForStall(() => sent.written);
      expect(stalledAt).toBeLessThan(TOTAL / 2);
      expect(service.proxyTunnel!.tunnelStats()[0]).toMatchObject({ webSocketPaused: true });
      const clientSide = tunnel.connections()[0]!;
      expect(clientSide.socketPaused).toBe(true);
      expect(clientSide.bufferedAmount).toBeLessThan(WS_HIGH_WATER_BYTES + 256 * 1024);

      target.sockets[0]!.resume();
      await waitFor('every byte at the proxy', () => received === TOTAL, 20_000);
      await closed(target.sockets[0]!);
    } finally {
      await target.close();
    }
  });
});

describe('electric proxy-tunnel (CLI dispatch, in-process)', () => {
  it('listens, tunnels, and stops with exit code 0 on SIGTERM', async () => {
    const port = await freePort();
    const out = captureOutput();
    const before = process.listeners('SIGTERM');
    const run = main(['proxy-tunnel', '--service', service.httpUrl, '--local-port', String(port)]);
    try {
      await waitFor('the listening line', () => out.stdout().includes('Tunnelling'));
      expect(out.stdout()).toBe(`Tunnelling 127.0.0.1:${port} to the migrations proxy through ${service.httpUrl.replace(/^http/, 'ws')}/proxy (Ctrl-C to stop)\n`);
      const { user, password, database } = pgServer.db;
      const client = new pg.Client({ host: '127.0.0.1', port, user, password, database });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
      client.on('error', () => {});
      for (const listener of process.listeners('SIGTERM').filter((l) => !before.includes(l))) (listener as (s: string) => void)('SIGTERM');
      expect(await run).toBe(0);
      await ended;
      expect(process.listeners('SIGTERM')).toEqual(before);
    } finally {
      out.restore();
    }
  });

  it('exits 1 with one line when the local port is busy', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    const out = captureOutput();
    try {
      expect(await main(['proxy-tunnel', '--service', service.httpUrl, '--local-port', String(port)])).toBe(1);
      expect(out.stderr()).toBe(`electric proxy-tunnel: local port ${port} is already in use on 127.0.0.1: choose another with --local-port\n`);
    } finally {
      out.restore();
      busy.close();
    }
  });

  it('refuses a service URL that is not http(s) with a usage error', async () => {
    const out = captureOutput();
    try {
      expect(await main(['proxy-tunnel', '--service', 'ftp://example.com', '--local-port', '0'])).toBe(2);
      expect(out.stderr()).toBe('electric proxy-tunnel: "ftp://example.com" must be an http:// or https:// URL\n');
    } finally {
      out.restore();
    }
  });
});

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (b: Buffer) => (answer += b.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** Collects what the CLI writes to stdout and stderr (and keeps it off the test output). */
function captureOutput(): { stdout(): string; stderr(): string; restore(): void } {
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    restore: () => {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
    },
  };
}
