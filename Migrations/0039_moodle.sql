-- Optional Moodle (SPEC §10, seed 001 §22): a group may name the Moodle course its learners study in; the platform
-- pushes them there (accounts created by e-mail when missing, enrolled as students) when the server is configured with
-- MOODLE_URL and MOODLE_TOKEN. What was pushed is kept per learner, so the group's page shows who is in the course.
ALTER TABLE study_groups
    ADD COLUMN moodle_course_id int CHECK (moodle_course_id > 0),
    -- set while a push runs (it calls Moodle several times): a second push waits for it or for two minutes
    ADD COLUMN moodle_push_started_at timestamptz;

CREATE TABLE moodle_enrolments (
    group_id uuid NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id int NOT NULL,
    moodle_user_id int NOT NULL,
    -- whether the platform created the Moodle account (else it was found by the learner's e-mail)
    created_account boolean NOT NULL,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, learner_id)
);
