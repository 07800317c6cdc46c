import { Flags } from '@oclif/core';
import { ElectricCommand } from './base.js';
import { DEFAULT_LOCAL_HOST, DEFAULT_LOCAL_PORT, DEFAULT_SERVICE_URL, TunnelError, startTunnel, type RunningTunnel } from '../tunnel/client.js';
import { Logger } from '../util/log.js';

export default class ProxyTunnel extends ElectricCommand {
  static override summary = 'Tunnel TCP connections to the migrations proxy through the service HTTP port.';
  static override description =
    'Listens on a local port and carries each TCP connection over a WebSocket to the service /proxy route, so that psql and migration tools reach the migrations proxy where only the HTTP port is open. The service must run with PG_PROXY_PORT=http or http:<port>. Stop it with Ctrl-C.';
  static override examples = [
    '<%= config.bin %> proxy-tunnel --service https://electric.example.com --local-port 65431',
    'psql postgresql://postgres:$PG_PROXY_PASSWORD@127.0.0.1:65431/electric',
  ];

  static override flags = {
    service: Flags.string({
      description: 'URL of the Electric service (http → ws, https → wss).',
      env: 'ELECTRIC_SERVICE',
      default: DEFAULT_SERVICE_URL,
    }),
    'local-port': Flags.integer({
      description: 'Local TCP port to listen on.',
      env: 'ELECTRIC_LOCAL_PORT',
      default: DEFAULT_LOCAL_PORT,
      min: 0,
      max: 65535,
    }),
    'local-host': Flags.string({
      description: 'Local address to listen on.',
      default: DEFAULT_LOCAL_HOST,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ProxyTunnel);
    const name = 'electric proxy-tunnel';
    let tunnel: RunningTunnel;
    try {
      tunnel = await startTunnel({
        serviceUrl: flags.service,
        localPort: flags['local-port'],
        localHost: flags['local-host'],
        logger: new Logger({ level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'error', sink: process.stderr }),
        // One line per failed connection; the listener keeps going.
        onError: (err) => process.stderr.write(`${name}: ${err.message}\n`),
      });
    } catch (err) {
      if (!(err instanceof TunnelError)) throw err;
      process.stderr.write(`${name}: ${err.message}\n`);
      this.exit(err.code === 'INVALID_SERVICE_URL' ? 2 : 1);
    }
    const shown = tunnel.host.includes(':') ? `[${tunnel.host}]` : tunnel.host;
    process.stdout.write(`Tunnelling ${shown}:${tunnel.port} to the migrations proxy through ${tunnel.target} (Ctrl-C to stop)\n`);

    // Runs until Ctrl-C or SIGTERM; then returns normally (exit code 0).
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (sig: NodeJS.Signals): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(sig);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await tunnel.close();
    process.stdout.write(`Tunnel stopped (${signal})\n`);
  }
}
