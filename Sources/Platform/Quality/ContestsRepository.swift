import Foundation
import PostgresNIO

/// The contests registry and learners' achievements in SQL.
struct ContestsRepository: Sendable {
    let db: Database

    struct Fields: Sendable, Encodable {
        var name: String
        var organizer: String?
        var levelId: UUID?
        var startsOn: String?
        var endsOn: String?
        var url: String?
        var description: String?
        var status: String
    }

    struct Filter: Sendable {
        var search: String?
        var status: String?
        var levelId: UUID?
        /// not an operator: approved contests and the reader's own proposals
        var reader: UUID?
    }

    /// A contest as JSON; who proposed it only for ЦОПП's operators (`$operator`).
    static let json = """
        json_build_object('id', c.id, 'name', c.name, 'organizer', c.organizer,
          'level', (SELECT json_build_object('id', d.id, 'name', d.name) FROM directory_items d
            WHERE d.id = c.level_id),
          'startsOn', c.starts_on, 'endsOn', c.ends_on, 'url', c.url, 'description', c.description,
          'status', c.status, 'proposedBy', CASE WHEN $operator THEN (SELECT concat_ws(' ', u.last_name, u.first_name)
            FROM users u WHERE u.id = c.proposed_by) END,
          'approvedAt', c.approved_at, 'createdAt', c.created_at, 'version', c.version,
          'achievements', (SELECT count(*) FROM achievements a WHERE a.contest_id = c.id))
        """

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: "contests c", keyset: .time("c.created_at", id: "c.id"))
        try l.filter("c.status = ?", f.status)
        try l.filter("c.level_id = ?", f.levelId)
        if let reader = f.reader { try l.filter("(c.status = 'approved' OR c.proposed_by = ?)", reader) }
        try l.search(f.search, vector: "c.search", scope: .events, text: "c.name")
        return l
    }

    static func json(operator isOperator: Bool) -> String {
        json.replacingOccurrences(of: "$operator", with: isOperator ? "true" : "false")
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(try filtered(f).page(Self.json(operator: f.reader == nil), page: page))
    }

    /// Whether a contest of this name (letter case and ё aside) is in the registry.
    func named(_ name: String) async throws -> Bool {
        try await !db.rows(
            """
            SELECT 1 FROM contests
            WHERE replace(lower(name), 'ё', 'е') = replace(lower(\(name)), 'ё', 'е') LIMIT 1
            """
        ).isEmpty
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            c.name, coalesce(c.organizer, ''),
            coalesce((SELECT d.name FROM directory_items d WHERE d.id = c.level_id), ''),
            coalesce(to_char(c.starts_on, 'DD.MM.YYYY'), ''), coalesce(to_char(c.ends_on, 'DD.MM.YYYY'), ''), c.status,
            (SELECT count(*) FROM achievements a WHERE a.contest_id = c.id)::text
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, ContestStatus.title(c.5), c.6]
        }
    }

    func detail(_ id: UUID, operator isOperator: Bool) async throws -> (
        json: String, version: Int, status: String, proposedBy: UUID?
    )? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.json(operator: isOperator))::text, c.version, c.status, c.proposed_by
            FROM contests c WHERE c.id = \(id)
            """
        ).first.map { try $0.decode((String, Int, String, UUID?).self) }
    }

    func insert(_ f: Fields, by user: UUID, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO contests (name, organizer, level_id, starts_on, ends_on, url, description, status, proposed_by,
              approved_by, approved_at)
            VALUES (\(f.name), \(f.organizer), \(f.levelId), \(f.startsOn)::date, \(f.endsOn)::date, \(f.url),
              \(f.description), \(f.status), \(user), CASE WHEN \(f.status) = 'approved' THEN \(user)::uuid END,
              CASE WHEN \(f.status) = 'approved' THEN now() END)
            RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
    }

    /// The contest's row version and status, locked for a change.
    func locked(_ id: UUID, on conn: PostgresConnection) async throws -> (version: Int, status: String)? {
        try await conn.rows("SELECT version, status FROM contests WHERE id = \(id) FOR UPDATE", logger: db.logger)
            .first?.decode((Int, String).self)
    }

    func update(_ id: UUID, _ f: Fields, by user: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE contests SET name = \(f.name), organizer = \(f.organizer), level_id = \(f.levelId),
              starts_on = \(f.startsOn)::date, ends_on = \(f.endsOn)::date, url = \(f.url),
              description = \(f.description),
              approved_by = CASE WHEN \(f.status) = 'approved' AND status <> 'approved' THEN \(user)::uuid
                WHEN \(f.status) = 'approved' THEN approved_by END,
              approved_at = CASE WHEN \(f.status) = 'approved' AND status <> 'approved' THEN now()
                WHEN \(f.status) = 'approved' THEN approved_at END,
              status = \(f.status), updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    func exists(_ id: UUID) async throws -> Bool {
        try await !db.rows("SELECT 1 FROM contests WHERE id = \(id)").isEmpty
    }

    /// Deletes a contest nobody recorded a result in; nil when it is gone, false when it has achievements.
    func delete(_ id: UUID, on conn: PostgresConnection) async throws -> Bool? {
        guard try await !conn.rows("SELECT 1 FROM contests WHERE id = \(id) FOR UPDATE", logger: db.logger).isEmpty
        else { return nil }
        if try await !conn.rows("SELECT 1 FROM achievements WHERE contest_id = \(id) LIMIT 1", logger: db.logger)
            .isEmpty
        {
            return false
        }
        try await conn.run("DELETE FROM contests WHERE id = \(id)", logger: db.logger)
        return true
    }
}
