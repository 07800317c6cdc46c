// Runs an embedded Postgres in its own process (for crash-recovery tests):
// prints the port when ready, then waits to be killed.
import { EmbeddedPostgres } from '../../src/service/postgres/embedded.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: embedded-child.ts DATA_DIR');
const embedded = new EmbeddedPostgres({ dataDir, port: null, settings: { fsync: 'off' } });
const db = await embedded.start();
process.stdout.write(JSON.stringify({ port: db.port, pid: process.pid }) + '\n');
process.on('SIGTERM', () => void embedded.stop().then(() => process.exit(0)));
setInterval(() => {}, 1 << 30);
