import Foundation
import PostgresNIO

/// Quality assessment of the demo region: the expertise questionnaire in force (an expert sheet of five criteria on a
/// 1–5 scale) and, with the demo catalog, three programs of other colleges sent to expertise, so that the
/// demo expert has a queue on a first run.
enum DemoQuality {
    static let criteria = [
        ("relevance", "Актуальность программы для рынка труда региона"),
        ("standards", "Соответствие профессиональному стандарту и требованиям WorldSkills"),
        ("practice", "Доля и содержание практических занятий"),
        ("assessment", "Оценочные материалы и итоговая аттестация"),
        ("resources", "Обеспеченность кадрами, помещениями и оборудованием"),
    ]

    static func scale(_ key: String, _ text: String, low: String, high: String) -> QuestionnaireQuestion {
        QuestionnaireQuestion(
            key: key, kind: "scale", text: text, required: true, min: 1, max: 5, minLabel: low, maxLabel: high)
    }

    /// The questionnaires in force: the expert sheet, learners' rating of a program, and the e-monitoring after a
    /// group (seed 002 §3.4.12: content, teachers, organization, use for work).
    static func load(on conn: PostgresConnection, db: Database) async throws {
        guard
            let author = try await conn.rows(
                "SELECT id FROM users WHERE email = 'moderator@copp.demo'", logger: db.logger
            ).first?.decode(UUID.self)
        else { return }
        // the expert's recommendations go into the rating's comment
        let expertise = criteria.map { scale($0, $1, low: "не соответствует", high: "полностью соответствует") }
        let rating = [
            scale(
                "content", "Насколько содержание программы оправдало ваши ожидания?", low: "совсем нет",
                high: "полностью"),
            scale("teachers", "Как вы оцениваете преподавателей?", low: "плохо", high: "отлично"),
            scale("practice", "Хватало ли практики?", low: "совсем не хватало", high: "вполне"),
            QuestionnaireQuestion(
                key: "recommend", kind: "single", text: "Порекомендуете программу знакомым?", required: true,
                options: ["Да", "Скорее да", "Скорее нет", "Нет"]),
        ]
        let monitoring = [
            scale("content", "Содержание соответствует заявленному", low: "не соответствует", high: "полностью"),
            scale("teachers", "Квалификация преподавателей", low: "низкая", high: "высокая"),
            scale("organization", "Расписание, помещения, материалы", low: "плохо", high: "отлично"),
            scale("use", "Смогу применить полученные знания в работе", low: "не смогу", high: "обязательно"),
            QuestionnaireQuestion(key: "wishes", kind: "text", text: "Ваши предложения по улучшению программы"),
        ]
        for (title, description, purpose, questions) in [
            (
                "Экспертный лист дополнительной профессиональной программы",
                "Оцените программу по каждому критерию от 1 до 5.", "expertise", expertise
            ),
            (
                "Оценка программы обучающимся", "Ответьте на несколько вопросов о пройденной программе.", "rating",
                rating
            ),
            (
                "Анкета электронного мониторинга", "Заполняется в течение 5 рабочих дней после окончания обучения.",
                "monitoring", monitoring
            ),
        ] {
            var v = Validator()
            let content = QuestionnaireContent.validated([QuestionnaireSection(title: nil, questions: questions)], &v)
            try v.throwIfInvalid()
            let repository = QuestionnairesRepository(db: db)
            let id = try await repository.insert(
                .init(
                    title: title, description: description, purpose: purpose, audienceRoles: [], opensOn: nil,
                    closesOn: nil, content: content), author: author, on: conn)
            try await repository.setStatus(id, "active", on: conn)
        }
    }

    /// Three published programs of colleges other than the demo one, sent to expertise by their organizations.
    static func sendPrograms(college: UUID, on conn: PostgresConnection, db: Database) async throws {
        try await conn.run(
            """
            INSERT INTO program_expertise (program_id, sent_at)
            SELECT id, now() - make_interval(days => (row_number() OVER (ORDER BY full_name))::int)
            FROM (SELECT id, full_name FROM programs WHERE status = 'published' AND org_id <> \(college)
                  ORDER BY full_name LIMIT 3) p
            """, logger: db.logger)
    }

    /// Five more experts (expert01…05@copp.demo) and a fourth program of another college that they rated, so that it
    /// has passed: the catalog shows «Прошла экспертизу» on it and the protocol has a row on a first run.
    static func passProgram(college: UUID, hash: String, on conn: PostgresConnection, db: Database) async throws {
        try await conn.run(
            """
            WITH names(n, last, first) AS (VALUES (1, 'Белова', 'Ирина'), (2, 'Гордеев', 'Павел'),
                (3, 'Дьячкова', 'Наталья'), (4, 'Ершов', 'Виктор'), (5, 'Зимина', 'Ольга')),
            u AS (INSERT INTO users (email, password_hash, last_name, first_name, email_confirmed_at,
                    personal_data_consent_at)
                  SELECT 'expert0' || n || '@copp.demo', \(hash), last, first, now(), now() FROM names RETURNING id)
            INSERT INTO user_roles (user_id, role) SELECT id, 'expert' FROM u
            """, logger: db.logger)
        try await conn.run(
            """
            WITH p AS (SELECT id FROM programs WHERE status = 'published' AND org_id <> \(college)
                       ORDER BY full_name OFFSET 3 LIMIT 1),
            x AS (INSERT INTO program_expertise (program_id, sent_at) SELECT id, now() - interval '20 days' FROM p
                  RETURNING program_id),
            q AS (SELECT id FROM questionnaires WHERE purpose = 'expertise' AND status = 'active' LIMIT 1),
            e AS (SELECT u.id, row_number() OVER (ORDER BY u.email) AS n FROM users u
                  WHERE u.email LIKE 'expert0_@copp.demo'),
            r AS (INSERT INTO questionnaire_responses (questionnaire_id, version_number, respondent_id, subject_id,
                    answers, created_at)
                  SELECT q.id, 1, e.id, x.program_id, jsonb_build_object('relevance', 5, 'standards', 4 + (e.n % 2),
                    'practice', 4, 'assessment', 3 + (e.n % 3), 'resources', 4),
                    now() - make_interval(days => 10 - e.n::int)
                  FROM q, x, e RETURNING id, respondent_id, subject_id, answers, created_at)
            INSERT INTO expert_ratings (program_id, expert_id, response_id, score, comment, rated_at)
            SELECT r.subject_id, r.respondent_id, r.id,
              round(((SELECT sum(v::int) FROM jsonb_each_text(r.answers) t(k, v)) - 5) / 20.0 * 100)::int,
              'Программа отвечает запросам работодателей; рекомендуем добавить практику на производстве.', r.created_at
            FROM r
            """, logger: db.logger)
        try await conn.run(
            """
            UPDATE program_expertise SET status = 'passed', passed_at = now() - interval '5 days'
            WHERE program_id IN (SELECT program_id FROM expert_ratings GROUP BY program_id HAVING count(*) >= 5)
            """, logger: db.logger)
    }

    /// The demo college's finished groups have asked their learners to fill the e-monitoring, as a group finishing
    /// through the platform does.
    static func askFinishedGroups(college: UUID, on conn: PostgresConnection, db: Database) async throws {
        guard let questionnaire = try await QuestionnairesRepository(db: db).inForce("monitoring", on: conn) else {
            return
        }
        let today = CivilDate(Date(), zone: TimeZone(identifier: "Asia/Irkutsk") ?? .current)
        let due = MonitoringService.adding(workingDays: MonitoringService.workingDays, to: today)
        let groups = try await conn.rows(
            "SELECT id FROM study_groups WHERE org_id = \(college) AND status = 'finished'", logger: db.logger
        ).map { try $0.decode(UUID.self) }
        for group in groups {
            _ = try await MonitoringRepository(db: db).send(
                group: group, questionnaire: questionnaire, sentOn: today.iso, dueOn: due.iso, on: conn)
        }
    }

    /// Contests (three approved, one proposed by the demo learner), achievements of the college's graduates and
    /// their ratings of the programs they completed, spread over the last weeks — what the quality index and the
    /// statistics read on a first run.
    static func feedback(college: UUID, on conn: PostgresConnection, db: Database) async throws {
        try await conn.run(
            """
            INSERT INTO contests (name, organizer, level_id, starts_on, ends_on, status, proposed_by, approved_at)
            SELECT c.name, c.organizer, (SELECT id FROM directory_items WHERE kind = 'event_levels' AND code = c.level),
              c.starts::date, c.ends::date, c.status,
              (SELECT id FROM users WHERE email = c.proposer), CASE WHEN c.status = 'approved' THEN now() END
            FROM (VALUES
              ('Региональный чемпионат «Профессионалы»', 'Министерство образования Иркутской области', 'regional',
               '2026-10-12', '2026-10-16', 'approved', 'moderator@copp.demo'),
              ('Конкурс профессионального мастерства «Лучший по профессии»', 'Союз промышленников Приангарья',
               'regional', '2026-11-02', '2026-11-06', 'approved', 'moderator@copp.demo'),
              ('Городская олимпиада по охране труда', 'Администрация г. Иркутска', 'municipal', '2026-09-21',
               '2026-09-21', 'approved', 'moderator@copp.demo'),
              ('Хакатон «Цифровой техникум»', 'Студенческий совет ИТМ', 'organization', '2026-11-20', '2026-11-21',
               'inactive', 'learner@copp.demo')) c(name, organizer, level, starts, ends, status, proposer)
            """, logger: db.logger)
        try await conn.run(
            """
            WITH done AS (SELECT DISTINCT ON (a.learner_id) a.learner_id, a.program_id,
                            row_number() OVER (ORDER BY a.learner_id) AS n
                          FROM applications a JOIN study_groups g ON g.id = a.group_id
                          WHERE g.org_id = \(college) AND a.status = 'completed' AND a.learner_id IS NOT NULL
                          ORDER BY a.learner_id, a.program_id),
            c AS (SELECT id, row_number() OVER (ORDER BY name) AS k FROM contests WHERE status = 'approved')
            INSERT INTO achievements (contest_id, learner_id, program_id, result, place, achieved_on)
            SELECT c.id, done.learner_id, done.program_id,
              (ARRAY['winner', 'prize', 'prize', 'participant', 'participant'])[1 + done.n % 5],
              CASE done.n % 5 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 END,
              current_date - (done.n * 3 % 70)::int
            FROM done JOIN c ON c.k = 1 + done.n % 3
            WHERE done.n % 2 = 0
            """, logger: db.logger)
        try await conn.run(
            """
            WITH q AS (SELECT id FROM questionnaires WHERE purpose = 'rating' AND status = 'active' LIMIT 1),
            done AS (SELECT DISTINCT a.learner_id, a.program_id FROM applications a
                       JOIN study_groups g ON g.id = a.group_id
                     WHERE g.org_id = \(college) AND a.status = 'completed' AND a.learner_id IS NOT NULL),
            picked AS (SELECT *, row_number() OVER (ORDER BY learner_id, program_id) AS n FROM done),
            r AS (INSERT INTO questionnaire_responses (questionnaire_id, version_number, respondent_id, subject_id,
                    answers, created_at)
                  SELECT q.id, 1, picked.learner_id, picked.program_id,
                    jsonb_build_object('content', 3 + picked.n % 3, 'teachers', 4 + picked.n % 2,
                      'practice', 2 + picked.n % 4,
                      'recommend', (ARRAY['Да', 'Скорее да', 'Скорее нет'])[1 + picked.n % 3]),
                    now() - make_interval(days => (picked.n * 2 % 28)::int, hours => (picked.n % 9)::int)
                  FROM q, picked WHERE picked.n % 3 <> 0
                    AND picked.learner_id <> (SELECT id FROM users WHERE email = 'learner@copp.demo')
                  RETURNING id, respondent_id, subject_id, answers, created_at)
            INSERT INTO program_ratings (program_id, learner_id, response_id, score, comment, rated_at)
            SELECT r.subject_id, r.respondent_id, r.id,
              round((((r.answers->>'content')::int + (r.answers->>'teachers')::int + (r.answers->>'practice')::int) - 3)
                / 12.0 * 100)::int,
              CASE WHEN (r.answers->>'practice')::int < 4 THEN 'Хотелось бы больше практики в мастерской'
                   ELSE 'Понятные занятия, сильные преподаватели' END, r.created_at
            FROM r
            """, logger: db.logger)
    }
}
