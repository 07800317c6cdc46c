import { Flags } from '@oclif/core';
import { ElectricCommand } from './base.js';
import { DEFAULT_SERVICE_URL } from '../util/service-url.js';

export default class Generate extends ElectricCommand {
  static override summary = 'Generate the type-safe client module from the electrified schema.';
  static override description =
    'Fetches the migrations from the service, builds the schema model and writes a typed client module for the electric client library.';
  static override examples = ['<%= config.bin %> generate --service http://127.0.0.1:5133 --out src/generated/client'];

  static override flags = {
    service: Flags.string({
      description: 'URL of the Electric service.',
      env: 'ELECTRIC_SERVICE',
      defaultHelp: DEFAULT_SERVICE_URL,
    }),
    proxy: Flags.string({
      description: 'Postgres URL of the migrations proxy.',
      env: 'ELECTRIC_PROXY',
      defaultHelp: 'postgresql://prisma:proxy_password@127.0.0.1:65432/electric',
    }),
    out: Flags.string({
      description: 'Folder the generated client is written to.',
      env: 'ELECTRIC_CLIENT_PATH',
      defaultHelp: './src/generated/client',
    }),
    watch: Flags.boolean({
      description: 'Keep running and regenerate when the migrations change.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    await this.parse(Generate);
    this.notBuiltYet('the client generator');
  }
}
