import Foundation
import PostgresNIO

/// The e-monitoring requests sent to learners when their group finishes, in SQL.
struct MonitoringRepository: Sendable {
    let db: Database

    struct Sent: Sendable {
        var id: UUID
        var learner: UUID
        var email: String
    }

    /// Asks each learner who completed the group; none twice.
    func send(group: UUID, questionnaire: UUID, sentOn: String, dueOn: String, on conn: PostgresConnection)
        async throws -> [Sent]
    {
        try await conn.rows(
            """
            INSERT INTO monitoring_requests (group_id, learner_id, questionnaire_id, sent_on, due_on)
            SELECT DISTINCT \(group), a.learner_id, \(questionnaire), \(sentOn)::date, \(dueOn)::date
            FROM applications a WHERE a.group_id = \(group) AND a.status = 'completed' AND a.learner_id IS NOT NULL
            ON CONFLICT (group_id, learner_id) DO NOTHING
            RETURNING id, learner_id, (SELECT email FROM users WHERE id = learner_id)
            """, logger: db.logger
        ).map {
            let c = try $0.decode((UUID, UUID, String).self)
            return Sent(id: c.0, learner: c.1, email: c.2)
        }
    }

    /// The learner's requests, newest first, with the group and program and whether each is answered or overdue.
    func mine(_ learner: UUID, today: String) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(json_build_object('id', m.id, 'group', g.name, 'program', p.full_name,
                'sentOn', m.sent_on, 'dueOn', m.due_on, 'answered', m.answered_at IS NOT NULL,
                'overdue', m.answered_at IS NULL AND m.due_on < \(today)::date) ORDER BY m.sent_on DESC, m.id),
              '[]')::text
            FROM monitoring_requests m JOIN study_groups g ON g.id = m.group_id JOIN programs p ON p.id = g.program_id
            WHERE m.learner_id = \(learner)
            """
        ).first!.decode(String.self)
    }

    struct Request: Sendable {
        var learner: UUID
        var questionnaire: UUID
        var group: UUID
        var groupName: String
        var program: String
        var dueOn: String
        var answered: Bool
    }

    func request(_ id: UUID, lock conn: PostgresConnection? = nil) async throws -> Request? {
        let query: PostgresQuery = """
            SELECT m.learner_id, m.questionnaire_id, m.group_id, g.name, p.full_name, m.due_on::text,
              m.answered_at IS NOT NULL
            FROM monitoring_requests m JOIN study_groups g ON g.id = m.group_id JOIN programs p ON p.id = g.program_id
            WHERE m.id = \(id)
            """
        let rows =
            if let conn {
                try await conn.rows(
                    PostgresQuery(unsafeSQL: query.sql + " FOR UPDATE OF m", binds: query.binds), logger: db.logger)
            } else { try await db.rows(query) }
        return try rows.first.map {
            let c = try $0.decode((UUID, UUID, UUID, String, String, String, Bool).self)
            return Request(
                learner: c.0, questionnaire: c.1, group: c.2, groupName: c.3, program: c.4, dueOn: c.5, answered: c.6)
        }
    }

    func answered(_ id: UUID, response: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE monitoring_requests SET response_id = \(response), answered_at = now() WHERE id = \(id)",
            logger: db.logger)
    }

    func groupOrg(_ group: UUID) async throws -> UUID? {
        try await db.rows("SELECT org_id FROM study_groups WHERE id = \(group)").first?.decode(UUID.self)
    }

    /// How many of a group's learners were asked, answered, and let the term pass.
    func summary(group: UUID, today: String) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('sent', count(*), 'answered', count(answered_at),
              'overdue', count(*) FILTER (WHERE answered_at IS NULL AND due_on < \(today)::date),
              'dueOn', max(due_on))::text
            FROM monitoring_requests WHERE group_id = \(group)
            """
        ).first!.decode(String.self)
    }
}
