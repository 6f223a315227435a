import Foundation
import Synchronization

/// What the session check needs of an account before every authenticated request: may it act, which session epoch
/// its tokens must carry, and its current roles and organizations. Kept in memory per user, served only while the
/// server LISTENs on `account_changed` (migrations 0014, 0017): a block, deletion, password change, logout or a change
/// of roles or memberships drops the user's entry on every server, and a read that raced such a change is not stored.
public final class AccountStates: Sendable {
    public struct State: Sendable {
        public var usable: Bool
        public var sessionEpoch: Int64
        public var roles: Set<Role>
        public var orgs: [OrgClaim]
    }
    struct Storage {
        var listening = false
        var generation: UInt64 = 0
        var states: [UUID: State] = [:]
    }
    private let storage = Mutex(Storage())
    let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    /// The remembered state, or the generation a fresh read must be stored under (nil: not listening, do not store).
    func lookup(_ user: UUID) -> (state: State?, generation: UInt64?) {
        storage.withLock { s in
            guard s.listening else { return (nil, nil) }
            return (s.states[user], s.generation)
        }
    }

    func store(_ user: UUID, _ state: State, readAt generation: UInt64?) {
        guard let generation else { return }
        storage.withLock { s in
            guard s.listening, s.generation == generation else { return }
            if s.states.count >= capacity { s.states.removeAll(keepingCapacity: true) }
            s.states[user] = state
        }
    }

    /// A notice: this user's state changed (a payload that is not an id drops everything).
    public func changed(_ payload: String) {
        storage.withLock { s in
            s.generation &+= 1
            if let user = UUID(uuidString: payload) { s.states[user] = nil } else { s.states.removeAll() }
        }
    }

    /// The writing server forgets at once; the others hear the same change by NOTIFY a moment later.
    public func changed(_ users: [UUID]) {
        for user in users { changed(user.uuidString) }
    }

    public func setListening(_ on: Bool) {
        storage.withLock { s in
            s.listening = on
            s.generation &+= 1
            s.states.removeAll()
        }
    }
}
