import Logging
import ServiceLifecycle

/// Hourly clean-up of short-lived rows: idempotency keys (24 h), login attempts (1 day), spent or expired tokens and
/// finished jobs (30 days). Safe on several servers at once: each statement is idempotent.
struct Housekeeping: Service {
    let db: Database
    let logger: Logger
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // first pass after start-up settles (migrations run before the server starts listening)
            try? await Task.sleep(for: .seconds(60))
            while !Task.isCancelled {
                do {
                    try await db.execute("DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'")
                    try await db.execute("DELETE FROM rate_events WHERE at < now() - interval '1 day'")
                    try await db.execute("DELETE FROM action_tokens WHERE coalesce(used_at, expires_at) < now() - interval '30 days'")
                    try await db.execute("DELETE FROM refresh_tokens WHERE coalesce(revoked_at, expires_at) < now() - interval '30 days'")
                    try await db.execute("DELETE FROM jobs WHERE status = 'done' AND finished_at < now() - interval '30 days'")
                } catch {
                    logger.warning("housekeeping failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
