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
    let repository: ApplicationsRepository
    public static let lifetimeDays = 30

    public init(db: Database) {
        self.db = db
        self.repository = ApplicationsRepository(db: db)
    }

    static let invalid = Problem.validation([FieldError("token", "invalid_token", "Ссылка недействительна или устарела")])

    /// What the link is about (program, organization, the person named), for the page that asks to accept it.
    public func lookup(_ input: InvitationToken) async throws -> String {
        guard let token = input.token, !token.isEmpty, let json = try await db.rows(
            """
            SELECT json_build_object('program', json_build_object('id', p.id, 'fullName', p.full_name),
                     'organization', json_build_object('id', o.id, 'shortName', o.short_name),
                     'lastName', a.last_name, 'firstName', a.first_name, 'status', a.status,
                     'accepted', i.accepted_at IS NOT NULL,
                     'expiresAt', to_char(i.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::text
            FROM application_invitations i JOIN applications a ON a.id = i.application_id
            JOIN programs p ON p.id = a.program_id JOIN application_batches b ON b.id = a.batch_id
            JOIN organizations o ON o.id = b.submitter_org_id
            WHERE i.token_hash = \(SecretToken.hash(token)) AND i.expires_at > now()
            """).first?.decode(String.self)
        else { throw Self.invalid }
        return json
    }

    /// Attaches the application to the signed-in account whose e-mail the link was sent to; the link is spent. Returns
    /// the application's id. Another account holding the link (a mistyped address, a forwarded mail) is refused: the
    /// application carries the person's SNILS.
    public func accept(_ input: InvitationToken, identity me: Identity) async throws -> UUID {
        guard let token = input.token, !token.isEmpty else { throw Self.invalid }
        return try await db.transaction { conn in
            guard let (id, addressed) = try await conn.rows(
                """
                UPDATE application_invitations i SET accepted_at = now(), accepted_by = \(me.userId)
                FROM applications a, users u
                WHERE i.token_hash = \(SecretToken.hash(token)) AND i.accepted_at IS NULL AND i.expires_at > now()
                  AND a.id = i.application_id AND u.id = \(me.userId)
                RETURNING i.application_id, a.email = u.email
                """, logger: db.logger).first?.decode((UUID, Bool).self)
            else { throw Self.invalid }
            // the transaction rolls back: the link stays valid for the person it was sent to
            guard addressed else {
                throw Problem(.forbidden, "Ссылка отправлена на другой адрес", detail: "Войдите в учётную запись с тем адресом "
                              + "электронной почты, на который пришло письмо, или зарегистрируйтесь с ним", code: "email_mismatch")
            }
            do {
                guard let status = try await conn.rows(
                    """
                    UPDATE applications SET learner_id = \(me.userId), updated_at = now(), version = version + 1
                    WHERE id = \(id) AND learner_id IS NULL RETURNING status
                    """, logger: db.logger).first?.decode(String.self)
                else { throw Self.invalid }
                let current = ApplicationStatus(rawValue: status) ?? .new
                try await repository.recordEvent(id, action: "accept_invitation", from: current, to: current, actor: me.userId,
                                                 comment: nil, on: conn)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw Problem.conflict("У вас уже есть активная заявка на эту программу: отмените её, чтобы принять заявку организации",
                                       field: "token", code: "duplicate")
            }
            return id
        }
    }
}
