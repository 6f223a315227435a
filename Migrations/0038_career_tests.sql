-- Career-guidance tests (SPEC §6, §10; seed 001 §9 «Профориентация»): public tests the region's operators write and
-- anyone takes, signed in or not. Each answer option adds points to scales (Климов's «человек — техника», …); the
-- result is the person's profile over the scales, and a scale names the competencies, professions and industries of
-- the catalog and the tags of events that suit it, so the result leads to programs and events.
--
-- What a result means depends on the questions, options, weights and scales it was scored with: once a test has a
-- result they cannot change (the service refuses; the trigger below refuses whatever gets past it). An operator copies
-- the test into a new draft instead, and the copy names the test it was based on.
CREATE TABLE career_tests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    description text CHECK (length(description) <= 4000),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    based_on uuid REFERENCES career_tests (id) ON DELETE SET NULL,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', replace(lower(title), 'ё', 'е')), 'A') ||
        setweight(to_tsvector('russian', replace(lower(coalesce(description, '')), 'ё', 'е')), 'C')) STORED
);
CREATE INDEX career_tests_status ON career_tests (status, created_at DESC, id DESC);
CREATE INDEX career_tests_search ON career_tests USING gin (search);

-- A scale of the profile, numbered from 0 in the test (an option's weights are in this order).
CREATE TABLE career_scales (
    test_id uuid NOT NULL REFERENCES career_tests (id) ON DELETE CASCADE,
    position int NOT NULL CHECK (position BETWEEN 0 AND 11),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text CHECK (length(description) <= 4000),
    competency_ids uuid[] NOT NULL DEFAULT '{}',
    profession_ids uuid[] NOT NULL DEFAULT '{}',
    industry_ids uuid[] NOT NULL DEFAULT '{}',
    event_tag_ids uuid[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (test_id, position)
);

CREATE TABLE career_questions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    test_id uuid NOT NULL REFERENCES career_tests (id) ON DELETE CASCADE,
    position int NOT NULL,
    text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    UNIQUE (test_id, position)
);

-- An option and the points it adds to each scale, in the scales' order (-10…10 each).
CREATE TABLE career_options (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    question_id uuid NOT NULL REFERENCES career_questions (id) ON DELETE CASCADE,
    position int NOT NULL,
    text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    weights int[] NOT NULL CHECK (10 >= ALL (weights) AND -10 <= ALL (weights)),
    UNIQUE (question_id, position)
);

-- A result: the chosen options (in the questions' order), the points and the percent of each scale (0 at the
-- fewest points the test can give the scale, 100 at the most), and the leading scales the result leads with. A
-- result taken without signing in has no user until its holder signs in and keeps it (`claim`); its id, random,
-- is what lets them read it.
CREATE TABLE career_results (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    test_id uuid NOT NULL REFERENCES career_tests (id),
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    option_ids uuid[] NOT NULL,
    scores int[] NOT NULL,
    percents int[] NOT NULL CHECK (100 >= ALL (percents) AND 0 <= ALL (percents)),
    leading_scales int[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX career_results_test ON career_results (test_id, created_at DESC, id DESC);
CREATE INDEX career_results_user ON career_results (user_id, created_at DESC) WHERE user_id IS NOT NULL;

-- The content of a test with results is what its results were scored with: refuse to change it.
CREATE FUNCTION career_content_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    test uuid;
BEGIN
    IF TG_TABLE_NAME = 'career_options' THEN
        SELECT q.test_id INTO test FROM career_questions q
        WHERE q.id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.question_id ELSE NEW.question_id END);
    ELSE
        test := CASE WHEN TG_OP = 'DELETE' THEN OLD.test_id ELSE NEW.test_id END;
    END IF;
    IF EXISTS (SELECT 1 FROM career_results WHERE test_id = test) THEN
        RAISE EXCEPTION 'career test % has results: its content is frozen', test USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER career_scales_frozen AFTER INSERT OR UPDATE OR DELETE ON career_scales
    FOR EACH ROW EXECUTE FUNCTION career_content_frozen();
CREATE TRIGGER career_questions_frozen AFTER INSERT OR UPDATE OR DELETE ON career_questions
    FOR EACH ROW EXECUTE FUNCTION career_content_frozen();
CREATE TRIGGER career_options_frozen AFTER INSERT OR UPDATE OR DELETE ON career_options
    FOR EACH ROW EXECUTE FUNCTION career_content_frozen();

-- A result is only of a published test, and a test with results never goes back to draft (its content would become
-- editable). The service checks both under the test's row lock; these refuse whatever gets past it.
CREATE FUNCTION career_result_of_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM career_tests WHERE id = NEW.test_id AND status = 'published') THEN
        RAISE EXCEPTION 'career test % is not published', NEW.test_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER career_results_published AFTER INSERT ON career_results
    FOR EACH ROW EXECUTE FUNCTION career_result_of_published();

CREATE FUNCTION career_test_no_draft_with_results() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'draft' AND OLD.status <> 'draft'
        AND EXISTS (SELECT 1 FROM career_results WHERE test_id = NEW.id) THEN
        RAISE EXCEPTION 'career test % has results: it stays out of draft', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER career_tests_no_draft_with_results AFTER UPDATE OF status ON career_tests
    FOR EACH ROW EXECUTE FUNCTION career_test_no_draft_with_results();
