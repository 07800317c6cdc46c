/**
 * The SQL functions and procedures of the `electric` schema. Unlike the
 * table migrations they are (re)defined at every start, inside the bootstrap
 * transaction, so a new service version brings its own function bodies; the
 * per-table triggers are then regenerated from them.
 */
import { SATELLITE_WRITE_FUNCTIONS } from './satellite-writes.js';

/** Electric's own tables that change capture reads (beside electrified tables and their shadows). */
export const PUBLISHED_INTERNAL_TABLES = [
  'electric.ddl_commands',
  'electric.migration_versions',
  'electric.electrified',
  'electric.transaction_marker',
  'electric.acknowledged_client_lsns',
  'electric.ddlx_commands',
] as const;

/** Types a column of an electrified table may have (format_type spelling). */
export const SUPPORTED_COLUMN_TYPES = [
  'smallint',
  'integer',
  'bigint',
  'real',
  'double precision',
  'boolean',
  'bytea',
  'date',
  'time without time zone',
  'timestamp without time zone',
  'timestamp with time zone',
  'jsonb',
  'uuid',
  'text',
  'character varying',
] as const;

const supportedTypesSql = SUPPORTED_COLUMN_TYPES.map((t) => `'${t}'`).join(', ');

const BASE_FUNCTIONS: readonly string[] = [
  // -- Sessions -------------------------------------------------------------
  // Writes applied by Electric (direct writes set the custom setting; the
  // logical-replication apply worker runs as replica) must not be tagged as
  // Postgres writes.
  `CREATE OR REPLACE FUNCTION electric.__session_replication_role() RETURNS text
   LANGUAGE sql STABLE AS $$
     SELECT COALESCE(NULLIF(current_setting('electric.session_replication_role', true), ''),
                     current_setting('session_replication_role'))
   $$`,

  `CREATE OR REPLACE FUNCTION electric.__current_txid() RETURNS int8
   LANGUAGE sql STABLE AS $$ SELECT pg_current_xact_id()::text::int8 $$`,

  // -- Tags -----------------------------------------------------------------
  `CREATE OR REPLACE FUNCTION electric.__tag_max(tags electric.tag[]) RETURNS electric.tag
   LANGUAGE sql IMMUTABLE AS $$ SELECT t FROM unnest(tags) AS t ORDER BY t DESC LIMIT 1 $$`,

  // The tag of the current Postgres transaction's writes. One value per
  // transaction (clients derive a row's tag from the transaction's commit
  // timestamp): the transaction start in milliseconds, raised above any tag
  // already in a row the transaction overwrites, so that the later write
  // always carries the greater tag ("Postgres wins").
  `CREATE OR REPLACE FUNCTION electric.__pg_write_tag(row_max electric.tag) RETURNS electric.tag
   LANGUAGE plpgsql AS $$
   DECLARE
     raw text := current_setting('electric.current_transaction_max_tag', true);
     cur electric.tag;
   BEGIN
     IF raw IS NULL OR raw = '' THEN
       cur := ROW(date_trunc('milliseconds', transaction_timestamp()), NULL)::electric.tag;
     ELSE
       cur := raw::electric.tag;
     END IF;
     -- (row_max IS NOT NULL would be false for any Postgres tag: its source is NULL.)
     IF row_max."timestamp" IS NOT NULL AND row_max >= cur THEN
       cur := ROW(date_trunc('milliseconds', row_max."timestamp") + interval '1 millisecond', NULL)::electric.tag;
     END IF;
     PERFORM set_config('electric.current_transaction_max_tag', cur::text, true);
     RETURN cur;
   END
   $$`,

  `CREATE OR REPLACE FUNCTION electric.__pg_final_tag() RETURNS electric.tag
   LANGUAGE sql STABLE AS $$
     SELECT NULLIF(current_setting('electric.current_transaction_max_tag', true), '')::electric.tag
   $$`,

  // -- Migration versions and captured DDL ------------------------------------
  `CREATE OR REPLACE FUNCTION electric.assign_migration_version(v text, prio int) RETURNS void
   LANGUAGE plpgsql AS $$
   BEGIN
     IF v IS NULL OR btrim(v) = '' THEN
       RAISE EXCEPTION 'a migration version must not be empty' USING ERRCODE = '22023';
     END IF;
     IF EXISTS (SELECT 1 FROM electric.migration_versions m
                 WHERE m.version = v AND (m.txid, m.txts) <> (pg_current_xact_id(), electric.current_xact_ts())) THEN
       RAISE EXCEPTION 'migration version % already exists', v USING ERRCODE = '23505';
     END IF;
     INSERT INTO electric.migration_versions (version, priority) VALUES (v, prio)
     ON CONFLICT (txid, txts) DO UPDATE SET version = excluded.version, priority = excluded.priority
       WHERE electric.migration_versions.priority < excluded.priority;
   END
   $$`,

  // The version of a migration that has none yet: the one a migration
  // framework recorded (through the proxy) in this transaction (priority 4),
  // else one it recorded earlier in this session and no migration used yet
  // (priority 2), else generated. Two migrations started in the same
  // millisecond must not share a generated version: fall back to
  // microseconds, then to the transaction id.
  `CREATE OR REPLACE FUNCTION electric.assign_default_version() RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     v text := to_char(transaction_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS_MS');
     framework text;
   BEGIN
     IF EXISTS (SELECT 1 FROM electric.migration_versions WHERE txid = pg_current_xact_id() AND txts = electric.current_xact_ts()) THEN
       RETURN;
     END IF;
     framework := NULLIF(current_setting('electric.framework_version', true), '');
     IF framework IS NOT NULL THEN
       PERFORM set_config('electric.session_framework_version', '', false);
       PERFORM electric.assign_migration_version(framework, 4);
       RETURN;
     END IF;
     framework := NULLIF(current_setting('electric.session_framework_version', true), '');
     IF framework IS NOT NULL AND NOT EXISTS (SELECT 1 FROM electric.migration_versions WHERE version = framework) THEN
       -- Consumed by this migration (reverted with it if it rolls back).
       PERFORM set_config('electric.session_framework_version', '', false);
       PERFORM electric.assign_migration_version(framework, 2);
       RETURN;
     END IF;
     IF EXISTS (SELECT 1 FROM electric.migration_versions WHERE version = v) THEN
       v := to_char(transaction_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS_US');
       IF EXISTS (SELECT 1 FROM electric.migration_versions WHERE version = v) THEN
         v := v || '_' || pg_current_xact_id()::text;
       END IF;
     END IF;
     INSERT INTO electric.migration_versions (version, priority) VALUES (v, 0)
     ON CONFLICT (txid, txts) DO NOTHING;
   END
   $$`,

  // Called by the migrations proxy after a migration framework (Ecto, Prisma,
  // @databases) recorded migration "v": it names this transaction's migration,
  // whether captured before or after, and else the session's next one.
  `CREATE OR REPLACE FUNCTION electric.__framework_version(v text) RETURNS void
   LANGUAGE plpgsql AS $$
   BEGIN
     IF v IS NULL OR btrim(v) = '' THEN RETURN; END IF;
     PERFORM set_config('electric.framework_version', v, true);
     IF EXISTS (SELECT 1 FROM electric.migration_versions WHERE txid = pg_current_xact_id() AND txts = electric.current_xact_ts()) THEN
       PERFORM electric.assign_migration_version(v, 4);
     ELSE
       PERFORM set_config('electric.session_framework_version', v, false);
     END IF;
   END
   $$`,

  // The user's way to name the migration of the current transaction.
  `CREATE OR REPLACE PROCEDURE electric.migration_version(v text)
   LANGUAGE plpgsql AS $$ BEGIN PERFORM electric.assign_migration_version(v, 32767); END $$`,

  `CREATE OR REPLACE FUNCTION electric.capture_ddl(query text) RETURNS void
   LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM electric.assign_default_version();
     INSERT INTO electric.ddl_commands (query) VALUES (query)
     ON CONFLICT (txid, txts, query_hash) DO NOTHING;
   END
   $$`,

  // -- DDL of an electrified table, as clients will replay it ------------------
  `CREATE OR REPLACE FUNCTION electric.ddlgen_create(rel regclass) RETURNS text
   LANGUAGE plpgsql STABLE AS $$
   DECLARE
     parts text[] := ARRAY[]::text[];
     col record;
     con record;
     qualified text;
   BEGIN
     SELECT format('%I.%I', n.nspname, c.relname) INTO qualified
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = rel;
     FOR col IN
       SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, t.typtype, tn.nspname AS type_schema, t.typname
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
        WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
     LOOP
       parts := parts || format('%I %s%s', col.attname,
         CASE WHEN col.typtype = 'e' THEN format('%I.%I', col.type_schema, col.typname) ELSE col.type END,
         CASE WHEN col.attnotnull THEN ' NOT NULL' ELSE '' END);
     END LOOP;
     FOR con IN
       SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = rel AND contype IN ('p', 'f') ORDER BY contype DESC, conname
     LOOP
       parts := parts || format('CONSTRAINT %I %s', con.conname, con.def);
     END LOOP;
     RETURN format(E'CREATE TABLE %s (\\n    %s\\n);', qualified, array_to_string(parts, E',\\n    '));
   END
   $$`,

  `CREATE OR REPLACE FUNCTION electric.ddlgen_enum(typ oid) RETURNS text
   LANGUAGE sql STABLE AS $$
     SELECT format('CREATE TYPE %I.%I AS ENUM (%s);', n.nspname, t.typname,
                   (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = typ
   $$`,

  // -- Validation ---------------------------------------------------------------
  // Raises with the proxy's EX0xx codes so that the migrations proxy can pass
  // them on unchanged.
  `CREATE OR REPLACE FUNCTION electric.__validate_for_electrification(s text, t text, rel regclass) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     col record;
     label text;
     pk_count int;
   BEGIN
     IF s <> 'public' THEN
       RAISE EXCEPTION 'cannot electrify %.%: only tables in the "public" schema can be electrified', quote_ident(s), quote_ident(t)
         USING ERRCODE = 'EX014';
     END IF;
     IF (SELECT relkind FROM pg_class WHERE oid = rel) NOT IN ('r', 'p') THEN
       RAISE EXCEPTION 'cannot electrify %.%: it is not a table', quote_ident(s), quote_ident(t) USING ERRCODE = 'EX000';
     END IF;
     -- Shadow tables hold these names beside the table's own columns.
     FOR col IN
       SELECT a.attname FROM pg_attribute a
        WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.attname IN ('_tags', '_last_modified', '_is_a_delete_operation', '_tag', '_observed_tags',
                             '_modified_columns_bit_mask', '_resolved', '_currently_reordering')
               OR a.attname LIKE '\_\_reordered\_%' OR a.attname LIKE '\_tag\_%')
     LOOP
       RAISE EXCEPTION 'cannot electrify %.%: column name "%" is reserved by Electric', quote_ident(s), quote_ident(t), col.attname
         USING ERRCODE = 'EX000', HINT = 'Rename the column; names _tag_*, __reordered_* and the shadow-table columns are reserved.';
     END LOOP;
     SELECT count(*) INTO pk_count FROM pg_constraint WHERE conrelid = rel AND contype = 'p';
     IF pk_count = 0 THEN
       RAISE EXCEPTION 'cannot electrify %.%: the table has no primary key', quote_ident(s), quote_ident(t)
         USING ERRCODE = 'EX015', HINT = 'Add a PRIMARY KEY (preferably a UUID) before electrifying the table.';
     END IF;
     IF length('shadow__' || s || '__' || t) > 63 OR length('tombstone__' || s || '__' || t) > 63 THEN
       RAISE EXCEPTION 'cannot electrify %.%: the table name is too long (at most % characters)', quote_ident(s), quote_ident(t), 63 - length('tombstone__' || s || '__')
         USING ERRCODE = 'EX000';
     END IF;
     FOR col IN
       SELECT a.attname, a.atttypid, a.atttypmod, format_type(a.atttypid, a.atttypmod) AS type, t2.typtype, t2.typcategory
         FROM pg_attribute a JOIN pg_type t2 ON t2.oid = a.atttypid
        WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
     LOOP
       IF length('__reordered_' || col.attname) > 63 THEN
         RAISE EXCEPTION 'cannot electrify %.%: column name "%" is too long (at most 51 characters)', quote_ident(s), quote_ident(t), col.attname
           USING ERRCODE = 'EX000';
       END IF;
       IF col.typtype = 'e' THEN
         FOREACH label IN ARRAY (SELECT array_agg(enumlabel ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = col.atttypid) LOOP
           IF label !~ '^[a-zA-Z][a-zA-Z_0-9]*$' THEN
             RAISE EXCEPTION 'cannot electrify %.%: enum type % of column "%" has the label %, but enum labels must start with a letter and contain only letters, digits and underscores',
               quote_ident(s), quote_ident(t), col.type, col.attname, quote_literal(label) USING ERRCODE = 'EX016';
           END IF;
         END LOOP;
       ELSIF col.typcategory = 'A' OR NOT (col.type = ANY (ARRAY[${supportedTypesSql}])) THEN
         RAISE EXCEPTION 'cannot electrify %.%: column "%" has type %, which Electric does not support', quote_ident(s), quote_ident(t), col.attname, col.type
           USING ERRCODE = 'EX005',
                 HINT = 'Supported types: ${SUPPORTED_COLUMN_TYPES.join(', ')} (varchar without a length), and enums.';
       END IF;
     END LOOP;
   END
   $$`,

  // -- Shadow and tombstone tables ------------------------------------------------
  // Always double-quoted: format('%I') leaves words like "by" or "begin"
  // bare, which PL/pgSQL then misreads after NEW. / OLD.
  `CREATE OR REPLACE FUNCTION electric.__quote_always(name text) RETURNS text
   LANGUAGE sql IMMUTABLE AS $$ SELECT '"' || replace(name, '"', '""') || '"' $$`,
  // Names of generated functions: the legacy name when it fits in 63 bytes,
  // else a prefix and a hash, so that long table names never collide.
  `CREATE OR REPLACE FUNCTION electric.__generated_name(purpose text, s text, t text) RETURNS text
   LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN octet_length(purpose || '___' || s || '__' || t) <= 63 THEN purpose || '___' || s || '__' || t
                 ELSE left(purpose || '___' || s || '__' || t, 50) || '_' || substr(md5(s || '.' || t), 1, 12) END
   $$`,
  `CREATE OR REPLACE FUNCTION electric.__shadow_name(s text, t text) RETURNS text
   LANGUAGE sql IMMUTABLE AS $$ SELECT 'shadow__' || s || '__' || t $$`,
  `CREATE OR REPLACE FUNCTION electric.__tombstone_name(s text, t text) RETURNS text
   LANGUAGE sql IMMUTABLE AS $$ SELECT 'tombstone__' || s || '__' || t $$`,

  `CREATE OR REPLACE FUNCTION electric.__create_shadow_tables(s text, t text) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     rel regclass := format('%I.%I', s, t)::regclass;
     shadow text := electric.__shadow_name(s, t);
     tomb text := electric.__tombstone_name(s, t);
     cols text[] := ARRAY[
       '_tags electric.tag[] NOT NULL DEFAULT ''{}''',
       '_last_modified int8',
       '_is_a_delete_operation boolean NOT NULL DEFAULT false',
       '_tag electric.tag',
       '_observed_tags electric.tag[]',
       '_modified_columns_bit_mask boolean[]',
       '_resolved boolean NOT NULL DEFAULT false',
       '_currently_reordering boolean'];
     pk_cols text[];
     col record;
   BEGIN
     SELECT array_agg(format('%I', a.attname) ORDER BY k.ord) INTO pk_cols
       FROM pg_constraint c CROSS JOIN unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.conrelid = rel AND c.contype = 'p';
     FOR col IN SELECT * FROM electric.__columns(rel) WHERE NOT is_pk LOOP
       cols := cols || format('%I %s', '__reordered_' || col.name, col.type);
     END LOOP;
     FOR col IN SELECT * FROM electric.__columns(rel) WHERE is_pk LOOP
       cols := cols || format('%I %s NOT NULL', col.name, col.type);
     END LOOP;
     FOR col IN SELECT * FROM electric.__columns(rel) WHERE NOT is_pk LOOP
       cols := cols || format('%I electric.tag', '_tag_' || col.name);
     END LOOP;
     EXECUTE format('CREATE TABLE electric.%I (%s, PRIMARY KEY (%s))', shadow, array_to_string(cols, ', '), array_to_string(pk_cols, ', '));
     EXECUTE format('ALTER TABLE electric.%I REPLICA IDENTITY FULL', shadow);
     EXECUTE format('CREATE TABLE electric.%I (LIKE %s)', tomb, rel);
     EXECUTE format('ALTER TABLE electric.%I ADD PRIMARY KEY (%s)', tomb, array_to_string(pk_cols, ', '));
   END
   $$`,

  // Columns of a table in order, with their SQL type and whether they are in the primary key.
  `CREATE OR REPLACE FUNCTION electric.__columns(rel regclass)
   RETURNS TABLE (name text, type text, is_pk boolean, attnum int2)
   LANGUAGE sql STABLE AS $$
     SELECT a.attname::text,
            CASE WHEN t.typtype = 'e' THEN format('%I.%I', tn.nspname, t.typname) ELSE format_type(a.atttypid, a.atttypmod) END,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = rel AND c.contype = 'p' AND a.attnum = ANY (c.conkey)),
            a.attnum
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
      WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum
   $$`,

  // -- Triggers of an electrified table -------------------------------------------
  // Generated per table because they name its columns. Regenerated at every
  // start and after every ADD COLUMN.
  `CREATE OR REPLACE FUNCTION electric.install_triggers(s text, t text) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     rel regclass := format('%I.%I', s, t)::regclass;
     shadow text := format('electric.%I', electric.__shadow_name(s, t));
     tomb text := format('electric.%I', electric.__tombstone_name(s, t));
     pk_match_new text;   -- "id" = NEW."id" AND ...
     pk_match_old text;
     pk_changed text;     -- NEW."id" IS DISTINCT FROM OLD."id" OR ...
     pk_list text;
     pk_new_values text;
     pk_old_values text;
     col_tags text := '';          -- , shadow."_tag_a", ...
     insert_tag_cols text := '';   -- , "_tag_a"
     insert_tag_vals text := '';   -- , tag
     update_all_tags text := '';   -- , "_tag_a" = tag
     update_changed_tags text := '';
     resolve_tags text := '';
     all_cols text;
     tomb_update text;
     col record;
   BEGIN
     SELECT string_agg(format('%I = NEW.%s', name, electric.__quote_always(name)), ' AND '),
            string_agg(format('%I = OLD.%s', name, electric.__quote_always(name)), ' AND '),
            string_agg(format('NEW.%1$s IS DISTINCT FROM OLD.%1$s', electric.__quote_always(name)), ' OR '),
            string_agg(format('%I', name), ', '),
            string_agg(format('NEW.%s', electric.__quote_always(name)), ', '),
            string_agg(format('OLD.%s', electric.__quote_always(name)), ', ')
       INTO pk_match_new, pk_match_old, pk_changed, pk_list, pk_new_values, pk_old_values
       FROM electric.__columns(rel) WHERE is_pk;
     FOR col IN SELECT * FROM electric.__columns(rel) WHERE NOT is_pk LOOP
       col_tags := col_tags || format(', shadow.%I', '_tag_' || col.name);
       insert_tag_cols := insert_tag_cols || format(', %I', '_tag_' || col.name);
       insert_tag_vals := insert_tag_vals || ', tag';
       update_all_tags := update_all_tags || format(', %I = tag', '_tag_' || col.name);
       -- A column takes the new tag when this write changed it, or when an
       -- earlier write of this same transaction tagged it (the provisional
       -- tag may have been raised since).
       update_changed_tags := update_changed_tags || format(
         ', %1$I = CASE WHEN NEW.%2$s IS DISTINCT FROM OLD.%2$s OR (shadow._last_modified = txid AND %1$I = shadow._tag) THEN tag ELSE %1$I END',
         '_tag_' || col.name, electric.__quote_always(col.name));
       resolve_tags := resolve_tags || format(', %1$I = CASE WHEN %1$I = _tag THEN final ELSE %1$I END', '_tag_' || col.name);
     END LOOP;
     SELECT string_agg(format('%I', name), ', '),
            string_agg(format('%I = excluded.%I', name, name), ', ') FILTER (WHERE NOT is_pk)
       INTO all_cols, tomb_update FROM electric.__columns(rel);

     -- Ordinary Postgres INSERT/UPDATE: tag the row and the columns it changed.
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
       DECLARE
         shadow %2$s%%ROWTYPE;
         txid int8 := electric.__current_txid();
         tag electric.tag;
       BEGIN
         IF TG_OP = 'UPDATE' AND (%6$s) THEN
           -- The primary key changed: the old row is gone.
           PERFORM electric.%9$I(OLD);
         END IF;
         -- Make sure the shadow row exists, then lock it: a client write
         -- may be creating it concurrently (the insert waits for it).
         INSERT INTO %2$s (%5$s) VALUES (%8$s) ON CONFLICT DO NOTHING;
         SELECT * INTO shadow FROM %2$s WHERE %3$s FOR UPDATE;
         IF shadow._last_modified IS DISTINCT FROM txid THEN
           tag := electric.__pg_write_tag(GREATEST(shadow._tag, electric.__tag_max(shadow._tags)%4$s));
         ELSE
           tag := electric.__pg_write_tag(NULL);
         END IF;
         -- A shadow row that never held a tag (new, or a row from before
         -- electrification) gets the tag on every column.
         IF TG_OP = 'INSERT' OR (%6$s) OR (shadow._tag)."timestamp" IS NULL THEN
           UPDATE %2$s SET _tags = ARRAY[tag], _tag = tag, _last_modified = txid, _is_a_delete_operation = false,
                  _resolved = false%11$s
            WHERE %3$s;
         ELSE
           UPDATE %2$s SET _tags = ARRAY[tag], _tag = tag, _last_modified = txid, _is_a_delete_operation = false,
                  _resolved = false%12$s
            WHERE %3$s;
         END IF;
         RETURN NEW;
       END
       $body$ $f$,
       electric.__generated_name('postgres_write__upsert_generate_shadow_rows', s, t), shadow, pk_match_new, col_tags, pk_list, pk_changed,
       insert_tag_cols, pk_new_values, electric.__generated_name('postgres_write__mark_deleted', s, t), insert_tag_vals, update_all_tags,
       update_changed_tags);

     -- Marks a row's shadow as deleted by the current Postgres transaction.
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I(old_row %2$s) RETURNS void LANGUAGE plpgsql AS $body$
       DECLARE
         OLD ALIAS FOR old_row;
         shadow %3$s%%ROWTYPE;
         txid int8 := electric.__current_txid();
         tag electric.tag;
       BEGIN
         SELECT * INTO shadow FROM %3$s WHERE %4$s;
         IF FOUND AND shadow._last_modified IS DISTINCT FROM txid THEN
           tag := electric.__pg_write_tag(GREATEST(shadow._tag, electric.__tag_max(shadow._tags)%5$s));
         ELSE
           tag := electric.__pg_write_tag(NULL);
         END IF;
         INSERT INTO %3$s (%6$s, _tags, _tag, _last_modified, _is_a_delete_operation, _resolved)
         VALUES (%7$s, '{}', tag, txid, true, false)
         ON CONFLICT (%6$s) DO UPDATE SET _tags = '{}', _tag = excluded._tag, _last_modified = txid,
           _is_a_delete_operation = true, _resolved = false;
       END
       $body$ $f$,
       electric.__generated_name('postgres_write__mark_deleted', s, t), rel, shadow, pk_match_old, col_tags, pk_list, pk_old_values);

     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
       BEGIN
         PERFORM electric.%2$I(OLD);
         RETURN OLD;
       END
       $body$ $f$, electric.__generated_name('postgres_write__delete_generate_shadow_rows', s, t), electric.__generated_name('postgres_write__mark_deleted', s, t));

     -- At commit: every tag this transaction wrote becomes its final tag.
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
       DECLARE
         final electric.tag := electric.__pg_final_tag();
       BEGIN
         IF final IS NULL THEN RETURN NULL; END IF;
         UPDATE %2$s SET _tag = final,
                _tags = CASE WHEN _is_a_delete_operation THEN '{}' ELSE ARRAY[final] END,
                _resolved = true%3$s
          WHERE %4$s AND _last_modified = electric.__current_txid() AND _tag IS DISTINCT FROM final;
         RETURN NULL;
       END
       $body$ $f$, electric.__generated_name('postgres_write__write_resolved_tags', s, t), shadow, resolve_tags, pk_match_new);

     -- Deleted rows are kept in the tombstone table (merge of concurrent writes needs them).
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
       BEGIN
         INSERT INTO %2$s (%3$s) SELECT (OLD).*
         ON CONFLICT (%4$s) DO %5$s;
         RETURN NULL;
       END
       $body$ $f$, electric.__generated_name('as_first__save_deleted_rows_to_tombstone_table', s, t), tomb, all_cols, pk_list,
       CASE WHEN tomb_update IS NULL THEN 'NOTHING' ELSE 'UPDATE SET ' || tomb_update END);

     -- Drop what an earlier install made (checked first: DROP ... IF EXISTS
     -- would send a NOTICE to the client for every missing trigger).
     FOR col IN
       SELECT tg.tgname, tg.tgrelid::regclass AS on_rel FROM pg_trigger tg
        WHERE tg.tgrelid IN (rel, shadow::regclass) AND NOT tg.tgisinternal
          AND tg.tgname IN ('postgres_write__upsert_generate_shadow_rows', 'postgres_write__delete_generate_shadow_rows',
                            'as_first__save_deleted_rows_to_tombstone_table', 'postgres_write__write_resolved_tags')
     LOOP
       EXECUTE format('DROP TRIGGER %I ON %s', col.tgname, col.on_rel);
     END LOOP;

     EXECUTE format($f$CREATE TRIGGER postgres_write__upsert_generate_shadow_rows BEFORE INSERT OR UPDATE ON %s
       FOR EACH ROW WHEN (electric.__session_replication_role() <> 'replica') EXECUTE FUNCTION electric.%I()$f$,
       rel, electric.__generated_name('postgres_write__upsert_generate_shadow_rows', s, t));
     EXECUTE format($f$CREATE TRIGGER postgres_write__delete_generate_shadow_rows BEFORE DELETE ON %s
       FOR EACH ROW WHEN (electric.__session_replication_role() <> 'replica') EXECUTE FUNCTION electric.%I()$f$,
       rel, electric.__generated_name('postgres_write__delete_generate_shadow_rows', s, t));
     EXECUTE format($f$CREATE TRIGGER as_first__save_deleted_rows_to_tombstone_table AFTER DELETE ON %s
       FOR EACH ROW EXECUTE FUNCTION electric.%I()$f$, rel, electric.__generated_name('as_first__save_deleted_rows_to_tombstone_table', s, t));
     EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER as_first__save_deleted_rows_to_tombstone_table', rel);
     EXECUTE format($f$CREATE CONSTRAINT TRIGGER postgres_write__write_resolved_tags AFTER INSERT OR UPDATE ON %s
       DEFERRABLE INITIALLY DEFERRED
       FOR EACH ROW WHEN (NOT NEW._resolved AND electric.__session_replication_role() <> 'replica')
       EXECUTE FUNCTION electric.%I()$f$, shadow, electric.__generated_name('postgres_write__write_resolved_tags', s, t));
     PERFORM electric.__install_satellite_write(s, t);
   END
   $$`,

  // -- Publication ----------------------------------------------------------------
  // Adds tables to electric_publication (creating it when it is missing).
  `CREATE OR REPLACE FUNCTION electric.__publish(tables regclass[]) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     rel regclass;
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'electric_publication') THEN
       EXECUTE 'CREATE PUBLICATION electric_publication';
     END IF;
     FOREACH rel IN ARRAY tables LOOP
       IF NOT EXISTS (SELECT 1 FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
                       WHERE p.pubname = 'electric_publication' AND pr.prrelid = rel) THEN
         EXECUTE format('ALTER PUBLICATION electric_publication ADD TABLE %s', rel);
       END IF;
     END LOOP;
   END
   $$`,

  // -- Electrification ----------------------------------------------------------------
  `CREATE OR REPLACE FUNCTION electric.__electrify(s text, t text) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     rel regclass;
     enum_type oid;
     enum_ddl text;
   BEGIN
     -- One electrification at a time: the check below must not race.
     PERFORM pg_advisory_xact_lock(hashtext('electric.electrify'));
     rel := to_regclass(format('%I.%I', s, t));
     IF rel IS NULL THEN
       RAISE EXCEPTION 'cannot electrify %.%: no such table', quote_ident(s), quote_ident(t) USING ERRCODE = '42P01';
     END IF;
     IF EXISTS (SELECT 1 FROM electric.electrified e WHERE e.schema_name = s AND e.table_name = t) THEN
       RAISE NOTICE 'table %.% is already electrified', quote_ident(s), quote_ident(t);
       RETURN;
     END IF;
     PERFORM electric.__validate_for_electrification(s, t, rel);
     IF EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = rel AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%') THEN
       RAISE WARNING 'table %.% has serial columns: clients can read it, but cannot be granted writes to it', quote_ident(s), quote_ident(t);
     END IF;
     -- Enum types first, once each, so that clients can create the table.
     FOR enum_type IN
       SELECT DISTINCT a.atttypid FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
        WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped AND ty.typtype = 'e'
     LOOP
       enum_ddl := electric.ddlgen_enum(enum_type);
       IF NOT EXISTS (SELECT 1 FROM electric.ddl_commands WHERE query = enum_ddl) THEN
         PERFORM electric.capture_ddl(enum_ddl);
       END IF;
     END LOOP;
     PERFORM electric.capture_ddl(electric.ddlgen_create(rel));
     EXECUTE format('ALTER TABLE %s REPLICA IDENTITY FULL', rel);
     INSERT INTO electric.electrified (schema_name, table_name, oid) VALUES (s, t, rel);
     PERFORM electric.__create_shadow_tables(s, t);
     PERFORM electric.install_triggers(s, t);
     PERFORM electric.__publish(ARRAY[rel, format('electric.%I', electric.__shadow_name(s, t))::regclass]);
   END
   $$`,

  // CALL electric.electrify('items'), ('public.items') or ('public', 'items').
  `CREATE OR REPLACE PROCEDURE electric.electrify(name1 text, name2 text DEFAULT NULL)
   LANGUAGE plpgsql AS $$
   DECLARE
     parts text[];
   BEGIN
     IF name2 IS NOT NULL THEN
       PERFORM electric.__electrify(name1, name2);
       RETURN;
     END IF;
     parts := parse_ident(name1);
     IF array_length(parts, 1) = 1 THEN
       PERFORM electric.__electrify('public', parts[1]);
     ELSIF array_length(parts, 1) = 2 THEN
       PERFORM electric.__electrify(parts[1], parts[2]);
     ELSE
       RAISE EXCEPTION 'cannot electrify %: expected a table name or schema.table', quote_literal(name1) USING ERRCODE = '42602';
     END IF;
   END
   $$`,

  `CREATE OR REPLACE PROCEDURE electric.enable(table_name text)
   LANGUAGE plpgsql AS $$ BEGIN CALL electric.electrify(table_name); END $$`,

  // -- Schema changes of electrified tables (called by the migrations proxy) -------------
  `CREATE OR REPLACE FUNCTION electric.alter_shadow_table(s text, t text, action text, col text, col_type text) RETURNS void
   LANGUAGE plpgsql AS $$
   BEGIN
     IF action <> 'add' THEN
       RAISE EXCEPTION 'unsupported shadow table change %', quote_literal(action) USING ERRCODE = '0A000';
     END IF;
     -- Postgres cannot alter a table with trigger events still pending: when
     -- this transaction wrote rows before (a migration that seeds, then adds
     -- a column), their tags are resolved now rather than at commit.
     SET CONSTRAINTS electric.postgres_write__write_resolved_tags IMMEDIATE;
     EXECUTE format('ALTER TABLE electric.%I ADD COLUMN IF NOT EXISTS %I %s, ADD COLUMN IF NOT EXISTS %I electric.tag',
                    electric.__shadow_name(s, t), '__reordered_' || col, col_type, '_tag_' || col);
     EXECUTE format('ALTER TABLE electric.%I ADD COLUMN IF NOT EXISTS %I %s', electric.__tombstone_name(s, t), col, col_type);
     PERFORM electric.install_triggers(s, t);
     SET CONSTRAINTS electric.postgres_write__write_resolved_tags DEFERRED;
   END
   $$`,

  // The electrified tables among those a statement names (schema NULL:
  // resolved through the session's search_path, as the statement will be).
  `CREATE OR REPLACE FUNCTION electric.__electrified_among(schemas text[], names text[])
   RETURNS TABLE (schema_name text, table_name text)
   LANGUAGE sql STABLE AS $$
     SELECT e.schema_name, e.table_name
       FROM unnest(schemas, names) AS n(s, t)
       JOIN electric.electrified e
         ON e.oid = to_regclass(CASE WHEN n.s IS NULL THEN quote_ident(n.t) ELSE quote_ident(n.s) || '.' || quote_ident(n.t) END)
   $$`,

  // After the proxy ran "query" (ALTER TABLE … ADD COLUMN or CREATE INDEX)
  // on the electrified table s.t: checks the added columns' types, extends
  // the shadow and tombstone tables, and captures the statement.
  `CREATE OR REPLACE FUNCTION electric.__proxy_capture(query text, s text, t text, added text[]) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     col text;
     typ record;
   BEGIN
     FOREACH col IN ARRAY coalesce(added, '{}') LOOP
       SELECT format_type(a.atttypid, a.atttypmod) AS type, ty.typtype, ty.typcategory INTO typ
         FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
        WHERE a.attrelid = format('%I.%I', s, t)::regclass AND a.attname = col AND NOT a.attisdropped;
       IF typ.typtype = 'e' THEN
         RAISE EXCEPTION 'cannot add column "%" of enum type % to electrified table %.%: enum columns can only be created with the table', col, typ.type, quote_ident(s), quote_ident(t)
           USING ERRCODE = 'EX005';
       ELSIF typ.typcategory = 'A' OR NOT (typ.type = ANY (ARRAY[${supportedTypesSql}])) THEN
         RAISE EXCEPTION 'cannot add column "%" to electrified table %.%: type % is not supported', col, quote_ident(s), quote_ident(t), typ.type
           USING ERRCODE = 'EX005',
                 HINT = 'Supported types: ${SUPPORTED_COLUMN_TYPES.join(', ')} (varchar without a length).';
       END IF;
       PERFORM electric.alter_shadow_table(s, t, 'add', col, typ.type);
     END LOOP;
     PERFORM electric.capture_ddl(query);
   END
   $$`,

  // -- Boot ------------------------------------------------------------------------------
  // Regenerates every electrified table's triggers and makes sure the
  // publication holds everything change capture reads.
  `CREATE OR REPLACE FUNCTION electric.__refresh_all() RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     e record;
     tables regclass[] := ARRAY[${PUBLISHED_INTERNAL_TABLES.map((t) => `'${t}'::regclass`).join(', ')}];
   BEGIN
     FOR e IN SELECT schema_name, table_name FROM electric.electrified ORDER BY id LOOP
       IF to_regclass(format('%I.%I', e.schema_name, e.table_name)) IS NULL THEN
         RAISE WARNING 'electrified table %.% no longer exists', quote_ident(e.schema_name), quote_ident(e.table_name);
         CONTINUE;
       END IF;
       PERFORM electric.install_triggers(e.schema_name, e.table_name);
       tables := tables || format('%I.%I', e.schema_name, e.table_name)::regclass
                        || format('electric.%I', electric.__shadow_name(e.schema_name, e.table_name))::regclass;
     END LOOP;
     PERFORM electric.__publish(tables);
   END
   $$`,
];

export const FUNCTIONS: readonly string[] = [...SATELLITE_WRITE_FUNCTIONS, ...BASE_FUNCTIONS];
