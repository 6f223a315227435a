import Foundation

/// Limits password guessing: failures per account and per client address within a sliding window.
public struct LoginThrottle: Sendable {
    let db: Database
    public static let windowSeconds = 15 * 60
    public static let maxFailuresPerAccount = 10
    public static let maxFailuresPerIP = 50

    public init(db: Database) { self.db = db }

    /// Seconds until another attempt is allowed, or nil when allowed now.
    public func retryAfter(email: String, ip: String) async throws -> Int? {
        let rows = try await db.rows(
            """
            WITH f AS (
                SELECT 'email' AS k, at FROM login_attempts
                 WHERE email = \(email) AND NOT succeeded AND at > now() - make_interval(secs => \(Self.windowSeconds)::int)
                UNION ALL
                SELECT 'ip', at FROM login_attempts
                 WHERE ip = \(ip) AND NOT succeeded AND at > now() - make_interval(secs => \(Self.windowSeconds)::int))
            SELECT k, count(*)::int, ceil(extract(epoch FROM min(at) + make_interval(secs => \(Self.windowSeconds)::int) - now()))::int
            FROM f GROUP BY k
            """)
        var wait: Int?
        for row in rows {
            let (kind, count, seconds) = try row.decode((String, Int, Int).self)
            let limit = kind == "email" ? Self.maxFailuresPerAccount : Self.maxFailuresPerIP
            if count >= limit { wait = max(wait ?? 1, max(1, seconds)) }
        }
        return wait
    }

    public func record(email: String, ip: String, succeeded: Bool) async throws {
        try await db.execute("INSERT INTO login_attempts (email, ip, succeeded) VALUES (\(email), \(ip), \(succeeded))")
        if succeeded {
            // A successful login clears the account's failure streak.
            try await db.execute("DELETE FROM login_attempts WHERE email = \(email) AND NOT succeeded")
        }
    }
}
