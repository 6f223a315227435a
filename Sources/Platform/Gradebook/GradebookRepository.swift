import Foundation
import PostgresNIO

/// The journal in SQL: one prepared statement builds the whole document; marks and final grades are single rows.
struct GradebookRepository: Sendable {
    let db: Database

    /// A learner's tests in the journal: a column per test given to the group (not lesson marks, so a test never
    /// moves the average of the teacher's grades), holding the best closed attempt's percent, whether any attempt
    /// passed, and how many were made.
    static let testsSQL = """
        SELECT coalesce(json_object_agg(b.test_id, json_build_object('percent', b.percent, 'passed', b.passed,
                 'attempts', b.attempts)), '{}') AS tests
        FROM (SELECT x.test_id, max(floor(x.score * 100.0 / nullif(x.max_score, 0))) AS percent,
                     bool_or(x.passed) AS passed, count(*) AS attempts
              FROM test_attempts x WHERE x.application_id = a.id AND x.status <> 'active' GROUP BY x.test_id) b
        """

    /// A learner's answers to check tasks in the journal: a column per task given to the group (decided as for tests:
    /// a 1–10 score or a «зачёт» is not a lesson mark of 2–5, so it never moves the average), holding the answer's
    /// status and grade.
    static let checkTasksSQL = """
        SELECT coalesce(json_object_agg(x.task_id, json_build_object('id', x.id, 'status', x.status,
                 'grade', x.grade)), '{}')
                 AS check_tasks
        FROM check_task_submissions x WHERE x.application_id = a.id
        """

    /// Rows of the journal: learner, marks by lesson, average of grades, attendance counts, final grade, rating.
    /// Marks are read per learner through the primary key (LATERAL), whatever the size of the whole table.
    static let rowsSQL = """
        SELECT a.id, a.number, \(GroupsRepository.person("a")) AS name, a.status, a.final_grade, s.average, s.absent,
          s.sick, s.late, s.marks, t.tests, k.check_tasks,
               CASE WHEN s.average IS NULL THEN NULL ELSE rank() OVER (ORDER BY s.average DESC NULLS LAST) END
                 AS rating,
               CASE WHEN a.final_grade IN ('2', '3', '4', '5') THEN rank() OVER (ORDER BY CASE
                 WHEN a.final_grade IN ('2', '3', '4', '5') THEN a.final_grade END DESC NULLS LAST) END
                 AS final_rating
        FROM applications a
        CROSS JOIN LATERAL (
          SELECT avg(m.mark::int) FILTER (WHERE m.mark IN ('1', '2', '3', '4', '5')) AS average,
                 count(*) FILTER (WHERE m.mark = 'Н') AS absent, count(*) FILTER (WHERE m.mark = 'Б') AS sick,
                 count(*) FILTER (WHERE m.mark = 'О') AS late,
                 coalesce(json_object_agg(m.schedule_lesson_id, m.mark) FILTER (WHERE m.mark IS NOT NULL),
                   '{}') AS marks
          FROM gradebook_marks m WHERE m.application_id = a.id) s
        CROSS JOIN LATERAL (\(testsSQL)) t
        CROSS JOIN LATERAL (\(checkTasksSQL)) k
        WHERE a.group_id = $1 AND in_group_list(a.status)
        """

    /// The whole journal as one JSON document with the group's organization, in one prepared statement (PostgreSQL
    /// plans it once per connection; the organization comes with it, so reading a journal is one round trip).
    struct Journal: PostgresPreparedStatement {
        typealias Row = (UUID, String)
        static let name = "journal"
        let group: UUID
        static let sql = """
            SELECT g.org_id, json_build_object(
              'group', json_build_object('id', g.id, 'name', g.name, 'status', g.status),
              'lessons', coalesce((SELECT json_agg(json_build_object('id', s.id, 'date', to_char(s.starts_at,
                'YYYY-MM-DD'),
                   'startTime', to_char(s.starts_at, 'HH24:MI'), 'academicHours', s.academic_hours,
                   'topic', coalesce(s.topic, (SELECT ml.name FROM module_lessons ml WHERE ml.id = s.plan_lesson_id)))
                   ORDER BY s.starts_at) FROM schedule_lessons s WHERE s.group_id = $1), '[]'),
              'tests', coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name,
                   'passPercent', t.pass_percent) ORDER BY ta.created_at, t.name)
                   FROM test_assignments ta JOIN tests t ON t.id = ta.test_id WHERE ta.group_id = $1), '[]'),
              'checkTasks', coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name,
                   'grading', t.grading, 'dueAt', ca.due_at) ORDER BY ca.due_at NULLS LAST, ca.created_at, t.name)
                   FROM check_task_assignments ca JOIN check_tasks t ON t.id = ca.task_id WHERE ca.group_id = $1),
                   '[]'),
              'rows', coalesce((SELECT json_agg(json_build_object('applicationId', r.id, 'number', r.number, 'name',
                r.name, 'status', r.status,
                   'marks', r.marks, 'tests', r.tests, 'checkTasks', r.check_tasks,
                   'average', round(r.average, 2), 'absent', r.absent,
                   'sick', r.sick, 'late', r.late,
                   'finalGrade', r.final_grade, 'rating', r.rating, 'finalRating', r.final_rating) ORDER BY r.name,
                     r.id)
                   FROM (\(rowsSQL)) r), '[]'))::text
            FROM study_groups g WHERE g.id = $1
            """
        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings()
            b.append(group)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The journal document and its group's organization; nil when there is no such group.
    func journal(_ group: UUID) async throws -> (org: UUID, json: String)? {
        var found: (org: UUID, json: String)?
        // read to the end: the connection goes back to the pool only when its result is consumed
        for try await row in try await db.client.execute(Journal(group: group), logger: db.logger) { found = row }
        return found
    }

    /// The journal as its CSV lays it out: the group's lessons (id, «DD.MM.YYYY HH:MM»), its tests and check tasks,
    /// and each learner's name, marks by lesson (JSON), average, final grade, tests' results and answers (JSON).
    struct Sheet: Sendable {
        var lessons: [(UUID, String)]
        var tests: [(UUID, String)]
        var tasks: [(id: UUID, name: String, grading: String)]
        var rows: [(name: String, marks: String, average: String, final: String, tests: String, tasks: String)]
    }

    func csv(_ group: UUID) async throws -> Sheet {
        let lessons = try await db.rows(
            """
            SELECT id, to_char(starts_at, 'DD.MM.YYYY HH24:MI') FROM schedule_lessons WHERE group_id = \(group)
            ORDER BY starts_at
            """
        ).map { try $0.decode((UUID, String).self) }
        let tests = try await db.rows(
            """
            SELECT t.id, t.name FROM test_assignments ta JOIN tests t ON t.id = ta.test_id
            WHERE ta.group_id = \(group) ORDER BY ta.created_at, t.name
            """
        ).map { try $0.decode((UUID, String).self) }
        let tasks = try await db.rows(
            """
            SELECT t.id, t.name, t.grading FROM check_task_assignments ca JOIN check_tasks t ON t.id = ca.task_id
            WHERE ca.group_id = \(group) ORDER BY ca.due_at NULLS LAST, ca.created_at, t.name
            """
        ).map { try $0.decode((UUID, String, String).self) }
        var q = PostgresQuery(
            unsafeSQL: """
                SELECT r.name, r.marks::text, coalesce(round(r.average, 2)::text, ''), coalesce(r.final_grade, ''),
                  r.tests::text, r.check_tasks::text
                FROM (\(Self.rowsSQL)) r ORDER BY r.name
                """)
        q.binds.append(group)
        let rows = try await db.rows(q).map {
            let c = try $0.decode((String, String, String, String, String, String).self)
            return (name: c.0, marks: c.1, average: c.2, final: c.3, tests: c.4, tasks: c.5)
        }
        return Sheet(
            lessons: lessons, tests: tests, tasks: tasks.map { (id: $0.0, name: $0.1, grading: $0.2) }, rows: rows)
    }

    /// One learner's page of the journal — every lesson of the group with its date, topic and the learner's mark, the
    /// average, absences and the final grade — with who may read it (the applicant, the group's organization).
    func learnerGrades(_ application: UUID) async throws -> (learner: UUID?, org: UUID, json: String)? {
        try await db.rows(
            """
            SELECT a.learner_id, g.org_id, json_build_object(
              'group', json_build_object('id', g.id, 'name', g.name, 'startsOn', g.starts_on, 'endsOn', g.ends_on),
              'lessons', coalesce((SELECT json_agg(json_build_object('date', to_char(s.starts_at, 'YYYY-MM-DD'),
                  'startTime', to_char(s.starts_at, 'HH24:MI'), 'topic', coalesce(s.topic, ml.name), 'mark', m.mark)
                  ORDER BY s.starts_at)
                FROM schedule_lessons s LEFT JOIN module_lessons ml ON ml.id = s.plan_lesson_id
                LEFT JOIN gradebook_marks m ON m.schedule_lesson_id = s.id AND m.application_id = a.id
                WHERE s.group_id = g.id), '[]'),
              'average', t.average, 'absent', t.absent, 'sick', t.sick, 'late', t.late,
              'finalGrade', a.final_grade)::text
            FROM applications a JOIN study_groups g ON g.id = a.group_id
            CROSS JOIN LATERAL (
              SELECT round(avg(m.mark::int) FILTER (WHERE m.mark IN ('1', '2', '3', '4', '5')), 2) AS average,
                     count(*) FILTER (WHERE m.mark = 'Н') AS absent, count(*) FILTER (WHERE m.mark = 'Б') AS sick,
                     count(*) FILTER (WHERE m.mark = 'О') AS late
              FROM gradebook_marks m WHERE m.application_id = a.id) t
            WHERE a.id = \(application)
            """
        ).first.map { try $0.decode((UUID?, UUID, String).self) }
    }

    func groupOrg(_ group: UUID, on conn: PostgresConnection) async throws -> UUID? {
        try await conn.rows("SELECT org_id FROM study_groups WHERE id = \(group)", logger: db.logger).first?.decode(
            UUID.self)
    }

    /// Whether the application is a learner of the group's journal (`in_group_list`, migration 0019).
    func isLearner(_ application: UUID, group: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM applications WHERE id = \(application) AND group_id = \(group) AND in_group_list(status)",
            logger: db.logger
        ).isEmpty
    }

    /// Whether the group's lesson is on a day still ahead (nil: no such lesson of the group). Lesson times are the
    /// region's wall clock and the server keeps no region zone, so "ahead" is a day after today in every Russian zone
    /// (UTC+12 is the easternmost): a teacher may mark a lesson on its day, never the next week's.
    func lessonIsAhead(_ lesson: UUID, ofGroup group: UUID, on conn: PostgresConnection) async throws -> Bool? {
        try await conn.rows(
            """
            SELECT starts_at::date > ((now() AT TIME ZONE 'UTC') + interval '12 hours')::date
            FROM schedule_lessons WHERE id = \(lesson) AND group_id = \(group)
            """, logger: db.logger
        ).first?.decode(Bool.self)
    }

    /// Sets the cell (`mark`), or clears it (nil).
    func setMark(_ mark: String?, lesson: UUID, application: UUID, by user: UUID, on conn: PostgresConnection)
        async throws
    {
        if let mark {
            try await conn.run(
                """
                INSERT INTO gradebook_marks (schedule_lesson_id, application_id, mark, set_by)
                VALUES (\(lesson), \(application), \(mark), \(user))
                ON CONFLICT (application_id, schedule_lesson_id)
                  DO UPDATE SET mark = EXCLUDED.mark, set_by = EXCLUDED.set_by, set_at = now()
                """, logger: db.logger)
        } else {
            try await conn.run(
                "DELETE FROM gradebook_marks WHERE schedule_lesson_id = \(lesson) AND application_id = \(application)",
                logger: db.logger)
        }
    }

    func setFinal(_ grade: String?, application: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE applications SET final_grade = \(grade), updated_at = now() WHERE id = \(application)",
            logger: db.logger)
    }
}
