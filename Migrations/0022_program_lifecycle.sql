-- Programs after publication (issue 12; seed 000 §5, seed 002 App.4 §3.4).
--
-- «Режим обучения» beside the form of study: with a break from work, a partial one, or without.
ALTER TABLE programs ADD COLUMN study_mode text
    CHECK (study_mode IN ('full_release', 'partial_release', 'no_release'));

-- A new version of a published program is a program row of its own (a draft, then moderation) pointing at the
-- published one, which stays in the catalog unchanged until the new version is published over it: a published course
-- is never edited silently. One new version at a time.
ALTER TABLE programs ADD COLUMN revision_of uuid REFERENCES programs (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX programs_one_revision ON programs (revision_of) WHERE revision_of IS NOT NULL;
