import Foundation
import Logging
import ServiceLifecycle

/// Every minute, attempts left open past their deadline are closed and scored as `expired`, so an abandoned attempt
/// shows in the journal and the results without its learner coming back. Several servers may run it: closing takes
/// only active attempts (`test_attempts_close`).
struct AttemptDeadlineJob: Service {
    let attempts: AttemptsRepository
    let logger: Logger
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            try? await Task.sleep(for: .seconds(20))
            while !Task.isCancelled {
                do {
                    let closed = try await attempts.closeExpired()
                    if closed > 0 { logger.info("expired test attempts closed", metadata: ["count": "\(closed)"]) }
                } catch {
                    logger.warning(
                        "closing expired test attempts failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
