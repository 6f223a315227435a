-- The applications desk searches names with the search engine every other search uses (issue 13, scope `people`):
-- «Алёна» finds «Алена», «Иваннов» and «bdfyjd» find «Иванов», «Смирновой» finds «Смирнова»; a part of a name as typed
-- («Смир») still matches through the trigram index.
--
-- name_search is the name as the engine compares it, stored: inside one organization's desk the condition is read for
-- each of its rows, and computing the vector there cost ~20 µs a row.
ALTER TABLE applications ADD COLUMN name_search tsvector GENERATED ALWAYS AS (
    to_tsvector('russian', replace(lower(last_name || ' ' || first_name || ' ' || coalesce(middle_name, '')), 'ё', 'е'))
) STORED;
CREATE INDEX applications_name_search ON applications USING gin (name_search);
-- the part-of-a-name index, now on the folded name the search compares (ё as е)
DROP INDEX applications_name_trgm;
CREATE INDEX applications_name_trgm ON applications
    USING gin ((replace(lower(last_name || ' ' || first_name || ' ' || coalesce(middle_name, '')), 'ё', 'е'))
               gin_trgm_ops);

-- The lexicon of names: typos and layouts are corrected towards words it holds. New names join it as applications
-- arrive (no counting there: every application would update the counts of the same common names, and concurrent
-- applications would wait for each other's row locks); the counts are those of this migration.
INSERT INTO search_words (scope, word, documents)
SELECT 'people', w, count(*)
FROM applications a,
     regexp_split_to_table(replace(lower(a.last_name || ' ' || a.first_name || ' ' || coalesce(a.middle_name, '')),
                                   'ё', 'е'), '[^[:alnum:]]+') w
WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
GROUP BY w;

CREATE FUNCTION applications_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words (scope, word)
    SELECT DISTINCT 'people', w
    FROM new_rows a,
         regexp_split_to_table(replace(lower(a.last_name || ' ' || a.first_name || ' ' || coalesce(a.middle_name, '')),
                                       'ё', 'е'), '[^[:alnum:]]+') w
    WHERE length(w) >= 3 AND w !~ '^[0-9]+$'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER applications_name_words AFTER INSERT ON applications
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION applications_name_words();

-- a corrected name (rare): its words one row at a time
CREATE FUNCTION applications_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_words_add('people', concat_ws(' ', NEW.last_name, NEW.first_name, NEW.middle_name));
    RETURN NULL;
END $$;
CREATE TRIGGER applications_renamed AFTER UPDATE OF last_name, first_name, middle_name ON applications
    FOR EACH ROW WHEN ((OLD.last_name, OLD.first_name, OLD.middle_name)
                       IS DISTINCT FROM (NEW.last_name, NEW.first_name, NEW.middle_name))
    EXECUTE FUNCTION applications_renamed();
