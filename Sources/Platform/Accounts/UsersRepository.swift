import Foundation
import PostgresNIO

/// Accounts: people, their roles and memberships.
public struct UsersRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    /// Login data of a not-deleted account.
    public struct Credentials: Sendable {
        public var id: UUID
        public var passwordHash: String?
        public var confirmed: Bool
        public var blocked: Bool
    }

    /// Inserts a person with roles; the password hash may be nil (the person sets it by an e-mailed link).
    public func insert(
        _ p: PersonInput, passwordHash: String?, roles: [Role], consent: Bool, confirmed: Bool = false,
        grantedBy: UUID?, on conn: PostgresConnection
    ) async throws -> UUID {
        let birth = p.birthDate
        let rows = try await conn.rows(
            """
            INSERT INTO users (email, password_hash, last_name, first_name, middle_name, phone, birth_date, snils,
                               personal_data_consent_at, email_confirmed_at)
            VALUES (\(p.email), \(passwordHash), \(p.lastName), \(p.firstName), \(p.middleName), \(p.phone),
              \(birth)::date,
                    \(p.snils), CASE WHEN \(consent) THEN now() END, CASE WHEN \(confirmed) THEN now() END)
            RETURNING id
            """, logger: db.logger)
        let id = try rows[0].decode(UUID.self)
        for role in roles { try await grant(role, to: id, by: grantedBy, on: conn) }
        return id
    }

    public func grant(_ role: Role, to userId: UUID, by: UUID?, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO user_roles (user_id, role, granted_by) VALUES (\(userId), \(role.rawValue),
              \(by)) ON CONFLICT DO NOTHING
            """,
            logger: db.logger
        )
    }

    /// Returns whether the role was held.
    public func revoke(_ role: Role, from userId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "DELETE FROM user_roles WHERE user_id = \(userId) AND role = \(role.rawValue) RETURNING role",
            logger: db.logger
        )
        .count > 0
    }

    public func credentials(email: String) async throws -> Credentials? {
        let rows = try await db.rows(
            """
            SELECT id, password_hash, email_confirmed_at IS NOT NULL, blocked_at IS NOT NULL
            FROM users WHERE email = \(email.lowercased()) AND deleted_at IS NULL
            """)
        guard let row = rows.first else { return nil }
        let (id, hash, confirmed, blocked) = try row.decode((UUID, String?, Bool, Bool).self)
        return Credentials(id: id, passwordHash: hash, confirmed: confirmed, blocked: blocked)
    }

    public func passwordHash(userId: UUID) async throws -> String? {
        try await db.rows("SELECT password_hash FROM users WHERE id = \(userId) AND deleted_at IS NULL").first?.decode(
            String?.self)
    }

    /// The rights of user `u` as two columns: roles, and approved organizations with kind and level (JSON text). Read
    /// for the access token's claims and, by SessionGuard, for every request: one definition for both.
    static let rightsColumns = """
        coalesce((SELECT array_agg(role ORDER BY role) FROM user_roles WHERE user_id = u.id), '{}'),
        coalesce((SELECT json_agg(json_build_object('id', o.id, 'kind', o.kind, 'level', m.level, 'roles', o.roles)
                    ORDER BY o.id)
                  FROM memberships m JOIN organizations o ON o.id = m.org_id
                  WHERE m.user_id = u.id AND o.status = 'approved'), '[]')::text
        """

    static func rights(roles: [String], orgs: String) throws -> (roles: Set<Role>, orgs: [OrgClaim]) {
        (Set(roles.compactMap(Role.init(rawValue:))), try JSONDecoder().decode([OrgClaim].self, from: Data(orgs.utf8)))
    }

    /// Roles, approved organizations and session epoch for the access token (read together, so the token never carries
    /// rights newer than its epoch); nil if the account cannot act (blocked, deleted).
    public func identity(userId: UUID) async throws -> Identity? {
        let rows = try await db.rows(
            """
            SELECT u.session_epoch, \(unescaped: Self.rightsColumns)
            FROM users u WHERE u.id = \(userId) AND u.deleted_at IS NULL AND u.blocked_at IS NULL
            """)
        guard let row = rows.first else { return nil }
        let (epoch, roleNames, orgsJSON) = try row.decode((Int64, [String], String).self)
        let rights = try Self.rights(roles: roleNames, orgs: orgsJSON)
        var identity = Identity(userId: userId, roles: rights.roles, orgs: rights.orgs)
        identity.sessionEpoch = epoch
        return identity
    }

    static let profileColumns = """
        u.id, u.email, u.last_name, u.first_name, u.middle_name, u.phone, to_char(u.birth_date, 'YYYY-MM-DD'), u.snils,
        u.email_confirmed_at IS NOT NULL, u.blocked_at IS NOT NULL, u.blocked_reason, u.deleted_at IS NOT NULL,
        coalesce((SELECT array_agg(role ORDER BY role) FROM user_roles WHERE user_id = u.id), '{}'),
        coalesce((SELECT json_agg(json_build_object('id', o.id, 'kind', o.kind, 'shortName', o.short_name,
                                                    'status', o.status, 'level', m.level, 'roles', o.roles)
                    ORDER BY o.short_name)
                  FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE m.user_id = u.id), '[]')::text,
        u.created_at, u.version
        """

    static func profile(_ row: PostgresRow) throws -> Profile {
        let (
            id, email, last, first, middle, phone, birth, snils, confirmed, blocked, reason, deleted, roles, orgs,
            created, version
        ) =
            try row.decode(
                (
                    UUID, String, String, String, String?, String?, String?, String?, Bool, Bool, String?, Bool,
                    [String], String, Date, Int
                ).self)
        return Profile(
            id: id, email: email, lastName: last, firstName: first, middleName: middle, phone: phone, birthDate: birth,
            snils: snils,
            emailConfirmed: confirmed, blocked: blocked, blockedReason: reason, deleted: deleted, roles: roles,
            organizations: try JSONDecoder().decode([MembershipView].self, from: Data(orgs.utf8)), createdAt: created,
            version: version)
    }

    public func profile(userId: UUID, includeDeleted: Bool = false) async throws -> Profile? {
        let q: PostgresQuery = """
            SELECT \(unescaped: Self.profileColumns) FROM users u
            WHERE u.id = \(userId) \(unescaped: includeDeleted ? "" : "AND u.deleted_at IS NULL")
            """
        return try await db.rows(q).first.map(Self.profile)
    }

    public func profile(userId: UUID, on conn: PostgresConnection) async throws -> Profile? {
        let q: PostgresQuery =
            "SELECT \(unescaped: Self.profileColumns) FROM users u WHERE u.id = \(userId) FOR UPDATE OF u"
        return try await conn.rows(q, logger: db.logger).first.map(Self.profile)
    }

    /// Writes changed person fields; `expectedVersion` (from If-Match) makes a stale write fail with nil.
    public func update(
        userId: UUID, with p: PersonInput, emailChanged: Bool, expectedVersion: Int?, on conn: PostgresConnection
    ) async throws -> Bool {
        try await conn.rows(
            """
            UPDATE users SET email = \(p.email), last_name = \(p.lastName), first_name = \(p.firstName),
              middle_name = \(p.middleName),
                phone = \(p.phone), birth_date = \(p.birthDate)::date, snils = \(p.snils),
                email_confirmed_at = CASE WHEN \(emailChanged) THEN NULL ELSE email_confirmed_at END,
                version = version + 1, updated_at = now()
            WHERE id = \(userId) AND version = coalesce(\(expectedVersion)::int, version)
            RETURNING id
            """, logger: db.logger
        ).count == 1
    }

    public func setPassword(userId: UUID, hash: String, confirmEmail: Bool, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE users SET password_hash = \(hash), updated_at = now(), version = version + 1,
                email_confirmed_at = CASE WHEN \(confirmEmail) THEN coalesce(email_confirmed_at,
                  now()) ELSE email_confirmed_at END
            WHERE id = \(userId)
            """, logger: db.logger
        )
    }

    public func confirmEmail(userId: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE users SET email_confirmed_at = coalesce(email_confirmed_at, now()),
              updated_at = now() WHERE id = \(userId)
            """,
            logger: db.logger
        )
    }

    /// Person fields of an existing user, for audit "before" snapshots and partial updates.
    public func person(of p: Profile) -> PersonInput {
        PersonInput(
            email: p.email, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, phone: p.phone,
            birthDate: p.birthDate, snils: p.snils)
    }

    /// Prepared once per connection: SessionGuard runs it before every authenticated request whose user is not
    /// remembered.
    struct AccountState: PostgresPreparedStatement {
        typealias Row = AccountStates.State
        static let sql = """
            SELECT u.blocked_at IS NULL AND u.deleted_at IS NULL, u.session_epoch, \(UsersRepository.rightsColumns)
            FROM users u WHERE u.id = $1
            """
        let userId: UUID
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(userId)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row {
            let (usable, epoch, roles, orgs) = try row.decode((Bool, Int64, [String], String).self)
            let rights = try UsersRepository.rights(roles: roles, orgs: orgs)
            return .init(usable: usable, sessionEpoch: epoch, roles: rights.roles, orgs: rights.orgs)
        }
    }

    /// The account with this address, deleted or not.
    func id(ofEmail email: String) async throws -> UUID? {
        try await db.rows("SELECT id FROM users WHERE email = \(email)").first?.decode(UUID.self)
    }

    /// Brings a deleted or blocked account back (the configured administrator is authoritative).
    func restore(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE users SET deleted_at = NULL, blocked_at = NULL, blocked_reason = NULL
            WHERE id = \(id) AND (deleted_at IS NOT NULL OR blocked_at IS NOT NULL)
            """, logger: db.logger)
    }

    /// The active moderators and admins: who hears that something waits for moderation.
    func moderators(on conn: PostgresConnection) async throws -> [(UUID, String)] {
        try await conn.rows(
            """
            SELECT DISTINCT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id
            WHERE r.role IN ('admin', 'moderator') AND u.deleted_at IS NULL AND u.blocked_at IS NULL
            """, logger: db.logger
        ).map { try $0.decode((UUID, String).self) }
    }
}
