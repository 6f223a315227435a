import Foundation
import PostgresNIO

/// Writes of modules and their thematic plan; callers run them inside one transaction.
extension ModulesRepository {
    struct ModuleValues: Codable, Sendable {
        var name: String
        var description: String?
        var parameters: ModuleParameters
        var results: ModuleResults
        var assessmentDescription: String?
        var assessmentFileId: UUID?
        var competencyIds: [UUID]
        var professionIds: [UUID]
    }

    func currentValues(id: UUID, on conn: PostgresConnection) async throws -> ModuleValues? {
        guard
            let row = try await conn.rows(
                """
                SELECT json_build_object('name', name, 'description', description, 'parameters', parameters, 'results',
                  results,
                  'assessmentDescription', assessment_description, 'assessmentFileId', assessment_file_id,
                  'competencyIds', coalesce((SELECT json_agg(competency_id) FROM module_competencies
                    WHERE module_id = id), '[]'),
                  'professionIds', coalesce((SELECT json_agg(profession_id) FROM module_professions
                    WHERE module_id = id), '[]'))::text
                FROM modules WHERE id = \(id)
                """, logger: db.logger
            ).first
        else { return nil }
        return try JSONDecoder.api.decode(ModuleValues.self, from: Data(try row.decode(String.self).utf8))
    }

    func insert(orgId: UUID, author: UUID, _ v: ModuleValues, on conn: PostgresConnection) async throws -> UUID {
        let id = try await conn.rows(
            """
            INSERT INTO modules (org_id, author_id, name, description, parameters, results, assessment_description,
              assessment_file_id)
            VALUES (\(orgId), \(author), \(v.name), \(v.description), \(Self.json(v.parameters))::jsonb,
              \(Self.json(v.results))::jsonb,
                    \(v.assessmentDescription), \(v.assessmentFileId)) RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
        try await writeLinks(id: id, v, on: conn)
        return id
    }

    func update(id: UUID, _ v: ModuleValues, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE modules SET name = \(v.name), description = \(v.description),
              parameters = \(Self.json(v.parameters))::jsonb,
              results = \(Self.json(v.results))::jsonb, assessment_description = \(v.assessmentDescription),
              assessment_file_id = \(v.assessmentFileId), updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
        try await writeLinks(id: id, v, on: conn)
    }

    func writeLinks(id: UUID, _ v: ModuleValues, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM module_competencies WHERE module_id = \(id)", logger: db.logger)
        try await conn.run(
            "INSERT INTO module_competencies SELECT \(id), unnest(\(v.competencyIds)::uuid[])", logger: db.logger)
        try await conn.run("DELETE FROM module_professions WHERE module_id = \(id)", logger: db.logger)
        try await conn.run(
            "INSERT INTO module_professions SELECT \(id), unnest(\(v.professionIds)::uuid[])", logger: db.logger)
    }

    static func json(_ value: some Encodable) -> String {
        (try? String(decoding: JSONEncoder.sorted.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// The union of the chosen competencies' lists: what «Параметры» starts with (seed 000 §5).
    func competencyParameters(_ ids: [UUID], on conn: PostgresConnection) async throws -> ModuleParameters {
        var p = ModuleParameters(
            knowledge: [], skills: [], experience: [], roomTypes: [], equipmentTypes: [], teacherRequirements: [])
        for row in try await conn.rows(
            "SELECT details::text FROM directory_items WHERE kind = 'competencies' AND id = ANY(\(ids)) ORDER BY name",
            logger: db.logger)
        {
            let d = try JSONDecoder.api.decode(CompetencyDetails.self, from: Data(try row.decode(String.self).utf8))
            func add(_ list: inout [String]?, _ more: [String]?) {
                for x in more ?? [] where !(list ?? []).contains(x) { list?.append(x) }
            }
            add(&p.knowledge, d.knowledge)
            add(&p.skills, d.skills)
            add(&p.experience, d.experience)
            add(&p.roomTypes, d.roomTypes)
            add(&p.equipmentTypes, d.equipmentTypes)
            add(&p.teacherRequirements, d.teacherRequirements)
        }
        return p
    }

    func delete(id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM modules WHERE id = \(id)", logger: db.logger)
    }

    /// Copies a module with its whole plan; returns the new module's id.
    func copy(id: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID {
        let newId = try await conn.rows(
            """
            INSERT INTO modules (org_id, author_id, name, description, parameters, results, assessment_description,
              assessment_file_id)
            SELECT org_id, \(author), left(name || ' (копия)', 500), description, parameters, results,
              assessment_description, assessment_file_id
            FROM modules WHERE id = \(id) RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
        try await conn.run(
            """
            INSERT INTO module_competencies SELECT \(newId), competency_id FROM module_competencies
              WHERE module_id = \(id)
            """,
            logger: db.logger)
        try await conn.run(
            """
            INSERT INTO module_professions SELECT \(newId), profession_id FROM module_professions
              WHERE module_id = \(id)
            """,
            logger: db.logger)
        try await conn.run(
            """
            WITH pairs AS (SELECT id AS old_id, gen_random_uuid() AS new_id, name, position,
              created_at FROM module_topics WHERE module_id = \(id)),
            topics AS (INSERT INTO module_topics (id, module_id, name, position, created_at)
                       SELECT new_id, \(newId), name, position, created_at FROM pairs)
            INSERT INTO module_lessons (topic_id, name, kind, hours, materials, position, created_at)
            SELECT p.new_id, l.name, l.kind, l.hours, l.materials, l.position,
              l.created_at FROM module_lessons l JOIN pairs p ON p.old_id = l.topic_id
            """, logger: db.logger)
        return newId
    }

    // MARK: plan

    func insertTopic(moduleId: UUID, name: String, position: Int?, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO module_topics (module_id, name, position)
            VALUES (\(moduleId), \(name), coalesce(\(position), (SELECT coalesce(max(position),
              0) + 1 FROM module_topics WHERE module_id = \(moduleId))))
            RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
    }

    func updateTopic(id: UUID, moduleId: UUID, name: String?, position: Int?, on conn: PostgresConnection) async throws
        -> Bool
    {
        try await conn.rows(
            """
            UPDATE module_topics SET name = coalesce(\(name), name), position = coalesce(\(position), position)
            WHERE id = \(id) AND module_id = \(moduleId) RETURNING id
            """, logger: db.logger
        ).count == 1
    }

    func deleteTopic(id: UUID, moduleId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "DELETE FROM module_topics WHERE id = \(id) AND module_id = \(moduleId) RETURNING id", logger: db.logger
        ).count == 1
    }

    func topicExists(id: UUID, moduleId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "SELECT 1 FROM module_topics WHERE id = \(id) AND module_id = \(moduleId)", logger: db.logger
        ).count == 1
    }

    func insertLesson(
        topicId: UUID, name: String, kind: String, hours: Double, materials: [LessonMaterial], position: Int?,
        on conn: PostgresConnection
    ) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO module_lessons (topic_id, name, kind, hours, materials, position)
            VALUES (\(topicId), \(name), \(kind), \(hours)::numeric, \(Self.json(materials))::jsonb,
                    coalesce(\(position), (SELECT coalesce(max(position),
                      0) + 1 FROM module_lessons WHERE topic_id = \(topicId))))
            RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
    }

    func updateLesson(
        id: UUID, topicId: UUID, name: String, kind: String, hours: Double, materials: [LessonMaterial], position: Int?,
        on conn: PostgresConnection
    ) async throws -> Bool {
        try await conn.rows(
            """
            UPDATE module_lessons SET name = \(name), kind = \(kind), hours = \(hours)::numeric,
              materials = \(Self.json(materials))::jsonb,
              position = coalesce(\(position), position)
            WHERE id = \(id) AND topic_id = \(topicId) RETURNING id
            """, logger: db.logger
        ).count == 1
    }

    func lessonValues(id: UUID, topicId: UUID, on conn: PostgresConnection) async throws -> LessonInput? {
        try await conn.rows(
            """
            SELECT json_build_object('name', name, 'kind', kind, 'hours', hours, 'materials',
              materials)::text FROM module_lessons WHERE id = \(id) AND topic_id = \(topicId)
            """,
            logger: db.logger
        ).first.map { try JSONDecoder.api.decode(LessonInput.self, from: Data(try $0.decode(String.self).utf8)) }
    }

    func deleteLesson(id: UUID, topicId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "DELETE FROM module_lessons WHERE id = \(id) AND topic_id = \(topicId) RETURNING id", logger: db.logger
        ).count == 1
    }

    func touch(moduleId: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE modules SET updated_at = now(), version = version + 1 WHERE id = \(moduleId)", logger: db.logger)
    }
}
