-- Participant categories as seed 000 §9 («Участники») lists them, in its order, with stable codes. Names are changed
-- only where nobody has edited them since 0003; the categories the region added stay after the seed's.
UPDATE directory_items SET name = v.name, sort_order = v.ord
FROM (VALUES ('teachers', 'Педагогические работники', 'Педагогические работники', 1),
             ('schoolchildren', 'Школьники', 'Обучающиеся общеобразовательных организаций', 2),
             ('students', 'Студенты', 'Обучающиеся профессиональных образовательных организаций', 4),
             ('pre_retirement', 'Граждане предпенсионного возраста', 'Лица старше 50 лет и предпенсионного возраста', 6))
     AS v(code, old_name, name, ord)
WHERE kind = 'participant_categories' AND directory_items.code = v.code AND directory_items.name = v.old_name;

INSERT INTO directory_items (kind, code, name, sort_order) VALUES
 ('participant_categories', 'employees', 'Работники организаций и предприятий', 5)
ON CONFLICT (kind, code) DO NOTHING;

UPDATE directory_items SET sort_order = v.ord
FROM (VALUES ('adults', 7), ('unemployed', 8), ('disabled', 9)) AS v(code, ord)
WHERE kind = 'participant_categories' AND directory_items.code = v.code;
