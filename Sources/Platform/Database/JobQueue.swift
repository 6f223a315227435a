import Foundation
import Logging
import PostgresNIO

/// Background work stored in `jobs`; any number of servers share it through `FOR UPDATE SKIP LOCKED`.
public struct JobQueue: Sendable {
    public struct Job: Sendable {
        public var id: UUID
        public var kind: String
        public var payload: String
        public var attempts: Int
    }

    /// How long a claimed job is hidden from other workers; a crashed worker's job comes back after it.
    static let leaseSeconds = 300

    /// Adds a job inside the caller's transaction, so it exists only if the business change commits.
    public static func enqueue(_ kind: String, payload: some Encodable, on conn: PostgresConnection, logger: Logger)
        async throws
    {
        let json = String(decoding: try JSONEncoder.api.encode(payload), as: UTF8.self)
        try await conn.run("INSERT INTO jobs (kind, payload) VALUES (\(kind), \(json)::jsonb)", logger: logger)
    }

    /// Claims the next due job of the given kinds; its `run_at` moves forward by the lease.
    public static func claim(kinds: [String], db: Database) async throws -> Job? {
        let rows = try await db.rows(
            """
            UPDATE jobs SET attempts = attempts + 1, run_at = now() + make_interval(secs => \(leaseSeconds)::int),
              updated_at = now()
            WHERE id = (SELECT id FROM jobs WHERE status = 'pending' AND run_at <= now() AND kind = ANY(\(kinds))
                        ORDER BY run_at FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id, kind, payload::text, attempts
            """)
        guard let row = rows.first else { return nil }
        let (id, kind, payload, attempts) = try row.decode((UUID, String, String, Int).self)
        return Job(id: id, kind: kind, payload: payload, attempts: attempts)
    }

    public static func complete(_ job: Job, db: Database) async throws {
        try await db.execute(
            """
            UPDATE jobs SET status = 'done', finished_at = now(), updated_at = now(),
              last_error = NULL WHERE id = \(job.id)
            """
        )
    }

    /// Schedules a retry with exponential backoff (capped at one hour), or gives up after `max_attempts`.
    public static func fail(_ job: Job, error: String, db: Database) async throws {
        let delay = min(3600, Int(pow(2.0, Double(min(job.attempts, 12)))) * 5)
        try await db.execute(
            """
            UPDATE jobs SET last_error = \(error), updated_at = now(),
                status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
                run_at = now() + make_interval(secs => \(delay)::int)
            WHERE id = \(job.id)
            """)
    }

    /// Finished jobs are kept 30 days (to read what was sent), then removed.
    public static func purgeDone(_ db: Database) async throws {
        try await db.execute("DELETE FROM jobs WHERE status = 'done' AND finished_at < now() - interval '30 days'")
    }
}
