-- The documents service (SPEC §16): templates an administrator replaces (a DOCX per kind; none stored = the default
-- the platform ships), and every certificate the platform made, by a code its public verification page reads.
CREATE TABLE document_templates (
    kind text PRIMARY KEY,
    content bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 5242880),
    file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    uploaded_by uuid REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1
);

-- One row per document and subject (a sign-up, a group, an application): downloading again gives the same code.
CREATE TABLE generated_documents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{10}$'),
    kind text NOT NULL,
    subject_id uuid NOT NULL,
    org_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
    number text,
    person text,
    title text NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now(),
    downloads int NOT NULL DEFAULT 1,
    UNIQUE (kind, subject_id)
);

-- «Факсимиле подписи руководителя»: the image certificates and orders of the organization carry
ALTER TABLE organizations ADD COLUMN signature_file_id uuid REFERENCES files (id);
