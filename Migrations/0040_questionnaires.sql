-- Questionnaires (SPEC §11; seed 000 «НОКО → Анкеты», seed 002 §3.4.12): one engine for expert sheets, learners'
-- ratings of programs, the e-monitoring questionnaire and surveys. A questionnaire's content — sections of questions
-- (a scale with labels, single or multiple choice, text, a number), each required or not — lives in numbered
-- versions. The seed warns that editing a questionnaire changes the indicators computed from it; here that cannot
-- happen silently: a response names the version it answered, a version with responses never changes (the trigger
-- below), and an edit of an answered questionnaire becomes its next version. Results are computed per version.
CREATE TABLE questionnaires (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    description text CHECK (length(description) <= 4000),
    purpose text NOT NULL CHECK (purpose IN ('expertise', 'rating', 'monitoring', 'survey')),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
    -- a survey's audience: the roles asked (empty: everyone signed in) and its period
    audience_roles text[] NOT NULL DEFAULT '{}',
    opens_on date,
    closes_on date CHECK (closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on),
    current_version int NOT NULL DEFAULT 1,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', replace(lower(title), 'ё', 'е')), 'A') ||
        setweight(to_tsvector('russian', replace(lower(coalesce(description, '')), 'ё', 'е')), 'C')) STORED
);
CREATE INDEX questionnaires_list ON questionnaires (created_at DESC, id DESC);
CREATE INDEX questionnaires_search ON questionnaires USING gin (search);

-- The content of one version: {"sections": [{"title", "questions": [{"key", "kind", "text", "required", …}]}]},
-- checked by the service (QuestionnaireContent).
CREATE TABLE questionnaire_versions (
    questionnaire_id uuid NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    number int NOT NULL CHECK (number >= 1),
    content jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (questionnaire_id, number)
);

-- A response to one version, by a person, about a subject when the questionnaire judges one (a program for an expert
-- sheet or a rating, a group for e-monitoring); one per person, questionnaire and subject.
CREATE TABLE questionnaire_responses (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    questionnaire_id uuid NOT NULL,
    version_number int NOT NULL,
    respondent_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject_id uuid,
    answers jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (questionnaire_id, version_number) REFERENCES questionnaire_versions (questionnaire_id, number),
    UNIQUE NULLS NOT DISTINCT (questionnaire_id, respondent_id, subject_id)
);
CREATE INDEX questionnaire_responses_version ON questionnaire_responses (questionnaire_id, version_number,
                                                                         created_at DESC, id DESC);

-- A version that has responses is what they answered: it never changes.
CREATE FUNCTION questionnaire_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM questionnaire_responses
               WHERE questionnaire_id = OLD.questionnaire_id AND version_number = OLD.number) THEN
        RAISE EXCEPTION 'questionnaire % version % has responses: it is frozen', OLD.questionnaire_id, OLD.number
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER questionnaire_versions_frozen BEFORE UPDATE OR DELETE ON questionnaire_versions
    FOR EACH ROW EXECUTE FUNCTION questionnaire_version_frozen();
