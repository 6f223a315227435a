-- Uploaded files: bytes live under FILES_DIR addressed by SHA-256; who owns them and who may read them lives here.
CREATE TABLE files (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint NOT NULL CHECK (size > 0),
    mime text NOT NULL,
    original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
    width int CHECK (width > 0),
    height int CHECK (height > 0),
    owner_user_id uuid REFERENCES users (id),
    org_id uuid REFERENCES organizations (id),
    is_public boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_sha256 ON files (sha256);
CREATE INDEX files_org ON files (org_id);
