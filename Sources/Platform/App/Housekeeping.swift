import Logging
import ServiceLifecycle

/// Hourly clean-up of short-lived rows: idempotency keys (24 h), login attempts (1 day), spent or expired tokens and
/// finished jobs (30 days); the catalog's nearest group starts move past the groups that started, and the search
/// lexicon's word counts are recounted; experts' locks on programs left for `expertiseLockDays` lapse. Safe on several
/// servers at once: each statement is idempotent.
struct Housekeeping: Service {
    let db: Database
    let logger: Logger
    let interval: Duration
    var expertiseLockDays = 7

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // first pass after start-up settles (migrations run before the server starts listening)
            try? await Task.sleep(for: .seconds(60))
            while !Task.isCancelled {
                do {
                    try await IdempotencyKeysRepository(db: db).purge()
                    try await RateEventsRepository(db: db).purge()
                    try await TokensRepository(db: db).purgeSpent()
                    try await JobQueue.purgeDone(db)
                    try await SearchRepository(db: db).maintain()
                    try await ExpertiseRepository(db: db).expireLocks(days: expertiseLockDays)
                } catch {
                    logger.warning("housekeeping failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
