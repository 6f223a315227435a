import Foundation
import PostgresNIO

public struct MarkInput: Decodable, Sendable {
    var applicationId: UUID?
    var lessonId: UUID?
    /// a grade 1–5 or attendance Н / Б / О; null clears the cell
    var mark: String?
}

public struct FinalGradeInput: Decodable, Sendable {
    var applicationId: UUID?
    /// 2–5, «зачтено», «не зачтено»; null clears
    var grade: String?
}

/// The gradebook of a group (seed 000 §10): rows are the group's learners, columns its scheduled lessons (so schedule
/// changes show at once), cells a grade or an attendance mark; the average is computed, the final grade set by hand,
/// and the interim rating is the learner's place in the group by average.
public struct GradebookService: Sendable {
    let db: Database
    let groups: GroupsRepository
    let cache: TrainingCache

    public init(db: Database, cache: TrainingCache) {
        self.db = db
        self.groups = GroupsRepository(db: db)
        self.cache = cache
    }

    static let marks: Set<String> = ["1", "2", "3", "4", "5", "Н", "Б", "О"]
    static let finalGrades: Set<String> = ["2", "3", "4", "5", "зачтено", "не зачтено"]

    /// Rows of the journal: learner, marks by lesson, average of grades, attendance counts, final grade, rating.
    /// Marks are read per learner through the primary key (LATERAL), whatever the size of the whole table.
    static let rowsSQL = """
        SELECT a.id, a.number, \(GroupsRepository.person("a")) AS name, a.status, a.final_grade, s.average, s.absent, s.sick, s.late, s.marks,
               CASE WHEN s.average IS NULL THEN NULL ELSE rank() OVER (ORDER BY s.average DESC NULLS LAST) END AS rating,
               CASE WHEN a.final_grade IN ('2', '3', '4', '5') THEN rank() OVER (ORDER BY CASE WHEN a.final_grade IN ('2', '3', '4', '5') THEN a.final_grade END DESC NULLS LAST) END
                 AS final_rating
        FROM applications a
        CROSS JOIN LATERAL (
          SELECT avg(m.mark::int) FILTER (WHERE m.mark IN ('1', '2', '3', '4', '5')) AS average,
                 count(*) FILTER (WHERE m.mark = 'Н') AS absent, count(*) FILTER (WHERE m.mark = 'Б') AS sick,
                 count(*) FILTER (WHERE m.mark = 'О') AS late,
                 coalesce(json_object_agg(m.schedule_lesson_id, m.mark) FILTER (WHERE m.mark IS NOT NULL), '{}') AS marks
          FROM gradebook_marks m WHERE m.application_id = a.id) s
        WHERE a.group_id = $1 AND in_group_list(a.status)
        """

    /// The whole journal as one JSON document with the group's organization, in one prepared statement (PostgreSQL plans
    /// it once per connection; the organization comes with it, so reading a journal is one round trip).
    struct Journal: PostgresPreparedStatement {
        typealias Row = (UUID, String)
        static let name = "journal"
        let group: UUID
        static let sql = """
            SELECT g.org_id, json_build_object(
              'group', json_build_object('id', g.id, 'name', g.name, 'status', g.status),
              'lessons', coalesce((SELECT json_agg(json_build_object('id', s.id, 'date', to_char(s.starts_at, 'YYYY-MM-DD'),
                   'startTime', to_char(s.starts_at, 'HH24:MI'), 'academicHours', s.academic_hours,
                   'topic', coalesce(s.topic, (SELECT ml.name FROM module_lessons ml WHERE ml.id = s.plan_lesson_id)))
                   ORDER BY s.starts_at) FROM schedule_lessons s WHERE s.group_id = $1), '[]'),
              'rows', coalesce((SELECT json_agg(json_build_object('applicationId', r.id, 'number', r.number, 'name', r.name, 'status', r.status,
                   'marks', r.marks, 'average', round(r.average, 2), 'absent', r.absent, 'sick', r.sick, 'late', r.late,
                   'finalGrade', r.final_grade, 'rating', r.rating, 'finalRating', r.final_rating) ORDER BY r.name, r.id)
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

    /// The journal for this caller; from memory unless `fresh` (the answer of a grading request must show its change).
    public func journal(_ group: UUID, identity me: Identity, fresh: Bool = false) async throws -> (json: String, cached: Bool) {
        let scope = "g:" + group.uuidString.lowercased()
        let read: @Sendable () async throws -> TrainingAnswer = { [db] in
            var found: (org: UUID, json: String)?
            // read to the end: the connection goes back to the pool only when its result is consumed
            for try await row in try await db.client.execute(Journal(group: group), logger: db.logger) { found = row }
            guard let found, found.json.first == "{" else { throw Problem.notFound }
            return TrainingAnswer(json: found.json, org: found.org)
        }
        let answer = fresh ? (value: try await read(), cached: false) : try await cache.answer(scope, scope: scope, compute: read)
        guard let org = answer.value.org, TrainingAccess.canRead(me, org: org) else { throw Problem.notFound }
        // whether the caller may grade depends on the caller, not on the data: added in front of the document's fields
        return ("{\"canGrade\":\(TrainingAccess.canGrade(me, org: org)),\(answer.value.json.dropFirst())", answer.cached)
    }

    /// CSV: learner, one column per lesson date, average, final grade.
    public func csvRows(_ group: UUID, identity me: Identity) async throws -> (header: [String], rows: [[String]]) {
        guard let org = try await groups.orgId(ofGroup: group), TrainingAccess.canRead(me, org: org) else { throw Problem.notFound }
        let lessons = try await db.rows(
            "SELECT id, to_char(starts_at, 'DD.MM.YYYY HH24:MI') FROM schedule_lessons WHERE group_id = \(group) ORDER BY starts_at")
            .map { try $0.decode((UUID, String).self) }
        var q = PostgresQuery(unsafeSQL: "SELECT r.name, r.marks::text, coalesce(round(r.average, 2)::text, ''), coalesce(r.final_grade, '') FROM (\(Self.rowsSQL)) r ORDER BY r.name")
        q.binds.append(group)
        let rows = try await db.rows(q).map { row -> [String] in
            let (name, marksJSON, average, final) = try row.decode((String, String, String, String).self)
            let marks = (try? JSONDecoder().decode([String: String].self, from: Data(marksJSON.utf8))) ?? [:]
            return [name] + lessons.map { marks[$0.0.uuidString.lowercased()] ?? "" } + [average, final]
        }
        return (["ФИО"] + lessons.map(\.1) + ["Средний балл", "Итоговая оценка"], rows)
    }

    /// The learner must be in this group and the lesson in its schedule — a learner of another group or organization is 404.
    func requireLearner(_ group: UUID, _ application: UUID?, _ me: Identity, on conn: PostgresConnection) async throws -> UUID {
        guard let org = try await conn.rows("SELECT org_id FROM study_groups WHERE id = \(group)", logger: db.logger).first?.decode(UUID.self)
        else { throw Problem.notFound }
        try TrainingAccess.requireGrade(me, org: org)
        guard let application else { throw Problem.validation([FieldError("applicationId", "required", "Укажите обучающегося")]) }
        let found = try await conn.rows(
            "SELECT 1 FROM applications WHERE id = \(application) AND group_id = \(group) AND in_group_list(status)",
            logger: db.logger)
        if found.isEmpty { throw Problem.notFound }
        return application
    }

    public func setMark(_ group: UUID, _ i: MarkInput, identity me: Identity) async throws -> String {
        try await db.transaction { conn in
            let application = try await requireLearner(group, i.applicationId, me, on: conn)
            guard let lesson = i.lessonId else { throw Problem.validation([FieldError("lessonId", "required", "Укажите занятие")]) }
            if try await conn.rows("SELECT 1 FROM schedule_lessons WHERE id = \(lesson) AND group_id = \(group)", logger: db.logger).isEmpty {
                throw Problem.notFound
            }
            let mark = i.mark?.trimmingCharacters(in: .whitespaces).uppercased().nilIfEmpty
            if let mark {
                guard Self.marks.contains(mark) else {
                    throw Problem.validation([FieldError("mark", "invalid_choice", "Оценка 1–5 или отметка Н (отсутствовал), Б (болел), О (опоздал)")])
                }
                try await conn.run(
                    """
                    INSERT INTO gradebook_marks (schedule_lesson_id, application_id, mark, set_by) VALUES (\(lesson), \(application), \(mark), \(me.userId))
                    ON CONFLICT (application_id, schedule_lesson_id) DO UPDATE SET mark = EXCLUDED.mark, set_by = EXCLUDED.set_by, set_at = now()
                    """, logger: db.logger)
            } else {
                try await conn.run("DELETE FROM gradebook_marks WHERE schedule_lesson_id = \(lesson) AND application_id = \(application)", logger: db.logger)
            }
        }
        return try await journal(group, identity: me, fresh: true).json
    }

    public func setFinal(_ group: UUID, _ i: FinalGradeInput, identity me: Identity) async throws -> String {
        try await db.transaction { conn in
            let application = try await requireLearner(group, i.applicationId, me, on: conn)
            let grade = i.grade?.trimmingCharacters(in: .whitespaces).lowercased().nilIfEmpty
            if let grade, !Self.finalGrades.contains(grade) {
                throw Problem.validation([FieldError("grade", "invalid_choice", "Итоговая оценка: 2–5, «зачтено» или «не зачтено»")])
            }
            try await conn.run("UPDATE applications SET final_grade = \(grade), updated_at = now() WHERE id = \(application)", logger: db.logger)
        }
        return try await journal(group, identity: me, fresh: true).json
    }
}
