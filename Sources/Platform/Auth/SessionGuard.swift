import Foundation
import PostgresNIO

/// Turns a verified access token into the caller's current identity. Refused: tokens of blocked or deleted accounts and
/// tokens of an older session epoch (block, deletion, password change, logout), so these take effect at once on every
/// server rather than when the token expires. Roles and organizations come from the database, not from the token, so a
/// role taken away or a removal from an organization's staff also counts at once. One query per user until the account
/// changes (`AccountStates`); anonymous requests cost nothing.
public struct SessionGuard: Sendable {
    let db: Database
    let states: AccountStates
    public init(db: Database, states: AccountStates) {
        self.db = db
        self.states = states
    }

    /// The caller as the database knows them now, or nil when the token's session has ended.
    public func current(_ token: Identity) async throws -> Identity? {
        let remembered = states.lookup(token.userId)
        let state: AccountStates.State
        // a token newer than the memory means a change this server has not heard of yet: ask the database
        if let known = remembered.state, known.sessionEpoch >= token.sessionEpoch {
            state = known
        } else {
            var read: AccountStates.State?
            // read to the end: the connection goes back to the pool only when its result is consumed
            for try await row in try await db.client.execute(
                UsersRepository.AccountState(userId: token.userId), logger: db.logger)
            { read = row }
            guard let read else { return nil }
            states.store(token.userId, read, readAt: remembered.generation)
            state = read
        }
        guard state.usable, token.sessionEpoch == state.sessionEpoch else { return nil }
        var identity = token
        identity.roles = state.roles
        identity.orgs = state.orgs
        return identity
    }
}
