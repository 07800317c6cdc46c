/**
 * Starts the sync service in-process against a test Postgres, on free ports
 * bound to 127.0.0.1.
 */
import { loadConfig, type Config } from '../../src/service/config.js';
import { ElectricService } from '../../src/service/server.js';
import { Logger, silentLogger } from '../../src/util/log.js';
import { freePort } from '../../src/util/net.js';

export async function testConfig(env: Record<string, string | undefined>): Promise<Config> {
  return loadConfig({
    HTTP_PORT: String(await freePort()),
    ELECTRIC_LISTEN_HOST: '127.0.0.1',
    ELECTRIC_USE_IPV6: 'false',
    DATABASE_REQUIRE_SSL: 'false',
    AUTH_MODE: 'insecure',
    PG_PROXY_PASSWORD: 'proxy-password',
    PG_PROXY_PORT: String(await freePort()),
    ELECTRIC_WRITE_TO_PG_MODE: 'direct_writes',
    LOGICAL_PUBLISHER_HOST: '127.0.0.1',
    LOGICAL_PUBLISHER_PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    ...env,
  });
}

export function testLogger(): Logger {
  // Through console.log: the test runner shows it with the test's output.
  return process.env.TEST_LOG ? new Logger({ level: 'debug', pretty: true, sink: { write: (line) => console.log(line.trimEnd()) } }) : silentLogger;
}

export async function startTestService(env: Record<string, string | undefined>): Promise<ElectricService> {
  return ElectricService.start(await testConfig(env), { logger: testLogger() });
}
