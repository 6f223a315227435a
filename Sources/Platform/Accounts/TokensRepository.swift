import Foundation
import PostgresNIO

/// Refresh tokens (rotated, revocable) and single-use e-mailed link tokens; only hashes are stored.
public struct TokensRepository: Sendable {
    let db: Database
    public static let refreshLifetimeDays = 30
    public init(db: Database) { self.db = db }

    public enum Purpose: String, Sendable {
        case confirmEmail = "confirm_email", resetPassword = "reset_password", setPassword = "set_password"
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
            VALUES (\(userId), \(family), \(SecretToken.hash(token)), now() + make_interval(days => \(Self.refreshLifetimeDays)::int))
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

    public func revoke(_ token: String) async throws {
        let hash = SecretToken.hash(token)
        try await db.execute(
            """
            UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = \(hash))
            """)
    }

    /// Ends every session of the account: refresh tokens are revoked and access tokens issued so far stop working.
    public func revokeAll(userId: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = \(userId) AND revoked_at IS NULL", logger: db.logger)
        try await conn.run("UPDATE users SET sessions_valid_after = now() WHERE id = \(userId)", logger: db.logger)
    }

    /// Creates a link token; earlier unused tokens of the same purpose stop working.
    public func issueLink(userId: UUID, purpose: Purpose, on conn: PostgresConnection) async throws -> String {
        let token = SecretToken.generate()
        try await conn.run(
            "UPDATE action_tokens SET used_at = now() WHERE user_id = \(userId) AND purpose = \(purpose.rawValue) AND used_at IS NULL",
            logger: db.logger
        )
        try await conn.run(
            """
            INSERT INTO action_tokens (user_id, purpose, token_hash, expires_at)
            VALUES (\(userId), \(purpose.rawValue), \(SecretToken.hash(token)), now() + make_interval(hours => \(purpose.lifetimeHours)::int))
            """, logger: db.logger
        )
        return token
    }

    /// Spends a link token of one of `purposes`; nil when unknown, used or expired.
    public func consumeLink(_ token: String, purposes: [Purpose], on conn: PostgresConnection) async throws -> (userId: UUID, purpose: Purpose)? {
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
}
