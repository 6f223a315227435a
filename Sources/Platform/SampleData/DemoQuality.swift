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

    static func load(on conn: PostgresConnection, db: Database) async throws {
        guard
            let author = try await conn.rows(
                "SELECT id FROM users WHERE email = 'moderator@copp.demo'", logger: db.logger
            ).first?.decode(UUID.self)
        else { return }
        // the expert's recommendations go into the rating's comment
        let questions = criteria.map { key, text in
            QuestionnaireQuestion(
                key: key, kind: "scale", text: text, required: true, min: 1, max: 5, minLabel: "не соответствует",
                maxLabel: "полностью соответствует")
        }
        var v = Validator()
        let content = QuestionnaireContent.validated([QuestionnaireSection(title: nil, questions: questions)], &v)
        try v.throwIfInvalid()
        let repository = QuestionnairesRepository(db: db)
        let id = try await repository.insert(
            .init(
                title: "Экспертный лист дополнительной профессиональной программы",
                description: "Оцените программу по каждому критерию от 1 до 5.", purpose: "expertise",
                audienceRoles: [], opensOn: nil, closesOn: nil, content: content), author: author, on: conn)
        try await repository.setStatus(id, "active", on: conn)
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
}
