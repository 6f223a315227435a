-- Reference directories (справочники, SPEC §3): one table for every kind; each item has a stable code for integrations.
CREATE TABLE directory_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind text NOT NULL,
    code text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,64}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
    parent_id uuid REFERENCES directory_items (id) ON DELETE RESTRICT,
    active boolean NOT NULL DEFAULT true,
    sort_order int NOT NULL DEFAULT 0,
    -- competencies only: priority of the region (flag + order) and the lists that pre-fill module parameters
    is_priority boolean NOT NULL DEFAULT false,
    priority_order int,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version int NOT NULL DEFAULT 1,
    UNIQUE (kind, code)
);
CREATE INDEX directory_items_list ON directory_items (kind, sort_order, name, id);
CREATE INDEX directory_items_parent ON directory_items (parent_id);
CREATE INDEX directory_items_search ON directory_items USING gin (lower(name) gin_trgm_ops);

-- National reference data every deployment needs (regional lists such as municipalities come with the region's data).
INSERT INTO directory_items (kind, code, name, sort_order) VALUES
 ('program_kinds', 'pk', 'Повышение квалификации', 1),
 ('program_kinds', 'pp', 'Профессиональная переподготовка', 2),
 ('program_kinds', 'po', 'Профессиональное обучение', 3),
 ('program_kinds', 'dop', 'Дополнительная общеобразовательная программа', 4),
 ('study_forms', 'full_time', 'Очная', 1),
 ('study_forms', 'part_time', 'Очно-заочная', 2),
 ('study_forms', 'extramural', 'Заочная', 3),
 ('study_forms', 'distance', 'Дистанционная', 4),
 ('education_document_types', 'uq', 'Удостоверение о повышении квалификации', 1),
 ('education_document_types', 'dpp', 'Диплом о профессиональной переподготовке', 2),
 ('education_document_types', 'svid', 'Свидетельство о профессии рабочего, должности служащего', 3),
 ('education_document_types', 'cert', 'Сертификат', 4),
 ('education_document_types', 'spravka', 'Справка об обучении', 5),
 ('organization_types', 'dpo', 'Организация дополнительного профессионального образования', 1),
 ('organization_types', 'poo', 'Профессиональная образовательная организация', 2),
 ('organization_types', 'vuz', 'Образовательная организация высшего образования', 3),
 ('organization_types', 'employer', 'Работодатель', 4),
 ('organization_types', 'other', 'Другие', 5),
 ('legal_forms', 'state', 'Государственная', 1),
 ('legal_forms', 'municipal', 'Муниципальная', 2),
 ('legal_forms', 'private', 'Негосударственная', 3),
 ('participant_categories', 'schoolchildren', 'Школьники', 1),
 ('participant_categories', 'students', 'Студенты', 2),
 ('participant_categories', 'adults', 'Взрослые', 3),
 ('participant_categories', 'pre_retirement', 'Граждане предпенсионного возраста', 4),
 ('participant_categories', 'unemployed', 'Безработные граждане', 5),
 ('participant_categories', 'disabled', 'Лица с ОВЗ и инвалидностью', 6),
 ('participant_categories', 'teachers', 'Педагогические работники', 7),
 ('event_levels', 'organization', 'Уровень образовательной организации', 1),
 ('event_levels', 'municipal', 'Муниципальный', 2),
 ('event_levels', 'regional', 'Региональный', 3),
 ('event_levels', 'interregional', 'Межрегиональный', 4),
 ('event_levels', 'federal', 'Всероссийский', 5),
 ('event_levels', 'international', 'Международный', 6),
 ('room_types', 'classroom', 'Учебная аудитория', 1),
 ('room_types', 'computer_lab', 'Компьютерный класс', 2),
 ('room_types', 'workshop', 'Мастерская', 3),
 ('room_types', 'laboratory', 'Лаборатория', 4),
 ('room_types', 'conference', 'Конференц-зал', 5),
 ('room_types', 'gym', 'Спортивный зал', 6),
 ('equipment_types', 'pc', 'Персональный компьютер', 1),
 ('equipment_types', 'projector', 'Мультимедийный проектор', 2),
 ('equipment_types', 'interactive_board', 'Интерактивная доска', 3),
 ('equipment_types', 'cnc', 'Станок с ЧПУ', 4),
 ('equipment_types', 'welding', 'Сварочный пост', 5),
 ('equipment_types', 'simulator', 'Тренажёр', 6),
 ('equipment_types', 'lab_stand', 'Лабораторный стенд', 7),
 ('equipment_types', 'software', 'Программное обеспечение', 8),
 ('cancellation_reasons', 'applicant_request', 'По просьбе заявителя', 1),
 ('cancellation_reasons', 'no_group', 'Группа не сформирована', 2),
 ('cancellation_reasons', 'requirements', 'Не соответствует требованиям к обучающимся', 3),
 ('cancellation_reasons', 'duplicate', 'Повторная заявка', 4),
 ('cancellation_reasons', 'no_contact', 'Не удалось связаться с заявителем', 5);

-- subkinds of program kinds
INSERT INTO directory_items (kind, code, name, parent_id, sort_order)
SELECT 'program_kinds', v.code, v.name, p.id, v.ord
FROM (VALUES ('pk', 'pk_16', 'Повышение квалификации (16–71 ч)', 1), ('pk', 'pk_72', 'Повышение квалификации (от 72 ч)', 2),
             ('pp', 'pp_250', 'Переподготовка (от 250 ч)', 1),
             ('po', 'po_podg', 'Профессиональная подготовка', 1), ('po', 'po_perepodg', 'Переподготовка рабочих и служащих', 2),
             ('po', 'po_pk', 'Повышение квалификации рабочих и служащих', 3)) AS v(parent, code, name, ord)
JOIN directory_items p ON p.kind = 'program_kinds' AND p.code = v.parent;
