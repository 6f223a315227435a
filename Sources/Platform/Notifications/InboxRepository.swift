import Foundation
import Logging
import PostgresNIO

public struct InboxMessage: Codable, Sendable {
    public var id: UUID
    public var subject: String
    public var body: String
    public var link: String?
    public var read: Bool
    public var createdAt: Date
}

/// A person's notifications («Мои сообщения»); every query is bound to the owner.
public struct InboxRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    /// A message for one person, on the caller's transaction (it exists only if the change that caused it commits).
    static func add(
        userId: UUID, subject: String, body: String, link: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws {
        try await conn.run(
            "INSERT INTO messages (user_id, subject, body, link) VALUES (\(userId), \(subject), \(body), \(link))",
            logger: logger)
    }

    /// A message for the people who work an organization's applications: its admins and contractors. Returns whom to
    /// tell by e-mail too: everyone (`everyone`), or only those who had no unread message of this subject yet — the
    /// first new application since they last read their messages is mailed, the next ones wait in the inbox.
    static func addForDesk(
        of org: UUID, subject: String, body: String, link: String, everyone: Bool, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> [(userId: UUID, email: String)] {
        try await conn.rows(
            """
            WITH desk AS (
              SELECT DISTINCT m.user_id FROM memberships m WHERE m.org_id = \(org)
                AND (m.level = 'admin' OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = m.user_id
                  AND r.role = 'contractor'))),
            added AS (INSERT INTO messages (user_id, subject, body, link)
                      SELECT user_id, \(subject), \(body), \(link) FROM desk)
            SELECT u.id, u.email FROM desk d JOIN users u ON u.id = d.user_id
            WHERE u.blocked_at IS NULL AND u.deleted_at IS NULL
              AND (\(everyone) OR NOT EXISTS (SELECT 1 FROM messages x WHERE x.user_id = d.user_id
                                              AND x.subject = \(subject) AND x.read_at IS NULL))
            """, logger: logger
        ).map { try $0.decode((UUID, String).self) }.map { (userId: $0.0, email: $0.1) }
    }

    public func list(userId: UUID, unreadOnly: Bool, page: PageRequest) async throws -> Page<InboxMessage> {
        var q = ListQuery(from: "messages", keyset: .time("created_at", id: "id"))
        try q.filter("user_id = ?", userId)
        q.filter("read_at IS NULL", when: unreadOnly)
        let rows = try await db.rows(
            q.rows("id, subject, body, link, read_at IS NOT NULL, created_at", page: page)
        ).map { row in
            let (id, subject, body, link, read, created) = try row.decode(
                (UUID, String, String, String?, Bool, Date).self)
            return InboxMessage(id: id, subject: subject, body: body, link: link, read: read, createdAt: created)
        }
        return page.page(rows, key: { $0.createdAt.cursorKey }, id: \.id)
    }

    public func unreadCount(userId: UUID) async throws -> Int {
        try await db.rows("SELECT count(*)::int FROM messages WHERE user_id = \(userId) AND read_at IS NULL")[0].decode(
            Int.self)
    }

    /// Marks one of the owner's messages read; false when it is not theirs (→ 404).
    public func markRead(id: UUID, userId: UUID) async throws -> Bool {
        try await db.rows(
            """
            UPDATE messages SET read_at = coalesce(read_at, now()) WHERE id = \(id) AND user_id = \(userId) RETURNING id
            """
        ).count == 1
    }
}
