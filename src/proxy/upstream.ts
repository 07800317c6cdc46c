/**
 * The proxy's connection to the real database, one per client. `pg` performs
 * the startup (TLS policy, SCRAM or MD5, the same settings as every service
 * connection); then the proxy takes over the raw socket and relays bytes.
 */
import net from 'node:net';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import type { Duplex } from 'node:stream';
import type { DatabaseConfig } from '../service/config.js';
import { FrameReader } from './wire/frames.js';
import { isTlsRefused, resolveHost, tlsOptions } from '../service/postgres/connection.js';

export interface UpstreamSession {
  readonly socket: Duplex;
  readonly frames: FrameReader;
  readonly parameters: ReadonlyMap<string, string>;
  readonly processId: number;
  readonly secretKey: number;
}

// Startup parameters the proxy handles itself or that pg sets from its config.
const NOT_FORWARDED = new Set(['user', 'database', 'password', 'replication', 'application_name', 'options']);

/** A client's startup parameters as `-c` options (startup parameters are GUC settings). */
export function forwardedOptions(params: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  if (params.options) parts.push(params.options);
  for (const [key, value] of Object.entries(params)) {
    if (NOT_FORWARDED.has(key) || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key)) continue;
    parts.push(`-c ${key}=${value.replace(/\\/g, '\\\\').replace(/ /g, '\\ ')}`);
  }
  return parts.join(' ');
}

export async function connectUpstream(db: DatabaseConfig, database: string, params: Readonly<Record<string, string>>): Promise<UpstreamSession> {
  const config: pg.ClientConfig = {
    // Resolved as for every service connection (DATABASE_USE_IPV6).
    host: await resolveHost(db),
    port: db.port,
    user: db.user,
    password: db.password,
    database,
    connectionTimeoutMillis: db.connectTimeoutMs,
    application_name: params.application_name ?? 'electric-proxy',
    options: forwardedOptions(params) || undefined,
    keepAlive: true,
  };
  if (db.ssl !== 'disable') config.ssl = tlsOptions(db);
  try {
    return await attach(new pg.Client(config));
  } catch (err) {
    if (db.ssl === 'prefer' && isTlsRefused(err)) {
      delete config.ssl;
      return attach(new pg.Client(config));
    }
    throw err;
  }
}

interface PgInternals {
  connection: { stream: Duplex; on(event: 'parameterStatus', cb: (msg: { parameterName: string; parameterValue: string }) => void): void };
  processID: number | null;
  secretKey: number | null;
}

async function attach(client: pg.Client): Promise<UpstreamSession> {
  const internals = client as unknown as PgInternals;
  const parameters = new Map<string, string>();
  internals.connection.on('parameterStatus', (msg) => parameters.set(msg.parameterName, msg.parameterValue));
  client.on('error', () => undefined);
  await client.connect();
  const socket = internals.connection.stream;
  // pg reads nothing more after ReadyForQuery; from here the bytes are ours.
  for (const event of ['data', 'end', 'close', 'error'] as const) socket.removeAllListeners(event);
  return { socket, frames: new FrameReader(true), parameters, processId: internals.processID ?? 0, secretKey: internals.secretKey ?? 0 };
}

/** Forwards a client's CancelRequest to the database (a new plain connection, as Postgres expects). */
export function forwardCancel(db: DatabaseConfig, processId: number, secretKey: number): void {
  void resolveHost(db).then((host) => sendCancel(host, db.port, processId, secretKey));
}

function sendCancel(host: string, port: number, processId: number, secretKey: number): void {
  const socket = net.connect(port, host);
  socket.setTimeout(5000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('connect', () => socket.end(serialize.cancel(processId, secretKey)));
}

/** Decodes one whole backend frame with pg-protocol's parser. */
export function decodeBackend(frame: Buffer): BackendMessage {
  let decoded: BackendMessage | undefined;
  new Parser().parse(frame, (msg) => (decoded = msg));
  if (!decoded) throw new Error('incomplete backend frame');
  return decoded;
}
