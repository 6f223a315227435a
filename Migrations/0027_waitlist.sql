-- The waitlist of a full group (SPEC §7): an application confirmed for a group that has no place waits in order
-- (`waitlisted`, since `waitlisted_at`) and moves into the group when a place frees — a confirmed application cancelled,
-- a learner expelled, the group's size raised. It holds no seat.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN
    ('new', 'postponed', 'waitlisted', 'cancelled', 'confirmed', 'studying', 'completed', 'expelled'));
ALTER TABLE applications ADD COLUMN waitlisted_at timestamptz;
ALTER TABLE applications ADD CONSTRAINT applications_waitlist_check
    CHECK (status <> 'waitlisted' OR (group_id IS NOT NULL AND waitlisted_at IS NOT NULL));
CREATE INDEX applications_waitlist ON applications (group_id, waitlisted_at, id) WHERE status = 'waitlisted';

-- The third status rule (0019 has the first two): the statuses in which an application still holds the person's
-- place for the program — one at a time. Swift's ApplicationStatus.isActive says the same (a test compares them).
CREATE FUNCTION application_active(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status IN ('new', 'postponed', 'waitlisted', 'confirmed', 'studying')
$$;
DROP INDEX applications_one_active_per_learner;
DROP INDEX applications_one_active_record_per_email;
DROP INDEX applications_sent_by_organization;
CREATE UNIQUE INDEX applications_one_active_per_learner ON applications (program_id, learner_id)
    WHERE learner_id IS NOT NULL AND application_active(status);
CREATE UNIQUE INDEX applications_one_active_record_per_email ON applications (program_id, email)
    WHERE learner_id IS NULL AND application_active(status);
CREATE INDEX applications_sent_by_organization ON applications (program_id, email)
    WHERE batch_id IS NOT NULL AND application_active(status);
