import Foundation
import PostgresNIO

extension GroupsRepository {
    /// What the enrollment order of a group says: the latest order that enrolled its learners (number, date) and
    /// every learner that order and the earlier ones enrolled and who is still in the group.
    struct EnrollmentOrderFacts: Sendable {
        var orgId: UUID
        var group: String
        var program: String
        var hours: Double
        var startsOn: String
        var endsOn: String
        var orderNumber: String
        var orderDate: String
        var learners: [(name: String, email: String)]
    }

    func enrollmentOrderFacts(id: UUID) async throws -> EnrollmentOrderFacts? {
        guard
            let head = try await db.rows(
                """
                SELECT g.org_id, g.name, p.full_name, \(unescaped: ProgramsRepository.hours)::float8,
                  g.starts_on::text, g.ends_on::text, r.order_number, r.order_date::text
                FROM study_groups g JOIN programs p ON p.id = g.program_id
                JOIN LATERAL (SELECT order_number, order_date FROM enrollment_records
                  WHERE group_id = g.id AND kind = 'enrolled' ORDER BY order_date DESC, id DESC LIMIT 1) r ON true
                WHERE g.id = \(id)
                """
            ).first
        else { return nil }
        let (org, group, program, hours, starts, ends, number, date) = try head.decode(
            (UUID, String, String, Double, String, String, String, String).self)
        let learners = try await db.rows(
            """
            SELECT concat_ws(' ', a.last_name, a.first_name, a.middle_name), a.email
            FROM enrollment_records r JOIN applications a ON a.id = r.application_id
            WHERE r.group_id = \(id) AND r.kind = 'enrolled' AND a.status IN ('studying', 'completed')
            ORDER BY a.last_name, a.first_name, a.id
            """
        ).map { try $0.decode((String, String).self) }
        return EnrollmentOrderFacts(
            orgId: org, group: group, program: program, hours: hours, startsOn: starts, endsOn: ends,
            orderNumber: number, orderDate: date, learners: learners.map { (name: $0.0, email: $0.1) })
    }
}
