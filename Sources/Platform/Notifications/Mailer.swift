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

    /// An inbox message for the organization's desk (admins and contractors), and an e-mail: to everyone
    /// (`everyone`: a batch of people), or to those for whom it is the first unread message of its subject (a new
    /// application: one letter until they look, not one per application).
    public func notifyDesk(
        of org: UUID, subject: String, body: String, link: String, everyone: Bool, on conn: PostgresConnection,
        logger: Logger
    ) async throws {
        let recipients = try await InboxRepository.addForDesk(
            of: org, subject: subject, body: body, link: link, everyone: everyone, on: conn, logger: logger)
        let later =
            everyone ? "" : "\n\nСледующие новые заявки придут в «Мои сообщения» без письма, пока вы их не прочитаете."
        for person in recipients {
            try await email(
                OutgoingMail(to: person.email, subject: subject, body: body + later + "\n\n" + publicURL + link),
                on: conn, logger: logger)
        }
    }

    /// A link to a page of the web front, e.g. `link("/confirm-email", token: t)`.
    public func link(_ page: String, token: String) -> String {
        "\(publicURL)/#\(page)?token=\(token)"
    }
}
