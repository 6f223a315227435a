import Foundation
import Logging
import ServiceLifecycle

/// Delivers queued e-mails over SMTP; a failed delivery stays in the queue and is retried with backoff.
public struct MailWorker: Service {
    let db: Database
    let smtp: SMTPClient?
    let from: String
    let pollInterval: Duration
    let logger: Logger

    public init(db: Database, smtp: SMTPClient?, from: String, pollInterval: Duration, logger: Logger) {
        self.db = db
        self.smtp = smtp
        self.from = from
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
        guard let smtp else {
            logger.warning(
                "SMTP_HOST is not set: e-mails stay queued in the jobs table until a mail server is configured")
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let worked = (try? await deliverOne(smtp)) ?? false
                if !worked { try? await Task.sleep(for: pollInterval) }
            }
        }
    }

    /// Delivers one due e-mail; true when there was one.
    func deliverOne(_ smtp: SMTPClient) async throws -> Bool {
        guard let job = try await JobQueue.claim(kinds: [Mailer.jobKind], db: db) else { return false }
        do {
            let mail = try JSONDecoder.api.decode(OutgoingMail.self, from: Data(job.payload.utf8))
            try await smtp.send(from: from, to: mail.to, data: mail.rfc5322(from: from))
            try await JobQueue.complete(job, db: db)
            logger.info("e-mail delivered", metadata: ["job": .string(job.id.uuidString)])
        } catch {
            logger.warning(
                "e-mail delivery failed, will retry",
                metadata: ["job": .string(job.id.uuidString), "attempt": "\(job.attempts)", "error": "\(error)"])
            try await JobQueue.fail(job, error: String(describing: error), db: db)
        }
        return true
    }
}
