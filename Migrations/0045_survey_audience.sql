-- A survey's audience (SPEC §11 «surveys for any audience»): roles, organizations (their members) and groups (their
-- learners). Each list given narrows it — teachers of one college are roles {teacher} and that organization — and an
-- empty list does not; all three empty: everyone signed in.
ALTER TABLE questionnaires
    ADD COLUMN audience_org_ids uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN audience_group_ids uuid[] NOT NULL DEFAULT '{}';
