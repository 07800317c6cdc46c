import { Flags } from '@oclif/core';
import { ElectricCommand } from './base.js';

export default class ProxyTunnel extends ElectricCommand {
  static override summary = 'Tunnel TCP connections to the migrations proxy through the service HTTP port.';
  static override description =
    'Listens on a local port and carries each TCP connection over a WebSocket to the service /proxy route, so that psql and migration tools reach the migrations proxy where only the HTTP port is open.';
  static override examples = ['<%= config.bin %> proxy-tunnel --service https://electric.example.com --local-port 65431'];

  static override flags = {
    service: Flags.string({
      description: 'URL of the Electric service (http → ws, https → wss).',
      env: 'ELECTRIC_SERVICE',
      defaultHelp: 'http://127.0.0.1:5133',
    }),
    'local-port': Flags.string({
      description: 'Local TCP port to listen on.',
      env: 'ELECTRIC_LOCAL_PORT',
      defaultHelp: '65432',
    }),
  };

  async run(): Promise<void> {
    await this.parse(ProxyTunnel);
    this.notBuiltYet('the proxy tunnel');
  }
}
