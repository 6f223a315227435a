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
    static func loginAccount(_ email: String) -> Self {
        .init("login_account", key: email, limit: 10, windowSeconds: 900)
    }
    static func loginAddress(_ ip: String) -> Self { .init("login_address", key: ip, limit: 50, windowSeconds: 900) }
    /// E-mails a stranger can make us send (password reset, confirmation again): per address asked and per client.
    static func mailTo(_ purpose: String, _ email: String) -> Self {
        .init(purpose + "_email", key: email, limit: 3, windowSeconds: 3600)
    }
    static func mailFrom(_ purpose: String, _ ip: String) -> Self {
        .init(purpose + "_address", key: ip, limit: 20, windowSeconds: 3600)
    }
    /// Registrations (each costs a bcrypt hash and sends mail) per client address.
    static func registrations(_ ip: String) -> Self {
        .init("register_address", key: ip, limit: 20, windowSeconds: 3600)
    }
}

/// Sliding-window request limits in `rate_events`. Checking and recording are one step under an advisory lock per key,
/// so twenty parallel guesses cannot all pass a check made before any of them was recorded (check-then-record raced).
public struct RateLimiter: Sendable {
    let repository: RateEventsRepository
    public init(db: Database) { self.repository = RateEventsRepository(db: db) }

    public enum Decision: Sendable, Equatable {
        /// allowed; the ids of the recorded events (to forget them if the attempt turns out not to count)
        case allowed([Int64])
        case wait(seconds: Int)
    }

    /// Records one event under every limit, or none when any limit is full (then: seconds until a slot frees).
    public func take(_ limits: [RateLimit]) async throws -> Decision {
        let recorded = try await repository.record(limits)
        if let wait = recorded.wait { return .wait(seconds: wait) }
        return .allowed(recorded.ids)
    }

    /// An attempt that turned out right: its recorded events do not count, and `streak`'s failures are cleared (a
    /// successful login clears the account's).
    public func succeeded(_ streak: RateLimit, recorded ids: [Int64]) async throws {
        try await repository.forget(ids, streak: streak)
    }

    /// Events recorded for an attempt that turned out not to count (refused as invalid), without touching others.
    public func forget(_ ids: [Int64]) async throws {
        try await repository.forget(ids)
    }

    /// 429 with Retry-After, worded for the person who asked.
    static func problem(_ title: String, seconds: Int) -> Problem {
        Problem(
            .tooManyRequests, title, detail: "Повторите через \(seconds / 60 + 1) мин.", code: "rate_limited",
            retryAfterSeconds: seconds)
    }
}
