import Foundation
import PostgresNIO

public struct InvitationToken: Decodable, Sendable {
    var token: String?
}

/// A mass application names people by e-mail; each gets a link. Only by opening it and accepting, signed in, does a
/// person attach the application to their account (seed 001 §11: the employer applies, the employee follows it): an
/// e-mail typed by someone else never puts an application into a stranger's cabinet or stops them applying themselves.
public struct ApplicationInvitationsService: Sendable {
    let db: Database
    let invitations: ApplicationInvitationsRepository
    let applications: ApplicationsRepository
    public static let lifetimeDays = 30

    public init(db: Database) {
        self.db = db
        self.invitations = ApplicationInvitationsRepository(db: db)
        self.applications = ApplicationsRepository(db: db)
    }

    static let invalid = Problem.validation([
        FieldError("token", "invalid_token", "Ссылка недействительна или устарела")
    ])

    /// What the link is about (program, organization, the person named), for the page that asks to accept it.
    public func lookup(_ input: InvitationToken) async throws -> String {
        guard let token = input.token, !token.isEmpty,
            let json = try await invitations.lookup(tokenHash: SecretToken.hash(token))
        else { throw Self.invalid }
        return json
    }

    /// Attaches the application to the signed-in account whose e-mail the link was sent to; the link is spent. Returns
    /// the application's id. Another account holding the link (a mistyped address, a forwarded mail) is refused: the
    /// application carries the person's SNILS.
    public func accept(_ input: InvitationToken, identity me: Identity) async throws -> UUID {
        guard let token = input.token, !token.isEmpty else { throw Self.invalid }
        return try await db.transaction { conn in
            guard
                let (id, addressed) = try await invitations.spend(
                    tokenHash: SecretToken.hash(token), by: me.userId, on: conn)
            else { throw Self.invalid }
            // the transaction rolls back: the link stays valid for the person it was sent to
            guard addressed else {
                throw Problem(
                    .forbidden, "Ссылка отправлена на другой адрес",
                    detail: "Войдите в учётную запись с тем адресом "
                        + "электронной почты, на который пришло письмо, или зарегистрируйтесь с ним",
                    code: "email_mismatch")
            }
            do {
                guard let status = try await invitations.link(application: id, to: me.userId, on: conn) else {
                    throw Self.invalid
                }
                try await applications.recordEvent(
                    id, action: "accept_invitation", from: status, to: status, actor: me.userId,
                    comment: nil, on: conn)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw Problem.conflict(
                    "У вас уже есть активная заявка на эту программу: отмените её, чтобы принять заявку организации",
                    field: "token", code: "duplicate")
            }
            return id
        }
    }
}
