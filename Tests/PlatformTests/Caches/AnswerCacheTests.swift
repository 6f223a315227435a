import Foundation
import Platform
import Synchronization
import XCTest

/// What a notice drops from memory, and that an answer computed across a change is never kept.
final class AnswerCacheTests: XCTestCase {
    final class Counter: Sendable {
        let value = Mutex(0)
        func next() -> Int {
            value.withLock {
                $0 += 1
                return $0
            }
        }
    }

    func testNoticesDropTheirScopesAndOrganizationsDropTheRegion() async throws {
        let cache = AnswerCache<String>(capacity: 100)
        let computed = Counter()
        func ask(_ key: String, _ scope: String) async throws -> (value: String, cached: Bool) {
            try await cache.answer(key, scope: scope) { "\(key)#\(computed.next())" }
        }
        // not listening: nothing is kept
        _ = try await ask("a", "o:1")
        try await XCTAssertEqualAsync(try await ask("a", "o:1").cached, false)
        XCTAssertEqual(cache.count, 0)

        cache.setListening(true)
        for (key, scope) in [
            ("desk1", "o:1"), ("desk1b", "o:1"), ("desk2", "o:2"), ("region", "region"), ("journal", "g:7"),
        ] {
            _ = try await ask(key, scope)
            try await XCTAssertEqualAsync(try await ask(key, scope).cached, true)
        }
        XCTAssertEqual(cache.count, 5)

        cache.invalidate(payload: "g:7")
        XCTAssertEqual(cache.count, 4, "a journal's notice drops that journal only")
        cache.invalidate(payload: "o:1")
        XCTAssertEqual(cache.count, 1, "an organization's notice drops its desk pages and the region's")
        try await XCTAssertEqualAsync(try await ask("desk2", "o:2").cached, true)
        cache.invalidate(payload: "g:8,o:3")
        try await XCTAssertEqualAsync(try await ask("desk2", "o:2").cached, true)
        cache.invalidate(payload: "*")
        XCTAssertEqual(cache.count, 0)
        cache.invalidate(payload: "sync:not-waited-for")  // a mark nobody waits for changes nothing
    }

    func testAnAnswerComputedAcrossAChangeIsNotKept() async throws {
        let cache = AnswerCache<String>(capacity: 100)
        cache.setListening(true)
        let started = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let slow = Task {
            try await cache.answer("desk", scope: "o:1") {
                started.continuation.yield()
                for await _ in release.stream { break }
                return "read before the change"
            }
        }
        for await _ in started.stream { break }
        cache.invalidate(payload: "o:1")  // the change commits while the page is being read
        release.continuation.yield()
        let first = try await slow.value
        XCTAssertEqual(first.value, "read before the change")
        XCTAssertEqual(cache.count, 0, "the stale page is not stored")
        let next = try await cache.answer("desk", scope: "o:1") { "read after the change" }
        XCTAssertEqual(next.value, "read after the change")
    }

    func testLosingTheListenerDropsEverything() async throws {
        let cache = AnswerCache<String>(capacity: 100)
        cache.setListening(true)
        _ = try await cache.answer("journal", scope: "g:1") { "x" }
        XCTAssertEqual(cache.count, 1)
        cache.setListening(false)
        XCTAssertEqual(cache.count, 0)
        try await XCTAssertEqualAsync(try await cache.answer("journal", scope: "g:1") { "y" }.value, "y")
        XCTAssertEqual(cache.count, 0, "nothing is stored while no notices are heard")
    }

    func testAFullCacheLetsItsOldestAnswersGoAndAnAnswerStoredAgainCountsAsNew() async throws {
        let cache = AnswerCache<String>(capacity: 4)
        cache.setListening(true)
        func ask(_ key: String, _ scope: String) async throws -> Bool {
            try await cache.answer(key, scope: scope) { key }.cached
        }
        for key in ["a", "b", "c", "d"] { _ = try await ask(key, "s:" + key) }
        cache.invalidate(payload: "s:a")  // «a» goes and comes back: now the newest
        _ = try await ask("a", "s:a")
        XCTAssertEqual(cache.count, 4)
        _ = try await ask("e", "s:e")  // full: the oldest half («b», «c») goes
        XCTAssertEqual(cache.count, 3)
        for (key, kept) in [("a", true), ("d", true), ("e", true), ("b", false)] {
            try await XCTAssertEqualAsync(try await ask(key, "s:" + key), kept, key)
        }
        // a scope whose answers were let go names nothing; the others still drop theirs
        cache.invalidate(payload: "s:c,s:d")
        try await XCTAssertEqualAsync(try await ask("d", "s:d"), false)
        try await XCTAssertEqualAsync(try await ask("a", "s:a"), true)
    }

    func testKeysNameOneQuestionEach() {
        typealias Cache = AnswerCache<String>
        XCTAssertEqual(Cache.key([("a", "1"), ("b", "2")]), Cache.key([("b", "2"), ("a", "1")]))
        XCTAssertNotEqual(Cache.key([("q", "x&status=new")]), Cache.key([("q", "x"), ("status", "new")]))
        XCTAssertNotEqual(Cache.key([("q", "a=b")]), Cache.key([("q=a", "b")]))
    }
}
