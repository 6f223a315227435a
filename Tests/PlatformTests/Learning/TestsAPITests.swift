import Foundation
import HTTPTypes
import Platform
import PostgresNIO
import XCTest

/// SPEC §10 tests: a teacher builds a test from the organization's question bank and gives it to a group; a learner
/// of that group takes timed attempts that the server scores; nobody else gets in, and no correct answer reaches the
/// learner before the attempt is closed.
final class TestsAPITests: XCTestCase {
    /// A college with a group of one learner, and a second group with another learner.
    struct Class: Sendable {
        var college: TrainingAPITests.Setting
        var group: String
        var otherGroup: String
        var learner: (id: String, token: String)
        var stranger: (id: String, token: String)
    }

    static func classroom(_ api: API, _ services: Services) async throws -> Class {
        try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
        let college = try await TrainingAPITests.college(
            api, services, inn: "381100771", ogrn: "102380000771", email: "tests@college.ru",
            program: "Сварка в среде защитных газов")
        var groups: [String] = []
        var learners: [(id: String, token: String)] = []
        for (n, name) in ["СВ-Т1", "СВ-Т2"].enumerated() {
            let group = try await api.post(
                "/api/v1/groups",
                [
                    "programId": college.programId, "name": name, "minSize": 1, "maxSize": 5,
                    "startsOn": "2027-03-01", "endsOn": "2027-03-20",
                ], token: college.org.token)
            XCTAssertEqual(group.status, .created, group.text)
            let learner = try await api.learner("tests-\(n)@example.ru", last: n == 0 ? "Смирнова" : "Волкова")
            let applied = try await api.post(
                "/api/v1/programs/\(college.programId)/applications", token: learner.token)
            let confirmed = try await api.post(
                "/api/v1/applications/\(applied["id"] as! String)/confirm", ["groupId": group["id"] as! String],
                token: college.org.token)
            XCTAssertEqual(confirmed["status"] as? String, "confirmed", confirmed.text)
            groups.append(group["id"] as! String)
            learners.append(learner)
        }
        return Class(
            college: college, group: groups[0], otherGroup: groups[1], learner: learners[0], stranger: learners[1])
    }

    func testATeacherBuildsATestAndALearnerTakesTimedAttempts() async throws {
        try await withApp { api, services in
            let c = try await Self.classroom(api, services)
            let org = c.college.org.token

            // the bank: every bad field named, nothing stored
            let bad = try await api.post(
                "/api/v1/test-questions",
                [
                    "kind": "single", "text": "Какой газ защищает сварочную ванну?", "points": 0,
                    "options": [["text": "Аргон", "correct": true], ["text": "", "correct": true]],
                ], token: org)
            // the empty option was marked correct too: a single choice with two correct options
            XCTAssertEqual(Set(bad.errorFields), ["points", "options[1].text", "options"], bad.text)
            let twoCorrect = try await api.post(
                "/api/v1/test-questions",
                [
                    "kind": "single", "text": "Какой газ?",
                    "options": [["text": "Аргон", "correct": true], ["text": "Гелий", "correct": true]],
                ], token: org)
            XCTAssertEqual(twoCorrect.errorFields, ["options"], twoCorrect.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/test-questions", token: org).items.count, 0)

            func question(_ body: [String: Any]) async throws -> String {
                let r = try await api.post("/api/v1/test-questions", body, token: org)
                XCTAssertEqual(r.status, .created, r.text)
                return r["id"] as! String
            }
            let single = try await question([
                "kind": "single", "text": "Какой газ защищает сварочную ванну при сварке алюминия?", "points": 2,
                "options": [
                    ["text": "Аргон", "correct": true], ["text": "Кислород"], ["text": "Воздух"],
                ],
            ])
            let multiple = try await question([
                "kind": "multiple", "text": "Какие средства защиты обязательны сварщику?",
                "options": [
                    ["text": "Маска сварщика", "correct": true], ["text": "Краги", "correct": true],
                    ["text": "Галстук"],
                ],
            ])
            let typed = try await question([
                "kind": "text", "text": "Как называется электрод из вольфрама? (одно слово)",
                "options": [["text": "Неплавящийся"], ["text": "Вольфрамовый"]],
            ])
            // the bank is searched by the engine (word forms) and answers CSV
            let found = try await api.get("/api/v1/test-questions?q=средствами защиты", token: org)
            XCTAssertEqual(found.items.compactMap { $0["id"] as? String }, [multiple], found.text)
            let bankCSV = String(
                decoding: try await api.download("/api/v1/test-questions?format=csv", token: org).bytes,
                as: UTF8.self)
            XCTAssertTrue(bankCSV.contains("Несколько ответов") && bankCSV.contains("Маска сварщика | Краги"), bankCSV)
            let copy = try await api.post("/api/v1/test-questions/\(single)/copy", token: org)
            XCTAssertEqual(copy.status, .created, copy.text)
            XCTAssertEqual(copy["text"] as? String, "Какой газ защищает сварочную ванну при сварке алюминия? (копия)")

            // the test: parameters, questions by id and at random from the bank, the group
            let badTest = try await api.post("/api/v1/tests", ["name": "", "timeLimitMinutes": 0], token: org)
            XCTAssertEqual(Set(badTest.errorFields), ["name", "timeLimitMinutes"], badTest.text)
            let created = try await api.post(
                "/api/v1/tests",
                ["name": "Входной контроль по сварке", "timeLimitMinutes": 10, "maxAttempts": 2, "passPercent": 50],
                token: org)
            XCTAssertEqual(created.status, .created, created.text)
            let test = created["id"] as! String
            let added = try await api.post(
                "/api/v1/tests/\(test)/questions", ["questionIds": [single, multiple, typed]], token: org)
            XCTAssertEqual((added["questions"] as? [Any])?.count, 3, added.text)
            let random = try await api.post("/api/v1/tests/\(test)/questions/random", ["count": 5], token: org)
            XCTAssertEqual((random["questions"] as? [Any])?.count, 4, random.text)
            let exhausted = try await api.post("/api/v1/tests/\(test)/questions/random", ["count": 1], token: org)
            XCTAssertEqual(exhausted.code, "bank_exhausted", exhausted.text)
            let removed = try await api.call(
                .delete, "/api/v1/tests/\(test)/questions/\(copy["id"] as! String)", token: org)
            XCTAssertEqual((removed["questions"] as? [Any])?.count, 3, removed.text)
            let assigned = try await api.call(
                .put, "/api/v1/tests/\(test)/groups", json: ["groupId": c.group], token: org)
            XCTAssertEqual((assigned["groups"] as? [[String: Any]])?.first?["name"] as? String, "СВ-Т1", assigned.text)

            // the learner's tests; a learner of the other group does not see it and cannot start it
            let mine = try await api.get("/api/v1/me/tests", token: c.learner.token)
            XCTAssertEqual(mine.items.first?["canStart"] as? Bool, true, mine.text)
            XCTAssertEqual(mine.items.first?["questionCount"] as? Int, 3, mine.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/tests", token: c.stranger.token).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/tests/\(test)/attempts", token: c.stranger.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/tests/\(test)", token: c.learner.token).status,
                .forbidden)

            // an attempt: its questions and options, never which are correct nor the accepted answers
            let started = try await api.post("/api/v1/tests/\(test)/attempts", token: c.learner.token)
            XCTAssertEqual(started.status, .created, started.text)
            let attempt = started["id"] as! String
            XCTAssertFalse(started.text.contains("\"correct\""), started.text)
            XCTAssertFalse(started.text.contains("Неплавящийся") || started.text.contains("Вольфрамовый"))
            XCTAssertEqual((started["questions"] as? [[String: Any]])?.count, 3)
            XCTAssertGreaterThan(started["secondsLeft"] as? Int ?? 0, 590, started.text)
            let again = try await api.post("/api/v1/tests/\(test)/attempts", token: c.learner.token)
            XCTAssertEqual(again.code, "attempt_active", again.text)
            let optionsOf = { (id: String) -> [String: String] in
                let q = (started["questions"] as? [[String: Any]])?.first { $0["id"] as? String == id }
                return Dictionary(
                    uniqueKeysWithValues: (q?["options"] as? [[String: Any]] ?? []).map {
                        ($0["text"] as! String, $0["id"] as! String)
                    })
            }
            func answer(_ q: String, _ body: [String: Any], token: String? = nil) async throws -> Reply {
                try await api.call(
                    .put, "/api/v1/test-attempts/\(attempt)/answers/\(q)", json: body, token: token ?? c.learner.token)
            }
            let argon = optionsOf(single)["Аргон"]!
            try await XCTAssertEqualAsync(try await answer(single, ["optionIds": [argon]]).status, .noContent)
            let twoForOne = try await answer(single, ["optionIds": [argon, optionsOf(single)["Воздух"]!]])
            XCTAssertEqual(twoForOne.errorFields, ["optionIds"], twoForOne.text)
            let foreign = try await answer(multiple, ["optionIds": [argon]])
            XCTAssertEqual(foreign.errorFields, ["optionIds"], foreign.text)
            try await XCTAssertEqualAsync(
                try await answer(multiple, ["optionIds": [optionsOf(multiple)["Маска сварщика"]!]]).status, .noContent)
            try await XCTAssertEqualAsync(try await answer(typed, ["text": "  ВОЛЬФРАМОВЫЙ "]).status, .noContent)
            try await XCTAssertEqualAsync(
                try await answer(typed, ["text": "x"], token: c.stranger.token).status, .notFound)
            let during = try await api.get("/api/v1/test-attempts/\(attempt)", token: c.learner.token)
            XCTAssertFalse(during.text.contains("\"correct\""), during.text)
            XCTAssertTrue(during.text.contains("ВОЛЬФРАМОВЫЙ"), during.text)

            // finished: the single (2 points) and the typed answer (1) count, the half-right multiple does not
            let result = try await api.post("/api/v1/test-attempts/\(attempt)/finish", token: c.learner.token)
            XCTAssertEqual(result["status"] as? String, "finished", result.text)
            XCTAssertEqual(result["score"] as? Int, 3, result.text)
            XCTAssertEqual(result["maxScore"] as? Int, 4, result.text)
            XCTAssertEqual(result["passed"] as? Bool, true, result.text)
            XCTAssertFalse(result.text.contains("\"correct\""), result.text)
            let late = try await answer(single, ["optionIds": [argon]])
            XCTAssertEqual(late.code, "attempt_closed", late.text)

            // the second attempt runs out of time: an answer after the deadline is refused, the attempt closes itself
            let second = try await api.post("/api/v1/tests/\(test)/attempts", token: c.learner.token)
            let secondId = second["id"] as! String
            XCTAssertEqual(second["number"] as? Int, 2, second.text)
            let running = UUID(uuidString: secondId)!
            try await services.db.execute(
                "UPDATE test_attempts SET deadline = now() - interval '1 second' WHERE id = \(running)")
            let afterTime = try await api.call(
                .put, "/api/v1/test-attempts/\(secondId)/answers/\(single)", json: ["optionIds": [] as [String]],
                token: c.learner.token)
            XCTAssertEqual(afterTime.status, .conflict, afterTime.text)
            XCTAssertEqual(afterTime.code, "attempt_closed")
            let expired = try await api.get("/api/v1/test-attempts/\(secondId)", token: c.learner.token)
            XCTAssertEqual(expired["status"] as? String, "expired", expired.text)
            XCTAssertEqual(expired["score"] as? Int, 0, expired.text)
            let third = try await api.post("/api/v1/tests/\(test)/attempts", token: c.learner.token)
            XCTAssertEqual(third.code, "attempts_exhausted", third.text)
            let after = try await api.get("/api/v1/me/tests", token: c.learner.token).items.first
            XCTAssertEqual(after?["canStart"] as? Bool, false)
            XCTAssertEqual((after?["best"] as? [String: Any])?["percent"] as? Int, 75, "\(String(describing: after))")

            // the organization: results with filters and CSV, the attempt with the correct answers, per question
            let results = try await api.get("/api/v1/test-attempts?testId=\(test)&q=смирнова", token: org)
            XCTAssertEqual(results.items.count, 2, results.text)
            let passedOnly = try await api.get("/api/v1/test-attempts?testId=\(test)&passed=true", token: org)
            XCTAssertEqual(passedOnly.items.compactMap { $0["id"] as? String }, [attempt], passedOnly.text)
            let resultsCSV = String(
                decoding: try await api.download("/api/v1/test-attempts?format=csv&testId=\(test)", token: org).bytes,
                as: UTF8.self)
            XCTAssertTrue(resultsCSV.contains("время истекло") && resultsCSV.contains("\"75\""), resultsCSV)
            let reviewed = try await api.get("/api/v1/test-attempts/\(attempt)", token: org)
            XCTAssertTrue(reviewed.text.contains("\"correct\"") && reviewed.text.contains("Неплавящийся"))
            let stats = try await api.get("/api/v1/tests/\(test)/question-stats", token: org)
            let byId = Dictionary(uniqueKeysWithValues: stats.items.map { ($0["questionId"] as! String, $0) })
            XCTAssertEqual(byId[single]?["answers"] as? Int, 2, stats.text)
            XCTAssertEqual(byId[single]?["difficulty"] as? Double, 0.5, stats.text)
            XCTAssertEqual(byId[multiple]?["difficulty"] as? Double, 1, stats.text)

            // the journal shows the test as a column with the best result
            let journal = try await api.get("/api/v1/groups/\(c.group)/gradebook", token: org)
            XCTAssertEqual((journal["tests"] as? [[String: Any]])?.first?["id"] as? String, test, journal.text)
            let row = (journal["rows"] as? [[String: Any]])?.first
            let cell = (row?["tests"] as? [String: Any])?[test] as? [String: Any]
            XCTAssertEqual(cell?["percent"] as? Int, 75, journal.text)
            XCTAssertEqual(cell?["attempts"] as? Int, 2, journal.text)

            // an answered question is kept as it was: edit a copy
            let edit = try await api.call(
                .put, "/api/v1/test-questions/\(single)",
                json: [
                    "kind": "single", "text": "Новый текст",
                    "options": [["text": "А", "correct": true], ["text": "Б"]],
                ],
                token: org)
            XCTAssertEqual(edit.code, "question_answered", edit.text)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/test-questions/\(single)", token: org).code, "question_answered")

            // another college sees none of it
            let other = try await developer(
                api, services, inn: "381100772", ogrn: "102380000772", email: "other@college.ru")
            for path in [
                "/api/v1/tests/\(test)", "/api/v1/test-questions/\(single)", "/api/v1/test-attempts/\(attempt)",
                "/api/v1/tests/\(test)/question-stats",
            ] {
                try await XCTAssertEqualAsync(try await api.get(path, token: other.token).status, .notFound, path)
            }
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/test-attempts", token: other.token).items.count, 0)
        }
    }

    /// Answers saved while the attempt is being finished are either scored or refused (409), never kept unscored.
    func testAnswersRacingTheFinishAreScoredOrRefused() async throws {
        try await withApp { api, services in
            let c = try await Self.classroom(api, services)
            let org = c.college.org.token
            let question = try await api.post(
                "/api/v1/test-questions",
                [
                    "kind": "single", "text": "Какой газ защищает сварочную ванну?", "points": 2,
                    "options": [["text": "Аргон", "correct": true], ["text": "Кислород"]],
                ], token: org)
            let q = question["id"] as! String
            let test =
                try await api.post(
                    "/api/v1/tests", ["name": "Гонка", "timeLimitMinutes": 5], token: org)["id"] as! String
            _ = try await api.post("/api/v1/tests/\(test)/questions", ["questionIds": [q]], token: org)
            _ = try await api.call(.put, "/api/v1/tests/\(test)/groups", json: ["groupId": c.group], token: org)
            let options = Dictionary(
                uniqueKeysWithValues: (question["options"] as! [[String: Any]]).map {
                    ($0["text"] as! String, $0["id"] as! String)
                })
            let auth: HTTPFields = [.authorization: "Bearer \(c.learner.token)"]
            for round in 1...30 {
                let attempt = try await api.post("/api/v1/tests/\(test)/attempts", token: c.learner.token)
                XCTAssertEqual(attempt.status, .created, attempt.text)
                let id = attempt["id"] as! String
                _ = try await api.call(
                    .put, "/api/v1/test-attempts/\(id)/answers/\(q)", json: ["optionIds": [options["Кислород"]!]],
                    token: c.learner.token)
                async let saves = api.parallel(
                    8, .put, "/api/v1/test-attempts/\(id)/answers/\(q)",
                    json: { _ in ["optionIds": [options["Аргон"]!]] },
                    headers: { _ in auth })
                async let finish = api.parallel(
                    1, .post, "/api/v1/test-attempts/\(id)/finish", json: { _ in [String: Any]() },
                    headers: { _ in auth })
                let (saved, _) = try await (saves, finish)
                XCTAssertTrue(saved.allSatisfy { [.noContent, .conflict].contains($0.status) }, "round \(round)")
                let closed = try await api.get("/api/v1/test-attempts/\(id)", token: org)
                let answer = (closed["questions"] as? [[String: Any]])?.first
                let right = (answer?["chosen"] as? [String]) == [options["Аргон"]!]
                XCTAssertEqual(answer?["earned"] as? Int, right ? 2 : 0, "round \(round): \(closed.text)")
                XCTAssertEqual(closed["score"] as? Int, right ? 2 : 0, "round \(round)")
                // a save answered 204 is in the score
                if saved.contains(where: { $0.status == .noContent }) { XCTAssertTrue(right, "round \(round)") }
            }
            // one active attempt at a time
            let first = try await api.post("/api/v1/tests/\(test)/attempts", token: c.learner.token)
            XCTAssertEqual(first.status, .created, first.text)
            let second = try await api.post(
                "/api/v1/tests/\(test)/attempts", ["groupId": c.group], token: c.learner.token)
            XCTAssertEqual(second.code, "attempt_active", second.text)
            // a group that is not hers is not found, not quietly replaced by another
            let foreign = try await api.post(
                "/api/v1/tests/\(test)/attempts", ["groupId": UUID().uuidString], token: c.learner.token)
            XCTAssertEqual(foreign.status, .notFound, foreign.text)
        }
    }

}
