-- The legal length of each kind of program, as directory data checked when a program is sent to moderation
-- (Федеральный закон № 273-ФЗ ст. 76, приказ Минобрнауки № 499: повышение квалификации — не менее 16 часов,
-- профессиональная переподготовка — не менее 250 часов). Subkinds narrow it (16–71, from 72). Professional training
-- (профессиональное обучение) has no minimum in law; its programs set their own length.
UPDATE directory_items SET details = details || v.limits::jsonb
FROM (VALUES ('pk', '{"minHours": 16}'), ('pp', '{"minHours": 250}'),
             ('pk_16', '{"minHours": 16, "maxHours": 71}'), ('pk_72', '{"minHours": 72}'),
             ('pp_250', '{"minHours": 250}')) AS v(code, limits)
WHERE kind = 'program_kinds' AND directory_items.code = v.code;
