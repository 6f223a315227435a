import Foundation
import Synchronization

/// Answers of the public catalog search, kept in memory per normalized query string. Everyone asking the same filters
/// gets the same page and facets, and the popular questions are few, so most searches skip the database.
///
/// Correctness rests on `ChangeListener`: entries are served only while this server is LISTENing for
/// `catalog_changed`; each notice moves the generation on, and an answer computed under an older generation is neither
/// served nor stored (a search that raced a change cannot put a stale page back).
public final class CatalogCache: Sendable {
    struct State {
        var listening = false
        var generation: UInt64 = 0
        var entries: [String: String] = [:]
        var order: [String] = []
        /// questions being computed now: concurrent askers wait for that one answer instead of all asking PostgreSQL
        var inFlight: [String: Task<String, any Error>] = [:]
    }
    private let state = Mutex(State())
    let capacity: Int

    public init(capacity: Int = 2000) { self.capacity = capacity }

    func store(_ key: String, _ body: String, computedAt generation: UInt64?) {
        guard let generation, capacity > 0 else { return }
        state.withLock { s in
            guard s.listening, s.generation == generation, s.entries[key] == nil else { return }
            if s.entries.count >= capacity {
                // the oldest half goes: cheap, and popular questions come straight back
                let drop = s.order.prefix(max(1, capacity / 2))
                for old in drop { s.entries[old] = nil }
                s.order.removeFirst(drop.count)
            }
            s.entries[key] = body
            s.order.append(key)
        }
    }

    /// The cached answer, or the one being computed for the same question, or a new computation (stored when it ends,
    /// unless the catalog changed meanwhile). Without the single flight, the first seconds after every change would send
    /// each of many concurrent askers to PostgreSQL with the same slow question.
    public func answer(_ key: String, compute: @escaping @Sendable () async throws -> String) async throws -> (body: String, cached: Bool) {
        enum Step { case off, hit(String), join(Task<String, any Error>), run(Task<String, any Error>, UInt64) }
        let step: Step = state.withLock { s in
            guard s.listening, capacity > 0 else { return .off }
            if let body = s.entries[key] { return .hit(body) }
            if let running = s.inFlight[key] { return .join(running) }
            let task = Task { try await compute() }
            s.inFlight[key] = task
            return .run(task, s.generation)
        }
        switch step {
        case .off: return (try await compute(), false)
        case .hit(let body): return (body, true)
        case .join(let task): return (try await task.value, true)
        case .run(let task, let generation):
            let result = await task.result
            state.withLock { s in if s.inFlight[key] == task { s.inFlight[key] = nil } }
            let body = try result.get()
            store(key, body, computedAt: generation)
            return (body, false)
        }
    }

    /// Something the catalog shows changed.
    public func invalidate() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll(keepingCapacity: true)
            s.order.removeAll(keepingCapacity: true)
            s.inFlight.removeAll()
        }
    }

    /// The listener (re)connected or lost its connection: without notices nothing may be served from memory.
    public func setListening(_ on: Bool) {
        state.withLock { s in
            s.listening = on
            s.generation &+= 1
            s.entries.removeAll()
            s.order.removeAll()
            s.inFlight.removeAll()
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }

    /// One key per distinct question: parameters sorted, so `?a=1&b=2` and `?b=2&a=1` share an entry.
    public static func key(_ parameters: [(String, String)]) -> String {
        parameters.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
