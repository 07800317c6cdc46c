/**
 * Opens connections to Postgres with the service's TLS policy, address family
 * preference and session settings. Every connection the service makes goes
 * through here.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';

/**
 * Session settings that fix the text form of values (spec §3.4): hex bytea,
 * ISO dates, UTC, and float digits that round-trip.
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = {
  bytea_output: 'hex',
  DateStyle: 'ISO, DMY',
  TimeZone: 'UTC',
  extra_float_digits: '1',
};

export interface ConnectOptions {
  readonly applicationName?: string;
  /** `database` opens a logical replication connection. */
  readonly replication?: 'database';
  /** Session settings beside SESSION_SETTINGS (e.g. marking Electric's writer). */
  readonly settings?: Readonly<Record<string, string>>;
}

function startupOptions(extra: Readonly<Record<string, string>> = {}): string {
  // Spaces inside values are escaped with a backslash in the startup packet.
  return Object.entries({ ...SESSION_SETTINGS, ...extra })
    .map(([k, v]) => `-c ${k}=${v.replace(/ /g, '\\ ')}`)
    .join(' ');
}

/** The host to connect to: with DATABASE_USE_IPV6, its IPv6 address when it has one (never throws). */
export async function resolveHost(db: DatabaseConfig): Promise<string> {
  if (!db.useIpv6 || net.isIP(db.host)) return db.host;
  try {
    const [v6] = await dns.resolve6(db.host);
    if (v6) return v6;
  } catch {
    // no AAAA record: fall back to IPv4 as the legacy service does
  }
  return db.host;
}

export async function clientConfig(db: DatabaseConfig, options: ConnectOptions = {}, useTls = db.ssl !== 'disable'): Promise<pg.ClientConfig> {
  const host = await resolveHost(db);
  const config: pg.ClientConfig & { replication?: string } = {
    host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectionTimeoutMillis: db.connectTimeoutMs,
    application_name: options.applicationName ?? 'electric',
    options: startupOptions(options.settings),
    keepAlive: true,
  };
  if (useTls) config.ssl = tlsOptions(db);
  if (options.replication) config.replication = options.replication;
  return config;
}

/** TLS as `DATABASE_REQUIRE_SSL` / `sslmode` asks: verified for `require`, opportunistic for `prefer`. */
export function tlsOptions(db: DatabaseConfig): pg.ClientConfig['ssl'] {
  return db.ssl === 'require' ? { rejectUnauthorized: true, servername: net.isIP(db.host) ? undefined : db.host } : { rejectUnauthorized: false };
}

/** A server without TLS refused it: with `prefer`, try again in plain text. */
export function isTlsRefused(err: unknown): boolean {
  return err instanceof Error && /does not support SSL/i.test(err.message);
}

/**
 * Connects a client. With ssl 'prefer', a server that refuses TLS is
 * retried in plain text.
 */
export async function connectClient(db: DatabaseConfig, options: ConnectOptions = {}): Promise<pg.Client> {
  const attempt = async (useTls: boolean): Promise<pg.Client> => {
    const client = new pg.Client(await clientConfig(db, options, useTls));
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  };
  try {
    return await attempt(db.ssl !== 'disable');
  } catch (err) {
    if (db.ssl === 'prefer' && isTlsRefused(err)) return attempt(false);
    throw err;
  }
}

/** A client or a pool: anything that runs a query. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** Postgres error fields that pg attaches to its errors. */
export interface PgError extends Error {
  code?: string;
  detail?: string;
  hint?: string;
}

export function pgErrorCode(err: unknown): string | undefined {
  const code = (err as PgError | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
