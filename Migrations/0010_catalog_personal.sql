-- Personal catalog features (seed 000 §1): favorites and search history of logged-in users; and requests for new programs:
-- a learner's program composed of published modules, and an employer's request to develop a program (SPEC §5).
CREATE TABLE favorites (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (user_id, program_id)
);

CREATE TABLE search_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    query text NOT NULL,
    filters jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX search_history_user ON search_history (user_id, created_at DESC);

CREATE TABLE program_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('learner_composed', 'employer_development')),
    requester_id uuid NOT NULL REFERENCES users (id),
    org_id uuid REFERENCES organizations (id),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    description text,
    module_ids uuid[] NOT NULL DEFAULT '{}',
    learners_count int CHECK (learners_count > 0),
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_work', 'done', 'rejected')),
    staff_comment text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    CHECK (kind <> 'learner_composed' OR cardinality(module_ids) > 0),
    CHECK (kind <> 'employer_development' OR org_id IS NOT NULL)
);
CREATE INDEX program_requests_status ON program_requests (status, created_at DESC, id DESC);
CREATE INDEX program_requests_requester ON program_requests (requester_id, created_at DESC);
