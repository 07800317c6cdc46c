/**
 * Entry point of the `electric` CLI. Commands are imported and dispatched
 * here explicitly: oclif's discovery reads the filesystem, which a
 * `bun build --compile` binary does not have.
 */
import { CommandHelp, Config, Errors, type Command, type Interfaces } from '@oclif/core';
import Serve from './commands/serve.js';
import ProxyTunnel from './commands/proxy-tunnel.js';
import Generate from './commands/generate.js';
import Status from './commands/status.js';
import { EXIT_USAGE } from './commands/base.js';
import { VERSION } from './version.js';

type CommandClass = Command.Class & { summary?: string };

const COMMANDS: Readonly<Record<string, CommandClass>> = {
  serve: Serve,
  'proxy-tunnel': ProxyTunnel,
  generate: Generate,
  status: Status,
};

const BIN = 'electric';

async function loadOclifConfig(): Promise<Config> {
  const pjson = {
    name: 'electric',
    version: VERSION,
    oclif: { bin: BIN, dirname: 'electric' },
  } as unknown as Interfaces.PJSON;
  // `root` only has to be a real folder; no file under it is read because
  // the manifest (pjson) is given and no command folder is configured.
  return Config.load({ root: process.cwd(), pjson });
}

function rootHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, cmd]) => `  ${name.padEnd(width)}  ${cmd.summary ?? ''}`);
  return [
    'Local-first sync for Postgres: the sync service, the migrations proxy tunnel, the client generator and a status dashboard.',
    '',
    'VERSION',
    `  ${BIN}/${VERSION}`,
    '',
    'USAGE',
    `  $ ${BIN} COMMAND [FLAGS]`,
    '',
    'COMMANDS',
    ...lines,
    '',
    `Run \`${BIN} COMMAND --help\` for the flags of a command.`,
    '',
  ].join('\n');
}

function commandHelp(id: string, cmd: CommandClass, config: Config): string {
  // CommandHelp reads the same fields from the class as from oclif's cached
  // manifest form, so the class itself serves as the cached command.
  const flags = Object.fromEntries(
    Object.entries(cmd.flags ?? {}).map(([name, flag]) => {
      // The cached form shows `defaultHelp` in place of the default.
      const { defaultHelp } = flag as { defaultHelp?: unknown };
      const shown = typeof defaultHelp === 'string' ? defaultHelp : flag.default;
      return [name, { ...flag, default: typeof shown === 'function' ? undefined : shown }];
    }),
  );
  const cached = { ...cmd, id, flags, args: cmd.args ?? {}, aliases: [], pluginType: 'core' };
  const help = new CommandHelp(cached as unknown as Command.Loadable, config, { maxWidth: 100, stripAnsi: !process.stdout.isTTY } as Interfaces.HelpOptions);
  return help.generate() + '\n';
}

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? rest[0] : undefined;
    if (target === undefined) {
      process.stdout.write(rootHelp());
      return 0;
    }
    const cmd = COMMANDS[target];
    if (!cmd) return unknownCommand(target);
    process.stdout.write(commandHelp(target, cmd, await loadOclifConfig()));
    return 0;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    process.stdout.write(`${BIN}/${VERSION} ${process.platform}-${process.arch} ${runtimeName()}\n`);
    return 0;
  }
  const cmd = COMMANDS[first];
  if (!cmd) return unknownCommand(first);
  const config = await loadOclifConfig();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(first, cmd, config));
    return 0;
  }
  try {
    await cmd.run([...rest], config);
    return 0;
  } catch (err) {
    return exitCodeFor(first, err);
  }
}

function unknownCommand(name: string): number {
  process.stderr.write(`${BIN}: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. See \`${BIN} --help\`.\n`);
  return EXIT_USAGE;
}

function exitCodeFor(command: string, err: unknown): number {
  if (err instanceof Errors.ExitError) return err.oclif.exit ?? 0;
  if (err instanceof Errors.CLIError) {
    // Parse errors (unknown flag, missing value): one line, usage exit code.
    const firstLine = err.message.split('\n').find((l) => l.trim() !== '') ?? err.message;
    process.stderr.write(`${BIN} ${command}: ${firstLine.trim()} See \`${BIN} ${command} --help\`.\n`);
    return err.oclif?.exit === 1 || err.oclif?.exit === undefined ? EXIT_USAGE : err.oclif.exit;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${BIN} ${command}: ${message}\n`);
  return 1;
}

function runtimeName(): string {
  const bun = (process.versions as Record<string, string | undefined>).bun;
  return bun ? `bun-v${bun}` : `node-${process.version}`;
}

const isEntry = (() => {
  // Run when executed directly (node/bun on this file, or the compiled binary),
  // not when imported by tests.
  const entry = process.argv[1];
  if (!entry) return true;
  return /(?:^|[\\/])(cli\.(?:ts|js|mjs)|electric)$/.test(entry) || import.meta.url.includes('$bunfs');
})();

if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${BIN}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
