import Foundation
import PostgresNIO

/// Career-guidance tests, their content and results in SQL.
struct CareerTestsRepository: Sendable {
    let db: Database

    static let listJSON = """
        json_build_object('id', t.id, 'title', t.title, 'description', t.description, 'status', t.status,
          'questions', (SELECT count(*) FROM career_questions q WHERE q.test_id = t.id),
          'scales', (SELECT count(*) FROM career_scales s WHERE s.test_id = t.id),
          'publishedAt', t.published_at, 'updatedAt', t.updated_at)
        """
    /// The editors' list adds the number of results.
    static let editorListJSON = """
        json_build_object('id', t.id, 'title', t.title, 'description', t.description, 'status', t.status,
          'questions', (SELECT count(*) FROM career_questions q WHERE q.test_id = t.id),
          'scales', (SELECT count(*) FROM career_scales s WHERE s.test_id = t.id),
          'results', (SELECT count(*) FROM career_results r WHERE r.test_id = t.id),
          'publishedAt', t.published_at, 'updatedAt', t.updated_at)
        """

    /// Published tests for everyone (newest first); editors choose the status (all when none).
    func filtered(search: String?, status: String?, editor: Bool) throws -> ListQuery {
        var l = ListQuery(from: "career_tests t", keyset: .time("t.created_at", id: "t.id"))
        if editor { try l.filter("t.status = ?", status) } else { l.filter("t.status = 'published'") }
        try l.search(search, vector: "t.search", scope: .learning, text: "t.title")
        return l
    }

    func list(_ l: ListQuery, editor: Bool, page: PageRequest) async throws -> String {
        try await db.page(try l.page(editor ? Self.editorListJSON : Self.listJSON, page: page))
    }

    /// Rows for CSV; the number of results only for editors.
    func stream(_ l: ListQuery, editor: Bool) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            t.title, t.status, (SELECT count(*) FROM career_questions q WHERE q.test_id = t.id)::text,
            (SELECT count(*) FROM career_scales s WHERE s.test_id = t.id)::text,
            (SELECT count(*) FROM career_results r WHERE r.test_id = t.id AND \(editor))::text,
            to_char(t.updated_at, 'DD.MM.YYYY')
            """
        return try await db.client.query(l.all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String).self)
            return [c.0, Self.statusTitle[c.1] ?? c.1, c.2, c.3] + (editor ? [c.4] : []) + [c.5]
        }
    }

    static let statusTitle = ["draft": "черновик", "published": "опубликован", "archived": "в архиве"]

    static func names(_ column: String) -> String {
        """
        coalesce((SELECT json_agg(json_build_object('id', d.id, 'name', d.name) ORDER BY d.name)
          FROM directory_items d WHERE d.id = ANY(\(column))), '[]')
        """
    }

    /// The test as its taker reads it (no weights), or, for an editor, everything with the weights, the directory
    /// names of each scale's links and the counts of results by leading scale.
    func detail(_ id: UUID, editor: Bool) async throws -> (status: String, version: Int, json: String)? {
        let editing = """
            'basedOn', t.based_on,
            'basedOnTitle', (SELECT b.title FROM career_tests b WHERE b.id = t.based_on),
            'results', (SELECT count(*) FROM career_results r WHERE r.test_id = t.id),
            'signedInResults', (SELECT count(*) FROM career_results r WHERE r.test_id = t.id AND r.user_id IS NOT NULL),
            'leadingCounts', coalesce((SELECT json_agg(json_build_object('scale', s.name, 'count',
                (SELECT count(*) FROM career_results r WHERE r.test_id = t.id AND r.leading_scales[1] = s.position))
              ORDER BY s.position) FROM career_scales s WHERE s.test_id = t.id), '[]'),
            """
        let scale =
            editor
            ? """
            'competencies', \(Self.names("s.competency_ids")), 'professions', \(Self.names("s.profession_ids")),
            'industries', \(Self.names("s.industry_ids")), 'eventTags', \(Self.names("s.event_tag_ids")),
            """ : ""
        let option = editor ? "'weights', o.weights," : ""
        return try await db.rows(
            """
            SELECT t.status, t.version, json_build_object('id', t.id, 'title', t.title, 'description', t.description,
              'status', t.status, 'publishedAt', t.published_at, 'updatedAt', t.updated_at, 'version', t.version,
              \(unescaped: editor ? editing : "")
              'scales', coalesce((SELECT json_agg(json_build_object('position', s.position, 'name', s.name,
                  'description', s.description, \(unescaped: scale) 'x', null)::jsonb - 'x' ORDER BY s.position)
                FROM career_scales s WHERE s.test_id = t.id), '[]'),
              'questions', coalesce((SELECT json_agg(json_build_object('id', q.id, 'text', q.text,
                  'options', (SELECT json_agg(json_build_object('id', o.id, 'text', o.text, \(unescaped: option)
                      'x', null)::jsonb - 'x' ORDER BY o.position)
                    FROM career_options o WHERE o.question_id = q.id)) ORDER BY q.position)
                FROM career_questions q WHERE q.test_id = t.id), '[]'))::text
            FROM career_tests t WHERE t.id = \(id)
            """
        ).first.map { try $0.decode((String, Int, String).self) }
    }

    func insert(_ c: CareerTestContent, author: UUID, basedOn: UUID? = nil, on conn: PostgresConnection) async throws
        -> UUID
    {
        let id = try await conn.rows(
            """
            INSERT INTO career_tests (title, description, author_id, based_on)
            VALUES (\(c.title), \(c.description), \(author), \(basedOn)) RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
        try await insertContent(id, c, on: conn)
        return id
    }

    /// Scales, questions and options of the document in three statements.
    func insertContent(_ id: UUID, _ c: CareerTestContent, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO career_scales (test_id, position, name, description, competency_ids, profession_ids,
              industry_ids, event_tag_ids)
            SELECT \(id), n - 1, s->>'name', s->>'description',
              ARRAY(SELECT jsonb_array_elements_text(s->'competencyIds')::uuid),
              ARRAY(SELECT jsonb_array_elements_text(s->'professionIds')::uuid),
              ARRAY(SELECT jsonb_array_elements_text(s->'industryIds')::uuid),
              ARRAY(SELECT jsonb_array_elements_text(s->'eventTagIds')::uuid)
            FROM jsonb_array_elements(\(ModulesRepository.json(c.scales))::jsonb) WITH ORDINALITY x(s, n)
            """, logger: db.logger)
        let questions = ModulesRepository.json(c.questions)
        try await conn.run(
            """
            INSERT INTO career_questions (test_id, position, text)
            SELECT \(id), n - 1, q->>'text' FROM jsonb_array_elements(\(questions)::jsonb) WITH ORDINALITY x(q, n)
            """, logger: db.logger)
        try await conn.run(
            """
            INSERT INTO career_options (question_id, position, text, weights)
            SELECT cq.id, k - 1, o->>'text', ARRAY(SELECT jsonb_array_elements_text(o->'weights')::int)
            FROM jsonb_array_elements(\(questions)::jsonb) WITH ORDINALITY x(q, n)
            JOIN career_questions cq ON cq.test_id = \(id) AND cq.position = n - 1,
              jsonb_array_elements(q->'options') WITH ORDINALITY y(o, k)
            """, logger: db.logger)
    }

    func replace(_ id: UUID, _ c: CareerTestContent, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE career_tests SET title = \(c.title), description = \(c.description), updated_at = now(),
              version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
        try await conn.run("DELETE FROM career_scales WHERE test_id = \(id)", logger: db.logger)
        try await conn.run("DELETE FROM career_questions WHERE test_id = \(id)", logger: db.logger)
        try await insertContent(id, c, on: conn)
    }

    /// A new draft with the test's content, based on it.
    func copy(_ id: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID? {
        guard
            let copy = try await conn.rows(
                """
                INSERT INTO career_tests (title, description, author_id, based_on)
                SELECT left(title || ' (новая версия)', 300), description, \(author), id FROM career_tests
                WHERE id = \(id) RETURNING id
                """, logger: db.logger
            ).first?.decode(UUID.self)
        else { return nil }
        try await conn.run(
            """
            INSERT INTO career_scales (test_id, position, name, description, competency_ids, profession_ids,
              industry_ids, event_tag_ids)
            SELECT \(copy), position, name, description, competency_ids, profession_ids, industry_ids, event_tag_ids
            FROM career_scales WHERE test_id = \(id)
            """, logger: db.logger)
        try await conn.run(
            """
            INSERT INTO career_questions (test_id, position, text)
            SELECT \(copy), position, text FROM career_questions WHERE test_id = \(id)
            """, logger: db.logger)
        try await conn.run(
            """
            INSERT INTO career_options (question_id, position, text, weights)
            SELECT nq.id, o.position, o.text, o.weights FROM career_questions oq
            JOIN career_options o ON o.question_id = oq.id
            JOIN career_questions nq ON nq.test_id = \(copy) AND nq.position = oq.position
            WHERE oq.test_id = \(id)
            """, logger: db.logger)
        return copy
    }

    /// The test locked for a change: its status, version and whether it has results. The results are looked for by a
    /// statement of their own once the lock is held: a subquery of the locking statement reads the snapshot taken
    /// before it waited, and would miss a result saved by the take it waited for.
    func locked(_ id: UUID, on conn: PostgresConnection) async throws -> (status: String, version: Int, results: Bool)?
    {
        guard
            let (status, version) = try await conn.rows(
                "SELECT status, version FROM career_tests WHERE id = \(id) FOR UPDATE", logger: db.logger
            ).first.map({ try $0.decode((String, Int).self) })
        else { return nil }
        let results = try await !conn.rows(
            "SELECT 1 FROM career_results WHERE test_id = \(id) LIMIT 1", logger: db.logger
        ).isEmpty
        return (status, version, results)
    }

    func setStatus(_ id: UUID, _ status: String, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE career_tests SET status = \(status), updated_at = now(), version = version + 1,
              published_at = CASE WHEN \(status) = 'published' THEN coalesce(published_at, now()) ELSE published_at END
            WHERE id = \(id)
            """, logger: db.logger)
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM career_tests WHERE id = \(id)", logger: db.logger)
    }

    /// A published test's questions with their options' weights and its number of scales, the test held (shared) so
    /// that an edit waits for the result being scored.
    func forTaking(_ id: UUID, on conn: PostgresConnection) async throws -> (
        questions: [CareerScoring.Question], scales: Int
    )? {
        guard
            try await !conn.rows(
                "SELECT 1 FROM career_tests WHERE id = \(id) AND status = 'published' FOR SHARE", logger: db.logger
            ).isEmpty
        else { return nil }
        let scales = try await conn.rows(
            "SELECT count(*)::int FROM career_scales WHERE test_id = \(id)", logger: db.logger
        ).first!.decode(Int.self)
        var questions: [CareerScoring.Question] = []
        for try await (question, option, weights) in try await conn.query(
            """
            SELECT q.id, o.id, o.weights FROM career_questions q JOIN career_options o ON o.question_id = q.id
            WHERE q.test_id = \(id) ORDER BY q.position, o.position
            """, logger: db.logger
        ).decode((UUID, UUID, [Int]).self) {
            if questions.last?.id != question { questions.append(.init(id: question, options: [])) }
            questions[questions.count - 1].options.append((option, weights))
        }
        return (questions, scales)
    }

    func insertResult(_ test: UUID, user: UUID?, _ s: CareerScoring, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO career_results (test_id, user_id, option_ids, scores, percents, leading_scales)
            VALUES (\(test), \(user), \(s.optionIds), \(s.scores)::int[], \(s.percents)::int[], \(s.leading)::int[])
            RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
    }

    /// Programs of the catalog that suit the result's leading scales (a competency or profession of a scale counts
    /// twice an industry, and the more scales the better; then the nearest start), and events still to come tagged for
    /// them.
    static let resultJSON = """
        json_build_object('id', r.id, 'testId', r.test_id, 'test', t.title, 'createdAt', r.created_at,
          'saved', r.user_id IS NOT NULL, 'mine', coalesce(r.user_id = v.viewer, false),
          'scales', (SELECT json_agg(json_build_object('position', s.position, 'name', s.name,
              'description', s.description, 'percent', r.percents[s.position + 1],
              'leading', s.position = ANY(r.leading_scales))
            ORDER BY r.percents[s.position + 1] DESC, s.position) FROM career_scales s WHERE s.test_id = r.test_id),
          'programs', coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.full_name,
              'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = p.org_id),
              'nextStart', CASE WHEN m.next_start < 'infinity' THEN m.next_start END, 'funding', p.funding,
              'price', p.price, 'studyForm', (SELECT d.name FROM directory_items d WHERE d.id = p.study_form_id))
              ORDER BY m.hits DESC, m.next_start, m.name_key)
            FROM (SELECT c.program_id, c.next_start, c.name_key,
                sum(CASE WHEN c.competency_ids && s.competency_ids OR c.profession_ids && s.profession_ids THEN 2
                  ELSE 1 END) AS hits
              FROM catalog_entries c
                JOIN career_scales s ON s.test_id = r.test_id AND s.position = ANY(r.leading_scales)
                  AND (c.competency_ids && s.competency_ids OR c.profession_ids && s.profession_ids
                    OR c.industry_ids && s.industry_ids)
                GROUP BY c.program_id, c.next_start, c.name_key ORDER BY hits DESC, c.next_start, c.name_key LIMIT 8) m
            JOIN programs p ON p.id = m.program_id), '[]'),
          'events', coalesce((SELECT json_agg(json_build_object('id', e.id, 'name', e.name,
              'shortDescription', e.short_description, 'firstDay', e.first_day, 'lastDay', e.last_day,
              'address', e.address) ORDER BY e.first_day, e.name)
            FROM (SELECT e.* FROM events e WHERE e.status = 'published'
                AND coalesce(e.last_day, 'infinity') >= current_date
                AND e.tag_ids && ARRAY(SELECT unnest(s.event_tag_ids) FROM career_scales s
                  WHERE s.test_id = r.test_id AND s.position = ANY(r.leading_scales))
                ORDER BY e.first_day, e.name LIMIT 6) e), '[]'))
        """

    /// The result; `mine` says whether it is kept in `viewer`'s account.
    func result(_ id: UUID, viewer: UUID?) async throws -> (user: UUID?, json: String)? {
        try await db.rows(
            """
            SELECT r.user_id, \(unescaped: Self.resultJSON)::text
            FROM career_results r JOIN career_tests t ON t.id = r.test_id
            CROSS JOIN (SELECT \(viewer)::uuid AS viewer) v
            WHERE r.id = \(id)
            """
        ).first.map { try $0.decode((UUID?, String).self) }
    }

    /// Keeps an anonymous result in the account; false when it is someone else's.
    func claim(_ id: UUID, user: UUID) async throws -> Bool? {
        guard
            let owner = try await db.rows(
                """
                UPDATE career_results SET user_id = coalesce(user_id, \(user)) WHERE id = \(id) RETURNING user_id
                """
            ).first
        else { return nil }
        return try owner.decode(UUID.self) == user
    }

    /// The person's results, newest first (the last 200), each with its leading scales.
    func mine(_ user: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(json_build_object('id', r.id, 'testId', r.test_id, 'test', t.title,
                'createdAt', r.created_at, 'leading', \(unescaped: Self.leadingNames))
              ORDER BY r.created_at DESC), '[]')::text
            FROM (SELECT * FROM career_results WHERE user_id = \(user) ORDER BY created_at DESC LIMIT 200) r
            JOIN career_tests t ON t.id = r.test_id
            """
        ).first!.decode(String.self)
    }

    static let leadingNames = """
        ARRAY(SELECT s.name FROM unnest(r.leading_scales) WITH ORDINALITY l(position, n)
          JOIN career_scales s ON s.test_id = r.test_id AND s.position = l.position ORDER BY l.n)
        """

    struct ResultFilter: Sendable {
        /// the region's time zone: days of `from` and `to` are its days, as the CSV's times are
        var zone: String
        var testId: UUID?
        var from: Date?
        var to: Date?
        var signedIn: Bool?
    }

    func results(_ f: ResultFilter) throws -> ListQuery {
        var l = ListQuery(from: "career_results r", keyset: .time("r.created_at", id: "r.id"))
        try l.filter("r.test_id = ?", f.testId)
        // a day asked is the region's day (`to` included); a query parameter's day arrives as UTC midnight
        let zone = try l.bind(f.zone)
        try l.filter("(r.created_at AT TIME ZONE \(zone))::date >= (?::timestamptz AT TIME ZONE 'UTC')::date", f.from)
        try l.filter("(r.created_at AT TIME ZONE \(zone))::date <= (?::timestamptz AT TIME ZONE 'UTC')::date", f.to)
        if let signedIn = f.signedIn { l.filter(signedIn ? "r.user_id IS NOT NULL" : "r.user_id IS NULL") }
        return l
    }

    static let resultRowJSON = """
        json_build_object('id', r.id, 'testId', r.test_id,
          'test', (SELECT t.title FROM career_tests t WHERE t.id = r.test_id),
          'user', (SELECT concat_ws(' ', u.last_name, u.first_name, u.middle_name) FROM users u
            WHERE u.id = r.user_id), 'createdAt', r.created_at,
          'leading', \(leadingNames),
          'profile', (SELECT json_agg(json_build_object('scale', s.name, 'percent', r.percents[s.position + 1])
            ORDER BY s.position) FROM career_scales s WHERE s.test_id = r.test_id))
        """

    func resultsPage(_ f: ResultFilter, page: PageRequest) async throws -> String {
        try await db.page(try results(f).page(Self.resultRowJSON, page: page))
    }

    /// Rows for CSV, times on the region's clock.
    func streamResults(_ f: ResultFilter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        var q = try results(f)
        let z = try q.bind(f.zone)
        let columns = """
            to_char(r.created_at AT TIME ZONE \(z), 'DD.MM.YYYY HH24:MI'),
            (SELECT t.title FROM career_tests t WHERE t.id = r.test_id),
            coalesce((SELECT concat_ws(' ', u.last_name, u.first_name, u.middle_name) FROM users u
              WHERE u.id = r.user_id), 'без входа'),
            array_to_string(\(Self.leadingNames), ', '),
            (SELECT string_agg(s.name || ' ' || r.percents[s.position + 1] || ' %', '; ' ORDER BY s.position)
              FROM career_scales s WHERE s.test_id = r.test_id)
            """
        return try await db.client.query(q.all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4]
        }
    }
}
