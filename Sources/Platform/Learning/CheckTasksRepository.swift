import Foundation
import PostgresNIO

/// Check tasks in SQL: their parameters, links and files, the groups they are given to with due dates.
struct CheckTasksRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var reach: TrainingAccess.Reach
        var organizationId: UUID?
        var search: String?
        var lessonId: UUID?
        var competencyId: UUID?
        var visibility: String?
        var grading: String?
        var groupId: UUID?
        var dueFrom: Date?
        var dueTo: Date?
    }

    static let listJSON = """
        json_build_object('id', t.id, 'organizationId', t.org_id, 'name', t.name,
          'lessonId', t.lesson_id, 'lesson', (SELECT l.name FROM module_lessons l WHERE l.id = t.lesson_id),
          'competency', (SELECT d.name FROM directory_items d WHERE d.id = t.competency_id),
          'visibility', t.visibility, 'grading', t.grading,
          'groups', coalesce((SELECT json_agg(json_build_object('groupId', g.id, 'name', g.name, 'dueAt', a.due_at)
              ORDER BY a.due_at NULLS LAST, g.name)
            FROM check_task_assignments a JOIN study_groups g ON g.id = a.group_id WHERE a.task_id = t.id), '[]'),
          'submitted', (SELECT count(*) FROM check_task_submissions s WHERE s.task_id = t.id),
          'toGrade', (SELECT count(*) FROM check_task_submissions s WHERE s.task_id = t.id
                        AND s.status = 'submitted'),
          'updatedAt', t.updated_at)
        """

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: "check_tasks t", keyset: .time("t.created_at", id: "t.id"))
        if !f.reach.all { try l.filter("t.org_id = ANY(?)", f.reach.orgs) }
        try l.filter("t.org_id = ?", f.organizationId)
        try l.filter("t.lesson_id = ?", f.lessonId)
        try l.filter("t.competency_id = ?", f.competencyId)
        try l.filter("t.visibility = ?", f.visibility)
        try l.filter("t.grading = ?", f.grading)
        try l.filter("t.id IN (SELECT task_id FROM check_task_assignments WHERE group_id = ?)", f.groupId)
        try l.filter("t.id IN (SELECT task_id FROM check_task_assignments WHERE due_at >= ?)", f.dueFrom)
        try l.filter("t.id IN (SELECT task_id FROM check_task_assignments WHERE due_at < ?)", f.dueTo)
        try l.search(f.search, vector: "t.search", scope: .learning, text: "t.name")
        return l
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(try filtered(f).page(Self.listJSON, page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            t.name, coalesce((SELECT l.name FROM module_lessons l WHERE l.id = t.lesson_id), ''),
            coalesce((SELECT d.name FROM directory_items d WHERE d.id = t.competency_id), ''), t.visibility, t.grading,
            coalesce((SELECT string_agg(g.name || coalesce(' до ' || to_char(a.due_at, 'DD.MM.YYYY'), ''), '; '
                ORDER BY g.name)
              FROM check_task_assignments a JOIN study_groups g ON g.id = a.group_id WHERE a.task_id = t.id), ''),
            (SELECT count(*) FROM check_task_submissions s WHERE s.task_id = t.id)::text,
            (SELECT count(*) FROM check_task_submissions s WHERE s.task_id = t.id AND s.status = 'submitted')::text,
            to_char(t.updated_at, 'DD.MM.YYYY')
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String, String, String, String).self)
            return [
                c.0, c.1, c.2, LearningVisibility(rawValue: c.3)?.title ?? c.3,
                CheckTaskGrading(rawValue: c.4)?.title ?? c.4, c.5, c.6, c.7, c.8,
            ]
        }
    }

    /// The task as anyone allowed to read it sees it: parameters, links and files.
    static let publicJSON = """
        'id', t.id, 'organizationId', t.org_id,
          'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = t.org_id),
          'name', t.name, 'description', t.description, 'lessonId', t.lesson_id,
          'lesson', (SELECT l.name FROM module_lessons l WHERE l.id = t.lesson_id),
          'competencyId', t.competency_id,
          'competency', (SELECT d.name FROM directory_items d WHERE d.id = t.competency_id),
          'visibility', t.visibility, 'grading', t.grading, 'materials', t.materials
        """

    /// The task with its organization, visibility, whether `learner` is in a group it is given to, and the JSON: the
    /// whole card (groups, counts) for `full`, else what a reader outside the organization sees.
    func detail(_ id: UUID, full: Bool, learner: UUID?) async throws -> (
        org: UUID, visibility: String, inGroup: Bool, version: Int, json: String
    )? {
        try await db.rows(
            """
            SELECT t.org_id, t.visibility, EXISTS (SELECT 1 FROM check_task_assignments a JOIN applications p
                ON p.group_id = a.group_id WHERE a.task_id = t.id AND p.learner_id = \(learner)
                AND holds_seat(p.status)), t.version,
              CASE WHEN \(full) THEN json_build_object(\(unescaped: Self.publicJSON),
                'groups', coalesce((SELECT json_agg(json_build_object('groupId', g.id, 'name', g.name,
                    'startsOn', g.starts_on, 'endsOn', g.ends_on, 'dueAt', a.due_at,
                    'learners', (SELECT count(*) FROM applications p WHERE p.group_id = g.id
                                   AND in_group_list(p.status)),
                    'submitted', (SELECT count(*) FROM check_task_submissions s WHERE s.task_id = t.id
                                    AND s.group_id = g.id))
                    ORDER BY a.due_at NULLS LAST, g.name)
                  FROM check_task_assignments a JOIN study_groups g ON g.id = a.group_id WHERE a.task_id = t.id), '[]'),
                'submitted', (SELECT count(*) FROM check_task_submissions s WHERE s.task_id = t.id),
                'graded', (SELECT count(*) FROM check_task_submissions s WHERE s.task_id = t.id
                             AND s.status = 'graded'),
                'createdAt', t.created_at, 'updatedAt', t.updated_at, 'version', t.version)
              ELSE json_build_object(\(unescaped: Self.publicJSON)) END::text
            FROM check_tasks t WHERE t.id = \(id)
            """
        ).first.map { try $0.decode((UUID, String, Bool, Int, String).self) }
    }

    /// Locks the task for a change; its organization, version and grading type.
    func locked(_ id: UUID, on conn: PostgresConnection) async throws -> (org: UUID, version: Int, grading: String)? {
        try await conn.rows(
            "SELECT org_id, version, grading FROM check_tasks WHERE id = \(id) FOR UPDATE", logger: db.logger
        ).first.map { try $0.decode((UUID, Int, String).self) }
    }

    func insert(_ t: CheckTaskFields, org: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO check_tasks (org_id, author_id, name, description, lesson_id, competency_id, visibility,
              grading, materials, file_ids)
            VALUES (\(org), \(author), \(t.name), \(t.description), \(t.lessonId), \(t.competencyId), \(t.visibility),
              \(t.grading), \(ModulesRepository.json(t.materials))::jsonb, \(t.fileIds))
            RETURNING id
            """, logger: db.logger
        ).first!.decode(UUID.self)
    }

    func update(_ id: UUID, _ t: CheckTaskFields, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE check_tasks SET name = \(t.name), description = \(t.description), lesson_id = \(t.lessonId),
              competency_id = \(t.competencyId), visibility = \(t.visibility), grading = \(t.grading),
              materials = \(ModulesRepository.json(t.materials))::jsonb, file_ids = \(t.fileIds),
              updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM check_tasks WHERE id = \(id)", logger: db.logger)
    }

    /// Whether anyone has answered the task (it is then kept with its answers).
    func hasAnswers(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM check_task_submissions WHERE task_id = \(id) LIMIT 1", logger: db.logger
        ).isEmpty
    }

    /// Whether any answer to the task has a grade (its grading type is then fixed).
    func hasGrades(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM check_task_submissions WHERE task_id = \(id) AND status = 'graded' LIMIT 1",
            logger: db.logger
        ).isEmpty
    }

    /// Gives the task to a group of the same organization (or changes its due date); false when no such group.
    func assign(_ id: UUID, org: UUID, group: UUID, due: Date?, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            """
            INSERT INTO check_task_assignments (task_id, group_id, due_at)
            SELECT \(id), g.id, \(due) FROM study_groups g WHERE g.id = \(group) AND g.org_id = \(org)
            ON CONFLICT (task_id, group_id) DO UPDATE SET due_at = EXCLUDED.due_at
            RETURNING 1
            """, logger: db.logger
        ).isEmpty
    }

    /// Takes the task back from a group unless its learners have answered it there (their grades would vanish from
    /// the journal): `removed`, or whether the group had the task at all.
    func unassign(_ id: UUID, group: UUID, on conn: PostgresConnection) async throws -> (removed: Bool, given: Bool) {
        try await conn.rows(
            """
            WITH removed AS (
              DELETE FROM check_task_assignments a WHERE a.task_id = \(id) AND a.group_id = \(group)
                AND NOT EXISTS (SELECT 1 FROM check_task_submissions s WHERE s.task_id = a.task_id
                                  AND s.group_id = a.group_id)
              RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM removed),
              EXISTS (SELECT 1 FROM check_task_assignments WHERE task_id = \(id) AND group_id = \(group))
            """, logger: db.logger
        ).first!.decode((Bool, Bool).self)
    }
}
