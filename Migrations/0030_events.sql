-- Events (SPEC §9, seed 000 §9): a wizard-made card moderated like a program, a recurrence rule (Recurrence.swift)
-- whose occurrences the server computes, sign-ups per occurrence or session within the event's capacity, and the
-- organizer's work on them (new → postponed | cancelled | confirmed).
CREATE TABLE events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'moderation', 'revision', 'published', 'archived')),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 65),
    short_description text CHECK (length(short_description) <= 140),
    description text,
    duration_value int CHECK (duration_value > 0),
    duration_unit text CHECK (duration_unit IN ('minutes', 'hours', 'days', 'weeks')),
    signup_days_before int NOT NULL DEFAULT 0 CHECK (signup_days_before BETWEEN 0 AND 365),
    participant_category_ids uuid[] NOT NULL DEFAULT '{}',
    -- null: no limit
    capacity int CHECK (capacity > 0),
    level_id uuid REFERENCES directory_items (id),
    form_id uuid REFERENCES directory_items (id),
    accessible boolean NOT NULL DEFAULT false,
    address text,
    municipality_id uuid REFERENCES directory_items (id),
    plan text,
    goals text,
    results text,
    facilities text,
    conditions text,
    press_release text,
    contacts text,
    -- null: free
    price numeric(12, 2) CHECK (price >= 0),
    cover_file_id uuid REFERENCES files (id),
    gallery_file_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(gallery_file_ids) <= 20),
    section_id uuid REFERENCES directory_items (id),
    subsection_id uuid REFERENCES directory_items (id),
    tag_ids uuid[] NOT NULL DEFAULT '{}',
    -- the rule (Recurrence as JSON) and the days it spans: the calendar reads only events whose span meets its window
    -- (last_day null: never ends)
    schedule jsonb,
    first_day date,
    last_day date,
    wizard_step int NOT NULL DEFAULT 1 CHECK (wizard_step BETWEEN 1 AND 10),
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    CHECK (schedule IS NULL OR first_day IS NOT NULL),
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', replace(lower(name), 'ё', 'е')), 'A') ||
        setweight(to_tsvector('russian', replace(lower(coalesce(short_description, '')), 'ё', 'е')), 'B') ||
        setweight(to_tsvector('russian', replace(lower(coalesce(description, '')), 'ё', 'е')), 'C')) STORED
);
CREATE INDEX events_org ON events (org_id, status, name, id);
CREATE INDEX events_status ON events (status, name, id);
CREATE INDEX events_search ON events USING gin (search) WHERE status = 'published';
CREATE INDEX events_span ON events (first_day, last_day) WHERE status = 'published';
-- a file shows publicly with a published event (FilesRepository.shownPublicly)
CREATE INDEX events_cover ON events (cover_file_id) WHERE status = 'published';
CREATE INDEX events_gallery ON events USING gin (gallery_file_ids) WHERE status = 'published';
CREATE INDEX events_tags ON events USING gin (tag_ids, participant_category_ids) WHERE status = 'published';

CREATE TABLE event_status_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    from_status text NOT NULL,
    to_status text NOT NULL,
    action text NOT NULL,
    actor_id uuid REFERENCES users (id),
    comment text,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_status_history_event ON event_status_history (event_id, at);

-- A published event's words join the search engine's lexicon of its own scope (compound words, typos of event names).
CREATE FUNCTION events_lexicon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'published' THEN
        PERFORM search_words_add('events', concat_ws(' ', NEW.name, NEW.short_description, NEW.description));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER events_lexicon AFTER INSERT OR UPDATE OF status, name, short_description, description ON events
    FOR EACH ROW EXECUTE FUNCTION events_lexicon();

-- The places taken at one start (an occurrence, or a session of a split one): the sign-up takes a place with one
-- conditional upsert whose row lock orders racing sign-ups, so the last place goes to exactly one of them.
CREATE TABLE event_slots (
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at timestamptz NOT NULL,
    taken int NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (event_id, starts_at)
);

-- A person's sign-up for one start of an event (seed 000 «Заявки на мероприятия»).
CREATE TABLE event_signups (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- shown to people and printed on the participation certificate
    number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id),
    -- the day the rule gives the occurrence (its key), and the start signed up for with its end
    occurrence_key date NOT NULL,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'postponed', 'cancelled', 'confirmed')),
    comment text CHECK (length(comment) <= 2000),
    reminded_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1
);
-- one live sign-up per person and start
CREATE UNIQUE INDEX event_signups_one_per_start ON event_signups (event_id, starts_at, user_id)
    WHERE status <> 'cancelled';
CREATE INDEX event_signups_event ON event_signups (event_id, status, created_at, id);
CREATE INDEX event_signups_user ON event_signups (user_id, starts_at DESC);
CREATE INDEX event_signups_reminders ON event_signups (starts_at) WHERE status IN ('new', 'confirmed')
    AND reminded_at IS NULL;

CREATE TABLE event_signup_history (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    signup_id uuid NOT NULL REFERENCES event_signups (id) ON DELETE CASCADE,
    from_status text NOT NULL,
    to_status text NOT NULL,
    action text NOT NULL,
    actor_id uuid REFERENCES users (id),
    comment text,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_signup_history_signup ON event_signup_history (signup_id, at);
