-- The applications desk searches names with the search engine (issue 13, scope `people`): «смир» and «Смирнова» find
-- «Смирнова», so do «Смирнва» (a typo: the nearest names of the region's lexicon) and «cvbhyjdf» (the wrong keyboard
-- layout), ё as е. Names are compared as the words they are, not as Russian stems: a stem takes «Петров» for «Пётр»
-- ('петр'), «Борисов» for «Борис». Every typed word must begin a word of the name, so a word of no name finds nothing.
--
-- name_search is the name as the engine compares it, stored: inside one organization's desk the condition is read for
-- each of its rows, and computing the vector there cost ~20 µs a row.
ALTER TABLE applications ADD COLUMN name_search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', replace(lower(last_name || ' ' || first_name || ' ' || coalesce(middle_name, '')), 'ё', 'е'))
) STORED;
CREATE INDEX applications_name_search ON applications USING gin (name_search);
-- a part inside a word («ирнов») as typed: the trigram index, now on the folded name the search compares (ё as е)
DROP INDEX applications_name_trgm;
CREATE INDEX applications_name_trgm ON applications
    USING gin ((replace(lower(last_name || ' ' || first_name || ' ' || coalesce(middle_name, '')), 'ё', 'е'))
               gin_trgm_ops);

-- The lexicon of names: typos and layouts are corrected towards words it holds.
INSERT INTO search_words (scope, word, documents)
SELECT 'people', w, count(*)
FROM applications a,
     regexp_split_to_table(replace(lower(a.last_name || ' ' || a.first_name || ' ' || coalesce(a.middle_name, '')),
                                   'ё', 'е'), '[^[:alnum:]]+') w
WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
GROUP BY w;

-- Does a name of the region begin with `w`?
CREATE FUNCTION search_people_known(w text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM search_words WHERE scope = 'people' AND word LIKE w || '%')
$$;

-- What a person typed, as a query over names: each word (ё as е; in the Russian layout when typed in the Latin one and
-- known so) as the beginning of a word of the name, or, when no name begins with it and it has four letters or more,
-- the nearest names (one edit up to six letters, two in longer ones, the first letter as typed). Words are AND'ed.
CREATE FUNCTION search_people_query(typed text) RETURNS tsquery LANGUAGE plpgsql STABLE AS $$
DECLARE
    result tsquery;
    variants tsquery;
    w text;
    v text;
    best integer;
    distance integer;
BEGIN
    FOR w IN SELECT x FROM regexp_split_to_table(replace(lower(typed), 'ё', 'е'), '[^[:alnum:];'',.`\[\]]+') x
             WHERE x <> '' LOOP
        IF w ~ '^[a-z;'',.`\[\]]+$' AND NOT search_people_known(w) THEN
            v := search_layout_swapped(w);
            IF search_people_known(v) THEN w := v; END IF;
        END IF;
        w := regexp_replace(w, '[^[:alnum:]]+', '', 'g');
        CONTINUE WHEN w = '';
        variants := format('%L:*', w)::tsquery;
        IF length(w) >= 4 AND NOT search_people_known(w) THEN
            best := NULL;
            FOR v, distance IN SELECT word, levenshtein_less_equal(word, w, e.edits) FROM search_words,
                                 (SELECT CASE WHEN length(w) <= 6 THEN 1 ELSE 2 END AS edits) e
                               WHERE scope = 'people' AND left(word, 1) = left(w, 1)
                                 AND length(word) BETWEEN length(w) - e.edits AND length(w) + e.edits
                                 AND levenshtein_less_equal(word, w, e.edits) <= e.edits
                               ORDER BY 2, documents DESC, word LIMIT 3 LOOP
                best := coalesce(best, distance);
                CONTINUE WHEN distance > best;
                variants := variants || format('%L', v)::tsquery;
            END LOOP;
        END IF;
        result := CASE WHEN result IS NULL THEN variants ELSE result && variants END;
    END LOOP;
    RETURN result;
END $$;

-- New names join the lexicon as applications arrive (no counting: every application would update the counts of the
-- same common names, and concurrent applications would wait for each other's row locks; the counts, which only order
-- corrections, are those of this migration). A name new to the region changes what a typo means: desk answers to a
-- name search (scope `names`) are dropped.
CREATE FUNCTION search_people_add(names text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    added integer;
BEGIN
    WITH inserted AS (
        INSERT INTO search_words (scope, word)
        SELECT DISTINCT 'people', w
        FROM unnest(names) n, regexp_split_to_table(replace(lower(n), 'ё', 'е'), '[^[:alnum:]]+') w
        WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
        ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*) INTO added FROM inserted;
    IF added > 0 THEN
        PERFORM pg_notify('training_changed', 'names');
    END IF;
END $$;

CREATE FUNCTION applications_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_people_add(ARRAY(SELECT concat_ws(' ', last_name, first_name, middle_name) FROM new_rows));
    RETURN NULL;
END $$;
CREATE TRIGGER applications_name_words AFTER INSERT ON applications
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION applications_name_words();

-- a corrected name (rare): its words one row at a time
CREATE FUNCTION applications_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_people_add(ARRAY[concat_ws(' ', NEW.last_name, NEW.first_name, NEW.middle_name)]);
    RETURN NULL;
END $$;
CREATE TRIGGER applications_renamed AFTER UPDATE OF last_name, first_name, middle_name ON applications
    FOR EACH ROW WHEN ((OLD.last_name, OLD.first_name, OLD.middle_name)
                       IS DISTINCT FROM (NEW.last_name, NEW.first_name, NEW.middle_name))
    EXECUTE FUNCTION applications_renamed();
