-- The expert sheet (seed 000 «Экспертный лист … с факсимиле эксперта») is signed with the expert's facsimile: a PNG
-- or JPEG the expert uploads once and every sheet of theirs carries.
ALTER TABLE users ADD COLUMN facsimile_file_id uuid REFERENCES files (id) ON DELETE SET NULL;

-- The protocol lists programs by the day they passed.
CREATE INDEX program_expertise_passed ON program_expertise (passed_at DESC, program_id) WHERE status = 'passed';

-- The catalog's list shows «Прошла экспертизу» on a card: the card carries it, and a program passing rewrites its card
-- (which notifies `p:<program>`, so a remembered answer holding the card is dropped).
CREATE OR REPLACE FUNCTION catalog_card(program uuid) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', p.id, 'fullName', p.full_name, 'shortName', p.short_name,
      'organization', json_build_object('id', o.id, 'shortName', o.short_name, 'publicName', o.public_name),
      'kind', (SELECT json_build_object('id', d.id, 'code', d.code, 'name', d.name)
               FROM directory_items d WHERE d.id = p.kind_id),
      'studyForm', (SELECT json_build_object('id', d.id, 'code', d.code, 'name', d.name)
                    FROM directory_items d WHERE d.id = p.study_form_id),
      'municipality', (SELECT json_build_object('id', d.id, 'code', d.code, 'name', d.name)
                       FROM directory_items d WHERE d.id = o.municipality_id),
      'hours', (SELECT coalesce(sum(l.hours), 0) FROM program_modules pm
                JOIN module_topics t ON t.module_id = pm.module_id JOIN module_lessons l ON l.topic_id = t.id
                WHERE pm.program_id = p.id),
      'price', p.price, 'funding', p.funding, 'accessible', p.accessible,
      'expertisePassed', EXISTS (SELECT 1 FROM program_expertise x WHERE x.program_id = p.id AND x.status = 'passed'),
      'competencies', coalesce((SELECT json_agg(d.name ORDER BY d.name) FROM program_competencies pc
                                JOIN directory_items d ON d.id = pc.competency_id WHERE pc.program_id = p.id), '[]'),
      'cover', CASE WHEN p.cover_file_id IS NULL THEN NULL ELSE '/api/v1/files/' || p.cover_file_id END,
      'publishedAt', to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    FROM programs p JOIN organizations o ON o.id = p.org_id WHERE p.id = program
$$;

CREATE FUNCTION program_expertise_card() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_cards_refresh(ARRAY[NEW.program_id]);
    RETURN NULL;
END
$$;
CREATE TRIGGER program_expertise_passed AFTER UPDATE OF status ON program_expertise
    FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION program_expertise_card();

SELECT catalog_cards_refresh(coalesce(array_agg(program_id), '{}')) FROM program_expertise WHERE status = 'passed';
