-- Check tasks (SPEC §10, seed 000 «Проверочные задания»): an organization's task with its grading type, links and
-- files, given to groups with a due date; a learner of such a group hands in an answer (text and files) and may hand
-- it in again until it is graded; a teacher grades it (or returns it for revision) with a comment. The rules that
-- concurrent requests could break live in the statements: a hand-in after the grade is refused by the upsert itself,
-- a grade names the submission's version the teacher read, and a task's grading type cannot change under a grade.

CREATE TABLE check_tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    description text CHECK (length(description) <= 8000),
    lesson_id uuid REFERENCES module_lessons (id) ON DELETE SET NULL,
    competency_id uuid REFERENCES directory_items (id),
    -- public: anyone reads the task; open: anyone signed in; closed: its organization and its groups' learners
    visibility text NOT NULL DEFAULT 'closed' CHECK (visibility IN ('public', 'open', 'closed')),
    grading text NOT NULL CHECK (grading IN ('pass_fail', 'score_1_5', 'score_1_10')),
    -- links and files as a lesson's materials are kept ([{title, url} | {title, fileId}]); file_ids repeats the
    -- files so that a file's readers are found by an index
    materials jsonb NOT NULL DEFAULT '[]',
    file_ids uuid[] NOT NULL DEFAULT '{}',
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('russian', replace(lower(name || ' ' || coalesce(description, '')), 'ё', 'е'))) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1
);
CREATE INDEX check_tasks_org ON check_tasks (org_id, created_at DESC, id DESC);
CREATE INDEX check_tasks_search ON check_tasks USING gin (search);
CREATE INDEX check_tasks_files ON check_tasks USING gin (file_ids);

-- A task given to a group, with the date its answers are due (a later answer is taken and marked late).
CREATE TABLE check_task_assignments (
    task_id uuid NOT NULL REFERENCES check_tasks (id) ON DELETE CASCADE,
    group_id uuid NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    due_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, group_id)
);
CREATE INDEX check_task_assignments_group ON check_task_assignments (group_id);

-- A learner's answer to a task: one per learner and task (the latest hand-in; `handed_in` counts them). The grade is
-- 0 (незачёт) or 1 (зачёт) for pass_fail, else the score; a returned answer waits for the learner's next hand-in.
CREATE TABLE check_task_submissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id uuid NOT NULL REFERENCES check_tasks (id) ON DELETE CASCADE,
    group_id uuid NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    learner_id uuid NOT NULL REFERENCES users (id),
    text text CHECK (length(text) <= 20000),
    file_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(file_ids) <= 10),
    status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'returned', 'graded')),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    handed_in int NOT NULL DEFAULT 1,
    grade int CHECK (grade BETWEEN 0 AND 10),
    comment text CHECK (length(comment) <= 4000),
    graded_by uuid REFERENCES users (id),
    graded_at timestamptz,
    version int NOT NULL DEFAULT 1,
    CHECK ((status = 'graded') = (grade IS NOT NULL)),
    CHECK (coalesce(length(text), 0) > 0 OR cardinality(file_ids) > 0),
    UNIQUE (task_id, learner_id)
);
CREATE INDEX check_task_submissions_task ON check_task_submissions (task_id, submitted_at DESC, id DESC);
CREATE INDEX check_task_submissions_group ON check_task_submissions (group_id, task_id);
CREATE INDEX check_task_submissions_application ON check_task_submissions (application_id);
CREATE INDEX check_task_submissions_files ON check_task_submissions USING gin (file_ids);

-- The journal shows each task given to the group and each learner's state of it (the training cache's 'g:' scope).
CREATE FUNCTION check_task_groups_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(SELECT DISTINCT 'g:' || group_id FROM changed));
    RETURN NULL;
END $$;
CREATE TRIGGER check_task_submissions_inserted AFTER INSERT ON check_task_submissions REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION check_task_groups_changed();
CREATE TRIGGER check_task_submissions_updated AFTER UPDATE ON check_task_submissions REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION check_task_groups_changed();
CREATE TRIGGER check_task_submissions_deleted AFTER DELETE ON check_task_submissions REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION check_task_groups_changed();
CREATE TRIGGER check_task_assignments_inserted AFTER INSERT ON check_task_assignments REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION check_task_groups_changed();
CREATE TRIGGER check_task_assignments_updated AFTER UPDATE ON check_task_assignments REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION check_task_groups_changed();
CREATE TRIGGER check_task_assignments_deleted AFTER DELETE ON check_task_assignments REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION check_task_groups_changed();

-- A task renamed (or its grading type changed) shows so in the journals of its groups.
CREATE FUNCTION check_tasks_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(
        SELECT DISTINCT 'g:' || a.group_id FROM changed t JOIN check_task_assignments a ON a.task_id = t.id));
    RETURN NULL;
END $$;
CREATE TRIGGER check_tasks_training_updated AFTER UPDATE ON check_tasks REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION check_tasks_training_changed();

-- The words of tasks join the search engine's `learning` lexicon (typos, compound words), as tests' do.
CREATE FUNCTION check_tasks_lexicon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_words_add('learning', concat_ws(' ', NEW.name, NEW.description));
    RETURN NULL;
END $$;
CREATE TRIGGER check_tasks_lexicon AFTER INSERT OR UPDATE OF name, description ON check_tasks
    FOR EACH ROW EXECUTE FUNCTION check_tasks_lexicon();
