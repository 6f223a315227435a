-- Learning materials (SPEC §10, seed 000 «Разработка цифровых учебных материалов», seed 001 §25 «Библиотека цифровых
-- учебных материалов с возможностью проведения экспертизы»): an organization's material — lesson, name, competency,
-- visibility, short and full description, links and files — attached to topics of its modules; an expert of another
-- organization (or ЦОПП) approves it for the region's library, where the approved public and open ones are found.

CREATE TABLE learning_materials (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    summary text CHECK (length(summary) <= 1000),
    description text CHECK (length(description) <= 20000),
    lesson_id uuid REFERENCES module_lessons (id) ON DELETE SET NULL,
    competency_id uuid REFERENCES directory_items (id),
    -- public: anyone reads it; open: anyone signed in; closed: its organization and the learners of its topics' groups
    visibility text NOT NULL DEFAULT 'closed' CHECK (visibility IN ('public', 'open', 'closed')),
    -- links and files as a lesson's materials are kept; file_ids repeats the files for their readers' index
    materials jsonb NOT NULL DEFAULT '[]',
    file_ids uuid[] NOT NULL DEFAULT '{}',
    -- expertise for the region's library: none → pending (sent) → approved | rejected; an edit of the content sends
    -- an approved material back to none (what the expert approved is what the library shows)
    expertise text NOT NULL DEFAULT 'none' CHECK (expertise IN ('none', 'pending', 'approved', 'rejected')),
    expertise_comment text CHECK (length(expertise_comment) <= 4000),
    expert_id uuid REFERENCES users (id),
    expertise_at timestamptz,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', replace(lower(name), 'ё', 'е')), 'A')
        || setweight(to_tsvector('russian', replace(lower(coalesce(summary, '')), 'ё', 'е')), 'B')
        || setweight(to_tsvector('russian', replace(lower(coalesce(description, '')), 'ё', 'е')), 'C')) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    CHECK ((expertise IN ('approved', 'rejected')) = (expertise_at IS NOT NULL))
);
CREATE INDEX learning_materials_org ON learning_materials (org_id, created_at DESC, id DESC);
CREATE INDEX learning_materials_search ON learning_materials USING gin (search);
CREATE INDEX learning_materials_files ON learning_materials USING gin (file_ids);
CREATE INDEX learning_materials_library ON learning_materials (created_at DESC, id DESC)
    WHERE expertise = 'approved' AND visibility IN ('public', 'open');
CREATE INDEX learning_materials_pending ON learning_materials (updated_at) WHERE expertise = 'pending';

-- Materials attached to topics of modules (seed 000 §5 «Добавить из списка»): the organization's own, or approved
-- materials of the library.
CREATE TABLE module_topic_materials (
    topic_id uuid NOT NULL REFERENCES module_topics (id) ON DELETE CASCADE,
    material_id uuid NOT NULL REFERENCES learning_materials (id) ON DELETE CASCADE,
    position int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic_id, material_id)
);
CREATE INDEX module_topic_materials_material ON module_topic_materials (material_id);

CREATE FUNCTION learning_materials_lexicon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_words_add('learning', concat_ws(' ', NEW.name, NEW.summary, NEW.description));
    RETURN NULL;
END $$;
CREATE TRIGGER learning_materials_lexicon AFTER INSERT OR UPDATE OF name, summary, description ON learning_materials
    FOR EACH ROW EXECUTE FUNCTION learning_materials_lexicon();
