import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, it, expect } from 'vitest';
import {
  ConfigError,
  SETTINGS,
  loadConfig,
  parseBoolean,
  parseSize,
  redactDatabaseUrl,
  type Config,
} from '../../src/service/config';

type Env = Record<string, string | undefined>;

const HS_KEY = 'k'.repeat(32);
const DB_PASSWORD = 's3cr3t-db-pass';
const PROXY_PASSWORD = 'proxy-pa55word-xyz';

/** The smallest valid environment with an external database. */
const EXTERNAL: Env = {
  DATABASE_URL: `postgres://electric:${DB_PASSWORD}@db.example.com:5432/app`,
  LOGICAL_PUBLISHER_HOST: 'electric.internal',
  PG_PROXY_PASSWORD: PROXY_PASSWORD,
  AUTH_JWT_ALG: 'HS256',
  AUTH_JWT_KEY: HS_KEY,
};

function external(extra: Env = {}): Config {
  return loadConfig({ ...EXTERNAL, ...extra });
}

function embedded(extra: Env = {}): Config {
  return loadConfig(extra);
}

function configError(env: Env, overrides?: Env): ConfigError {
  try {
    loadConfig(env, overrides);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

function problems(env: Env, overrides?: Env): readonly string[] {
  return configError(env, overrides).problems;
}

/** Asserts exactly one problem, naming the variable and the quoted value, and returns it. */
function oneProblem(env: Env, name: string, shownValue: string): string {
  const list = problems(env);
  expect(list).toHaveLength(1);
  const line = list[0] ?? '';
  expect(line.startsWith(`${name}: `)).toBe(true);
  expect(line).toContain(JSON.stringify(shownValue));
  return line;
}

function pem(type: 'rsa' | 'ec', curve?: string): string {
  const { publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 1024 })
      : generateKeyPairSync('ec', { namedCurve: curve ?? 'P-256' });
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

describe('defaults', () => {
  it('embedded mode: no DATABASE_URL', () => {
    const c = embedded();
    expect(c.database).toBeNull();
    expect(c.embedded).toEqual({ dataDir: resolve(process.cwd(), '.electric/pg'), port: null });
    expect(c.http).toEqual({ port: 5133, host: '::' });
    expect(c.useIpv6).toBe(true);
    expect(c.logLevel).toBe('info');
    expect(c.writeToPgMode).toBe('direct_writes');
    expect(c.logicalPublisher).toEqual({ host: '127.0.0.1', port: 5433, allowRemote: false });
    expect(c.proxy).toEqual({ port: 65432, tunnelEnabled: false, password: null });
    expect(c.auth).toEqual({ mode: 'insecure', namespace: null });
    expect(c.resumableWalWindow).toBe(2 * 1024 ** 3);
    expect(c.txnCacheSize).toBe(256 * 1024 ** 2);
    expect(c.instanceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(c.telemetry).toBe(true);
    expect(c.metricsPeriodMs).toBe(2000);
    expect(c.statsdHost).toBeNull();
    expect(c.proxyTracing).toBe(false);
    expect(c.features).toEqual({ permissions: false, proxyGrantWritePermissions: false, proxyDdlxSqlite: false });
  });

  it('a fresh instance id each time', () => {
    expect(embedded().instanceId).not.toBe(embedded().instanceId);
  });

  it('with DATABASE_URL', () => {
    const c = external();
    expect(c.database).toEqual({
      host: 'db.example.com',
      port: 5432,
      user: 'electric',
      password: DB_PASSWORD,
      database: 'app',
      ssl: 'require',
      useIpv6: false,
      connectTimeoutMs: 5000,
    });
    expect(c.writeToPgMode).toBe('logical_replication');
    expect(c.logicalPublisher).toEqual({ host: 'electric.internal', port: 5433, allowRemote: false });
    expect(c.proxy).toEqual({ port: 65432, tunnelEnabled: false, password: PROXY_PASSWORD });
    expect(c.auth.mode).toBe('secure');
  });

  it('with DATABASE_URL, the required settings are reported together', () => {
    const list = problems({ DATABASE_URL: 'postgres://u@h/db' });
    expect(list).toHaveLength(4);
    expect(list.some((p) => p.startsWith('LOGICAL_PUBLISHER_HOST: not set'))).toBe(true);
    expect(list.some((p) => p.startsWith('PG_PROXY_PASSWORD: not set'))).toBe(true);
    expect(list.some((p) => p.startsWith('AUTH_JWT_ALG: not set'))).toBe(true);
    expect(list.some((p) => p.startsWith('AUTH_JWT_KEY: not set'))).toBe(true);
  });

  it('blank values count as unset', () => {
    const c = embedded({ HTTP_PORT: '', LOG_LEVEL: '   ', DATABASE_URL: ' \t', AUTH_MODE: '' });
    expect(c.http.port).toBe(5133);
    expect(c.logLevel).toBe('info');
    expect(c.database).toBeNull();
    expect(c.auth.mode).toBe('insecure');
  });

  it('surrounding whitespace is ignored', () => {
    expect(embedded({ HTTP_PORT: ' 8080 ' }).http.port).toBe(8080);
  });
});

describe('ConfigError', () => {
  it('has a code, the problems and a message of one line per problem', () => {
    const err = configError({ HTTP_PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems).toEqual([
      'HTTP_PORT: "abc" is not a valid port (expected an integer from 1 to 65535)',
      expect.stringMatching(/^LOG_LEVEL: "loud" is not a valid log level/),
    ]);
    expect(err.message).toBe(err.problems.join('\n'));
  });

  it('reports every bad value at once', () => {
    const list = problems({
      HTTP_PORT: '0',
      LOGICAL_PUBLISHER_PORT: 'x',
      ELECTRIC_TXN_CACHE_SIZE: '12X',
      ELECTRIC_TELEMETRY: 'maybe',
      METRICS_MEASUREMENT_PERIOD: '-5',
      ELECTRIC_FEATURES: 'nope=true',
      AUTH_JWT_ISS: 'me',
    });
    expect(list.map((p) => p.split(/[: ]/)[0])).toEqual([
      'HTTP_PORT',
      'LOGICAL_PUBLISHER_PORT',
      'AUTH_JWT_ISS',
      'ELECTRIC_TXN_CACHE_SIZE',
      'ELECTRIC_TELEMETRY',
      'METRICS_MEASUREMENT_PERIOD',
      'ELECTRIC_FEATURES',
    ]);
  });
});

describe('overrides', () => {
  it('take precedence over env', () => {
    const c = loadConfig({ HTTP_PORT: '1000', LOG_LEVEL: 'debug' }, { HTTP_PORT: '2000', LOG_LEVEL: undefined });
    expect(c.http.port).toBe(2000);
    expect(c.logLevel).toBe('debug');
  });

  it('are validated like env values', () => {
    expect(problems({ HTTP_PORT: '1000' }, { HTTP_PORT: 'nope' })).toEqual([
      'HTTP_PORT: "nope" is not a valid port (expected an integer from 1 to 65535)',
    ]);
  });

  it('can supply DATABASE_URL', () => {
    const { DATABASE_URL, ...rest } = EXTERNAL;
    const c = loadConfig(rest, { DATABASE_URL });
    expect(c.database?.host).toBe('db.example.com');
  });
});

describe('frozen result', () => {
  it('freezes the config and its nested parts', () => {
    const c = external({ ELECTRIC_FEATURES: 'permissions=true' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.database)).toBe(true);
    expect(Object.isFrozen(c.embedded)).toBe(true);
    expect(Object.isFrozen(c.http)).toBe(true);
    expect(Object.isFrozen(c.logicalPublisher)).toBe(true);
    expect(Object.isFrozen(c.proxy)).toBe(true);
    expect(Object.isFrozen(c.auth)).toBe(true);
    expect(Object.isFrozen(c.features)).toBe(true);
    expect(() => {
      (c.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe('ports', () => {
  const portVars = ['HTTP_PORT', 'LOGICAL_PUBLISHER_PORT', 'ELECTRIC_PG_PORT'] as const;

  it.each(portVars)('%s accepts 1 to 65535', (name) => {
    for (const [text, port] of [
      ['1', 1],
      ['5133', 5133],
      ['65535', 65535],
    ] as const) {
      const c = embedded({ [name]: text });
      const value = name === 'HTTP_PORT' ? c.http.port : name === 'LOGICAL_PUBLISHER_PORT' ? c.logicalPublisher.port : c.embedded.port;
      expect(value).toBe(port);
    }
  });

  it.each(portVars)('%s rejects out-of-range and malformed values', (name) => {
    for (const bad of ['0', '65536', '99999999', '-1', '+80', '80.0', '1e3', '80abc', 'abc', '0x50']) {
      const line = oneProblem({ [name]: bad }, name, bad);
      expect(line).toContain('expected an integer from 1 to 65535');
    }
  });
});

describe('booleans', () => {
  it('parseBoolean accepts the documented words, case-insensitively', () => {
    for (const t of ['true', '1', 't', 'yes', 'y', 'on', 'enable', 'enabled', 'TRUE', 'Yes', ' On ']) {
      expect(parseBoolean(t)).toBe(true);
    }
    for (const f of ['false', '0', 'f', 'no', 'n', 'off', 'disable', 'disabled', 'FALSE', 'No']) {
      expect(parseBoolean(f)).toBe(false);
    }
    for (const bad of ['', 'maybe', '2', 'truee', 'yess']) {
      expect(parseBoolean(bad)).toBeNull();
    }
  });

  const boolVars: [string, (c: Config) => boolean, boolean][] = [
    ['DATABASE_USE_IPV6', (c) => c.database?.useIpv6 ?? false, false],
    ['ELECTRIC_USE_IPV6', (c) => c.useIpv6, true],
    ['ELECTRIC_TELEMETRY', (c) => c.telemetry, true],
    ['PROXY_TRACING_ENABLE', (c) => c.proxyTracing, false],
  ];

  it.each(boolVars)('%s reads booleans', (name, get, dflt) => {
    expect(get(external())).toBe(dflt);
    expect(get(external({ [name]: 'yes' }))).toBe(true);
    expect(get(external({ [name]: 'off' }))).toBe(false);
  });

  it.each([...boolVars.map(([n]) => n), 'DATABASE_REQUIRE_SSL'])('%s rejects non-booleans', (name) => {
    const line = oneProblem({ ...EXTERNAL, [name]: 'maybe' }, name, 'maybe');
    expect(line).toContain('is not a valid boolean');
  });
});

describe('LOG_LEVEL', () => {
  it.each([
    ['emergency', 'error'],
    ['alert', 'error'],
    ['critical', 'error'],
    ['error', 'error'],
    ['warning', 'warn'],
    ['warn', 'warn'],
    ['notice', 'info'],
    ['info', 'info'],
    ['debug', 'debug'],
    ['DEBUG', 'debug'],
  ])('%s → %s', (text, level) => {
    expect(embedded({ LOG_LEVEL: text }).logLevel).toBe(level);
  });

  it('rejects other values', () => {
    const line = oneProblem({ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', 'verbose');
    expect(line).toContain('emergency, alert, critical, error, warning, warn, notice, info, debug');
  });
});

describe('sizes', () => {
  it('parseSize', () => {
    expect(parseSize('2G')).toBe(2 * 2 ** 30);
    expect(parseSize('256M')).toBe(256 * 2 ** 20);
    expect(parseSize('1.5k')).toBe(1500);
    expect(parseSize('1.5K')).toBe(1536);
    expect(parseSize('2.23g')).toBe(2_230_000_000);
    expect(parseSize('3m')).toBe(3_000_000);
    expect(parseSize('100')).toBe(100);
    expect(parseSize('1.9')).toBe(1);
    expect(parseSize(' 10 K ')).toBe(10240);
    for (const bad of ['12X', '-1', 'abc', '', 'G', '0', '0.1', '0k', '1.k', '.5k', '1kk', '1 2k', '1e3', 'Infinity']) {
      expect(parseSize(bad), bad).toBeNull();
    }
  });

  it.each([
    ['ELECTRIC_RESUMABLE_WAL_WINDOW', (c: Config) => c.resumableWalWindow],
    ['ELECTRIC_TXN_CACHE_SIZE', (c: Config) => c.txnCacheSize],
  ] as const)('%s', (name, get) => {
    expect(get(embedded({ [name]: '2.23g' }))).toBe(2_230_000_000);
    expect(get(embedded({ [name]: '100' }))).toBe(100);
    for (const bad of ['12X', '-1', 'abc', '0']) {
      const line = oneProblem({ [name]: bad }, name, bad);
      expect(line).toContain('is not a valid size');
    }
  });
});

describe('other plain settings', () => {
  it('ELECTRIC_INSTANCE_ID', () => {
    expect(embedded({ ELECTRIC_INSTANCE_ID: 'node-1' }).instanceId).toBe('node-1');
  });

  it('METRICS_MEASUREMENT_PERIOD', () => {
    expect(embedded({ METRICS_MEASUREMENT_PERIOD: '500' }).metricsPeriodMs).toBe(500);
    for (const bad of ['0', '-5', '1.5', 'soon', '10ms']) {
      const line = oneProblem({ METRICS_MEASUREMENT_PERIOD: bad }, 'METRICS_MEASUREMENT_PERIOD', bad);
      expect(line).toContain('positive integer');
    }
  });

  it('ELECTRIC_STATUS_USERS: a comma-separated list, empty by default', () => {
    expect(embedded().statusUsers).toEqual([]);
    expect(embedded({ ELECTRIC_STATUS_USERS: ' ops, oncall ,,' }).statusUsers).toEqual(['ops', 'oncall']);
  });

  it('STATSD_HOST', () => {
    expect(embedded({ STATSD_HOST: 'statsd.local:8125' }).statsdHost).toBe('statsd.local:8125');
  });

  it('ELECTRIC_PG_DATA_DIR resolves against the working directory', () => {
    expect(embedded({ ELECTRIC_PG_DATA_DIR: 'data/pg' }).embedded.dataDir).toBe(resolve(process.cwd(), 'data/pg'));
    expect(embedded({ ELECTRIC_PG_DATA_DIR: '/var/lib/pg' }).embedded.dataDir).toBe('/var/lib/pg');
  });
});

describe('ELECTRIC_LISTEN_HOST', () => {
  it('defaults follow ELECTRIC_USE_IPV6', () => {
    expect(embedded().http.host).toBe('::');
    expect(embedded({ ELECTRIC_USE_IPV6: 'false' }).http.host).toBe('0.0.0.0');
  });

  it('accepts IP addresses and localhost', () => {
    for (const host of ['127.0.0.1', '0.0.0.0', '::1', 'fe80::1', 'localhost']) {
      expect(embedded({ ELECTRIC_LISTEN_HOST: host }).http.host).toBe(host);
    }
  });

  it('rejects host names and junk', () => {
    for (const bad of ['example.com', '300.1.1.1', '[::1]', 'local host']) {
      const line = oneProblem({ ELECTRIC_LISTEN_HOST: bad }, 'ELECTRIC_LISTEN_HOST', bad);
      expect(line).toContain('is not a valid listen address');
    }
  });

  it('rejects an IPv6 address when IPv6 is off', () => {
    const line = oneProblem({ ELECTRIC_LISTEN_HOST: '::', ELECTRIC_USE_IPV6: 'false' }, 'ELECTRIC_LISTEN_HOST', '::');
    expect(line).toContain('ELECTRIC_USE_IPV6 is false');
  });
});

describe('ELECTRIC_FEATURES', () => {
  it('parses flags', () => {
    expect(embedded({ ELECTRIC_FEATURES: 'proxy_grant_write_permissions=true:permissions=true' }).features).toEqual({
      permissions: true,
      proxyGrantWritePermissions: true,
      proxyDdlxSqlite: false,
    });
    expect(embedded({ ELECTRIC_FEATURES: 'proxy_ddlx_sqlite=yes:' }).features.proxyDdlxSqlite).toBe(true);
  });

  it('left-most wins', () => {
    expect(embedded({ ELECTRIC_FEATURES: 'permissions=true:permissions=false' }).features.permissions).toBe(true);
    expect(embedded({ ELECTRIC_FEATURES: 'permissions=false:permissions=true' }).features.permissions).toBe(false);
  });

  it('rejects unknown flags, bad values and entries without a value', () => {
    let line = oneProblem({ ELECTRIC_FEATURES: 'permissions=true:shiny=true' }, 'ELECTRIC_FEATURES', 'permissions=true:shiny=true');
    expect(line).toContain('unknown feature flag "shiny"');
    expect(line).toContain('permissions, proxy_grant_write_permissions, proxy_ddlx_sqlite');
    line = oneProblem({ ELECTRIC_FEATURES: 'permissions=sure' }, 'ELECTRIC_FEATURES', 'permissions=sure');
    expect(line).toContain('invalid value "sure"');
    line = oneProblem({ ELECTRIC_FEATURES: 'permissions' }, 'ELECTRIC_FEATURES', 'permissions');
    expect(line).toContain('without a value');
  });
});

describe('DATABASE_URL', () => {
  const db = (url: string, extra: Env = {}) => external({ DATABASE_URL: url, ...extra }).database;

  it('accepts both schemes', () => {
    expect(db('postgres://u:p@h/d')?.host).toBe('h');
    expect(db('postgresql://u:p@h/d')?.host).toBe('h');
    expect(db('POSTGRESQL://u:p@h/d')?.host).toBe('h');
  });

  it('decodes userinfo and database name', () => {
    const d = db('postgres://us%40er:p%3Ass%2Fw%40rd@host:6543/my%20db');
    expect(d).toMatchObject({ user: 'us@er', password: 'p:ss/w@rd', host: 'host', port: 6543, database: 'my db' });
  });

  it('defaults the port to 5432 and the database to the user', () => {
    expect(db('postgres://alice@h')).toMatchObject({ port: 5432, database: 'alice', password: undefined });
    expect(db('postgres://alice:pw@h:5555/')).toMatchObject({ port: 5555, database: 'alice' });
  });

  it('accepts IPv6 hosts', () => {
    expect(db('postgres://u@[::1]:5433/d')).toMatchObject({ host: '::1', port: 5433 });
  });

  function urlProblem(url: string): string {
    const list = problems({ ...EXTERNAL, DATABASE_URL: url });
    expect(list).toHaveLength(1);
    const line = list[0] ?? '';
    expect(line.startsWith('DATABASE_URL: ')).toBe(true);
    expect(line).toContain(JSON.stringify(redactDatabaseUrl(url)));
    return line;
  }

  it('rejects a bad scheme', () => {
    expect(urlProblem('mysql://u:p@h/d')).toContain('invalid URL scheme');
    expect(urlProblem('db.example.com')).toContain('invalid URL scheme');
  });

  it('rejects a missing // or garbage', () => {
    expect(urlProblem('postgres:u@h/d')).toContain('is not a valid URL');
    expect(urlProblem('postgres://u@h d/x')).toContain('is not a valid URL');
  });

  it('rejects a missing user', () => {
    expect(urlProblem('postgres://h/d')).toContain('invalid or missing username');
    expect(urlProblem('postgres://:pw@h/d')).toContain('invalid or missing username');
  });

  it('rejects a missing host', () => {
    expect(urlProblem('postgres://u@/d')).toContain('missing a host');
    expect(urlProblem('postgres:///d')).toContain('missing a host');
    expect(urlProblem('postgres://u:pw@:5432/d')).toContain('missing a host');
  });

  it('rejects a bad port', () => {
    for (const url of ['postgres://u@h:0/d', 'postgres://u@h:70000/d', 'postgres://u@h:abc/d', 'postgres://u@[::1]:x/d']) {
      expect(urlProblem(url)).toContain('invalid port');
    }
  });

  it('rejects bad percent-encoding', () => {
    expect(urlProblem('postgres://u%zz@h/d')).toContain('percent-encoded');
  });

  it('accepts sslmode disable/allow/prefer/require', () => {
    for (const mode of ['disable', 'allow', 'prefer', 'require']) {
      expect(db(`postgres://u@h/d?sslmode=${mode}`)).not.toBeNull();
    }
  });

  it('rejects verify-ca and verify-full with advice', () => {
    for (const mode of ['verify-ca', 'verify-full']) {
      const line = urlProblem(`postgres://u@h/d?sslmode=${mode}`);
      expect(line).toContain(`sslmode=${mode}`);
      expect(line).toContain('DATABASE_REQUIRE_SSL');
    }
  });

  it('rejects other sslmode values', () => {
    expect(urlProblem('postgres://u@h/d?sslmode=always')).toContain('invalid sslmode "always"');
  });

  it('rejects replication=', () => {
    expect(urlProblem('postgres://u@h/d?replication=database')).toContain('"replication"');
  });

  it('rejects any other query option, listing them', () => {
    const line = urlProblem('postgres://u@h/d?sslmode=require&application_name=x&connect_timeout=3');
    expect(line).toContain('has unsupported query options: application_name, connect_timeout');
  });

  it('never shows the password', () => {
    const list = problems({ ...EXTERNAL, DATABASE_URL: `postgres://u:${DB_PASSWORD}@h/d?foo=1` });
    expect(list[0]).toContain('postgres://u:****@h/d?foo=1');
    expect(list.join('\n')).not.toContain(DB_PASSWORD);
  });
});

describe('redactDatabaseUrl', () => {
  it('replaces the password', () => {
    expect(redactDatabaseUrl('postgres://u:secret@h:5432/d?sslmode=require')).toBe('postgres://u:****@h:5432/d?sslmode=require');
  });

  it('leaves URLs without a password alone', () => {
    expect(redactDatabaseUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactDatabaseUrl('postgres://h/d')).toBe('postgres://h/d');
  });

  it('over-redacts rather than leaks with unescaped special characters', () => {
    expect(redactDatabaseUrl('postgres://u:pa@ss@h/d')).toBe('postgres://u:****@h/d');
    expect(redactDatabaseUrl('postgres://u:pa/s?s#@h/d')).toBe('postgres://u:****@h/d');
    expect(redactDatabaseUrl('postgres://u:p:w@h/d')).toBe('postgres://u:****@h/d');
  });

  it('redacts a password query option', () => {
    expect(redactDatabaseUrl('postgres://u@h/d?password=secret&x=1')).toBe('postgres://u@h/d?password=****&x=1');
  });
});

describe('SSL resolution', () => {
  const cases: [string | undefined, string | undefined, string][] = [
    [undefined, undefined, 'require'],
    [undefined, 'require', 'require'],
    [undefined, 'disable', 'disable'],
    [undefined, 'allow', 'prefer'],
    [undefined, 'prefer', 'prefer'],
    ['true', undefined, 'require'],
    ['true', 'disable', 'require'],
    ['true', 'allow', 'require'],
    ['true', 'prefer', 'require'],
    ['true', 'require', 'require'],
    ['false', undefined, 'prefer'],
    ['false', 'disable', 'disable'],
    ['false', 'allow', 'prefer'],
    ['false', 'prefer', 'prefer'],
    ['false', 'require', 'prefer'],
  ];

  it.each(cases)('DATABASE_REQUIRE_SSL=%s sslmode=%s → %s', (requireSsl, sslmode, expected) => {
    const url = `postgres://u:p@h/d${sslmode === undefined ? '' : `?sslmode=${sslmode}`}`;
    expect(external({ DATABASE_URL: url, DATABASE_REQUIRE_SSL: requireSsl }).database?.ssl).toBe(expected);
  });
});

describe('write-to-PG mode and logical publisher', () => {
  it('defaults differ between embedded and external databases', () => {
    expect(embedded().writeToPgMode).toBe('direct_writes');
    expect(external().writeToPgMode).toBe('logical_replication');
  });

  it('accepts both modes', () => {
    expect(embedded({ ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' }).writeToPgMode).toBe('logical_replication');
    expect(external({ ELECTRIC_WRITE_TO_PG_MODE: 'direct_writes' }).writeToPgMode).toBe('direct_writes');
  });

  it('rejects other modes', () => {
    const line = oneProblem({ ELECTRIC_WRITE_TO_PG_MODE: 'fast' }, 'ELECTRIC_WRITE_TO_PG_MODE', 'fast');
    expect(line).toContain('logical_replication or direct_writes');
  });

  it('LOGICAL_PUBLISHER_HOST is required in logical_replication mode with DATABASE_URL', () => {
    const list = problems({ ...EXTERNAL, LOGICAL_PUBLISHER_HOST: undefined });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatch(/^LOGICAL_PUBLISHER_HOST: not set \(required when DATABASE_URL is set/);
  });

  it('LOGICAL_PUBLISHER_HOST is optional in direct_writes mode', () => {
    const c = external({ LOGICAL_PUBLISHER_HOST: undefined, ELECTRIC_WRITE_TO_PG_MODE: 'direct_writes' });
    expect(c.logicalPublisher.host).toBeNull();
  });

  it('LOGICAL_PUBLISHER_HOST defaults to 127.0.0.1 in embedded mode, in either write mode', () => {
    expect(embedded({ ELECTRIC_WRITE_TO_PG_MODE: 'logical_replication' }).logicalPublisher.host).toBe('127.0.0.1');
    expect(embedded({ LOGICAL_PUBLISHER_HOST: 'pub.local' }).logicalPublisher.host).toBe('pub.local');
  });
});

describe('migrations proxy', () => {
  it.each([
    ['7000', 7000, false],
    ['http', 65432, true],
    ['HTTP', 65432, true],
    ['http:7000', 7000, true],
    ['Http:7001', 7001, true],
  ])('PG_PROXY_PORT=%s', (text, port, tunnelEnabled) => {
    const c = embedded({ PG_PROXY_PORT: text });
    expect(c.proxy.port).toBe(port);
    expect(c.proxy.tunnelEnabled).toBe(tunnelEnabled);
  });

  it('rejects other PG_PROXY_PORT forms', () => {
    for (const bad of ['0', '70000', 'https', 'http:', 'http:0', 'http:abc', 'tcp:5432', '-1', 'http:70000']) {
      const line = oneProblem({ PG_PROXY_PORT: bad }, 'PG_PROXY_PORT', bad);
      expect(line).toContain('"http:<port>"');
    }
  });

  it('PG_PROXY_PASSWORD is required with DATABASE_URL', () => {
    for (const blank of [undefined, '', '   ']) {
      const list = problems({ ...EXTERNAL, PG_PROXY_PASSWORD: blank });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatch(/^PG_PROXY_PASSWORD: not set/);
    }
  });

  it('PG_PROXY_PASSWORD is optional in embedded mode, and kept verbatim', () => {
    expect(embedded().proxy.password).toBeNull();
    expect(embedded({ PG_PROXY_PASSWORD: ' pw ' }).proxy.password).toBe(' pw ');
  });
});

describe('auth', () => {
  it('AUTH_MODE defaults to secure with DATABASE_URL, insecure when embedded', () => {
    expect(external().auth.mode).toBe('secure');
    expect(embedded().auth.mode).toBe('insecure');
  });

  it('accepts an explicit mode either way', () => {
    const { AUTH_JWT_ALG: _a, AUTH_JWT_KEY: _k, ...noJwt } = EXTERNAL;
    expect(loadConfig({ ...noJwt, AUTH_MODE: 'insecure' }).auth).toEqual({ mode: 'insecure', namespace: null });
    expect(embedded({ AUTH_MODE: 'SECURE', AUTH_JWT_ALG: 'HS256', AUTH_JWT_KEY: HS_KEY }).auth.mode).toBe('secure');
  });

  it('rejects other modes, without piling on JWT problems', () => {
    const line = oneProblem({ AUTH_MODE: 'strict', AUTH_JWT_ISS: 'x' }, 'AUTH_MODE', 'strict');
    expect(line).toContain('secure or insecure');
  });

  describe('insecure mode', () => {
    it('allows the namespace', () => {
      expect(embedded({ AUTH_JWT_NAMESPACE: 'https://example.com/jwt' }).auth).toEqual({
        mode: 'insecure',
        namespace: 'https://example.com/jwt',
      });
    });

    it('rejects every other JWT setting', () => {
      const names = ['AUTH_JWT_ALG', 'AUTH_JWT_KEY', 'AUTH_JWT_KEY_IS_BASE64_ENCODED', 'AUTH_JWT_ISS', 'AUTH_JWT_AUD'];
      const list = problems(Object.fromEntries(names.map((n) => [n, 'x'])));
      expect(list).toEqual(
        names.map((n) => `${n} is not valid in insecure auth mode. Did you forget to set AUTH_MODE=secure?`),
      );
    });
  });

  describe('secure mode', () => {
    const secure = (extra: Env) => external({ AUTH_JWT_ALG: undefined, AUTH_JWT_KEY: undefined, ...extra });
    const secureProblems = (extra: Env) => problems({ ...EXTERNAL, AUTH_JWT_ALG: undefined, AUTH_JWT_KEY: undefined, ...extra });

    it('requires an algorithm and a key', () => {
      const list = secureProblems({});
      expect(list).toEqual([
        expect.stringMatching(/^AUTH_JWT_ALG: not set \(required when AUTH_MODE=secure; one of HS256, HS384/),
        'AUTH_JWT_KEY: not set (required when AUTH_MODE=secure)',
      ]);
    });

    it('rejects unknown algorithms', () => {
      const list = secureProblems({ AUTH_JWT_ALG: 'none', AUTH_JWT_KEY: HS_KEY });
      expect(list).toEqual([
        'AUTH_JWT_ALG: "none" is not a supported algorithm (expected one of HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512)',
      ]);
    });

    it('HS keys are the UTF-8 bytes, with a minimum length', () => {
      for (const [alg, min] of [
        ['HS256', 32],
        ['HS384', 48],
        ['HS512', 64],
      ] as const) {
        const auth = secure({ AUTH_JWT_ALG: alg, AUTH_JWT_KEY: 'x'.repeat(min) }).auth;
        expect(auth.mode === 'secure' && auth.alg).toBe(alg);
        expect(auth.mode === 'secure' && auth.key).toEqual(new Uint8Array(min).fill(0x78));

        const shortKey = 'y'.repeat(min - 1);
        const list = secureProblems({ AUTH_JWT_ALG: alg, AUTH_JWT_KEY: shortKey });
        expect(list).toEqual([
          `AUTH_JWT_KEY: "<redacted>" is too short for ${alg} (expected at least ${min} bytes, got ${min - 1})`,
        ]);
      }
    });

    it('accepts lower-case algorithm names', () => {
      const auth = secure({ AUTH_JWT_ALG: 'hs256', AUTH_JWT_KEY: HS_KEY }).auth;
      expect(auth.mode === 'secure' && auth.alg).toBe('HS256');
    });

    it('base64 HS keys are decoded, padding optional', () => {
      const bytes = new Uint8Array(Array.from({ length: 32 }, (_, i) => i * 7));
      const padded = Buffer.from(bytes).toString('base64');
      expect(padded.endsWith('=')).toBe(true);
      for (const text of [padded, padded.replace(/=+$/, '')]) {
        const auth = secure({ AUTH_JWT_ALG: 'HS256', AUTH_JWT_KEY: text, AUTH_JWT_KEY_IS_BASE64_ENCODED: 'true' }).auth;
        expect(auth.mode === 'secure' && auth.key).toEqual(bytes);
      }
    });

    it('base64 decoding can make a key too short', () => {
      const text = Buffer.from('z'.repeat(31)).toString('base64'); // 44 characters, 31 bytes
      const list = secureProblems({ AUTH_JWT_ALG: 'HS256', AUTH_JWT_KEY: text, AUTH_JWT_KEY_IS_BASE64_ENCODED: '1' });
      expect(list).toEqual([expect.stringContaining('got 31')]);
    });

    it('rejects keys that are not base64', () => {
      for (const text of ['not base64 at all, nope nope nope!!', 'A'.repeat(45), 'AAA=A'.repeat(10)]) {
        const list = secureProblems({ AUTH_JWT_ALG: 'HS256', AUTH_JWT_KEY: text, AUTH_JWT_KEY_IS_BASE64_ENCODED: 'yes' });
        expect(list).toEqual(['AUTH_JWT_KEY: "<redacted>" is not valid base64 (AUTH_JWT_KEY_IS_BASE64_ENCODED is true)']);
      }
    });

    it('rejects a bad AUTH_JWT_KEY_IS_BASE64_ENCODED', () => {
      oneProblem(
        { ...EXTERNAL, AUTH_JWT_KEY_IS_BASE64_ENCODED: 'sometimes' },
        'AUTH_JWT_KEY_IS_BASE64_ENCODED',
        'sometimes',
      );
    });

    it('RS keys must be RSA public keys', () => {
      const rsa = pem('rsa');
      for (const alg of ['RS256', 'RS384', 'RS512']) {
        const auth = secure({ AUTH_JWT_ALG: alg, AUTH_JWT_KEY: rsa }).auth;
        expect(auth.mode === 'secure' && auth.key).toBe(rsa);
      }
      const list = secureProblems({ AUTH_JWT_ALG: 'RS256', AUTH_JWT_KEY: pem('ec') });
      expect(list).toEqual(['AUTH_JWT_KEY: "<redacted>" is a key of type ec (expected a PEM-encoded RSA public key for RS256)']);
    });

    it('accepts PKCS#1 RSA public keys', () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      expect(secure({ AUTH_JWT_ALG: 'RS256', AUTH_JWT_KEY: pkcs1 }).auth.mode).toBe('secure');
    });

    it('ES keys must be EC public keys on the matching curve', () => {
      const curves = { ES256: pem('ec', 'P-256'), ES384: pem('ec', 'P-384'), ES512: pem('ec', 'P-521') };
      for (const [alg, key] of Object.entries(curves)) {
        const auth = secure({ AUTH_JWT_ALG: alg, AUTH_JWT_KEY: key }).auth;
        expect(auth.mode === 'secure' && auth.key).toBe(key);
      }
      expect(secureProblems({ AUTH_JWT_ALG: 'ES256', AUTH_JWT_KEY: curves.ES384 })).toEqual([
        'AUTH_JWT_KEY: "<redacted>" is an EC key on curve secp384r1 (expected a PEM-encoded EC public key on curve prime256v1 for ES256)',
      ]);
      expect(secureProblems({ AUTH_JWT_ALG: 'ES512', AUTH_JWT_KEY: pem('rsa') })).toEqual([
        expect.stringContaining('is a key of type rsa (expected a PEM-encoded EC public key on curve secp521r1 for ES512)'),
      ]);
    });

    it('rejects text that is not a PEM key', () => {
      expect(secureProblems({ AUTH_JWT_ALG: 'RS256', AUTH_JWT_KEY: 'hello' })).toEqual([
        'AUTH_JWT_KEY: "<redacted>" is not a valid PEM public key (expected a PEM-encoded RSA public key for RS256)',
      ]);
    });

    it('rejects private keys', () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const text = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const err = configError({ ...EXTERNAL, AUTH_JWT_ALG: 'ES256', AUTH_JWT_KEY: text });
      expect(err.problems).toEqual([expect.stringMatching(/^AUTH_JWT_KEY: "<redacted>" is a private key/)]);
      expect(err.message).not.toContain(text.split('\n')[1]);
    });

    it('reads namespace, iss and aud', () => {
      const auth = external({ AUTH_JWT_NAMESPACE: 'ns', AUTH_JWT_ISS: 'issuer', AUTH_JWT_AUD: 'audience' }).auth;
      expect(auth).toMatchObject({ mode: 'secure', namespace: 'ns', iss: 'issuer', aud: 'audience' });
    });
  });
});

describe('secrets', () => {
  it('never appear in the error message', () => {
    const key = 'short-secret-key';
    const err = configError({
      DATABASE_URL: `postgres://u:${DB_PASSWORD}@h:0/d?sslmode=verify-full`,
      PG_PROXY_PASSWORD: PROXY_PASSWORD,
      AUTH_JWT_ALG: 'HS512',
      AUTH_JWT_KEY: key,
    });
    expect(err.problems.length).toBeGreaterThanOrEqual(2);
    expect(err.message).toContain('"<redacted>"');
    expect(err.message).not.toContain(DB_PASSWORD);
    expect(err.message).not.toContain(PROXY_PASSWORD);
    expect(err.message).not.toContain(key);
  });

  it('are redacted even in the insecure-mode and base64 paths', () => {
    const key = 'c2VjcmV0LWtleS1ub3QtYmFzZTY0!!';
    const err = configError({ AUTH_MODE: 'secure', AUTH_JWT_ALG: 'HS256', AUTH_JWT_KEY: key, AUTH_JWT_KEY_IS_BASE64_ENCODED: 'true' });
    expect(err.message).not.toContain(key);
    const insecure = configError({ AUTH_JWT_KEY: key });
    expect(insecure.message).not.toContain(key);
  });
});

describe('SETTINGS', () => {
  const expected = [
    'DATABASE_URL',
    'DATABASE_REQUIRE_SSL',
    'DATABASE_USE_IPV6',
    'ELECTRIC_USE_IPV6',
    'ELECTRIC_LISTEN_HOST',
    'HTTP_PORT',
    'LOG_LEVEL',
    'ELECTRIC_WRITE_TO_PG_MODE',
    'LOGICAL_PUBLISHER_HOST',
    'LOGICAL_PUBLISHER_PORT',
    'LOGICAL_PUBLISHER_ALLOW_REMOTE',
    'PG_PROXY_PORT',
    'PG_PROXY_PASSWORD',
    'AUTH_MODE',
    'AUTH_JWT_ALG',
    'AUTH_JWT_KEY',
    'AUTH_JWT_KEY_IS_BASE64_ENCODED',
    'AUTH_JWT_NAMESPACE',
    'AUTH_JWT_ISS',
    'AUTH_JWT_AUD',
    'ELECTRIC_RESUMABLE_WAL_WINDOW',
    'ELECTRIC_TXN_CACHE_SIZE',
    'ELECTRIC_INSTANCE_ID',
    'ELECTRIC_TELEMETRY',
    'METRICS_MEASUREMENT_PERIOD',
    'STATSD_HOST',
    'PROXY_TRACING_ENABLE',
    'ELECTRIC_FEATURES',
    'ELECTRIC_STATUS_USERS',
    'ELECTRIC_PG_DATA_DIR',
    'ELECTRIC_PG_PORT',
  ];

  it('has one entry per variable', () => {
    expect([...SETTINGS.map((s) => s.env)].sort()).toEqual([...expected].sort());
  });

  it('has unique kebab-case flags, one-line descriptions and defaults', () => {
    const flags = SETTINGS.map((s) => s.flag);
    expect(new Set(flags).size).toBe(flags.length);
    for (const s of SETTINGS) {
      expect(s.flag).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.description).not.toContain('\n');
      expect(s.description.length).toBeGreaterThan(0);
      expect(s.defaultHelp.length).toBeGreaterThan(0);
    }
    const byEnv = new Map(SETTINGS.map((s) => [s.env, s]));
    expect(byEnv.get('HTTP_PORT')).toMatchObject({ flag: 'http-port', defaultHelp: '5133' });
    expect(byEnv.get('DATABASE_URL')).toMatchObject({ flag: 'database-url', defaultHelp: 'embedded Postgres' });
    expect(byEnv.get('ELECTRIC_LISTEN_HOST')?.flag).toBe('listen-host');
    expect(byEnv.get('ELECTRIC_PG_DATA_DIR')?.flag).toBe('pg-data-dir');
    expect(byEnv.get('ELECTRIC_PG_PORT')?.flag).toBe('pg-port');
  });

  it('marks exactly the secrets', () => {
    expect(SETTINGS.filter((s) => s.secret).map((s) => s.env).sort()).toEqual(['AUTH_JWT_KEY', 'PG_PROXY_PASSWORD']);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(SETTINGS)).toBe(true);
    expect(SETTINGS.every((s) => Object.isFrozen(s))).toBe(true);
  });

  it('every setting is read by loadConfig (a bad value for each is reported)', () => {
    // Overrides keyed by variable name are how `serve` passes its flags, so
    // every table entry must be a name loadConfig knows.
    const seen = new Set<string>();
    for (const s of SETTINGS) {
      const env: Env = { [s.env]: '\u0000bad' };
      try {
        loadConfig(env);
      } catch (err) {
        if (err instanceof ConfigError && err.problems.some((p) => p.startsWith(s.env))) seen.add(s.env);
      }
    }
    // Free-form strings accept anything; everything else rejects a NUL byte.
    const freeForm = [
      'AUTH_JWT_NAMESPACE',
      'ELECTRIC_INSTANCE_ID',
      'STATSD_HOST',
      'LOGICAL_PUBLISHER_HOST',
      'PG_PROXY_PASSWORD',
      'ELECTRIC_PG_DATA_DIR',
      'ELECTRIC_STATUS_USERS',
    ];
    expect([...seen].sort()).toEqual(expected.filter((n) => !freeForm.includes(n)).sort());
  });
});
