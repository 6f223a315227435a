import Foundation
import HTTPTypes
import Platform
import XCTest

@testable import Platform

/// SPEC §11 program expertise: a college sends a program; experts take it in work one at a time — the database's
/// lock decides races (20 experts for one program: one wins; one expert for two programs: one) — fill the expertise
/// questionnaire and rate it; with five ratings it has passed; a lock left lapses.
final class ExpertiseAPITests: XCTestCase {
    func testExpertsRaceForAProgramOneWinsFiveRatingsPassIt() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let moderator = try await api.login("moderator@copp.demo", "Demo2026pass")
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100991", ogrn: "102380000991", email: "expertise@college.ru",
                program: "Сварка конструкций из низкоуглеродистых сталей")
            let program = college.programId
            let org = college.org.token

            // without an expertise questionnaire in force nothing is sent (the demo's one closed here)
            try await services.db.execute("UPDATE questionnaires SET status = 'closed' WHERE purpose = 'expertise'")
            let early = try await api.post("/api/v1/programs/\(program)/expertise", token: org)
            XCTAssertEqual(early.code, "no_questionnaire", early.text)
            let sheet = try await api.post(
                "/api/v1/questionnaires",
                [
                    "title": "Экспертный лист программы", "purpose": "expertise",
                    "sections": [
                        [
                            "questions": [
                                [
                                    "key": "relevance", "kind": "scale", "text": "Актуальность программы",
                                    "required": true, "min": 1, "max": 5,
                                ],
                                [
                                    "key": "practice", "kind": "scale", "text": "Доля практики", "required": true,
                                    "min": 1, "max": 5,
                                ],
                            ]
                        ]
                    ],
                ], token: moderator)
            _ = try await api.call(
                .put, "/api/v1/questionnaires/\(sheet["id"] as! String)/status", json: ["status": "active"],
                token: moderator)

            let learner = try await api.learner("expertise-learner@example.ru")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs/\(program)/expertise", token: learner.token).status, .notFound)
            let sent = try await api.post("/api/v1/programs/\(program)/expertise", token: org)
            XCTAssertEqual(sent["status"] as? String, "pending", sent.text)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs/\(program)/expertise", token: org).code, "already_sent")

            // twenty experts press «Взял в работу» at once: exactly one holds it
            var experts: [String] = []
            for n in 0..<20 {
                let email = "expert\(n)@experts.ru"
                _ = try await api.createUser(email: email, roles: ["expert"], last: "Экспертов\(n)")
                experts.append(try await api.login(email))
            }
            let tokens = experts
            let raced = try await api.parallel(
                20, .post, "/api/v1/expertise/\(program)/take", json: { _ in [String: String]() },
                headers: { [.authorization: "Bearer \(tokens[$0])"] })
            XCTAssertEqual(raced.filter { $0.status == .ok }.count, 1, raced.map(\.text).joined(separator: "\n"))
            XCTAssertEqual(raced.filter { $0.code == "taken" }.count, 19)
            // who won, by each one's queue (the answers come back in the order they finish)
            var holders: [String] = []
            for token in tokens
            where try await api.get("/api/v1/expertise", token: token).json["holding"] as? String == program {
                holders.append(token)
            }
            XCTAssertEqual(holders.count, 1)
            let winner = try XCTUnwrap(holders.first)
            let loser = tokens.first { $0 != winner }!
            let seen =
                (try await api.get("/api/v1/expertise", token: loser).json["page"] as? [String: Any])?["items"]
                as? [[String: Any]]
            XCTAssertEqual(seen?.first { $0["programId"] as? String == program }?["lock"] as? String, "taken")
            let queueCSV = try await api.get("/api/v1/expertise?format=csv", token: loser)
            XCTAssertTrue(
                queueCSV.text.contains("Сварка конструкций из низкоуглеродистых сталей")
                    && queueCSV.text.contains("в работе у другого эксперта"), queueCSV.text)

            // one expert pressing for two programs at once holds one
            var others: [String] = []
            for (n, name) in ["Сварка труб из нержавеющей стали", "Сварка алюминиевых сплавов"].enumerated() {
                let id = try await publishedProgram(
                    api, developer: org, moderator: moderator, name: name,
                    description: String(repeating: "Технология сварки и контроль качества швов. ", count: 3),
                    kind: try await CareerGuidanceAPITests.directoryItem(api, "program_kinds", "повышение"),
                    form: try await CareerGuidanceAPITests.directoryItem(api, "study_forms", "очная"))
                _ = try await api.post("/api/v1/programs/\(id)/expertise", token: org)
                others.append(id)
                _ = n
            }
            let single = tokens[5] == winner ? tokens[6] : tokens[5]
            let programs = others
            async let first = api.post("/api/v1/expertise/\(programs[0])/take", token: single)
            async let second = api.post("/api/v1/expertise/\(programs[1])/take", token: single)
            let both = try await [first, second]
            XCTAssertEqual(both.filter { $0.status == .ok }.count, 1, both.map(\.text).joined(separator: "\n"))
            XCTAssertEqual(both.filter { $0.code == "busy" }.count, 1)

            // the winner rates: the sheet checked against the questionnaire, the lock released
            let url = "/api/v1/expertise/\(program)/rating"
            let incomplete = try await api.post(url, ["answers": ["relevance": 5]], token: winner)
            XCTAssertEqual(incomplete.errorFields, ["answers.practice"], incomplete.text)
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": ["relevance": 5, "practice": 5]], token: loser).code, "not_taken")
            let rated = try await api.post(
                url, ["answers": ["relevance": 5, "practice": 4], "comment": "Хорошая практическая часть"],
                token: winner)
            XCTAssertEqual((rated["ratings"] as? [[String: Any]])?.first?["score"] as? Int, 88, rated.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/expertise", token: winner).json["holding"] as? String, nil)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/expertise/\(program)/take", token: winner).code, "already_rated")

            // «Завершить без оценки» frees it; four more ratings pass it
            let quitter = tokens.first { $0 != winner && $0 != single }!
            _ = try await api.post("/api/v1/expertise/\(program)/take", token: quitter)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/expertise/\(program)/release", token: quitter).status, .noContent)
            var state: [String: Any] = [:]
            for token in tokens.filter({ $0 != winner && $0 != single }).prefix(4) {
                let took = try await api.post("/api/v1/expertise/\(program)/take", token: token)
                XCTAssertEqual(took.status, .ok, took.text)
                state = try await api.post(url, ["answers": ["relevance": 4, "practice": 4]], token: token).json
            }
            XCTAssertEqual(state["status"] as? String, "passed", "\(state)")
            // the catalog's page of the program says so
            let page = try await api.get("/api/v1/catalog/programs/\(program)")
            XCTAssertEqual((page["expertise"] as? [String: Any])?["status"] as? String, "passed", page.text)
            let read = try await api.get("/api/v1/programs/\(program)/expertise", token: org)
            XCTAssertEqual((read["ratings"] as? [[String: Any]])?.count, 5, read.text)
            XCTAssertEqual(
                (read["ratings"] as? [[String: Any]])?.first?["comment"] as? String, "Хорошая практическая часть")

            try await Self.checkDocuments(
                api, program: program, org: org, winner: winner, stranger: single, learner: learner.token,
                moderator: moderator)

            // a lock left for days lapses
            let lingering = tokens.first { $0 != single && $0 != winner }!
            _ = try await api.post("/api/v1/expertise/\(programs[0])/take", token: lingering)
            try await services.db.execute("UPDATE expertise_locks SET taken_at = now() - interval '8 days'")
            try await ExpertiseRepository(db: services.db).expireLocks(days: 7)
            try await XCTAssertEqualAsync(
                try await services.db.rows("SELECT 1 FROM expertise_locks").count, 0)
        }
    }

    /// The expert sheet with the expert's facsimile (DOCX), for its expert and the program's organization only; the
    /// protocol of programs that passed as XLSX and CSV; the catalog's list card saying «прошла экспертизу».
    static func checkDocuments(
        _ api: API, program: String, org: String, winner: String, stranger: String, learner: String, moderator: String
    ) async throws {
        let png = try await api.upload(bytes: Samples.png, filename: "подпись.png", token: winner)
        let notImage = try await api.upload(bytes: Samples.pdf, filename: "подпись.pdf", token: winner)
        let wrong = try await api.call(
            .put, "/api/v1/expertise/facsimile", json: ["fileId": notImage["id"] as! String], token: winner)
        XCTAssertEqual(wrong.errorFields, ["fileId"], wrong.text)
        let othersFile = try await api.call(
            .put, "/api/v1/expertise/facsimile", json: ["fileId": png["id"] as! String], token: stranger)
        XCTAssertEqual(othersFile.errorFields, ["fileId"], othersFile.text)
        let kept = try await api.call(
            .put, "/api/v1/expertise/facsimile", json: ["fileId": png["id"] as! String], token: winner)
        XCTAssertEqual((kept["facsimile"] as? [String: Any])?["id"] as? String, png["id"] as? String, kept.text)

        let mine = try await api.get("/api/v1/expertise/ratings", token: winner)
        let rating = try XCTUnwrap((mine["items"] as? [[String: Any]])?.first, mine.text)
        XCTAssertEqual(rating["passed"] as? Bool, true)
        let response = try XCTUnwrap(rating["responseId"] as? String)
        let path = "/api/v1/programs/\(program)/expertise/sheets/\(response)?format=docx"
        let docx = try await api.download(path, token: winner)
        XCTAssertEqual(docx.status, .ok)
        let text = try OfficeFiles.text(docx.bytes)
        for expected in [
            "Экспертов0", "Сварка конструкций из низкоуглеродистых сталей", "Актуальность программы", "5 (от 1 до 5)",
            "4 (от 1 до 5)", "Итоговая оценка: 88 из 100", "Хорошая практическая часть",
        ] where !text.contains(expected) && !(expected == "Экспертов0" && text.contains("Экспертов")) {
            XCTFail("the sheet lacks «\(expected)»: \(text)")
        }
        let parts = try XCTUnwrap(OfficePackage(Data(docx.bytes))).parts.map(\.path)
        XCTAssertTrue(parts.contains { $0.hasPrefix("word/media/") && $0.hasSuffix(".png") }, "no facsimile: \(parts)")
        try await XCTAssertEqualAsync(try await api.download(path, token: org).status, .ok)
        try await XCTAssertEqualAsync(try await api.download(path, token: stranger).status, .notFound)
        try await XCTAssertEqualAsync(try await api.download(path, token: learner).status, .notFound)
        let csv = try await api.get("/api/v1/expertise/ratings?format=csv", token: winner)
        XCTAssertTrue(csv.text.contains("Хорошая практическая часть"), csv.text)

        // the protocol: programs that passed, for ЦОПП's operators
        try await XCTAssertEqualAsync(
            try await api.get("/api/v1/expertise/protocol", token: winner).status, .forbidden)
        let listed = try await api.get("/api/v1/expertise/protocol?q=низкоуглерод", token: moderator)
        let row = try XCTUnwrap((listed["items"] as? [[String: Any]])?.first, listed.text)
        XCTAssertEqual(row["ratings"] as? Int, 5)
        XCTAssertEqual(row["score"] as? Int, 78, listed.text)  // (88 + 4 × 75) / 5 = 77.6
        let bad = try await api.get("/api/v1/expertise/protocol?from=вчера", token: moderator)
        XCTAssertEqual(bad.errorFields, ["from"], bad.text)
        let future = try await api.get("/api/v1/expertise/protocol?from=2999-01-01", token: moderator)
        XCTAssertEqual((future["items"] as? [[String: Any]])?.count, 0, future.text)
        let xlsx = try await api.download("/api/v1/expertise/protocol?format=xlsx", token: moderator)
        XCTAssertEqual(xlsx.status, .ok)
        let sheet = try OfficeFiles.text(xlsx.bytes, main: "xl/worksheets/sheet1.xml", element: "t")
        XCTAssertTrue(
            sheet.contains("Прошла экспертизу") && sheet.contains("Сварка конструкций из низкоуглеродистых сталей"),
            sheet)
        // every expert sheet, for the same readers
        let sheets = try await api.get("/api/v1/expertise/sheets?q=низкоуглерод", token: moderator)
        XCTAssertEqual(sheets.items.count, 5, sheets.text)
        let byExpert = try await api.get("/api/v1/expertise/sheets?q=Экспертов", token: moderator)
        XCTAssertEqual(byExpert.items.compactMap { $0["score"] as? Int }.sorted(), [75, 75, 75, 75, 88], byExpert.text)
        let sheetsCSV = try await api.get("/api/v1/expertise/sheets?format=csv", token: moderator)
        XCTAssertTrue(sheetsCSV.text.contains("Хорошая практическая часть"), sheetsCSV.text)
        try await XCTAssertEqualAsync(
            try await api.get("/api/v1/expertise/sheets", token: winner).status, .forbidden)
        let protocolCSV = try await api.get("/api/v1/expertise/protocol?format=csv", token: moderator)
        XCTAssertTrue(protocolCSV.text.contains("Сварка конструкций"), protocolCSV.text)

        // the catalog's list card
        let found = try await api.get("/api/v1/catalog/programs?q=низкоуглеродистых")
        let card = (found["items"] as? [[String: Any]])?.first { $0["id"] as? String == program }
        XCTAssertEqual(card?["expertisePassed"] as? Bool, true, found.text)
    }
}
