import Foundation
import PostgresNIO

/// Program requests in SQL. `everyone` is true for ЦОПП staff: anyone else reaches only their own requests, so
/// another person's request is simply not found.
struct ProgramRequestsRepository: Sendable {
    let db: Database

    static let itemSQL = """
        json_build_object('id', r.id, 'kind', r.kind, 'title', r.title, 'description', r.description, 'status',
          r.status,
          'learnersCount', r.learners_count, 'staffComment', r.staff_comment,
          'requester', (SELECT json_build_object('id', u.id, 'name', u.last_name || ' ' || u.first_name, 'email',
            u.email) FROM users u WHERE u.id = r.requester_id),
          'organization', (SELECT json_build_object('id', o.id, 'shortName',
            o.short_name) FROM organizations o WHERE o.id = r.org_id),
          'modules', coalesce((SELECT json_agg(json_build_object('id', m.id, 'name',
            m.name) ORDER BY array_position(r.module_ids, m.id))
              FROM modules m WHERE m.id = ANY(r.module_ids)), '[]'),
          'createdAt', \(OrganizationProfileRepository.utc("r.created_at")), 'version', r.version)
        """

    /// Which of `ids` are modules of published programs (the modules a learner may compose a program of).
    func publishedModules(among ids: [UUID]) async throws -> Set<UUID> {
        Set(
            try await db.rows(
                """
                SELECT DISTINCT pm.module_id FROM program_modules pm JOIN programs p ON p.id = pm.program_id
                WHERE p.status = 'published' AND pm.module_id = ANY(\(ids))
                """
            ).map { try $0.decode(UUID.self) })
    }

    struct NewRequest: Sendable {
        var kind: String
        var requester: UUID
        var orgId: UUID?
        var title: String
        var description: String?
        var moduleIds: [UUID]
        var learnersCount: Int?
    }

    func insert(_ r: NewRequest, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO program_requests (kind, requester_id, org_id, title, description, module_ids, learners_count)
            VALUES (\(r.kind), \(r.requester), \(r.orgId), \(r.title), \(r.description), \(r.moduleIds),
              \(r.learnersCount))
            RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
    }

    func item(id: UUID, everyone: Bool, user: UUID) async throws -> String? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.itemSQL)::text FROM program_requests r
            WHERE r.id = \(id) AND (\(everyone) OR r.requester_id = \(user))
            """
        ).first?.decode(String.self)
    }

    /// Requests of `user`, or everyone's for ЦОПП staff, newest first.
    func filtered(everyone: Bool, user: UUID, status: String?, kind: String?) throws -> ListQuery {
        var q = ListQuery(from: "program_requests r", keyset: .time("r.created_at", id: "r.id"))
        if !everyone { try q.filter("r.requester_id = ?", user) }
        try q.filter("r.status = ?", status)
        try q.filter("r.kind = ?", kind)
        return q
    }

    func list(everyone: Bool, user: UUID, status: String?, kind: String?, page: PageRequest) async throws -> String {
        try await db.page(
            filtered(everyone: everyone, user: user, status: status, kind: kind).page(Self.itemSQL, page: page))
    }

    func stream(everyone: Bool, user: UUID, status: String?, kind: String?) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        let columns = """
            r.id::text, r.kind, r.status, r.title, (SELECT last_name || ' ' || first_name || ' <' || email || '>'
              FROM users WHERE id = r.requester_id), coalesce((SELECT short_name FROM organizations
                WHERE id = r.org_id), ''), to_char(r.created_at AT TIME ZONE 'UTC',
                  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
            """
        let q = try filtered(everyone: everyone, user: user, status: status, kind: kind).all(columns)
        return try await db.client.query(q, logger: db.logger).map { row in
            let c = try row.decode((String, String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, c.5, c.6]
        }
    }

    /// Locks the request for a step: its status, the requester and their address (nil once the account is deleted).
    func lock(id: UUID, on conn: PostgresConnection) async throws
        -> (status: ProgramRequestStatus, requester: UUID, email: String?, title: String)?
    {
        try await conn.rows(
            """
            SELECT r.status, r.requester_id, (SELECT email FROM users WHERE id = r.requester_id
              AND deleted_at IS NULL), r.title
            FROM program_requests r WHERE r.id = \(id) FOR UPDATE
            """, logger: db.logger
        ).first.map {
            let c = try $0.decode((String, UUID, String?, String).self)
            return (ProgramRequestStatus(rawValue: c.0) ?? .new, c.1, c.2, c.3)
        }
    }

    func setStatus(_ id: UUID, _ status: ProgramRequestStatus, comment: String?, on conn: PostgresConnection)
        async throws
    {
        try await conn.run(
            """
            UPDATE program_requests SET status = \(status.rawValue), staff_comment = coalesce(\(comment),
              staff_comment),
              updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }
}
