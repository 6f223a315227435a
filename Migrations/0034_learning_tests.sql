-- Tests (SPEC §10, seed 000 «Тестовые задания»): an organization's question bank, tests built from it and given to
-- groups, and timed attempts. The rules that concurrent requests could break live here: one active attempt per learner
-- and test (a partial unique index; a learner in two groups given the same test too), attempt numbers unique per
-- learner and test (two starts at once cannot both take the last attempt), answers only inside an active attempt
-- before its deadline (the answer's statement says so itself, holding the attempt's row so that closing waits for it).

-- A question of the organization's bank. Options hold the choices of single/multiple questions, and for a short-text
-- question the accepted answers (all `correct`), compared as typed words: case, ё/е and spaces do not count.
CREATE TABLE test_questions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    kind text NOT NULL CHECK (kind IN ('single', 'multiple', 'text')),
    text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    image_file_id uuid REFERENCES files (id),
    competency_id uuid REFERENCES directory_items (id),
    points int NOT NULL DEFAULT 1 CHECK (points BETWEEN 1 AND 100),
    search tsvector GENERATED ALWAYS AS (to_tsvector('russian', replace(lower(text), 'ё', 'е'))) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1
);
CREATE INDEX test_questions_org ON test_questions (org_id, created_at DESC, id DESC);
CREATE INDEX test_questions_search ON test_questions USING gin (search);

CREATE TABLE test_question_options (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    question_id uuid NOT NULL REFERENCES test_questions (id) ON DELETE CASCADE,
    text text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    image_file_id uuid REFERENCES files (id),
    correct boolean NOT NULL DEFAULT false,
    position int NOT NULL
);
CREATE INDEX test_question_options_question ON test_question_options (question_id, position);

-- A test: its parameters and scoring criteria (seed: «Параметры», «Критерии оценки»). `question_count` questions are
-- drawn at random from the test's questions for each attempt (all of them when null).
CREATE TABLE tests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    description text CHECK (length(description) <= 4000),
    lesson_id uuid REFERENCES module_lessons (id) ON DELETE SET NULL,
    competency_id uuid REFERENCES directory_items (id),
    time_limit_minutes int NOT NULL CHECK (time_limit_minutes BETWEEN 1 AND 600),
    max_attempts int CHECK (max_attempts BETWEEN 1 AND 100),
    question_count int CHECK (question_count BETWEEN 1 AND 500),
    shuffle_questions boolean NOT NULL DEFAULT true,
    shuffle_options boolean NOT NULL DEFAULT true,
    pass_percent int NOT NULL DEFAULT 60 CHECK (pass_percent BETWEEN 0 AND 100),
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('russian', replace(lower(name || ' ' || coalesce(description, '')), 'ё', 'е'))) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1
);
CREATE INDEX tests_org ON tests (org_id, created_at DESC, id DESC);
CREATE INDEX tests_search ON tests USING gin (search);

CREATE TABLE test_items (
    test_id uuid NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    question_id uuid NOT NULL REFERENCES test_questions (id) ON DELETE CASCADE,
    position int NOT NULL,
    PRIMARY KEY (test_id, question_id)
);
CREATE INDEX test_items_question ON test_items (question_id);

-- A test given to a group: its learners (in the group's list) may take it between opens_at and closes_at.
CREATE TABLE test_assignments (
    test_id uuid NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    group_id uuid NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    opens_at timestamptz,
    closes_at timestamptz CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (test_id, group_id)
);
CREATE INDEX test_assignments_group ON test_assignments (group_id);

-- An attempt: its questions are drawn (and shuffled) when it starts and kept with it, so the test's later edits do not
-- change an attempt under way. `deadline` is the server's: an answer after it is refused, and an attempt left open is
-- closed and scored by the first request that meets it, or by housekeeping.
CREATE TABLE test_attempts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    test_id uuid NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    group_id uuid NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    learner_id uuid NOT NULL REFERENCES users (id),
    number int NOT NULL CHECK (number >= 1),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished', 'expired')),
    started_at timestamptz NOT NULL DEFAULT now(),
    deadline timestamptz NOT NULL,
    finished_at timestamptz,
    score int,
    max_score int NOT NULL,
    passed boolean,
    CHECK ((status = 'active') = (finished_at IS NULL)),
    UNIQUE (test_id, learner_id, number)
);
CREATE UNIQUE INDEX test_attempts_one_active ON test_attempts (test_id, learner_id) WHERE status = 'active';
CREATE INDEX test_attempts_test ON test_attempts (test_id, started_at DESC, id DESC);
CREATE INDEX test_attempts_learner ON test_attempts (learner_id, started_at DESC);
CREATE INDEX test_attempts_open ON test_attempts (deadline) WHERE status = 'active';
CREATE INDEX test_attempts_group ON test_attempts (group_id, test_id);

-- The attempt's questions in the order shown, the options' order, and the learner's answer.
CREATE TABLE test_attempt_answers (
    attempt_id uuid NOT NULL REFERENCES test_attempts (id) ON DELETE CASCADE,
    question_id uuid NOT NULL REFERENCES test_questions (id),
    position int NOT NULL,
    option_order uuid[] NOT NULL DEFAULT '{}',
    chosen uuid[],
    typed text CHECK (length(typed) <= 1000),
    answered_at timestamptz,
    points int,
    PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX test_attempt_answers_question ON test_attempt_answers (question_id);

-- A typed answer as compared: lower case, ё as е, inner spaces (no-break ones too) folded, ends trimmed.
CREATE FUNCTION test_answer_form(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(regexp_replace(replace(lower(value), 'ё', 'е'), '[\s\u00a0]+', ' ', 'g'))
$$;

-- Closes the attempts (active ones only) and scores every answer: a choice question earns its points when exactly the
-- correct options were chosen, a text question when the typed answer is one of the accepted ones. Returns the ids.
-- The attempts are locked first: an answer being saved holds its attempt's row (FOR SHARE) until it commits, so the
-- closing waits for it and scores it, and an answer arriving after the closing finds the attempt closed.
CREATE FUNCTION test_attempts_close(ids uuid[], closing text) RETURNS SETOF uuid LANGUAGE sql AS $$
    WITH locked AS (SELECT id FROM test_attempts WHERE id = ANY(ids) AND status = 'active' FOR UPDATE),
    scored AS (
        UPDATE test_attempt_answers aa SET points = CASE WHEN (
            CASE q.kind
              WHEN 'text' THEN EXISTS (SELECT 1 FROM test_question_options o WHERE o.question_id = q.id
                                       AND test_answer_form(o.text) = test_answer_form(aa.typed))
              ELSE aa.chosen IS NOT NULL AND cardinality(aa.chosen) > 0
                AND ARRAY(SELECT o.id FROM test_question_options o WHERE o.question_id = q.id AND o.correct
                          ORDER BY o.id) = ARRAY(SELECT DISTINCT c FROM unnest(aa.chosen) c ORDER BY c)
            END) THEN q.points ELSE 0 END
        FROM test_questions q
        WHERE aa.attempt_id IN (SELECT id FROM locked) AND q.id = aa.question_id
        RETURNING aa.attempt_id, aa.points
    ), totals AS (SELECT attempt_id, sum(points)::int AS score FROM scored GROUP BY attempt_id)
    UPDATE test_attempts a SET status = closing, finished_at = least(now(), a.deadline),
        score = coalesce(t.score, 0),
        passed = coalesce(t.score, 0) * 100 >= (SELECT pass_percent FROM tests WHERE id = a.test_id) * a.max_score
    FROM locked i LEFT JOIN totals t ON t.attempt_id = i.id
    WHERE a.id = i.id
    RETURNING a.id
$$;

-- A finished attempt shows in its group's journal (the training cache's 'g:' scope, migration 0015).
CREATE FUNCTION test_attempts_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(SELECT DISTINCT 'g:' || group_id FROM changed WHERE status <> 'active'));
    RETURN NULL;
END $$;
CREATE TRIGGER test_attempts_training_updated AFTER UPDATE ON test_attempts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION test_attempts_training_changed();
CREATE TRIGGER test_attempts_training_deleted AFTER DELETE ON test_attempts REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION test_attempts_training_changed();

-- A test given to a group or taken back changes the journal's columns.
CREATE FUNCTION test_assignments_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(SELECT DISTINCT 'g:' || group_id FROM changed));
    RETURN NULL;
END $$;
CREATE TRIGGER test_assignments_training_inserted AFTER INSERT ON test_assignments REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION test_assignments_training_changed();
CREATE TRIGGER test_assignments_training_deleted AFTER DELETE ON test_assignments REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION test_assignments_training_changed();

-- A test renamed shows so in the journals of its groups.
CREATE FUNCTION tests_training_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_training_scopes(ARRAY(
        SELECT DISTINCT 'g:' || ta.group_id FROM changed t JOIN test_assignments ta ON ta.test_id = t.id));
    RETURN NULL;
END $$;
CREATE TRIGGER tests_training_updated AFTER UPDATE ON tests REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION tests_training_changed();

-- The words of tests and questions join the search engine's lexicon of their own scope (typos, compound words).
CREATE FUNCTION learning_lexicon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'tests' THEN
        PERFORM search_words_add('learning', concat_ws(' ', NEW.name, NEW.description));
    ELSE
        PERFORM search_words_add('learning', NEW.text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tests_lexicon AFTER INSERT OR UPDATE OF name, description ON tests
    FOR EACH ROW EXECUTE FUNCTION learning_lexicon();
CREATE TRIGGER test_questions_lexicon AFTER INSERT OR UPDATE OF text ON test_questions
    FOR EACH ROW EXECUTE FUNCTION learning_lexicon();
