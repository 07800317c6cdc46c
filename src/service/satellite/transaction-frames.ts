/**
 * The SatOpLog frame of a captured transaction, encoded once and shared by
 * every connection whose client gets the same ops from it. Connections on
 * the same shapes filter a transaction to the same changes, so with many
 * clients the encoding costs one connection's worth; what is left per
 * connection is its filter and the socket write.
 *
 * Two connections share bytes only when their ops name the same changes of
 * the transaction with the same kinds, in the same SQL dialect, and were
 * built against the same catalog tables; anything else is encoded on its
 * own. Only the most recent transactions are remembered: live connections
 * ask for a transaction at about the same time, and a connection catching
 * up merely encodes again.
 */
import { lsnToBytes, type ISatTransOp } from '../../protocol/index.js';
import type { Transaction } from '../replication/types.js';
import type { CatalogTable } from '../schema/catalog.js';
import type { OutOp } from '../shapes/live-filter.js';
import { OpLogWriter, encodeTransOp } from './op-log-writer.js';

/** Transactions whose frames are remembered. */
const REMEMBERED_TRANSACTIONS = 128;

interface Encoded {
  readonly tables: readonly CatalogTable[];
  readonly bytes: Buffer;
}

const remembered = new Map<Transaction, Map<string, Encoded>>();
/** Used synchronously only, so one writer serves every connection. */
const writer = new OpLogWriter(16 * 1024);

/**
 * The frame: begin, the migration ops (already translated for the dialect),
 * the data ops, commit. `allMigrations` is false when the connection left out
 * some of the transaction's migrations: such a frame is its own.
 */
export function transactionFrame(tx: Transaction, dialect: string, migrateOps: readonly ISatTransOp[], dataOps: readonly OutOp[], allMigrations = true): Buffer {
  const key = allMigrations ? signature(dialect, dataOps) : null;
  if (key === null) return encode(tx, migrateOps, dataOps);
  let frames = remembered.get(tx);
  const hit = frames?.get(key);
  if (hit && sameTables(hit.tables, dataOps)) return hit.bytes;
  const bytes = encode(tx, migrateOps, dataOps);
  if (!frames) {
    frames = new Map();
    remembered.set(tx, frames);
    if (remembered.size > REMEMBERED_TRANSACTIONS) remembered.delete(remembered.keys().next().value!);
  }
  frames.set(key, { tables: dataOps.map((op) => op.table), bytes });
  return bytes;
}

function encode(tx: Transaction, migrateOps: readonly ISatTransOp[], dataOps: readonly OutOp[]): Buffer {
  const lsn = lsnToBytes(tx.lsn);
  writer.reset();
  writer.appendEncoded(
    encodeTransOp({
      begin: { commitTimestamp: tx.commitTimestamp, lsn, origin: tx.origin, transactionId: tx.xid, isMigration: migrateOps.length > 0 },
    }),
  );
  for (const op of migrateOps) writer.appendEncoded(encodeTransOp(op));
  for (const op of dataOps) writeOp(op);
  writer.appendEncoded(encodeTransOp({ commit: { commitTimestamp: tx.commitTimestamp, lsn } }));
  return writer.finish();
}

function writeOp(op: OutOp): void {
  switch (op.kind) {
    case 'insert':
      writer.insert(op.table, op.record, op.tags);
      return;
    case 'update':
      writer.update(op.table, op.record, op.oldRecord, op.tags);
      return;
    case 'delete':
      writer.delete(op.table, op.oldRecord, op.tags);
      return;
    case 'gone':
      writer.gone(op.table, op.pk);
      return;
  }
}

const KIND = { insert: 'i', update: 'u', delete: 'd', gone: 'g' } as const;

function signature(dialect: string, ops: readonly OutOp[]): string | null {
  let key = dialect;
  for (const op of ops) {
    if (op.change < 0) return null;
    key += KIND[op.kind] + op.change;
  }
  return key;
}

function sameTables(tables: readonly CatalogTable[], ops: readonly OutOp[]): boolean {
  for (let i = 0; i < ops.length; i++) if (tables[i] !== ops[i]!.table) return false;
  return true;
}
