-- Servers cache catalog search answers (first pages and facets are the same for everyone with the same filters).
-- Any change that can alter what the catalog shows sends NOTIFY catalog_changed; each server LISTENs and drops its
-- cache. NOTIFY is delivered on commit and folded per transaction, so a bulk change costs one notice.
CREATE FUNCTION notify_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
    RETURN NULL;
END $$;

-- drafts are edited all day and never appear in the catalog: only rows that are or were published count
CREATE TRIGGER programs_published_inserted AFTER INSERT ON programs
    FOR EACH ROW WHEN (NEW.status = 'published') EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER programs_published_updated AFTER UPDATE ON programs
    FOR EACH ROW WHEN (OLD.status = 'published' OR NEW.status = 'published') EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER programs_published_deleted AFTER DELETE ON programs
    FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION notify_catalog_changed();

-- what a catalog card shows besides the program row: organization, directory names (few changes, any counts)
CREATE TRIGGER organizations_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER directory_items_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON directory_items
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();

-- links of a program and hours (from the lessons of its modules) count only when a published program is touched
CREATE FUNCTION notify_published_program_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    program uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.program_id ELSE NEW.program_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM programs WHERE id = program AND status = 'published') THEN
        PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER program_modules_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON program_modules
    FOR EACH ROW EXECUTE FUNCTION notify_published_program_changed();
CREATE TRIGGER program_competencies_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON program_competencies
    FOR EACH ROW EXECUTE FUNCTION notify_published_program_changed();
CREATE TRIGGER program_professions_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON program_professions
    FOR EACH ROW EXECUTE FUNCTION notify_published_program_changed();
CREATE TRIGGER program_organizations_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON program_organizations
    FOR EACH ROW EXECUTE FUNCTION notify_published_program_changed();

CREATE FUNCTION notify_published_lesson_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    topic uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.topic_id ELSE NEW.topic_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM module_topics t JOIN program_modules pm ON pm.module_id = t.module_id
               JOIN programs p ON p.id = pm.program_id WHERE t.id = topic AND p.status = 'published') THEN
        PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER module_lessons_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON module_lessons
    FOR EACH ROW EXECUTE FUNCTION notify_published_lesson_changed();
