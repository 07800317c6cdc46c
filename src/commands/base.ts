import { Command } from '@oclif/core';

/** Exit code for usage errors (unknown command or flag) and for work not built yet. */
export const EXIT_USAGE = 2;

/**
 * Base for every command: turns oclif's parse errors into one clear line
 * and exit code 2, so that scripts can tell usage errors from failures.
 */
export abstract class ElectricCommand extends Command {
  protected notBuiltYet(what: string): never {
    process.stderr.write(`electric ${this.id ?? ''}: ${what} is not built yet.\n`);
    this.exit(EXIT_USAGE);
  }
}
