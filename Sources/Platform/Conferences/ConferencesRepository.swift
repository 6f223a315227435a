import Foundation
import PostgresNIO

/// Lessons' conferences in SQL.
struct ConferencesRepository: Sendable {
    let db: Database

    /// A lesson of the group with its organization, its name as the room shows it, and whether it is open to join now
    /// by the region's wall clock (from 30 minutes before its start to its end).
    struct Lesson: Sendable {
        var org: UUID
        var name: String
        var opensAt: String
        var state: String
    }

    func lesson(_ id: UUID, group: UUID, zone: String) async throws -> Lesson? {
        try await db.rows(
            """
            SELECT s.org_id, coalesce(s.topic, ml.name, p.full_name) || ' — ' || g.name,
              to_char(s.starts_at - interval '30 minutes', 'DD.MM.YYYY HH24:MI'),
              CASE WHEN now() AT TIME ZONE \(zone) < s.starts_at - interval '30 minutes' THEN 'ahead'
                   WHEN now() AT TIME ZONE \(zone) >= s.ends_at THEN 'over' ELSE 'open' END
            FROM schedule_lessons s JOIN study_groups g ON g.id = s.group_id JOIN programs p ON p.id = g.program_id
            LEFT JOIN module_lessons ml ON ml.id = s.plan_lesson_id
            WHERE s.id = \(id) AND s.group_id = \(group)
            """
        ).first.map {
            let c = try $0.decode((UUID, String, String, String).self)
            return Lesson(org: c.0, name: c.1, opensAt: c.2, state: c.3)
        }
    }

    /// Whether the person is a learner of the group (holding a seat in it).
    func isLearner(_ user: UUID, group: UUID) async throws -> Bool {
        try await !db.rows(
            """
            SELECT 1 FROM applications WHERE group_id = \(group) AND learner_id = \(user) AND holds_seat(status)
            """
        ).isEmpty
    }

    /// Whether the person teaches this lesson (its teacher is their staff record).
    func teaches(_ user: UUID, lesson: UUID) async throws -> Bool {
        try await !db.rows(
            """
            SELECT 1 FROM schedule_lessons s JOIN staff_resources t ON t.id = s.teacher_id
            WHERE s.id = \(lesson) AND t.user_id = \(user)
            """
        ).isEmpty
    }

    struct Conference: Sendable {
        var kind: String
        var url: String?
        var room: BigBlueButton.Room?
    }

    func conference(_ lesson: UUID) async throws -> Conference? {
        try await db.rows(
            """
            SELECT kind, url, meeting_id, attendee_password, moderator_password FROM lesson_conferences
            WHERE lesson_id = \(lesson)
            """
        ).first.map {
            let c = try $0.decode((String, String?, String?, String?, String?).self)
            let room = c.2.map {
                BigBlueButton.Room(meetingID: $0, attendeePassword: c.3 ?? "", moderatorPassword: c.4 ?? "")
            }
            return Conference(kind: c.0, url: c.1, room: room)
        }
    }

    /// Sets the lesson's conference; a BigBlueButton room keeps its meeting id and passwords when it is set again.
    func save(
        _ lesson: UUID, kind: String, url: String?, room: BigBlueButton.Room?, by user: UUID,
        on conn: PostgresConnection
    ) async throws {
        try await conn.run(
            """
            INSERT INTO lesson_conferences (lesson_id, kind, url, meeting_id, attendee_password, moderator_password,
              created_by)
            VALUES (\(lesson), \(kind), \(url), \(room?.meetingID), \(room?.attendeePassword),
              \(room?.moderatorPassword),
              \(user))
            ON CONFLICT (lesson_id) DO UPDATE SET kind = EXCLUDED.kind, url = EXCLUDED.url,
              meeting_id = CASE WHEN EXCLUDED.kind = 'bbb'
                THEN coalesce(lesson_conferences.meeting_id, EXCLUDED.meeting_id) END,
              attendee_password = CASE WHEN EXCLUDED.kind = 'bbb'
                THEN coalesce(lesson_conferences.attendee_password, EXCLUDED.attendee_password) END,
              moderator_password = CASE WHEN EXCLUDED.kind = 'bbb'
                THEN coalesce(lesson_conferences.moderator_password, EXCLUDED.moderator_password) END,
              updated_at = now()
            """, logger: db.logger)
    }

    func remove(_ lesson: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "DELETE FROM lesson_conferences WHERE lesson_id = \(lesson) RETURNING 1", logger: db.logger
        ).isEmpty
    }

    /// The person's name as the room shows it.
    func fullName(_ user: UUID) async throws -> String {
        try await db.rows(
            "SELECT concat_ws(' ', first_name, last_name) FROM users WHERE id = \(user)"
        ).first?.decode(String.self) ?? "Участник"
    }
}
