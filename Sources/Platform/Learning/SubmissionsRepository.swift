import Foundation
import PostgresNIO

/// Answers to check tasks in SQL (seed 000 «Выполненные задания»): the learner's hand-in, the teacher's grade, the
/// organization's list with the seed's filters.
struct SubmissionsRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var reach: TrainingAccess.Reach
        var taskId: UUID?
        var groupId: UUID?
        var lessonId: UUID?
        var competencyId: UUID?
        var grading: String?
        var visibility: String?
        var status: String?
        var search: String?
        var learner: String?
        var submittedFrom: Date?
        var submittedTo: Date?
    }

    static let from = """
        check_task_submissions s JOIN check_tasks t ON t.id = s.task_id JOIN applications p ON p.id = s.application_id
        JOIN study_groups g ON g.id = s.group_id
        LEFT JOIN check_task_assignments ca ON ca.task_id = s.task_id AND ca.group_id = s.group_id
        """
    static let learnerName = GroupsRepository.person("p")

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: Self.from, keyset: .time("s.submitted_at", id: "s.id"))
        if !f.reach.all { try l.filter("t.org_id = ANY(?)", f.reach.orgs) }
        try l.filter("s.task_id = ?", f.taskId)
        try l.filter("s.group_id = ?", f.groupId)
        try l.filter("t.lesson_id = ?", f.lessonId)
        try l.filter("t.competency_id = ?", f.competencyId)
        try l.filter("t.grading = ?", f.grading)
        try l.filter("t.visibility = ?", f.visibility)
        try l.filter("s.status = ?", f.status)
        try l.filter("s.submitted_at >= ?", f.submittedFrom)
        try l.filter("s.submitted_at < ?", f.submittedTo)
        try l.contains(Self.learnerName, f.learner)
        try l.search(f.search, vector: "t.search", scope: .learning, text: "t.name")
        return l
    }

    static let listJSON = """
        json_build_object('id', s.id, 'taskId', t.id, 'task', t.name, 'grading', t.grading,
          'lesson', (SELECT l.name FROM module_lessons l WHERE l.id = t.lesson_id),
          'groupId', g.id, 'group', g.name, 'applicationId', p.id, 'learner', \(learnerName),
          'status', s.status, 'submittedAt', s.submitted_at, 'dueAt', ca.due_at,
          'late', coalesce(s.submitted_at > ca.due_at, false), 'handedIn', s.handed_in, 'grade', s.grade,
          'comment', s.comment, 'gradedAt', s.graded_at, 'files', cardinality(s.file_ids), 'version', s.version)
        """

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(try filtered(f).page(Self.listJSON, page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            t.name, coalesce((SELECT l.name FROM module_lessons l WHERE l.id = t.lesson_id), ''), g.name,
            \(Self.learnerName), s.status, to_char(s.submitted_at, 'DD.MM.YYYY HH24:MI'),
            coalesce(to_char(ca.due_at, 'DD.MM.YYYY HH24:MI'), ''),
            CASE WHEN s.submitted_at > ca.due_at THEN 'да' ELSE 'нет' END, s.handed_in::text, t.grading,
            coalesce(s.grade, -1), coalesce(s.comment, '')
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map {
            let c = try $0.decode(
                (String, String, String, String, String, String, String, String, String, String, Int, String).self)
            let grade = c.10 < 0 ? "" : CheckTaskGrading(rawValue: c.9)?.gradeTitle(c.10) ?? String(c.10)
            return [
                c.0, c.1, c.2, c.3, Self.statusTitle(c.4), c.5, c.6, c.7, c.8,
                CheckTaskGrading(rawValue: c.9)?.title ?? c.9, grade, c.11,
            ]
        }
    }

    static func statusTitle(_ status: String) -> String {
        switch status {
        case "submitted": "на проверке"
        case "returned": "на доработке"
        case "graded": "оценено"
        default: status
        }
    }

    /// The files of an answer, as its readers list them.
    static func filesJSON(_ ids: String) -> String {
        """
        coalesce((SELECT json_agg(json_build_object('id', f.id, 'name', f.original_name, 'mime', f.mime,
            'size', f.size) ORDER BY x.n)
          FROM unnest(\(ids)) WITH ORDINALITY AS x(id, n) JOIN files f ON f.id = x.id), '[]')
        """
    }

    /// One answer with its task's organization and learner: what the teacher grades from.
    func detail(_ id: UUID) async throws -> (org: UUID, learner: UUID, version: Int, json: String)? {
        try await db.rows(
            """
            SELECT t.org_id, s.learner_id, s.version, json_build_object('id', s.id, 'taskId', t.id, 'task', t.name,
              'description', t.description, 'grading', t.grading, 'groupId', g.id, 'group', g.name,
              'applicationId', p.id, 'learner', \(unescaped: Self.learnerName), 'status', s.status,
              'text', s.text, 'files', \(unescaped: Self.filesJSON("s.file_ids")),
              'submittedAt', s.submitted_at, 'dueAt', ca.due_at, 'late', coalesce(s.submitted_at > ca.due_at, false),
              'handedIn', s.handed_in, 'grade', s.grade, 'comment', s.comment, 'gradedAt', s.graded_at,
              'gradedBy', (SELECT concat_ws(' ', u.last_name, u.first_name) FROM users u WHERE u.id = s.graded_by),
              'version', s.version)::text
            FROM \(unescaped: Self.from) WHERE s.id = \(id)
            """
        ).first.map { try $0.decode((UUID, UUID, Int, String).self) }
    }

    /// The learner's place in a group the task is given to — the group named, or else their latest. The task, then
    /// the assignment, are held (KEY SHARE) until the hand-in commits, so neither can be taken away under it; the task
    /// first, as a change of the task locks it first (the other order deadlocked a hand-in with a take-back).
    func enrollment(task: UUID, learner: UUID, group: UUID?, on conn: PostgresConnection) async throws -> (
        application: UUID, group: UUID, org: UUID
    )? {
        try await conn.run("SELECT 1 FROM check_tasks WHERE id = \(task) FOR KEY SHARE", logger: db.logger)
        return try await conn.rows(
            """
            SELECT p.id, p.group_id, t.org_id
            FROM applications p JOIN check_task_assignments a ON a.group_id = p.group_id AND a.task_id = \(task)
            JOIN check_tasks t ON t.id = a.task_id
            WHERE p.learner_id = \(learner) AND p.status IN ('confirmed', 'studying')
              AND p.group_id = coalesce(\(group), p.group_id)
            ORDER BY p.created_at DESC LIMIT 1
            FOR KEY SHARE OF a
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, UUID, UUID).self) }
    }

    /// Which of `ids` are not the learner's own personal uploads. An answer's files stay the learner's (their quota);
    /// the task's organization reads them through the answer (`FilesRepository.inAnswersTo`), and cannot attach them
    /// to anything of its own, so a learner's photo never becomes a public task's file.
    func foreignFiles(_ ids: [UUID], learner: UUID, on conn: PostgresConnection) async throws -> Set<UUID> {
        let own = try await conn.rows(
            """
            SELECT id FROM files WHERE id = ANY(\(ids)) AND owner_user_id = \(learner) AND org_id IS NULL
            """, logger: db.logger
        ).map { try $0.decode(UUID.self) }
        return Set(ids).subtracting(own)
    }

    /// Hands the answer in, or in again: one statement, which refuses (nil) when the answer has been graded, so a
    /// hand-in racing the grade either comes first (and the grade, naming the old version, fails) or finds it graded.
    func handIn(
        task: UUID, place: (application: UUID, group: UUID), learner: UUID, text: String?, files: [UUID],
        on conn: PostgresConnection
    ) async throws -> (id: UUID, created: Bool)? {
        try await conn.rows(
            """
            INSERT INTO check_task_submissions (task_id, group_id, application_id, learner_id, text, file_ids)
            VALUES (\(task), \(place.group), \(place.application), \(learner), \(text), \(files))
            ON CONFLICT (task_id, learner_id) DO UPDATE SET group_id = EXCLUDED.group_id,
              application_id = EXCLUDED.application_id, text = EXCLUDED.text, file_ids = EXCLUDED.file_ids,
              status = 'submitted', submitted_at = now(), handed_in = check_task_submissions.handed_in + 1,
              version = check_task_submissions.version + 1
            WHERE check_task_submissions.status <> 'graded'
            RETURNING id, handed_in = 1
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, Bool).self) }
    }

    /// Whether the learner's answer to the task is graded (why a hand-in was refused).
    func graded(task: UUID, learner: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            """
            SELECT 1 FROM check_task_submissions WHERE task_id = \(task) AND learner_id = \(learner)
              AND status = 'graded'
            """, logger: db.logger
        ).isEmpty
    }

    /// Locks the answer (and holds its task, so that its grading type cannot change under the grade).
    func lockedForGrade(_ id: UUID, on conn: PostgresConnection) async throws -> (
        org: UUID, grading: String, version: Int
    )? {
        try await conn.rows(
            """
            SELECT t.org_id, t.grading, s.version FROM check_task_submissions s JOIN check_tasks t ON t.id = s.task_id
            WHERE s.id = \(id) FOR UPDATE OF s FOR SHARE OF t
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, String, Int).self) }
    }

    func grade(_ id: UUID, grade: Int?, comment: String?, by grader: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE check_task_submissions
            SET status = CASE WHEN \(grade)::int IS NULL THEN 'returned' ELSE 'graded' END,
              grade = \(grade), comment = \(comment), graded_by = \(grader), graded_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    /// The learner's tasks: every task given to a group they are in — once, with the group the answer was handed in
    /// for (else their latest) — with its links and files, due date and their answer (text, files, status, grade and
    /// the teacher's comment).
    func mine(_ learner: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(x.doc ORDER BY x.graded, x.due NULLS LAST, x.name), '[]')::text FROM (
              SELECT DISTINCT ON (t.id) json_build_object(\(unescaped: CheckTasksRepository.publicJSON),
                'taskId', t.id, 'groupId', g.id, 'group', g.name, 'dueAt', ca.due_at,
                'canHandIn', p.status IN ('confirmed', 'studying') AND coalesce(s.status, '') <> 'graded',
                'submission', CASE WHEN s.id IS NOT NULL THEN json_build_object('id', s.id, 'status', s.status,
                  'text', s.text, 'files', \(unescaped: Self.filesJSON("s.file_ids")), 'submittedAt', s.submitted_at,
                  'late', coalesce(s.submitted_at > ca.due_at, false), 'handedIn', s.handed_in, 'grade', s.grade,
                  'comment', s.comment, 'gradedAt', s.graded_at, 'version', s.version) END) AS doc,
                coalesce(s.status = 'graded', false) AS graded, ca.due_at AS due, t.name
              FROM applications p JOIN study_groups g ON g.id = p.group_id
              JOIN check_task_assignments ca ON ca.group_id = p.group_id JOIN check_tasks t ON t.id = ca.task_id
              LEFT JOIN check_task_submissions s ON s.task_id = t.id AND s.learner_id = p.learner_id
              WHERE p.learner_id = \(learner) AND holds_seat(p.status)
              ORDER BY t.id, coalesce(s.group_id = p.group_id, false) DESC, p.status IN ('confirmed', 'studying') DESC,
                p.created_at DESC) x
            """
        ).first!.decode(String.self)
    }
}
