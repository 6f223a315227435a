-- Training (SPEC §7, §8): study groups, applications with their status history, mass application batches, schedules
-- whose teacher/room/group double-bookings the database itself refuses, the gradebook, and the two registries.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A study group of a program, run by the program's organization or one of its implementing organizations.
CREATE TABLE study_groups (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL REFERENCES programs (id),
    org_id uuid NOT NULL REFERENCES organizations (id),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    min_size int NOT NULL DEFAULT 1 CHECK (min_size >= 1),
    max_size int NOT NULL CHECK (max_size >= min_size AND max_size <= 1000),
    starts_on date NOT NULL,
    ends_on date NOT NULL CHECK (ends_on >= starts_on),
    applications_from date,
    applications_until date CHECK (applications_until IS NULL OR applications_from IS NULL OR applications_until >= applications_from),
    comment text,
    status text NOT NULL DEFAULT 'not_formed'
        CHECK (status IN ('not_formed', 'formed', 'enrollment_confirmed', 'finished', 'completion_confirmed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    UNIQUE (id, org_id)
);
CREATE INDEX study_groups_program ON study_groups (program_id, starts_on);
CREATE INDEX study_groups_org ON study_groups (org_id, starts_on DESC, id);

CREATE TABLE study_group_status_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    from_status text,
    to_status text NOT NULL,
    actor_id uuid REFERENCES users (id),
    comment text,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX study_group_status_history_group ON study_group_status_history (group_id, id);

-- lecturers attached to a group (seed 002 §5): staff resources of the group's own organization
CREATE TABLE study_group_lecturers (
    group_id uuid NOT NULL,
    org_id uuid NOT NULL,
    staff_id uuid NOT NULL,
    PRIMARY KEY (group_id, staff_id),
    FOREIGN KEY (group_id, org_id) REFERENCES study_groups (id, org_id) ON DELETE CASCADE,
    FOREIGN KEY (staff_id, org_id) REFERENCES staff_resources (id, org_id)
);

-- An employer's list of employees or an educational organization's list of teachers, submitted at once (seed 001 §11-12).
CREATE TABLE application_batches (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind text NOT NULL CHECK (kind IN ('employees', 'teachers')),
    program_id uuid NOT NULL REFERENCES programs (id),
    submitter_org_id uuid NOT NULL REFERENCES organizations (id),
    submitted_by uuid NOT NULL REFERENCES users (id),
    comment text,
    size int NOT NULL CHECK (size > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_batches_submitter ON application_batches (submitter_org_id, created_at DESC, id);

-- One person's application for a program. `org_id` is the organization that works it (the program's); the person is a
-- platform user (`learner_id`), or, in a batch, named by the row (an account is linked when one has that e-mail).
CREATE TABLE applications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    program_id uuid NOT NULL REFERENCES programs (id),
    org_id uuid NOT NULL REFERENCES organizations (id),
    learner_id uuid REFERENCES users (id),
    batch_id uuid REFERENCES application_batches (id),
    last_name text NOT NULL,
    first_name text NOT NULL,
    middle_name text,
    email text NOT NULL CHECK (email = lower(email)),
    phone text,
    snils text CHECK (snils ~ '^[0-9]{11}$'),
    birth_date date,
    -- ФИС ФРДО asks for it; given in a mass upload or at completion
    sex text CHECK (sex IN ('male', 'female')),
    position text,
    applicant_comment text,
    status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'postponed', 'cancelled', 'confirmed', 'studying', 'completed', 'expelled')),
    group_id uuid REFERENCES study_groups (id),
    postponed_until date,
    cancellation_reason_id uuid REFERENCES directory_items (id),
    final_grade text CHECK (final_grade IN ('2', '3', '4', '5', 'зачтено', 'не зачтено')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    CHECK (status <> 'postponed' OR postponed_until IS NOT NULL),
    CHECK (status NOT IN ('confirmed', 'studying', 'completed', 'expelled') OR group_id IS NOT NULL)
);
-- one active application per person and program (SPEC §7); finished ones (cancelled, completed, expelled) do not count
CREATE UNIQUE INDEX applications_one_active_per_learner ON applications (program_id, learner_id)
    WHERE learner_id IS NOT NULL AND status IN ('new', 'postponed', 'confirmed', 'studying');
CREATE UNIQUE INDEX applications_one_active_per_email ON applications (program_id, email)
    WHERE status IN ('new', 'postponed', 'confirmed', 'studying');
CREATE INDEX applications_org ON applications (org_id, created_at DESC, id DESC);
CREATE INDEX applications_created ON applications (created_at DESC, id DESC);
CREATE INDEX applications_org_status ON applications (org_id, status, created_at DESC, id DESC);
CREATE INDEX applications_program ON applications (program_id, created_at DESC, id DESC);
CREATE INDEX applications_group ON applications (group_id, last_name, first_name) WHERE group_id IS NOT NULL;
CREATE INDEX applications_learner ON applications (learner_id, created_at DESC) WHERE learner_id IS NOT NULL;
CREATE INDEX applications_batch ON applications (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX applications_postponed ON applications (postponed_until) WHERE status = 'postponed';
CREATE INDEX applications_name_trgm ON applications
    USING gin ((lower(last_name || ' ' || first_name || ' ' || coalesce(middle_name, ''))) gin_trgm_ops);

-- every transition: who, when, why, and the details the step asked for (group, order, document…)
CREATE TABLE application_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    actor_id uuid REFERENCES users (id),
    comment text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX application_events_application ON application_events (application_id, id);

CREATE TABLE application_comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id uuid NOT NULL REFERENCES users (id),
    body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX application_comments_application ON application_comments (application_id, created_at);

-- Enrollment registry (seed 000 «Документооборот»): enrolled / expelled with the order.
CREATE TABLE enrollment_records (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    org_id uuid NOT NULL REFERENCES organizations (id),
    group_id uuid NOT NULL REFERENCES study_groups (id),
    kind text NOT NULL CHECK (kind IN ('enrolled', 'expelled')),
    order_number text NOT NULL CHECK (length(order_number) BETWEEN 1 AND 50),
    order_date date NOT NULL,
    reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (application_id, kind)
);
CREATE INDEX enrollment_records_org ON enrollment_records (org_id, order_date DESC, id DESC);

-- Issued training documents registry; the columns ФИС ФРДО asks for are kept here, as issued.
CREATE TABLE issued_documents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id uuid NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    org_id uuid NOT NULL REFERENCES organizations (id),
    group_id uuid NOT NULL REFERENCES study_groups (id),
    document_type_id uuid NOT NULL REFERENCES directory_items (id),
    series text CHECK (length(series) <= 20),
    number text NOT NULL CHECK (length(number) BETWEEN 1 AND 50),
    registration_number text CHECK (length(registration_number) <= 50),
    issued_on date NOT NULL,
    result text NOT NULL CHECK (length(result) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, document_type_id, series, number)
);
CREATE INDEX issued_documents_org ON issued_documents (org_id, issued_on DESC, id DESC);

-- One lesson of a group's schedule, in the region's wall-clock time. The exclusion constraints are the rule "a teacher,
-- a room or a group is never in two lessons at once": concurrent requests cannot both win.
CREATE TABLE schedule_lessons (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id uuid NOT NULL,
    org_id uuid NOT NULL,
    plan_lesson_id uuid REFERENCES module_lessons (id) ON DELETE SET NULL,
    topic text CHECK (length(topic) <= 500),
    starts_at timestamp NOT NULL,
    ends_at timestamp NOT NULL CHECK (ends_at > starts_at),
    academic_hours int NOT NULL CHECK (academic_hours BETWEEN 1 AND 12),
    teacher_id uuid,
    room_id uuid,
    during tsrange GENERATED ALWAYS AS (tsrange(starts_at, ends_at, '[)')) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (group_id, org_id) REFERENCES study_groups (id, org_id) ON DELETE CASCADE,
    FOREIGN KEY (teacher_id, org_id) REFERENCES staff_resources (id, org_id),
    FOREIGN KEY (room_id, org_id) REFERENCES rooms (id, org_id),
    CONSTRAINT schedule_teacher_busy EXCLUDE USING gist (teacher_id WITH =, during WITH &&) WHERE (teacher_id IS NOT NULL),
    CONSTRAINT schedule_room_busy EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (room_id IS NOT NULL),
    CONSTRAINT schedule_group_busy EXCLUDE USING gist (group_id WITH =, during WITH &&)
);
CREATE INDEX schedule_lessons_group ON schedule_lessons (group_id, starts_at);
CREATE INDEX schedule_lessons_org_time ON schedule_lessons (org_id, starts_at);
CREATE INDEX schedule_lessons_time ON schedule_lessons (starts_at);

-- Gradebook cells: a grade or an attendance mark (Н absent, Б sick, О late) per learner and scheduled lesson.
CREATE TABLE gradebook_marks (
    schedule_lesson_id uuid NOT NULL REFERENCES schedule_lessons (id) ON DELETE CASCADE,
    application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    mark text NOT NULL CHECK (mark IN ('1', '2', '3', '4', '5', 'Н', 'Б', 'О')),
    set_by uuid REFERENCES users (id),
    set_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, schedule_lesson_id)
);
CREATE INDEX gradebook_marks_lesson ON gradebook_marks (schedule_lesson_id);

-- groups with their start dates show in the catalog (start-date filter, upcoming groups on the program page)
CREATE TRIGGER study_groups_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON study_groups
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();

-- One CSV field as CSVStream.escape writes it (RFC 4180 quoting; a leading = + - @ that is not a number gets a ' so that
-- spreadsheets do not run it as a formula). Simple SQL expressions, so PostgreSQL inlines them into big exports.
CREATE FUNCTION csv_quote(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '[",\r\n]' THEN '"' || replace(value, '"', '""') || '"' ELSE value END
$$;
CREATE FUNCTION csv_field(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN ''
                WHEN value ~ '^[=+@-]' AND value !~ '^[+-]?[0-9]+([.][0-9]+)?$' THEN csv_quote('''' || value)
                ELSE csv_quote(value) END
$$;
