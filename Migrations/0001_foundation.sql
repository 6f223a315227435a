-- Foundation: accounts, organizations, tokens, inbox, background jobs and the audit log.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL CHECK (kind IN ('employer', 'contractor')),
    full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 500),
    short_name text NOT NULL CHECK (length(short_name) BETWEEN 1 AND 255),
    inn text NOT NULL CHECK (inn ~ '^[0-9]{10}([0-9]{2})?$'),
    ogrn text NOT NULL CHECK (ogrn ~ '^[0-9]{13}([0-9]{2})?$'),
    kpp text CHECK (kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
    address text NOT NULL,
    phone text NOT NULL,
    email text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    moderation_comment text,
    moderated_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1
);
-- A rejected application does not block registering the same organization again.
CREATE UNIQUE INDEX organizations_inn_kpp_key ON organizations (inn, coalesce(kpp, '')) WHERE status <> 'rejected';
CREATE INDEX organizations_status ON organizations (status, created_at DESC, id DESC);

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
    password_hash text,
    last_name text NOT NULL,
    first_name text NOT NULL,
    middle_name text,
    phone text,
    birth_date date,
    snils text CHECK (snils ~ '^[0-9]{11}$'),
    personal_data_consent_at timestamptz,
    email_confirmed_at timestamptz,
    blocked_at timestamptz,
    blocked_reason text,
    deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_created ON users (created_at DESC, id DESC);
CREATE INDEX users_search ON users USING gin (
    (lower(last_name || ' ' || first_name || ' ' || coalesce(middle_name, '') || ' ' || email)) gin_trgm_ops);

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('admin', 'moderator', 'copp_staff', 'coordinator', 'contractor', 'employer',
        'teacher', 'developer', 'expert', 'learner', 'spk_staff', 'tsok_staff', 'site_staff')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by uuid REFERENCES users (id),
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role);

-- Membership of a person in an organization; `admin` level manages the organization's staff.
CREATE TABLE memberships (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    level text NOT NULL DEFAULT 'member' CHECK (level IN ('admin', 'member')),
    position text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX memberships_org ON memberships (org_id);

CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id uuid NOT NULL,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Single-use links sent by e-mail: confirm address, reset password, set the first password.
CREATE TABLE action_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password', 'set_password')),
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE login_attempts (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    ip text NOT NULL,
    succeeded boolean NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (email, at) WHERE NOT succeeded;
CREATE INDEX login_attempts_ip ON login_attempts (ip, at) WHERE NOT succeeded;

-- Inbox («Мои сообщения»).
CREATE TABLE messages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject text NOT NULL,
    body text NOT NULL,
    link text,
    read_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_user ON messages (user_id, created_at DESC, id DESC);

CREATE TABLE jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts int NOT NULL DEFAULT 0,
    max_attempts int NOT NULL DEFAULT 15,
    run_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    finished_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'pending';

CREATE TABLE audit_log (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    actor_id uuid REFERENCES users (id),
    action text NOT NULL,
    entity text NOT NULL,
    entity_id uuid,
    before jsonb,
    after jsonb,
    request_id text,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
