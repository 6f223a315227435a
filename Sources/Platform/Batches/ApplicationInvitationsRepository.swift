import Foundation
import PostgresNIO

/// The links of mass applications (`application_invitations`, migration 0017): found by the hash of their token.
struct ApplicationInvitationsRepository: Sendable {
    let db: Database

    /// Program, sending organization and the person named, while the link has not expired.
    func lookup(tokenHash: String) async throws -> String? {
        try await db.rows(
            """
            SELECT json_build_object('program', json_build_object('id', p.id, 'fullName', p.full_name),
                     'organization', json_build_object('id', o.id, 'shortName', o.short_name),
                     'lastName', a.last_name, 'firstName', a.first_name, 'status', a.status,
                     'accepted', i.accepted_at IS NOT NULL,
                     'expiresAt', to_char(i.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::text
            FROM application_invitations i JOIN applications a ON a.id = i.application_id
            JOIN programs p ON p.id = a.program_id JOIN application_batches b ON b.id = a.batch_id
            JOIN organizations o ON o.id = b.submitter_org_id
            WHERE i.token_hash = \(tokenHash) AND i.expires_at > now()
            """
        ).first?.decode(String.self)
    }

    /// Spends a live link for `user`: the application and whether it was sent to that user's e-mail.
    func spend(tokenHash: String, by user: UUID, on conn: PostgresConnection) async throws -> (
        application: UUID, addressed: Bool
    )? {
        try await conn.rows(
            """
            UPDATE application_invitations i SET accepted_at = now(), accepted_by = \(user)
            FROM applications a, users u
            WHERE i.token_hash = \(tokenHash) AND i.accepted_at IS NULL AND i.expires_at > now()
              AND a.id = i.application_id AND u.id = \(user)
            RETURNING i.application_id, a.email = u.email
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, Bool).self) }
    }

    /// Makes the application the user's (still the employer's record until now); its status, or nil if already linked.
    func link(application: UUID, to user: UUID, on conn: PostgresConnection) async throws -> ApplicationStatus? {
        try await conn.rows(
            """
            UPDATE applications SET learner_id = \(user), updated_at = now(), version = version + 1
            WHERE id = \(application) AND learner_id IS NULL RETURNING status
            """, logger: db.logger
        ).first.map { ApplicationStatus(rawValue: try $0.decode(String.self)) ?? .new }
    }
}
