-- Access tokens issued before this moment stop working at once (block, delete, password change), not 15 minutes later.
ALTER TABLE users ADD COLUMN sessions_valid_after timestamptz;
