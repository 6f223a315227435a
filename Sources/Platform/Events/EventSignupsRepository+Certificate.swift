import Foundation
import PostgresNIO

extension EventSignupsRepository {
    /// What a participation certificate says of a sign-up.
    struct CertificateFacts: Sendable {
        var orgId: UUID
        var status: EventSignupStatus
        var number: Int
        var participant: String
        var event: String
        var startsAt: Date
        var endsAt: Date
        var place: String
    }

    func certificateFacts(id: UUID) async throws -> CertificateFacts? {
        try await db.rows(
            """
            SELECT e.org_id, s.status, s.number, concat_ws(' ', u.last_name, u.first_name, u.middle_name), e.name,
              s.starts_at, s.ends_at,
              -- the address usually names its town already
              CASE WHEN position(lower(coalesce(m.name, '')) IN lower(coalesce(e.address, ''))) > 0 THEN e.address
                ELSE concat_ws(', ', m.name, e.address) END
            FROM event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
            LEFT JOIN directory_items m ON m.id = e.municipality_id
            WHERE s.id = \(id)
            """
        ).first.map { row in
            let (org, status, number, person, event, start, end, place) = try row.decode(
                (UUID, String, Int, String, String, Date, Date, String).self)
            return CertificateFacts(
                orgId: org, status: EventSignupStatus(rawValue: status) ?? .new, number: number, participant: person,
                event: event, startsAt: start, endsAt: end, place: place)
        }
    }
}
