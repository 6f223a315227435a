-- An organization attaches an account that already exists (seed 004 §1: people register themselves, then an operator
-- attaches them). The account's owner consents: the invitation waits in their cabinet until they accept or decline
-- it; the organization's admins see it and may withdraw it. One open invitation per person and organization.
CREATE TABLE staff_invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles text[] NOT NULL,
    level text NOT NULL CHECK (level IN ('admin', 'member')),
    position text CHECK (length(position) <= 200),
    invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL DEFAULT now() + interval '14 days',
    answered_at timestamptz,
    answer text CHECK (answer IN ('accepted', 'declined', 'withdrawn')),
    CHECK ((answered_at IS NULL) = (answer IS NULL))
);
CREATE UNIQUE INDEX staff_invitations_open ON staff_invitations (org_id, user_id) WHERE answered_at IS NULL;
CREATE INDEX staff_invitations_user ON staff_invitations (user_id) WHERE answered_at IS NULL;
