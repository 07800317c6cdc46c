import { Flags } from '@oclif/core';
import { ElectricCommand } from './base.js';

export default class Status extends ElectricCommand {
  static override summary = 'Live dashboard of a running service: replication lag, clients, shapes.';
  static override description =
    'Opens a terminal dashboard that refreshes every second. With --json, prints one JSON document and exits (0 ready, 1 not ready, 2 unreachable).';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json'];

  static override flags = {
    service: Flags.string({
      description: 'URL of the Electric service.',
      env: 'ELECTRIC_SERVICE',
      defaultHelp: 'http://127.0.0.1:5133',
    }),
    json: Flags.boolean({ description: 'Print one JSON document and exit.', default: false }),
    watch: Flags.boolean({ description: 'With --json: print one line per interval.', default: false }),
  };

  async run(): Promise<void> {
    await this.parse(Status);
    this.notBuiltYet('the status dashboard');
  }
}
