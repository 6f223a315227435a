import Foundation
import PostgresNIO

public struct UserFilter: Sendable {
    public var search: String?
    public var role: String?
    public var orgId: UUID?
    public var blocked: Bool?
    /// nil: only active accounts; true: only deleted; false: same as nil.
    public var deleted: Bool?
}

/// Admin lists of users (search, filters, keyset pages, CSV stream) and account state changes.
public struct AdminUsersRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    func listQuery(_ f: UserFilter, cursor: Cursor?, limit: Int?) -> PostgresQuery {
        let pattern = f.search.map { "%" + $0.lowercased().replacingOccurrences(of: "ё", with: "е") + "%" }
        let afterMicros = cursor?.micros
        let deleted = f.deleted ?? false
        var q: PostgresQuery = """
            SELECT \(unescaped: UsersRepository.profileColumns) FROM users u
            WHERE (\(deleted) = (u.deleted_at IS NOT NULL))
              AND (\(pattern)::text IS NULL OR replace(lower(u.last_name || ' ' || u.first_name || ' ' ||
                coalesce(u.middle_name, '') || ' ' || u.email), 'ё', 'е') LIKE \(pattern))
              AND (\(f.role)::text IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id
                AND r.role = \(f.role)))
              AND (\(f.orgId)::uuid IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id
                AND m.org_id = \(f.orgId)))
              AND (\(f.blocked)::bool IS NULL OR \(f.blocked) = (u.blocked_at IS NOT NULL))
              AND (\(afterMicros)::bigint IS NULL
                   OR (u.created_at, u.id) < ('epoch'::timestamptz + \(afterMicros) * interval '1 microsecond',
                     \(cursor?.id)))
            ORDER BY u.created_at DESC, u.id DESC
            """
        if let limit { q.sql += " LIMIT \(limit + 1)" }
        return q
    }

    public func list(_ filter: UserFilter, page: PageRequest) async throws -> Page<Profile> {
        let rows = try await db.rows(listQuery(filter, cursor: page.cursor, limit: page.limit)).map(
            UsersRepository.profile)
        return page.page(rows, key: { $0.createdAt.cursorKey }, id: \.id)
    }

    public func stream(_ filter: UserFilter) async throws -> some AsyncSequence<Profile, any Error> & Sendable {
        try await db.client.query(listQuery(filter, cursor: nil, limit: nil), logger: db.logger).map(
            UsersRepository.profile)
    }

    public enum StateChange: String, Sendable { case block, unblock, delete, restore }

    /// Applies a state change only from the state it makes sense from; false when the account is not in that state.
    public func change(_ change: StateChange, userId: UUID, reason: String?, on conn: PostgresConnection) async throws
        -> Bool
    {
        let q: PostgresQuery
        switch change {
        case .block:
            q =
                """
                UPDATE users SET blocked_at = now(), blocked_reason = \(reason), updated_at = now(),
                  version = version + 1 WHERE id = \(userId) AND blocked_at IS NULL AND deleted_at IS NULL RETURNING id
                """
        case .unblock:
            q =
                """
                UPDATE users SET blocked_at = NULL, blocked_reason = NULL, updated_at = now(),
                  version = version + 1 WHERE id = \(userId) AND blocked_at IS NOT NULL AND deleted_at IS NULL
                    RETURNING id
                """
        case .delete:
            q =
                """
                UPDATE users SET deleted_at = now(), updated_at = now(),
                  version = version + 1 WHERE id = \(userId) AND deleted_at IS NULL RETURNING id
                """
        case .restore:
            q =
                """
                UPDATE users SET deleted_at = NULL, updated_at = now(),
                  version = version + 1 WHERE id = \(userId) AND deleted_at IS NOT NULL RETURNING id
                """
        }
        return try await conn.rows(q, logger: db.logger).count == 1
    }
}
