// Builds the single `dist/electric` binary (bun --compile) and the client
// library (tsup, ESM + types in dist/client/).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${path.basename(command)} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const versionSource = readFileSync(path.join(root, 'src', 'version.ts'), 'utf8');
if (!versionSource.includes(`VERSION = '${pkg.version}'`)) {
  console.error(`build: src/version.ts does not match package.json version ${pkg.version}`);
  process.exit(1);
}

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
mkdirSync(path.join(root, 'dist'), { recursive: true });

run(bin('bun'), [
  'build',
  '--compile',
  '--minify-syntax',
  // pg's optional native binding is never used.
  '--external',
  'pg-native',
  'src/cli.ts',
  '--outfile',
  'dist/electric',
]);

run(bin('tsup'), [
  'src/client/index.ts',
  '--format',
  'esm',
  '--dts',
  '--target',
  'es2022',
  '--out-dir',
  'dist/client',
  '--silent',
]);

console.log('build: dist/electric and dist/client/ are ready');
