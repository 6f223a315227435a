import Foundation
import Synchronization

/// Answers computed from PostgreSQL, kept in memory per question until the data behind them changes: catalog searches
/// (everyone asking the same filters gets the same page and facets) and the training reads asked over and over
/// (an organization's applications desk, a group's journal).
///
/// Every answer belongs to scopes — the parts of the data it shows: `o:<organization>` for a desk, `g:<group>` for a
/// journal, `region` for the desk across organizations; a catalog page to `entries` and to each program on its cards
/// (a catalog answer is also dropped by looking at it: see `CatalogChanges`). A notice names the scopes that changed
/// (`*` = all); `o:` scopes drop the region's answers too.
///
/// Correctness rests on `ChangeListener`: answers are served only while this server is LISTENing; each notice moves
/// the generation on, and an answer computed under an older generation is neither served nor stored (a read that raced
/// a change cannot put a stale answer back).
public final class AnswerCache<Value: Sendable>: Sendable {
    struct Entry {
        var scopes: [String]
        var value: Value
        /// when it was stored (its mark in `order`)
        var stamp: UInt64
    }
    struct State {
        var listening = false
        var generation: UInt64 = 0
        var entries: [String: Entry] = [:]
        /// the keys of each scope: a notice naming one program's card finds the few answers showing it instead of
        /// looking through thousands under the lock (every request of the server waits meanwhile: 30–50 ms of a
        /// 4,500-answer catalog cache, the p99 of the catalog under changes)
        var keysByScope: [String: Set<String>] = [:]
        /// keys in the order they were stored; a key dropped and stored again is here twice, and only the mark
        /// with its entry's stamp counts
        var order: [(key: String, stamp: UInt64)] = []
        var stamps: UInt64 = 0
        /// questions being computed now: concurrent askers wait for that one answer instead of all asking PostgreSQL
        var inFlight: [String: Task<Value, any Error>] = [:]
        /// writers waiting for their sync notice (see `catchUp`)
        var waiters: [String: CheckedContinuation<Void, Never>] = [:]

        mutating func dropAll() {
            generation &+= 1
            entries.removeAll(keepingCapacity: true)
            keysByScope.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            inFlight.removeAll()
        }

        mutating func insert(_ key: String, _ entry: Entry) {
            entries[key] = entry
            for scope in entry.scopes { keysByScope[scope, default: []].insert(key) }
            order.append((key, entry.stamp))
        }

        mutating func remove(_ key: String) {
            guard let entry = entries.removeValue(forKey: key) else { return }
            for scope in entry.scopes {
                keysByScope[scope]?.remove(key)
                if keysByScope[scope]?.isEmpty == true { keysByScope[scope] = nil }
            }
        }

        /// The oldest `count` answers go (cheap, and popular questions come straight back).
        mutating func evict(_ count: Int) {
            var evicted = 0
            var walked = 0
            for mark in order where evicted < count {
                walked += 1
                if entries[mark.key]?.stamp == mark.stamp {
                    remove(mark.key)
                    evicted += 1
                }
            }
            order.removeFirst(walked)
        }

        /// Marks of dropped answers are left in `order`; they go once they outnumber the answers.
        mutating func compactOrder() {
            guard order.count > 2 * entries.count + 64 else { return }
            order.removeAll { entries[$0.key]?.stamp != $0.stamp }
        }
    }
    private let state = Mutex(State())
    enum Step {
        case off
        case hit(Value)
        case join(Task<Value, any Error>)
        case run(Task<Value, any Error>, UInt64)
    }
    let capacity: Int

    public init(capacity: Int = 2000) { self.capacity = capacity }

    func store(_ key: String, scopes: [String], _ value: Value, computedAt generation: UInt64) {
        guard capacity > 0 else { return }
        state.withLock { s in
            guard s.listening, s.generation == generation, s.entries[key] == nil else { return }
            if s.entries.count >= capacity { s.evict(max(1, capacity / 2)) }
            s.stamps &+= 1
            s.insert(key, Entry(scopes: scopes, value: value, stamp: s.stamps))
        }
    }

    /// The cached answer, or the one being computed for the same question, or a new computation (stored when it ends,
    /// unless its scope changed meanwhile). Without the single flight, the first moments after every change would send
    /// each of many concurrent askers to PostgreSQL with the same question.
    public func answer(_ key: String, scope: String = "", compute: @escaping @Sendable () async throws -> Value)
        async throws -> (value: Value, cached: Bool)
    {
        try await answer(key, scopes: { _ in [scope] }, compute: compute)
    }

    /// The same, for an answer whose scopes are known once it is computed (a catalog page's programs).
    public func answer(
        _ key: String, scopes: @escaping @Sendable (Value) -> [String],
        compute: @escaping @Sendable () async throws -> Value
    ) async throws -> (value: Value, cached: Bool) {
        let step: Step = state.withLock { s in
            guard s.listening, capacity > 0 else { return .off }
            if let entry = s.entries[key] { return .hit(entry.value) }
            if let running = s.inFlight[key] { return .join(running) }
            let task = Task { try await compute() }
            s.inFlight[key] = task
            return .run(task, s.generation)
        }
        switch step {
        case .off: return (try await compute(), false)
        case .hit(let value): return (value, true)
        case .join(let task): return (try await task.value, true)
        case .run(let task, let generation):
            let result = await task.result
            state.withLock { s in if s.inFlight[key] == task { s.inFlight[key] = nil } }
            let value = try result.get()
            store(key, scopes: scopes(value), value, computedAt: generation)
            return (value, false)
        }
    }

    /// Everything changed (the catalog's notices do not say what).
    public func invalidate() {
        state.withLock { $0.dropAll() }
    }

    /// A notice's payload: scopes separated by commas, or the sync mark of a writer (`catchUp`).
    public func invalidate(payload: String) {
        if payload.hasPrefix(Self.syncPrefix) {
            return resume(String(payload.dropFirst(Self.syncPrefix.count)), dropping: false)
        }
        invalidate(scopes: payload.split(separator: ",").map(String.init))
    }

    static var syncPrefix: String { "sync:" }

    /// Read-your-writes on this server: returns once this server has heard every notice committed before the call.
    /// It sends a notice of its own on `channel`; PostgreSQL delivers notices in commit order, so when that one
    /// arrives, the notices of the caller's committed change have been applied. Without it, a request following a write
    /// could get an answer from memory in the milliseconds before the change's notice arrives. If the mark is lost (the
    /// listener reconnects) everything is dropped after a second instead.
    public func catchUp(channel: String, db: Database) async {
        guard capacity > 0, state.withLock({ $0.listening }) else { return }
        let token = UUID().uuidString
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            state.withLock { $0.waiters[token] = waiter }
            Task {
                do {
                    try await db.execute("SELECT pg_notify(\(channel), \(Self.syncPrefix + token))")
                    try await Task.sleep(for: .seconds(1))
                } catch {}
                resume(token, dropping: true)
            }
        }
    }

    private func resume(_ token: String, dropping: Bool) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let waiter = s.waiters.removeValue(forKey: token) else { return nil }
            if dropping { s.dropAll() }
            return waiter
        }
        waiter?.resume()
    }

    public func invalidate(scopes: [String]) {
        state.withLock { s in
            if scopes.contains("*") { return s.dropAll() }
            var dropped = Set(scopes)
            if scopes.contains(where: { $0.hasPrefix("o:") }) { dropped.insert("region") }
            // answers being computed may have read the data before the change: the new generation keeps them out
            s.generation &+= 1
            s.inFlight.removeAll()
            for scope in dropped {
                for key in s.keysByScope[scope] ?? [] { s.remove(key) }
            }
            s.compactOrder()
        }
    }

    /// A change whose reach is decided by looking at the answers once the database has said more: from now on,
    /// answers being computed are neither joined nor stored (they may have read the data before it). Returns the
    /// answers kept now, to be looked at outside the lock (thousands of answers looked at under it would hold every
    /// request of the server meanwhile) and the touched ones dropped (`drop`). Answers stored meanwhile were computed
    /// after the change began and already reflect it.
    public func beginChange() -> [(key: String, value: Value)] {
        state.withLock { s in
            s.generation &+= 1
            s.inFlight.removeAll()
            return s.entries.map { ($0.key, $0.value.value) }
        }
    }

    /// Drops the answers a change touched (see `beginChange`).
    public func drop(_ keys: [String]) {
        guard !keys.isEmpty else { return }
        state.withLock { s in
            for key in keys { s.remove(key) }
            s.compactOrder()
        }
    }

    /// The listener (re)connected or lost its connection: without notices nothing may be served from memory.
    public func setListening(_ on: Bool) {
        let waiters = state.withLock { s in
            s.listening = on
            s.dropAll()
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        // nothing is served from memory now: writers need not wait for their marks
        for waiter in waiters { waiter.resume() }
    }

    public var count: Int { state.withLock { $0.entries.count } }

    /// One key per distinct question: parameters sorted, so `?a=1&b=2` and `?b=2&a=1` share an entry. Names and values
    /// are written with their lengths: decoded values may contain `&` and `=` (a search for `x&status=new` is not the
    /// search for `x` with the status filter).
    public static func key(_ parameters: [(String, String)]) -> String {
        parameters.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0.utf8.count):\($0.0)=\($0.1.utf8.count):\($0.1)" }.joined(separator: "&")
    }
}

/// Catalog search answers (see `CatalogAnswer`).
public typealias CatalogCache = AnswerCache<CatalogAnswer>

extension AnswerCache where Value == CatalogAnswer {
    public static var channel: String { "catalog_changed" }
    /// Every table a cached catalog answer reads (search page, facets): each has a trigger sending `catalog_changed`
    /// (migrations 0028, 0029: catalog_entries and catalog_cards are kept from programs, their links, groups,
    /// organizations and directories; the synonyms are read by search_query()), or is a copy written only by the
    /// trigger of another (`mirrors`). `CacheNoticeTests` compares this with the plans of the queries and with
    /// `pg_trigger`.
    public static var tables: Set<String> {
        [
            "catalog_entries", "catalog_cards", "catalog_sample", "catalog_sample_tenth", "directory_items",
            "search_synonyms", "search_words",
        ]
    }

    /// Tables written only by a trigger of the table named (the copies of bucket 0 and of buckets 0–4).
    public static var mirrors: [String: String] {
        ["catalog_sample": "catalog_entries", "catalog_sample_tenth": "catalog_entries"]
    }
}
