import Foundation
import PostgresNIO

/// Three learning materials of the demo college: two approved public ones, so the region's library is not empty on a
/// first run, and a closed one; each attached to the first topic of the college's modules, so its learners find them
/// in «Мои материалы».
enum DemoMaterials {
    static let materials: [(fields: LearningMaterialFields, approved: Bool)] = [
        (
            LearningMaterialFields(
                name: "Режимы ручной дуговой сварки",
                summary: "Таблица режимов для электродов диаметром 2–5 мм и толщин металла 2–20 мм.",
                description: """
                    Как выбрать силу тока по диаметру электрода и толщине металла; поправки для вертикального и \
                    потолочного положения; типичные дефекты шва при неверном режиме.
                    """,
                lessonId: nil, competencyId: nil, visibility: "public",
                materials: [LessonMaterial(title: "ГОСТ 5264-80", url: "https://docs.cntd.ru/document/1200003702")]),
            true
        ),
        (
            LearningMaterialFields(
                name: "Охрана труда при электросварочных работах",
                summary: "Памятка: средства защиты, электробезопасность, пожарная безопасность на посту сварщика.",
                description: nil, lessonId: nil, competencyId: nil, visibility: "public", materials: []),
            true
        ),
        (
            LearningMaterialFields(
                name: "Конспект вводного занятия",
                summary: "Для обучающихся групп колледжа: устройство сварочного поста.", description: nil,
                lessonId: nil, competencyId: nil, visibility: "closed", materials: []),
            false
        ),
    ]

    static func load(college: UUID, on conn: PostgresConnection, db: Database) async throws {
        let author = try await conn.rows(
            "SELECT id FROM users WHERE email = 'teacher@copp.demo'", logger: db.logger
        ).first?.decode(UUID.self)
        let expert = try await conn.rows(
            "SELECT id FROM users WHERE email = 'moderator@copp.demo'", logger: db.logger
        ).first?.decode(UUID.self)
        guard let author else { return }
        let repository = MaterialsRepository(db: db)
        for (fields, approved) in materials {
            let id = try await repository.insert(fields, org: college, author: author, on: conn)
            if approved, let expert {
                _ = try await repository.sendToExpertise(id, on: conn)
                try await repository.decide(
                    id, approved: true, comment: "Соответствует требованиям библиотеки", expert: expert, on: conn)
            }
            try await conn.run(
                """
                INSERT INTO module_topic_materials (topic_id, material_id)
                SELECT t.id, \(id) FROM module_topics t JOIN modules m ON m.id = t.module_id
                WHERE m.org_id = \(college) AND t.position = 1
                """, logger: db.logger)
        }
    }
}
