/**
 * The logical publisher's connections under bad input and silence: the
 * server side of the replication protocol (publisher-connection.ts) on a
 * real socket, answered by a real LogicalPublisher whose queries go to a
 * real database that lacks Electric's schema, so that its catalog queries
 * fail as a broken database makes them fail. Limits are shortened per port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { backendMessages, rawConnection, startupPacket, type BackendMessageSummary, type RawConnection } from '../support/proxy-clients.js';
import { connectClient } from '../../src/service/postgres/connection.js';
import { Logger } from '../../src/util/log.js';
import { LogicalPublisher } from '../../src/service/writes/publisher.js';
import { PublisherConnection, type ConnectionLimits } from '../../src/service/writes/publisher-connection.js';
import type { DatabaseConfig } from '../../src/service/config.js';

let pgServer: TestPostgres;
let dbConfig: DatabaseConfig;
let bare: pg.Client;
const logLines: string[] = [];
const logger = new Logger({ level: 'debug', pretty: false, sink: { write: (line) => logLines.push(line) } });
const servers: net.Server[] = [];

beforeAll(async () => {
  pgServer = await startTestPostgres();
  dbConfig = await pgServer.createDatabase('bare');
  bare = await connectClient(dbConfig);
});

afterAll(async () => {
  for (const server of servers) server.close();
  await bare?.end();
  await pgServer?.stop();
});

function newPublisher(log = logger): LogicalPublisher {
  return new LogicalPublisher({ host: '127.0.0.1', port: 0, allowRemote: false, db: dbConfig, queries: () => bare, logger: log });
}

interface Port {
  readonly port: number;
  readonly publisher: LogicalPublisher;
  /** Server-side sockets, in the order accepted. */
  readonly sockets: net.Socket[];
  connections(): Promise<number>;
}

/** A listener whose connections are publisher connections of a fresh (unstarted) publisher. */
async function publisherPort(limits: Partial<ConnectionLimits> = {}): Promise<Port> {
  const publisher = newPublisher();
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    new PublisherConnection(socket, publisher, logger, limits);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    publisher,
    sockets,
    connections: () => new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
  };
}

/** A frontend message: tag, length, body. */
function message(tag: string, body: Buffer | string = ''): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const out = Buffer.alloc(5 + bytes.length);
  out.write(tag, 0, 'latin1');
  out.writeInt32BE(4 + bytes.length, 1);
  bytes.copy(out, 5);
  return out;
}

const query = (sql: string): Buffer => message('Q', `${sql}\0`);
const TABLES_QUERY = `SELECT DISTINCT t.schemaname, t.tablename FROM pg_catalog.pg_publication_tables t WHERE t.pubname IN ('electric_publication')`;

async function until<T>(read: () => T | Promise<T>, check: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const messages = (conn: RawConnection): BackendMessageSummary[] => backendMessages(conn.received());
const count = (conn: RawConnection, tag: string): number => messages(conn).filter((m) => m.tag === tag).length;

/** A raw connection past authentication (the startup answer consumed). */
async function authenticated(port: Port): Promise<{ conn: RawConnection; after: () => BackendMessageSummary[] }> {
  const conn = await rawConnection(port.port);
  conn.socket.write(startupPacket({ user: 'someone', database: 'x', replication: 'database' }));
  await until(() => conn.received().length, (n) => n > 0);
  conn.socket.write(message('p', `${port.publisher.password}\0`));
  await until(() => count(conn, 'Z'), (n) => n === 1);
  const skip = messages(conn).length;
  return { conn, after: () => messages(conn).slice(skip) };
}

function replicationClient(port: Port): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: port.port, user: 'someone', database: 'x', password: port.publisher.password, replication: 'database' } as pg.ClientConfig);
  client.on('error', () => {});
  return client.connect().then(() => client);
}

describe('a query that fails on the database', () => {
  it("answers the catalog query with an ERROR carrying Postgres' SQLSTATE, and the connection goes on", async () => {
    const port = await publisherPort();
    const client = await replicationClient(port);
    try {
      await expect(client.query(TABLES_QUERY)).rejects.toMatchObject({
        code: '42P01',
        severity: 'ERROR',
        message: expect.stringMatching(/could not list the tables of publication "electric_publication": relation "electric.electrified" does not exist/),
      });
      const { rows } = await client.query('IDENTIFY_SYSTEM');
      expect(rows[0]).toMatchObject({ timeline: 1, dbname: 'bare' });
    } finally {
      await client.end();
    }
  });
});

describe('order of answers', () => {
  it("a Sync's ReadyForQuery comes after the answers to everything sent before it", async () => {
    const port = await publisherPort();
    const { conn, after } = await authenticated(port);
    // The query needs the database; the Parse after it is refused at once.
    conn.socket.write(Buffer.concat([query(TABLES_QUERY), message('P', '\0SELECT 1\0\0\0'), message('S')]));
    await until(() => after().filter((m) => m.tag === 'Z').length, (n) => n === 2);
    expect(after().map((m) => (m.tag === 'E' ? `E:${m.fields!['C']}` : m.tag))).toEqual(['E:42P01', 'Z', 'E:0A000', 'Z']);
    conn.socket.destroy();
  });

  it('a FunctionCall gets an ERROR and a ReadyForQuery, as from Postgres', async () => {
    const port = await publisherPort();
    const { conn, after } = await authenticated(port);
    conn.socket.write(message('F', Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0])));
    await until(() => after().length, (n) => n >= 2);
    expect(after().map((m) => (m.tag === 'E' ? `E:${m.fields!['C']}` : m.tag))).toEqual(['E:0A000', 'Z']);
    conn.socket.destroy();
  });

  it('an unknown message type is FATAL 08P01, as from Postgres', async () => {
    const port = await publisherPort();
    const { conn, after } = await authenticated(port);
    conn.socket.write(message('y', 'zz'));
    await conn.closed;
    expect(after()).toEqual([{ tag: 'E', fields: expect.objectContaining({ S: 'FATAL', C: '08P01' }) }]);
  });
});

describe('bad input', () => {
  it('refuses at once a password message too long to be one, instead of waiting for its bytes', async () => {
    const port = await publisherPort();
    const conn = await rawConnection(port.port);
    conn.socket.write(startupPacket({ user: 'someone', database: 'x', replication: 'database' }));
    await until(() => conn.received().length, (n) => n > 0);
    const header = Buffer.alloc(5);
    header.write('p', 0, 'latin1');
    header.writeInt32BE(100_000_000, 1);
    conn.socket.write(header);
    await until(() => count(conn, 'E'), (n) => n > 0, 2_000);
    expect(messages(conn).at(-1)).toEqual({ tag: 'E', fields: expect.objectContaining({ S: 'FATAL', C: '08P01' }) });
    conn.socket.destroy();
  });

  it('stops reading a peer that pipelines queries without reading the answers', async () => {
    const port = await publisherPort();
    const { conn } = await authenticated(port);
    conn.socket.pause(); // reads nothing more
    const oneQuery = query('IDENTIFY_SYSTEM');
    const total = 200_000 * oneQuery.length;
    conn.socket.write(Buffer.concat(Array.from({ length: 200_000 }, () => oneQuery)));
    const server = port.sockets[0]!;
    const stalled = await until(
      async () => {
        const before = server.bytesRead;
        await new Promise((r) => setTimeout(r, 300));
        return before === server.bytesRead ? before : -1;
      },
      (n) => n >= 0,
    );
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(total / 2);
    // What the publisher holds for it is what the socket could not take, not one answer per query read.
    expect(server.writableLength).toBeLessThan(1024 * 1024);
    conn.socket.destroy();
  });

  it('cuts a peer that neither reads nor closes after a FATAL', async () => {
    const port = await publisherPort({ fatalLingerMs: 200 });
    const socket = net.connect({ port: port.port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    socket.pause();
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(Buffer.from([0, 0, 0, 2, 1, 2, 3, 4]));
    expect(await until(() => port.connections(), (n) => n === 1)).toBe(1);
    expect(await until(() => port.connections(), (n) => n === 0, 3_000)).toBe(0);
    socket.destroy();
  });
});

describe('silent connections', () => {
  it('ends a connection that does not finish startup and authentication in time', async () => {
    const port = await publisherPort({ authenticationMs: 300 });
    const silent = await rawConnection(port.port);
    const noPassword = await rawConnection(port.port);
    noPassword.socket.write(startupPacket({ user: 'someone', database: 'x', replication: 'database' }));
    await Promise.all([silent.closed, noPassword.closed]);
    for (const conn of [silent, noPassword]) {
      expect(messages(conn).at(-1)).toEqual({ tag: 'E', fields: expect.objectContaining({ S: 'FATAL', C: '57014', M: expect.stringMatching(/authentication due to timeout/) }) });
    }
    expect(logLines.some((l) => l.includes('startup and authentication took too long'))).toBe(true);
  });

  it('ends an authenticated connection that sends nothing outside streaming, not one that keeps talking', async () => {
    const port = await publisherPort({ idleMs: 400 });
    const idle = await authenticated(port);
    const talking = await authenticated(port);
    const started = Date.now();
    while (Date.now() - started < 1_000) {
      talking.conn.socket.write(query('IDENTIFY_SYSTEM'));
      await new Promise((r) => setTimeout(r, 100));
    }
    await idle.conn.closed;
    expect(idle.after()).toEqual([{ tag: 'E', fields: expect.objectContaining({ S: 'FATAL', C: '57P05' }) }]);
    expect(talking.conn.socket.readyState).toBe('open');
    expect(count(talking.conn, 'E')).toBe(0);
    expect(logLines.some((l) => l.includes('idle outside streaming'))).toBe(true);
    talking.conn.socket.destroy();
  });

  it('does not cut a streaming connection at the idle bound, only after the longer streaming one', async () => {
    const port = await publisherPort({ idleMs: 300, streamingSilenceMs: 1_500 });
    const { conn, after } = await authenticated(port);
    conn.socket.write(query(`START_REPLICATION SLOT "postgres_1" LOGICAL 0/0 (proto_version '1', publication_names '"electric_publication"')`));
    await until(() => after().length, (n) => n > 0);
    expect(after()[0]!.tag).toBe('W'); // CopyBothResponse
    await new Promise((r) => setTimeout(r, 900));
    expect(conn.socket.readyState).toBe('open');
    await conn.closed;
    expect(after().at(-1)).toEqual({ tag: 'E', fields: expect.objectContaining({ S: 'FATAL', C: '57P05' }) });
    expect(logLines.some((l) => l.includes('silent while streaming'))).toBe(true);
  });
});

describe('stopping', () => {
  it('a retry wait of the prepare loop neither delays stop nor outlives it', async () => {
    const lines: string[] = [];
    const publisher = newPublisher(new Logger({ level: 'debug', pretty: false, sink: { write: (line) => lines.push(line) } }));
    const table = {
      oid: 1,
      schema: 'public',
      name: 'items',
      columns: [{ name: 'id', typeName: 'text', typeOid: 25, nullable: false, isPk: true, enumValues: null }],
      pks: ['id'],
      fks: [],
    };
    // Preparing it needs Electric's schema, which this database lacks: the loop retries.
    const written = publisher.write({ clientId: 'c1', lsn: new Uint8Array([1]), commitTimestamp: Date.now(), changes: [{ table, kind: 'insert', values: ['a'], modified: [], observed: [] }] });
    written.catch(() => {});
    const retries = (): number => lines.filter((l) => l.includes('retrying')).length;
    await until(retries, (n) => n >= 2);
    const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const waiting = timeouts();
    const started = Date.now();
    await publisher.stop();
    expect(Date.now() - started).toBeLessThan(300);
    expect(timeouts()).toBe(waiting - 1);
    await expect(written).rejects.toMatchObject({ code: 'STOPPED' });
    const logged = lines.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(lines.slice(logged)).toEqual([]);
  });
});
