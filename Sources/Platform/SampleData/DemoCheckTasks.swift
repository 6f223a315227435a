import Foundation
import PostgresNIO

/// Two check tasks of the demo college given to its running groups (learner@copp.demo is in one) with a due date a
/// week ahead, so that a teacher and a learner see the section with something in it.
enum DemoCheckTasks {
    static let tasks: [CheckTaskFields] = [
        CheckTaskFields(
            name: "Сварка стыкового соединения пластин",
            description: """
                Сварите две пластины 200×100×4 мм встык в нижнем положении. Сфотографируйте шов с лицевой и обратной \
                стороны, укажите марку электрода, диаметр и силу тока.
                """,
            lessonId: nil, competencyId: nil, visibility: "closed", grading: "score_1_5",
            materials: [
                LessonMaterial(
                    title: "ГОСТ 5264-80: швы сварных соединений", url: "https://docs.cntd.ru/document/1200003702")
            ]),
        CheckTaskFields(
            name: "Эссе «Почему я выбрал профессию сварщика»",
            description: "Одна страница: что привело в профессию и чему хочется научиться на курсе.",
            lessonId: nil, competencyId: nil, visibility: "closed", grading: "pass_fail", materials: []),
    ]

    static func load(college: UUID, on conn: PostgresConnection, db: Database) async throws {
        let author = try await conn.rows(
            "SELECT id FROM users WHERE email = 'teacher@copp.demo'", logger: db.logger
        ).first?.decode(UUID.self)
        guard let author else { return }
        let repository = CheckTasksRepository(db: db)
        for task in tasks {
            let id = try await repository.insert(task, org: college, author: author, on: conn)
            try await conn.run(
                """
                INSERT INTO check_task_assignments (task_id, group_id, due_at)
                SELECT \(id), g.id, date_trunc('day', now()) + interval '7 days 18 hours' FROM study_groups g
                WHERE g.org_id = \(college) AND g.status IN ('enrollment_confirmed', 'formed')
                """, logger: db.logger)
        }
    }
}
