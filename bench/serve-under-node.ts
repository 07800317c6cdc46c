// Runs `electric serve` under Node (through vite-node), for comparing runtimes.
import { main } from '../src/cli.js';

main(['serve']).then((code) => {
  process.exitCode = code;
});
