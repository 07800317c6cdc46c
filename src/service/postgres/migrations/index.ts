/**
 * The service's own migrations of the `electric` schema, in order. Each runs
 * once per database (recorded in electric.schema_migrations); released
 * migrations are never edited, only followed by new ones.
 */
export interface InternalMigration {
  /** Sortable, unique: YYYYMMDDHHMMSS of when it was written. */
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly InternalMigration[] = [
  {
    version: 20261122000000,
    name: 'cluster identity and transaction marker',
    statements: [
      // One row per marker: 'cluster_id' is this database's stable identity;
      // 'magic write' is updated to place a snapshot exactly in the WAL.
      `CREATE TABLE electric.transaction_marker (
         id varchar(64) PRIMARY KEY,
         content jsonb
       )`,
      `INSERT INTO electric.transaction_marker (id, content)
       VALUES ('cluster_id', to_jsonb(gen_random_uuid()::text)),
              ('magic write', '{}'::jsonb)`,
    ],
  },
  {
    version: 20261122010000,
    name: 'tags, captured migrations, electrified tables, client positions',
    statements: [
      // A write's tag. Composite comparison orders by timestamp first and
      // treats a NULL source (a Postgres write) as greater than any client
      // source at the same timestamp; "C" collation makes client ids
      // compare as plain strings.
      `CREATE TYPE electric.tag AS ("timestamp" timestamptz, source_id text COLLATE "C")`,
      // Microseconds since the epoch of the current transaction's start:
      // with the transaction id it identifies a migration transaction.
      `CREATE FUNCTION electric.current_xact_ts() RETURNS int8 LANGUAGE sql STABLE
         AS $$ SELECT (extract(epoch FROM transaction_timestamp()) * 1000000)::int8 $$`,
      `CREATE TABLE electric.migration_versions (
         txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
         txts int8 NOT NULL DEFAULT electric.current_xact_ts(),
         version text NOT NULL UNIQUE,
         priority int2 NOT NULL DEFAULT 0,
         inserted_at timestamptz NOT NULL DEFAULT transaction_timestamp(),
         PRIMARY KEY (txid, txts)
       )`,
      `CREATE TABLE electric.ddl_commands (
         id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
         txts int8 NOT NULL DEFAULT electric.current_xact_ts(),
         query text NOT NULL,
         query_hash bytea GENERATED ALWAYS AS (decode(md5(query), 'hex')) STORED,
         inserted_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (txid, txts, query_hash)
       )`,
      `CREATE TABLE electric.schema (
         id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         version text NOT NULL UNIQUE,
         schema jsonb NOT NULL,
         migration_ddl text[] NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE electric.electrified (
         id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         schema_name text NOT NULL,
         table_name text NOT NULL,
         oid oid NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (schema_name, table_name)
       )`,
      `CREATE TABLE electric.acknowledged_client_lsns (
         client_id text PRIMARY KEY,
         lsn bytea NOT NULL
       )`,
      `CREATE TABLE electric.ddlx_commands (
         id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
         txts int8 NOT NULL DEFAULT electric.current_xact_ts(),
         ddlx bytea NOT NULL
       )`,
      // What a reconnecting client needs: its subscriptions, its checkpoint
      // (acknowledged stream position and the rows it holds), and where each
      // unsubscribe took effect.
      `CREATE TABLE electric.client_shape_subscriptions (
         client_id text NOT NULL,
         subscription_id text NOT NULL,
         lsn int8 NOT NULL,
         shape_requests jsonb NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (client_id, subscription_id)
       )`,
      `CREATE TABLE electric.client_checkpoints (
         client_id text PRIMARY KEY,
         lsn int8 NOT NULL,
         held_rows bytea,
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE electric.client_unsub_points (
         client_id text NOT NULL,
         subscription_id text NOT NULL,
         lsn int8 NOT NULL,
         PRIMARY KEY (client_id, subscription_id)
       )`,
    ],
  },
  {
    version: 20261122020000,
    name: 'resumable subscriptions: snapshot and delivered rows',
    statements: [
      // A reconnecting client's held rows are rebuilt from its last
      // checkpoint, the rows each later subscription delivered, and the
      // cached transactions in between (seen through each subscription's
      // snapshot, as when they were first sent).
      `ALTER TABLE electric.client_shape_subscriptions
         ADD COLUMN snapshot jsonb,
         ADD COLUMN delivered_rows jsonb NOT NULL DEFAULT '[]'::jsonb`,
    ],
  },
  {
    version: 20261122034500,
    name: 'unsubscribed subscriptions kept until their GONE batch is observed',
    statements: [
      // Set at unsubscribe (the position of its GONE batch); the row is
      // deleted once the client has observed that batch. Until then a
      // reconnecting client may still list the subscription, and gets the
      // batch again.
      `ALTER TABLE electric.client_shape_subscriptions ADD COLUMN unsubscribed_lsn int8`,
    ],
  },
  {
    version: 20261122063000,
    name: 'client checkpoints stored as a base and the changes since',
    statements: [
      // A checkpoint is its base record plus the deltas written after it
      // with the same generation, applied in order; a new base gets a new
      // generation and drops the deltas. (A base from before this has no
      // generation: it stands alone.)
      `ALTER TABLE electric.client_checkpoints ADD COLUMN generation text`,
      `CREATE TABLE electric.client_checkpoint_deltas (
         client_id text NOT NULL,
         seq bigserial,
         generation text NOT NULL,
         lsn int8 NOT NULL,
         changes bytea NOT NULL,
         PRIMARY KEY (client_id, seq)
       )`,
    ],
  },
];
