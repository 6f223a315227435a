-- Learners' ratings of programs and the e-monitoring questionnaire (SPEC §11; seed 002 §3.4.12; seed 001 §26).
--
-- A learner who completed a program rates it once with the rating questionnaire in force: the response (kept with its
-- version) and its score 0–100 (the mean of its scale answers) and a comment. The program's organization reads them
-- without names.
CREATE TABLE program_ratings (
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    response_id uuid NOT NULL REFERENCES questionnaire_responses (id),
    score int CHECK (score BETWEEN 0 AND 100),
    comment text CHECK (length(comment) <= 2000),
    rated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (program_id, learner_id)
);
CREATE INDEX program_ratings_day ON program_ratings (rated_at);
CREATE INDEX expert_ratings_day ON expert_ratings (rated_at);

-- When a group finishes, each learner who completed it is asked to fill the e-monitoring questionnaire in force,
-- within five working days (seed 002: «в течение 5 рабочих дней»); the request remembers its answer.
CREATE TABLE monitoring_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id uuid NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    questionnaire_id uuid NOT NULL REFERENCES questionnaires (id),
    sent_on date NOT NULL,
    due_on date NOT NULL CHECK (due_on >= sent_on),
    response_id uuid REFERENCES questionnaire_responses (id),
    answered_at timestamptz,
    UNIQUE (group_id, learner_id)
);
CREATE INDEX monitoring_requests_learner ON monitoring_requests (learner_id, sent_on DESC);
CREATE INDEX monitoring_requests_group ON monitoring_requests (group_id);
