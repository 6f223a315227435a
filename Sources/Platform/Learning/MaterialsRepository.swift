import Foundation
import PostgresNIO

/// Learning materials in SQL: the organization's list, the region's library, expertise, topics of modules.
struct MaterialsRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var reach: TrainingAccess.Reach
        var organizationId: UUID?
        var search: String?
        var lessonId: UUID?
        var competencyId: UUID?
        var visibility: String?
        var expertise: String?
    }

    static let listJSON = """
        json_build_object('id', m.id, 'organizationId', m.org_id,
          'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = m.org_id),
          'name', m.name, 'summary', m.summary,
          'lesson', (SELECT l.name FROM module_lessons l WHERE l.id = m.lesson_id),
          'competency', (SELECT d.name FROM directory_items d WHERE d.id = m.competency_id),
          'visibility', m.visibility, 'expertise', m.expertise, 'links', jsonb_array_length(m.materials),
          'topics', (SELECT count(*) FROM module_topic_materials tm WHERE tm.material_id = m.id),
          'updatedAt', m.updated_at)
        """

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: "learning_materials m", keyset: .time("m.created_at", id: "m.id"))
        if !f.reach.all { try l.filter("m.org_id = ANY(?)", f.reach.orgs) }
        try l.filter("m.org_id = ?", f.organizationId)
        try l.filter("m.lesson_id = ?", f.lessonId)
        try l.filter("m.competency_id = ?", f.competencyId)
        try l.filter("m.visibility = ?", f.visibility)
        try l.filter("m.expertise = ?", f.expertise)
        try l.search(f.search, vector: "m.search", scope: .learning, text: "m.name")
        return l
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(try filtered(f).page(Self.listJSON, page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            m.name, coalesce(m.summary, ''),
            coalesce((SELECT l.name FROM module_lessons l WHERE l.id = m.lesson_id), ''),
            coalesce((SELECT d.name FROM directory_items d WHERE d.id = m.competency_id), ''), m.visibility,
            m.expertise, jsonb_array_length(m.materials)::text, to_char(m.updated_at, 'DD.MM.YYYY')
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String, String, String).self)
            return [
                c.0, c.1, c.2, c.3, LearningVisibility(rawValue: c.4)?.title ?? c.4, Self.expertiseTitle(c.5), c.6,
                c.7,
            ]
        }
    }

    static func expertiseTitle(_ state: String) -> String {
        switch state {
        case "pending": "на экспертизе"
        case "approved": "одобрен"
        case "rejected": "отклонён"
        default: "не направлялся"
        }
    }

    /// The region's library: approved materials, public ones for everybody and open ones for the signed-in; a search
    /// ranks a match in the name above one in the short description, and that above the full text.
    func library(search: String?, competency: UUID?, organization: UUID?, signedIn: Bool) throws -> ListQuery {
        var l = ListQuery(from: "learning_materials m", keyset: .time("m.created_at", id: "m.id"))
        l.filter("m.expertise = 'approved'")
        l.filter(signedIn ? "m.visibility IN ('public', 'open')" : "m.visibility = 'public'")
        try l.filter("m.competency_id = ?", competency)
        try l.filter("m.org_id = ?", organization)
        guard let search else { return l }
        try l.search(search, vector: "m.search", scope: .learning, text: "m.name")
        let typed = try l.bind(search)
        let rank = "ts_rank(m.search, search_query('learning', \(typed)::text))"
        return l.ordered(
            by: .init(
                columns: [rank], id: "m.id", descending: true, key: "\(rank)::text", after: "($key)::real",
                validKey: { Float($0) != nil }))
    }

    func libraryPage(_ l: ListQuery, page: PageRequest) async throws -> String {
        try await db.page(try l.page(Self.listJSON, page: page))
    }

    /// The material as anyone allowed to read it sees it.
    static let readerJSON = """
        'id', m.id, 'organizationId', m.org_id,
          'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = m.org_id),
          'name', m.name, 'summary', m.summary, 'description', m.description, 'lessonId', m.lesson_id,
          'lesson', (SELECT l.name FROM module_lessons l WHERE l.id = m.lesson_id),
          'competencyId', m.competency_id,
          'competency', (SELECT d.name FROM directory_items d WHERE d.id = m.competency_id),
          'visibility', m.visibility, 'materials', m.materials, 'expertise', m.expertise,
          'expertiseComment', m.expertise_comment, 'expertiseAt', m.expertise_at, 'updatedAt', m.updated_at
        """

    /// Learners who read a closed material: those holding a seat in a group whose program has a module with a topic
    /// it is attached to (the condition ends with the learner's id).
    static let learnerOf = """
        SELECT 1 FROM module_topic_materials tm JOIN module_topics mt ON mt.id = tm.topic_id
        JOIN program_modules pm ON pm.module_id = mt.module_id JOIN study_groups g ON g.program_id = pm.program_id
        JOIN applications a ON a.group_id = g.id
        WHERE tm.material_id = m.id AND holds_seat(a.status) AND a.learner_id =
        """

    /// The material with its organization, visibility, expertise state, whether `learner` studies it, and the JSON
    /// (with the topics it is attached to for `full`).
    func detail(_ id: UUID, full: Bool, learner: UUID?) async throws -> (
        org: UUID, visibility: String, expertise: String, studied: Bool, version: Int, json: String
    )? {
        try await db.rows(
            """
            SELECT m.org_id, m.visibility, m.expertise, EXISTS (\(unescaped: Self.learnerOf) \(learner)), m.version,
              json_build_object(\(unescaped: Self.readerJSON), 'version', m.version,
                'topics', CASE WHEN \(full) THEN coalesce((SELECT json_agg(json_build_object('moduleId', md.id,
                    'module', md.name, 'topicId', mt.id, 'topic', mt.name) ORDER BY md.name, mt.position)
                  FROM module_topic_materials tm JOIN module_topics mt ON mt.id = tm.topic_id
                  JOIN modules md ON md.id = mt.module_id WHERE tm.material_id = m.id), '[]') END)::text
            FROM learning_materials m WHERE m.id = \(id)
            """
        ).first.map { try $0.decode((UUID, String, String, Bool, Int, String).self) }
    }

    func locked(_ id: UUID, on conn: PostgresConnection) async throws -> (org: UUID, version: Int, expertise: String)? {
        try await conn.rows(
            "SELECT org_id, version, expertise FROM learning_materials WHERE id = \(id) FOR UPDATE", logger: db.logger
        ).first.map { try $0.decode((UUID, Int, String).self) }
    }

    func insert(_ f: LearningMaterialFields, org: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID
    {
        try await conn.rows(
            """
            INSERT INTO learning_materials (org_id, author_id, name, summary, description, lesson_id, competency_id,
              visibility, materials, file_ids)
            VALUES (\(org), \(author), \(f.name), \(f.summary), \(f.description), \(f.lessonId), \(f.competencyId),
              \(f.visibility), \(ModulesRepository.json(f.materials))::jsonb, \(f.fileIds))
            RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
    }

    /// Saves the material; a change of what the expert judges (name, descriptions, links and files) takes a pending,
    /// approved or rejected material back to `none`, so the library shows only what an expert saw and approved.
    func update(_ id: UUID, _ f: LearningMaterialFields, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE learning_materials SET
              expertise = CASE WHEN expertise <> 'none' AND (name, summary, description, materials)
                  IS DISTINCT FROM (\(f.name), \(f.summary), \(f.description),
                    \(ModulesRepository.json(f.materials))::jsonb)
                THEN 'none' ELSE expertise END,
              expertise_at = CASE WHEN expertise <> 'none' AND (name, summary, description, materials)
                  IS DISTINCT FROM (\(f.name), \(f.summary), \(f.description),
                    \(ModulesRepository.json(f.materials))::jsonb)
                THEN NULL ELSE expertise_at END,
              name = \(f.name), summary = \(f.summary), description = \(f.description), lesson_id = \(f.lessonId),
              competency_id = \(f.competencyId), visibility = \(f.visibility),
              materials = \(ModulesRepository.json(f.materials))::jsonb, file_ids = \(f.fileIds),
              updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM learning_materials WHERE id = \(id)", logger: db.logger)
    }

    /// Sends the material to expertise (from none or rejected); false when it is pending or approved already.
    func sendToExpertise(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            """
            UPDATE learning_materials SET expertise = 'pending', expertise_at = NULL, expert_id = NULL,
              expertise_comment = NULL,
              updated_at = now(), version = version + 1
            WHERE id = \(id) AND expertise IN ('none', 'rejected') RETURNING 1
            """, logger: db.logger
        ).isEmpty
    }

    /// The material's state for a decision: its organization, author, expertise state and version (locked).
    func lockedForDecision(_ id: UUID, on conn: PostgresConnection) async throws -> (
        org: UUID, author: UUID?, expertise: String, version: Int
    )? {
        try await conn.rows(
            "SELECT org_id, author_id, expertise, version FROM learning_materials WHERE id = \(id) FOR UPDATE",
            logger: db.logger
        ).first.map { try $0.decode((UUID, UUID?, String, Int).self) }
    }

    func decide(_ id: UUID, approved: Bool, comment: String?, expert: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE learning_materials SET expertise = CASE WHEN \(approved) THEN 'approved' ELSE 'rejected' END,
              expertise_comment = \(comment), expert_id = \(expert), expertise_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    /// Materials waiting for experts, region-wide, oldest first — without those of the expert's own organizations —
    /// or the ones `decidedBy` decided (an operator's: all decided ones).
    func expertiseQueue(state: String, excluding own: [UUID], decidedBy: UUID?, page: PageRequest) async throws
        -> String
    {
        var l = ListQuery(
            from: "learning_materials m", keyset: .time("m.updated_at", id: "m.id", descending: state != "pending"))
        try l.filter("m.expertise = ?", state)
        if !own.isEmpty { try l.filter("NOT m.org_id = ANY(?)", own) }
        if state != "pending" { try l.filter("m.expert_id = ?", decidedBy) }
        return try await db.page(try l.page(Self.listJSON, page: page))
    }

    /// Attaches a material to a topic of the organization's module: its own material, or one of the library.
    func attach(_ material: UUID, topic: UUID, module: UUID, org: UUID, on conn: PostgresConnection) async throws
        -> Bool
    {
        let added = try await !conn.rows(
            """
            INSERT INTO module_topic_materials (topic_id, material_id, position)
            SELECT t.id, m.id, coalesce((SELECT max(position) + 1 FROM module_topic_materials WHERE topic_id = t.id), 0)
            FROM module_topics t, learning_materials m
            WHERE t.id = \(topic) AND t.module_id = \(module) AND m.id = \(material)
              AND (m.org_id = \(org) OR (m.expertise = 'approved' AND m.visibility IN ('public', 'open')))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: db.logger
        ).isEmpty
        if added { return true }
        return try await attached(material, topic: topic, on: conn)
    }

    func attached(_ material: UUID, topic: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM module_topic_materials WHERE topic_id = \(topic) AND material_id = \(material)",
            logger: db.logger
        ).isEmpty
    }

    func detach(_ material: UUID, topic: UUID, module: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            """
            DELETE FROM module_topic_materials tm USING module_topics t
            WHERE tm.topic_id = \(topic) AND tm.material_id = \(material) AND t.id = tm.topic_id
              AND t.module_id = \(module)
            RETURNING 1
            """, logger: db.logger
        ).isEmpty
    }

    /// The learner's materials: those attached to the topics of the modules of their groups' programs.
    func mine(_ learner: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(x.doc ORDER BY x.program, x.module, x.position, x.name), '[]')::text FROM (
              SELECT DISTINCT ON (m.id) json_build_object(\(unescaped: Self.readerJSON), 'module', md.name,
                'topic', mt.name, 'group', g.name, 'program', p.full_name) AS doc,
                p.full_name AS program, md.name AS module, mt.position, m.name
              FROM applications a JOIN study_groups g ON g.id = a.group_id JOIN programs p ON p.id = g.program_id
              JOIN program_modules pm ON pm.program_id = p.id JOIN modules md ON md.id = pm.module_id
              JOIN module_topics mt ON mt.module_id = md.id
              JOIN module_topic_materials tm ON tm.topic_id = mt.id JOIN learning_materials m ON m.id = tm.material_id
              WHERE a.learner_id = \(learner) AND holds_seat(a.status)
              ORDER BY m.id, a.created_at DESC) x
            """
        ).first!.decode(String.self)
    }
}
