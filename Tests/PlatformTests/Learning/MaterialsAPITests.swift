import Foundation
import HTTPTypes
import Platform
import XCTest

/// SPEC §10 learning materials: a teacher writes a material with links and files and attaches it to a topic of the
/// program's module; the program's learners read it; an expert of another organization approves it for the region's
/// library, where it is found by word forms; an edit takes it back out of the library until approved again.
final class MaterialsAPITests: XCTestCase {
    func testAMaterialIsAttachedToATopicReadByLearnersAndApprovedForTheLibrary() async throws {
        try await withApp { api, services in
            let c = try await TestsAPITests.classroom(api, services)
            let org = c.college.org.token

            // every bad field named, nothing stored
            let bad = try await api.post(
                "/api/v1/materials",
                [
                    "name": "", "visibility": "hidden", "summary": String(repeating: "я", count: 1001),
                    "materials": [["title": "Видео", "url": "javascript:alert(1)"]],
                ], token: org)
            XCTAssertEqual(Set(bad.errorFields), ["name", "visibility", "summary", "materials[0].url"], bad.text)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/materials", token: org).items.count, 0)

            let sheet = try await api.upload(bytes: Samples.pdf, filename: "режимы.pdf", token: org)
            let sheetId = sheet["id"] as! String
            let body: [String: Any] = [
                "name": "Режимы сварки низкоуглеродистых сталей",
                "summary": "Таблица режимов для электродов диаметром 2–5 мм.",
                "description": "Как выбрать силу тока по диаметру электрода и толщине металла.",
                "materials": [
                    ["title": "Видеоурок", "url": "https://video.example.ru/rezhimy"],
                    ["title": "Таблица режимов", "fileId": sheetId],
                ],
            ]
            let created = try await api.post("/api/v1/materials", body, token: org)
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertEqual(created["visibility"] as? String, "closed")
            XCTAssertEqual(created["expertise"] as? String, "none")
            let material = created["id"] as! String
            let found = try await api.get("/api/v1/materials?q=режим сварки&visibility=closed", token: org)
            XCTAssertEqual(found.items.compactMap { $0["id"] as? String }, [material], found.text)
            let csv = String(
                decoding: try await api.download("/api/v1/materials?format=csv", token: org).bytes, as: UTF8.self)
            XCTAssertTrue(csv.contains("Режимы сварки") && csv.contains("не направлялся"), csv)

            // attached to the topic of the program's module: the program's learners read it and its file
            let program = try await api.get("/api/v1/programs/\(c.college.programId)", token: org)
            let moduleId = try XCTUnwrap(
                (program["modules"] as? [[String: Any]])?.first?["id"] as? String
                    ?? (program["modules"] as? [[String: Any]])?.first?["moduleId"] as? String, program.text)
            let module = try await api.get("/api/v1/modules/\(moduleId)", token: org)
            let topic = try XCTUnwrap((module["topics"] as? [[String: Any]])?.first?["id"] as? String)
            let attachURL = "/api/v1/modules/\(moduleId)/topics/\(topic)/materials"
            try await XCTAssertEqualAsync(
                try await api.post(attachURL, ["materialId": UUID().uuidString], token: org).errorFields,
                ["materialId"])
            let attached = try await api.post(attachURL, ["materialId": material], token: org)
            let topicMaterials = (attached["topics"] as? [[String: Any]])?.first?["materials"] as? [[String: Any]]
            XCTAssertEqual(topicMaterials?.first?["id"] as? String, material, attached.text)

            let learner = c.learner.token
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/materials/\(material)", token: learner).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/files/\(sheetId)", token: learner).status, .ok)
            let mine = try await api.get("/api/v1/me/materials", token: learner)
            XCTAssertEqual(mine.items.first?["id"] as? String, material, mine.text)
            // somebody else: not a learner of the program, or nobody signed in
            let outsider = try await api.learner("outsider@example.ru", last: "Посторонняя")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/materials/\(material)", token: outsider.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/files/\(sheetId)", token: outsider.token).status, .notFound)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/materials/\(material)").status, .notFound)

            // expertise: sent by the author, decided by an expert of another organization (once)
            let sent = try await api.post("/api/v1/materials/\(material)/expertise", token: org)
            XCTAssertEqual(sent["expertise"] as? String, "pending", sent.text)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/materials/\(material)/expertise", token: org)["code"] as? String,
                "expertise_state")
            // an edit while it waits takes it back out of the queue: the expert judges what they see
            var edited = body
            edited["summary"] = "Таблица режимов для электродов диаметром 2–6 мм."
            let pulled = try await api.call(.put, "/api/v1/materials/\(material)", json: edited, token: org)
            XCTAssertEqual(pulled["expertise"] as? String, "none", pulled.text)
            let resent = try await api.post("/api/v1/materials/\(material)/expertise", token: org)
            XCTAssertEqual(resent["expertise"] as? String, "pending", resent.text)
            let expert = try await api.login("expert@copp.demo", "Demo2026pass")
            // the expert reads the material's file to judge it
            try await XCTAssertEqualAsync(try await api.download("/api/v1/files/\(sheetId)", token: expert).status, .ok)
            let queue = try await api.get("/api/v1/material-expertise", token: expert)
            XCTAssertEqual(queue.items.compactMap { $0["id"] as? String }, [material], queue.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/materials/\(material)", token: expert).status, .ok)
            let decideURL = "/api/v1/materials/\(material)/expertise"
            try await XCTAssertEqualAsync(
                try await api.call(.put, decideURL, json: ["approved": false], token: expert).errorFields, ["comment"])
            try await XCTAssertEqualAsync(
                try await api.call(.put, decideURL, json: ["approved": true], token: learner).status, .forbidden)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, decideURL, json: ["approved": true], token: expert, headers: [.ifMatch: "\"1\""]
                ).status, .preconditionFailed)
            let approved = try await api.call(
                .put, decideURL, json: ["approved": true, "comment": "Соответствует ГОСТ"], token: expert,
                headers: [.ifMatch: resent.headers[.eTag] ?? ""])
            XCTAssertEqual(approved["expertise"] as? String, "approved", approved.text)
            try await XCTAssertEqualAsync(
                try await api.call(.put, decideURL, json: ["approved": false, "comment": "нет"], token: expert)
                    .status, .conflict)

            // the library: a closed material is not in it; made public (same content) it is, for everybody
            try await XCTAssertEqualAsync(try await api.get("/api/v1/library?q=режимы").items.count, 0)
            var publicBody = edited
            publicBody["visibility"] = "public"
            let madePublic = try await api.call(.put, "/api/v1/materials/\(material)", json: publicBody, token: org)
            XCTAssertEqual(madePublic["expertise"] as? String, "approved", "a visibility change keeps the approval")
            let library = try await api.get("/api/v1/library?q=режимом сварки")
            XCTAssertEqual(library.items.compactMap { $0["id"] as? String }, [material], library.text)
            try await XCTAssertEqualAsync(try await api.download("/api/v1/files/\(sheetId)").status, .ok)
            // an edit of the content takes it out of the library until it is approved again
            publicBody["description"] = "Новая редакция без проверки."
            let unapproved = try await api.call(.put, "/api/v1/materials/\(material)", json: publicBody, token: org)
            XCTAssertEqual(unapproved["expertise"] as? String, "none", unapproved.text)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/library?q=режимы").items.count, 0)
        }
    }
}
