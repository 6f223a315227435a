-- Servers keep each account's state (blocked, deleted, sessions revoked after) in memory for the check that precedes
-- every authenticated request; a change sends NOTIFY account_changed with the user's id and every server forgets it.
CREATE FUNCTION notify_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('account_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
    RETURN NULL;
END $$;

CREATE TRIGGER users_account_changed AFTER UPDATE OF blocked_at, deleted_at, sessions_valid_after ON users
    FOR EACH ROW WHEN (OLD.blocked_at IS DISTINCT FROM NEW.blocked_at OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
                       OR OLD.sessions_valid_after IS DISTINCT FROM NEW.sessions_valid_after)
    EXECUTE FUNCTION notify_account_changed();
CREATE TRIGGER users_account_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_account_changed();
