import Foundation
import PostgresNIO

/// Refuses access tokens of blocked or deleted accounts, and tokens issued before the account's sessions were revoked
/// (block, delete, password change), so these take effect at once on every server rather than when the token expires.
/// One primary-key lookup per user until the account changes (`AccountStates`); anonymous requests cost nothing.
public struct SessionGuard: Sendable {
    let db: Database
    let states: AccountStates
    public init(db: Database, states: AccountStates) {
        self.db = db
        self.states = states
    }

    /// Prepared once per connection: it runs before every authenticated request.
    struct AccountState: PostgresPreparedStatement {
        typealias Row = (Bool, Date?)
        static let sql = "SELECT blocked_at IS NULL AND deleted_at IS NULL, sessions_valid_after FROM users WHERE id = $1"
        let userId: UUID
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(userId)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode((Bool, Date?).self) }
    }

    public func allows(_ identity: Identity) async throws -> Bool {
        let remembered = states.lookup(identity.userId)
        if let (usable, validAfter) = remembered.state { return usable && !Self.revoked(identity, after: validAfter) }
        var state: (Bool, Date?)?
        // read to the end: the connection goes back to the pool only when its result is consumed
        for try await row in try await db.client.execute(AccountState(userId: identity.userId), logger: db.logger) { state = row }
        guard let (usable, validAfter) = state else { return false }
        states.store(identity.userId, (usable, validAfter), readAt: remembered.generation)
        return usable && !Self.revoked(identity, after: validAfter)
    }

    /// Tokens issued before the revocation's second are refused. JWT `iat` may be whole seconds, so a token issued in the
    /// same second as the revocation is kept: otherwise the fresh token of a password change would be refused too.
    static func revoked(_ identity: Identity, after validAfter: Date?) -> Bool {
        guard let validAfter else { return false }
        return identity.issuedAt.timeIntervalSince1970 < validAfter.timeIntervalSince1970.rounded(.down)
    }
}
