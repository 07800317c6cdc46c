/**
 * The replication commands and catalog queries the publisher recognises,
 * parsed from the text of a simple query (as the legacy publisher matched
 * them): what its apply-worker clients send, nothing more.
 */

/** Collapses whitespace and drops a trailing semicolon, as the legacy matcher did. */
export function normalizeQuery(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().replace(/;$/, '').trim();
}

const START_REPLICATION_RE = /^START_REPLICATION SLOT ("(?:[^"]|"")+"|[^\s"]+) LOGICAL ([^\s(]+)(?: ?\((.*)\))?$/i;

export interface StartReplicationCommand {
  readonly slot: string;
  /** The start position as written (X/Y), checked by the caller. */
  readonly position: string;
  readonly options: Readonly<Record<string, string>>;
}

/** `START_REPLICATION SLOT s LOGICAL X/Y (options)`, or null for any other query. */
export function parseStartReplication(query: string): StartReplicationCommand | null {
  const m = START_REPLICATION_RE.exec(query);
  if (!m) return null;
  const slot = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
  return { slot, position: m[2]!, options: parseOptions(m[3] ?? '') };
}

const PUBLISHED_TABLES_RE = /^SELECT DISTINCT t\.schemaname, t\.tablename(, t\.attnames)? FROM pg_catalog\.pg_publication_tables t WHERE t\.pubname IN \((.*)\)$/i;

/** The apply worker's query for a publication's tables (with the column list from Postgres 15 on), or null. */
export function parsePublishedTablesQuery(query: string): { names: string[]; withAttnames: boolean } | null {
  const m = PUBLISHED_TABLES_RE.exec(query);
  if (!m) return null;
  const names = [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((n) => n[1]!.replace(/''/g, "'"));
  return { names, withAttnames: m[1] !== undefined };
}

/** `name 'value', name2 'value2'` → record (values unquoted). */
function parseOptions(text: string): Record<string, string> {
  const options: Record<string, string> = {};
  const re = /\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s*(?:'((?:[^']|'')*)'|([^,\s]+))?\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[0] === '') break;
    const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!.toLowerCase();
    options[name] = m[2] !== undefined ? m[2].replace(/''/g, "'") : (m[3] ?? 'true');
  }
  return options;
}
