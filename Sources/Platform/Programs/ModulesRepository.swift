import Foundation
import PostgresNIO

/// Modules with their thematic plan; JSON (with hours summed from lessons) is built by PostgreSQL.
public struct ModulesRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static let hoursOfModule =
        """
        (SELECT coalesce(sum(l.hours), 0) FROM module_topics t JOIN module_lessons l ON l.topic_id = t.id
          WHERE t.module_id = m.id)
        """

    static let detailSQL = """
        json_build_object('id', m.id, 'organizationId', m.org_id,
          'organization', (SELECT json_build_object('id', o.id, 'shortName',
            o.short_name) FROM organizations o WHERE o.id = m.org_id),
          'name', m.name, 'description', m.description, 'parameters', m.parameters, 'results', m.results,
          'assessmentDescription', m.assessment_description,
          'assessmentFile', CASE WHEN m.assessment_file_id IS NULL THEN NULL ELSE json_build_object('id',
            m.assessment_file_id,
              'url', '/api/v1/files/' || m.assessment_file_id) END,
          'competencies', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name',
            d.name) ORDER BY d.name)
              FROM module_competencies mc JOIN directory_items d ON d.id = mc.competency_id WHERE mc.module_id = m.id),
                '[]'),
          'professions', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name',
            d.name) ORDER BY d.name)
              FROM module_professions mp JOIN directory_items d ON d.id = mp.profession_id WHERE mp.module_id = m.id),
                '[]'),
          'hours', \(hoursOfModule),
          'hoursByKind', coalesce((SELECT json_object_agg(k.kind, k.hours) FROM (SELECT l.kind,
            sum(l.hours) AS hours FROM module_topics t
              JOIN module_lessons l ON l.topic_id = t.id WHERE t.module_id = m.id GROUP BY l.kind) k), '{}'),
          'topics', coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'position', t.position,
              'hours', (SELECT coalesce(sum(hours), 0) FROM module_lessons WHERE topic_id = t.id),
              'lessons', coalesce((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'kind', l.kind,
                'hours', l.hours,
                  'materials', l.materials, 'position', l.position) ORDER BY l.position,
                    l.created_at) FROM module_lessons l WHERE l.topic_id = t.id), '[]'),
              'materials', coalesce((SELECT json_agg(json_build_object('id', lm.id, 'name', lm.name,
                  'visibility', lm.visibility, 'expertise', lm.expertise, 'own', lm.org_id = m.org_id)
                  ORDER BY tm.position, lm.name)
                FROM module_topic_materials tm JOIN learning_materials lm ON lm.id = tm.material_id
                WHERE tm.topic_id = t.id), '[]'))
              ORDER BY t.position, t.created_at) FROM module_topics t WHERE t.module_id = m.id), '[]'),
          'createdAt', \(OrganizationProfileRepository.utc("m.created_at")), 'version', m.version)
        """

    static let listSQL = """
        json_build_object('id', m.id, 'organizationId', m.org_id, 'name', m.name, 'hours', \(hoursOfModule),
          'topicCount', (SELECT count(*) FROM module_topics WHERE module_id = m.id),
          'competencies', coalesce((SELECT json_agg(d.name ORDER BY d.name) FROM module_competencies mc
            JOIN directory_items d ON d.id = mc.competency_id
              WHERE mc.module_id = m.id), '[]'), 'createdAt', \(OrganizationProfileRepository.utc("m.created_at")),
                'version', m.version)
        """

    /// Modules of `orgIds` (nil: every organization — ЦОПП staff) by name.
    func filtered(orgIds: [UUID]?, search: String?, competencyId: UUID?) throws -> ListQuery {
        var q = ListQuery(from: "modules m", keyset: .text("m.name", id: "m.id"))
        try q.filter("m.org_id = ANY(?)", orgIds)
        try q.contains("m.name", search)
        try q.filter(
            "EXISTS (SELECT 1 FROM module_competencies WHERE module_id = m.id AND competency_id = ?)", competencyId)
        return q
    }

    public func list(orgIds: [UUID]?, search: String?, competencyId: UUID?, page: PageRequest) async throws -> String {
        try await db.page(
            filtered(orgIds: orgIds, search: search, competencyId: competencyId).page(Self.listSQL, page: page))
    }

    public func stream(orgIds: [UUID]?, search: String?, competencyId: UUID?) async throws -> some AsyncSequence<
        [String], any Error
    > & Sendable {
        let columns = """
            m.id::text, m.name, (SELECT short_name FROM organizations WHERE id = m.org_id), \(Self.hoursOfModule)::text,
            coalesce((SELECT string_agg(d.name, '; ' ORDER BY d.name) FROM module_competencies mc
              JOIN directory_items d ON d.id = mc.competency_id
                      WHERE mc.module_id = m.id), ''), (SELECT count(*) FROM module_topics WHERE module_id = m.id)::text
            """
        return try await db.client.query(
            filtered(orgIds: orgIds, search: search, competencyId: competencyId).all(columns), logger: db.logger
        )
        .map { row in
            let c = try row.decode((String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, c.5]
        }
    }

    /// The module if it belongs to one of `orgIds` (nil: any organization).
    public func detail(id: UUID, orgIds: [UUID]?) async throws -> (json: String, version: Int, orgId: UUID)? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.detailSQL)::text, m.version, m.org_id FROM modules m
            WHERE m.id = \(id) AND m.org_id = ANY(coalesce(\(orgIds), ARRAY[m.org_id]))
            """
        ).first.map { try $0.decode((String, Int, UUID).self) }
    }

    func snapshot(id: UUID, on conn: PostgresConnection) async throws -> (json: String, version: Int)? {
        try await conn.rows(
            "SELECT \(unescaped: Self.detailSQL)::text, m.version FROM modules m WHERE m.id = \(id)", logger: db.logger
        )
        .first.map { try $0.decode((String, Int).self) }
    }

    func lockOrg(id: UUID, on conn: PostgresConnection) async throws -> (orgId: UUID, version: Int)? {
        try await conn.rows("SELECT org_id, version FROM modules WHERE id = \(id) FOR UPDATE", logger: db.logger).first
            .map { try $0.decode((UUID, Int).self) }
    }
}
