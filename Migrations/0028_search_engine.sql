-- The search engine every search shares (issue 13): a lexicon of the words of searchable texts per scope, a synonyms
-- directory an administrator edits, and one function that turns what a person typed into a full-text query —
-- word forms (Russian stems), ё as е, parts of compound words («сварщик» finds «электрогазосварщик»), typos
-- («сваршик»), keyboard layout mistakes («cdfhobr»), abbreviations and synonyms («ПК», «ОВЗ»).

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- A word as the Russian dictionary of the search indexes stems it; null for a stop word («для», «и»). (to_tsvector,
-- unlike plainto_tsquery, says nothing to the client about stop words.)
CREATE FUNCTION search_stem(word text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT (tsvector_to_array(to_tsvector('russian', word)))[1]
$$;

-- every word (lower case, ё as е, three letters or more) of a scope's texts, with its stem and how many documents
-- hold it
CREATE TABLE search_words (
    scope text NOT NULL,
    word text NOT NULL,
    stem text GENERATED ALWAYS AS (coalesce(search_stem(word), word)) STORED,
    documents integer NOT NULL DEFAULT 1,
    PRIMARY KEY (scope, word)
);
-- "is this word known" by its stem; compound words by the end of their stems (read backwards, a prefix); suggestions
-- by prefix; typos among words of the same first letter and about the same length (similarity() over every word cost
-- 40–60 ms for a long word, LIKE '%stem%' 9 ms)
CREATE INDEX search_words_stems ON search_words (scope, stem);
CREATE INDEX search_words_heads ON search_words (scope, reverse(stem) text_pattern_ops);
CREATE INDEX search_words_prefix ON search_words (scope, word text_pattern_ops);
CREATE INDEX search_words_shape ON search_words (scope, left(word, 1), length(word));

CREATE TABLE search_synonyms (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- what people type, folded (lower case, ё as е), one word
    term text NOT NULL UNIQUE CHECK (term = replace(lower(term), 'ё', 'е') AND term ~ '^[[:alnum:]]+$'),
    -- a term matches in any form («сварке» for «сварка»)
    stem text GENERATED ALWAYS AS (coalesce(search_stem(term), term)) STORED,
    -- what it also means: words or phrases (a phrase matches when all its words do)
    expansions text[] NOT NULL CHECK (cardinality(expansions) BETWEEN 1 AND 20),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO search_synonyms (term, expansions) VALUES
    ('пк', ARRAY['повышение квалификации']),
    ('пп', ARRAY['профессиональная переподготовка']),
    ('дпо', ARRAY['дополнительное профессиональное образование', 'повышение квалификации',
                  'профессиональная переподготовка']),
    ('овз', ARRAY['ограниченными возможностями здоровья', 'инвалидностью', 'инклюзивное']),
    ('инвалид', ARRAY['ограниченными возможностями здоровья', 'инвалидностью']),
    ('чпу', ARRAY['числовым программным управлением', 'программным управлением']),
    ('ит', ARRAY['информационные технологии', 'программирование', 'программист']),
    ('it', ARRAY['информационные технологии', 'программирование', 'программист']),
    ('айти', ARRAY['информационные технологии', 'программирование', 'программист']),
    ('сварка', ARRAY['сварщик', 'сварочный']),
    ('сварщик', ARRAY['сварка', 'сварочный']),
    ('бухучет', ARRAY['бухгалтерский учет']),
    ('1с', ARRAY['1с предприятие', '1с бухгалтерия']),
    ('охрана', ARRAY['охрана труда']),
    ('пожарный', ARRAY['пожарно технический минимум', 'пожарная безопасность']),
    ('электрик', ARRAY['электромонтер', 'электромонтажник', 'электрослесарь']),
    ('водитель', ARRAY['водитель автомобиля', 'вождение']),
    ('сантехник', ARRAY['слесарь сантехник', 'санитарно технических']),
    ('повар', ARRAY['кулинария', 'кулинарное']),
    ('маникюр', ARRAY['маникюрша', 'ногтевой сервис']),
    ('комп', ARRAY['компьютер', 'компьютерная грамотность']),
    ('егэ', ARRAY['подготовка к экзамену']),
    ('soft', ARRAY['программное обеспечение']),
    ('чемпионат', ARRAY['профессионалы', 'абилимпикс']),
    ('питон', ARRAY['python']),
    ('пайтон', ARRAY['python']),
    ('эксель', ARRAY['excel']),
    ('автокад', ARRAY['autocad']),
    ('компас', ARRAY['компас 3d']);

-- The words of `body` into the scope's lexicon (new words only; the hourly recount keeps the document counts).
CREATE FUNCTION search_words_add(the_scope text, body text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO search_words (scope, word)
    SELECT DISTINCT the_scope, w FROM regexp_split_to_table(replace(lower(body), 'ё', 'е'), '[^[:alnum:]]+') w
    WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
    ON CONFLICT DO NOTHING
$$;

-- A word typed in the Latin layout by mistake, as the same keys give in the Russian one («cdfhobr» → «сварщик»).
CREATE FUNCTION search_layout_swapped(word text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT translate(word, 'qwertyuiop[]asdfghjkl;''zxcvbnm,.`', 'йцукенгшщзхъфывапролджэячсмитьбюе')
$$;

-- Is a word, in any form, in the scope's lexicon? (PL/pgSQL keeps its plan; an SQL function with a FROM clause was
-- planned anew on every call, 1 ms each.)
CREATE FUNCTION search_known(the_scope text, typed text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
    w text := regexp_replace(typed, '[^[:alnum:]]+', '', 'g');
BEGIN
    RETURN w <> '' AND EXISTS (SELECT 1 FROM search_words WHERE scope = the_scope
                               AND stem = coalesce(search_stem(w), w));
END $$;

-- What a person typed, as a full-text query over the scope: every word must match (AND); a word matches its own forms,
-- its synonyms, the compound words of the lexicon that end with its stem («электрогазосварщик» for «сварщик») and,
-- when the lexicon does not know the word, the keyboard-layout swap or the nearest known words by edits (a typo) with
-- their own compound words. Stop words are skipped, and so are words nothing in the lexicon resembles as long as
-- another word is known («Python на питоне»); a question of unknown words only keeps them and finds nothing. Null
-- when nothing is left (only stop words). `exact` = true gives the typed words' own forms only, for ranking them first.
CREATE FUNCTION search_query(the_scope text, typed text, exact boolean DEFAULT false) RETURNS tsquery
LANGUAGE plpgsql STABLE AS $$
DECLARE
    result tsquery;
    unknown tsquery;
    variants tsquery;
    w text;
    typed_stem text;
    swapped text;
    v text;
    grown integer;
    known boolean;
    distance integer;
    best integer;
BEGIN
    FOR w IN SELECT x FROM regexp_split_to_table(replace(lower(typed), 'ё', 'е'), '[^[:alnum:];'',.`\[\]]+') x
             WHERE x <> '' LOOP
        -- a word typed in the wrong layout: only Latin keys, unknown as it is, known once swapped
        IF w ~ '^[a-z;'',.`\[\]]+$' AND NOT search_known(the_scope, w) THEN
            swapped := search_layout_swapped(w);
            IF search_known(the_scope, swapped) THEN w := swapped; END IF;
        END IF;
        w := regexp_replace(w, '[^[:alnum:]]+', '', 'g');
        typed_stem := search_stem(w);
        CONTINUE WHEN typed_stem IS NULL AND NOT EXISTS (SELECT 1 FROM search_synonyms WHERE term = w);
        best := NULL;
        variants := CASE WHEN typed_stem IS NULL THEN NULL ELSE plainto_tsquery('russian', w) END;
        known := search_known(the_scope, w);
        grown := 0;
        -- a synonym's term in any form («сварке» for «сварка»)
        FOR v IN SELECT unnest(expansions) FROM search_synonyms WHERE term = w OR stem = typed_stem LOOP
            IF NOT exact THEN
                variants := CASE WHEN variants IS NULL THEN plainto_tsquery('russian', v)
                                 ELSE variants || plainto_tsquery('russian', v) END;
            END IF;
            grown := grown + 1;
        END LOOP;
        IF NOT exact AND length(coalesce(typed_stem, '')) >= 5 THEN
            -- compound words whose stem ends with the typed one (Russian compounds put the head last): a range of
            -- reversed stems, which the index serves whatever the word
            FOR v IN SELECT stem FROM search_words WHERE scope = the_scope
                       AND reverse(stem) ~>=~ reverse(typed_stem)
                       AND reverse(stem) ~<~ (reverse(typed_stem) || chr(1114111)) AND stem <> typed_stem
                     GROUP BY stem ORDER BY sum(documents) DESC, stem LIMIT 12 LOOP
                variants := variants || format('%L', v)::tsquery;
                grown := grown + 1;
            END LOOP;
        END IF;
        IF grown = 0 AND length(w) >= 4 AND NOT known AND variants IS NOT NULL THEN
            -- a typo: the nearest known words, as if typed right (their compound words too)
            -- one edit (a missed, extra, wrong letter) in words of up to six letters, two in longer ones; the first
            -- letter is taken as typed
            FOR v, distance IN SELECT word, levenshtein_less_equal(word, w, edits) FROM search_words,
                                 (SELECT CASE WHEN length(w) <= 6 THEN 1 ELSE 2 END AS edits) e
                               WHERE scope = the_scope AND left(word, 1) = left(w, 1)
                                 AND length(word) BETWEEN length(w) - e.edits AND length(w) + e.edits
                                 AND levenshtein_less_equal(word, w, e.edits) <= e.edits
                               ORDER BY 2, documents DESC, word LIMIT 3 LOOP
                -- only the nearest: «програмирование» is «программирование», not also a word two edits away
                best := coalesce(best, distance);
                CONTINUE WHEN distance > best;
                IF NOT exact THEN
                    variants := variants || coalesce(search_query(the_scope, v), plainto_tsquery('russian', v));
                END IF;
                grown := grown + 1;
            END LOOP;
        END IF;
        CONTINUE WHEN variants IS NULL;
        IF NOT known AND grown = 0 THEN
            unknown := coalesce(unknown, variants);
            CONTINUE;
        END IF;
        result := CASE WHEN result IS NULL THEN variants ELSE result && variants END;
    END LOOP;
    RETURN coalesce(result, unknown);
END $$;

-- the other searches read names through the same engine (ListQuery.search): organizations, directory items
CREATE INDEX organizations_words ON organizations USING gin (
    to_tsvector('russian',
                replace(lower(full_name || ' ' || short_name || ' ' || coalesce(public_name, '')), 'ё', 'е')));
CREATE INDEX directory_items_words ON directory_items USING gin (
    to_tsvector('russian', replace(lower(name), 'ё', 'е')));

-- The catalog's search table: one narrow row per published program of an approved organization, with every value a
-- filter, an order or a facet reads, and the search vectors. Triggers keep it; the catalog reads nothing else to
-- decide which programs match (cards of the page's 20 programs are built from the programs themselves).
CREATE TABLE catalog_entries (
    program_id uuid PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    org_id uuid NOT NULL,
    -- the author and the partner organizations (a program found by "organization" is either)
    organization_ids uuid[] NOT NULL,
    kind_id uuid,
    subkind_id uuid,
    study_form_id uuid,
    municipality_id uuid,
    funding text NOT NULL,
    price numeric NOT NULL,
    accessible boolean NOT NULL,
    published_at timestamptz NOT NULL,
    name_key text NOT NULL,
    competency_ids uuid[] NOT NULL,
    profession_ids uuid[] NOT NULL,
    industry_ids uuid[] NOT NULL,
    -- starts of the groups still taking learners, and the nearest one from today (the hourly housekeeping moves it on)
    group_starts date[] NOT NULL,
    next_start date NOT NULL,  -- 'infinity' when no group takes learners (the start order puts them last)
    -- the name alone (title matches rank first) and everything searchable: name, qualification, direction,
    -- professions with their codes, competencies, description; lexemes only (strip: no positions or weights, a fifth
    -- smaller — relevance is ranked by classes, not ts_rank)
    title_search tsvector NOT NULL,
    search tsvector NOT NULL,
    -- a fixed fiftieth of the catalog (0–49 by the program id): facets of a broad question are counted on bucket 0
    bucket smallint NOT NULL
);
CREATE INDEX catalog_entries_title ON catalog_entries USING gin (title_search);
CREATE INDEX catalog_entries_search ON catalog_entries USING gin (search);
CREATE INDEX catalog_entries_newest ON catalog_entries (published_at DESC, program_id DESC);
CREATE INDEX catalog_entries_price ON catalog_entries (price, program_id);
CREATE INDEX catalog_entries_name ON catalog_entries (name_key, program_id);
CREATE INDEX catalog_entries_start ON catalog_entries (next_start, program_id);
CREATE INDEX catalog_entries_kind ON catalog_entries (kind_id);
CREATE INDEX catalog_entries_subkind ON catalog_entries (subkind_id);
CREATE INDEX catalog_entries_form ON catalog_entries (study_form_id);
CREATE INDEX catalog_entries_municipality ON catalog_entries (municipality_id);
CREATE INDEX catalog_entries_funding ON catalog_entries (funding);
CREATE INDEX catalog_entries_sample ON catalog_entries (bucket);
CREATE INDEX catalog_entries_links ON catalog_entries USING gin (competency_ids, profession_ids, industry_ids,
                                                                 organization_ids);

-- The lexicon's document counts, recounted (hourly, and after bulk loads): rare words stop looking common.
CREATE FUNCTION search_words_recount() RETURNS void LANGUAGE sql AS $$
    DELETE FROM search_words WHERE scope = 'catalog';
    INSERT INTO search_words (scope, word, documents)
    SELECT 'catalog', w, count(DISTINCT p.id)
    FROM catalog_entries e JOIN programs p ON p.id = e.program_id,
         regexp_split_to_table(replace(lower(concat_ws(' ', p.full_name, p.short_name, p.qualification,
                                                       p.description)), 'ё', 'е'), '[^[:alnum:]]+') w
    WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
    GROUP BY w;
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

-- The nearest start of every entry whose nearest start has passed (groups that started yesterday).
CREATE FUNCTION catalog_next_starts() RETURNS void LANGUAGE sql AS $$
    UPDATE catalog_entries
    SET next_start = coalesce((SELECT min(s) FROM unnest(group_starts) s WHERE s >= current_date), 'infinity')
    WHERE next_start < current_date
$$;

CREATE FUNCTION catalog_program_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RETURN NULL;  -- the entry goes with the program (ON DELETE CASCADE)
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'published' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status <> 'published' AND NEW.status <> 'published' THEN
        RETURN NULL;  -- drafts are edited all day and never appear in the catalog
    END IF;
    PERFORM catalog_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END $$;
CREATE TRIGGER programs_catalog_entry AFTER INSERT OR UPDATE ON programs
    FOR EACH ROW EXECUTE FUNCTION catalog_program_changed();

-- A link of a published program: competencies, professions and partners decide how it is found (its entry is
-- rebuilt, which notifies `entries` when it changed); competencies and modules (hours) show on its card.
CREATE FUNCTION catalog_program_link_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
        PERFORM pg_notify('catalog_changed', 'p:' || program);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER program_competencies_catalog AFTER INSERT OR UPDATE OR DELETE ON program_competencies
    FOR EACH ROW EXECUTE FUNCTION catalog_program_link_changed();
CREATE TRIGGER program_professions_catalog AFTER INSERT OR UPDATE OR DELETE ON program_professions
    FOR EACH ROW EXECUTE FUNCTION catalog_program_link_changed();
CREATE TRIGGER program_organizations_catalog AFTER INSERT OR UPDATE OR DELETE ON program_organizations
    FOR EACH ROW EXECUTE FUNCTION catalog_program_link_changed();
CREATE TRIGGER program_modules_catalog AFTER INSERT OR UPDATE OR DELETE ON program_modules
    FOR EACH ROW EXECUTE FUNCTION catalog_program_link_changed();

-- The starts of a program's groups still taking learners, and the nearest from today.
CREATE FUNCTION catalog_group_starts(program uuid) RETURNS void LANGUAGE sql AS $$
    UPDATE catalog_entries e SET group_starts = coalesce(s.starts, '{}'),
           next_start = coalesce((SELECT min(x) FROM unnest(s.starts) x WHERE x >= current_date), 'infinity')
    FROM (SELECT array_agg(starts_on ORDER BY starts_on) AS starts FROM study_groups
          WHERE program_id = program AND status IN ('not_formed', 'formed')) s
    WHERE e.program_id = program
$$;

-- a group changes the entry only when its start or whether it takes learners changes (not its size or learners)
CREATE FUNCTION catalog_group_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.starts_on = NEW.starts_on AND OLD.program_id IS NOT DISTINCT FROM NEW.program_id
       AND (OLD.status IN ('not_formed', 'formed')) = (NEW.status IN ('not_formed', 'formed')) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM catalog_group_starts(OLD.program_id);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.program_id IS DISTINCT FROM OLD.program_id THEN
        PERFORM catalog_group_starts(NEW.program_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER study_groups_catalog_entry AFTER INSERT OR UPDATE OR DELETE ON study_groups
    FOR EACH ROW EXECUTE FUNCTION catalog_group_changed();

-- an organization's programs enter or leave the catalog with its approval, and move with its municipality; its
-- names are searched in the organizations' lexicon (descriptions, contacts and the like change nothing here)
CREATE FUNCTION catalog_organization_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.status IS DISTINCT FROM NEW.status
                             OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id) THEN
        PERFORM catalog_refresh(ARRAY(SELECT id FROM programs WHERE org_id = NEW.id AND status = 'published'));
    END IF;
    IF TG_OP = 'INSERT' OR (OLD.full_name, OLD.short_name, OLD.public_name)
                           IS DISTINCT FROM (NEW.full_name, NEW.short_name, NEW.public_name) THEN
        PERFORM search_words_add('organizations', concat_ws(' ', NEW.full_name, NEW.short_name, NEW.public_name));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER organizations_catalog_entry AFTER INSERT OR UPDATE ON organizations
    FOR EACH ROW EXECUTE FUNCTION catalog_organization_changed();

-- a directory name is searched in the programs linked to it and in the directories' lexicon
CREATE FUNCTION catalog_directory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.name IS DISTINCT FROM NEW.name OR OLD.code IS DISTINCT FROM NEW.code
                             OR OLD.parent_id IS DISTINCT FROM NEW.parent_id) THEN
        PERFORM catalog_refresh(ARRAY(SELECT program_id FROM catalog_entries
                                      WHERE competency_ids @> ARRAY[NEW.id] OR profession_ids @> ARRAY[NEW.id]));
    END IF;
    IF TG_OP = 'INSERT' OR OLD.name IS DISTINCT FROM NEW.name THEN
        PERFORM search_words_add('directories', NEW.name);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER directory_items_catalog_entry AFTER INSERT OR UPDATE ON directory_items
    FOR EACH ROW EXECUTE FUNCTION catalog_directory_changed();


-- Catalog answers are cached per question (CatalogCache). Until now every change emptied the whole cache; notices now
-- name what changed, and a server drops only the answers that show it:
--   entries      a program entered, left or changed how it is found (anything in catalog_entries but group starts)
--   starts       group starts changed (answers sorted or filtered by start)
--   p:<program>  what a card shows (cover, hours, competency names)
--   org:<id>     an organization's names on its programs' cards
--   *            a directory name (cards and facets name them)
-- An organization editing its description or contacts, or a group filling its seats, notifies nothing.
DROP TRIGGER programs_published_inserted ON programs;
DROP TRIGGER programs_published_updated ON programs;
DROP TRIGGER programs_published_deleted ON programs;
DROP TRIGGER organizations_catalog_changed ON organizations;
DROP TRIGGER directory_items_catalog_changed ON directory_items;
DROP TRIGGER program_modules_catalog_changed ON program_modules;
DROP TRIGGER program_competencies_catalog_changed ON program_competencies;
DROP TRIGGER program_professions_catalog_changed ON program_professions;
DROP TRIGGER program_organizations_catalog_changed ON program_organizations;
DROP TRIGGER module_lessons_catalog_changed ON module_lessons;
DROP TRIGGER module_topics_catalog_changed ON module_topics;
DROP TRIGGER study_groups_catalog_changed ON study_groups;
DROP FUNCTION notify_published_program_changed();
DROP FUNCTION notify_published_lesson_changed();
DROP FUNCTION notify_catalog_changed();
DROP FUNCTION IF EXISTS notify_published_topic_changed();

CREATE FUNCTION notify_catalog_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.group_starts IS DISTINCT FROM NEW.group_starts
                             OR OLD.next_start IS DISTINCT FROM NEW.next_start) THEN
        PERFORM pg_notify('catalog_changed', 'starts');
        -- was anything else changed as well?
        IF (OLD.search, OLD.title_search, OLD.kind_id, OLD.subkind_id, OLD.study_form_id, OLD.municipality_id,
            OLD.funding, OLD.price, OLD.accessible, OLD.published_at, OLD.name_key, OLD.competency_ids,
            OLD.profession_ids, OLD.industry_ids, OLD.organization_ids)
           IS NOT DISTINCT FROM
           (NEW.search, NEW.title_search, NEW.kind_id, NEW.subkind_id, NEW.study_form_id, NEW.municipality_id,
            NEW.funding, NEW.price, NEW.accessible, NEW.published_at, NEW.name_key, NEW.competency_ids,
            NEW.profession_ids, NEW.industry_ids, NEW.organization_ids) THEN
            RETURN NULL;
        END IF;
    END IF;
    PERFORM pg_notify('catalog_changed', 'entries');
    RETURN NULL;
END $$;
CREATE TRIGGER catalog_entries_changed AFTER INSERT OR DELETE ON catalog_entries
    FOR EACH ROW EXECUTE FUNCTION notify_catalog_entries();
CREATE TRIGGER catalog_entries_updated AFTER UPDATE ON catalog_entries
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_catalog_entries();

-- Rebuilds the entries of the given programs from their current state (removes those no longer in the catalog). An
-- entry is rewritten only when it differs, so that an edit that changes nothing the catalog searches sends no
-- `entries` notice.
CREATE FUNCTION catalog_refresh(programs_ uuid[]) RETURNS void LANGUAGE sql AS $$
    WITH fresh AS (
        SELECT p.id AS program_id, p.org_id,
               p.org_id || coalesce((SELECT array_agg(po.org_id ORDER BY po.org_id) FROM program_organizations po
                                     WHERE po.program_id = p.id), '{}') AS organization_ids,
               p.kind_id, p.subkind_id, p.study_form_id, o.municipality_id, p.funding, coalesce(p.price, 0) AS price,
               p.accessible, coalesce(p.published_at, p.updated_at) AS published_at, lower(p.full_name) AS name_key,
               coalesce(c.ids, '{}') AS competency_ids, coalesce(pr.ids, '{}') AS profession_ids,
               (SELECT coalesce(array_agg(DISTINCT d.parent_id) FILTER (WHERE d.parent_id IS NOT NULL), '{}')
                  FROM directory_items d WHERE d.id = ANY (coalesce(c.ids, '{}') || coalesce(pr.ids, '{}')))
                 AS industry_ids,
               coalesce(g.starts, '{}') AS group_starts,
               coalesce((SELECT min(s) FROM unnest(g.starts) s WHERE s >= current_date), 'infinity') AS next_start,
               strip(to_tsvector('russian', replace(lower(p.full_name || ' ' || coalesce(p.short_name, '')), 'ё', 'е')))
                 AS title_search,
               strip(to_tsvector('russian', replace(lower(concat_ws(' ', p.full_name, p.short_name, p.qualification,
                                                                    p.direction, c.names, pr.names, p.description)),
                                                    'ё', 'е')))
                 AS search,
               (abs(hashtext(p.id::text)) % 50)::smallint AS bucket
        FROM programs p
        JOIN organizations o ON o.id = p.org_id
        LEFT JOIN LATERAL (SELECT array_agg(d.id ORDER BY d.id) AS ids,
                                  string_agg(d.name || ' ' || coalesce(d.code, ''), ' ' ORDER BY d.id) AS names
                           FROM program_competencies pc JOIN directory_items d ON d.id = pc.competency_id
                           WHERE pc.program_id = p.id) c ON true
        LEFT JOIN LATERAL (SELECT array_agg(d.id ORDER BY d.id) AS ids,
                                  string_agg(d.name || ' ' || coalesce(d.code, ''), ' ' ORDER BY d.id) AS names
                           FROM program_professions pp JOIN directory_items d ON d.id = pp.profession_id
                           WHERE pp.program_id = p.id) pr ON true
        LEFT JOIN LATERAL (SELECT array_agg(gr.starts_on ORDER BY gr.starts_on) AS starts FROM study_groups gr
                           WHERE gr.program_id = p.id AND gr.status IN ('not_formed', 'formed')) g ON true
        WHERE p.id = ANY (programs_) AND p.status = 'published' AND o.status = 'approved'
    ),
    gone AS (
        DELETE FROM catalog_entries e WHERE e.program_id = ANY (programs_)
          AND NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.program_id = e.program_id)
    ),
    saved AS (
        INSERT INTO catalog_entries SELECT * FROM fresh
        ON CONFLICT (program_id) DO UPDATE SET
            org_id = EXCLUDED.org_id, organization_ids = EXCLUDED.organization_ids, kind_id = EXCLUDED.kind_id,
            subkind_id = EXCLUDED.subkind_id, study_form_id = EXCLUDED.study_form_id,
            municipality_id = EXCLUDED.municipality_id, funding = EXCLUDED.funding, price = EXCLUDED.price,
            accessible = EXCLUDED.accessible, published_at = EXCLUDED.published_at, name_key = EXCLUDED.name_key,
            competency_ids = EXCLUDED.competency_ids, profession_ids = EXCLUDED.profession_ids,
            industry_ids = EXCLUDED.industry_ids, group_starts = EXCLUDED.group_starts,
            next_start = EXCLUDED.next_start, title_search = EXCLUDED.title_search, search = EXCLUDED.search,
            bucket = EXCLUDED.bucket
        WHERE catalog_entries IS DISTINCT FROM EXCLUDED
        RETURNING program_id
    )
    SELECT search_words_add('catalog', concat_ws(' ', p.full_name, p.short_name, p.qualification, p.description))
    FROM programs p WHERE p.id IN (SELECT program_id FROM saved);
$$;

-- what a card shows of a published program
CREATE FUNCTION notify_catalog_card() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'published' OR NEW.status = 'published' THEN
        PERFORM pg_notify('catalog_changed', 'p:' || NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER programs_catalog_card AFTER UPDATE ON programs
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_catalog_card();

-- hours: the lessons of the modules of a published program
CREATE FUNCTION notify_catalog_module_plan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    module uuid;
    program uuid;
BEGIN
    IF TG_TABLE_NAME = 'module_topics' THEN
        module := CASE WHEN TG_OP = 'DELETE' THEN OLD.module_id ELSE NEW.module_id END;
    ELSE
        SELECT t.module_id INTO module FROM module_topics t
        WHERE t.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.topic_id ELSE NEW.topic_id END;
    END IF;
    FOR program IN SELECT p.id FROM program_modules pm JOIN programs p ON p.id = pm.program_id
                   WHERE pm.module_id = module AND p.status = 'published' LOOP
        PERFORM pg_notify('catalog_changed', 'p:' || program);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER module_topics_catalog_card AFTER INSERT OR UPDATE OR DELETE ON module_topics
    FOR EACH ROW EXECUTE FUNCTION notify_catalog_module_plan();
CREATE TRIGGER module_lessons_catalog_card AFTER INSERT OR UPDATE OR DELETE ON module_lessons
    FOR EACH ROW EXECUTE FUNCTION notify_catalog_module_plan();

CREATE FUNCTION notify_catalog_organization_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', 'org:' || NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER organizations_catalog_card AFTER UPDATE ON organizations
    FOR EACH ROW WHEN ((OLD.short_name, OLD.public_name) IS DISTINCT FROM (NEW.short_name, NEW.public_name))
    EXECUTE FUNCTION notify_catalog_organization_names();

CREATE FUNCTION notify_catalog_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', '*');
    RETURN NULL;
END $$;
CREATE TRIGGER directory_items_catalog_names AFTER UPDATE ON directory_items
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION notify_catalog_directory();

SELECT catalog_refresh(ARRAY(SELECT id FROM programs WHERE status = 'published'));
SELECT search_words_recount();

-- a synonym changes what every question means
CREATE TRIGGER search_synonyms_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON search_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_directory();
