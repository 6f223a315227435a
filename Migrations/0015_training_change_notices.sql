-- Servers keep the answers of the applications desk (per organization and question) and of group journals in memory
-- (AnswerCache). A change to what they show sends NOTIFY training_changed with the scopes it touches, separated by
-- commas: 'o:<organization id>' (that organization's desk), 'g:<group id>' (that group's journal), '*' (everything).
-- Statement-level triggers read the transition tables, so a batch of 10,000 applications sends one notice per
-- organization, and NOTIFY folds identical notices of a transaction into one.
CREATE FUNCTION notify_training_scopes(scopes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(cardinality(scopes), 0) = 0 THEN RETURN; END IF;
    -- a payload holds at most 8000 bytes (a scope is 38): past 150 scopes, everything is dropped
    IF cardinality(scopes) > 150 THEN
        PERFORM pg_notify('training_changed', '*');
    ELSE
        PERFORM pg_notify('training_changed', array_to_string(scopes, ','));
    END IF;
END $$;

-- Tables whose rows name their scopes: one trigger per event (a trigger with transition tables takes one event), each
-- handing its rows to the function as `changed` — the new rows of an insert, the old rows of a delete, both sets of an
-- update (two triggers, so a row moved to another group or organization drops both).

-- applications: the desk of the organization working them, the journal of their group
CREATE FUNCTION applications_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(
        SELECT 'o:' || org_id FROM changed UNION SELECT 'g:' || group_id FROM changed WHERE group_id IS NOT NULL));
    RETURN NULL;
END $$;
CREATE TRIGGER applications_training_inserted AFTER INSERT ON applications REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION applications_training_changed();
CREATE TRIGGER applications_training_updated AFTER UPDATE ON applications REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION applications_training_changed();
CREATE TRIGGER applications_training_updated_from AFTER UPDATE ON applications REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION applications_training_changed();
CREATE TRIGGER applications_training_deleted AFTER DELETE ON applications REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION applications_training_changed();

-- marks: the journal of the lesson's group (marks deleted with their lesson: the lesson's own notice names the group)
CREATE FUNCTION gradebook_marks_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(
        SELECT DISTINCT 'g:' || l.group_id FROM changed m JOIN schedule_lessons l ON l.id = m.schedule_lesson_id));
    RETURN NULL;
END $$;
CREATE TRIGGER gradebook_marks_training_inserted AFTER INSERT ON gradebook_marks REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION gradebook_marks_training_changed();
CREATE TRIGGER gradebook_marks_training_updated AFTER UPDATE ON gradebook_marks REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION gradebook_marks_training_changed();
CREATE TRIGGER gradebook_marks_training_deleted AFTER DELETE ON gradebook_marks REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION gradebook_marks_training_changed();

-- lessons: the journal's columns
CREATE FUNCTION schedule_lessons_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(SELECT DISTINCT 'g:' || group_id FROM changed));
    RETURN NULL;
END $$;
CREATE TRIGGER schedule_lessons_training_inserted AFTER INSERT ON schedule_lessons REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION schedule_lessons_training_changed();
CREATE TRIGGER schedule_lessons_training_updated AFTER UPDATE ON schedule_lessons REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION schedule_lessons_training_changed();
CREATE TRIGGER schedule_lessons_training_updated_from AFTER UPDATE ON schedule_lessons REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION schedule_lessons_training_changed();
CREATE TRIGGER schedule_lessons_training_deleted AFTER DELETE ON schedule_lessons REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION schedule_lessons_training_changed();

-- a group's name and status show in its journal; its name also on the desk rows of its learners' applications
CREATE FUNCTION study_groups_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(
        SELECT 'g:' || n.id FROM new_rows n
        UNION SELECT DISTINCT 'o:' || a.org_id FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.name IS DISTINCT FROM n.name
              JOIN applications a ON a.group_id = n.id));
    RETURN NULL;
END $$;
CREATE TRIGGER study_groups_training_updated AFTER UPDATE ON study_groups REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION study_groups_training_changed();

-- the program's and the organization's names show on every desk row
CREATE FUNCTION programs_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(
        SELECT DISTINCT 'o:' || a.org_id FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.full_name IS DISTINCT FROM n.full_name
        JOIN applications a ON a.program_id = n.id));
    RETURN NULL;
END $$;
CREATE TRIGGER programs_training_updated AFTER UPDATE ON programs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION programs_training_changed();

CREATE FUNCTION organizations_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(
        SELECT 'o:' || n.id FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.short_name IS DISTINCT FROM n.short_name));
    RETURN NULL;
END $$;
CREATE TRIGGER organizations_training_updated AFTER UPDATE ON organizations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION organizations_training_changed();

-- a plan lesson's name is the topic of scheduled lessons without their own: rare, so every journal goes
CREATE FUNCTION module_lessons_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.name IS DISTINCT FROM n.name) THEN
        PERFORM pg_notify('training_changed', '*');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER module_lessons_training_updated AFTER UPDATE ON module_lessons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION module_lessons_training_changed();
