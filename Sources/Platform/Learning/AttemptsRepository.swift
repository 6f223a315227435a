import Foundation
import PostgresNIO

/// Attempts in SQL. The deadline is compared by PostgreSQL's clock in the statements that write, so no request can
/// save an answer after it; closing and scoring is `test_attempts_close` (migration 0034).
struct AttemptsRepository: Sendable {
    let db: Database

    /// The answer save: one statement, prepared once per connection (500 learners save at once). It writes only into
    /// the caller's active attempt before its deadline, options only of the question, one of them for a single choice.
    /// It holds the attempt's row (FOR SHARE) until it commits: a closing attempt waits for it and scores the answer,
    /// and a save that waited for a closing finds the attempt closed (without the lock it saved into a closed attempt
    /// after its score was counted).
    struct SaveAnswer: PostgresPreparedStatement {
        typealias Row = Int
        static let name = "test_answer_save"
        static let sql = """
            WITH a AS (SELECT id FROM test_attempts
                       WHERE id = $1 AND learner_id = $2 AND status = 'active' AND deadline > now() FOR SHARE)
            UPDATE test_attempt_answers aa SET chosen = $4, typed = $5, answered_at = now()
            FROM a, test_questions q
            WHERE aa.attempt_id = a.id AND aa.question_id = $3 AND q.id = aa.question_id
              AND CASE q.kind WHEN 'text' THEN $4::uuid[] IS NULL
                    ELSE $5::text IS NULL AND $4::uuid[] IS NOT NULL AND $4::uuid[] <@ aa.option_order
                      AND (q.kind = 'multiple' OR cardinality($4::uuid[]) <= 1) END
            RETURNING 1
            """
        let attempt: UUID
        let learner: UUID
        let question: UUID
        let chosen: [UUID]?
        let typed: String?
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(attempt)
            b.append(learner)
            b.append(question)
            b.append(chosen)
            b.append(typed)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Int.self) }
    }

    func save(_ s: SaveAnswer) async throws -> Bool {
        var saved = false
        for try await _ in try await db.client.execute(s, logger: db.logger) { saved = true }
        return saved
    }

    /// Why an answer was not saved: no such attempt of the caller (nil), or its state.
    func state(_ attempt: UUID, learner: UUID, question: UUID) async throws -> (
        active: Bool, inTime: Bool, hasQuestion: Bool
    )? {
        try await db.rows(
            """
            SELECT a.status = 'active', a.deadline > now(),
              EXISTS (SELECT 1 FROM test_attempt_answers WHERE attempt_id = a.id AND question_id = \(question))
            FROM test_attempts a WHERE a.id = \(attempt) AND a.learner_id = \(learner)
            """
        ).first.map { try $0.decode((Bool, Bool, Bool).self) }
    }

    /// Closes (and scores) the learner's active attempts past their deadline as `expired`.
    func closeExpired(learner: UUID) async throws {
        try await db.execute(
            """
            SELECT test_attempts_close(ARRAY(SELECT id FROM test_attempts WHERE learner_id = \(learner)
              AND status = 'active' AND deadline <= now()), 'expired')
            """)
    }

    /// Closes every attempt left open past its deadline, a thousand at a time (the deadline job); answers how many.
    func closeExpired() async throws -> Int {
        try await db.rows(
            """
            SELECT count(*)::int FROM test_attempts_close(ARRAY(SELECT id FROM test_attempts
              WHERE status = 'active' AND deadline <= now() ORDER BY deadline LIMIT 1000), 'expired')
            """
        ).first?.decode(Int.self) ?? 0
    }

    /// Ends the caller's active attempt: `finished`, or `expired` when its time had run out. False: no such attempt
    /// (or not active).
    func finish(_ attempt: UUID, learner: UUID) async throws -> Bool {
        try await !db.rows(
            """
            SELECT test_attempts_close(ARRAY[id], CASE WHEN deadline > now() THEN 'finished' ELSE 'expired' END)
            FROM test_attempts WHERE id = \(attempt) AND learner_id = \(learner) AND status = 'active'
            """
        ).isEmpty
    }

    /// The learner's place in a group that was given the test — the group named, or else one where it is open now
    /// (then one where it opens later, then one where it has closed) — with the period it is open in.
    func enrollment(test: UUID, learner: UUID, group: UUID?, on conn: PostgresConnection) async throws -> (
        application: UUID, group: UUID, open: Bool, closed: Bool
    )? {
        try await conn.rows(
            """
            SELECT a.id, a.group_id, o.opened, o.closed
            FROM applications a JOIN test_assignments ta ON ta.group_id = a.group_id AND ta.test_id = \(test)
            CROSS JOIN LATERAL (SELECT coalesce(ta.opens_at, '-infinity') <= now() AS opened,
                                       coalesce(ta.closes_at, 'infinity') <= now() AS closed) o
            WHERE a.learner_id = \(learner) AND a.status IN ('confirmed', 'studying')
              AND a.group_id = coalesce(\(group), a.group_id)
            ORDER BY o.opened AND NOT o.closed DESC, NOT o.closed DESC, a.created_at DESC LIMIT 1
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, UUID, Bool, Bool).self) }
    }

    /// Holds the test's questions (KEY SHARE) before they are drawn: an author's edit (FOR UPDATE, then a check for
    /// attempts in a statement of its own) waits for this start, or this start waits for the edit and draws the
    /// edited options (an attempt drew the old options of a question being edited, then found none of them).
    func holdQuestions(of test: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            SELECT count(*) FROM (SELECT 1 FROM test_questions
              WHERE id IN (SELECT question_id FROM test_items WHERE test_id = \(test)) FOR KEY SHARE) held
            """, logger: db.logger)
    }

    func active(test: UUID, learner: UUID, on conn: PostgresConnection) async throws -> UUID? {
        try await conn.rows(
            """
            SELECT id FROM test_attempts WHERE test_id = \(test) AND learner_id = \(learner)
              AND status = 'active' AND deadline > now()
            """, logger: db.logger
        ).first?.decode(UUID.self)
    }

    func closeExpired(test: UUID, learner: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            SELECT test_attempts_close(ARRAY(SELECT id FROM test_attempts WHERE test_id = \(test)
              AND learner_id = \(learner) AND status = 'active' AND deadline <= now()), 'expired')
            """, logger: db.logger)
    }

    /// Starts attempt number n + 1 unless the test's attempts are used up (nil then), draws its questions — a random
    /// `question_count` of the test's when set, shuffled when asked — with each question's options in the order shown,
    /// and sets the attempt's maximum score. Answers the attempt and how many questions it drew.
    func start(test: UUID, group: UUID, application: UUID, learner: UUID, on conn: PostgresConnection) async throws
        -> (id: UUID, questions: Int)?
    {
        guard
            let id = try await conn.rows(
                """
                INSERT INTO test_attempts (test_id, group_id, application_id, learner_id, number, deadline, max_score)
                SELECT t.id, \(group), \(application), \(learner), u.used + 1,
                       now() + t.time_limit_minutes * interval '1 minute', 0
                FROM tests t CROSS JOIN LATERAL (SELECT count(*)::int AS used FROM test_attempts
                  WHERE test_id = t.id AND learner_id = \(learner)) u
                WHERE t.id = \(test) AND u.used < coalesce(t.max_attempts, 2147483647)
                RETURNING id
                """, logger: db.logger
            ).first?.decode(UUID.self)
        else { return nil }
        let drawn = try await conn.rows(
            """
            WITH t AS (SELECT * FROM tests WHERE id = \(test)),
            drawn AS (
              SELECT i.question_id, i.position FROM test_items i, t WHERE i.test_id = t.id
              ORDER BY CASE WHEN t.question_count IS NOT NULL THEN random() END, i.position
              LIMIT (SELECT question_count FROM t)
            ), placed AS (
              INSERT INTO test_attempt_answers (attempt_id, question_id, position, option_order)
              SELECT \(id), q.id,
                     row_number() OVER (ORDER BY CASE WHEN t.shuffle_questions THEN random() END, d.position),
                     ARRAY(SELECT o.id FROM test_question_options o WHERE o.question_id = q.id AND q.kind <> 'text'
                           ORDER BY CASE WHEN t.shuffle_options THEN random() END, o.position)
              FROM drawn d JOIN test_questions q ON q.id = d.question_id, t
              RETURNING question_id
            )
            UPDATE test_attempts SET max_score = (SELECT coalesce(sum(q.points), 0) FROM placed p
              JOIN test_questions q ON q.id = p.question_id)
            WHERE id = \(id) RETURNING (SELECT count(*) FROM placed)::int
            """, logger: db.logger
        ).first!.decode(Int.self)
        return (id, drawn)
    }

    /// The attempt as its learner (or the test's organization) reads it, with who may: the options in the order
    /// shown, the answers given; points per question and the score only once it is closed, the correct options only
    /// to a reader who is not its learner (the service lets only the organization's people that far) once it is
    /// closed; `expired`: still active past its deadline (not yet closed by the job).
    func attempt(_ id: UUID, reader: UUID) async throws -> (learner: UUID, org: UUID, expired: Bool, json: String)? {
        try await db.rows(
            """
            SELECT a.learner_id, t.org_id, a.status = 'active' AND a.deadline <= now(),
              json_build_object('id', a.id, 'testId', t.id, 'name', t.name,
              'description', t.description, 'groupId', a.group_id, 'number', a.number, 'status', a.status,
              'learner', (SELECT concat_ws(' ', u.last_name, u.first_name, u.middle_name) FROM users u
                          WHERE u.id = a.learner_id),
              'startedAt', a.started_at, 'deadline', a.deadline, 'finishedAt', a.finished_at, 'now', now(),
              'secondsLeft', CASE WHEN a.status = 'active'
                THEN greatest(0, ceil(extract(epoch FROM a.deadline - now())))::int END,
              'timeLimitMinutes', t.time_limit_minutes, 'passPercent', t.pass_percent, 'maxScore', a.max_score,
              'score', a.score, 'passed', a.passed,
              'percent', CASE WHEN a.status <> 'active' AND a.max_score > 0
                THEN floor(a.score * 100.0 / a.max_score) END,
              'questions', coalesce((SELECT json_agg(json_build_object('id', q.id, 'position', aa.position,
                  'kind', q.kind, 'text', q.text, 'imageFileId', q.image_file_id, 'points', q.points,
                  'options', coalesce((SELECT json_agg(jsonb_build_object('id', o.id, 'text', o.text,
                      'imageFileId', o.image_file_id) || CASE WHEN a.learner_id <> \(reader) AND a.status <> 'active'
                        THEN jsonb_build_object('correct', o.correct) ELSE '{}' END ORDER BY x.n)
                    FROM unnest(aa.option_order) WITH ORDINALITY AS x(id, n)
                    JOIN test_question_options o ON o.id = x.id), '[]'),
                  'acceptedAnswers', CASE WHEN a.learner_id <> \(reader) AND a.status <> 'active' AND q.kind = 'text'
                    THEN (SELECT json_agg(o.text ORDER BY o.position) FROM test_question_options o
                          WHERE o.question_id = q.id) END,
                  'chosen', coalesce(aa.chosen, '{}'), 'typed', aa.typed, 'answered', aa.answered_at IS NOT NULL,
                  'earned', CASE WHEN a.status <> 'active' THEN aa.points END) ORDER BY aa.position)
                FROM test_attempt_answers aa JOIN test_questions q ON q.id = aa.question_id
                WHERE aa.attempt_id = a.id), '[]'))::text
            FROM test_attempts a JOIN tests t ON t.id = a.test_id WHERE a.id = \(id)
            """
        ).first.map { try $0.decode((UUID, UUID, Bool, String).self) }
    }

    /// The learner's tests: every test given to a group they are in, with its period, the attempts made and the best.
    func mine(_ learner: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(json_build_object('testId', t.id, 'name', t.name, 'description', t.description,
              'groupId', g.id, 'group', g.name, 'organization', coalesce(o.short_name, o.full_name),
              'timeLimitMinutes', t.time_limit_minutes, 'maxAttempts', t.max_attempts, 'passPercent', t.pass_percent,
              'questionCount', least(coalesce(t.question_count, 500),
                (SELECT count(*) FROM test_items i WHERE i.test_id = t.id)),
              'opensAt', ta.opens_at, 'closesAt', ta.closes_at,
              'canStart', a.status IN ('confirmed', 'studying') AND (coalesce(ta.opens_at, '-infinity') <= now())
                AND coalesce(ta.closes_at, 'infinity') > now()
                AND s.used < coalesce(t.max_attempts, 2147483647) AND s.active IS NULL
                AND EXISTS (SELECT 1 FROM test_items i WHERE i.test_id = t.id),
              'attemptsUsed', s.used, 'activeAttemptId', s.active, 'best', s.best, 'attempts', s.attempts)
              ORDER BY ta.closes_at NULLS LAST, t.name), '[]')::text
            FROM applications a JOIN study_groups g ON g.id = a.group_id
            JOIN organizations o ON o.id = g.org_id
            JOIN test_assignments ta ON ta.group_id = a.group_id JOIN tests t ON t.id = ta.test_id
            CROSS JOIN LATERAL (
              SELECT count(*)::int AS used, (array_agg(x.id) FILTER (WHERE x.status = 'active'))[1] AS active,
                (array_agg(json_build_object('score', x.score, 'maxScore', x.max_score, 'passed', x.passed,
                   'percent', floor(x.score * 100.0 / nullif(x.max_score, 0)))
                   ORDER BY x.score * 1.0 / nullif(x.max_score, 0) DESC NULLS LAST)
                   FILTER (WHERE x.status <> 'active'))[1] AS best,
                coalesce(json_agg(json_build_object('id', x.id, 'number', x.number, 'status', x.status,
                  'score', x.score, 'maxScore', x.max_score, 'passed', x.passed, 'finishedAt', x.finished_at)
                  ORDER BY x.number), '[]') AS attempts
              FROM test_attempts x WHERE x.test_id = t.id AND x.learner_id = a.learner_id) s
            WHERE a.learner_id = \(learner) AND in_group_list(a.status)
            """
        ).first!.decode(String.self)
    }
}
