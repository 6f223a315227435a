import Foundation
import Logging
import ServiceLifecycle

/// Every few minutes, postponed applications whose date has come go back to `new` (SPEC §7). Several servers may run
/// it: the UPDATE … WHERE status = 'postponed' takes each application once.
struct PostponementJob: Service {
    let applications: ApplicationsService
    let logger: Logger
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // the first pass after start-up settles (migrations run before the server starts listening)
            try? await Task.sleep(for: .seconds(30))
            while !Task.isCancelled {
                do {
                    let resumed = try await applications.resumeDue(today: ApplicationsService.today)
                    if resumed > 0 { logger.info("postponed applications resumed", metadata: ["count": "\(resumed)"]) }
                } catch {
                    logger.warning(
                        "resuming postponed applications failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
