import Foundation
import PostgresNIO

/// Questionnaires, their versions and responses in SQL.
struct QuestionnairesRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var search: String?
        var purpose: String?
        var status: String?
    }

    static let listJSON = """
        json_build_object('id', q.id, 'title', q.title, 'purpose', q.purpose, 'status', q.status,
          'currentVersion', q.current_version,
          'responses', (SELECT count(*) FROM questionnaire_responses r WHERE r.questionnaire_id = q.id),
          'opensOn', q.opens_on, 'closesOn', q.closes_on, 'updatedAt', q.updated_at)
        """

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: "questionnaires q", keyset: .time("q.created_at", id: "q.id"))
        try l.filter("q.purpose = ?", f.purpose)
        try l.filter("q.status = ?", f.status)
        try l.search(f.search, vector: "q.search", scope: .learning, text: "q.title")
        return l
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(try filtered(f).page(Self.listJSON, page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            q.title, q.purpose, q.status, q.current_version::text,
            (SELECT count(*) FROM questionnaire_responses r WHERE r.questionnaire_id = q.id)::text,
            to_char(q.updated_at, 'DD.MM.YYYY')
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String).self)
            return [c.0, QuestionnairePurpose.title(c.1), QuestionnaireStatus.title(c.2), c.3, c.4, c.5]
        }
    }

    struct Meta: Sendable {
        var status: String
        var purpose: String
        var audienceRoles: [String]
        var opensOn: String?
        var closesOn: String?
        var currentVersion: Int
        var version: Int
    }

    /// The questionnaire as its editors read it: the current version's content and every version with its number of
    /// responses.
    func detail(_ id: UUID) async throws -> (meta: Meta, json: String)? {
        try await db.rows(
            """
            SELECT q.status, q.purpose, q.audience_roles, q.opens_on::text, q.closes_on::text, q.current_version,
              q.version, json_build_object('id', q.id, 'title', q.title, 'description', q.description,
                'purpose', q.purpose, 'status', q.status, 'audienceRoles', q.audience_roles, 'opensOn', q.opens_on,
                'audienceOrganizations', (SELECT coalesce(json_agg(json_build_object('id', o.id,
                    'name', coalesce(o.short_name, o.full_name)) ORDER BY o.short_name), '[]')
                  FROM organizations o WHERE o.id = ANY (q.audience_org_ids)),
                'audienceGroups', (SELECT coalesce(json_agg(json_build_object('id', g.id, 'name', g.name,
                    'program', (SELECT p.full_name FROM programs p WHERE p.id = g.program_id)) ORDER BY g.name), '[]')
                  FROM study_groups g WHERE g.id = ANY (q.audience_group_ids)),
                'closesOn', q.closes_on, 'currentVersion', q.current_version, 'version', q.version,
                'updatedAt', q.updated_at,
                'sections', (SELECT v.content->'sections' FROM questionnaire_versions v
                  WHERE v.questionnaire_id = q.id AND v.number = q.current_version),
                'versions', (SELECT json_agg(json_build_object('number', v.number, 'createdAt', v.created_at,
                    'responses', (SELECT count(*) FROM questionnaire_responses r
                      WHERE r.questionnaire_id = q.id AND r.version_number = v.number)) ORDER BY v.number DESC)
                  FROM questionnaire_versions v WHERE v.questionnaire_id = q.id))::text
            FROM questionnaires q WHERE q.id = \(id)
            """
        ).first.map {
            let c = try $0.decode((String, String, [String], String?, String?, Int, Int, String).self)
            return (
                Meta(
                    status: c.0, purpose: c.1, audienceRoles: c.2, opensOn: c.3, closesOn: c.4, currentVersion: c.5,
                    version: c.6), c.7
            )
        }
    }

    struct Fields: Codable, Sendable {
        var title: String
        var description: String?
        var purpose: String
        var audienceRoles: [String]
        var audienceOrgIds: [UUID] = []
        var audienceGroupIds: [UUID] = []
        var opensOn: String?
        var closesOn: String?
        var content: QuestionnaireContent
    }

    func insert(_ f: Fields, author: UUID, on conn: PostgresConnection) async throws -> UUID {
        let id = try await conn.rows(
            """
            INSERT INTO questionnaires (title, description, purpose, audience_roles, audience_org_ids,
              audience_group_ids, opens_on, closes_on, author_id)
            VALUES (\(f.title), \(f.description), \(f.purpose), \(f.audienceRoles), \(f.audienceOrgIds),
              \(f.audienceGroupIds), \(f.opensOn)::date, \(f.closesOn)::date, \(author))
            RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
        try await conn.run(
            """
            INSERT INTO questionnaire_versions (questionnaire_id, number, content)
            VALUES (\(id), 1, \(ModulesRepository.json(f.content))::jsonb)
            """, logger: db.logger)
        return id
    }

    /// The questionnaire locked for a change: its row version, current version and whether that version has
    /// responses (looked for after the lock is held, so a response saved meanwhile is seen).
    func locked(_ id: UUID, on conn: PostgresConnection) async throws -> (
        version: Int, current: Int, answered: Bool, content: QuestionnaireContent
    )? {
        guard
            let (version, current, content) = try await conn.rows(
                """
                SELECT q.version, q.current_version, v.content::text FROM questionnaires q
                JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.number = q.current_version
                WHERE q.id = \(id) FOR UPDATE OF q
                """, logger: db.logger
            ).first.map({ try $0.decode((Int, Int, String).self) })
        else { return nil }
        let answered = try await !conn.rows(
            """
            SELECT 1 FROM questionnaire_responses WHERE questionnaire_id = \(id) AND version_number = \(current)
            LIMIT 1
            """, logger: db.logger
        ).isEmpty
        let decoded = try JSONDecoder().decode(QuestionnaireContent.self, from: Data(content.utf8))
        return (version, current, answered, decoded)
    }

    /// Saves the fields; the content goes into the current version, or into a new one when `newVersion`.
    func update(_ id: UUID, _ f: Fields, newVersion: Bool, current: Int, on conn: PostgresConnection) async throws {
        let number = newVersion ? current + 1 : current
        if newVersion {
            try await conn.run(
                """
                INSERT INTO questionnaire_versions (questionnaire_id, number, content)
                VALUES (\(id), \(number), \(ModulesRepository.json(f.content))::jsonb)
                """, logger: db.logger)
        } else {
            try await conn.run(
                """
                UPDATE questionnaire_versions SET content = \(ModulesRepository.json(f.content))::jsonb
                WHERE questionnaire_id = \(id) AND number = \(number)
                  AND content <> \(ModulesRepository.json(f.content))::jsonb
                """, logger: db.logger)
        }
        try await conn.run(
            """
            UPDATE questionnaires SET title = \(f.title), description = \(f.description), purpose = \(f.purpose),
              audience_roles = \(f.audienceRoles), audience_org_ids = \(f.audienceOrgIds),
              audience_group_ids = \(f.audienceGroupIds), opens_on = \(f.opensOn)::date,
              closes_on = \(f.closesOn)::date,
              current_version = \(number), updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    func setStatus(_ id: UUID, _ status: String, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE questionnaires SET status = \(status), updated_at = now(), version = version + 1 WHERE id = \(id)",
            logger: db.logger)
    }

    func hasResponses(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM questionnaire_responses WHERE questionnaire_id = \(id) LIMIT 1", logger: db.logger
        ).isEmpty
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM questionnaires WHERE id = \(id)", logger: db.logger)
    }

    /// The questionnaire held (shared) while a response is saved, so that an edit waits for it: its meta and the
    /// current version's content.
    func forAnswering(_ id: UUID, on conn: PostgresConnection) async throws -> (
        meta: Meta, title: String, content: QuestionnaireContent
    )? {
        try await conn.rows(
            """
            SELECT q.status, q.purpose, q.audience_roles, q.opens_on::text, q.closes_on::text, q.current_version,
              q.version, q.title, v.content::text
            FROM questionnaires q
            JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.number = q.current_version
            WHERE q.id = \(id) FOR SHARE OF q
            """, logger: db.logger
        ).first.map {
            let c = try $0.decode((String, String, [String], String?, String?, Int, Int, String, String).self)
            return (
                Meta(
                    status: c.0, purpose: c.1, audienceRoles: c.2, opensOn: c.3, closesOn: c.4, currentVersion: c.5,
                    version: c.6), c.7, try JSONDecoder().decode(QuestionnaireContent.self, from: Data(c.8.utf8))
            )
        }
    }

    /// The questionnaire in force for `purpose`: the latest put in force.
    func inForce(_ purpose: String, on conn: PostgresConnection? = nil) async throws -> UUID? {
        let query: PostgresQuery = """
            SELECT id FROM questionnaires WHERE purpose = \(purpose) AND status = 'active'
            ORDER BY updated_at DESC, id LIMIT 1
            """
        let rows = if let conn { try await conn.rows(query, logger: db.logger) } else { try await db.rows(query) }
        return try rows.first?.decode(UUID.self)
    }

    func answered(_ id: UUID, by user: UUID) async throws -> Bool {
        try await !db.rows(
            "SELECT 1 FROM questionnaire_responses WHERE questionnaire_id = \(id) AND respondent_id = \(user) LIMIT 1"
        ).isEmpty
    }

    /// Saves a response; false when the person has answered already.
    func insertResponse(
        _ id: UUID, version: Int, respondent: UUID, subject: UUID?, answers: [String: JSONValue],
        on conn: PostgresConnection
    ) async throws -> UUID? {
        try await conn.rows(
            """
            INSERT INTO questionnaire_responses (questionnaire_id, version_number, respondent_id, subject_id, answers)
            VALUES (\(id), \(version), \(respondent), \(subject), \(ModulesRepository.json(answers))::jsonb)
            ON CONFLICT DO NOTHING RETURNING id
            """, logger: db.logger
        ).first?.decode(UUID.self)
    }

    /// Whether the person (`me`: user_id, roles, orgs) is in a survey's audience: each list given — roles,
    /// organizations, groups — holds them.
    static let audience = """
        (cardinality(q.audience_roles) = 0 OR q.audience_roles && me.roles)
        AND (cardinality(q.audience_org_ids) = 0 OR q.audience_org_ids && me.orgs)
        AND (cardinality(q.audience_group_ids) = 0 OR EXISTS (SELECT 1 FROM applications a
          WHERE a.learner_id = me.user_id AND a.group_id = ANY (q.audience_group_ids)
            AND a.status IN ('confirmed', 'studying', 'completed')))
        """

    /// Active surveys open on `today` whose audience holds the person, with whether they answered.
    func surveys(for user: UUID, roles: [String], orgs: [UUID], today: String) async throws -> String {
        try await db.rows(
            """
            WITH me AS (SELECT \(user)::uuid AS user_id, \(roles)::text[] AS roles, \(orgs)::uuid[] AS orgs)
            SELECT coalesce(json_agg(json_build_object('id', q.id, 'title', q.title, 'description', q.description,
                'closesOn', q.closes_on, 'answered', EXISTS (SELECT 1 FROM questionnaire_responses r
                  WHERE r.questionnaire_id = q.id AND r.respondent_id = me.user_id))
              ORDER BY q.closes_on NULLS LAST, q.title), '[]')::text
            FROM questionnaires q, me
            WHERE q.purpose = 'survey' AND q.status = 'active' AND \(unescaped: Self.audience)
              AND coalesce(q.opens_on, '-infinity') <= \(today)::date
              AND coalesce(q.closes_on, 'infinity') >= \(today)::date
            """
        ).first!.decode(String.self)
    }

    /// Whether the survey asks the person today.
    func asks(_ id: UUID, user: UUID, roles: [String], orgs: [UUID], today: String) async throws -> Bool {
        try await !db.rows(
            """
            WITH me AS (SELECT \(user)::uuid AS user_id, \(roles)::text[] AS roles, \(orgs)::uuid[] AS orgs)
            SELECT 1 FROM questionnaires q, me
            WHERE q.id = \(id) AND q.purpose = 'survey' AND q.status = 'active' AND \(unescaped: Self.audience)
              AND coalesce(q.opens_on, '-infinity') <= \(today)::date
              AND coalesce(q.closes_on, 'infinity') >= \(today)::date
            """
        ).isEmpty
    }

    /// The given organizations and groups that do not exist.
    func unknownAudience(orgs: [UUID], groups: [UUID], on conn: PostgresConnection) async throws
        -> (orgs: Set<UUID>, groups: Set<UUID>)
    {
        let knownOrgs = try await conn.rows(
            "SELECT id FROM organizations WHERE id = ANY (\(orgs))", logger: db.logger
        ).map { try $0.decode(UUID.self) }
        let knownGroups = try await conn.rows(
            "SELECT id FROM study_groups WHERE id = ANY (\(groups))", logger: db.logger
        ).map { try $0.decode(UUID.self) }
        return (Set(orgs).subtracting(knownOrgs), Set(groups).subtracting(knownGroups))
    }

    /// Every response to a version: who, when, about what, the answers.
    func responses(_ id: UUID, version: Int) async throws -> [(
        respondent: String, at: String, answers: [String: JSONValue]
    )] {
        try await db.rows(
            """
            SELECT concat_ws(' ', u.last_name, u.first_name, u.middle_name),
              to_char(r.created_at, 'YYYY-MM-DD"T"HH24:MI:SSOF'), r.answers::text
            FROM questionnaire_responses r JOIN users u ON u.id = r.respondent_id
            WHERE r.questionnaire_id = \(id) AND r.version_number = \(version) ORDER BY r.created_at, r.id
            """
        ).map {
            let c = try $0.decode((String, String, String).self)
            return (c.0, c.1, try JSONDecoder().decode([String: JSONValue].self, from: Data(c.2.utf8)))
        }
    }

    func content(_ id: UUID, version: Int) async throws -> QuestionnaireContent? {
        try await db.rows(
            """
            SELECT content::text FROM questionnaire_versions WHERE questionnaire_id = \(id) AND number = \(version)
            """
        ).first.map { try JSONDecoder().decode(QuestionnaireContent.self, from: Data(try $0.decode(String.self).utf8)) }
    }
}
