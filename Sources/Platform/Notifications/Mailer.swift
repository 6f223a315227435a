import Foundation
import Logging
import PostgresNIO

/// Queues e-mails and inbox messages inside the caller's transaction (the outbox pattern): a message exists only if the
/// change that caused it commits, and it is never lost because the mail server was down.
public struct Mailer: Sendable {
    static let jobKind = "email"
    public let publicURL: String

    public init(publicURL: String) { self.publicURL = publicURL }

    public func email(_ mail: OutgoingMail, on conn: PostgresConnection, logger: Logger) async throws {
        try await JobQueue.enqueue(Self.jobKind, payload: mail, on: conn, logger: logger)
    }

    /// Inbox message for a user, optionally also sent by e-mail.
    public func notify(
        userId: UUID, email: String?, subject: String, body: String, link: String? = nil,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await InboxRepository.add(
            userId: userId, subject: subject, body: body, link: link, on: conn, logger: logger)
        if let email {
            let text = link.map { body + "\n\n" + publicURL + $0 } ?? body
            try await self.email(OutgoingMail(to: email, subject: subject, body: text), on: conn, logger: logger)
        }
    }

    /// A link to a page of the web front, e.g. `link("/confirm-email", token: t)`.
    public func link(_ page: String, token: String) -> String {
        "\(publicURL)/#\(page)?token=\(token)"
    }
}
