import Foundation
import HTTPTypes
import Platform
import XCTest

/// A college's developer account (registration, approval, developer role).
func developer(_ api: API, _ services: Services, inn: String, ogrn: String, email: String) async throws -> (
    orgId: String, token: String
) {
    let org = try await api.approvedOrganization(inn: Ids.inn10(inn), ogrn: Ids.ogrn13(ogrn), email: email)
    try await services.db.execute(
        "INSERT INTO user_roles (user_id, role) SELECT id, 'developer' FROM users WHERE email = \(email)")
    return (org.orgId, try await api.login(email))
}

final class ModulesAPITests: XCTestCase {

    func testDeveloperBuildsAModuleWhoseHoursComeFromLessons() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let dev = try await developer(
                api, services, inn: "381100051", ogrn: "102380000051", email: "dev@college.ru")
            let competency =
                try await api.get("/api/v1/directories/competencies?q=сварочные").items.first?["id"] as! String
            let created = try await api.post(
                "/api/v1/modules", ["name": "Ручная дуговая сварка", "competencyIds": [competency]], token: dev.token)
            XCTAssertEqual(created.status, .created, created.text)
            let id = created["id"] as! String
            // parameters are pre-filled from the competency
            let parameters = created["parameters"] as? [String: Any]
            XCTAssertEqual(
                parameters?["knowledge"] as? [String], ["Виды сварки", "Охрана труда при сварочных работах"])
            XCTAssertEqual(parameters?["roomTypes"] as? [String], ["workshop"])
            XCTAssertEqual(created["hours"] as? Int, 0)

            var module = try await api.post(
                "/api/v1/modules/\(id)/topics", ["name": "Основы сварочного производства"], token: dev.token)
            let topic = ((module["topics"] as? [[String: Any]])?.first?["id"]) as! String
            _ = try await api.post(
                "/api/v1/modules/\(id)/topics/\(topic)/lessons",
                ["name": "Виды сварки", "kind": "lecture", "hours": 2], token: dev.token)
            module = try await api.post(
                "/api/v1/modules/\(id)/topics/\(topic)/lessons",
                [
                    "name": "Сварка пластин", "kind": "practice", "hours": 4.5,
                    "materials": [["title": "Инструкция", "url": "https://copp.example/welding.pdf"]],
                ], token: dev.token)
            XCTAssertEqual(module["hours"] as? Double, 6.5)
            XCTAssertEqual((module["topics"] as? [[String: Any]])?.first?["hours"] as? Double, 6.5)
            XCTAssertEqual((module["hoursByKind"] as? [String: Any])?["practice"] as? Double, 4.5)

            let bad = try await api.post(
                "/api/v1/modules/\(id)/topics/\(topic)/lessons",
                [
                    "name": "", "kind": "party", "hours": 0, "materials": [["title": "x", "url": "ftp://x"]],
                ], token: dev.token)
            XCTAssertEqual(Set(bad.errorFields), ["name", "kind", "hours", "materials[0].url"])
            // hours cannot be typed: the field is simply not part of a module
            let typed = try await api.call(
                .patch, "/api/v1/modules/\(id)", json: ["hours": 100, "name": "Ручная дуговая сварка (РДС)"],
                token: dev.token)
            XCTAssertEqual(typed["hours"] as? Double, 6.5)

            let copy = try await api.post("/api/v1/modules/\(id)/copy", token: dev.token)
            XCTAssertEqual(copy.status, .created, copy.text)
            XCTAssertEqual(copy["name"] as? String, "Ручная дуговая сварка (РДС) (копия)")
            XCTAssertEqual(copy["hours"] as? Double, 6.5)

            let list = try await api.get("/api/v1/modules?q=сварка", token: dev.token)
            XCTAssertEqual(list.items.count, 2)
            let csv = try await api.get("/api/v1/modules?format=csv", token: dev.token)
            XCTAssertEqual(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 3)

            // lessons go, and the hours follow
            let lesson =
                (((module["topics"] as? [[String: Any]])?.first?["lessons"] as? [[String: Any]])?.first?["id"])
                as! String
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/modules/\(id)/topics/\(topic)/lessons/\(lesson)", token: dev.token)
                    .status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/modules/\(id)", token: dev.token)["hours"] as? Double, 4.5)
        }
    }

    func testOtherOrganizationsCannotSeeOrTouchModules() async throws {
        try await withApp { api, services in
            let a = try await developer(api, services, inn: "381100061", ogrn: "102380000061", email: "dev@a.ru")
            let b = try await developer(api, services, inn: "381100062", ogrn: "102380000062", email: "dev@b.ru")
            let module = try await api.post("/api/v1/modules", ["name": "Модуль A"], token: a.token)
            let id = module["id"] as! String
            try await XCTAssertEqualAsync(try await api.get("/api/v1/modules/\(id)", token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/modules/\(id)", json: ["name": "B"], token: b.token).status,
                .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/modules/\(id)/topics", ["name": "T"], token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/modules/\(id)/copy", token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/modules/\(id)", token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/modules", token: b.token).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/modules?organizationId=\(a.orgId)", token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/modules", ["name": "X", "organizationId": a.orgId], token: b.token).status,
                .notFound)
            // a learner may not build modules; a moderator reads them but does not edit
            let (_, learner) = try await api.learner()
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/modules", ["name": "X"], token: learner).status, .forbidden)
            let moderator = try await api.admin(roles: ["moderator"])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/modules/\(id)", token: moderator.token).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/modules/\(id)", json: ["name": "M"], token: moderator.token).status,
                .forbidden)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/modules").status, .unauthorized)
        }
    }
}
