/**
 * GET /api/migrations?dialect=sqlite|postgresql[&version=v]: the captured
 * migration history as a zip, what `npx electric-sql generate` bundles into
 * the client (spec §2.2). Each migration is a folder `<version>/` holding
 * `migration.sql` (its statements in the dialect) and `metadata.json` (its
 * SatOpMigrate ops, base64, the same bytes a Satellite client receives).
 */
import { zipSync } from 'fflate';
import { Electric } from '../../protocol/index.js';
import type { PostgresConnector } from '../postgres/connector.js';
import type { ClientMigration, MigrationsFeed } from '../satellite/migrations-feed.js';
import type { Dialect, MigrateOp } from '../schema/migration-ops.js';
import { sendError, sendJson, type Route } from './server.js';

export interface MigrationsSource {
  readonly connector: PostgresConnector | null;
  /** Null until the service has connected to Postgres. */
  readonly migrations: MigrationsFeed | null;
}

const DIALECTS: ReadonlySet<string> = new Set<Dialect>(['sqlite', 'postgresql']);

export function migrationsRoute(source: () => MigrationsSource): Route {
  return {
    method: 'GET',
    path: '/api/migrations',
    handler: async (_req, res, url) => {
      // The legacy service checks the dialect before anything else, with these exact words.
      const dialect = lastParam(url, 'dialect');
      if (dialect === null) return sendJson(res, 403, { error: "missing required parameter 'dialect'" });
      if (!DIALECTS.has(dialect)) return sendJson(res, 403, { error: `unsupported dialect ${JSON.stringify(dialect)}` });

      const { connector, migrations } = source();
      if (!connector || connector.state !== 'ready' || !migrations) {
        return sendError(res, 503, 'unavailable', `Postgres connection is not ready: ${connector?.state ?? 'initialization'}`);
      }
      // A migration made straight in Postgres must show up even before any
      // Satellite session has seen it: reload the (short) history every time.
      await migrations.refresh();
      const list = migrations.after(lastParam(url, 'version') || null, dialect as Dialect, 'none');
      if (list.length === 0) {
        res.writeHead(204);
        res.end();
        return;
      }
      const zip = migrationsZip(list);
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.byteLength });
      res.end(zip);
    },
  };
}

/** The zip body: per migration, in order, `<version>/migration.sql` and `<version>/metadata.json`. */
export function migrationsZip(migrations: readonly ClientMigration[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const text = new TextEncoder();
  for (const m of migrations) {
    // Keys contain '/', so they are never integer-like: insertion order is entry order.
    files[`${m.version}/migration.sql`] = text.encode(migrationSql(m.ops));
    files[`${m.version}/metadata.json`] = text.encode(migrationMetadata(m.version, m.ops));
  }
  return zipSync(files);
}

/** Every statement of the ops, trimmed and ending in `;`, separated by a blank line. */
export function migrationSql(ops: readonly MigrateOp[]): string {
  return ops
    .flatMap((op) => op.stmts.map((s) => s.sql.trim()))
    .map((sql) => (sql.endsWith(';') ? sql : `${sql};`))
    .join('\n\n');
}

/** metadata.json, keys in the legacy order. */
export function migrationMetadata(version: string, ops: readonly MigrateOp[]): string {
  return JSON.stringify({
    format: 'SatOpMigrate',
    ops: ops.map((op) => Buffer.from(Electric.Satellite.SatOpMigrate.encode(op).finish()).toString('base64')),
    protocol_version: 'Electric.Satellite',
    version,
  });
}

/** A query parameter's last value (as Plug reads a repeated one), null when absent. */
function lastParam(url: URL, name: string): string | null {
  return url.searchParams.getAll(name).at(-1) ?? null;
}
