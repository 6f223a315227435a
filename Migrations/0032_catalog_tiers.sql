-- The catalog's fast path, part three (issue 13): questions of 600–2,000 matches in under 10 ms of PostgreSQL time.
--
-- They were counted exactly, which read every match twice (facets, then the page sorted by relevance class): 1,500
-- matches of «сварщик» with a form and a price cost 30 ms. Now:
-- - catalog_sample_tenth holds buckets 0–4 (a tenth of the catalog). Broad questions still count catalog_sample
--   (bucket 0, a fiftieth); a question with more than 60 matches in the tenth (about 600 in all) counts the tenth and
--   scales by ten, labelled approximate; only smaller ones are counted exactly (and sorted by class in memory). The
--   tenth is a table of its own: in one table with bucket 0, a broad word's count of bucket 0 is read by a seq scan of
--   five times the rows (the planner does not see that matching a row's text vector costs ~1.5 µs).
-- - The text's indexes carry the form, municipality and kind (btree_gin), so a word with those filters is one index
--   scan instead of the word's bitmap AND'ed with a 12,000-row bitmap of the form (4.3 → 1.6 ms for «сварщик» with a
--   form); the funding joins the arrays' index the same way. The samples' indexes are written at once (fastupdate
--   off): a pending list would be read by every question.
CREATE EXTENSION IF NOT EXISTS btree_gin;

DROP INDEX catalog_entries_search;
CREATE INDEX catalog_entries_search ON catalog_entries USING gin (search, study_form_id, municipality_id, kind_id);
-- the funding («free») joins the links' index: its own btree gave a 10,000-row bitmap to AND with (1.4 ms)
DROP INDEX catalog_entries_links;
DROP INDEX catalog_entries_funding;
CREATE INDEX catalog_entries_links ON catalog_entries
    USING gin (competency_ids, profession_ids, industry_ids, organization_ids, funding);

DROP INDEX catalog_sample_search;
CREATE INDEX catalog_sample_search ON catalog_sample USING gin (search, study_form_id, municipality_id, kind_id)
    WITH (fastupdate = off);

CREATE TABLE catalog_sample_tenth (LIKE catalog_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE catalog_sample_tenth ADD PRIMARY KEY (program_id),
    ADD FOREIGN KEY (program_id) REFERENCES catalog_entries (program_id) ON DELETE CASCADE;
INSERT INTO catalog_sample_tenth SELECT * FROM catalog_entries WHERE bucket < 5;
CREATE INDEX catalog_sample_tenth_search ON catalog_sample_tenth
    USING gin (search, study_form_id, municipality_id, kind_id) WITH (fastupdate = off);
CREATE INDEX catalog_sample_tenth_links ON catalog_sample_tenth
    USING gin (competency_ids, profession_ids, industry_ids, organization_ids, funding) WITH (fastupdate = off);
ANALYZE catalog_sample_tenth;

-- an entry of buckets 0–4 is copied whole into the tenth, of bucket 0 also into the fiftieth (a program's bucket
-- never changes: it is a hash of its id); deletion cascades
CREATE OR REPLACE FUNCTION catalog_sample_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM catalog_sample_tenth WHERE program_id = NEW.program_id;
    INSERT INTO catalog_sample_tenth SELECT NEW.*;
    IF NEW.bucket = 0 THEN
        DELETE FROM catalog_sample WHERE program_id = NEW.program_id;
        INSERT INTO catalog_sample SELECT NEW.*;
    END IF;
    RETURN NULL;
END $$;
-- an update that changes nothing (the hourly recount of next starts touches many rows) leaves the copies alone
DROP TRIGGER catalog_entries_sample ON catalog_entries;
CREATE TRIGGER catalog_entries_sample AFTER INSERT ON catalog_entries
    FOR EACH ROW WHEN (NEW.bucket < 5) EXECUTE FUNCTION catalog_sample_keep();
CREATE TRIGGER catalog_entries_sample_changed AFTER UPDATE ON catalog_entries
    FOR EACH ROW WHEN (NEW.bucket < 5 AND OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION catalog_sample_keep();
