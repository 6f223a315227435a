import Foundation
import Logging
import ServiceLifecycle

/// Every quarter of an hour, people signed up for a start within the coming day are reminded once (SPEC §9). Several
/// servers may run it: the UPDATE that marks a sign-up reminded takes each one once.
struct EventReminderJob: Service {
    let signups: EventSignupsService
    let logger: Logger
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            try? await Task.sleep(for: .seconds(45))
            while !Task.isCancelled {
                do {
                    let sent = try await signups.sendReminders()
                    if sent > 0 { logger.info("event reminders sent", metadata: ["count": "\(sent)"]) }
                } catch {
                    logger.warning("event reminders failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
