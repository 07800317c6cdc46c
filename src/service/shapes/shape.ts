/**
 * A subscription: shape requests of one table each, with an optional
 * where-clause compiled against that table.
 */
import type { CatalogTable } from '../schema/catalog.js';
import type { CompiledWhere } from './where/index.js';

export interface ShapeRequest {
  readonly requestId: string;
  readonly table: CatalogTable;
  readonly where: CompiledWhere | null;
  /** The where-clause as the client sent it (stored for resumption). */
  readonly whereText: string;
}

export interface Subscription {
  readonly id: string;
  readonly requests: readonly ShapeRequest[];
}

/**
 * Which transactions a snapshot sees (32-bit xids as pgoutput reports them):
 * committed before `xmin`, or below `xmax` and not in progress.
 */
export interface XidSnapshot {
  readonly xmin: number;
  readonly xmax: number;
  readonly inProgress: ReadonlySet<number>;
}

/** xid a precedes b, modulo 2^32 (Postgres' TransactionIdPrecedes). */
function precedes(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function visibleIn(snapshot: XidSnapshot, xid: number): boolean {
  if (precedes(xid, snapshot.xmin)) return true;
  if (!precedes(xid, snapshot.xmax)) return false;
  return !snapshot.inProgress.has(xid);
}

/** Parses `pg_current_snapshot()` text `xmin:xmax:xip,...` (64-bit xids) into 32-bit form. */
export function parseSnapshot(text: string): XidSnapshot {
  const [xmin, xmax, xip = ''] = text.split(':');
  const low = (v: string): number => Number(BigInt(v) % 4294967296n);
  return {
    xmin: low(xmin ?? '0'),
    xmax: low(xmax ?? '0'),
    inProgress: new Set(xip === '' ? [] : xip.split(',').map(low)),
  };
}
