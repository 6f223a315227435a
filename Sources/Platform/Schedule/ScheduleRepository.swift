import Foundation
import PostgresNIO

/// Lessons of group schedules in SQL: candidate lessons are computed by PostgreSQL from the period and weekdays,
/// checked against existing ones, inserted in one statement; week views are read with teacher, room and group names.
public struct ScheduleRepository: Sendable {
    let db: Database

    /// Lessons asked for: wall-clock start and end of each (`YYYY-MM-DD HH:MM`), computed by `LessonPlan`.
    struct Plan: Sendable {
        var starts: [String]
        var ends: [String]
        var academicHours: Int
        var teacherId: UUID?
        var roomId: UUID?
        var planLessonId: UUID?
        var topic: String?
    }

    /// One existing lesson that a planned one would overlap: of this group, or with the same teacher or room.
    /// `except` leaves out the lesson being edited.
    func conflict(_ p: Plan, group: UUID, except: UUID?, on conn: PostgresConnection) async throws -> (
        what: String, description: String
    )? {
        guard
            let row = try await conn.rows(
                """
                SELECT CASE WHEN s.teacher_id = \(p.teacherId) THEN 'teacherId' WHEN s.room_id = \(p.roomId)
                  THEN 'roomId' ELSE 'group' END,
                       s.id::text, g.name, to_char(s.starts_at, 'DD.MM.YYYY HH24:MI') || '–' || to_char(s.ends_at,
                         'HH24:MI')
                FROM unnest(\(p.starts)::timestamp[], \(p.ends)::timestamp[]) AS c(starts_at, ends_at)
                JOIN schedule_lessons s ON s.during && tsrange(c.starts_at, c.ends_at, '[)')
                JOIN study_groups g ON g.id = s.group_id
                WHERE (s.group_id = \(group) OR s.teacher_id = \(p.teacherId) OR s.room_id = \(p.roomId))
                  AND s.id IS DISTINCT FROM \(except)::uuid
                ORDER BY s.starts_at LIMIT 1
                """, logger: db.logger
            ).first
        else { return nil }
        let (what, id, groupName, when) = try row.decode((String, String, String, String).self)
        let who =
            what == "teacherId"
            ? "Преподаватель уже ведёт занятие"
            : what == "roomId" ? "Помещение уже занято занятием" : "У группы уже есть занятие"
        return (what, "\(who): группа «\(groupName)», \(when) (занятие \(id))")
    }

    /// The group's period, its program's hours and the hours already scheduled (without the lesson being edited).
    func frame(group: UUID, except lesson: UUID?, on conn: PostgresConnection) async throws
        -> (startsOn: String, endsOn: String, programHours: Int, scheduledHours: Int)
    {
        try await conn.rows(
            """
            SELECT g.starts_on::text, g.ends_on::text,
                   (SELECT \(unescaped: ProgramsRepository.hours) FROM programs p WHERE p.id = g.program_id)::int,
                   (SELECT coalesce(sum(academic_hours), 0) FROM schedule_lessons
                    WHERE group_id = g.id AND id IS DISTINCT FROM \(lesson)::uuid)::int
            FROM study_groups g WHERE g.id = \(group)
            """, logger: db.logger)[0].decode((String, String, Int, Int).self)
    }

    /// Which of a lesson's references are not the group's own: a teacher or room of another organization, a plan
    /// lesson outside the program's modules. Each is checked only when given.
    func foreignReferences(
        teacher: UUID?, room: UUID?, planLesson: UUID?, org: UUID, program: UUID, on conn: PostgresConnection
    ) async throws -> (teacher: Bool, room: Bool, planLesson: Bool) {
        try await conn.rows(
            """
            SELECT \(teacher)::uuid IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM staff_resources WHERE id = \(teacher) AND org_id = \(org)),
                   \(room)::uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rooms WHERE id = \(room)
                     AND org_id = \(org)),
                   \(planLesson)::uuid IS NOT NULL AND NOT EXISTS (
                     SELECT 1 FROM module_lessons l JOIN module_topics t ON t.id = l.topic_id
                     JOIN program_modules pm ON pm.module_id = t.module_id
                     WHERE l.id = \(planLesson) AND pm.program_id = \(program))
            """, logger: db.logger)[0].decode((Bool, Bool, Bool).self)
    }

    struct Lesson: Sendable {
        var date: String
        var startTime: String
        var academicHours: Int
        var teacherId: UUID?
        var roomId: UUID?
        var planLessonId: UUID?
        var topic: String?
        var minutes: Int
    }

    func lesson(_ id: UUID, group: UUID, on conn: PostgresConnection) async throws -> Lesson? {
        try await conn.rows(
            """
            SELECT to_char(starts_at, 'YYYY-MM-DD'), to_char(starts_at, 'HH24:MI'), academic_hours, teacher_id, room_id,
                   plan_lesson_id, topic, (extract(epoch FROM ends_at - starts_at) / 60)::int
            FROM schedule_lessons WHERE id = \(id) AND group_id = \(group)
            """, logger: db.logger
        ).first.map {
            let c = try $0.decode((String, String, Int, UUID?, UUID?, UUID?, String?, Int).self)
            return Lesson(
                date: c.0, startTime: c.1, academicHours: c.2, teacherId: c.3, roomId: c.4, planLessonId: c.5,
                topic: c.6, minutes: c.7)
        }
    }

    /// Deletes one lesson of the group; false when there is none.
    func delete(_ id: UUID, group: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "DELETE FROM schedule_lessons WHERE id = \(id) AND group_id = \(group) RETURNING id", logger: db.logger
        ).isEmpty
    }

    /// Deletes the group's lessons of the days [from, to] (marks go with them).
    func delete(group: UUID, from: Date, to: Date, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            DELETE FROM schedule_lessons WHERE group_id = \(group)
              AND starts_at >= (\(from) AT TIME ZONE 'UTC')::date AND starts_at < (\(to) AT TIME ZONE 'UTC')::date + 1
            """, logger: db.logger)
    }

    func hasLessons(group: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows("SELECT 1 FROM schedule_lessons WHERE group_id = \(group) LIMIT 1", logger: db.logger)
            .isEmpty
    }

    func insert(_ p: Plan, group: UUID, org: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO schedule_lessons (group_id, org_id, plan_lesson_id, topic, starts_at, ends_at, academic_hours,
              teacher_id, room_id)
            SELECT \(group), \(org), \(p.planLessonId), \(p.topic), c.starts_at, c.ends_at, \(p.academicHours),
              \(p.teacherId), \(p.roomId)
            FROM unnest(\(p.starts)::timestamp[], \(p.ends)::timestamp[]) AS c(starts_at, ends_at)
            """, logger: db.logger)
    }

    func update(_ id: UUID, _ p: Plan, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE schedule_lessons SET starts_at = \(p.starts[0])::timestamp, ends_at = \(p.ends[0])::timestamp,
              academic_hours = \(p.academicHours),
              teacher_id = \(p.teacherId), room_id = \(p.roomId), plan_lesson_id = \(p.planLessonId),
                topic = \(p.topic), updated_at = now()
            WHERE id = \(id)
            """, logger: db.logger)
    }

    static let lessonSQL = """
        json_build_object('id', s.id, 'date', to_char(s.starts_at, 'YYYY-MM-DD'), 'startTime', to_char(s.starts_at,
          'HH24:MI'),
          'endTime', to_char(s.ends_at, 'HH24:MI'), 'academicHours', s.academic_hours, 'topic', coalesce(s.topic,
            ml.name),
          'planLessonId', s.plan_lesson_id,
          'group', json_build_object('id', g.id, 'name', g.name), 'program', json_build_object('id', p.id, 'fullName',
            p.full_name),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'teacher', CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('id', t.id, 'name',
            \(GroupsRepository.person("t"))) END,
          'room', CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('id', r.id, 'name', r.name, 'number',
            r.number) END,
          'conference', (SELECT json_build_object('kind', c.kind) FROM lesson_conferences c WHERE c.lesson_id = s.id))
        """
    static let lessonTables = """
        schedule_lessons s JOIN study_groups g ON g.id = s.group_id JOIN programs p ON p.id = g.program_id
        JOIN organizations o ON o.id = s.org_id
        LEFT JOIN staff_resources t ON t.id = s.teacher_id LEFT JOIN rooms r ON r.id = s.room_id
        LEFT JOIN module_lessons ml ON ml.id = s.plan_lesson_id
        """

    func groupLessons(_ group: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(\(unescaped: Self.lessonSQL) ORDER BY s.starts_at),
              '[]')::text FROM \(unescaped: Self.lessonTables)
            WHERE s.group_id = \(group)
            """)[0].decode(String.self)
    }

    struct WeekFilter: Sendable {
        var monday: String
        var orgIds: [UUID]?
        var organizationId: UUID?
        var groupId: UUID?
        var teacherId: UUID?
        var roomId: UUID?
        /// a person's own week: groups they study in, lessons they teach
        var learnerId: UUID?
        var teacherUserId: UUID?
    }

    /// The lessons of a week, in time order, with the caller's role in each when the week is their own.
    func week(_ f: WeekFilter) async throws -> String {
        var q = ListQuery(from: Self.lessonTables, keyset: .time("s.starts_at", id: "s.id", descending: false))
        let monday = try q.bind(f.monday)
        q.filter("s.starts_at >= \(monday)::date AND s.starts_at < \(monday)::date + 7")
        try q.filter("s.org_id = ANY(?)", f.orgIds)
        try q.filter("s.org_id = ?", f.organizationId)
        try q.filter("s.group_id = ?", f.groupId)
        try q.filter("s.teacher_id = ?", f.teacherId)
        try q.filter("s.room_id = ?", f.roomId)
        var own: [String] = []
        var role = "'learner'"
        if let learner = f.learnerId {
            let placeholder = try q.bind(learner)
            own.append(
                """
                EXISTS (SELECT 1 FROM applications a WHERE a.group_id = s.group_id AND a.learner_id = \(placeholder)
                  AND holds_seat(a.status))
                """)
        }
        if let teacher = f.teacherUserId {
            let placeholder = try q.bind(teacher)
            own.append("t.user_id = \(placeholder)")
            role = "CASE WHEN t.user_id = \(placeholder) THEN 'teacher' ELSE 'learner' END"
        }
        if !own.isEmpty { q.filter("(" + own.joined(separator: " OR ") + ")") }
        let json = "\(Self.lessonSQL)::jsonb || jsonb_build_object('role', \(role))"
        let all = q.matching("coalesce(json_agg(\(json) ORDER BY s.starts_at), '[]')::text")
        return try await db.rows(PostgresQuery(unsafeSQL: all, binds: q.binds))[0].decode(String.self)
    }

    /// The day of the person's next lesson (studying or teaching) on `from` or later; nil when none is planned.
    func nextLessonDay(person: UUID, from day: String) async throws -> String? {
        try await db.rows(
            """
            SELECT to_char(min(s.starts_at), 'YYYY-MM-DD')
            FROM schedule_lessons s LEFT JOIN staff_resources t ON t.id = s.teacher_id
            WHERE s.starts_at >= \(day)::date
              AND (t.user_id = \(person) OR EXISTS (SELECT 1 FROM applications a WHERE a.group_id = s.group_id
                     AND a.learner_id = \(person) AND holds_seat(a.status)))
            """)[0].decode(String?.self)
    }

    /// Hours per room and day of the week (workshop load, seed 001 desirable §5).
    func roomLoad(monday: String, orgIds: [UUID]?, organizationId: UUID?) async throws -> String {
        var q = ListQuery(
            from: "rooms r JOIN organizations o ON o.id = r.org_id", keyset: .text("r.name", id: "r.id"))
        let day = try q.bind(monday)
        try q.filter("r.org_id = ANY(?)", orgIds)
        try q.filter("r.org_id = ?", organizationId)
        let rooms = q.matching(
            """
            r.id, r.name, r.number, r.capacity, o.short_name AS organization,
                   (SELECT json_agg(json_build_object('date', d::date, 'academicHours', coalesce(sum_h, 0),
                     'minutes', coalesce(mins, 0),
                            'lessons', coalesce(n, 0)) ORDER BY d)
                    FROM generate_series(\(day)::date, \(day)::date + 6, interval '1 day') d
                    LEFT JOIN LATERAL (SELECT sum(s.academic_hours) AS sum_h, count(*) AS n,
                                              sum(extract(epoch FROM s.ends_at - s.starts_at) / 60)::int AS mins
                                       FROM schedule_lessons s WHERE s.room_id = r.id
                                         AND s.starts_at::date = d::date) l ON true) AS days
            """)
        let sql = "SELECT coalesce(json_agg(x ORDER BY x.organization, x.name), '[]')::text FROM (\(rooms)) x"
        return try await db.rows(PostgresQuery(unsafeSQL: sql, binds: q.binds))[0].decode(String.self)
    }
}
