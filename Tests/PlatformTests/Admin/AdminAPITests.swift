import Foundation
import HTTPTypes
import Platform
import XCTest

final class AdminAPITests: XCTestCase {
    static let adminRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/v1/admin/users"), (.post, "/api/v1/admin/users"), (.get, "/api/v1/admin/audit"),
        (.get, "/api/v1/admin/organizations?status=pending"),
        (.post, "/api/v1/admin/users/\(UUID())/block"), (.put, "/api/v1/admin/users/\(UUID())/roles/admin"),
    ]

    func testAnonymousAndLearnerAreKeptOut() async throws {
        try await withApp { api, _ in
            let (_, learner) = try await api.learner()
            for (method, path) in Self.adminRoutes {
                try await XCTAssertEqualAsync(
                    try await api.call(method, path, json: [String: Any]()).status, .unauthorized, path)
                try await XCTAssertEqualAsync(
                    try await api.call(method, path, json: [String: Any](), token: learner).status, .forbidden, path)
            }
        }
    }

    func testAdminManagesAnAccountFromCreationToRestore() async throws {
        try await withApp { api, _ in
            let admin = try await api.admin()
            let created = try await api.post(
                "/api/v1/admin/users",
                [
                    "email": "metodist@college.ru", "lastName": "Семёнова", "firstName": "Ирина",
                    "roles": ["copp_staff", "moderator"],
                ], token: admin.token)
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertNotNil(created.headers[.location])
            let id = created["id"] as! String
            XCTAssertEqual(created["roles"] as? [String], ["copp_staff", "moderator"])

            // the new person sets a password from the e-mailed link and can log in
            let link = try await api.linkToken(to: "metodist@college.ru", page: "set-password")
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/auth/password-reset/confirm", ["token": link, "newPassword": "Metodist2026"]
                ).status, .noContent)
            _ = try await api.login("metodist@college.ru", "Metodist2026")

            let badRole = try await api.post(
                "/api/v1/admin/users", ["email": "x@y.ru", "lastName": "X", "firstName": "Y", "roles": ["king"]],
                token: admin.token)
            XCTAssertEqual(badRole.errorFields, ["roles[0]"])

            // search folds case and ё/е; filters by role
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/admin/users?q=семенова", token: admin.token).items.count, 1)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/admin/users?role=copp_staff", token: admin.token).items.count, 1)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/admin/users?blocked=maybe", token: admin.token).errorFields, ["blocked"])

            // block → cannot log in, and a token already issued stops working at once; unblock → can log in again
            _ = try await api.login("metodist@college.ru", "Metodist2026")
            let blocked = try await api.post(
                "/api/v1/admin/users/\(id)/block", ["reason": "Увольнение"], token: admin.token)
            XCTAssertEqual(blocked["blocked"] as? Bool, true)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/login", ["email": "metodist@college.ru", "password": "Metodist2026"])
                    .code, "account_blocked")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/admin/users/\(id)/block", token: admin.token).status, .conflict)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/admin/users?blocked=true", token: admin.token).items.count, 1)
            _ = try await api.post("/api/v1/admin/users/\(id)/unblock", token: admin.token)

            // roles
            let granted = try await api.call(.put, "/api/v1/admin/users/\(id)/roles/expert", token: admin.token)
            XCTAssertEqual(granted["roles"] as? [String], ["copp_staff", "expert", "moderator"])
            let revoked = try await api.call(.delete, "/api/v1/admin/users/\(id)/roles/moderator", token: admin.token)
            XCTAssertEqual(revoked["roles"] as? [String], ["copp_staff", "expert"])
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/admin/users/\(admin.id)/roles/admin", token: admin.token).status,
                .conflict)

            // edit with a stale version is refused
            let current = try await api.get("/api/v1/admin/users/\(id)", token: admin.token)
            let edited = try await api.call(
                .patch, "/api/v1/admin/users/\(id)", json: ["lastName": "Семенова-Ким"], token: admin.token,
                headers: [.ifMatch: current.headers[.eTag] ?? ""])
            XCTAssertEqual(edited["lastName"] as? String, "Семенова-Ким")
            try await XCTAssertEqualAsync(
                try await api.call(
                    .patch, "/api/v1/admin/users/\(id)", json: ["lastName": "Х"], token: admin.token,
                    headers: [.ifMatch: current.headers[.eTag] ?? ""]
                ).status, .preconditionFailed)

            // soft delete hides, restore brings back
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/admin/users/\(id)", token: admin.token).status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/admin/users?q=metodist", token: admin.token).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/admin/users?q=metodist&deleted=true", token: admin.token).items.count, 1)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/login", ["email": "metodist@college.ru", "password": "Metodist2026"])
                    .status, .unauthorized)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/admin/users/\(id)/restore", token: admin.token)["deleted"] as? Bool, false)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/admin/users/\(admin.id)/block", token: admin.token).status, .conflict)

            // every change above is in the audit log, with before and after
            let audit = try await api.get("/api/v1/admin/audit?entityId=\(id)&limit=200", token: admin.token)
            let actions = audit.items.compactMap { $0["action"] as? String }
            for action in [
                "create", "block", "unblock", "grant_role", "revoke_role", "update", "delete", "restore",
                "password_reset",
            ] {
                XCTAssertTrue(actions.contains(action), "audit lacks \(action): \(actions)")
            }
            let update = audit.items.first { $0["action"] as? String == "update" }
            XCTAssertEqual((update?["before"] as? [String: Any])?["lastName"] as? String, "Семёнова")
            XCTAssertEqual((update?["after"] as? [String: Any])?["lastName"] as? String, "Семенова-Ким")
        }
    }

    func testUserListPagesWithoutGapsAndExportsCSV() async throws {
        try await withApp { api, _ in
            let admin = try await api.admin()
            for i in 0..<7 {
                _ = try await api.createUser(
                    email: "page\(i)@example.ru", roles: ["learner"], last: "Страничкин, \"\(i)\"")
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/admin/users?role=learner&limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await api.get(path, token: admin.token)
                XCTAssertEqual(page.status, .ok, page.text)
                seen += page.items.compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            XCTAssertEqual(seen.count, 7)
            XCTAssertEqual(Set(seen).count, 7)

            let csv = try await api.get(
                "/api/v1/admin/users?role=learner", token: admin.token, headers: [.accept: "text/csv"])
            XCTAssertEqual(csv.headers[.contentType], "text/csv; charset=utf-8")
            XCTAssertTrue(csv.text.hasPrefix("\u{FEFF}\"id\",\"email\","))
            let rows = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            XCTAssertEqual(rows.count, 8)  // header + 7, quoted commas and quotes do not split rows
            XCTAssertTrue(csv.text.contains("\"Страничкин, \"\"3\"\"\""))
        }
    }
}
