import Foundation
import PostgresNIO

/// Invitations of existing accounts into an organization (migration 0025): open ones are those not answered and not
/// expired.
struct StaffInvitationsRepository: Sendable {
    let db: Database

    static let json = """
        json_build_object('id', i.id, 'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'email', u.email, 'name', u.last_name || ' ' || u.first_name, 'roles', i.roles, 'level', i.level,
          'position', i.position,
          'invitedBy', (SELECT last_name || ' ' || first_name FROM users WHERE id = i.invited_by),
          'createdAt', \(OrganizationProfileRepository.utc("i.created_at")),
          'expiresAt', \(OrganizationProfileRepository.utc("i.expires_at")))
        """
    static let from = "staff_invitations i JOIN organizations o ON o.id = i.org_id JOIN users u ON u.id = i.user_id"
    static let open = "i.answered_at IS NULL AND i.expires_at > now()"

    /// The account of `email`: its id, and whether it can act (not blocked or deleted).
    func account(email: String) async throws -> (id: UUID, usable: Bool)? {
        try await db.rows(
            "SELECT id, deleted_at IS NULL AND blocked_at IS NULL FROM users WHERE email = \(email)"
        ).first.map { try $0.decode((UUID, Bool).self) }
    }

    func isMember(userId: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM memberships WHERE user_id = \(userId) AND org_id = \(orgId)", logger: db.logger
        ).isEmpty
    }

    /// A new open invitation; an earlier open one to the same person is replaced (a repeated invitation renews it).
    func invite(
        orgId: UUID, userId: UUID, roles: [String], level: String, position: String?, by: UUID?,
        on conn: PostgresConnection
    ) async throws -> String {
        try await conn.run(
            """
            DELETE FROM staff_invitations WHERE org_id = \(orgId) AND user_id = \(userId) AND answered_at IS NULL
            """, logger: db.logger)
        return try await conn.rows(
            """
            WITH i AS (INSERT INTO staff_invitations (org_id, user_id, roles, level, position, invited_by)
              VALUES (\(orgId), \(userId), \(roles), \(level), \(position), \(by)) RETURNING *)
            SELECT \(unescaped: Self.json)::text FROM i JOIN organizations o ON o.id = i.org_id
            JOIN users u ON u.id = i.user_id
            """, logger: db.logger)[0].decode(String.self)
    }

    /// Open invitations of one organization, or of one person.
    func list(orgId: UUID? = nil, userId: UUID? = nil) async throws -> String {
        var q = ListQuery(from: Self.from, keyset: .time("i.created_at", id: "i.id"))
        q.filter(Self.open)
        try q.filter("i.org_id = ?", orgId)
        try q.filter("i.user_id = ?", userId)
        return try await db.page(q.page(Self.json, page: PageRequest(limit: PageRequest.maxLimit)))
    }

    /// Locks an open invitation of `userId` (or of `orgId`): (org, user, roles, level, position).
    func lockOpen(id: UUID, userId: UUID? = nil, orgId: UUID? = nil, on conn: PostgresConnection) async throws
        -> (orgId: UUID, userId: UUID, roles: [String], level: String, position: String?)?
    {
        try await conn.rows(
            """
            SELECT i.org_id, i.user_id, i.roles, i.level, i.position FROM staff_invitations i
            WHERE i.id = \(id) AND \(unescaped: Self.open)
              AND i.user_id = coalesce(\(userId), i.user_id) AND i.org_id = coalesce(\(orgId), i.org_id)
            FOR UPDATE
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, UUID, [String], String, String?).self) }
    }

    func answer(id: UUID, _ answer: String, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE staff_invitations SET answered_at = now(), answer = \(answer) WHERE id = \(id)", logger: db.logger)
    }

    /// Adds the invitation's roles to the account (its other roles stay).
    func grant(roles: [String], to userId: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO user_roles (user_id, role) SELECT \(userId), unnest(\(roles)::text[]) ON CONFLICT DO NOTHING
            """, logger: db.logger)
    }

    func organizationName(_ orgId: UUID, on conn: PostgresConnection) async throws -> String {
        try await conn.rows("SELECT short_name FROM organizations WHERE id = \(orgId)", logger: db.logger)[0]
            .decode(String.self)
    }
}
