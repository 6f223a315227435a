import Foundation
import PostgresNIO

/// The events counted by rate limits (table `rate_events`): one row per attempt under a (bucket, key).
struct RateEventsRepository: Sendable {
    let db: Database

    /// Records one event under every limit, or none when any limit is full; `wait` is then the seconds until a slot
    /// frees. Two statements after BEGIN: the keys' locks (taken in one order everywhere, so two requests with the same
    /// pair never wait for each other in a circle), then counting and recording with a snapshot that sees every earlier
    /// holder.
    func record(_ limits: [RateLimit]) async throws -> (wait: Int?, ids: [Int64]) {
        let buckets = limits.map(\.bucket)
        let keys = limits.map(\.key)
        let caps = limits.map(\.limit)
        let windows = limits.map(\.windowSeconds)
        return try await db.transaction { conn in
            try await conn.run(
                """
                SELECT pg_advisory_xact_lock(h) FROM (
                  SELECT DISTINCT hashtextextended(b || chr(31) || k, 17) AS h
                  FROM unnest(\(buckets)::text[], \(keys)::text[]) AS l(b, k)
                  ORDER BY 1) locks
                """, logger: db.logger)
            return try await conn.rows(
                """
                WITH l AS (SELECT * FROM unnest(\(buckets)::text[], \(keys)::text[], \(caps)::int[], \(windows)::int[])
                           AS l(bucket, key, cap, win)),
                full_limits AS (
                  SELECT max(greatest(1, ceil(extract(epoch FROM first + make_interval(secs => win) -
                    clock_timestamp()))))::int
                           AS wait
                  FROM (SELECT l.cap, l.win, count(e.id) AS n, min(e.at) AS first
                        FROM l LEFT JOIN rate_events e
                          ON e.bucket = l.bucket AND e.key = l.key AND e.at > clock_timestamp() - make_interval(secs =>
                            l.win)
                        GROUP BY l.bucket, l.key, l.cap, l.win) c
                  WHERE n >= cap),
                recorded AS (INSERT INTO rate_events (bucket, key)
                             SELECT bucket, key FROM l WHERE (SELECT wait FROM full_limits) IS NULL RETURNING id)
                SELECT (SELECT wait FROM full_limits), coalesce((SELECT array_agg(id) FROM recorded), '{}')
                """, logger: db.logger)[0].decode((Int?, [Int64]).self)
        }
    }

    /// Forgets the recorded events `ids` and every event of `streak`.
    func forget(_ ids: [Int64]) async throws {
        try await db.execute("DELETE FROM rate_events WHERE id = ANY(\(ids))")
    }

    func forget(_ ids: [Int64], streak: RateLimit) async throws {
        try await db.execute(
            "DELETE FROM rate_events WHERE id = ANY(\(ids)) OR (bucket = \(streak.bucket) AND key = \(streak.key))")
    }

    /// Events older than every window (the longest is a day).
    func purge() async throws {
        try await db.execute("DELETE FROM rate_events WHERE at < now() - interval '1 day'")
    }
}
