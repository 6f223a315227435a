import Foundation
import PostgresNIO

/// One limit: at most `limit` events of `bucket` for `key` (an e-mail, a client address) within `windowSeconds`.
public struct RateLimit: Sendable {
    public var bucket: String
    public var key: String
    public var limit: Int
    public var windowSeconds: Int

    public init(_ bucket: String, key: String, limit: Int, windowSeconds: Int) {
        self.bucket = bucket
        self.key = key
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Login failures: 10 per account and 50 per address in 15 minutes.
    static func loginAccount(_ email: String) -> Self { .init("login_account", key: email, limit: 10, windowSeconds: 900) }
    static func loginAddress(_ ip: String) -> Self { .init("login_address", key: ip, limit: 50, windowSeconds: 900) }
    /// E-mails a stranger can make us send (password reset, confirmation again): per address asked and per client.
    static func mailTo(_ purpose: String, _ email: String) -> Self { .init(purpose + "_email", key: email, limit: 3, windowSeconds: 3600) }
    static func mailFrom(_ purpose: String, _ ip: String) -> Self { .init(purpose + "_address", key: ip, limit: 20, windowSeconds: 3600) }
}

/// Sliding-window request limits in `rate_events`. Checking and recording are one step under an advisory lock per key,
/// so twenty parallel guesses cannot all pass a check made before any of them was recorded.
public struct RateLimiter: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    public enum Decision: Sendable, Equatable {
        /// allowed; the ids of the recorded events (to forget them if the attempt turns out not to count)
        case allowed([Int64])
        case wait(seconds: Int)
    }

    /// Records one event under every limit, or none when any limit is full (then: seconds until a slot frees).
    public func take(_ limits: [RateLimit]) async throws -> Decision {
        // locks in one order everywhere: two requests taking the same pair of keys never wait for each other in a circle
        let ordered = limits.sorted { ($0.bucket, $0.key) < ($1.bucket, $1.key) }
        return try await db.transaction { conn in
            var wait = 0
            for l in ordered {
                try await conn.run("SELECT pg_advisory_xact_lock(hashtextextended(\(l.bucket + "\u{1F}" + l.key), 17))", logger: db.logger)
                let (count, seconds) = try await conn.rows(
                    """
                    SELECT count(*)::int, coalesce(ceil(extract(epoch FROM min(at) + make_interval(secs => \(l.windowSeconds)::int)
                                                              - clock_timestamp()))::int, 0)
                    FROM rate_events
                    WHERE bucket = \(l.bucket) AND key = \(l.key) AND at > clock_timestamp() - make_interval(secs => \(l.windowSeconds)::int)
                    """, logger: db.logger)[0].decode((Int, Int).self)
                if count >= l.limit { wait = max(wait, seconds, 1) }
            }
            if wait > 0 { return .wait(seconds: wait) }
            var ids: [Int64] = []
            for l in ordered {
                let id = try await conn.rows("INSERT INTO rate_events (bucket, key) VALUES (\(l.bucket), \(l.key)) RETURNING id",
                                             logger: db.logger)[0].decode(Int64.self)
                ids.append(id)
            }
            return .allowed(ids)
        }
    }

    /// Drops recorded events (an attempt that should not count after all, e.g. a correct password).
    public func forget(_ ids: [Int64]) async throws {
        try await db.execute("DELETE FROM rate_events WHERE id = ANY(\(ids))")
    }

    /// Clears a key's streak (a successful login clears the account's failures).
    public func clear(_ limit: RateLimit) async throws {
        try await db.execute("DELETE FROM rate_events WHERE bucket = \(limit.bucket) AND key = \(limit.key)")
    }

    /// 429 with Retry-After, worded for the person who asked.
    static func problem(_ title: String, seconds: Int) -> Problem {
        Problem(.tooManyRequests, title, detail: "Повторите через \(seconds / 60 + 1) мин.", code: "rate_limited", retryAfterSeconds: seconds)
    }
}
