import Foundation
import PostgresNIO

extension ApplicationsRepository {
    /// What the completion certificate of an application says: the document the organization recorded at completion
    /// (series, number, registration number, day, result), the learner, the program and the group's dates.
    struct CompletionFacts: Sendable {
        var orgId: UUID
        var learner: String
        var program: String
        var hours: Double
        var startsOn: String
        var endsOn: String
        var series: String
        var number: String
        var registrationNumber: String
        var issuedOn: String
        var result: String
    }

    func completionFacts(id: UUID) async throws -> CompletionFacts? {
        try await db.rows(
            """
            SELECT a.org_id, concat_ws(' ', a.last_name, a.first_name, a.middle_name), p.full_name,
              \(unescaped: ProgramsRepository.hours)::float8, g.starts_on::text, g.ends_on::text,
              coalesce(d.series, ''), d.number, coalesce(d.registration_number, ''), d.issued_on::text, d.result
            FROM applications a JOIN issued_documents d ON d.application_id = a.id
            JOIN programs p ON p.id = a.program_id JOIN study_groups g ON g.id = d.group_id
            WHERE a.id = \(id) AND a.status = 'completed'
            """
        ).first.map { row in
            let c = try row.decode(
                (UUID, String, String, Double, String, String, String, String, String, String, String).self)
            return CompletionFacts(
                orgId: c.0, learner: c.1, program: c.2, hours: c.3, startsOn: c.4, endsOn: c.5, series: c.6,
                number: c.7, registrationNumber: c.8, issuedOn: c.9, result: c.10)
        }
    }
}
