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

    /// Accounts newest first; deleted ones only when asked for.
    func filtered(_ f: UserFilter) throws -> ListQuery {
        var q = ListQuery(from: "users u", keyset: .time("u.created_at", id: "u.id"))
        q.filter(f.deleted == true ? "u.deleted_at IS NOT NULL" : "u.deleted_at IS NULL")
        try q.contains(
            "u.last_name || ' ' || u.first_name || ' ' || coalesce(u.middle_name, '') || ' ' || u.email",
            f.search)
        try q.filter("EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)", f.role)
        try q.filter("EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.org_id = ?)", f.orgId)
        try q.filter("(u.blocked_at IS NOT NULL) = ?", f.blocked)
        return q
    }

    public func list(_ filter: UserFilter, page: PageRequest) async throws -> Page<Profile> {
        let rows = try await db.rows(filtered(filter).rows(UsersRepository.profileColumns, page: page)).map(
            UsersRepository.profile)
        return page.page(rows, key: { $0.createdAt.cursorKey }, id: \.id)
    }

    public func stream(_ filter: UserFilter) async throws -> some AsyncSequence<Profile, any Error> & Sendable {
        try await db.client.query(filtered(filter).all(UsersRepository.profileColumns), logger: db.logger).map(
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
