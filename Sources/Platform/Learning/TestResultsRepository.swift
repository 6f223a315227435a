import Foundation
import PostgresNIO

/// Closed and running attempts as the organization reads them (seed 000 «Результаты тестов»): per test, per group,
/// per learner (by name), passed or not.
struct TestResultsRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var reach: TrainingAccess.Reach
        var testId: UUID?
        var groupId: UUID?
        var learner: String?
        var status: String?
        var passed: Bool?
    }

    static let from = """
        test_attempts a JOIN tests t ON t.id = a.test_id JOIN users u ON u.id = a.learner_id
        JOIN study_groups g ON g.id = a.group_id
        """
    static let learnerName = "concat_ws(' ', u.last_name, u.first_name, u.middle_name)"

    func filtered(_ f: Filter) throws -> ListQuery {
        var l = ListQuery(from: Self.from, keyset: .time("a.started_at", id: "a.id"))
        if !f.reach.all { try l.filter("t.org_id = ANY(?)", f.reach.orgs) }
        try l.filter("a.test_id = ?", f.testId)
        try l.filter("a.group_id = ?", f.groupId)
        try l.filter("a.status = ?", f.status)
        try l.filter("a.passed = ?", f.passed)
        try l.contains(Self.learnerName, f.learner)
        return l
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        let json = """
            json_build_object('id', a.id, 'testId', t.id, 'test', t.name, 'groupId', g.id, 'group', g.name,
              'learner', \(Self.learnerName), 'applicationId', a.application_id, 'number', a.number,
              'status', a.status, 'startedAt', a.started_at, 'finishedAt', a.finished_at, 'score', a.score,
              'maxScore', a.max_score, 'percent', CASE WHEN a.status <> 'active' AND a.max_score > 0
                THEN floor(a.score * 100.0 / a.max_score) END, 'passed', a.passed,
              'minutes', CASE WHEN a.finished_at IS NOT NULL
                THEN round(extract(epoch FROM a.finished_at - a.started_at) / 60.0, 1) END)
            """
        return try await db.page(try filtered(f).page(json, page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            t.name, g.name, \(Self.learnerName), a.number::text, a.status,
            to_char(a.started_at, 'DD.MM.YYYY HH24:MI'), coalesce(to_char(a.finished_at, 'DD.MM.YYYY HH24:MI'), ''),
            coalesce(a.score::text, ''), a.max_score::text,
            coalesce(floor(a.score * 100.0 / nullif(a.max_score, 0))::text, ''),
            CASE WHEN a.passed THEN 'да' WHEN NOT a.passed THEN 'нет' ELSE '' END
            """
        return try await db.client.query(try filtered(f).all(columns), logger: db.logger).map {
            let c = try $0.decode(
                (String, String, String, String, String, String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, Self.statusTitle(c.4), c.5, c.6, c.7, c.8, c.9, c.10]
        }
    }

    static func statusTitle(_ status: String) -> String {
        switch status {
        case "active": "идёт"
        case "finished": "завершена"
        case "expired": "время истекло"
        default: status
        }
    }
}
