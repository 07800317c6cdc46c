/**
 * Migrations as clients receive them: the captured history folded through
 * a schema model per SQL dialect, memoised until a new migration appears.
 */
import type { Queryable } from '../postgres/connection.js';
import { countMigrations, loadMigrationHistory, type StoredMigration } from '../schema/migration-history.js';
import { SchemaModel, loadParser, type Dialect, type MigrateOp } from '../schema/migration-ops.js';

export interface ClientMigration {
  readonly version: string;
  readonly xid: number;
  readonly ops: readonly MigrateOp[];
}

export class MigrationsFeed {
  private history: StoredMigration[] = [];
  private loaded = false;
  private readonly translated = new Map<Dialect, ClientMigration[]>();
  private loading: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly client: () => Queryable) {}

  /**
   * Reloads the history (after a migration passed through capture, or before
   * answering GET /api/migrations). Resolves once a load that started after
   * this call has finished: a load already under way may have read the
   * history before the caller's migration committed, so callers arriving
   * meanwhile share one more load after it.
   */
  refresh(): Promise<void> {
    if (this.loading) {
      this.queued ??= this.loading
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          return this.refresh();
        });
      return this.queued;
    }
    this.loading = this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    await loadParser();
    // Every client's startReplication refreshes: most find nothing new, and
    // keep the translations (re-parsing every migration per client was the
    // bulk of a connect's cost).
    const client = this.client();
    if (this.loaded && (await countMigrations(client)) === this.history.length) return;
    this.history = await loadMigrationHistory(client);
    this.loaded = true;
    this.translated.clear();
  }

  /** The newest migration's version, and how many there are (as of the last refresh). */
  get latest(): { readonly version: string | null; readonly count: number } {
    return { version: this.history[this.history.length - 1]?.version ?? null, count: this.history.length };
  }

  knows(version: string): boolean {
    return this.history.some((m) => m.version === version);
  }

  /**
   * Every migration after `version` (all when null), translated for the
   * dialect. For a version the history does not hold: all of them (a
   * client's schema version), or none (`/api/migrations`, as the legacy
   * service answers).
   */
  after(version: string | null, dialect: Dialect, unknownVersion: 'all' | 'none' = 'all'): ClientMigration[] {
    const all = this.translate(dialect);
    if (version === null) return all;
    const i = all.findIndex((m) => m.version === version);
    if (i < 0) return unknownVersion === 'all' ? all : [];
    return all.slice(i + 1);
  }

  /** One migration's ops, by version. */
  opsFor(version: string, dialect: Dialect): readonly MigrateOp[] {
    return this.translate(dialect).find((m) => m.version === version)?.ops ?? [];
  }

  private translate(dialect: Dialect): ClientMigration[] {
    let list = this.translated.get(dialect);
    if (!list) {
      const model = new SchemaModel();
      list = this.history.map((m) => ({ version: m.version, xid: m.xid, ops: model.apply(m.version, m.ddl, dialect) }));
      this.translated.set(dialect, list);
    }
    return list;
  }
}
