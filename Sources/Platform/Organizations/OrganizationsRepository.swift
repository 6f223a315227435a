import Foundation
import PostgresNIO

/// Organizations as far as accounts need them: registration, moderation and staff membership.
public struct OrganizationsRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    public func insert(_ o: NewOrganization, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO organizations (kind, full_name, short_name, inn, ogrn, kpp, address, phone, email, roles,
              contacts)
            VALUES (\(o.kind), \(o.fullName), \(o.shortName), \(o.inn), \(o.ogrn), \(o.kpp), \(o.address), \(o.phone),
              \(o.email), ARRAY[\(o.kind)],
                    jsonb_build_object('address', \(o.address), 'phones', jsonb_build_array(\(o.phone)), 'emails',
                      jsonb_build_array(\(o.email))))
            RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
    }

    public func addMember(userId: UUID, orgId: UUID, level: String, position: String?, on conn: PostgresConnection)
        async throws
    {
        try await conn.run(
            """
            INSERT INTO memberships (user_id, org_id, level, position) VALUES (\(userId), \(orgId), \(level),
              \(position))
            """,
            logger: db.logger
        )
    }

    static let summaryColumns = """
        o.id, o.kind, o.full_name, o.short_name, o.inn, o.ogrn, o.kpp, o.address, o.phone, o.email, o.status,
        o.moderation_comment, o.created_at,
        (SELECT u.last_name || ' ' || u.first_name || ' <' || u.email || '>' FROM memberships m JOIN users u
          ON u.id = m.user_id
          WHERE m.org_id = o.id AND m.level = 'admin' ORDER BY m.created_at LIMIT 1)
        """

    static func summary(_ row: PostgresRow) throws -> OrganizationSummary {
        let (id, kind, full, short, inn, ogrn, kpp, address, phone, email, status, comment, created, applicant) =
            try row.decode(
                (
                    UUID, String, String, String, String, String, String?, String, String, String, String, String?,
                    Date, String?
                ).self)
        return OrganizationSummary(
            id: id, kind: kind, fullName: full, shortName: short, inn: inn, ogrn: ogrn, kpp: kpp, address: address,
            phone: phone,
            email: email, status: status, moderationComment: comment, createdAt: created, applicant: applicant)
    }

    /// The names an organization is searched by (an index of migration 0028 holds their words).
    static let names = "o.full_name || ' ' || o.short_name || ' ' || coalesce(o.public_name, '')"

    /// Organizations for moderation, newest registration first.
    func filtered(status: String?, search: String?) throws -> ListQuery {
        var q = ListQuery(from: "organizations o", keyset: .time("o.created_at", id: "o.id"))
        try q.filter("o.status = ?", status)
        try q.search(
            search, vector: ListQuery.searchVector(Self.names), scope: .organizations,
            text: Self.names + " || ' ' || o.inn")
        return q
    }

    public func list(status: String?, search: String?, page: PageRequest) async throws -> Page<OrganizationSummary> {
        let rows = try await db.rows(filtered(status: status, search: search).rows(Self.summaryColumns, page: page))
            .map(Self.summary)
        return page.page(rows, key: { $0.createdAt.cursorKey }, id: \.id)
    }

    public func stream(status: String?, search: String?) async throws -> some AsyncSequence<
        OrganizationSummary, any Error
    > & Sendable {
        try await db.client.query(filtered(status: status, search: search).all(Self.summaryColumns), logger: db.logger)
            .map(Self.summary)
    }

    public func summary(id: UUID, on conn: PostgresConnection) async throws -> OrganizationSummary? {
        let q: PostgresQuery =
            "SELECT \(unescaped: Self.summaryColumns) FROM organizations o WHERE o.id = \(id) FOR UPDATE OF o"
        return try await conn.rows(q, logger: db.logger).first.map(Self.summary)
    }

    /// Moves a pending organization to `approved`/`rejected`; nil when it is not pending (the race is decided here).
    public func moderate(id: UUID, to status: String, comment: String?, on conn: PostgresConnection) async throws
        -> Bool
    {
        try await conn.rows(
            """
            UPDATE organizations SET status = \(status), moderation_comment = \(comment), moderated_at = now(),
                updated_at = now(), version = version + 1
            WHERE id = \(id) AND status = 'pending' RETURNING id
            """, logger: db.logger
        ).count == 1
    }

    /// Admin-level members of an organization (whom moderation decisions are sent to).
    public func admins(orgId: UUID, on conn: PostgresConnection) async throws -> [(id: UUID, email: String)] {
        try await conn.rows(
            """
            SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.org_id = \(orgId) AND m.level = 'admin' AND u.deleted_at IS NULL
            """, logger: db.logger
        ).map { try $0.decode((UUID, String).self) }
    }

    func staffQuery(orgId: UUID) -> PostgresQuery {
        """
        SELECT u.id, u.email, u.last_name, u.first_name, u.middle_name, m.position, m.level,
               coalesce((SELECT array_agg(role ORDER BY role) FROM user_roles WHERE user_id = u.id), '{}'),
               u.email_confirmed_at IS NOT NULL, u.blocked_at IS NOT NULL
        FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = \(orgId) AND u.deleted_at IS NULL
        ORDER BY u.last_name, u.first_name, u.id
        """
    }

    static func staffMember(_ row: PostgresRow) throws -> StaffMember {
        let (id, email, last, first, middle, position, level, roles, confirmed, blocked) = try row.decode(
            (UUID, String, String, String, String?, String?, String, [String], Bool, Bool).self)
        return StaffMember(
            userId: id, email: email, lastName: last, firstName: first, middleName: middle, position: position,
            level: level,
            roles: roles, emailConfirmed: confirmed, blocked: blocked)
    }

    public func staff(orgId: UUID) async throws -> [StaffMember] {
        try await db.rows(staffQuery(orgId: orgId)).map(Self.staffMember)
    }

    public func staffStream(orgId: UUID) async throws -> some AsyncSequence<StaffMember, any Error> & Sendable {
        try await db.client.query(staffQuery(orgId: orgId), logger: db.logger).map(Self.staffMember)
    }

    public func exists(orgId: UUID) async throws -> (kind: String, status: String)? {
        try await db.rows("SELECT kind, status FROM organizations WHERE id = \(orgId)").first?.decode(
            (String, String).self)
    }

    /// The organization's ticked roles (none when it does not exist).
    public func roles(of orgId: UUID) async throws -> Set<OrganizationRole> {
        OrganizationRole.parse(
            try await db.rows("SELECT roles FROM organizations WHERE id = \(orgId)").first?.decode([String].self) ?? [])
    }

    /// Removes a membership; the staff roles go too unless the person still works for another organization.
    public func removeMember(userId: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> Bool {
        let removed =
            try await conn.rows(
                "DELETE FROM memberships WHERE user_id = \(userId) AND org_id = \(orgId) RETURNING user_id",
                logger: db.logger
            ).count == 1
        if removed {
            try await conn.run(
                """
                DELETE FROM user_roles WHERE user_id = \(userId)
                  AND role IN ('teacher', 'developer', 'expert', 'contractor', 'employer')
                  AND NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = \(userId))
                """, logger: db.logger
            )
        }
        return removed
    }

    public func adminCount(orgId: UUID, on conn: PostgresConnection) async throws -> Int {
        try await conn.rows(
            "SELECT count(*)::int FROM memberships WHERE org_id = \(orgId) AND level = 'admin'", logger: db.logger)[0]
            .decode(Int.self)
    }
}
