/**
 * What change capture yields: whole committed transactions in commit order.
 * Values are in the text forms of the Satellite protocol (spec §3.4):
 * strings as Postgres prints them with the service's session settings,
 * timestamptz with a `Z` suffix, bytea as raw bytes.
 */

/** A column value: text form, raw bytes (bytea), or NULL. */
export type ColumnValue = string | Uint8Array | null;

/** A row keyed by column name. */
export type Row = Record<string, ColumnValue>;

export interface RelationRef {
  readonly schema: string;
  readonly table: string;
}

export type ChangeKind = 'insert' | 'update' | 'delete';

export interface DataChange {
  readonly kind: ChangeKind;
  readonly relation: RelationRef;
  /** The row after the change (insert, update). */
  readonly record: Row | null;
  /** The row before the change (update, delete; REPLICA IDENTITY FULL). */
  readonly oldRecord: Row | null;
  /** The row's tags after the change, `<origin>@<unix ms>`; [] for deletes. */
  readonly tags: readonly string[];
}

/** A parent row touched through a foreign-key chain (`electric.fk_chain_touch`). */
export interface ReferencedRecord {
  readonly relation: RelationRef;
  readonly record: Row;
  readonly pk: readonly string[];
  readonly tags: readonly string[];
}

/** A captured migration: DDL statements in capture order, with their version. */
export interface Migration {
  readonly version: string;
  readonly ddl: readonly string[];
}

export interface Transaction {
  readonly xid: number;
  /** End LSN of the commit record: the position a consumer acknowledges. */
  readonly lsn: bigint;
  /** Unix milliseconds; for electrified writes, the timestamp of the write's tag. */
  readonly commitTimestamp: number;
  /** `postgres_1` for Postgres writes, else the client id that wrote it. */
  readonly origin: string;
  readonly changes: readonly DataChange[];
  readonly referencedRecords: readonly ReferencedRecord[];
  readonly migrations: readonly Migration[];
  /** Markers written to electric.transaction_marker in this transaction (id → content JSON). */
  readonly markers: readonly { readonly id: string; readonly content: string | null }[];
  /** Client positions acknowledged into electric.acknowledged_client_lsns in this transaction. */
  readonly clientLsns: readonly { readonly clientId: string; readonly lsn: Uint8Array }[];
  /** Approximate memory footprint, for the cache bound. */
  readonly byteSize: number;
}

/** Name of the connector: Postgres-originated writes carry it as their origin. */
export const POSTGRES_ORIGIN = 'postgres_1';
export const PUBLICATION_NAME = 'electric_publication';
