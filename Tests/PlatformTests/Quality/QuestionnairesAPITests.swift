import Foundation
import HTTPTypes
import Platform
import XCTest

/// SPEC §11 questionnaires: an operator writes a survey with sections of every kind of question; its audience answers
/// once, every unanswered required question and wrong answer named; an edit after answers becomes version 2, version
/// 1 keeps its content and results, and each result names its version; results count marks and options, CSV lists
/// every response.
final class QuestionnairesAPITests: XCTestCase {
    nonisolated(unsafe) static let sections: [[String: Any]] = [
        [
            "title": "Обучение",
            "questions": [
                [
                    "key": "quality", "kind": "scale", "text": "Как вы оцениваете качество обучения?", "required": true,
                    "min": 1, "max": 5, "minLabel": "плохо", "maxLabel": "отлично",
                ],
                [
                    "key": "format", "kind": "single", "text": "Какой формат удобнее?", "required": true,
                    "options": ["Очно", "Дистанционно", "Смешанно"],
                ],
                [
                    "key": "topics", "kind": "multiple", "text": "Что добавить?",
                    "options": ["Практику", "Видео", "Тесты"],
                ],
            ],
        ],
        [
            "title": "О вас",
            "questions": [
                [
                    "key": "hours", "kind": "number", "text": "Сколько часов в неделю вы готовы учиться?", "min": 0,
                    "max": 80,
                ],
                ["key": "comment", "kind": "text", "text": "Что улучшить?"],
            ],
        ],
    ]

    func testASurveyIsAnsweredOnceAndAnEditAfterAnswersBecomesTheNextVersion() async throws {
        try await withApp { api, services in
            let moderator = try await api.admin(roles: ["moderator"]).token
            let learner = try await api.learner("survey-learner@example.ru", last: "Смирнова")
            let other = try await api.learner("survey-other@example.ru", last: "Волкова")

            // every bad field named, nothing stored
            let bad = try await api.post(
                "/api/v1/questionnaires",
                [
                    "title": "", "purpose": "poll", "audienceRoles": ["learner", "king"],
                    "sections": [
                        [
                            "questions": [
                                ["kind": "scale", "text": "Оценка", "min": 5, "max": 3],
                                ["kind": "single", "text": "Выбор", "options": ["Да"]],
                                ["kind": "essay", "text": "Текст"],
                            ]
                        ]
                    ],
                ], token: moderator)
            XCTAssertEqual(
                Set(bad.errorFields),
                [
                    "title", "purpose", "audienceRoles[1]", "sections[0].questions[0].max",
                    "sections[0].questions[1].options", "sections[0].questions[2].kind",
                ], bad.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/questionnaires", token: moderator).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/questionnaires", ["title": "x"], token: learner.token).status, .forbidden)

            let created = try await api.post(
                "/api/v1/questionnaires",
                [
                    "title": "Качество обучения", "purpose": "survey", "audienceRoles": ["learner"],
                    "sections": Self.sections,
                ], token: moderator)
            XCTAssertEqual(created.status, .created, created.text)
            let id = created["id"] as! String
            XCTAssertEqual(created["currentVersion"] as? Int, 1)

            // a draft asks nobody; active, it asks learners
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/surveys/\(id)", token: learner.token).status, .notFound)
            _ = try await api.call(
                .put, "/api/v1/questionnaires/\(id)/status", json: ["status": "active"], token: moderator)
            let mine = try await api.get("/api/v1/me/surveys", token: learner.token)
            XCTAssertEqual(mine.items.map { $0["id"] as? String }, [id], mine.text)
            let shown = try await api.get("/api/v1/surveys/\(id)", token: learner.token)
            XCTAssertEqual(shown["answered"] as? Bool, false, shown.text)
            let teacher = try await api.admin(roles: ["teacher"]).token
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/surveys/\(id)", token: teacher).status, .notFound)

            // every unanswered required question and wrong answer named
            let url = "/api/v1/surveys/\(id)/responses"
            let wrong = try await api.post(
                url,
                [
                    "answers": [
                        "quality": 7, "topics": ["Практику", "Музыку"], "hours": 100, "comment": 5, "extra": "x",
                    ]
                ], token: learner.token)
            XCTAssertEqual(
                Set(wrong.errorFields),
                [
                    "answers.quality", "answers.format", "answers.topics", "answers.hours", "answers.comment",
                    "answers.extra",
                ], wrong.text)
            let answer: [String: Any] = [
                "quality": 4, "format": "Смешанно", "topics": ["Практику", "Видео"], "hours": 6,
                "comment": "Больше практики на оборудовании",
            ]
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": answer], token: learner.token).status, .created)
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": answer], token: learner.token).code, "already_answered")
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": ["quality": 2, "format": "Очно"]], token: other.token).status,
                .created)

            // the edit after answers: version 2; version 1 stays as it was, with its results
            var sections = Self.sections
            var first = sections[0]["questions"] as! [[String: Any]]
            first[0]["text"] = "Насколько вы довольны обучением?"
            sections[0]["questions"] = first
            let card = try await api.get("/api/v1/questionnaires/\(id)", token: moderator)
            let edited = try await api.call(
                .put, "/api/v1/questionnaires/\(id)",
                json: [
                    "title": "Качество обучения", "purpose": "survey", "audienceRoles": ["learner"],
                    "sections": sections,
                ], token: moderator, headers: [.ifMatch: "\"\(card["version"] as! Int)\""])
            XCTAssertEqual(edited["currentVersion"] as? Int, 2, edited.text)
            let versions = edited["versions"] as! [[String: Any]]
            XCTAssertEqual(versions.map { $0["number"] as? Int }, [2, 1])
            XCTAssertEqual(versions.map { $0["responses"] as? Int }, [0, 2])
            // and the database keeps an answered version as it was
            do {
                let questionnaire = UUID(uuidString: id)!
                _ = try await services.db.rows(
                    """
                    UPDATE questionnaire_versions SET content = '{}'
                    WHERE number = 1 AND questionnaire_id = \(questionnaire)
                    """)
                XCTFail("changed an answered version")
            } catch {}

            let results = try await api.get("/api/v1/questionnaires/\(id)/results?version=1", token: moderator)
            XCTAssertEqual(results["version"] as? Int, 1)
            XCTAssertEqual(results["responses"] as? Int, 2)
            let questions = results["questions"] as! [[String: Any]]
            XCTAssertEqual(questions[0]["text"] as? String, "Как вы оцениваете качество обучения?", "version 1's text")
            XCTAssertEqual(questions[0]["mean"] as? Double, 3)
            XCTAssertEqual((questions[0]["bars"] as? [[String: Any]])?.map { $0["count"] as? Int }, [0, 1, 0, 1, 0])
            XCTAssertEqual((questions[1]["bars"] as? [[String: Any]])?.map { $0["count"] as? Int }, [1, 0, 1])
            XCTAssertEqual(questions[4]["texts"] as? [String], ["Больше практики на оборудовании"])
            let current = try await api.get("/api/v1/questionnaires/\(id)/results", token: moderator)
            XCTAssertEqual(current["version"] as? Int, 2)
            XCTAssertEqual(current["responses"] as? Int, 0)

            let csv = String(
                decoding: try await api.download("/api/v1/questionnaires/\(id)/responses?version=1", token: moderator)
                    .bytes, as: UTF8.self)
            XCTAssertTrue(csv.contains("Как вы оцениваете качество обучения?"), csv)
            XCTAssertTrue(csv.contains("Практику; Видео") && csv.contains("Смирнова"), csv)

            // answered: not deleted, not back to draft; closed, it asks nobody
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/questionnaires/\(id)", token: moderator).code, "has_responses")
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/questionnaires/\(id)/status", json: ["status": "draft"], token: moderator
                ).code, "has_responses")
            _ = try await api.call(
                .put, "/api/v1/questionnaires/\(id)/status", json: ["status": "closed"], token: moderator)
            let third = try await api.learner("survey-third@example.ru")
            try await XCTAssertEqualAsync(
                try await api.post(url, ["answers": answer], token: third.token).status, .notFound)
        }
    }

    func testASurveyAsksTheMembersOfItsOrganizationsAndTheLearnersOfItsGroups() async throws {
        try await withApp { api, services in
            let moderator = try await api.admin(roles: ["moderator"]).token
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100661", ogrn: "102380000661", email: "audience@college.ru",
                program: "Пожарная безопасность на производстве")
            let learner = try await api.learner("audience-learner@example.ru")
            let other = try await api.learner("audience-other@example.ru")
            try await ContestsAPITests.completed(services, learner: learner.id, program: college.programId)
            let group = try await services.db.rows("SELECT id::text FROM study_groups").first!.decode(String.self)
            let questions: [[String: Any]] = [
                ["questions": [["key": "useful", "kind": "scale", "text": "Полезно?", "required": true]]]
            ]
            let bad = try await api.post(
                "/api/v1/questionnaires",
                [
                    "title": "Опрос", "sections": questions,
                    "audienceOrganizationIds": [college.org.orgId, UUID().uuidString],
                ], token: moderator)
            XCTAssertEqual(bad.errorFields, ["audienceOrganizationIds[1]"], bad.text)

            func survey(_ title: String, _ audience: [String: Any]) async throws -> String {
                var body: [String: Any] = ["title": title, "sections": questions]
                body.merge(audience) { a, _ in a }
                let made = try await api.post("/api/v1/questionnaires", body, token: moderator)
                let id = try XCTUnwrap(made["id"] as? String, made.text)
                _ = try await api.call(
                    .put, "/api/v1/questionnaires/\(id)/status", json: ["status": "active"], token: moderator)
                return id
            }
            let staff = try await survey("Опрос сотрудников колледжа", ["audienceOrganizationIds": [college.org.orgId]])
            let graduates = try await survey("Опрос выпускников группы", ["audienceGroupIds": [group]])
            let titles = { (token: String) async throws -> [String] in
                try await api.get("/api/v1/me/surveys", token: token).items.compactMap { $0["title"] as? String }
            }
            try await XCTAssertEqualAsync(try await titles(college.org.token), ["Опрос сотрудников колледжа"])
            try await XCTAssertEqualAsync(try await titles(learner.token), ["Опрос выпускников группы"])
            try await XCTAssertEqualAsync(try await titles(other.token), [])
            let answer = ["answers": ["useful": 5]]
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/surveys/\(graduates)/responses", answer, token: other.token).status,
                .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/surveys/\(graduates)/responses", answer, token: learner.token).status,
                .created)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/surveys/\(staff)/responses", answer, token: learner.token).status,
                .notFound)
            let read = try await api.get("/api/v1/questionnaires/\(graduates)", token: moderator)
            XCTAssertEqual((read["audienceGroups"] as? [[String: Any]])?.first?["id"] as? String, group, read.text)
        }
    }
}
