import Foundation
import PostgresNIO

/// The question bank in SQL: questions with their options, the organization's list with search and filters.
struct QuestionBankRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var reach: TrainingAccess.Reach
        var organizationId: UUID?
        var search: String?
        var kind: String?
        var competencyId: UUID?
        var testId: UUID?
    }

    /// One question as the editor reads it, correct flags included (never sent to a learner: attempts have their own).
    static func questionJSON(_ q: String) -> String {
        """
        json_build_object('id', \(q).id, 'organizationId', \(q).org_id, 'kind', \(q).kind, 'text', \(q).text,
          'points', \(q).points, 'imageFileId', \(q).image_file_id, 'competencyId', \(q).competency_id,
          'competency', (SELECT d.name FROM directory_items d WHERE d.id = \(q).competency_id),
          'options', coalesce((SELECT json_agg(json_build_object('id', o.id, 'text', o.text, 'correct', o.correct,
              'imageFileId', o.image_file_id) ORDER BY o.position)
            FROM test_question_options o WHERE o.question_id = \(q).id), '[]'),
          'usedInTests', (SELECT count(*) FROM test_items i WHERE i.question_id = \(q).id),
          'updatedAt', \(q).updated_at, 'version', \(q).version)
        """
    }

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: "test_questions q", keyset: .time("q.created_at", id: "q.id"))
        if !f.reach.all { try l.filter("q.org_id = ANY(?)", f.reach.orgs) }
        try l.filter("q.org_id = ?", f.organizationId)
        try l.filter("q.kind = ?", f.kind)
        try l.filter("q.competency_id = ?", f.competencyId)
        try l.filter("q.id IN (SELECT question_id FROM test_items WHERE test_id = ?)", f.testId)
        try l.search(f.search, vector: "q.search", scope: .learning, text: "q.text")
        return l
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(try filtered(f).page(Self.questionJSON("q"), page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            q.kind, q.text, q.points::text,
            coalesce((SELECT d.name FROM directory_items d WHERE d.id = q.competency_id), ''),
            coalesce((SELECT string_agg(o.text, ' | ' ORDER BY o.position) FROM test_question_options o
              WHERE o.question_id = q.id), ''),
            coalesce((SELECT string_agg(o.text, ' | ' ORDER BY o.position) FROM test_question_options o
              WHERE o.question_id = q.id AND o.correct), ''),
            to_char(q.updated_at, 'DD.MM.YYYY')
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map { row in
            let c = try row.decode((String, String, String, String, String, String, String).self)
            let kind = TestQuestionKind(rawValue: c.0).map(Self.kindTitle) ?? c.0
            return [kind, c.1, c.2, c.3, c.4, c.5, c.6]
        }
    }

    static func kindTitle(_ kind: TestQuestionKind) -> String {
        switch kind {
        case .single: "Один ответ"
        case .multiple: "Несколько ответов"
        case .text: "Краткий ответ"
        }
    }

    /// The question and its organization, if the caller's reach holds it.
    func detail(_ id: UUID, reach: TrainingAccess.Reach) async throws -> (json: String, org: UUID, version: Int)? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.questionJSON("q"))::text, q.org_id, q.version FROM test_questions q
            WHERE q.id = \(id) AND (\(reach.all) OR q.org_id = ANY(\(reach.orgs)))
            """
        ).first.map { try $0.decode((String, UUID, Int).self) }
    }

    /// The question's organization and version, locked for the change, and whether an attempt drew it. The check is
    /// a statement of its own, after the lock: an attempt starting meanwhile holds the question (KEY SHARE) until it
    /// commits, and a check in the locking statement would read from before that commit.
    func locked(_ id: UUID, on conn: PostgresConnection) async throws -> (org: UUID, version: Int, inAttempts: Bool)? {
        guard
            let (org, version) = try await conn.rows(
                "SELECT org_id, version FROM test_questions WHERE id = \(id) FOR UPDATE", logger: db.logger
            ).first.map({ try $0.decode((UUID, Int).self) })
        else { return nil }
        let drawn = try await !conn.rows(
            "SELECT 1 FROM test_attempt_answers WHERE question_id = \(id) LIMIT 1", logger: db.logger
        ).isEmpty
        return (org, version, drawn)
    }

    func insert(_ q: TestQuestion, org: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID {
        let id = try await conn.rows(
            """
            INSERT INTO test_questions (org_id, author_id, kind, text, points, image_file_id, competency_id)
            VALUES (\(org), \(author), \(q.kind.rawValue), \(q.text), \(q.points), \(q.imageFileId), \(q.competencyId))
            RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
        try await insertOptions(q.options, of: id, on: conn)
        return id
    }

    private func insertOptions(_ options: [TestQuestion.Option], of id: UUID, on conn: PostgresConnection)
        async throws
    {
        // PostgresNIO binds no array of optionals: an option without an image is an empty text, NULL in SQL
        let images = options.map { $0.imageFileId?.uuidString ?? "" }
        try await conn.run(
            """
            INSERT INTO test_question_options (question_id, text, correct, image_file_id, position)
            SELECT \(id), o.text, o.correct, nullif(o.image, '')::uuid, o.n
            FROM unnest(\(options.map(\.text))::text[], \(options.map(\.correct))::bool[],
                        \(images)::text[]) WITH ORDINALITY AS o(text, correct, image, n)
            """, logger: db.logger)
    }

    /// Replaces the question's text and options (its id stays, so the tests that hold it keep it).
    func replace(_ id: UUID, with q: TestQuestion, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE test_questions SET kind = \(q.kind.rawValue), text = \(q.text), points = \(q.points),
              image_file_id = \(q.imageFileId), competency_id = \(q.competencyId), updated_at = now(),
              version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
        try await conn.run("DELETE FROM test_question_options WHERE question_id = \(id)", logger: db.logger)
        try await insertOptions(q.options, of: id, on: conn)
    }

    /// A copy in the same organization, marked as a copy, options and all.
    func copy(_ id: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID {
        let copy = try await conn.rows(
            """
            INSERT INTO test_questions (org_id, author_id, kind, text, points, image_file_id, competency_id)
            SELECT org_id, \(author), kind, left(text || ' (копия)', 4000), points, image_file_id, competency_id
            FROM test_questions WHERE id = \(id) RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
        try await conn.run(
            """
            INSERT INTO test_question_options (question_id, text, correct, image_file_id, position)
            SELECT \(copy), text, correct, image_file_id, position FROM test_question_options WHERE question_id = \(id)
            """, logger: db.logger)
        return copy
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM test_questions WHERE id = \(id)", logger: db.logger)
    }

    /// Whether the competency is an item of the competencies directory.
    func isCompetency(_ id: UUID) async throws -> Bool {
        try await !db.rows("SELECT 1 FROM directory_items WHERE id = \(id) AND kind = 'competencies'").isEmpty
    }
}
