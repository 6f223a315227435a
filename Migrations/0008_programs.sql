-- Program constructor (SPEC §5, seed 000 §5): modules with a thematic plan (topics → lessons), programs built from
-- ordered modules, moderation with history and a comment thread. Hours are never stored by hand: they are sums of lessons.
CREATE TABLE modules (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    description text,
    -- parameters pre-filled from the competency: knowledge, skills, experience, room/equipment types, teacher requirements,
    -- plus learner requirements and expected results
    parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- the knowledge, skills and experience chosen as this module's results
    results jsonb NOT NULL DEFAULT '{}'::jsonb,
    assessment_description text,
    assessment_file_id uuid REFERENCES files (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    UNIQUE (id, org_id)
);
CREATE INDEX modules_org ON modules (org_id, name, id);

CREATE TABLE module_competencies (
    module_id uuid NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    competency_id uuid NOT NULL REFERENCES directory_items (id),
    PRIMARY KEY (module_id, competency_id)
);
CREATE TABLE module_professions (
    module_id uuid NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    profession_id uuid NOT NULL REFERENCES directory_items (id),
    PRIMARY KEY (module_id, profession_id)
);

CREATE TABLE module_topics (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    module_id uuid NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    position int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX module_topics_module ON module_topics (module_id, position);

CREATE TABLE module_lessons (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    topic_id uuid NOT NULL REFERENCES module_topics (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    kind text NOT NULL CHECK (kind IN ('lecture', 'practice', 'lab', 'self_study', 'assessment')),
    hours numeric(6, 2) NOT NULL CHECK (hours > 0 AND hours <= 1000),
    -- [{title, url} | {title, fileId}]
    materials jsonb NOT NULL DEFAULT '[]'::jsonb,
    position int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX module_lessons_topic ON module_lessons (topic_id, position);
