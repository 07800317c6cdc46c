/**
 * How client writes merge into Postgres (spec §4.4, §5). A client change
 * arrives as two INSERTs, applied by a session marked as Electric's
 * (`electric.session_replication_role = replica`, or the logical-replication
 * apply worker, which really is a replica):
 *
 *   1. the full row into the table: a trigger parks its values in the
 *      shadow row's `__reordered_*` columns and drops the insert;
 *   2. a shadow row (primary key, `_tag`, `_observed_tags`,
 *      `_is_a_delete_operation`, `_modified_columns_bit_mask`): a trigger
 *      resolves it against the row's current tags and writes the result.
 *
 * Resolution: the row keeps the tags its writer did not observe, plus the
 * write's own tag unless it is a delete (add-wins: no tag left means
 * deleted); each column takes the parked value when the write modified it
 * and its tag is newer than the column's (per-column last-writer-wins; a
 * Postgres tag, with its NULL source, beats a client tag of the same
 * millisecond). The resolved row and shadow row are written back, so that
 * change capture sends clients the outcome, with the writer's tag as the
 * transaction's origin and commit time.
 *
 * Both steps run only for Electric's writes and only at the top level
 * (`pg_trigger_depth() < 1`), so the writes the triggers make themselves
 * pass through.
 */

export const SATELLITE_WRITE_FUNCTIONS: readonly string[] = [
  `CREATE OR REPLACE FUNCTION electric.__install_satellite_write(s text, t text) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     rel regclass := format('%I.%I', s, t)::regclass;
     -- Generated bodies name the table with its schema: the apply worker
     -- runs them with an empty search_path.
     rel_q text := format('%I.%I', s, t);
     shadow text := format('electric.%I', electric.__shadow_name(s, t));
     tomb text := format('electric.%I', electric.__tombstone_name(s, t));
     park_fn text := electric.__generated_name('satellite_write__save_operation_for_reordering', s, t);
     resolve_fn text := electric.__generated_name('satellite_write__resolve_observed_tags', s, t);
     apply_fn text := electric.__generated_name('satellite_write__apply', s, t);
     merge_fn text := electric.__generated_name('satellite_write__merge', s, t);
     pk_list text;          -- "id", "k"
     pk_match_new text;     -- "id" = NEW."id" AND ...
     pk_new text;           -- NEW."id", ...
     pk_match_row text;     -- "id" = p_row."id" AND ...
     pk_row text;           -- p_row."id", ...
     row_from_parked text := '';  -- r."a" := cur."__reordered_a"; ...
     row_from_vals text;          -- r."id" := vals[1]::text; ...
     all_cols text;
     all_from_v text;       -- v."id", v."a", ...
     parked_cols text := '';   -- , "__reordered_a"
     parked_new text := '';    -- , NEW."a"
     parked_set text := '';    -- , "__reordered_a" = excluded."__reordered_a"
     parked_clear text := '';  -- , "__reordered_a" = NULL
     tag_cols text := '';      -- , "_tag_a"
     tag_vals text := '';      -- , res."_tag_a"
     tag_set text := '';       -- , "_tag_a" = res."_tag_a"
     resolve_cols text := '';  -- per-column resolution blocks
     upsert_set text;
     pk_into_v text := '';
     col record;
     i int := 0;
   BEGIN
     SELECT string_agg(format('%I', name), ', '),
            string_agg(format('%I = NEW.%s', name, electric.__quote_always(name)), ' AND '),
            string_agg(format('NEW.%s', electric.__quote_always(name)), ', '),
            string_agg(format('%I = p_row.%s', name, electric.__quote_always(name)), ' AND '),
            string_agg(format('p_row.%s', electric.__quote_always(name)), ', '),
            string_agg(format('r.%1$s := NEW.%1$s;', electric.__quote_always(name)), ' ')
       INTO pk_list, pk_match_new, pk_new, pk_match_row, pk_row, row_from_parked
       FROM electric.__columns(rel) WHERE is_pk;
     SELECT string_agg(format('%I', c.name), ', ' ORDER BY c.attnum),
            string_agg(format('v.%s', electric.__quote_always(c.name)), ', ' ORDER BY c.attnum),
            string_agg(format('%1$I = excluded.%1$I', c.name), ', ' ORDER BY c.attnum) FILTER (WHERE NOT c.is_pk),
            string_agg(format('v.%1$s := p_row.%1$s;', electric.__quote_always(c.name)), ' ' ORDER BY c.attnum) FILTER (WHERE c.is_pk),
            string_agg(format('r.%s := vals[%s]::%s;', electric.__quote_always(c.name), c.n, c.base_type), ' ' ORDER BY c.attnum)
       INTO all_cols, all_from_v, upsert_set, pk_into_v, row_from_vals
       FROM (SELECT cc.*, row_number() OVER (ORDER BY cc.attnum) AS n,
                    -- Cast to the type without its modifier: an explicit cast to
                    -- varchar(n) would truncate, the assignment then checks.
                    CASE WHEN ty.typtype = 'e' THEN format('%I.%I', tn.nspname, ty.typname)
                         ELSE format_type(a.atttypid, NULL) END AS base_type
               FROM electric.__columns(rel) cc
               JOIN pg_attribute a ON a.attrelid = rel AND a.attnum = cc.attnum
               JOIN pg_type ty ON ty.oid = a.atttypid
               JOIN pg_namespace tn ON tn.oid = ty.typnamespace) c;

     FOR col IN SELECT * FROM electric.__columns(rel) WHERE NOT is_pk LOOP
       i := i + 1;
       parked_cols := parked_cols || format(', %I', '__reordered_' || col.name);
       parked_new := parked_new || format(', NEW.%s', electric.__quote_always(col.name));
       parked_set := parked_set || format(', %1$I = excluded.%1$I', '__reordered_' || col.name);
       parked_clear := parked_clear || format(', %I = NULL', '__reordered_' || col.name);
       row_from_parked := row_from_parked || format(' r.%s := cur.%s;', electric.__quote_always(col.name), electric.__quote_always('__reordered_' || col.name));
       tag_cols := tag_cols || format(', %I', '_tag_' || col.name);
       tag_vals := tag_vals || format(', res.%s', electric.__quote_always('_tag_' || col.name));
       tag_set := tag_set || format(', %1$I = res.%2$s', '_tag_' || col.name, electric.__quote_always('_tag_' || col.name));
       -- The column takes the parked value when this write modified it and
       -- its tag is newer than the column's; else it keeps what it has
       -- (from the live row, else from the tombstone of a deleted one).
       resolve_cols := resolve_cols || format($b$
         old_tag := CASE WHEN history THEN cur.%1$s WHEN have_main THEN epoch_tag END;
         IF p_has_row AND NOT p_is_delete AND COALESCE(p_mask[%4$s], false)
            AND ((old_tag)."timestamp" IS NULL OR p_tag > old_tag) THEN
           v.%2$s := p_row.%2$s;
           res.%1$s := p_tag;
         ELSE
           v.%2$s := CASE WHEN have_main THEN m.%2$s WHEN have_tomb THEN gone.%2$s ELSE p_row.%2$s END;
           res.%1$s := COALESCE(old_tag, p_tag);
         END IF;$b$,
         electric.__quote_always('_tag_' || col.name), electric.__quote_always(col.name),
         electric.__quote_always('__reordered_' || col.name), i);
     END LOOP;

     -- 1. The table's row is parked in the shadow row, not written. The
     -- row, when there is one, is locked first: a Postgres UPDATE or DELETE
     -- locks the row before its trigger locks the shadow row, and the other
     -- order here made the apply worker and such a write deadlock.
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
       BEGIN
         PERFORM 1 FROM %8$s WHERE %9$s FOR UPDATE;
         INSERT INTO %2$s (%3$s%4$s, _currently_reordering) VALUES (%5$s%6$s, true)
         ON CONFLICT (%3$s) DO UPDATE SET _currently_reordering = true%7$s;
         RETURN NULL;
       END
       $body$ $f$, park_fn, shadow, pk_list, parked_cols, pk_new, parked_new, parked_set, rel_q, pk_match_new);

     -- The merge of one client change, shared by both ways in: the trigger
     -- pair below (logical-replication apply, or any session marked as
     -- Electric's) and the direct writer, which calls it with the values.
     -- p_row holds the key and, when p_has_row, the written values.
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I(p_row %3$s, p_has_row boolean, p_tag electric.tag, p_observed electric.tag[],
                                                p_is_delete boolean, p_mask boolean[]) RETURNS void
       LANGUAGE plpgsql AS $body$
       DECLARE
         cur %2$s%%ROWTYPE;
         res %2$s%%ROWTYPE;
         m %3$s%%ROWTYPE;
         gone %4$s%%ROWTYPE;
         v %3$s%%ROWTYPE;
         fresh boolean;
         have_main boolean;
         have_tomb boolean;
         history boolean;
         epoch_tag electric.tag := ROW('epoch'::timestamptz, NULL)::electric.tag;
         old_tag electric.tag;
         tags electric.tag[];
       BEGIN
         LOOP
           -- The row before its shadow row: the order a Postgres UPDATE or
           -- DELETE takes them in (the row is locked before its BEFORE
           -- trigger locks the shadow row), so the two never deadlock. (For
           -- a row not there yet both take the shadow row first.)
           SELECT * INTO m FROM %3$s WHERE %5$s FOR UPDATE;
           have_main := FOUND;
           SELECT * INTO cur FROM %2$s WHERE %5$s FOR UPDATE;
           fresh := NOT FOUND;
           have_tomb := false;
           IF NOT have_main THEN
             SELECT * INTO gone FROM %4$s WHERE %5$s;
             have_tomb := FOUND;
           END IF;
           -- A row without a resolved shadow row but present in the table
           -- predates electrification: its tag is postgres_1@0.
           -- (A tag with a NULL source is not "IS NOT NULL": test its timestamp.)
           history := NOT fresh AND (cur._tag)."timestamp" IS NOT NULL;
           tags := ARRAY(SELECT x FROM unnest(CASE WHEN history THEN cur._tags
                                                   WHEN have_main THEN ARRAY[epoch_tag]
                                                   ELSE '{}'::electric.tag[] END) AS x
                         EXCEPT SELECT y FROM unnest(COALESCE(p_observed, '{}'::electric.tag[])) AS y);
           IF NOT p_is_delete AND NOT (p_tag = ANY (tags)) THEN
             tags := tags || p_tag;
           END IF;
           %6$s
           %7$s
           IF fresh THEN
             INSERT INTO %2$s (%10$s, _tags, _tag, _last_modified, _is_a_delete_operation, _resolved%14$s)
             VALUES (%15$s, tags, p_tag, electric.__current_txid(), cardinality(tags) = 0, true%16$s)
             ON CONFLICT DO NOTHING;
             -- A concurrent write created the shadow row meanwhile (the
             -- insert waited for it): merge again, with what it wrote.
             CONTINUE WHEN NOT FOUND;
           ELSE
             UPDATE %2$s SET _tags = tags, _tag = p_tag, _last_modified = electric.__current_txid(),
                    _is_a_delete_operation = cardinality(tags) = 0, _observed_tags = NULL,
                    _modified_columns_bit_mask = NULL, _resolved = true, _currently_reordering = NULL%12$s%13$s
              WHERE %5$s;
           END IF;
           IF cardinality(tags) = 0 THEN
             IF have_main THEN
               DELETE FROM %3$s WHERE %5$s;
             END IF;
           ELSE
             INSERT INTO %3$s (%8$s) VALUES (%9$s)
             ON CONFLICT (%10$s) DO %11$s;
           END IF;
           EXIT;
         END LOOP;
       END
       $body$ $f$,
       merge_fn, shadow, rel_q, tomb, pk_match_row,
       pk_into_v, resolve_cols, all_cols, all_from_v, pk_list,
       CASE WHEN upsert_set IS NULL THEN 'NOTHING' ELSE 'UPDATE SET ' || upsert_set END,
       parked_clear, tag_set, tag_cols, pk_row, tag_vals);

     -- 2. The shadow row resolves the write, with the values parked by step 1.
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
       DECLARE
         cur %2$s%%ROWTYPE;
         r %3$s%%ROWTYPE;
       BEGIN
         SELECT * INTO cur FROM %2$s WHERE %4$s;
         %5$s
         PERFORM electric.%6$I(r, FOUND AND cur._currently_reordering IS TRUE, NEW._tag, NEW._observed_tags,
                               NEW._is_a_delete_operation, NEW._modified_columns_bit_mask);
         RETURN NULL;
       END
       $body$ $f$, resolve_fn, shadow, rel_q, pk_match_new, row_from_parked, merge_fn);

     -- The direct writer's entry point for one change: the merge, with the
     -- values from their text forms. (The trigger pair stands aside for the
     -- rest of the transaction: electric.direct_merge.)
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I(vals text[], tag electric.tag, observed electric.tag[], is_delete boolean,
                                                mask boolean[], with_row boolean) RETURNS void
       LANGUAGE plpgsql AS $body$
       DECLARE
         r %2$s%%ROWTYPE;
       BEGIN
         PERFORM set_config('electric.direct_merge', 'on', true);
         %3$s
         PERFORM electric.%4$I(r, with_row, tag, observed, is_delete, mask);
       END
       $body$ $f$, apply_fn, rel_q, row_from_vals, merge_fn);

     -- A whole one-change transaction in one static call (the common case):
     -- the client's position and the change, without the JSON dispatch.
     EXECUTE format($f$
       CREATE OR REPLACE FUNCTION electric.%1$I(p_client_id text, p_lsn bytea, p_commit_ms int8, vals text[],
                                                observed_ms int8[], observed_source text[], is_delete boolean,
                                                mask boolean[], with_row boolean) RETURNS void
       LANGUAGE plpgsql AS $body$
       BEGIN
         INSERT INTO electric.acknowledged_client_lsns AS a (client_id, lsn) VALUES (p_client_id, p_lsn)
         ON CONFLICT ON CONSTRAINT acknowledged_client_lsns_pkey DO UPDATE SET lsn = excluded.lsn;
         PERFORM electric.%2$I(vals,
           ROW('epoch'::timestamptz + p_commit_ms * interval '1 millisecond', p_client_id)::electric.tag,
           ARRAY(SELECT ROW('epoch'::timestamptz + o.ms * interval '1 millisecond', o.source)::electric.tag
                   FROM unnest(observed_ms, observed_source) AS o(ms, source)),
           is_delete, mask, with_row);
       END
       $body$ $f$, electric.__generated_name('satellite_write__apply_one', s, t), apply_fn);

     FOR col IN
       SELECT tg.tgname, tg.tgrelid::regclass AS on_rel FROM pg_trigger tg
        WHERE tg.tgrelid IN (rel, shadow::regclass) AND NOT tg.tgisinternal
          AND tg.tgname IN ('satellite_write__save_operation_for_reordering', 'satellite_write__resolve_observed_tags')
     LOOP
       EXECUTE format('DROP TRIGGER %I ON %s', col.tgname, col.on_rel);
     END LOOP;
     EXECUTE format($f$CREATE TRIGGER satellite_write__save_operation_for_reordering BEFORE INSERT OR UPDATE ON %s
       FOR EACH ROW WHEN (pg_trigger_depth() < 1 AND electric.__session_replication_role() = 'replica'
                          AND current_setting('electric.direct_merge', true) IS DISTINCT FROM 'on')
       EXECUTE FUNCTION electric.%I()$f$, rel, park_fn);
     EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER satellite_write__save_operation_for_reordering', rel);
     EXECUTE format($f$CREATE TRIGGER satellite_write__resolve_observed_tags BEFORE INSERT ON %s
       FOR EACH ROW WHEN (pg_trigger_depth() < 1 AND electric.__session_replication_role() = 'replica'
                          AND current_setting('electric.direct_merge', true) IS DISTINCT FROM 'on')
       EXECUTE FUNCTION electric.%I()$f$, shadow, resolve_fn);
     EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER satellite_write__resolve_observed_tags', shadow);
   END
   $$`,

  // The logical-replication apply worker INSERTs each transaction's client
  // position (spec §4.4); this replica trigger makes that an upsert. (The
  // direct writer upserts itself and, not being a real replica, skips it.)
  `CREATE OR REPLACE FUNCTION electric.__upsert_acknowledged_client_lsn() RETURNS trigger
   LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE electric.acknowledged_client_lsns SET lsn = NEW.lsn WHERE client_id = NEW.client_id;
     IF FOUND THEN
       RETURN NULL;
     END IF;
     RETURN NEW;
   END
   $$`,
  `DO $$
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'electric.acknowledged_client_lsns'::regclass
                                              AND tgname = 'upsert_acknowledged_client_lsn') THEN
       CREATE TRIGGER upsert_acknowledged_client_lsn BEFORE INSERT ON electric.acknowledged_client_lsns
         FOR EACH ROW EXECUTE FUNCTION electric.__upsert_acknowledged_client_lsn();
       ALTER TABLE electric.acknowledged_client_lsns ENABLE REPLICA TRIGGER upsert_acknowledged_client_lsn;
     END IF;
   END
   $$`,

  // One client transaction, applied by the direct writer as one Postgres
  // transaction (a single statement): the client's position, then each
  // change. Changes are JSON objects
  //   {s, t, v: [text|null...], tag: ms, o: [[ms, source|null]...], d: bool, m: [bool...], r: bool}
  // with values in the table's column order.
  `CREATE OR REPLACE FUNCTION electric.apply_client_transaction(p_client_id text, p_lsn bytea, p_commit_ms int8, p_changes jsonb)
   RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     ch jsonb;
     -- Tags from Unix ms and a source (NULL for Postgres), built inline: cheaper than a function call.
     write_tag electric.tag := ROW('epoch'::timestamptz + p_commit_ms * interval '1 millisecond', p_client_id)::electric.tag;
   BEGIN
     INSERT INTO electric.acknowledged_client_lsns AS a (client_id, lsn) VALUES (p_client_id, p_lsn)
     ON CONFLICT ON CONSTRAINT acknowledged_client_lsns_pkey DO UPDATE SET lsn = excluded.lsn;
     FOR ch IN SELECT value FROM jsonb_array_elements(p_changes) LOOP
       EXECUTE format('SELECT electric.%I($1, $2, $3, $4, $5, $6)', electric.__generated_name('satellite_write__apply', ch->>'s', ch->>'t'))
       USING ARRAY(SELECT x FROM jsonb_array_elements_text(ch->'v') WITH ORDINALITY AS e(x, n) ORDER BY n),
             write_tag,
             ARRAY(SELECT ROW('epoch'::timestamptz + (o->>0)::int8 * interval '1 millisecond', o->>1)::electric.tag
                     FROM jsonb_array_elements(ch->'o') AS o),
             (ch->>'d')::boolean,
             ARRAY(SELECT x::boolean FROM jsonb_array_elements_text(ch->'m') WITH ORDINALITY AS e(x, n) ORDER BY n),
             (ch->>'r')::boolean;
     END LOOP;
   END
   $$`,

  // Several queued client transactions in one round trip, each still its own
  // Postgres transaction (a COMMIT after each), in order. p_txs is an array
  // of {c: client id, l: lsn as hex, t: commit ms, ch: changes as above}.
  // A transaction Postgres refuses is reported ('refused:<sqlstate>:<message>')
  // and that client's later ones in the batch are skipped ('skipped'), as the
  // writer does one at a time. Problems of the moment (deadlock, serialization,
  // connection, resources, shutdown) are not the client's: they abort the
  // call, and the writer retries each transaction that is not yet written.
  `CREATE OR REPLACE PROCEDURE electric.apply_client_batch(p_txs jsonb, INOUT p_results text[] DEFAULT NULL)
   LANGUAGE plpgsql AS $$
   DECLARE
     tx jsonb;
     refused text[] := '{}';
     outcome text;
   BEGIN
     p_results := '{}';
     FOR i IN 0 .. jsonb_array_length(p_txs) - 1 LOOP
       tx := p_txs -> i;
       IF (tx ->> 'c') = ANY (refused) THEN
         p_results := p_results || 'skipped'::text;
         CONTINUE;
       END IF;
       BEGIN
         PERFORM electric.apply_client_transaction(tx ->> 'c', decode(tx ->> 'l', 'hex'), (tx ->> 't')::int8, tx -> 'ch');
         outcome := 'ok';
       EXCEPTION WHEN OTHERS THEN
         IF SQLSTATE IN ('40001', '40P01') OR left(SQLSTATE, 2) IN ('08', '53', '57') THEN
           RAISE;
         END IF;
         refused := refused || (tx ->> 'c');
         outcome := 'refused:' || SQLSTATE || ':' || SQLERRM;
       END;
       p_results := p_results || outcome;
       COMMIT;
     END LOOP;
   END
   $$`,
];
