import Foundation
import PostgresNIO

/// A region that looks alive on the first start (issue 12 item 9): six more colleges across municipalities, 150
/// published programs named from the professions directory with lengths their kinds allow, groups past, running and
/// upcoming with schedules, applications in every status, registries and journals with marks. Deterministic (no
/// randomness: every choice is a function of a row number) and set-based SQL, so it loads in seconds.
enum DemoCatalog {
    static let colleges: [(short: String, full: String, innBase: String, ogrnBase: String, municipality: String)] = [
        (
            "ГБПОУ ИО «АИТ»", "ГБПОУ Иркутской области «Ангарский индустриальный техникум»", "380100111",
            "110380100111",
            "38-02"
        ),
        (
            "ГБПОУ ИО «БПромТ»", "ГБПОУ Иркутской области «Братский промышленный техникум»", "380400222",
            "110380400222", "38-03"
        ),
        (
            "ГАПОУ ИО «УИТ»", "ГАПОУ Иркутской области «Усольский индустриальный техникум»", "381900333",
            "110381900333", "38-04"
        ),
        (
            "ГБПОУ ИО «ЧТТ»", "ГБПОУ Иркутской области «Черемховский технико-технологический техникум»", "382000444",
            "110382000444", "38-06"
        ),
        (
            "ГБПОУ ИО «ИКАТ»", "ГБПОУ Иркутской области «Иркутский колледж автомобильного транспорта»", "380800555",
            "110380800555", "38-01"
        ),
        (
            "ГБПОУ ИО «ТАТ»", "ГБПОУ Иркутской области «Тайшетский аграрно-технологический техникум»", "381500666",
            "110381500666", "38-11"
        ),
    ]

    /// Subjects of short courses (повышение квалификации), appended to a profession.
    static let topics = [
        "современные технологии и оборудование", "охрана труда и промышленная безопасность",
        "цифровые инструменты в профессии", "подготовка к демонстрационному экзамену", "наставничество на производстве",
        "бережливое производство", "контроль качества и работа с документацией", "новые материалы и технологии",
    ]
    static let audiences = [
        "работающих специалистов, которым нужно обновить знания", "людей, которые хотят сменить профессию",
        "выпускников колледжей и молодых рабочих", "граждан предпенсионного возраста",
        "сотрудников предприятий по направлению работодателя", "людей, ищущих работу",
    ]
    static let practices = [
        "в мастерских ЦОПП на современном оборудовании", "на рабочих местах предприятий-партнёров",
        "на тренажёрах и в учебных лабораториях колледжа", "в формате проектной работы с наставником",
    ]

    static func load(college: UUID, hash: String, on conn: PostgresConnection, db: Database) async throws {
        let orgs = OrganizationsRepository(db: db)
        var contractors = [college]
        for c in colleges {
            let id = try await orgs.insert(
                NewOrganization(
                    kind: "contractor", fullName: c.full, shortName: c.short, inn: DemoData.inn10(c.innBase),
                    ogrn: DemoData.ogrn13(c.ogrnBase), kpp: String(c.innBase.prefix(4)) + "01001",
                    address: "Иркутская область", phone: "+7 (3952) 20-00-00", email: "info@\(c.innBase).demo"),
                on: conn)
            try await conn.run(
                """
                UPDATE organizations SET status = 'approved', roles = ARRAY['contractor'],
                  municipality_id = (SELECT id FROM directory_items WHERE kind = 'municipalities'
                    AND code = \(c.municipality)),
                  public_name = \(c.short),
                  description = 'Профессиональная образовательная организация: программы повышения квалификации, '
                    || 'переподготовки и профессионального обучения для жителей и предприятий района.'
                WHERE id = \(id)
                """, logger: db.logger)
            contractors.append(id)
        }
        try await modules(contractors, on: conn, db: db)
        try await programs(contractors, on: conn, db: db)
        try await training(college: college, hash: hash, on: conn, db: db)
        try await DemoTests.load(college: college, on: conn, db: db)
        try await DemoCheckTasks.load(college: college, on: conn, db: db)
        try await DemoMaterials.load(college: college, on: conn, db: db)
        try await DemoQuality.sendPrograms(college: college, on: conn, db: db)
        try await DemoQuality.passProgram(college: college, hash: hash, on: conn, db: db)
        try await DemoQuality.askFinishedGroups(college: college, on: conn, db: db)
        try await DemoQuality.feedback(college: college, on: conn, db: db)
    }

    /// Four modules per college whose plans sum to lengths the program kinds allow: 24, 72, 120 and 256 hours.
    static func modules(_ orgs: [UUID], on conn: PostgresConnection, db: Database) async throws {
        try await conn.run(
            """
            WITH sizes(hours, name) AS (VALUES (24, 'Краткий курс'), (72, 'Углублённый курс'),
                                               (120, 'Профессиональное обучение'), (256, 'Переподготовка')),
            m AS (INSERT INTO modules (org_id, name)
                  SELECT o, s.name || ' (' || s.hours || ' ч)' FROM unnest(\(orgs)::uuid[]) o, sizes s
                  RETURNING id, name),
            t AS (INSERT INTO module_topics (module_id, name, position)
                  SELECT m.id, x.name, x.pos FROM m,
                    (VALUES ('Теоретические основы', 1), ('Практика в мастерской', 2), ('Итоговая аттестация', 3))
                      AS x(name, pos)
                  RETURNING id, module_id, position)
            INSERT INTO module_lessons (topic_id, name, kind, hours, position)
            SELECT t.id, CASE t.position WHEN 1 THEN 'Лекции' WHEN 2 THEN 'Практические занятия' ELSE 'Зачёт' END,
                   CASE t.position WHEN 1 THEN 'lecture' WHEN 2 THEN 'practice' ELSE 'assessment' END,
                   CASE t.position WHEN 1 THEN h / 3 WHEN 2 THEN h - h / 3 - greatest(2, h / 30)
                     ELSE greatest(2, h / 30) END,
                   1
            FROM t JOIN m ON m.id = t.module_id
            CROSS JOIN LATERAL (SELECT substring(m.name FROM '\\((\\d+) ч\\)')::int AS h) plan
            """, logger: db.logger)
    }

    /// 150 published programs: повышение квалификации (24 or 72 h), профессиональное обучение (120 h) and
    /// переподготовка (256 h), named from the professions directory, each with a competency, a profession and the
    /// module of its length.
    static func programs(_ orgs: [UUID], on conn: PostgresConnection, db: Database) async throws {
        try await conn.run(
            """
            WITH o AS (SELECT o, n - 1 AS n FROM unnest(\(orgs)::uuid[]) WITH ORDINALITY AS x(o, n)),
            prof AS (SELECT p.id, p.name, i.name AS industry, i.code AS industry_code,
                       row_number() OVER (ORDER BY p.code) - 1 AS n, count(*) OVER () AS total
                     FROM directory_items p JOIN directory_items i ON i.id = p.parent_id
                     WHERE p.kind = 'professions'),
            g AS (SELECT g, CASE WHEN g % 10 < 4 THEN 'pk_16' WHEN g % 10 < 6 THEN 'pk_72'
                                 WHEN g % 10 < 8 THEN 'po_podg'
                                 ELSE 'pp_250' END AS subkind
                  FROM generate_series(0, 149) g),
            src AS (
              SELECT g.g, g.subkind, o.o AS org, prof.id AS profession, prof.name AS profession_name, prof.industry,
                     prof.industry_code
              FROM g JOIN o ON o.n = g.g % \(orgs.count)
              JOIN prof ON prof.n = (g.g * 7 + g.g / 19) % prof.total)
            INSERT INTO programs (org_id, status, full_name, short_name, description, kind_id, subkind_id,
              study_form_id, study_mode, funding, price, accessible, published_at, qualification, direction,
              issued_document_type_id, learner_requirements, final_attestation)
            SELECT src.org, 'published',
                   CASE WHEN src.subkind LIKE 'pk%' THEN src.profession_name || ': '
                          || (\(topics))[1 + src.g % \(topics.count)]
                        WHEN src.subkind = 'po_podg' THEN 'Профессиональное обучение по профессии «'
                          || src.profession_name || '»'
                        ELSE 'Профессиональная переподготовка «' || src.profession_name || '»' END,
                   src.profession_name,
                   'Программа для ' || (\(audiences))[1 + src.g % \(audiences.count)] || '. Слушатели осваивают '
                     || 'то, что сегодня нужно в профессии «' || src.profession_name || '» (направление «'
                     || src.industry || '»): устройство оборудования, технологию работ, требования охраны труда и '
                     || 'контроль качества. Практика проходит ' || (\(practices))[1 + src.g % \(practices.count)]
                     || '. Занятия ведут мастера производственного обучения и специалисты предприятий региона.',
                   (SELECT parent_id FROM directory_items WHERE kind = 'program_kinds' AND code = src.subkind),
                   (SELECT id FROM directory_items WHERE kind = 'program_kinds' AND code = src.subkind),
                   (SELECT id FROM directory_items WHERE kind = 'study_forms'
                      AND code = (ARRAY['full_time', 'full_time', 'part_time', 'distance'])[1 + src.g % 4]),
                   (ARRAY['no_release', 'partial_release', 'full_release'])[1 + src.g % 3],
                   CASE WHEN src.g % 5 = 0 THEN 'free' WHEN src.g % 7 = 0 THEN 'certificate' ELSE 'paid' END,
                   CASE WHEN src.g % 5 = 0 THEN NULL
                        WHEN src.subkind = 'pk_16' THEN 6000 + (src.g % 8) * 1000
                        WHEN src.subkind = 'pk_72' THEN 14000 + (src.g % 6) * 2000
                        WHEN src.subkind = 'po_podg' THEN 28000 + (src.g % 5) * 3000
                        ELSE 45000 + (src.g % 6) * 5000 END,
                   src.g % 6 = 0, now() - make_interval(days => src.g % 120, hours => src.g % 24),
                   src.profession_name, src.industry,
                   (SELECT id FROM directory_items WHERE kind = 'education_document_types'
                      AND code = CASE WHEN src.subkind LIKE 'pk%' THEN 'uq' WHEN src.subkind = 'pp_250' THEN 'dpp'
                                      ELSE 'svid' END),
                   CASE WHEN src.subkind = 'pp_250' THEN 'Среднее профессиональное или высшее образование'
                        ELSE 'Без требований к образованию; возраст от 18 лет' END,
                   CASE WHEN src.subkind = 'po_podg' THEN 'Квалификационный экзамен' ELSE 'Зачёт с оценкой' END
            FROM src ORDER BY src.g
            """, logger: db.logger)
        try await conn.run(
            """
            WITH p AS (SELECT p.id, p.org_id, s.code, row_number() OVER (ORDER BY p.published_at, p.id) AS n
                       FROM programs p JOIN directory_items s ON s.id = p.subkind_id
                       WHERE p.org_id = ANY(\(orgs)) AND NOT EXISTS (SELECT 1 FROM program_modules x
                         WHERE x.program_id = p.id)),
            pm AS (INSERT INTO program_modules (program_id, module_id, position)
                   SELECT p.id, m.id, 1 FROM p JOIN modules m ON m.org_id = p.org_id
                     AND m.name LIKE '%(' || CASE p.code WHEN 'pk_16' THEN 24 WHEN 'pk_72' THEN 72
                                                          WHEN 'po_podg' THEN 120 ELSE 256 END || ' ч)'
                   RETURNING program_id),
            -- a competency of the profession's industry (a career-guidance result leads by them to programs)
            comps AS (SELECT id, parent_id, row_number() OVER (PARTITION BY parent_id ORDER BY code) - 1 AS n,
                        count(*) OVER (PARTITION BY parent_id) AS total
                      FROM directory_items WHERE kind = 'competencies'),
            pc AS (INSERT INTO program_competencies (program_id, competency_id)
                   SELECT p.id, c.id FROM p JOIN programs x ON x.id = p.id
                   JOIN directory_items prof ON prof.kind = 'professions' AND prof.name = x.short_name
                   JOIN comps c ON c.parent_id = prof.parent_id AND c.n = p.n % c.total RETURNING program_id)
            INSERT INTO program_professions (program_id, profession_id)
            SELECT p.id, d.id FROM p JOIN programs x ON x.id = p.id
            JOIN directory_items d ON d.kind = 'professions' AND d.name = x.short_name
            """, logger: db.logger)
    }

    /// The demo college's training: 30 of its programs get a group — finished, running or taking applications —
    /// with ten lessons, applications in every status from 60 demo learners (learner@copp.demo among them), orders,
    /// issued documents and journal marks.
    static func training(college: UUID, hash: String, on conn: PostgresConnection, db: Database) async throws {
        let (lastNames, firstNames) = (TrainingBenchmarkData.lastNames, TrainingBenchmarkData.firstNames)
        try await conn.run(
            """
            WITH raw AS (SELECT n, (\(lastNames))[1 + n % \(lastNames.count)] AS last,
                                (\(firstNames))[1 + (n * 7) % \(firstNames.count)] AS first
                         FROM generate_series(1, 59) n),
            names AS (SELECT n, last || CASE WHEN first = ANY(\(TrainingBenchmarkData.femaleFirstNames)) THEN 'а'
                        ELSE '' END AS last, first FROM raw),
            u AS (INSERT INTO users (email, password_hash, last_name, first_name, email_confirmed_at,
                    personal_data_consent_at)
                  SELECT 'learner' || lpad(n::text, 2, '0') || '@copp.demo', \(hash), last, first, now(), now()
                  FROM names RETURNING id)
            INSERT INTO user_roles (user_id, role) SELECT id, 'learner' FROM u
            """, logger: db.logger)
        try await conn.run(
            """
            WITH p AS (SELECT id, full_name, row_number() OVER (ORDER BY published_at DESC, id) - 1 AS n
                       FROM programs WHERE org_id = \(college) AND status = 'published')
            INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on,
              applications_until, status)
            SELECT p.id, \(college), 'ИТМ-' || (26 + (p.n % 3 = 2)::int) || '-' || lpad((p.n + 1)::text, 2, '0'),
                   4, CASE WHEN p.n % 6 = 5 THEN 5 ELSE 12 END,
                   CASE p.n % 3 WHEN 0 THEN date '2026-09-07' WHEN 1 THEN date '2026-11-09' ELSE date '2027-02-01' END,
                   CASE p.n % 3 WHEN 0 THEN date '2026-10-30' WHEN 1 THEN date '2026-12-25' ELSE date '2027-03-31' END,
                   CASE p.n % 3 WHEN 2 THEN date '2027-01-25' END,
                   CASE p.n % 3 WHEN 0 THEN 'finished' WHEN 1 THEN 'enrollment_confirmed' ELSE 'formed' END
            FROM p WHERE p.n < 30
            """, logger: db.logger)
        try await conn.run(
            """
            INSERT INTO schedule_lessons (group_id, org_id, topic, starts_at, ends_at, academic_hours)
            SELECT g.id, g.org_id, (ARRAY['Вводное занятие', 'Лекция', 'Практическое занятие', 'Практическое занятие',
                     'Лабораторная работа', 'Практическое занятие', 'Лекция', 'Практическое занятие',
                     'Консультация', 'Зачёт'])[i + 1],
                   g.starts_on + i * 4 + time '10:00', g.starts_on + i * 4 + time '13:00', 4
            FROM study_groups g CROSS JOIN generate_series(0, 9) i WHERE g.org_id = \(college)
            """, logger: db.logger)
        // who applies where: the k-th place of the n-th group, and the status its phase gives it
        try await conn.run(
            """
            WITH g AS (SELECT g.id, g.program_id, g.status, g.max_size, g.starts_on,
                         row_number() OVER (ORDER BY g.name) - 1 AS n
                       FROM study_groups g WHERE g.org_id = \(college)),
            learners AS (SELECT u.id, u.email, u.last_name, u.first_name, u.middle_name,
                           row_number() OVER (ORDER BY u.email = 'learner@copp.demo' DESC, u.email) - 1 AS n
                         FROM users u WHERE u.email LIKE 'learner%@copp.demo'),
            places AS (
              SELECT g.*, k, CASE
                WHEN g.status = 'finished' THEN (ARRAY['completed', 'completed', 'completed', 'completed',
                  'completed', 'completed', 'expelled', 'cancelled'])[k + 1]
                WHEN g.status = 'enrollment_confirmed' THEN (ARRAY['studying', 'studying', 'studying', 'studying',
                  'studying', 'studying', 'new', 'cancelled'])[k + 1]
                WHEN g.max_size = 5 THEN (ARRAY['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed',
                  'waitlisted', 'waitlisted', 'new'])[k + 1]
                ELSE (ARRAY['confirmed', 'confirmed', 'confirmed', 'new', 'new', 'postponed', 'cancelled',
                  'new'])[k + 1] END AS wanted
              FROM g CROSS JOIN generate_series(0, 7) k)
            INSERT INTO applications (program_id, org_id, learner_id, last_name, first_name, middle_name, email,
              status, group_id, postponed_until, waitlisted_at, cancellation_reason_id, final_grade, created_at)
            SELECT pl.program_id, \(college), l.id, l.last_name, l.first_name, l.middle_name, l.email, pl.wanted,
                   CASE WHEN pl.wanted IN ('new', 'postponed', 'cancelled') THEN NULL ELSE pl.id END,
                   CASE WHEN pl.wanted = 'postponed' THEN date '2027-01-15' END,
                   CASE WHEN pl.wanted = 'waitlisted' THEN now() - make_interval(days => 1, hours => 8 - pl.k) END,
                   CASE WHEN pl.wanted = 'cancelled' THEN (SELECT id FROM directory_items
                     WHERE kind = 'cancellation_reasons' ORDER BY sort_order LIMIT 1) END,
                   CASE WHEN pl.wanted = 'completed'
                     THEN (ARRAY['5', '4', '5', '3', '4', 'зачтено'])[1 + (pl.n + pl.k) % 6]
                   END,
                   -- applied before the group starts, and never later than today
                   least((pl.starts_on - 45 + pl.k)::timestamptz,
                         now() - make_interval(days => (2 + (pl.n + pl.k) % 20)::int, hours => pl.k))
            FROM places pl JOIN learners l ON l.n = (pl.n * 8 + pl.k) % 60
            """, logger: db.logger)
        try await conn.run(
            """
            WITH a AS (SELECT a.id, a.status, a.created_at, a.group_id FROM applications a WHERE a.org_id = \(college)),
            apply AS (INSERT INTO application_events (application_id, action, from_status, to_status, at)
                      SELECT id, 'apply', NULL, 'new', created_at FROM a)
            INSERT INTO application_events (application_id, action, from_status, to_status, comment, at)
            SELECT id, CASE status WHEN 'postponed' THEN 'postpone' WHEN 'cancelled' THEN 'cancel'
                                   WHEN 'waitlisted' THEN 'waitlist' WHEN 'confirmed' THEN 'confirm'
                                   WHEN 'studying' THEN 'enroll' WHEN 'completed' THEN 'complete' ELSE 'expel' END,
                   'new', status, CASE status WHEN 'postponed' THEN 'Ждём копию документа об образовании'
                                              WHEN 'cancelled' THEN 'Заявитель выбрал другую программу' END,
                   least(created_at + interval '3 days', now() - interval '1 hour')
            FROM a WHERE status <> 'new'
            """, logger: db.logger)
        try await conn.run(
            """
            WITH a AS (SELECT a.id, a.status, a.group_id, g.starts_on, g.ends_on, row_number() OVER (ORDER BY a.id) AS n
                       FROM applications a JOIN study_groups g ON g.id = a.group_id
                       WHERE a.org_id = \(college) AND a.status IN ('studying', 'completed', 'expelled')),
            enrolled AS (INSERT INTO enrollment_records (application_id, org_id, group_id, kind, order_number,
                           order_date)
                         SELECT id, \(college), group_id, 'enrolled', 'З-' || (100 + n), starts_on - 1 FROM a),
            expelled AS (INSERT INTO enrollment_records (application_id, org_id, group_id, kind, order_number,
                           order_date, reason)
                         SELECT id, \(college), group_id, 'expelled', 'О-' || (100 + n), starts_on + 20,
                           'Не приступил к практическим занятиям' FROM a WHERE status = 'expelled')
            INSERT INTO issued_documents (application_id, org_id, group_id, document_type_id, number,
              registration_number, issued_on, result)
            SELECT a.id, \(college), a.group_id, p.issued_document_type_id, '3800' || lpad(a.n::text, 6, '0'),
                   'ИТМ-' || a.n, a.ends_on, 'Освоил программу'
            FROM a JOIN applications x ON x.id = a.id JOIN programs p ON p.id = x.program_id
            WHERE a.status = 'completed'
            """, logger: db.logger)
        try await conn.run(
            """
            INSERT INTO gradebook_marks (schedule_lesson_id, application_id, mark)
            SELECT l.id, a.id, (ARRAY['5', '4', '5', 'Н', '4', '3', '5', 'Б', '4', '5'])[1
              + abs(hashtext(a.id::text || l.id::text)) % 10]
            FROM applications a JOIN schedule_lessons l ON l.group_id = a.group_id
            WHERE a.org_id = \(college) AND in_group_list(a.status) AND l.starts_at < now()
            """, logger: db.logger)
    }
}
