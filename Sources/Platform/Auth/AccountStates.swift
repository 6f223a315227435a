import Foundation
import Synchronization

/// The account state SessionGuard checks before every authenticated request (usable? sessions revoked after?), kept in
/// memory per user. Served only while the server LISTENs on `account_changed` (migration 0014): a block, deletion or
/// password change drops the user's entry on every server, and a read that raced such a change is not stored.
public final class AccountStates: Sendable {
    public typealias State = (usable: Bool, validAfter: Date?)
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

    public func setListening(_ on: Bool) {
        storage.withLock { s in
            s.listening = on
            s.generation &+= 1
            s.states.removeAll()
        }
    }
}
