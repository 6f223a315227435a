import Foundation
import PostgresNIO

/// Tests in SQL: parameters, the questions taken from the bank, the groups they are given to.
struct TestsRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var reach: TrainingAccess.Reach
        var organizationId: UUID?
        var search: String?
        var competencyId: UUID?
        var groupId: UUID?
    }

    static let listJSON = """
        json_build_object('id', t.id, 'organizationId', t.org_id, 'name', t.name,
          'competency', (SELECT d.name FROM directory_items d WHERE d.id = t.competency_id),
          'timeLimitMinutes', t.time_limit_minutes, 'maxAttempts', t.max_attempts,
          'questionCount', t.question_count, 'passPercent', t.pass_percent,
          'questions', (SELECT count(*) FROM test_items i WHERE i.test_id = t.id),
          'groups', (SELECT count(*) FROM test_assignments a WHERE a.test_id = t.id),
          'attempts', (SELECT count(*) FROM test_attempts a WHERE a.test_id = t.id AND a.status <> 'active'),
          'updatedAt', t.updated_at)
        """

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: "tests t", keyset: .time("t.created_at", id: "t.id"))
        if !f.reach.all { try l.filter("t.org_id = ANY(?)", f.reach.orgs) }
        try l.filter("t.org_id = ?", f.organizationId)
        try l.filter("t.competency_id = ?", f.competencyId)
        try l.filter("t.id IN (SELECT test_id FROM test_assignments WHERE group_id = ?)", f.groupId)
        try l.search(f.search, vector: "t.search", scope: .learning, text: "t.name")
        return l
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(try filtered(f).page(Self.listJSON, page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            t.name, coalesce((SELECT d.name FROM directory_items d WHERE d.id = t.competency_id), ''),
            t.time_limit_minutes::text, coalesce(t.max_attempts::text, ''), t.pass_percent::text,
            (SELECT count(*) FROM test_items i WHERE i.test_id = t.id)::text,
            (SELECT count(*) FROM test_attempts a WHERE a.test_id = t.id AND a.status <> 'active')::text,
            to_char(t.updated_at, 'DD.MM.YYYY')
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7]
        }
    }

    /// The test as its authors read it: parameters, questions with their answers, groups.
    func detail(_ id: UUID, reach: TrainingAccess.Reach) async throws -> (json: String, org: UUID, version: Int)? {
        try await db.rows(
            """
            SELECT json_build_object('id', t.id, 'organizationId', t.org_id, 'name', t.name,
              'description', t.description, 'lessonId', t.lesson_id,
              'lesson', (SELECT l.name FROM module_lessons l WHERE l.id = t.lesson_id),
              'competencyId', t.competency_id,
              'competency', (SELECT d.name FROM directory_items d WHERE d.id = t.competency_id),
              'timeLimitMinutes', t.time_limit_minutes, 'maxAttempts', t.max_attempts,
              'questionCount', t.question_count, 'shuffleQuestions', t.shuffle_questions,
              'shuffleOptions', t.shuffle_options, 'passPercent', t.pass_percent,
              'questions', coalesce((SELECT json_agg(\(unescaped: QuestionBankRepository.questionJSON("q"))
                  ORDER BY i.position) FROM test_items i JOIN test_questions q ON q.id = i.question_id
                WHERE i.test_id = t.id), '[]'),
              'groups', coalesce((SELECT json_agg(json_build_object('groupId', g.id, 'name', g.name,
                  'startsOn', g.starts_on, 'endsOn', g.ends_on, 'opensAt', a.opens_at, 'closesAt', a.closes_at)
                  ORDER BY g.starts_on, g.name) FROM test_assignments a JOIN study_groups g ON g.id = a.group_id
                WHERE a.test_id = t.id), '[]'),
              'attempts', (SELECT count(*) FROM test_attempts a WHERE a.test_id = t.id),
              'createdAt', t.created_at, 'updatedAt', t.updated_at, 'version', t.version)::text, t.org_id, t.version
            FROM tests t WHERE t.id = \(id) AND (\(reach.all) OR t.org_id = ANY(\(reach.orgs)))
            """
        ).first.map { try $0.decode((String, UUID, Int).self) }
    }

    func locked(_ id: UUID, on conn: PostgresConnection) async throws -> (org: UUID, version: Int)? {
        try await conn.rows("SELECT org_id, version FROM tests WHERE id = \(id) FOR UPDATE", logger: db.logger)
            .first.map { try $0.decode((UUID, Int).self) }
    }

    func insert(_ s: TestSettings, org: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO tests (org_id, author_id, name, description, lesson_id, competency_id, time_limit_minutes,
              max_attempts, question_count, shuffle_questions, shuffle_options, pass_percent)
            VALUES (\(org), \(author), \(s.name), \(s.description), \(s.lessonId), \(s.competencyId),
              \(s.timeLimitMinutes), \(s.maxAttempts), \(s.questionCount), \(s.shuffleQuestions),
              \(s.shuffleOptions), \(s.passPercent))
            RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
    }

    func update(_ id: UUID, _ s: TestSettings, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE tests SET name = \(s.name), description = \(s.description), lesson_id = \(s.lessonId),
              competency_id = \(s.competencyId), time_limit_minutes = \(s.timeLimitMinutes),
              max_attempts = \(s.maxAttempts), question_count = \(s.questionCount),
              shuffle_questions = \(s.shuffleQuestions), shuffle_options = \(s.shuffleOptions),
              pass_percent = \(s.passPercent), updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    func touch(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE tests SET updated_at = now(), version = version + 1 WHERE id = \(id)", logger: db.logger)
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM tests WHERE id = \(id)", logger: db.logger)
    }

    /// Whether the lesson belongs to a module of the organization.
    func lessonOf(_ lesson: UUID, org: UUID) async throws -> Bool {
        try await !db.rows(
            """
            SELECT 1 FROM module_lessons l JOIN module_topics t ON t.id = l.topic_id
            JOIN modules m ON m.id = t.module_id
            WHERE l.id = \(lesson) AND m.org_id = \(org)
            """
        ).isEmpty
    }

    /// Adds questions of the organization's bank at the end of the test (ones already there are skipped); answers
    /// how many were added and whether every id was a question of the bank.
    func add(_ questions: [UUID], to id: UUID, org: UUID, on conn: PostgresConnection) async throws -> (
        added: Int, known: Int
    ) {
        try await conn.rows(
            """
            WITH known AS (
              SELECT q.id, o.n FROM unnest(\(questions)::uuid[]) WITH ORDINALITY AS o(id, n)
              JOIN test_questions q ON q.id = o.id AND q.org_id = \(org)
            ), added AS (
              INSERT INTO test_items (test_id, question_id, position)
              SELECT \(id), k.id, coalesce((SELECT max(position) FROM test_items WHERE test_id = \(id)), 0) + k.n
              FROM known k ON CONFLICT DO NOTHING RETURNING 1
            )
            SELECT (SELECT count(*) FROM added)::int, (SELECT count(*) FROM known)::int
            """, logger: db.logger
        ).first!.decode((Int, Int).self)
    }

    /// Up to `count` random questions of the bank not yet in the test, with the filters given.
    func randomQuestions(
        for id: UUID, org: UUID, count: Int, competency: UUID?, kind: String?, search: String?,
        on conn: PostgresConnection
    ) async throws -> [UUID] {
        var l = ListQuery(from: "test_questions q", keyset: .time("q.created_at", id: "q.id"))
        try l.filter("q.org_id = ?", org)
        try l.filter("q.id NOT IN (SELECT question_id FROM test_items WHERE test_id = ?)", id)
        try l.filter("q.competency_id = ?", competency)
        try l.filter("q.kind = ?", kind)
        try l.search(search, vector: "q.search", scope: .learning, text: "q.text")
        let query = PostgresQuery(unsafeSQL: l.matching("q.id") + " ORDER BY random() LIMIT \(count)", binds: l.binds)
        return try await conn.query(query, logger: db.logger).collect().map { try $0.decode(UUID.self) }
    }

    func remove(_ question: UUID, from id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "DELETE FROM test_items WHERE test_id = \(id) AND question_id = \(question) RETURNING 1", logger: db.logger
        ).isEmpty
    }

    /// Gives the test to a group of the same organization (or changes its period); false when no such group.
    func assign(_ id: UUID, org: UUID, _ a: TestAssignmentInput, group: UUID, on conn: PostgresConnection)
        async throws -> Bool
    {
        try await !conn.rows(
            """
            INSERT INTO test_assignments (test_id, group_id, opens_at, closes_at)
            SELECT \(id), g.id, \(a.opensAt), \(a.closesAt) FROM study_groups g WHERE g.id = \(group)
              AND g.org_id = \(org)
            ON CONFLICT (test_id, group_id) DO UPDATE SET opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at
            RETURNING 1
            """, logger: db.logger
        ).isEmpty
    }

    func unassign(_ id: UUID, group: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "DELETE FROM test_assignments WHERE test_id = \(id) AND group_id = \(group) RETURNING 1", logger: db.logger
        ).isEmpty
    }

    /// Per question of the test (seed «Результаты по вопросам»): answers in closed attempts, the share answered
    /// correctly (its easiness: 1 − difficulty) and the average points.
    func questionStats(_ id: UUID) async throws -> [(UUID, String, String, Int, Int, Int)] {
        try await db.rows(
            """
            SELECT q.id, q.kind, q.text, count(aa.attempt_id)::int,
                   (count(aa.attempt_id) FILTER (WHERE aa.points = q.points))::int, q.points
            FROM test_questions q
            LEFT JOIN test_attempt_answers aa ON aa.question_id = q.id
              AND aa.attempt_id IN (SELECT a.id FROM test_attempts a WHERE a.test_id = \(id) AND a.status <> 'active')
            WHERE q.id IN (SELECT question_id FROM test_items WHERE test_id = \(id))
               OR q.id IN (SELECT aa2.question_id FROM test_attempt_answers aa2 JOIN test_attempts a2
                             ON a2.id = aa2.attempt_id WHERE a2.test_id = \(id))
            GROUP BY q.id ORDER BY q.text
            """
        ).map { try $0.decode((UUID, String, String, Int, Int, Int).self) }
    }
}
