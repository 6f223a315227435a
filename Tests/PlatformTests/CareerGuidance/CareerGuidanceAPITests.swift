import Foundation
import HTTPTypes
import Platform
import XCTest

/// SPEC §6 career guidance: an operator writes a test whose options add points to scales, publishes it; anyone takes
/// it without signing in, and the profile leads to the catalog's programs and the events that suit its leading scale;
/// the result is kept in the account once its holder signs in. A test with results never changes under them.
final class CareerGuidanceAPITests: XCTestCase {
    static func directoryItem(_ api: API, _ kind: String, _ q: String) async throws -> String {
        let page = try await api.get("/api/v1/directories/\(kind)?q=\(q)&limit=1")
        return try XCTUnwrap(page.items.first?["id"] as? String, page.text)
    }

    func testAnOperatorWritesATestAnyoneTakesItAndTheResultLeadsToProgramsAndEvents() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let moderator = try await api.login("moderator@copp.demo", "Demo2026pass")
            let welding = try await Self.directoryItem(api, "competencies", "Сварочные технологии")
            let workTag = try await Self.directoryItem(api, "tags", "рабочие профессии")
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100881", ogrn: "102380000881", email: "career@college.ru",
                program: "Охрана труда на производстве")
            let weldingProgram = try await publishedProgram(
                api, developer: college.org.token, moderator: moderator, name: "Сварщик ручной дуговой сварки",
                description: String(repeating: "Ручная дуговая сварка конструкций из углеродистых сталей. ", count: 3),
                kind: try await Self.directoryItem(api, "program_kinds", "повышение"),
                form: try await Self.directoryItem(api, "study_forms", "очная"), competencies: [welding])

            // every bad field named, nothing stored
            let before = try await api.get("/api/v1/career-tests", token: moderator).items.count
            let bad = try await api.post(
                "/api/v1/career-tests",
                [
                    "title": "Тест",
                    "scales": [["name": "Техника", "competencyIds": [UUID().uuidString]], ["name": ""]],
                    "questions": [["text": "Что ближе?", "options": [["text": "Станки", "weights": [2]]]]],
                ], token: moderator)
            XCTAssertEqual(
                Set(bad.errorFields), ["scales[1].name", "questions[0].options", "questions[0].options[0].weights"],
                bad.text)
            let unknown = try await api.post(
                "/api/v1/career-tests",
                [
                    "title": "Тест",
                    "scales": [["name": "Техника", "competencyIds": [UUID().uuidString]], ["name": "Люди"]],
                    "questions": [
                        [
                            "text": "Что ближе?",
                            "options": [["text": "А", "weights": [1, 0]], ["text": "Б", "weights": [0, 1]]],
                        ]
                    ],
                ], token: moderator)
            XCTAssertEqual(unknown.errorFields, ["scales[0].competencyIds[0]"], unknown.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/career-tests", token: moderator).items.count, before)

            // writing tests is ЦОПП's: a learner is refused, a stranger asked to sign in
            let learner = try await api.learner("career-learner@example.ru", last: "Иванова")
            let body: [String: Any] = [
                "title": "Техника или люди?", "description": "Три вопроса",
                "scales": [
                    [
                        "name": "Техника", "description": "Машины, станки, сварка", "competencyIds": [welding],
                        "eventTagIds": [workTag],
                    ],
                    ["name": "Люди", "description": "Учить, лечить, помогать"],
                ],
                "questions": (1...3).map { n in
                    [
                        "text": "Вопрос \(n): что вам ближе?",
                        "options": [["text": "Станок", "weights": [2, 0]], ["text": "Человек", "weights": [0, 2]]],
                    ]
                },
            ]
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/career-tests", body, token: learner.token).status, .forbidden)
            try await XCTAssertEqualAsync(try await api.post("/api/v1/career-tests", body).status, .unauthorized)
            let created = try await api.post("/api/v1/career-tests", body, token: moderator)
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertEqual(created["status"] as? String, "draft")
            let test = created["id"] as! String

            // a draft is nobody's but the operators'
            try await XCTAssertEqualAsync(try await api.get("/api/v1/career-tests/\(test)").status, .notFound)
            let draftTake = try await api.post("/api/v1/career-tests/\(test)/results", ["answers": [String: String]()])
            XCTAssertEqual(draftTake.status, .notFound, draftTake.text)
            let stale = try await api.call(
                .put, "/api/v1/career-tests/\(test)/status", json: ["status": "published"], token: moderator,
                headers: [.ifMatch: "\"99\""])
            XCTAssertEqual(stale.status, .preconditionFailed, stale.text)
            let published = try await api.call(
                .put, "/api/v1/career-tests/\(test)/status", json: ["status": "published"], token: moderator,
                headers: [.ifMatch: "\"\(created["version"] as! Int)\""])
            XCTAssertEqual(published["status"] as? String, "published", published.text)

            // the taker reads the questions, never the points or the links
            let shown = try await api.get("/api/v1/career-tests/\(test)")
            XCTAssertEqual(shown.status, .ok)
            XCTAssertFalse(shown.text.contains("weights") || shown.text.contains(welding), shown.text)
            let questions = shown["questions"] as! [[String: Any]]
            let listed = try await api.get("/api/v1/career-tests")
            XCTAssertTrue(listed.items.contains { $0["id"] as? String == test }, listed.text)
            func option(_ q: Int, _ k: Int) -> String {
                ((questions[q]["options"] as! [[String: Any]])[k]["id"] as! String)
            }
            let qid = { (n: Int) in questions[n]["id"] as! String }

            // every question needs one of its own options, named
            let partial = try await api.post(
                "/api/v1/career-tests/\(test)/results", ["answers": [qid(0): option(0, 0), qid(1): option(0, 1)]])
            XCTAssertEqual(Set(partial.errorFields), ["answers.\(qid(1))", "answers.\(qid(2))"], partial.text)
            // one question written twice, in other letter case, with two answers: refused, not a coin toss
            let twice = try await api.post(
                "/api/v1/career-tests/\(test)/results",
                [
                    "answers": [qid(0): option(0, 0), qid(0).uppercased(): option(0, 1), qid(1): option(1, 0)]
                ])
            XCTAssertEqual(Set(twice.errorFields), ["answers.\(qid(0))", "answers.\(qid(2))"], twice.text)
            XCTAssertTrue(twice.text.contains("\"duplicate\""), twice.text)

            // taken without signing in: the technique profile leads to the welding program and work events
            let taken = try await api.post(
                "/api/v1/career-tests/\(test)/results",
                ["answers": [qid(0): option(0, 0), qid(1): option(1, 0), qid(2): option(2, 1)]])
            XCTAssertEqual(taken.status, .created, taken.text)
            let result = taken["id"] as! String
            XCTAssertEqual(taken.headers[.location], "/api/v1/career-results/\(result)")
            XCTAssertEqual(taken["saved"] as? Bool, false)
            let scales = taken["scales"] as! [[String: Any]]
            XCTAssertEqual(scales.map { $0["name"] as? String }, ["Техника", "Люди"])
            XCTAssertEqual(scales.map { $0["percent"] as? Int }, [67, 33])
            XCTAssertEqual(scales.map { $0["leading"] as? Bool }, [true, false])
            XCTAssertFalse(taken.text.contains("score"), "the points stay on the server: " + taken.text)
            let programs = (taken["programs"] as! [[String: Any]]).compactMap { $0["id"] as? String }
            XCTAssertEqual(programs, [weldingProgram], taken.text)
            let events = taken["events"] as! [[String: Any]]
            XCTAssertFalse(events.isEmpty, "demo events tagged «рабочие профессии» still to come")
            try await XCTAssertEqualAsync(try await api.get("/api/v1/career-results/\(result)").status, .ok)

            // with a result the content is what it was scored with: no edit, no draft, no delete — a new version
            let frozen = try await api.call(.put, "/api/v1/career-tests/\(test)", json: body, token: moderator)
            XCTAssertEqual(frozen.code, "has_results", frozen.text)
            let toDraft = try await api.call(
                .put, "/api/v1/career-tests/\(test)/status", json: ["status": "draft"], token: moderator)
            XCTAssertEqual(toDraft.code, "has_results", toDraft.text)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/career-tests/\(test)", token: moderator).code, "has_results")
            // and the database refuses what would get past the service
            do {
                _ = try await services.db.rows(
                    "UPDATE career_options SET weights = '{1,1}' WHERE id = \(UUID(uuidString: option(0, 0))!)")
                XCTFail("changed the points of a test with results")
            } catch {}
            let copy = try await api.post("/api/v1/career-tests/\(test)/copy", token: moderator)
            XCTAssertEqual(copy.status, .created, copy.text)
            XCTAssertEqual(copy["status"] as? String, "draft")
            XCTAssertEqual(copy["basedOn"] as? String, test)
            XCTAssertEqual((copy["questions"] as? [[String: Any]])?.count, 3)
            XCTAssertEqual(
                ((copy["scales"] as? [[String: Any]])?.first?["competencies"] as? [[String: Any]])?.first?["id"]
                    as? String, welding, copy.text)
            var changed = body
            changed["title"] = "Техника или люди? Версия 2"
            let edited = try await api.call(
                .put, "/api/v1/career-tests/\(copy["id"] as! String)", json: changed, token: moderator)
            XCTAssertEqual(edited["title"] as? String, "Техника или люди? Версия 2", edited.text)

            // the holder signs in and keeps it; then it is theirs alone
            let claimed = try await api.post("/api/v1/career-results/\(result)/claim", token: learner.token)
            XCTAssertEqual(claimed["saved"] as? Bool, true, claimed.text)
            let mine = try await api.get("/api/v1/me/career-results", token: learner.token)
            XCTAssertEqual(mine.items.map { $0["id"] as? String }, [result], mine.text)
            XCTAssertEqual(mine.items.first?["leading"] as? [String], ["Техника"])
            let other = try await api.learner("career-other@example.ru", last: "Петрова")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/career-results/\(result)/claim", token: other.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/career-results/\(result)", token: other.token).status, .notFound)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/career-results/\(result)").status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/career-results/\(result)", token: moderator).status, .ok)

            // signed in, a result is kept at once
            let direct = try await api.post(
                "/api/v1/career-tests/\(test)/results",
                ["answers": [qid(0): option(0, 1), qid(1): option(1, 1), qid(2): option(2, 1)]], token: other.token)
            XCTAssertEqual(direct["saved"] as? Bool, true, direct.text)
            XCTAssertEqual((direct["scales"] as? [[String: Any]])?.first?["name"] as? String, "Люди")
            XCTAssertEqual((direct["programs"] as? [[String: Any]])?.count, 0, "«Люди» lead nowhere: " + direct.text)

            // the operators' list of results and its CSV; nobody else's
            let results = try await api.get("/api/v1/career-results?testId=\(test)", token: moderator)
            XCTAssertEqual(results.items.count, 2, results.text)
            let csv = String(
                decoding: try await api.download("/api/v1/career-results?testId=\(test)&format=csv", token: moderator)
                    .bytes, as: UTF8.self)
            XCTAssertTrue(csv.contains("Техника 67 %; Люди 33 %") && csv.contains("Иванова"), csv)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/career-results", token: learner.token).status, .forbidden)
            let card = try await api.get("/api/v1/career-tests/\(test)", token: moderator)
            XCTAssertEqual(card["results"] as? Int, 2, card.text)
            XCTAssertEqual(
                (card["leadingCounts"] as? [[String: Any]])?.map { $0["count"] as? Int }, [1, 1], card.text)

            // archived: gone from the public, results still their owners'
            let archived = try await api.call(
                .put, "/api/v1/career-tests/\(test)/status", json: ["status": "archived"], token: moderator)
            XCTAssertEqual(archived["status"] as? String, "archived", archived.text)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/career-tests/\(test)").status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/career-tests/\(test)/results", ["answers": [String: String]()]).status,
                .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/career-results/\(result)", token: learner.token).status, .ok)
        }
    }

    /// A stranger's results are limited per address (200 an hour); answers refused as invalid do not count.
    func testAnonymousResultsAreLimitedPerAddress() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let tests = try await api.get("/api/v1/career-tests")
            let test = try XCTUnwrap(tests.items.first?["id"] as? String, tests.text)
            let questions = try await api.get("/api/v1/career-tests/\(test)")["questions"] as! [[String: Any]]
            var answers: [String: String] = [:]
            for q in questions { answers[q["id"] as! String] = (q["options"] as! [[String: Any]])[0]["id"] as? String }
            let url = "/api/v1/career-tests/\(test)/results"
            for _ in 0..<5 {
                try await XCTAssertEqualAsync(
                    try await api.post(url, ["answers": [String: String]()]).status, .unprocessableContent)
            }
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<201 { statuses.append(try await api.post(url, ["answers": answers]).status) }
            XCTAssertEqual(statuses.filter { $0 == .created }.count, 200, "the refused ones did not count")
            let refused = try await api.post(url, ["answers": answers])
            XCTAssertEqual(refused.status, .tooManyRequests)
            XCTAssertTrue(refused.text.contains("Войдите"), refused.text)
            // signed in, a person has a limit of their own
            let learner = try await api.learner("career-limit@example.ru")
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": answers], token: learner.token).status, .created)
        }
    }

    /// An operator taking a test back to draft while people take it: either the draft wins and the takes are 404, or
    /// a take wins and the draft is 409 — never a draft with results (its content would become editable under them).
    func testATestWithResultsNeverGoesBackToDraft() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let moderator = try await api.login("moderator@copp.demo", "Demo2026pass")
            for round in 0..<6 {
                let created = try await api.post(
                    "/api/v1/career-tests",
                    [
                        "title": "Гонка \(round)", "scales": [["name": "А"], ["name": "Б"]],
                        "questions": [
                            [
                                "text": "Что?",
                                "options": [["text": "А", "weights": [1, 0]], ["text": "Б", "weights": [0, 1]]],
                            ]
                        ],
                    ], token: moderator)
                let test = created["id"] as! String
                _ = try await api.call(
                    .put, "/api/v1/career-tests/\(test)/status", json: ["status": "published"], token: moderator)
                let q = (created["questions"] as! [[String: Any]])[0]
                let answers = [q["id"] as! String: (q["options"] as! [[String: Any]])[0]["id"] as! String]
                async let takes = api.parallel(
                    8, .post, "/api/v1/career-tests/\(test)/results", json: { _ in ["answers": answers] })
                async let draft = api.call(
                    .put, "/api/v1/career-tests/\(test)/status", json: ["status": "draft"], token: moderator)
                let (taken, drafted) = try await (takes, draft)
                let kept = taken.filter { $0.status == .created }.count
                XCTAssertTrue(taken.allSatisfy { [.created, .notFound].contains($0.status) }, "\(taken.map(\.text))")
                let status = try await api.get("/api/v1/career-tests/\(test)", token: moderator)["status"] as? String
                if kept > 0 {
                    XCTAssertEqual(status, "published", "round \(round): \(kept) results")
                    XCTAssertEqual(drafted.code, "has_results", drafted.text)
                } else {
                    XCTAssertEqual(status, "draft")
                }
            }
        }
    }
}
