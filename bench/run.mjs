// Runs one benchmark from bench/ (`npm run bench -- NAME`), or lists them.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const name = process.argv[2];
if (!name) {
  console.log(benches.length ? `benchmarks: ${benches.join(', ')}\nrun one with: npm run bench -- NAME` : 'no benchmarks are built yet');
  process.exit(0);
}
if (!benches.includes(name)) {
  console.error(`bench: unknown benchmark "${name}"${benches.length ? ` (available: ${benches.join(', ')})` : ''}`);
  process.exit(2);
}
// Benchmarks run under Node (through vite-node, which compiles TypeScript):
// better-sqlite3, which the client-side ones need, does not load in Bun.
const viteNode = path.join(here, '..', 'node_modules', '.bin', 'vite-node');
const result = spawnSync(viteNode, [path.join(here, name, 'index.ts'), ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
