import Foundation
import PostgresNIO

/// The statements of an application's life: filing it, each workflow step's own change, and the daily resumption of
/// postponed ones. Every call runs on the caller's transaction, so a step writes all of its rows or none.
extension ApplicationsRepository {
    /// The organization and name of a program open for applications (published, by an approved organization).
    func openProgram(_ id: UUID, on conn: PostgresConnection) async throws -> (orgId: UUID, name: String)? {
        try await conn.rows(
            """
            SELECT p.org_id, p.full_name FROM programs p JOIN organizations o ON o.id = p.org_id
            WHERE p.id = \(id) AND p.status = 'published' AND o.status = 'approved'
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, String).self) }
    }

    /// Files the learner's application with the person's details copied from the account; nil when an active
    /// application to the program exists (the unique index decides, so two parallel submissions cannot both pass).
    func insert(
        program: UUID, org: UUID, learner: UUID, phone: String?, comment: String?, on conn: PostgresConnection
    ) async throws -> (id: UUID, email: String)? {
        try await conn.rows(
            """
            INSERT INTO applications (program_id, org_id, learner_id, last_name, first_name, middle_name, email, phone,
                                      snils, birth_date, applicant_comment)
            SELECT \(program), \(org), u.id, u.last_name, u.first_name, u.middle_name, u.email,
                   coalesce(\(phone), u.phone), u.snils, u.birth_date, \(comment)
            FROM users u WHERE u.id = \(learner)
            ON CONFLICT DO NOTHING
            RETURNING id, email
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, String).self) }
    }

    func postpone(_ id: UUID, until: String, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE applications SET postponed_until = \(until)::date WHERE id = \(id)", logger: db.logger)
    }

    func clearPostponement(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("UPDATE applications SET postponed_until = NULL WHERE id = \(id)", logger: db.logger)
    }

    func cancel(_ id: UUID, reason: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE applications SET cancellation_reason_id = \(reason), postponed_until = NULL WHERE id = \(id)",
            logger: db.logger)
    }

    func place(_ id: UUID, inGroup group: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE applications SET group_id = \(group), postponed_until = NULL WHERE id = \(id)
            """, logger: db.logger)
    }

    /// Puts the application last in the group's waitlist; its place in the queue. (`waitlisted_at` stays after it
    /// leaves the waitlist: when it joined.)
    func waitlist(_ id: UUID, inGroup group: UUID, on conn: PostgresConnection) async throws -> Int {
        try await conn.run(
            """
            UPDATE applications SET group_id = \(group), postponed_until = NULL, waitlisted_at = clock_timestamp()
            WHERE id = \(id)
            """, logger: db.logger)
        return try await conn.rows(
            "SELECT count(*)::int + 1 FROM applications WHERE group_id = \(group) AND status = 'waitlisted'",
            logger: db.logger)[0].decode(Int.self)
    }

    /// The first `count` of a group's waitlist, locked: (id, number, learner, e-mail, program).
    func firstWaitlisted(group: UUID, count: Int, on conn: PostgresConnection) async throws
        -> [(id: UUID, number: Int, learner: UUID?, email: String, program: String)]
    {
        try await conn.rows(
            """
            SELECT a.id, a.number::int8, a.learner_id, a.email, p.full_name FROM applications a
            JOIN programs p ON p.id = a.program_id
            WHERE a.group_id = \(group) AND a.status = 'waitlisted'
            ORDER BY a.waitlisted_at, a.id LIMIT \(count) FOR UPDATE OF a
            """, logger: db.logger
        ).map { try $0.decode((UUID, Int, UUID?, String, String).self) }
    }

    func setSex(_ id: UUID, _ sex: String, on conn: PostgresConnection) async throws {
        try await conn.run("UPDATE applications SET sex = \(sex) WHERE id = \(id)", logger: db.logger)
    }

    func setStatus(_ id: UUID, _ status: ApplicationStatus, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE applications SET status = \(status.rawValue), updated_at = now(),
              version = version + 1 WHERE id = \(id)
            """,
            logger: db.logger)
    }

    /// The enrollment or expulsion order (the registry of orders reads these rows).
    func recordOrder(
        _ id: UUID, org: UUID, group: UUID, kind: String, number: String, date: String, reason: String?,
        on conn: PostgresConnection
    ) async throws {
        try await conn.run(
            """
            INSERT INTO enrollment_records (application_id, org_id, group_id, kind, order_number, order_date, reason)
            VALUES (\(id), \(org), \(group), \(kind), \(number), \(date)::date, \(reason))
            """, logger: db.logger)
    }

    struct IssuedDocument: Sendable {
        var typeId: UUID
        var series: String?
        var number: String
        var registrationNumber: String?
        var issuedOn: String
        var result: String
    }

    func recordDocument(_ id: UUID, org: UUID, group: UUID, _ d: IssuedDocument, on conn: PostgresConnection)
        async throws
    {
        try await conn.run(
            """
            INSERT INTO issued_documents (application_id, org_id, group_id, document_type_id, series, number,
                                          registration_number, issued_on, result)
            VALUES (\(id), \(org), \(group), \(d.typeId), \(d.series), \(d.number), \(d.registrationNumber),
                    \(d.issuedOn)::date, \(d.result))
            """, logger: db.logger)
    }

    /// Postponed applications whose date has come go back to `new` in one statement however many are due: status,
    /// event, inbox message and e-mail job (the same text `Mailer.notify` writes).
    func resumeDue(today: String, publicURL: String) async throws -> Int {
        try await db.rows(
            """
            WITH due AS (
              UPDATE applications SET status = 'new', postponed_until = NULL, updated_at = now(), version = version + 1
              WHERE status = 'postponed' AND postponed_until <= \(today)::date
              RETURNING id, learner_id, email, '/#/my/applications/' || id AS link,
                        'Программа «' || (SELECT full_name FROM programs WHERE id = program_id)
                          || '». Срок отсрочки истёк, заявка снова на рассмотрении.' AS body),
            events AS (INSERT INTO application_events (application_id, action, from_status, to_status, comment)
                       SELECT id, 'resume', 'postponed', 'new', 'Срок отсрочки истёк' FROM due),
            inbox AS (INSERT INTO messages (user_id, subject, body, link)
                      SELECT learner_id, 'Заявка снова на рассмотрении', body,
                        link FROM due WHERE learner_id IS NOT NULL),
            mail AS (INSERT INTO jobs (kind, payload)
                     SELECT \(Mailer.jobKind), jsonb_build_object('to', email, 'subject',
                       'Заявка снова на рассмотрении',
                            'body', body || E'\\n\\n' || \(publicURL) || link) FROM due)
            SELECT count(*) FROM due
            """)[0].decode(Int.self)
    }
}
