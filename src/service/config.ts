/**
 * Service configuration: every setting of `electric serve`, read from the
 * environment (or from command-line flags, which win), validated in one pass.
 *
 * The variables and their parsing rules follow the legacy Elixir service
 * (docs: /work/shared/spec/legacy-server.md §1); where we depart from it the
 * code says so. All problems are collected before failing, so a user fixing
 * their setup sees every bad value at once rather than one per restart.
 */
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { resolve as resolvePath } from 'node:path';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type SslMode = 'require' | 'prefer' | 'disable';
export type WriteToPgMode = 'logical_replication' | 'direct_writes';
export type JwtAlg =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'ES256'
  | 'ES384'
  | 'ES512';

export interface DatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  readonly ssl: SslMode;
  readonly useIpv6: boolean;
  readonly connectTimeoutMs: number;
}

export interface EmbeddedPgConfig {
  readonly dataDir: string;
  /** null: pick a free port at start-up. */
  readonly port: number | null;
}

export type AuthConfig =
  | { readonly mode: 'insecure'; readonly namespace: string | null }
  | {
      readonly mode: 'secure';
      readonly alg: JwtAlg;
      /** Bytes for HS*, PEM string for RS* / ES*. */
      readonly key: Uint8Array | string;
      readonly namespace: string | null;
      readonly iss: string | null;
      readonly aud: string | null;
    };

export interface FeatureFlags {
  readonly permissions: boolean;
  readonly proxyGrantWritePermissions: boolean;
  readonly proxyDdlxSqlite: boolean;
}

export interface Config {
  /** null → start the embedded Postgres. */
  readonly database: DatabaseConfig | null;
  readonly embedded: EmbeddedPgConfig;
  readonly http: { readonly port: number; readonly host: string };
  readonly useIpv6: boolean;
  readonly logLevel: LogLevel;
  readonly writeToPgMode: WriteToPgMode;
  readonly logicalPublisher: { readonly host: string | null; readonly port: number; readonly allowRemote: boolean };
  readonly proxy: { readonly port: number; readonly tunnelEnabled: boolean; readonly password: string | null };
  readonly auth: AuthConfig;
  /** Bytes. */
  readonly resumableWalWindow: number;
  /** Bytes. */
  readonly txnCacheSize: number;
  readonly instanceId: string;
  readonly telemetry: boolean;
  readonly metricsPeriodMs: number;
  readonly statsdHost: string | null;
  readonly proxyTracing: boolean;
  readonly features: FeatureFlags;
  /**
   * User ids whose tokens may read the detailed status and /metrics in
   * secure mode (insecure mode leaves those routes open).
   */
  readonly statusUsers: readonly string[];
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = Object.freeze([...problems]);
  }
}

export interface SettingSpec {
  /** Environment variable name; also the key of `loadConfig` overrides. */
  readonly env: string;
  /** Kebab-case flag of `electric serve`. */
  readonly flag: string;
  readonly description: string;
  /** The default as shown in --help. */
  readonly defaultHelp: string;
  /** Values are never echoed in messages. */
  readonly secret?: boolean;
}

// ---------------------------------------------------------------------------
// Settings table
// ---------------------------------------------------------------------------

const SETTING_LIST = [
  {
    env: 'DATABASE_URL',
    flag: 'database-url',
    description: 'Postgres connection URL (postgres://user:password@host:port/dbname[?sslmode=...])',
    defaultHelp: 'embedded Postgres',
  },
  {
    env: 'DATABASE_REQUIRE_SSL',
    flag: 'database-require-ssl',
    description: 'Require TLS for the Postgres connection; when set it overrides sslmode in DATABASE_URL',
    defaultHelp: 'true',
  },
  {
    env: 'DATABASE_USE_IPV6',
    flag: 'database-use-ipv6',
    description: 'Resolve the database host to an IPv6 address first, falling back to IPv4',
    defaultHelp: 'false',
  },
  {
    env: 'ELECTRIC_USE_IPV6',
    flag: 'use-ipv6',
    description: 'Listen on IPv6 (dual stack); false listens on IPv4 only',
    defaultHelp: 'true',
  },
  {
    env: 'ELECTRIC_LISTEN_HOST',
    flag: 'listen-host',
    description: 'Address the HTTP, proxy and logical publisher listeners bind to (an IP address or localhost)',
    defaultHelp: ':: (0.0.0.0 when ELECTRIC_USE_IPV6=false)',
  },
  {
    env: 'HTTP_PORT',
    flag: 'http-port',
    description: 'Port of the HTTP and WebSocket listener',
    defaultHelp: '5133',
  },
  {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    description: 'Log verbosity: error, warning, info or debug (also emergency, alert, critical, warn, notice)',
    defaultHelp: 'info',
  },
  {
    env: 'ELECTRIC_WRITE_TO_PG_MODE',
    flag: 'write-to-pg-mode',
    description: 'How client writes reach Postgres: logical_replication or direct_writes',
    defaultHelp: 'logical_replication with DATABASE_URL, direct_writes with embedded Postgres',
  },
  {
    env: 'LOGICAL_PUBLISHER_HOST',
    flag: 'logical-publisher-host',
    description: "Host name Postgres uses to reach Electric's logical publisher (logical_replication mode)",
    defaultHelp: 'required with DATABASE_URL in logical_replication mode; 127.0.0.1 with embedded Postgres',
  },
  {
    env: 'LOGICAL_PUBLISHER_PORT',
    flag: 'logical-publisher-port',
    description: "Port of Electric's logical publisher",
    defaultHelp: '5433',
  },
  {
    env: 'LOGICAL_PUBLISHER_ALLOW_REMOTE',
    flag: 'logical-publisher-allow-remote',
    description: 'Let the logical publisher bind to LOGICAL_PUBLISHER_HOST when it is not a loopback address (never expose it publicly)',
    defaultHelp: 'false',
  },
  {
    env: 'PG_PROXY_PORT',
    flag: 'pg-proxy-port',
    description: 'Port of the migrations proxy; "http" or "http:<port>" also enables the WebSocket tunnel at /proxy',
    defaultHelp: '65432',
  },
  {
    env: 'PG_PROXY_PASSWORD',
    flag: 'pg-proxy-password',
    description: 'Password the migrations proxy accepts for every user',
    defaultHelp: 'required with DATABASE_URL; generated with embedded Postgres',
    secret: true,
  },
  {
    env: 'AUTH_MODE',
    flag: 'auth-mode',
    description: 'Client authentication mode: secure (verify JWT signatures) or insecure',
    defaultHelp: 'secure with DATABASE_URL, insecure with embedded Postgres',
  },
  {
    env: 'AUTH_JWT_ALG',
    flag: 'auth-jwt-alg',
    description: 'JWT signing algorithm: HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384 or ES512',
    defaultHelp: 'required in secure mode',
  },
  {
    env: 'AUTH_JWT_KEY',
    flag: 'auth-jwt-key',
    description: 'JWT key: the shared secret for HS*, a PEM public key for RS* and ES*',
    defaultHelp: 'required in secure mode',
    secret: true,
  },
  {
    env: 'AUTH_JWT_KEY_IS_BASE64_ENCODED',
    flag: 'auth-jwt-key-is-base64-encoded',
    description: 'Base64-decode an HS* AUTH_JWT_KEY before use',
    defaultHelp: 'false',
  },
  {
    env: 'AUTH_JWT_NAMESPACE',
    flag: 'auth-jwt-namespace',
    description: 'Read the user id from claims[namespace].sub instead of the top-level sub claim',
    defaultHelp: 'none',
  },
  {
    env: 'AUTH_JWT_ISS',
    flag: 'auth-jwt-iss',
    description: 'Require this iss claim in client tokens',
    defaultHelp: 'none',
  },
  {
    env: 'AUTH_JWT_AUD',
    flag: 'auth-jwt-aud',
    description: 'Require this aud claim in client tokens',
    defaultHelp: 'none',
  },
  {
    env: 'ELECTRIC_RESUMABLE_WAL_WINDOW',
    flag: 'resumable-wal-window',
    description: 'Maximum WAL retained for resuming clients (bytes, or with suffix k K m M g G)',
    defaultHelp: '2G',
  },
  {
    env: 'ELECTRIC_TXN_CACHE_SIZE',
    flag: 'txn-cache-size',
    description: 'Size of the in-memory transaction cache (bytes, or with suffix k K m M g G)',
    defaultHelp: '256M',
  },
  {
    env: 'ELECTRIC_INSTANCE_ID',
    flag: 'instance-id',
    description: 'Identifier of this instance, sent to clients on authentication',
    defaultHelp: 'random UUID',
  },
  {
    env: 'ELECTRIC_TELEMETRY',
    flag: 'telemetry',
    description: 'Telemetry setting (recorded only: nothing is ever sent)',
    defaultHelp: 'enabled',
  },
  {
    env: 'METRICS_MEASUREMENT_PERIOD',
    flag: 'metrics-measurement-period',
    description: 'Interval between metric measurements, in milliseconds',
    defaultHelp: '2000',
  },
  {
    env: 'STATSD_HOST',
    flag: 'statsd-host',
    description: 'Report metrics to this StatsD host',
    defaultHelp: 'none',
  },
  {
    env: 'PROXY_TRACING_ENABLE',
    flag: 'proxy-tracing-enable',
    description: 'Log every Postgres message passing through the migrations proxy',
    defaultHelp: 'false',
  },
  {
    env: 'ELECTRIC_FEATURES',
    flag: 'features',
    description: 'Feature flags: flag=true:flag2=false (permissions, proxy_grant_write_permissions, proxy_ddlx_sqlite)',
    defaultHelp: 'none',
  },
  {
    env: 'ELECTRIC_STATUS_USERS',
    flag: 'status-users',
    description:
      'Comma-separated user ids whose tokens (Authorization: Bearer, verified as client tokens are) may read /api/status/detail and /metrics in secure auth mode; insecure mode leaves them open',
    defaultHelp: 'none (secure mode: nobody)',
  },
  {
    env: 'ELECTRIC_PG_DATA_DIR',
    flag: 'pg-data-dir',
    description: 'Data folder of the embedded Postgres',
    defaultHelp: './.electric/pg',
  },
  {
    env: 'ELECTRIC_PG_PORT',
    flag: 'pg-port',
    description: 'Port of the embedded Postgres',
    defaultHelp: 'a free port',
  },
] as const satisfies readonly SettingSpec[];

type EnvName = (typeof SETTING_LIST)[number]['env'];

export const SETTINGS: readonly SettingSpec[] = Object.freeze(SETTING_LIST.map((s) => Object.freeze({ ...s })));

const SECRET_NAMES: ReadonlySet<string> = new Set(SETTINGS.filter((s) => s.secret).map((s) => s.env));

// ---------------------------------------------------------------------------
// Value parsers (null = not valid)
// ---------------------------------------------------------------------------

const TRUE_WORDS = ['true', '1', 't', 'yes', 'y', 'on', 'enable', 'enabled'];
const FALSE_WORDS = ['false', '0', 'f', 'no', 'n', 'off', 'disable', 'disabled'];
const BOOLEAN_HELP = 'expected true/false, 1/0, t/f, yes/no, y/n, on/off, enable(d)/disable(d)';

export function parseBoolean(text: string): boolean | null {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return null;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  K: 2 ** 10,
  m: 1e6,
  M: 2 ** 20,
  g: 1e9,
  G: 2 ** 30,
};
const SIZE_HELP = 'expected a positive size in bytes, optionally with suffix k=1000, K=1024, m=10^6, M=2^20, g=10^9, G=2^30, e.g. 2G or 2.23g';

/** A human-readable size ("2G", "1.5k", "100") in whole bytes; null unless valid and at least one byte. */
export function parseSize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)$/.exec(text.trim());
  if (!match) return null;
  const unit = SIZE_UNITS[match[2] ?? ''];
  if (unit === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

const PORT_HELP = 'expected an integer from 1 to 65535';

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

function parsePositiveInt(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const LOG_LEVELS: Readonly<Record<string, LogLevel>> = {
  emergency: 'error',
  alert: 'error',
  critical: 'error',
  error: 'error',
  warning: 'warn',
  warn: 'warn',
  notice: 'info',
  info: 'info',
  debug: 'debug',
};

function parseLogLevel(text: string): LogLevel | null {
  return LOG_LEVELS[text.toLowerCase()] ?? null;
}

function oneOf<T extends string>(choices: readonly T[]): (text: string) => T | null {
  return (text) => choices.find((c) => c === text.toLowerCase()) ?? null;
}

const JWT_ALGS: readonly JwtAlg[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

function parseJwtAlg(text: string): JwtAlg | null {
  return JWT_ALGS.find((a) => a === text.toUpperCase()) ?? null;
}

function parseListenHost(text: string): string | null {
  return isIP(text) !== 0 || text.toLowerCase() === 'localhost' ? text : null;
}

interface ProxyPort {
  readonly port: number;
  readonly tunnelEnabled: boolean;
}

const DEFAULT_PROXY_PORT = 65432;

function parseProxyPort(text: string): ProxyPort | null {
  const lower = text.toLowerCase();
  if (lower === 'http') return { port: DEFAULT_PROXY_PORT, tunnelEnabled: true };
  if (lower.startsWith('http:')) {
    const port = parsePort(lower.slice('http:'.length));
    return port === null ? null : { port, tunnelEnabled: true };
  }
  const port = parsePort(text);
  return port === null ? null : { port, tunnelEnabled: false };
}

/** Standard base64, padding optional. Null when the text is not base64. */
function decodeBase64(text: string): Uint8Array | null {
  const match = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(text.trim());
  if (!match) return null;
  const body = match[1] ?? '';
  const padding = match[2] ?? '';
  if (body.length % 4 === 1) return null;
  if (padding !== '' && (body.length + padding.length) % 4 !== 0) return null;
  return new Uint8Array(Buffer.from(body, 'base64'));
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

const REDACTED = '<redacted>';

/**
 * The URL with its password (and any `password=` query option) replaced by
 * `****`. Works on URLs that do not parse too: everything between `://` and
 * the last `@` is taken as userinfo, which over-redacts rather than leaks
 * when a password contains unescaped `/`, `?`, `#` or `@`.
 */
export function redactDatabaseUrl(url: string): string {
  let out = url;
  const at = out.lastIndexOf('@');
  if (at !== -1) {
    const schemeEnd = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(out)?.[0].length ?? 0;
    const userinfo = out.slice(schemeEnd, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1) {
      out = out.slice(0, schemeEnd) + userinfo.slice(0, colon) + ':****' + out.slice(at);
    }
  }
  return out.replace(/([?&]password=)[^&#]*/gi, '$1****');
}

// ---------------------------------------------------------------------------
// Reading the environment, collecting problems
// ---------------------------------------------------------------------------

type Input = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];

  constructor(
    private readonly env: Input,
    private readonly overrides: Input,
  ) {}

  /**
   * The value of a setting, or undefined when unset or blank. Secrets are
   * kept verbatim (whitespace may be part of a key or password); everything
   * else is trimmed.
   */
  get(name: EnvName): string | undefined {
    const raw = this.overrides[name] !== undefined ? this.overrides[name] : this.env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    return SECRET_NAMES.has(name) ? raw : raw.trim();
  }

  isSet(name: EnvName): boolean {
    return this.get(name) !== undefined;
  }

  /** Parse a set value; undefined when unset, or when invalid (after recording the problem). */
  parse<T>(name: EnvName, parser: (text: string) => T | null, expected: string): T | undefined {
    const text = this.get(name);
    if (text === undefined) return undefined;
    const value = parser(text);
    if (value === null) {
      this.invalid(name, text, expected);
      return undefined;
    }
    return value;
  }

  invalid(name: EnvName, value: string, what: string): void {
    this.problems.push(`${name}: ${display(name, value)} ${what}`);
  }

  missing(name: EnvName, why: string): void {
    this.problems.push(`${name}: not set (${why})`);
  }

  add(line: string): void {
    this.problems.push(line);
  }
}

function display(name: EnvName, value: string): string {
  if (SECRET_NAMES.has(name)) return `"${REDACTED}"`;
  if (name === 'DATABASE_URL') return JSON.stringify(redactDatabaseUrl(value));
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------
// DATABASE_URL
// ---------------------------------------------------------------------------

type SslModeParam = 'disable' | 'allow' | 'prefer' | 'require';

interface ParsedDatabaseUrl {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
  readonly sslmode: SslModeParam | undefined;
}

const URL_SHAPE = 'postgres://USER:PASSWORD@HOST:PORT/DATABASE';

function parseDatabaseUrl(text: string, r: Reader): ParsedDatabaseUrl | undefined {
  const bad = (what: string): undefined => {
    r.invalid('DATABASE_URL', text, what);
    return undefined;
  };

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    return bad(`has an invalid URL scheme (expected postgres:// or postgresql://, as in ${URL_SHAPE})`);
  }
  const authority = /^[^:]+:\/\/([^/?#]*)/.exec(text)?.[1];
  if (authority === undefined) return bad(`is not a valid URL (expected ${URL_SHAPE})`);

  // WHATWG URL rejects an empty host or a bad port with a bare "Invalid URL";
  // look at the authority first so the message can say what is wrong.
  const { hostText, portText } = splitHostPort(authority.slice(authority.lastIndexOf('@') + 1));
  if (hostText === '') return bad(`is missing a host (expected ${URL_SHAPE})`);
  if (portText !== undefined && portText !== '' && parsePort(portText) === null) {
    return bad(`has an invalid port (${PORT_HELP})`);
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(`is not a valid URL (expected ${URL_SHAPE})`);
  }

  let user: string;
  let password: string | undefined;
  let database: string;
  try {
    user = decodeURIComponent(url.username);
    password = url.password === '' ? undefined : decodeURIComponent(url.password);
    const path = url.pathname;
    database = path === '' || path === '/' ? user : decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    return bad('has an invalid percent-encoded character (escape special characters as %XX)');
  }
  if (user === '') return bad(`has an invalid or missing username (expected ${URL_SHAPE})`);

  const { sslmode, ok } = parseUrlQuery(url.searchParams, text, r);
  if (!ok) return undefined;

  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 5432 : Number(url.port),
    user,
    password,
    database,
    sslmode,
  };
}

/** "host:port" or "[v6]:port", port optional. */
function splitHostPort(hostPort: string): { hostText: string; portText: string | undefined } {
  const hostEnd = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : hostPort.indexOf(':');
  if (hostEnd === -1 || hostPort[hostEnd] !== ':') return { hostText: hostPort, portText: undefined };
  return { hostText: hostPort.slice(0, hostEnd), portText: hostPort.slice(hostEnd + 1) };
}

function parseUrlQuery(
  params: URLSearchParams,
  text: string,
  r: Reader,
): { sslmode: SslModeParam | undefined; ok: boolean } {
  let sslmode: SslModeParam | undefined;
  let ok = true;
  const unsupported: string[] = [];
  for (const [key, value] of params) {
    if (key === 'sslmode') {
      const mode = value.toLowerCase();
      if (mode === 'disable' || mode === 'allow' || mode === 'prefer' || mode === 'require') {
        sslmode = mode;
      } else if (mode === 'verify-ca' || mode === 'verify-full') {
        r.invalid(
          'DATABASE_URL',
          text,
          `has sslmode=${mode}, which is not supported (use DATABASE_REQUIRE_SSL=true to require TLS instead)`,
        );
        ok = false;
      } else {
        r.invalid('DATABASE_URL', text, `has an invalid sslmode ${JSON.stringify(value)} (expected disable, allow, prefer or require)`);
        ok = false;
      }
    } else if (key === 'replication') {
      r.invalid(
        'DATABASE_URL',
        text,
        'has the unsupported query option "replication" (Electric opens its own replication connections; remove it)',
      );
      ok = false;
    } else if (!unsupported.includes(key)) {
      unsupported.push(key);
    }
  }
  if (unsupported.length > 0) {
    r.invalid(
      'DATABASE_URL',
      text,
      `has unsupported query options: ${unsupported.join(', ')} (the only accepted option is sslmode)`,
    );
    ok = false;
  }
  return { sslmode, ok };
}

/**
 * DATABASE_REQUIRE_SSL, when set, overrides sslmode. Departure from legacy:
 * there, every outcome other than "require" meant "prefer"; here an explicit
 * sslmode=disable really connects without TLS.
 */
function resolveSsl(requireSsl: boolean | undefined, sslmode: SslModeParam | undefined): SslMode {
  if (requireSsl === true) return 'require';
  if (requireSsl === false) return sslmode === 'disable' ? 'disable' : 'prefer';
  switch (sslmode) {
    case undefined:
    case 'require':
      return 'require';
    case 'disable':
      return 'disable';
    case 'allow':
    case 'prefer':
      return 'prefer';
  }
}

// ---------------------------------------------------------------------------
// ELECTRIC_FEATURES
// ---------------------------------------------------------------------------

const FEATURE_KEYS = {
  permissions: 'permissions',
  proxy_grant_write_permissions: 'proxyGrantWritePermissions',
  proxy_ddlx_sqlite: 'proxyDdlxSqlite',
} as const satisfies Record<string, keyof FeatureFlags>;

type FeatureName = keyof typeof FEATURE_KEYS;

function isFeatureName(name: string): name is FeatureName {
  return Object.prototype.hasOwnProperty.call(FEATURE_KEYS, name);
}

function parseFeatures(text: string | undefined, r: Reader): FeatureFlags {
  const flags: { -readonly [K in keyof FeatureFlags]: boolean } = {
    permissions: false,
    proxyGrantWritePermissions: false,
    proxyDdlxSqlite: false,
  };
  if (text === undefined) return flags;
  const known = Object.keys(FEATURE_KEYS).join(', ');
  const seen = new Set<FeatureName>();
  for (const entry of text.split(':')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq === -1) {
      r.invalid('ELECTRIC_FEATURES', text, `has an entry ${JSON.stringify(entry)} without a value (expected flag=true:flag2=false)`);
      continue;
    }
    const name = entry.slice(0, eq).trim().toLowerCase();
    const valueText = entry.slice(eq + 1);
    if (!isFeatureName(name)) {
      r.invalid('ELECTRIC_FEATURES', text, `has an unknown feature flag ${JSON.stringify(name)} (known flags: ${known})`);
      continue;
    }
    const value = parseBoolean(valueText);
    if (value === null) {
      r.invalid(
        'ELECTRIC_FEATURES',
        text,
        `has an invalid value ${JSON.stringify(valueText)} for feature flag ${name} (${BOOLEAN_HELP})`,
      );
      continue;
    }
    // Left-most wins, as in a PATH.
    if (seen.has(name)) continue;
    seen.add(name);
    flags[FEATURE_KEYS[name]] = value;
  }
  return flags;
}

// ---------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------

const HS_MIN_KEY_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };
const EC_CURVES: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };
const INSECURE_FORBIDDEN = [
  'AUTH_JWT_ALG',
  'AUTH_JWT_KEY',
  'AUTH_JWT_KEY_IS_BASE64_ENCODED',
  'AUTH_JWT_ISS',
  'AUTH_JWT_AUD',
] as const satisfies readonly EnvName[];

function parseAuth(r: Reader, embedded: boolean): AuthConfig {
  const namespace = r.get('AUTH_JWT_NAMESPACE') ?? null;
  const parsedMode = r.parse(
    'AUTH_MODE',
    oneOf(['secure', 'insecure'] as const),
    'is not a valid auth mode (expected secure or insecure)',
  );
  // With an unrecognised mode, the JWT settings cannot be judged either way.
  if (parsedMode === undefined && r.isSet('AUTH_MODE')) return { mode: 'insecure', namespace };
  const mode = parsedMode ?? (embedded ? 'insecure' : 'secure');

  if (mode === 'insecure') {
    for (const name of INSECURE_FORBIDDEN) {
      if (r.isSet(name)) {
        r.add(`${name} is not valid in insecure auth mode. Did you forget to set AUTH_MODE=secure?`);
      }
    }
    return { mode, namespace };
  }

  const isBase64 =
    r.parse('AUTH_JWT_KEY_IS_BASE64_ENCODED', parseBoolean, `is not a valid boolean (${BOOLEAN_HELP})`) ?? false;
  const algHelp = `one of ${JWT_ALGS.join(', ')}`;
  const alg = r.parse('AUTH_JWT_ALG', parseJwtAlg, `is not a supported algorithm (expected ${algHelp})`);
  if (!r.isSet('AUTH_JWT_ALG')) r.missing('AUTH_JWT_ALG', `required when AUTH_MODE=secure; ${algHelp}`);
  const keyText = r.get('AUTH_JWT_KEY');
  if (keyText === undefined) r.missing('AUTH_JWT_KEY', 'required when AUTH_MODE=secure');

  const key = alg !== undefined && keyText !== undefined ? parseJwtKey(alg, keyText, isBase64, r) : undefined;
  return {
    mode,
    // Placeholders only when a problem was recorded; loadConfig throws then.
    alg: alg ?? 'HS256',
    key: key ?? '',
    namespace,
    iss: r.get('AUTH_JWT_ISS') ?? null,
    aud: r.get('AUTH_JWT_AUD') ?? null,
  };
}

function parseJwtKey(alg: JwtAlg, text: string, isBase64: boolean, r: Reader): Uint8Array | string | undefined {
  const minBytes = HS_MIN_KEY_BYTES[alg];
  if (minBytes !== undefined) {
    const bytes = isBase64 ? decodeBase64(text) : new TextEncoder().encode(text);
    if (bytes === null) {
      r.invalid('AUTH_JWT_KEY', text, 'is not valid base64 (AUTH_JWT_KEY_IS_BASE64_ENCODED is true)');
      return undefined;
    }
    if (bytes.length < minBytes) {
      r.invalid('AUTH_JWT_KEY', text, `is too short for ${alg} (expected at least ${minBytes} bytes, got ${bytes.length})`);
      return undefined;
    }
    return bytes;
  }

  const rsa = alg.startsWith('RS');
  const wanted = rsa ? `a PEM-encoded RSA public key for ${alg}` : `a PEM-encoded EC public key on curve ${EC_CURVES[alg]} for ${alg}`;
  // createPublicKey would happily derive a public key from a private one, but
  // a private key has no business being in the service's environment.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    r.invalid('AUTH_JWT_KEY', text, `is a private key (expected ${wanted}; never give Electric the private key)`);
    return undefined;
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    r.invalid('AUTH_JWT_KEY', text, `is not a valid PEM public key (expected ${wanted})`);
    return undefined;
  }
  const type = key.asymmetricKeyType;
  if (rsa ? type !== 'rsa' : type !== 'ec') {
    r.invalid('AUTH_JWT_KEY', text, `is a key of type ${type ?? 'unknown'} (expected ${wanted})`);
    return undefined;
  }
  if (!rsa) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== EC_CURVES[alg]) {
      r.invalid('AUTH_JWT_KEY', text, `is an EC key on curve ${curve ?? 'unknown'} (expected ${wanted})`);
      return undefined;
    }
  }
  return text;
}

// ---------------------------------------------------------------------------
// loadConfig
// ---------------------------------------------------------------------------

const CONNECT_TIMEOUT_MS = 5000;
const EMBEDDED_PUBLISHER_HOST = '127.0.0.1';

/**
 * Read and validate every setting. `overrides` (command-line flags, keyed by
 * environment variable name) win over `env` when not undefined. Throws a
 * ConfigError listing every bad value.
 */
export function loadConfig(env: Input, overrides: Input = {}): Config {
  const r = new Reader(env, overrides);
  const boolHelp = `is not a valid boolean (${BOOLEAN_HELP})`;
  const portHelp = `is not a valid port (${PORT_HELP})`;
  const sizeHelp = `is not a valid size (${SIZE_HELP})`;

  // -- Database ------------------------------------------------------------
  const urlText = r.get('DATABASE_URL');
  const embedded = urlText === undefined;
  const parsedUrl = urlText === undefined ? undefined : parseDatabaseUrl(urlText, r);
  const requireSsl = r.parse('DATABASE_REQUIRE_SSL', parseBoolean, boolHelp);
  const dbUseIpv6 = r.parse('DATABASE_USE_IPV6', parseBoolean, boolHelp) ?? false;
  const database: DatabaseConfig | null =
    parsedUrl === undefined
      ? null
      : {
          host: parsedUrl.host,
          port: parsedUrl.port,
          user: parsedUrl.user,
          password: parsedUrl.password,
          database: parsedUrl.database,
          ssl: resolveSsl(requireSsl, parsedUrl.sslmode),
          useIpv6: dbUseIpv6,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
        };

  const embeddedPg: EmbeddedPgConfig = {
    dataDir: resolvePath(process.cwd(), r.get('ELECTRIC_PG_DATA_DIR') ?? './.electric/pg'),
    port: r.parse('ELECTRIC_PG_PORT', parsePort, portHelp) ?? null,
  };

  // -- Listeners -----------------------------------------------------------
  const useIpv6 = r.parse('ELECTRIC_USE_IPV6', parseBoolean, boolHelp) ?? true;
  const listenHost =
    r.parse(
      'ELECTRIC_LISTEN_HOST',
      parseListenHost,
      'is not a valid listen address (expected an IP address such as 0.0.0.0 or ::, or localhost)',
    ) ?? (useIpv6 ? '::' : '0.0.0.0');
  if (!useIpv6 && isIP(listenHost) === 6) {
    r.invalid('ELECTRIC_LISTEN_HOST', listenHost, 'is an IPv6 address (expected an IPv4 address because ELECTRIC_USE_IPV6 is false)');
  }
  const httpPort = r.parse('HTTP_PORT', parsePort, portHelp) ?? 5133;

  const logLevel =
    r.parse(
      'LOG_LEVEL',
      parseLogLevel,
      `is not a valid log level (expected one of ${Object.keys(LOG_LEVELS).join(', ')})`,
    ) ?? 'info';

  // -- Writes to Postgres --------------------------------------------------
  const writeToPgMode =
    r.parse(
      'ELECTRIC_WRITE_TO_PG_MODE',
      oneOf(['logical_replication', 'direct_writes'] as const),
      'is not a valid write mode (expected logical_replication or direct_writes)',
    ) ?? (embedded ? 'direct_writes' : 'logical_replication');
  let publisherHost = r.get('LOGICAL_PUBLISHER_HOST') ?? null;
  if (publisherHost === null) {
    if (embedded) {
      publisherHost = EMBEDDED_PUBLISHER_HOST;
    } else if (writeToPgMode === 'logical_replication') {
      r.missing(
        'LOGICAL_PUBLISHER_HOST',
        "required when DATABASE_URL is set and ELECTRIC_WRITE_TO_PG_MODE is logical_replication: the host name Postgres uses to reach Electric's logical publisher",
      );
    }
  }
  const publisherPort = r.parse('LOGICAL_PUBLISHER_PORT', parsePort, portHelp) ?? 5433;
  const publisherAllowRemote = r.parse('LOGICAL_PUBLISHER_ALLOW_REMOTE', parseBoolean, boolHelp) ?? false;

  // -- Migrations proxy ----------------------------------------------------
  const proxyPort =
    r.parse(
      'PG_PROXY_PORT',
      parseProxyPort,
      `is not a valid proxy port (${PORT_HELP}, or "http", or "http:<port>")`,
    ) ?? { port: DEFAULT_PROXY_PORT, tunnelEnabled: false };
  const proxyPassword = r.get('PG_PROXY_PASSWORD') ?? null;
  if (proxyPassword === null && !embedded) {
    r.missing('PG_PROXY_PASSWORD', 'required when DATABASE_URL is set: the password clients use to connect to the migrations proxy');
  }

  // -- Auth ----------------------------------------------------------------
  const auth = parseAuth(r, embedded);

  // -- Everything else -----------------------------------------------------
  const resumableWalWindow = r.parse('ELECTRIC_RESUMABLE_WAL_WINDOW', parseSize, sizeHelp) ?? 2 * 2 ** 30;
  const txnCacheSize = r.parse('ELECTRIC_TXN_CACHE_SIZE', parseSize, sizeHelp) ?? 256 * 2 ** 20;
  const instanceId = r.get('ELECTRIC_INSTANCE_ID') ?? randomUUID();
  // Only recorded: this implementation never sends telemetry anywhere.
  const telemetry = r.parse('ELECTRIC_TELEMETRY', parseBoolean, boolHelp) ?? true;
  const metricsPeriodMs =
    r.parse(
      'METRICS_MEASUREMENT_PERIOD',
      parsePositiveInt,
      'is not a valid period (expected a positive integer number of milliseconds)',
    ) ?? 2000;
  const statsdHost = r.get('STATSD_HOST') ?? null;
  const proxyTracing = r.parse('PROXY_TRACING_ENABLE', parseBoolean, boolHelp) ?? false;
  const features = parseFeatures(r.get('ELECTRIC_FEATURES'), r);
  const statusUsers = (r.get('ELECTRIC_STATUS_USERS') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');

  if (r.problems.length > 0) throw new ConfigError(r.problems);

  return deepFreeze<Config>({
    database,
    embedded: embeddedPg,
    http: { port: httpPort, host: listenHost },
    useIpv6,
    logLevel,
    writeToPgMode,
    logicalPublisher: { host: publisherHost, port: publisherPort, allowRemote: publisherAllowRemote },
    proxy: { port: proxyPort.port, tunnelEnabled: proxyPort.tunnelEnabled, password: proxyPassword },
    auth,
    resumableWalWindow,
    txnCacheSize,
    instanceId,
    telemetry,
    metricsPeriodMs,
    statsdHost,
    proxyTracing,
    features,
    statusUsers,
  });
}

/** Freeze plain objects recursively. Typed arrays (the HS key) cannot be frozen and are left as they are. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
