-- The catalog's fast path, part two (issue 13): every question in a few milliseconds of PostgreSQL time, and a change
-- dropping from the servers' memory only the answers it can affect.
--
-- catalog_cards   the JSON card of each entry, built when what it shows changes. A page was 50 cards assembled from
--                 programs, organizations, directories and the modules' lessons (5–7 ms and 2 ms of planning); now it
--                 is 50 rows read by key.
-- catalog_sample  the entries of bucket 0 (a fixed fiftieth of the catalog), the rows broad questions count their
--                 facets on. In catalog_entries they lie one per 8 kB page (rows are 1.4 kB with the text's vector):
--                 reading 1,000 of them cost 7–10 ms; here they are 200 pages.
-- Notices now name the entries that changed (`e:<program>`; `t:<program>` when only its terms did: price,
-- accessibility, partners, subkind, group starts), so that a server drops an answer only when the program was among
-- those it counted or showed, or now matches its question (and, for terms, only when the question reads them).

CREATE TABLE catalog_cards (
    program_id uuid PRIMARY KEY REFERENCES catalog_entries (program_id) ON DELETE CASCADE,
    card json NOT NULL
);

CREATE TABLE catalog_sample (LIKE catalog_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE catalog_sample ADD PRIMARY KEY (program_id),
    ADD FOREIGN KEY (program_id) REFERENCES catalog_entries (program_id) ON DELETE CASCADE;
CREATE INDEX catalog_sample_search ON catalog_sample USING gin (search);

-- a bucket-0 entry is copied whole (a program's bucket never changes: it is a hash of its id); deletion cascades
CREATE FUNCTION catalog_sample_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM catalog_sample WHERE program_id = NEW.program_id;
    INSERT INTO catalog_sample SELECT NEW.*;
    RETURN NULL;
END $$;
CREATE TRIGGER catalog_entries_sample AFTER INSERT OR UPDATE ON catalog_entries
    FOR EACH ROW WHEN (NEW.bucket = 0) EXECUTE FUNCTION catalog_sample_keep();

-- What a card of the catalog's list (and of a person's favorites) shows.
CREATE FUNCTION catalog_card(program uuid) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', p.id, 'fullName', p.full_name, 'shortName', p.short_name,
      'organization', json_build_object('id', o.id, 'shortName', o.short_name, 'publicName', o.public_name),
      'kind', (SELECT json_build_object('id', d.id, 'code', d.code, 'name', d.name)
               FROM directory_items d WHERE d.id = p.kind_id),
      'studyForm', (SELECT json_build_object('id', d.id, 'code', d.code, 'name', d.name)
                    FROM directory_items d WHERE d.id = p.study_form_id),
      'municipality', (SELECT json_build_object('id', d.id, 'code', d.code, 'name', d.name)
                       FROM directory_items d WHERE d.id = o.municipality_id),
      'hours', (SELECT coalesce(sum(l.hours), 0) FROM program_modules pm
                JOIN module_topics t ON t.module_id = pm.module_id JOIN module_lessons l ON l.topic_id = t.id
                WHERE pm.program_id = p.id),
      'price', p.price, 'funding', p.funding, 'accessible', p.accessible,
      'competencies', coalesce((SELECT json_agg(d.name ORDER BY d.name) FROM program_competencies pc
                                JOIN directory_items d ON d.id = pc.competency_id WHERE pc.program_id = p.id), '[]'),
      'cover', CASE WHEN p.cover_file_id IS NULL THEN NULL ELSE '/api/v1/files/' || p.cover_file_id END,
      'publishedAt', to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    FROM programs p JOIN organizations o ON o.id = p.org_id WHERE p.id = program
$$;

-- The cards of the given entries, rewritten only when they differ; a rewrite notifies `p:<program>`.
CREATE FUNCTION catalog_cards_refresh(programs_ uuid[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO catalog_cards (program_id, card)
    SELECT e.program_id, catalog_card(e.program_id) FROM catalog_entries e WHERE e.program_id = ANY (programs_)
    ON CONFLICT (program_id) DO UPDATE SET card = EXCLUDED.card
    WHERE catalog_cards.card::text IS DISTINCT FROM EXCLUDED.card::text
$$;

-- Notices of the given programs with a scope prefix, 100 to a notice (a payload holds at most 8,000 bytes); above
-- `most` programs one notice `whole` instead (an organization approved with hundreds of programs).
CREATE FUNCTION catalog_notify(prefix text, programs_ uuid[], whole text, most int DEFAULT 500)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    chunk text;
BEGIN
    IF cardinality(programs_) > most THEN
        PERFORM pg_notify('catalog_changed', whole);
        RETURN;
    END IF;
    FOR chunk IN SELECT string_agg(prefix || id, ',') FROM (
                     SELECT id, (row_number() OVER () - 1) / 100 AS n FROM unnest(programs_) id) x GROUP BY n LOOP
        PERFORM pg_notify('catalog_changed', chunk);
    END LOOP;
END $$;

DROP TRIGGER catalog_entries_changed ON catalog_entries;
DROP TRIGGER catalog_entries_updated ON catalog_entries;
DROP FUNCTION notify_catalog_entries();

-- `e:` for entries that entered, left or changed how they are found or counted; `t:` when only their terms changed
-- (price, accessibility, partners, subkind, group starts: only questions filtering or sorting by them can change, and
-- cards, which notify `p:` themselves); the cards of changed entries are brought up to date
CREATE FUNCTION catalog_entries_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    found uuid[];
    terms uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        found := ARRAY(SELECT program_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        found := ARRAY(SELECT program_id FROM old_rows);
    ELSE
        SELECT coalesce(array_agg(n.program_id) FILTER (WHERE NOT only_terms), '{}'),
               coalesce(array_agg(n.program_id) FILTER (WHERE only_terms), '{}')
        INTO found, terms
        FROM (SELECT n.program_id,
                     (o.search, o.title_search, o.kind_id, o.study_form_id, o.municipality_id, o.funding,
                      o.published_at, o.name_key, o.competency_ids, o.profession_ids, o.industry_ids, o.org_id)
                     IS NOT DISTINCT FROM
                     (n.search, n.title_search, n.kind_id, n.study_form_id, n.municipality_id, n.funding,
                      n.published_at, n.name_key, n.competency_ids, n.profession_ids, n.industry_ids, n.org_id)
                     AS only_terms
              FROM new_rows n JOIN old_rows o ON o.program_id = n.program_id
              WHERE (o.*) IS DISTINCT FROM (n.*)) n;
        PERFORM catalog_notify('t:', terms, 'terms');
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM catalog_cards_refresh(found || terms);
    END IF;
    PERFORM catalog_notify('e:', found, 'entries');
    RETURN NULL;
END $$;
CREATE TRIGGER catalog_entries_inserted AFTER INSERT ON catalog_entries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_entries_changed();
CREATE TRIGGER catalog_entries_updated AFTER UPDATE ON catalog_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION catalog_entries_changed();
CREATE TRIGGER catalog_entries_deleted AFTER DELETE ON catalog_entries
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_entries_changed();

CREATE FUNCTION catalog_cards_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_notify('p:', ARRAY(SELECT program_id FROM new_rows), 'cards');
    RETURN NULL;
END $$;
CREATE TRIGGER catalog_cards_updated AFTER UPDATE ON catalog_cards
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_cards_changed();

-- What only a card shows is now kept in catalog_cards: the triggers that notified `p:` and `org:` rebuild cards.
CREATE OR REPLACE FUNCTION notify_catalog_card() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_cards_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION notify_catalog_module_plan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    module uuid;
BEGIN
    IF TG_TABLE_NAME = 'module_topics' THEN
        module := CASE WHEN TG_OP = 'DELETE' THEN OLD.module_id ELSE NEW.module_id END;
    ELSE
        SELECT t.module_id INTO module FROM module_topics t
        WHERE t.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.topic_id ELSE NEW.topic_id END;
    END IF;
    PERFORM catalog_cards_refresh(ARRAY(SELECT program_id FROM program_modules WHERE module_id = module));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION notify_catalog_organization_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_cards_refresh(ARRAY(SELECT program_id FROM catalog_entries WHERE org_id = NEW.id));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION catalog_program_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    program uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.program_id ELSE NEW.program_id END;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM programs WHERE id = program AND status = 'published') THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME <> 'program_modules' THEN
        PERFORM catalog_refresh(ARRAY[program]);
    END IF;
    IF TG_TABLE_NAME IN ('program_competencies', 'program_modules') THEN
        PERFORM catalog_cards_refresh(ARRAY[program]);
    END IF;
    RETURN NULL;
END $$;

-- a directory's name is on cards (kind, form, municipality, competencies) and in facets: cards are rebuilt and every
-- answer goes (`*`, sent by the trigger directory_items_catalog_names)
CREATE FUNCTION catalog_directory_cards() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_cards_refresh(ARRAY(
        SELECT program_id FROM catalog_entries
        WHERE kind_id = NEW.id OR study_form_id = NEW.id OR municipality_id = NEW.id
           OR competency_ids @> ARRAY[NEW.id]));
    RETURN NULL;
END $$;
CREATE TRIGGER directory_items_catalog_cards AFTER UPDATE ON directory_items
    FOR EACH ROW WHEN ((OLD.name, OLD.code) IS DISTINCT FROM (NEW.name, NEW.code))
    EXECUTE FUNCTION catalog_directory_cards();

-- The rank classes of names are read newest first along this index; with the name's vector in it they need not visit
-- the table (a row visit cost 4–7 µs: the class of grown words of «сваршик» read 1,267 rows in 8.6 ms, now 1.5 ms).
-- A name is at most 500 characters: its vector stays far below a B-tree entry's limit.
DROP INDEX catalog_entries_newest;
CREATE INDEX catalog_entries_newest ON catalog_entries (published_at DESC, program_id DESC) INCLUDE (title_search);
-- index-only reads need the visibility map kept current under a steady trickle of edits
ALTER TABLE catalog_entries SET (autovacuum_vacuum_scale_factor = 0.002, autovacuum_vacuum_threshold = 100,
                                 autovacuum_vacuum_insert_scale_factor = 0.002);

-- What a text means rests on the catalog's lexicon (compound words, corrections, which words are known): a word
-- entering or leaving it drops the remembered answers to texts (`text`). New words come rarely (a program's own new
-- words). Word counts only order the compounds and corrections a text takes; their hourly recount notifies nothing, so a
-- changed count reaches remembered answers with the next change they show, at the latest at midnight (the UTC day is
-- part of every answer's key).
CREATE FUNCTION search_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed_words WHERE scope = 'catalog') THEN
        PERFORM pg_notify('catalog_changed', 'text');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_words_inserted AFTER INSERT ON search_words
    REFERENCING NEW TABLE AS changed_words FOR EACH STATEMENT EXECUTE FUNCTION search_words_changed();
CREATE TRIGGER search_words_deleted AFTER DELETE ON search_words
    REFERENCING OLD TABLE AS changed_words FOR EACH STATEMENT EXECUTE FUNCTION search_words_changed();

-- the catalog's words recounted in place: only vanished words leave and only new ones enter (rewriting them all would
-- drop every answer to a text each hour)
CREATE OR REPLACE FUNCTION search_words_recount() RETURNS void LANGUAGE sql AS $$
    WITH counted AS (
        SELECT w AS word, count(DISTINCT p.id)::int AS documents
        FROM catalog_entries e JOIN programs p ON p.id = e.program_id,
             regexp_split_to_table(replace(lower(concat_ws(' ', p.full_name, p.short_name, p.qualification,
                                                           p.description)), 'ё', 'е'), '[^[:alnum:]]+') w
        WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
        GROUP BY w),
    gone AS (
        DELETE FROM search_words s WHERE s.scope = 'catalog' AND NOT EXISTS (SELECT 1 FROM counted c
                                                                             WHERE c.word = s.word)),
    recounted AS (
        UPDATE search_words s SET documents = c.documents FROM counted c
        WHERE s.scope = 'catalog' AND s.word = c.word AND s.documents <> c.documents)
    INSERT INTO search_words (scope, word, documents) SELECT 'catalog', word, documents FROM counted
    ON CONFLICT DO NOTHING;
    DELETE FROM search_words WHERE scope IN ('organizations', 'directories');
    INSERT INTO search_words (scope, word, documents)
    SELECT 'organizations', w, count(*) FROM organizations o,
           regexp_split_to_table(replace(lower(concat_ws(' ', o.full_name, o.short_name, o.public_name)), 'ё', 'е'),
                                 '[^[:alnum:]]+') w
    WHERE length(w) >= 3 AND w !~ '^[0-9]+$' GROUP BY w;
    INSERT INTO search_words (scope, word, documents)
    SELECT 'directories', w, count(*) FROM directory_items d,
           regexp_split_to_table(replace(lower(d.name), 'ё', 'е'), '[^[:alnum:]]+') w
    WHERE length(w) >= 3 AND w !~ '^[0-9]+$' GROUP BY w;
$$;

INSERT INTO catalog_sample SELECT * FROM catalog_entries WHERE bucket = 0;
SELECT catalog_cards_refresh(ARRAY(SELECT program_id FROM catalog_entries));
ANALYZE catalog_cards;
ANALYZE catalog_sample;
