-- A program's hours in the catalog go through module topics (lessons → topics → modules), and module_topics sent no
-- catalog_changed: deleting a topic of a published program's module deletes its lessons too, but by then the lesson
-- trigger cannot find the topic to learn that a published program changed, so the cached answers kept the old hours.
-- Found by CacheNoticeTests, which compares the plans of the cached queries with the tables that notify.
CREATE FUNCTION notify_published_topic_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM program_modules pm JOIN programs p ON p.id = pm.program_id
               WHERE p.status = 'published'
                 AND pm.module_id IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.module_id END,
                                      CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.module_id END)) THEN
        PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER module_topics_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON module_topics
    FOR EACH ROW EXECUTE FUNCTION notify_published_topic_changed();
