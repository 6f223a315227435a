import Foundation
import PostgresNIO

/// Learners' ratings of programs they completed, in SQL.
struct ProgramRatingsRepository: Sendable {
    let db: Database

    func completed(_ program: UUID, by learner: UUID) async throws -> Bool {
        try await !db.rows(
            """
            SELECT 1 FROM applications
            WHERE program_id = \(program) AND learner_id = \(learner) AND status = 'completed' LIMIT 1
            """
        ).isEmpty
    }

    func program(_ id: UUID) async throws -> (org: UUID, name: String)? {
        try await db.rows("SELECT org_id, full_name FROM programs WHERE id = \(id)").first.map {
            try $0.decode((UUID, String).self)
        }
    }

    /// The learner's own rating of the program, if any.
    func own(_ program: UUID, by learner: UUID) async throws -> String? {
        try await db.rows(
            """
            SELECT json_build_object('score', score, 'comment', comment, 'ratedAt', rated_at)::text
            FROM program_ratings WHERE program_id = \(program) AND learner_id = \(learner)
            """
        ).first?.decode(String.self)
    }

    func insert(
        _ program: UUID, learner: UUID, response: UUID, score: Int?, comment: String?, on conn: PostgresConnection
    ) async throws {
        try await conn.run(
            """
            INSERT INTO program_ratings (program_id, learner_id, response_id, score, comment)
            VALUES (\(program), \(learner), \(response), \(score), \(comment))
            """, logger: db.logger)
    }

    /// The programs the learner completed, each with their rating if they gave one, most recently finished first.
    func completedPrograms(of learner: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(json_build_object('programId', p.id, 'name', p.full_name,
                'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = p.org_id),
                'endsOn', x.ends_on, 'rated', r.program_id IS NOT NULL, 'score', r.score) ORDER BY x.ends_on DESC),
              '[]')::text
            FROM (SELECT a.program_id, max(g.ends_on) AS ends_on FROM applications a
                  JOIN study_groups g ON g.id = a.group_id
                  WHERE a.learner_id = \(learner) AND a.status = 'completed' GROUP BY a.program_id) x
            JOIN programs p ON p.id = x.program_id
            LEFT JOIN program_ratings r ON r.program_id = p.id AND r.learner_id = \(learner)
            """
        ).first!.decode(String.self)
    }

    /// The program's ratings without names, newest first, with their count and mean score.
    func ratings(of program: UUID, page: PageRequest) async throws -> String {
        var l = ListQuery(from: "program_ratings r", keyset: .time("r.rated_at", id: "r.response_id"))
        try l.filter("r.program_id = ?", program)
        let summary = try await db.rows(
            """
            SELECT json_build_object('count', count(*), 'score', round(avg(score)))::text
            FROM program_ratings WHERE program_id = \(program)
            """
        ).first!.decode(String.self)
        return try await db.page(
            try l.page(
                """
                json_build_object('score', r.score, 'comment', r.comment, 'ratedAt', r.rated_at,
                  'questionnaireVersion', (SELECT q.version_number FROM questionnaire_responses q
                    WHERE q.id = r.response_id))
                """, page: page), extra: ("summary", summary))
    }

    /// The program's ratings for CSV: score, comment, when (the region's time), the questionnaire version.
    func ratingsStream(of program: UUID, zone: String) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        var l = ListQuery(from: "program_ratings r", keyset: .time("r.rated_at", id: "r.response_id"))
        try l.filter("r.program_id = ?", program)
        let tz = try l.bind(zone)
        let columns = """
            coalesce(r.score::text, ''), coalesce(r.comment, ''), to_char(r.rated_at AT TIME ZONE \(tz),
              'DD.MM.YYYY HH24:MI'),
            (SELECT q.version_number::text FROM questionnaire_responses q WHERE q.id = r.response_id)
            """
        return try await db.client.query(l.all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String).self)
            return [c.0, c.1, c.2, c.3]
        }
    }
}
