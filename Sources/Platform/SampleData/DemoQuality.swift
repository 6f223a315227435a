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
}
