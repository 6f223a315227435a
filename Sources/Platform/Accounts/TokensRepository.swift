import Foundation
import PostgresNIO

/// Refresh tokens (rotated, revocable) and single-use e-mailed link tokens; only hashes are stored.
public struct TokensRepository: Sendable {
    let db: Database
    public static let refreshLifetimeDays = 30
    public init(db: Database) { self.db = db }

    public enum Purpose: String, Sendable {
        case confirmEmail = "confirm_email"
        case resetPassword = "reset_password"
        case setPassword = "set_password"
        var lifetimeHours: Int {
            switch self {
            case .confirmEmail: 72
            case .resetPassword: 2
            case .setPassword: 7 * 24
            }
        }
    }

    public func issueRefresh(userId: UUID, family: UUID = UUID()) async throws -> String {
        let token = SecretToken.generate()
        try await db.execute(
            """
            INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
            VALUES (\(userId), \(family), \(SecretToken.hash(token)),
              now() + make_interval(days => \(Self.refreshLifetimeDays)::int))
            """)
        return token
    }

    /// Spends a refresh token. A token that was already spent means it leaked: its whole family is revoked.
    public func rotate(_ token: String) async throws -> (userId: UUID, family: UUID)? {
        let hash = SecretToken.hash(token)
        let rows = try await db.rows(
            """
            UPDATE refresh_tokens SET revoked_at = now()
            WHERE token_hash = \(hash) AND revoked_at IS NULL AND expires_at > now()
            RETURNING user_id, family_id
            """)
        if let row = rows.first {
            let (user, family) = try row.decode((UUID, UUID).self)
            return (user, family)
        }
        try await db.execute(
            """
            UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = \(hash))
            """)
        return nil
    }

    /// Logout in one statement: the refresh token's session family is revoked, and every access token of its owner (or
    /// of `caller`, when no refresh token came) stops working. The user whose tokens ended, if any.
    public func logout(refreshToken: String?, caller: UUID?) async throws -> UUID? {
        let hash = refreshToken.map(SecretToken.hash)
        return try await db.rows(
            """
            WITH revoked AS (
              UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())
              WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = \(hash))
              RETURNING user_id)
            UPDATE users SET session_epoch = session_epoch + 1
            WHERE id = coalesce((SELECT user_id FROM revoked LIMIT 1), \(caller))
            RETURNING id
            """
        ).first?.decode(UUID.self)
    }

    /// Ends every session of the account: refresh tokens are revoked and access tokens issued so far stop working.
    public func revokeAll(userId: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = \(userId) AND revoked_at IS NULL",
            logger: db.logger)
        try await conn.run("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = \(userId)", logger: db.logger)
    }

    /// Creates a link token; earlier unused tokens of the same purpose stop working.
    public func issueLink(userId: UUID, purpose: Purpose, on conn: PostgresConnection) async throws -> String {
        let token = SecretToken.generate()
        try await conn.run(
            """
            UPDATE action_tokens SET used_at = now() WHERE user_id = \(userId) AND purpose = \(purpose.rawValue)
              AND used_at IS NULL
            """,
            logger: db.logger
        )
        try await conn.run(
            """
            INSERT INTO action_tokens (user_id, purpose, token_hash, expires_at)
            VALUES (\(userId), \(purpose.rawValue), \(SecretToken.hash(token)),
              now() + make_interval(hours => \(purpose.lifetimeHours)::int))
            """, logger: db.logger
        )
        return token
    }

    /// Issues a link token to the account with `email` (if it exists and `unconfirmedOnly` allows) and queues `mail`,
    /// the link already in it, in one statement: an unknown address costs the same round trip as a known one, so the
    /// answer's timing does not tell whether an account exists.
    public func issueLink(
        toEmail email: String, purpose: Purpose, token: String, unconfirmedOnly: Bool, mail: OutgoingMail
    ) async throws {
        let payload = String(decoding: try JSONEncoder.api.encode(mail), as: UTF8.self)
        try await db.execute(
            """
            WITH u AS (SELECT id FROM users WHERE email = \(email) AND deleted_at IS NULL
                         AND (NOT \(unconfirmedOnly) OR email_confirmed_at IS NULL)),
            spent AS (UPDATE action_tokens SET used_at = now()
                      WHERE user_id IN (SELECT id FROM u) AND purpose = \(purpose.rawValue) AND used_at IS NULL),
            issued AS (INSERT INTO action_tokens (user_id, purpose, token_hash, expires_at)
                       SELECT id, \(purpose.rawValue), \(SecretToken.hash(token)),
                              now() + make_interval(hours => \(purpose.lifetimeHours)::int) FROM u
                       RETURNING user_id)
            INSERT INTO jobs (kind, payload) SELECT \(Mailer.jobKind), \(payload)::jsonb FROM issued
            """)
    }

    /// Spends a link token of one of `purposes`; nil when unknown, used or expired.
    public func consumeLink(_ token: String, purposes: [Purpose], on conn: PostgresConnection) async throws -> (
        userId: UUID, purpose: Purpose
    )? {
        let rows = try await conn.rows(
            """
            UPDATE action_tokens SET used_at = now()
            WHERE token_hash = \(SecretToken.hash(token)) AND used_at IS NULL AND expires_at > now()
              AND purpose = ANY(\(purposes.map(\.rawValue)))
            RETURNING user_id, purpose
            """, logger: db.logger)
        guard let row = rows.first else { return nil }
        let (user, purpose) = try row.decode((UUID, String).self)
        return (user, Purpose(rawValue: purpose) ?? .confirmEmail)
    }

    /// Spent or expired one-time and refresh tokens, 30 days on (kept that long to answer «link already used»).
    func purgeSpent() async throws {
        try await db.execute(
            "DELETE FROM action_tokens WHERE coalesce(used_at, expires_at) < now() - interval '30 days'")
        try await db.execute(
            "DELETE FROM refresh_tokens WHERE coalesce(revoked_at, expires_at) < now() - interval '30 days'")
    }
}
