import Foundation
import HTTPTypes
import Platform
import XCTest

/// A program's life after the wizard (seed 000 «Виды ролей», §5; seed 002 App.4 §3.4): teachers author programs,
/// drafts can be deleted, a published program changes only through a moderated new version, archived ones come back.
final class ProgramLifecycleAPITests: XCTestCase {
    /// A member of `orgId` with `role`, logged in.
    static func member(_ api: API, _ services: Services, orgId: String, role: String, email: String) async throws
        -> String
    {
        let id = try await api.createUser(email: email, roles: [role])
        let (user, org) = (UUID(uuidString: id)!, UUID(uuidString: orgId)!)
        try await services.db.execute("INSERT INTO memberships (user_id, org_id) VALUES (\(user), \(org))")
        return try await api.login(email)
    }

    /// A program ready for moderation: kind, form, description, a module of 20 hours.
    static func completeDraft(_ api: API, token: String, name: String) async throws -> String {
        let kind = try await api.get("/api/v1/directories/program_kinds?q=повышение&limit=1").items[0]["id"] as! String
        let form = try await api.get("/api/v1/directories/study_forms?q=очная&limit=1").items[0]["id"] as! String
        let module = try await api.post("/api/v1/modules", ["name": "Модуль \(name)"], token: token)["id"] as! String
        let topic =
            (try await api.post("/api/v1/modules/\(module)/topics", ["name": "Тема"], token: token)["topics"]
            as! [[String: Any]])[0]["id"] as! String
        _ = try await api.post(
            "/api/v1/modules/\(module)/topics/\(topic)/lessons", ["name": "Практика", "kind": "practice", "hours": 20],
            token: token)
        let created = try await api.post(
            "/api/v1/programs",
            [
                "fullName": name, "kindId": kind, "studyFormId": form, "studyMode": "no_release", "funding": "free",
                "description": String(repeating: "Программа для тех, кто работает на производстве. ", count: 3),
            ], token: token)
        XCTAssertEqual(created.status, .created, created.text)
        let id = created["id"] as! String
        _ = try await api.call(.put, "/api/v1/programs/\(id)/modules", json: ["moduleIds": [module]], token: token)
        return id
    }

    func testTeachersAuthorProgramsOfTheirOwnOrganization() async throws {
        try await withApp { api, services in
            let a = try await api.approvedOrganization(
                inn: Ids.inn10("381100911"), ogrn: Ids.ogrn13("110380100911"), email: "life-a@example.ru")
            let b = try await api.approvedOrganization(
                inn: Ids.inn10("381100912"), ogrn: Ids.ogrn13("110380100912"), email: "life-b@example.ru")
            let teacher = try await Self.member(
                api, services, orgId: a.orgId, role: "teacher", email: "teach-a@example.ru")
            let foreign = try await Self.member(
                api, services, orgId: b.orgId, role: "teacher", email: "teach-b@example.ru")
            let created = try await api.post("/api/v1/programs", ["fullName": "Программа учителя"], token: teacher)
            XCTAssertEqual(created.status, .created, created.text)
            let id = created["id"] as! String
            let edited = try await api.call(
                .patch, "/api/v1/programs/\(id)", json: ["studyMode": "partial_release"], token: teacher)
            XCTAssertEqual(edited["studyMode"] as? String, "partial_release", edited.text)
            let wrongMode = try await api.call(
                .patch, "/api/v1/programs/\(id)", json: ["studyMode": "evenings"], token: teacher)
            XCTAssertEqual(wrongMode.errorFields, ["studyMode"])
            try await XCTAssertEqualAsync(try await api.get("/api/v1/programs/\(id)", token: foreign).status, .notFound)
            let learner = try await api.learner("life-learner@example.ru")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs", ["fullName": "Нет"], token: learner.token).status, .forbidden)
        }
    }

    func testADraftIsDeletedByItsAuthorsOnlyAndAPublishedOneIsKept() async throws {
        try await withApp { api, services in
            let a = try await api.approvedOrganization(
                inn: Ids.inn10("381100921"), ogrn: Ids.ogrn13("110380100921"), email: "del-a@example.ru")
            let b = try await api.approvedOrganization(
                inn: Ids.inn10("381100922"), ogrn: Ids.ogrn13("110380100922"), email: "del-b@example.ru")
            let author = try await Self.member(
                api, services, orgId: a.orgId, role: "developer", email: "del-dev@example.ru")
            let stranger = try await Self.member(
                api, services, orgId: b.orgId, role: "developer", email: "del-x@example.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let draft = try await api.post("/api/v1/programs", ["fullName": "Черновик"], token: author)["id"] as! String
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/programs/\(draft)", token: stranger).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/programs/\(draft)", token: moderator.token).status, .conflict)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/programs/\(draft)", token: author).status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/programs/\(draft)", token: author).status, .notFound)

            let published = try await Self.completeDraft(api, token: author, name: "Опубликованная программа")
            _ = try await api.post("/api/v1/programs/\(published)/submit", token: author)
            _ = try await api.post("/api/v1/programs/\(published)/publish", token: moderator.token)
            let kept = try await api.call(.delete, "/api/v1/programs/\(published)", token: author)
            XCTAssertEqual(kept.status, .conflict, kept.text)
            XCTAssertEqual(kept.code, "not_deletable")
        }
    }

    func testAPublishedProgramChangesOnlyThroughAModeratedNewVersion() async throws {
        try await withApp { api, services in
            let a = try await api.approvedOrganization(
                inn: Ids.inn10("381100931"), ogrn: Ids.ogrn13("110380100931"), email: "ver-a@example.ru")
            let author = try await Self.member(
                api, services, orgId: a.orgId, role: "teacher", email: "ver-t@example.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let id = try await Self.completeDraft(api, token: author, name: "Сварка трубопроводов")
            _ = try await api.post("/api/v1/programs/\(id)/submit", token: author)
            _ = try await api.post("/api/v1/programs/\(id)/publish", token: moderator.token)

            let revised = try await api.post("/api/v1/programs/\(id)/revise", token: author)
            XCTAssertEqual(revised.status, .created, revised.text)
            XCTAssertEqual(revised["revisionOf"] as? String, id)
            XCTAssertEqual(revised["status"] as? String, "draft")
            XCTAssertEqual((revised["modules"] as? [[String: Any]])?.count, 1, "the new version keeps the modules")
            let version = revised["id"] as! String
            let again = try await api.post("/api/v1/programs/\(id)/revise", token: author)
            XCTAssertEqual(again.status, .conflict, again.text)
            let original = try await api.get("/api/v1/programs/\(id)", token: author)
            XCTAssertEqual((original["newVersion"] as? [String: Any])?["id"] as? String, version)

            // the new version is edited and moderated while the catalog keeps showing the published text
            _ = try await api.call(
                .patch, "/api/v1/programs/\(version)", json: ["fullName": "Сварка трубопроводов (2027)"], token: author)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/catalog/programs/\(id)")["fullName"] as? String, "Сварка трубопроводов")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs/\(version)/submit", token: author).status, .ok)
            let live = try await api.post("/api/v1/programs/\(version)/publish", token: moderator.token)
            XCTAssertEqual(live.status, .ok, live.text)
            XCTAssertEqual(live["id"] as? String, id, "the published program keeps its id")
            XCTAssertEqual(live["fullName"] as? String, "Сварка трубопроводов (2027)")
            XCTAssertTrue(live["newVersion"] is NSNull)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/catalog/programs/\(id)")["fullName"] as? String,
                "Сварка трубопроводов (2027)")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/programs/\(version)", token: author).status, .notFound)
            let steps = try await api.get("/api/v1/programs/\(id)/comments", token: author).items
                .compactMap { $0["toStatus"] as? String }
            XCTAssertEqual(steps, ["moderation", "published", "published", "moderation", "published"])
        }
    }

    func testAnArchivedProgramComesBackAsADraft() async throws {
        try await withApp { api, services in
            let a = try await api.approvedOrganization(
                inn: Ids.inn10("381100941"), ogrn: Ids.ogrn13("110380100941"), email: "arc-a@example.ru")
            let author = try await Self.member(
                api, services, orgId: a.orgId, role: "developer", email: "arc-d@example.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let id = try await Self.completeDraft(api, token: author, name: "Архивная программа")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs/\(id)/restore", token: author).status, .conflict)
            _ = try await api.post("/api/v1/programs/\(id)/submit", token: author)
            _ = try await api.post("/api/v1/programs/\(id)/publish", token: moderator.token)
            _ = try await api.post("/api/v1/programs/\(id)/archive", token: author)
            let restored = try await api.post("/api/v1/programs/\(id)/restore", token: author)
            XCTAssertEqual(restored["status"] as? String, "draft", restored.text)
            let kept = try await api.call(.delete, "/api/v1/programs/\(id)", token: author)
            XCTAssertEqual(kept.status, .conflict, "a program once published is not deleted: \(kept.text)")
            XCTAssertTrue((kept["detail"] as? String ?? "").contains("публиковалась"), kept.text)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/catalog/programs/\(id)").status, .notFound)
        }
    }
}
