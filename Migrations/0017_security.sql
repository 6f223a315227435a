-- Security fixes of issue 10.

-- 1. Sessions end by an exact counter, not by comparing clocks: every access token carries the account's session epoch
-- (claim `sep`) and is refused once the epoch moved on (block, deletion, password change, logout). A timestamp compared
-- with the token's whole-second `iat` kept a token issued in the same second as a block alive.
ALTER TABLE users ADD COLUMN session_epoch bigint NOT NULL DEFAULT 0;
DROP TRIGGER users_account_changed ON users;
ALTER TABLE users DROP COLUMN sessions_valid_after;
CREATE TRIGGER users_account_changed AFTER UPDATE OF blocked_at, deleted_at, session_epoch ON users
    FOR EACH ROW WHEN (OLD.blocked_at IS DISTINCT FROM NEW.blocked_at OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
                       OR OLD.session_epoch IS DISTINCT FROM NEW.session_epoch)
    EXECUTE FUNCTION notify_account_changed();

-- 2. Rights are read from the database on every request (remembered per user until a notice), not trusted from the
-- token for 15 minutes: a change of roles, of a membership or of an organization's status or kind tells every server
-- to forget the users it concerns.
CREATE FUNCTION notify_rights_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    member uuid;
BEGIN
    IF TG_TABLE_NAME = 'organizations' THEN
        FOR member IN SELECT user_id FROM memberships WHERE org_id = NEW.id LOOP
            PERFORM pg_notify('account_changed', member::text);
        END LOOP;
    ELSE
        PERFORM pg_notify('account_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END)::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER user_roles_rights_changed AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION notify_rights_changed();
CREATE TRIGGER memberships_rights_changed AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION notify_rights_changed();
CREATE TRIGGER organizations_rights_changed AFTER UPDATE OF status, kind ON organizations
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION notify_rights_changed();

-- 3. One table for every request limit (login failures, password-reset and confirmation e-mails), counted under an
-- advisory lock per key so that parallel requests cannot all pass a check made before any of them was recorded.
CREATE TABLE rate_events (
    id bigserial PRIMARY KEY,
    bucket text NOT NULL,
    key text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX rate_events_key ON rate_events (bucket, key, at);
DROP TABLE login_attempts;

-- 4. Idempotency keys belong to an authenticated caller; anonymous answers (tokens among them) were stored in plain text.
DELETE FROM idempotency_keys WHERE scope = 'anonymous';

-- 5. A mass application names people; it links to an account only when that person accepts by the e-mailed link.
-- Until then the row is the employer's record of the person: one active record per program and e-mail, and the person
-- may still apply on their own.
DROP INDEX applications_one_active_per_email;
CREATE UNIQUE INDEX applications_one_active_record_per_email ON applications (program_id, email)
    WHERE learner_id IS NULL AND status IN ('new', 'postponed', 'confirmed', 'studying');
-- a batch names the people an organization already sent to the program (accepted or not) before writing anything
CREATE INDEX applications_sent_by_organization ON applications (program_id, email)
    WHERE batch_id IS NOT NULL AND status IN ('new', 'postponed', 'confirmed', 'studying');

CREATE TABLE application_invitations (
    application_id uuid PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- 6. Upload quotas: bytes per organization (index files_org) and per person for files of no organization.
CREATE INDEX files_personal ON files (owner_user_id) WHERE org_id IS NULL;

-- 7. A program's cover and material files are public while the program is published (not from the moment of attaching).
CREATE INDEX program_materials_file ON program_materials (file_id) WHERE file_id IS NOT NULL;
CREATE INDEX programs_cover_file ON programs (cover_file_id) WHERE cover_file_id IS NOT NULL;

-- 8. CSV cells: tab and carriage return also start a formula (OWASP's list), also behind leading quotes (`"=1`), and an
-- empty value is an empty cell. A formula character after a `;` or a line break inside a field is guarded by the server
-- on the line's bytes (CSVStream.guardingCellStarts): the same check here doubled PostgreSQL's time for the whole export
-- (2.5–3 s became 4–7 s on 1,270,000 rows of seven text fields, tried with strpos, LIKE and regular expressions).
CREATE OR REPLACE FUNCTION csv_text(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL OR value = '' THEN ''
                WHEN left(ltrim(value, '"'), 1) IN ('=', '+', '-', '@', E'\t', E'\r') AND value !~ '^[+-]?[0-9]+([.][0-9]+)?$'
                    THEN '"''' || replace(value, '"', '""') || '"'
                ELSE '"' || replace(value, '"', '""') || '"' END
$$;
