-- Contests and learners' achievements (SPEC §11; seed 000 «НОКО → Конкурсы, Достижения»). Anyone signed in may
-- propose a contest from the site: it stays `inactive` and counts for nothing until a moderator approves it. A learner
-- records a result in a contest — the place or result, the day, the program they study or studied, a confirming
-- document; only achievements in approved contests within the last academic year count for a program's quality index.
CREATE TABLE contests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    organizer text CHECK (length(organizer) <= 500),
    level_id uuid REFERENCES directory_items (id),
    starts_on date,
    ends_on date CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
    url text CHECK (length(url) <= 500),
    description text CHECK (length(description) <= 4000),
    status text NOT NULL DEFAULT 'inactive' CHECK (status IN ('inactive', 'approved')),
    proposed_by uuid REFERENCES users (id) ON DELETE SET NULL,
    approved_by uuid REFERENCES users (id) ON DELETE SET NULL,
    approved_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', replace(lower(name), 'ё', 'е')), 'A') ||
        setweight(to_tsvector('russian', replace(lower(coalesce(organizer, '')), 'ё', 'е')), 'B')) STORED
);
CREATE INDEX contests_list ON contests (created_at DESC, id DESC);
CREATE INDEX contests_search ON contests USING gin (search);

CREATE TABLE achievements (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    contest_id uuid NOT NULL REFERENCES contests (id),
    learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id uuid REFERENCES programs (id) ON DELETE SET NULL,
    -- winner (1st place), prize (2nd–3rd or a prize), participant
    result text NOT NULL CHECK (result IN ('winner', 'prize', 'participant')),
    place int CHECK (place BETWEEN 1 AND 1000),
    achieved_on date NOT NULL,
    document_file_id uuid REFERENCES files (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (contest_id, learner_id)
);
CREATE INDEX achievements_list ON achievements (created_at DESC, id DESC);
CREATE INDEX achievements_learner ON achievements (learner_id, created_at DESC);
CREATE INDEX achievements_program ON achievements (program_id, achieved_on) WHERE program_id IS NOT NULL;
CREATE INDEX achievements_day ON achievements (achieved_on);
