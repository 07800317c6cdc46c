import { Flags, type Interfaces } from '@oclif/core';
import { ElectricCommand } from './base.js';
import { ConfigError, SETTINGS, loadConfig, redactDatabaseUrl, type Config } from '../service/config.js';
import { ElectricService } from '../service/server.js';
import { ElectricError, errorMessage } from '../util/errors.js';
import { Logger } from '../util/log.js';
import { VERSION } from '../version.js';

/** Graceful shutdown must finish within this; then the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 5000;

type StringFlag = Interfaces.OptionFlag<string | undefined>;

// One flag per setting; each also reads its environment variable.
const settingFlags: Record<string, StringFlag> = Object.fromEntries(
  SETTINGS.map((s) => [s.flag, Flags.string({ description: s.description, env: s.env, defaultHelp: s.defaultHelp, helpValue: s.secret ? '<secret>' : undefined })]),
);

export default class Serve extends ElectricCommand {
  static override summary = 'Run the sync service (starts an embedded Postgres when DATABASE_URL is not set).';
  static override description =
    'Serves the HTTP API and the Satellite WebSocket protocol on HTTP_PORT, replicates between Postgres and the connected clients, and runs the migrations proxy. Every flag can also be set with the environment variable shown beside it; flags win.';
  static override examples = [
    '<%= config.bin %> serve',
    'DATABASE_URL=postgresql://postgres:secret@localhost:5432/app AUTH_MODE=insecure PG_PROXY_PASSWORD=proxy <%= config.bin %> serve',
  ];
  static override flags = settingFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const overrides: Record<string, string | undefined> = {};
    for (const s of SETTINGS) overrides[s.env] = (flags as Record<string, string | undefined>)[s.flag];

    let config: Config;
    try {
      config = loadConfig(process.env, overrides);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const problem of err.problems) process.stderr.write(`electric serve: ${problem}\n`);
      this.exit(1);
    }

    const logger = new Logger({ level: config.logLevel });
    const service = new ElectricService(config, { logger });
    const shutdown = (signal: string): void => {
      logger.info('shutting down', { signal });
      setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      service.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));

    try {
      await service.start();
    } catch (err) {
      const message = err instanceof ElectricError ? err.message : `unexpected failure: ${errorMessage(err)}`;
      process.stderr.write(`electric serve: ${message}\n`);
      this.exit(1);
    }
    printBanner(logger, service, config);
    // Keep running until a signal stops the service.
    await new Promise<never>(() => {});
  }
}

function printBanner(logger: Logger, service: ElectricService, config: Config): void {
  const db = service.database;
  const dbUrl = db ? redactDatabaseUrl(`postgresql://${encodeURIComponent(db.user)}:x@${db.host}:${db.port}/${encodeURIComponent(db.database)}`) : 'none';
  logger.info(`electric ${VERSION} is ready`, {
    http: service.httpUrl,
    status: `${service.httpUrl}/api/status`,
    websocket: `${service.httpUrl.replace(/^http/, 'ws')}/ws`,
    postgres: dbUrl,
    embeddedDataDir: service.embeddedDataDir ?? undefined,
    writeMode: config.writeToPgMode,
    authMode: config.auth.mode,
  });
  if (config.auth.mode === 'insecure') {
    logger.warn('AUTH_MODE=insecure: clients are not authenticated; use AUTH_MODE=secure with AUTH_JWT_ALG and AUTH_JWT_KEY in production');
  }
}
