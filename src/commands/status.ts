import { Flags } from '@oclif/core';
import { ElectricCommand, EXIT_USAGE } from './base.js';
import { DEFAULT_SERVICE_URL, readStatus, serviceUrl } from '../status/reading.js';
import { exitCodeOf, jsonDocument } from '../status/json.js';

export default class Status extends ElectricCommand {
  static override summary = 'Live dashboard of a running service: replication lag, clients, shapes.';
  static override description =
    'Opens a terminal dashboard that refreshes every second. With --json, prints one JSON document and exits (0 ready, 1 not ready, 2 unreachable); with --json --watch, one line per interval. In secure auth mode the detailed figures need a token of a user named in the service\'s ELECTRIC_STATUS_USERS.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json', '<%= config.bin %> status --service http://sync.internal:5133 --json --watch'];

  static override flags = {
    service: Flags.string({
      description: 'URL of the Electric service.',
      env: 'ELECTRIC_SERVICE',
      defaultHelp: DEFAULT_SERVICE_URL,
    }),
    token: Flags.string({
      description: 'Bearer token for the detailed figures (secure auth mode).',
      env: 'ELECTRIC_STATUS_TOKEN',
    }),
    json: Flags.boolean({ description: 'Print one JSON document and exit.', default: false }),
    watch: Flags.boolean({ description: 'With --json: print one line per interval.', default: false }),
    interval: Flags.integer({ description: 'Seconds between readings (dashboard and --watch).', default: 1, min: 1 }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    const url = serviceUrl(flags.service ?? DEFAULT_SERVICE_URL);
    if (url === null) this.error(`--service: ${JSON.stringify(flags.service)} is not an http(s) URL.`, { exit: EXIT_USAGE });
    if (flags.watch && !flags.json) this.error('--watch goes with --json (the dashboard refreshes by itself).', { exit: EXIT_USAGE });
    const read = () => readStatus({ url, token: flags.token ?? null });
    const intervalMs = flags.interval * 1000;

    if (!flags.json) {
      if (!process.stdout.isTTY) this.error('the dashboard needs a terminal; use --json for scripts.', { exit: EXIT_USAGE });
      // Ink draws nothing but the last frame when it sees CI variables (read when
      // it loads); someone at a terminal wants the live screen, so they go first.
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
      // Loaded only here: scripts using --json never load React and Ink.
      const { runDashboard } = await import('../status/dashboard.js');
      await runDashboard({ url, read, intervalMs });
      return;
    }
    if (!flags.watch) {
      const reading = await read();
      process.stdout.write(`${JSON.stringify(jsonDocument(url, reading), null, 2)}\n`);
      this.exit(exitCodeOf(reading));
    }
    await watchJson(url, read, intervalMs);
  }
}

/** One compact line per interval until interrupted (SIGINT/SIGTERM or a closed pipe). */
async function watchJson(url: string, read: () => ReturnType<typeof readStatus>, intervalMs: number): Promise<void> {
  let stopped = false;
  let wake: (() => void) | null = null;
  const stop = (): void => {
    stopped = true;
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.on('error', stop); // EPIPE: the reader went away
  try {
    const start = Date.now();
    while (!stopped) {
      const reading = await read();
      if (stopped) break;
      process.stdout.write(`${JSON.stringify(jsonDocument(url, reading))}\n`);
      // On a fixed schedule, whatever a reading took; ticks missed while a
      // reading hung are skipped, not made up in a burst.
      const tick = Math.floor((Date.now() - start) / intervalMs) + 1;
      const delay = Math.max(0, start + tick * intervalMs - Date.now());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.stdout.off('error', stop);
  }
}
