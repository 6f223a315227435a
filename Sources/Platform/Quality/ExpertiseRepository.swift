import Foundation
import PostgresNIO

/// Program expertise in SQL: programs sent to it, the experts' locks, ratings.
struct ExpertiseRepository: Sendable {
    let db: Database

    func program(_ id: UUID) async throws -> (org: UUID, status: String)? {
        try await db.rows("SELECT org_id, status FROM programs WHERE id = \(id)").first.map {
            try $0.decode((UUID, String).self)
        }
    }

    /// What an expert reads of the program they judge: its name, organization, status, hours and description.
    func summary(_ program: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('id', p.id, 'name', p.full_name, 'status', p.status,
              'hours', \(unescaped: ProgramsRepository.hours),
              'description', p.description,
              'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o
                WHERE o.id = p.org_id))::text
            FROM programs p WHERE p.id = \(program)
            """
        ).first!.decode(String.self)
    }

    /// Sends the program to expertise; false when it was sent already.
    func send(_ program: UUID, by user: UUID) async throws -> Bool {
        try await !db.rows(
            """
            INSERT INTO program_expertise (program_id, sent_by) VALUES (\(program), \(user))
            ON CONFLICT DO NOTHING RETURNING 1
            """
        ).isEmpty
    }

    /// The questionnaire experts fill: the expertise questionnaire in force.
    func questionnaire(on conn: PostgresConnection? = nil) async throws -> UUID? {
        try await QuestionnairesRepository(db: db).inForce("expertise", on: conn)
    }

    /// Programs waiting for experts, oldest sent first — without those of the expert's organizations and those they
    /// rated — each with who holds it (the expert themselves, someone, or nobody).
    func queued(expert: UUID, excluding own: [UUID]) throws -> ListQuery {
        var l = ListQuery(
            from: "program_expertise x JOIN programs p ON p.id = x.program_id",
            keyset: .time("x.sent_at", id: "x.program_id", descending: false))
        l.filter("x.status = 'pending'")
        try l.filter("NOT p.org_id = ANY(?)", own)
        try l.filter(
            "NOT EXISTS (SELECT 1 FROM expert_ratings r WHERE r.program_id = x.program_id AND r.expert_id = ?)",
            expert)
        return l
    }

    /// The queue for CSV: program, organization, sent, ratings, who holds it.
    func queueStream(expert: UUID, excluding own: [UUID], zone: String) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        var l = try queued(expert: expert, excluding: own)
        let (mine, tz) = (try l.bind(expert), try l.bind(zone))
        let columns = """
            p.full_name, coalesce((SELECT coalesce(o.short_name, o.full_name) FROM organizations o
              WHERE o.id = p.org_id), ''), to_char(x.sent_at AT TIME ZONE \(tz), 'DD.MM.YYYY'),
            (SELECT count(*) FROM expert_ratings r WHERE r.program_id = x.program_id)::text,
            coalesce((SELECT CASE WHEN k.expert_id = \(mine) THEN 'у вас в работе' ELSE 'в работе у другого эксперта'
              END FROM expertise_locks k WHERE k.program_id = x.program_id), 'свободна')
            """
        return try await db.client.query(l.all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4]
        }
    }

    func queue(expert: UUID, excluding own: [UUID], page: PageRequest) async throws -> String {
        var l = try queued(expert: expert, excluding: own)
        let mine = try l.bind(expert)
        let json = """
            json_build_object('programId', x.program_id, 'name', p.full_name,
              'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = p.org_id),
              'sentAt', x.sent_at, 'ratings', (SELECT count(*) FROM expert_ratings r WHERE r.program_id = x.program_id),
              'lock', (SELECT CASE WHEN k.expert_id = \(mine) THEN 'mine' ELSE 'taken' END FROM expertise_locks k
                WHERE k.program_id = x.program_id),
              'takenAt', (SELECT k.taken_at FROM expertise_locks k WHERE k.program_id = x.program_id))
            """
        return try await db.page(try l.page(json, page: page))
    }

    /// The program the expert holds, if any.
    func held(by expert: UUID) async throws -> UUID? {
        try await db.rows("SELECT program_id FROM expertise_locks WHERE expert_id = \(expert)").first?.decode(UUID.self)
    }

    func pending(_ program: UUID) async throws -> Bool {
        try await !db.rows(
            "SELECT 1 FROM program_expertise WHERE program_id = \(program) AND status = 'pending'"
        ).isEmpty
    }

    func rated(_ program: UUID, by expert: UUID) async throws -> Bool {
        try await !db.rows(
            "SELECT 1 FROM expert_ratings WHERE program_id = \(program) AND expert_id = \(expert)"
        ).isEmpty
    }

    /// «Взял в работу»: the lock, or nil when the program is held by someone or the expert holds another one (the two
    /// unique keys decide, whatever the number of experts pressing at once).
    func take(_ program: UUID, expert: UUID) async throws -> Bool {
        try await !db.rows(
            """
            INSERT INTO expertise_locks (program_id, expert_id)
            SELECT program_id, \(expert) FROM program_expertise WHERE program_id = \(program) AND status = 'pending'
            ON CONFLICT DO NOTHING RETURNING 1
            """
        ).isEmpty
    }

    func release(_ program: UUID, expert: UUID, on conn: PostgresConnection? = nil) async throws -> Bool {
        let query: PostgresQuery = """
            DELETE FROM expertise_locks WHERE program_id = \(program) AND expert_id = \(expert) RETURNING 1
            """
        let rows = if let conn { try await conn.rows(query, logger: db.logger) } else { try await db.rows(query) }
        return !rows.isEmpty
    }

    /// The expert's lock on the program, held for the rating.
    func lockedBy(_ program: UUID, expert: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            """
            SELECT 1 FROM expertise_locks WHERE program_id = \(program) AND expert_id = \(expert) FOR UPDATE
            """, logger: db.logger
        ).isEmpty
    }

    /// Keeps the rating; the program passes when it has `toPass` ratings.
    func rate(
        _ program: UUID, expert: UUID, response: UUID, score: Int?, comment: String?, toPass: Int,
        on conn: PostgresConnection
    ) async throws -> Bool {
        try await conn.run(
            """
            INSERT INTO expert_ratings (program_id, expert_id, response_id, score, comment)
            VALUES (\(program), \(expert), \(response), \(score), \(comment))
            """, logger: db.logger)
        return try await !conn.rows(
            """
            UPDATE program_expertise SET status = 'passed', passed_at = now()
            WHERE program_id = \(program) AND status = 'pending'
              AND (SELECT count(*) FROM expert_ratings WHERE program_id = \(program)) >= \(toPass)
            RETURNING 1
            """, logger: db.logger
        ).isEmpty
    }

    /// Locks older than `days` days: their experts let them lie.
    func expireLocks(days: Int) async throws {
        try await db.execute(
            "DELETE FROM expertise_locks WHERE taken_at < now() - make_interval(days => \(days)::int)")
    }

    /// The program's expertise as its organization reads it: state, each rating with its expert and comment.
    func state(_ program: UUID, toPass: Int) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('programId', \(program), 'toPass', \(toPass),
              'status', (SELECT status FROM program_expertise WHERE program_id = \(program)),
              'sentAt', (SELECT sent_at FROM program_expertise WHERE program_id = \(program)),
              'passedAt', (SELECT passed_at FROM program_expertise WHERE program_id = \(program)),
              'inWork', EXISTS (SELECT 1 FROM expertise_locks WHERE program_id = \(program)),
              'ratings', coalesce((SELECT json_agg(json_build_object('expert',
                  concat_ws(' ', u.last_name, u.first_name, u.middle_name), 'score', r.score, 'comment', r.comment,
                  'ratedAt', r.rated_at, 'responseId', r.response_id,
                  'questionnaireVersion', (SELECT q.version_number FROM questionnaire_responses q
                    WHERE q.id = r.response_id)) ORDER BY r.rated_at)
                FROM expert_ratings r JOIN users u ON u.id = r.expert_id WHERE r.program_id = \(program)), '[]'))::text
            """
        ).first!.decode(String.self)
    }
}
