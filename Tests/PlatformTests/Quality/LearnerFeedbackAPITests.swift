import Foundation
import HTTPTypes
import Platform
import XCTest

@testable import Platform

/// SPEC §11, seed 002 §3.4.12: learners who completed a program rate it once with the rating questionnaire in force
/// (the organization reads the ratings without names); when a group finishes, its learners are asked to fill the
/// e-monitoring questionnaire within five working days, and an answer after the term is refused.
final class LearnerFeedbackAPITests: XCTestCase {
    /// A questionnaire of `purpose` with two required scales, put in force.
    static func inForce(_ api: API, _ purpose: String, token: String) async throws -> String {
        let made = try await api.post(
            "/api/v1/questionnaires",
            [
                "title": "Анкета \(purpose)", "purpose": purpose,
                "sections": [
                    [
                        "questions": [
                            ["key": "content", "kind": "scale", "text": "Содержание", "required": true],
                            ["key": "teachers", "kind": "scale", "text": "Преподаватели", "required": true],
                        ]
                    ]
                ],
            ], token: token)
        let id = try XCTUnwrap(made["id"] as? String, made.text)
        _ = try await api.call(
            .put, "/api/v1/questionnaires/\(id)/status", json: ["status": "active"], token: token)
        return id
    }

    func testLearnersWhoCompletedAProgramRateItOnce() async throws {
        try await withApp { api, services in
            let moderator = try await api.admin(roles: ["moderator"]).token
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100881", ogrn: "102380000881", email: "ratings@college.ru",
                program: "Оператор котельной: безопасная эксплуатация")
            let program = college.programId
            let learner = try await api.learner("rating-learner@example.ru")
            let stranger = try await api.learner("rating-stranger@example.ru")
            try await ContestsAPITests.completed(services, learner: learner.id, program: program)

            // no questionnaire in force yet
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/programs/\(program)/rating-form", token: learner.token).code,
                "no_questionnaire")
            _ = try await Self.inForce(api, "rating", token: moderator)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/programs/\(program)/rating-form", token: stranger.token).status, .notFound)
            let form = try await api.get("/api/v1/programs/\(program)/rating-form", token: learner.token)
            XCTAssertEqual(form["rating"] as? NSNull, NSNull(), form.text)
            let url = "/api/v1/programs/\(program)/ratings"
            let partial = try await api.post(url, ["answers": ["content": 5]], token: learner.token)
            XCTAssertEqual(partial.errorFields, ["answers.teachers"], partial.text)
            // a whole number too big for an Int is refused, not a crash of the server (the reviewer's 1e308)
            let huge = try await api.post(
                url, ["answers": ["content": 1e308, "teachers": -1e300]], token: learner.token)
            XCTAssertEqual(Set(huge.errorFields), ["answers.content", "answers.teachers"], huge.text)
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": ["content": 5, "teachers": 5]], token: stranger.token).status,
                .notFound)
            let rated = try await api.post(
                url, ["answers": ["content": 5, "teachers": 4], "comment": "Много практики на стенде"],
                token: learner.token)
            XCTAssertEqual(rated.status, .created, rated.text)
            XCTAssertEqual(rated["score"] as? Int, 88)
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": ["content": 1, "teachers": 1]], token: learner.token).code,
                "already_rated")
            let mine = try await api.get("/api/v1/me/program-ratings", token: learner.token)
            XCTAssertEqual(mine.items.first?["rated"] as? Bool, true, mine.text)

            // the organization reads them without names; others do not
            let read = try await api.get(url, token: college.org.token)
            XCTAssertEqual((read["summary"] as? [String: Any])?["count"] as? Int, 1, read.text)
            XCTAssertEqual(read.items.first?["comment"] as? String, "Много практики на стенде")
            XCTAssertFalse(read.text.contains("rating-learner"), "ratings carry no names")
            let csv = try await api.get(url + "?format=csv", token: college.org.token)
            XCTAssertTrue(csv.text.contains("Много практики на стенде") && csv.text.contains("88"), csv.text)
            try await XCTAssertEqualAsync(
                try await api.get(url + "?format=csv", token: stranger.token).status, .notFound)
            try await XCTAssertEqualAsync(try await api.get(url, token: stranger.token).status, .notFound)
        }
    }

    func testAFinishedGroupAsksItsLearnersForTheEMonitoringWithinFiveWorkingDays() async throws {
        try await withApp { api, services in
            let moderator = try await api.admin(roles: ["moderator"]).token
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100882", ogrn: "102380000882", email: "monitoring@college.ru",
                program: "Машинист крана: подготовка к аттестации")
            let learner = try await api.learner("monitoring-learner@example.ru")
            let other = try await api.learner("monitoring-other@example.ru")
            _ = try await Self.inForce(api, "monitoring", token: moderator)
            try await ContestsAPITests.completed(services, learner: learner.id, program: college.programId)
            let group = try await services.db.rows(
                "UPDATE study_groups SET status = 'enrollment_confirmed' RETURNING id::text"
            ).first!.decode(String.self)
            let finished = try await api.post("/api/v1/groups/\(group)/finish", token: college.org.token)
            XCTAssertEqual(finished.status, .ok, finished.text)

            let mine = try await api.get("/api/v1/me/monitoring", token: learner.token)
            let request = try XCTUnwrap(mine.items.first, mine.text)
            let today = CivilDate(Date(), zone: TimeZone(identifier: "Asia/Irkutsk")!)
            XCTAssertEqual(
                request["dueOn"] as? String, MonitoringService.adding(workingDays: 5, to: today).iso, mine.text)
            let id = try XCTUnwrap(request["id"] as? String)
            let inbox = try await api.get("/api/v1/me/messages", token: learner.token)
            XCTAssertTrue(inbox.text.contains("/#/monitoring/\(id)"), inbox.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/monitoring/\(id)", token: other.token).status, .notFound)
            let url = "/api/v1/monitoring/\(id)/responses"
            let partial = try await api.post(url, ["answers": ["teachers": 4]], token: learner.token)
            XCTAssertEqual(partial.errorFields, ["answers.content"], partial.text)
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": ["content": 4, "teachers": 5]], token: learner.token).status,
                .noContent)
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": ["content": 4, "teachers": 5]], token: learner.token).code,
                "already_answered")
            let summary = try await api.get("/api/v1/groups/\(group)/monitoring", token: college.org.token)
            XCTAssertEqual(summary["sent"] as? Int, 1, summary.text)
            XCTAssertEqual(summary["answered"] as? Int, 1, summary.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/groups/\(group)/monitoring", token: other.token).status, .notFound)

            // after the term the answer is refused
            try await services.db.execute(
                """
                UPDATE monitoring_requests SET response_id = NULL, answered_at = NULL,
                  sent_on = date '2026-01-05', due_on = date '2026-01-12'
                """)
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": ["content": 4, "teachers": 5]], token: learner.token).code,
                "overdue")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/monitoring", token: learner.token).items.first?["overdue"] as? Bool, true)
        }
    }

    func testWorkingDaysSkipTheWeekend() {
        let friday = CivilDate("2026-11-27")!
        XCTAssertEqual(MonitoringService.adding(workingDays: 5, to: friday).iso, "2026-12-04")
        XCTAssertEqual(MonitoringService.adding(workingDays: 5, to: CivilDate("2026-11-25")!).iso, "2026-12-02")
        XCTAssertEqual(MonitoringService.adding(workingDays: 5, to: CivilDate("2026-11-28")!).iso, "2026-12-04")
        XCTAssertEqual(MonitoringService.adding(workingDays: 1, to: friday).iso, "2026-11-30")
    }
}
