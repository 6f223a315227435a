-- Organization profile tabs (SPEC §4, seed 000 §2, seed 004): main, competencies and professions, description, contacts,
-- requisites, documents/licenses/accreditations, logo and gallery.
ALTER TABLE organizations
    ADD COLUMN public_name text,
    ADD COLUMN org_type_id uuid REFERENCES directory_items (id),
    ADD COLUMN roles text[] NOT NULL DEFAULT '{}' CHECK (roles <@ ARRAY['customer', 'contractor', 'employer']::text[]),
    ADD COLUMN is_branch boolean NOT NULL DEFAULT false,
    ADD COLUMN parent_org_id uuid REFERENCES organizations (id),
    ADD COLUMN municipality_id uuid REFERENCES directory_items (id),
    ADD COLUMN description text,
    ADD COLUMN contacts jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN head_name text,
    ADD COLUMN head_position text,
    ADD COLUMN okpo text CHECK (okpo ~ '^([0-9]{8}|[0-9]{10})$'),
    ADD COLUMN okved_main text CHECK (okved_main ~ '^[0-9]{2}(\.[0-9]{1,2}){0,2}$'),
    ADD COLUMN okved_extra text[] NOT NULL DEFAULT '{}',
    ADD COLUMN bank_name text,
    ADD COLUMN bik text CHECK (bik ~ '^04[0-9]{7}$'),
    ADD COLUMN corr_account text CHECK (corr_account ~ '^[0-9]{20}$'),
    ADD COLUMN settlement_account text CHECK (settlement_account ~ '^[0-9]{20}$'),
    ADD COLUMN legal_form_id uuid REFERENCES directory_items (id),
    ADD COLUMN legal_status text CHECK (legal_status IN ('autonomous', 'budget', 'state_owned')),
    ADD COLUMN settlement_type text CHECK (settlement_type IN ('city', 'village')),
    ADD COLUMN logo_file_id uuid REFERENCES files (id),
    ADD CONSTRAINT organizations_branch_parent CHECK (is_branch = (parent_org_id IS NOT NULL)),
    ADD CONSTRAINT organizations_not_own_parent CHECK (parent_org_id <> id);
UPDATE organizations SET roles = ARRAY[kind];
CREATE INDEX organizations_name ON organizations (short_name, id);
CREATE INDEX organizations_municipality ON organizations (municipality_id);
CREATE INDEX organizations_search ON organizations USING gin (lower(full_name || ' ' || short_name || ' ' || coalesce(public_name, '')) gin_trgm_ops);

CREATE TABLE organization_competencies (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    competency_id uuid NOT NULL REFERENCES directory_items (id),
    PRIMARY KEY (org_id, competency_id)
);
CREATE INDEX organization_competencies_competency ON organization_competencies (competency_id);

CREATE TABLE organization_professions (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    profession_id uuid NOT NULL REFERENCES directory_items (id),
    PRIMARY KEY (org_id, profession_id)
);

-- Documents, licenses and accreditations; each a file with its particulars.
CREATE TABLE organization_documents (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('document', 'license', 'accreditation')),
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    number text,
    issued_at date,
    valid_until date CHECK (valid_until IS NULL OR issued_at IS NULL OR valid_until >= issued_at),
    issuer text,
    file_id uuid REFERENCES files (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organization_documents_org ON organization_documents (org_id, kind, created_at DESC);

CREATE TABLE organization_gallery (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    file_id uuid NOT NULL REFERENCES files (id),
    caption text,
    sort_order int NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organization_gallery_org ON organization_gallery (org_id, sort_order, created_at);
