-- Web conferences of lessons (SPEC §10, seed 001 §25): a lesson of a group's schedule may carry a BigBlueButton room,
-- which the platform creates on the BigBlueButton server when the first person joins (its passwords never leave the
-- server: each person gets a signed join link of their own), or a link to any other conference service.
CREATE TABLE lesson_conferences (
    lesson_id uuid PRIMARY KEY REFERENCES schedule_lessons (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('bbb', 'link')),
    url text CHECK (url ~ '^https?://' AND length(url) <= 2000),
    meeting_id text CHECK (length(meeting_id) <= 100),
    attendee_password text,
    moderator_password text,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'link') = (url IS NOT NULL)),
    CHECK ((kind = 'bbb') = (meeting_id IS NOT NULL AND attendee_password IS NOT NULL
                              AND moderator_password IS NOT NULL))
);
