import Foundation
import HTTPTypes
import Platform
import XCTest

final class DirectoriesAPITests: XCTestCase {
    func testEveryoneReadsDirectoriesWithSearchPagesAndCSV() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let kinds = try await api.get("/api/v1/directories")
            XCTAssertEqual(kinds.items.count, DirectoryKind.allCases.count)
            XCTAssertEqual(kinds.items.first { $0["kind"] as? String == "study_forms" }?["count"] as? Int, 4)

            let forms = try await api.get("/api/v1/directories/study_forms")
            XCTAssertEqual(
                forms.items.compactMap { $0["name"] as? String }, ["Очная", "Очно-заочная", "Заочная", "Дистанционная"])

            // search folds case and ё/е
            let found = try await api.get("/api/v1/directories/professions?q=монтёр")
            XCTAssertEqual(found.items.count, 2, found.text)
            let industry =
                try await api.get("/api/v1/directories/industries?q=машиностроение").items.first?["id"] as? String ?? ""
            let mech = try await api.get("/api/v1/directories/professions?parentId=\(industry)&limit=200")
            XCTAssertEqual(mech.items.count, 6)

            var seen = Set<String>()
            var cursor: String?
            repeat {
                let page = try await api.get(
                    "/api/v1/directories/professions?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen.formUnion(page.items.compactMap { $0["id"] as? String })
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            let total = try await services.db.rows(
                "SELECT count(*)::int FROM directory_items WHERE kind = 'professions'")[0].decode(Int.self)
            XCTAssertEqual(seen.count, total)

            let csv = try await api.get("/api/v1/directories/competencies?format=csv")
            XCTAssertEqual(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 1 + 31)

            let priority = try await api.get("/api/v1/priority-competencies")
            XCTAssertEqual(priority.items.first?["name"] as? String, "Токарные работы на станках с ЧПУ")
            XCTAssertEqual(priority.items.compactMap { $0["priorityOrder"] as? Int }, Array(1...11))
            try await XCTAssertEqualAsync(try await api.get("/api/v1/directories/no_such_kind").status, .notFound)
        }
    }

    func testAdminEditsWithValidationAndNeverDeletesWhatIsInUse() async throws {
        try await withApp { api, _ in
            let admin = try await api.admin()
            let (_, learner) = try await api.learner()
            let body: [String: Any] = [
                "code": "robotics", "name": "Мобильная робототехника", "isPriority": true, "priorityOrder": 1,
                "details": [
                    "knowledge": ["Основы механики"], "skills": ["Программирование контроллеров"],
                    "roomTypes": ["workshop"], "equipmentTypes": ["pc"],
                ],
            ]
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/directories/competencies", body).status, .unauthorized)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/directories/competencies", body, token: learner).status, .forbidden)
            let created = try await api.post("/api/v1/directories/competencies", body, token: admin.token)
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertEqual((created["details"] as? [String: Any])?["roomTypes"] as? [String], ["workshop"])
            let id = created["id"] as! String

            let duplicate = try await api.post(
                "/api/v1/directories/competencies", ["code": "robotics", "name": "Другое"], token: admin.token)
            XCTAssertEqual(duplicate.status, .conflict)
            XCTAssertEqual(duplicate.errorFields, ["code"])

            let bad = try await api.post(
                "/api/v1/directories/competencies",
                [
                    "code": "bad code", "name": "", "details": ["roomTypes": ["spaceship"]],
                ], token: admin.token)
            XCTAssertEqual(Set(bad.errorFields), ["code", "name", "details.roomTypes[0]"])
            let wrongParent = try await api.post(
                "/api/v1/directories/professions", ["code": "x1", "name": "Профессия", "parentId": id],
                token: admin.token)
            XCTAssertEqual(wrongParent.errorFields, ["parentId"])

            // an item used by another cannot be deleted; deactivating hides it from active lists
            let workshop =
                try await api.get("/api/v1/directories/room_types?q=мастерская").items.first?["id"] as? String ?? ""
            let inUse = try await api.call(.delete, "/api/v1/directories/room_types/\(workshop)", token: admin.token)
            XCTAssertEqual(inUse.status, .conflict)
            XCTAssertTrue((inUse["detail"] as? String ?? "").contains("Мобильная робототехника"))
            XCTAssertEqual(inUse["allowedActions"] as? [String], ["deactivate"])

            let pk =
                try await api.get("/api/v1/directories/program_kinds?q=повышение квалификации&limit=1").items.first?[
                    "id"] as? String ?? ""
            let parentInUse = try await api.call(.delete, "/api/v1/directories/program_kinds/\(pk)", token: admin.token)
            XCTAssertEqual(parentInUse.status, .conflict, parentInUse.text)
            XCTAssertTrue((parentInUse["detail"] as? String ?? "").contains("вложенные элементы"))

            let current = try await api.get("/api/v1/directories/competencies/\(id)")
            let deactivated = try await api.call(
                .patch, "/api/v1/directories/competencies/\(id)", json: ["active": false], token: admin.token,
                headers: [.ifMatch: current.headers[.eTag] ?? ""])
            XCTAssertEqual(deactivated["active"] as? Bool, false)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .patch, "/api/v1/directories/competencies/\(id)", json: ["name": "X"], token: admin.token,
                    headers: [.ifMatch: current.headers[.eTag] ?? ""]
                ).status, .preconditionFailed)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/directories/competencies?active=true&q=робототехника").items.count, 0)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/priority-competencies").items.count, 0)

            // unused items can go; every change is audited
            let tag = try await api.post(
                "/api/v1/directories/tags", ["code": "new_tag", "name": "Новый тег"], token: admin.token)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/directories/tags/\(tag["id"] as! String)", token: admin.token)
                    .status, .noContent)
            let audit = try await api.get("/api/v1/admin/audit?entity=directory_item", token: admin.token)
            XCTAssertEqual(Set(audit.items.compactMap { $0["action"] as? String }), ["create", "update", "delete"])
        }
    }
}
