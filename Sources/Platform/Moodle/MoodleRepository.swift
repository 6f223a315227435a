import Foundation
import PostgresNIO

/// A group's Moodle course and who was pushed there, in SQL.
struct MoodleRepository: Sendable {
    let db: Database

    func group(_ id: UUID) async throws -> (org: UUID, course: Int?)? {
        try await db.rows("SELECT org_id, moodle_course_id FROM study_groups WHERE id = \(id)").first.map {
            try $0.decode((UUID, Int?).self)
        }
    }

    func setCourse(_ id: UUID, course: Int?) async throws {
        try await db.execute("UPDATE study_groups SET moodle_course_id = \(course) WHERE id = \(id)")
    }

    /// The group's course and its learners (holding a seat), each with what was pushed for them.
    func state(_ id: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('courseId', g.moodle_course_id,
              'pushing', coalesce(g.moodle_push_started_at > now() - interval '2 minutes', false),
              'learners', coalesce((SELECT json_agg(json_build_object('learnerId', u.id,
                  'name', concat_ws(' ', u.last_name, u.first_name, u.middle_name), 'email', u.email,
                  'moodleUserId', m.moodle_user_id, 'createdAccount', m.created_account, 'pushedAt', m.pushed_at,
                  'inCourse', m.course_id = g.moodle_course_id) ORDER BY u.last_name, u.first_name)
                FROM applications a JOIN users u ON u.id = a.learner_id
                LEFT JOIN moodle_enrolments m ON m.group_id = g.id AND m.learner_id = u.id
                WHERE a.group_id = g.id AND holds_seat(a.status)), '[]'))::text
            FROM study_groups g WHERE g.id = \(id)
            """
        ).first!.decode(String.self)
    }

    struct Learner: Sendable {
        var id: UUID
        var email: String
        var firstName: String
        var lastName: String
    }

    func learners(_ group: UUID) async throws -> [Learner] {
        try await db.rows(
            """
            SELECT u.id, u.email, u.first_name, u.last_name FROM applications a JOIN users u ON u.id = a.learner_id
            WHERE a.group_id = \(group) AND holds_seat(a.status) ORDER BY u.last_name, u.first_name
            """
        ).map {
            let c = try $0.decode((UUID, String, String, String).self)
            return Learner(id: c.0, email: c.1, firstName: c.2, lastName: c.3)
        }
    }

    /// Marks a push as running; false while another one runs (for at most two minutes).
    func startPush(_ group: UUID) async throws -> Bool {
        try await !db.rows(
            """
            UPDATE study_groups SET moodle_push_started_at = now()
            WHERE id = \(group) AND coalesce(moodle_push_started_at, '-infinity') < now() - interval '2 minutes'
            RETURNING 1
            """
        ).isEmpty
    }

    func endPush(_ group: UUID) async throws {
        try await db.execute("UPDATE study_groups SET moodle_push_started_at = NULL WHERE id = \(group)")
    }

    func record(
        _ group: UUID, course: Int, pushed: [(learner: UUID, moodleUser: Int, created: Bool)]
    ) async throws {
        guard !pushed.isEmpty else { return }
        try await db.execute(
            """
            INSERT INTO moodle_enrolments (group_id, learner_id, course_id, moodle_user_id, created_account)
            SELECT \(group), l, \(course), m, c
            FROM unnest(\(pushed.map(\.learner)), \(pushed.map(\.moodleUser))::int[], \(pushed.map(\.created)))
              AS x(l, m, c)
            ON CONFLICT (group_id, learner_id) DO UPDATE SET course_id = EXCLUDED.course_id,
              moodle_user_id = EXCLUDED.moodle_user_id,
              created_account = moodle_enrolments.created_account OR EXCLUDED.created_account, pushed_at = now()
            """)
    }
}
