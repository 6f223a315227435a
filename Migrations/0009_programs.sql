-- Programs (SPEC §5): built from ordered modules, moderated before they reach the public catalog. Hours are the sum of
-- the modules' lessons; the search vector uses the Russian configuration so that word forms match.
CREATE TABLE programs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'moderation', 'revision', 'published', 'archived')),
    full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 500),
    short_name text,
    price numeric(12, 2) CHECK (price >= 0),
    funding text NOT NULL DEFAULT 'paid' CHECK (funding IN ('free', 'paid', 'certificate')),
    kind_id uuid REFERENCES directory_items (id),
    subkind_id uuid REFERENCES directory_items (id),
    study_form_id uuid REFERENCES directory_items (id),
    direction text,
    learner_requirements text,
    issued_document_type_id uuid REFERENCES directory_items (id),
    qualification text,
    description text,
    normative_basis text,
    final_attestation text,
    cover_file_id uuid REFERENCES files (id),
    career_tags text[] NOT NULL DEFAULT '{}',
    accessible boolean NOT NULL DEFAULT false,
    wizard_step int NOT NULL DEFAULT 1 CHECK (wizard_step BETWEEN 1 AND 10),
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    -- ё is folded to е so that «ёлочный» and «елочный» meet; queries fold the same way
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', replace(lower(coalesce(full_name, '') || ' ' || coalesce(short_name, '')), 'ё', 'е')), 'A') ||
        setweight(to_tsvector('russian', replace(lower(coalesce(qualification, '') || ' ' || coalesce(direction, '')), 'ё', 'е')), 'B') ||
        setweight(to_tsvector('russian', replace(lower(coalesce(description, '')), 'ё', 'е')), 'C')) STORED
);
CREATE INDEX programs_org ON programs (org_id, status, full_name, id);
CREATE INDEX programs_status ON programs (status, created_at DESC, id DESC);
CREATE INDEX programs_search ON programs USING gin (search);
CREATE INDEX programs_name_trgm ON programs USING gin (lower(full_name) gin_trgm_ops);
CREATE INDEX programs_published ON programs (published_at DESC, id DESC) WHERE status = 'published';

CREATE TABLE program_modules (
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    module_id uuid NOT NULL REFERENCES modules (id) ON DELETE RESTRICT,
    position int NOT NULL,
    PRIMARY KEY (program_id, module_id)
);
CREATE INDEX program_modules_module ON program_modules (module_id);

CREATE TABLE program_competencies (
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    competency_id uuid NOT NULL REFERENCES directory_items (id),
    PRIMARY KEY (program_id, competency_id)
);
CREATE INDEX program_competencies_competency ON program_competencies (competency_id);

CREATE TABLE program_professions (
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    profession_id uuid NOT NULL REFERENCES directory_items (id),
    PRIMARY KEY (program_id, profession_id)
);

-- Other organizations that also implement the program.
CREATE TABLE program_organizations (
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    org_id uuid NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (program_id, org_id)
);

CREATE TABLE program_status_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    from_status text NOT NULL,
    to_status text NOT NULL,
    action text NOT NULL,
    actor_id uuid REFERENCES users (id),
    comment text,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX program_status_history_program ON program_status_history (program_id, at);

-- The moderation thread.
CREATE TABLE program_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX program_comments_program ON program_comments (program_id, created_at);
