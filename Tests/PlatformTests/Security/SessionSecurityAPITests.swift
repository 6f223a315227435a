import Foundation
import HTTPTypes
import Platform
import XCTest

/// Sessions and tokens: nothing replays one caller's tokens to another, limits hold under parallel attempts, and a
/// change of rights, a password change or a logout counts from the very next request.
final class SessionSecurityAPITests: XCTestCase {
    /// The victim refreshes with its cookie and an Idempotency-Key; a stranger without a cookie sends the same key.
    func testARefreshAnswerIsNeverReplayedToAnotherCaller() async throws {
        try await withApp { api, services in
            let email = "victim@example.ru"
            _ = try await api.learner(email)
            let login = try await api.post("/api/v1/auth/login", ["email": email, "password": API.password])
            let cookie = login.headers[.setCookie]!.split(separator: ";")[0]
            let key: HTTPFields = [.idempotencyKey: "k", .cookie: String(cookie)]
            let victim = try await api.post("/api/v1/auth/refresh", headers: key)
            XCTAssertEqual(victim.status, .ok, victim.text)
            let stranger = try await api.post("/api/v1/auth/refresh", headers: [.idempotencyKey: "k"])
            XCTAssertEqual(stranger.status, .unauthorized, stranger.text)
            XCTAssertNil(stranger["accessToken"])
            XCTAssertNil(stranger.headers[.idempotentReplayed])
            try await XCTAssertEqualAsync(
                try await services.db.rows("SELECT count(*)::int FROM idempotency_keys")[0].decode(Int.self), 0)
        }
    }

    /// Two administrators using the same key each get their own result.
    func testIdempotencyKeysBelongToTheirCaller() async throws {
        try await withApp { api, _ in
            let first = try await api.admin()
            let second = try await api.admin()
            let a = try await api.post(
                "/api/v1/directories/industries", ["code": "ind-a", "name": "А"], token: first.token,
                headers: [.idempotencyKey: "same"])
            let b = try await api.post(
                "/api/v1/directories/industries", ["code": "ind-b", "name": "Б"], token: second.token,
                headers: [.idempotencyKey: "same"])
            XCTAssertEqual(a.status, .created, a.text)
            XCTAssertEqual(b.status, .created, b.text)
            XCTAssertEqual(b["code"] as? String, "ind-b")
            XCTAssertNil(b.headers[.idempotentReplayed])
        }
    }

    /// 20 wrong passwords at once for one account: the limit of 10 holds (all 20 were checked before).
    func testParallelGuessesAreCountedOneByOne() async throws {
        try await withApp { api, _ in
            _ = try await api.createUser(email: "target@example.ru", roles: ["learner"])
            let replies = try await api.parallel(20, .post, "/api/v1/auth/login") { _ in
                ["email": "target@example.ru", "password": "wrong-\(UUID())"]
            }
            XCTAssertEqual(
                replies.filter { $0.status == .unauthorized }.count, 10, replies.map(\.status.code).description)
            XCTAssertEqual(replies.filter { $0.status == .tooManyRequests }.count, 10)
            XCTAssertNotNil(replies.first { $0.status == .tooManyRequests }?.headers[.retryAfter])
            // the right password is refused too while the account is locked
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/login", ["email": "target@example.ru", "password": API.password])
                    .status,
                .tooManyRequests)
        }
    }

    /// A role taken away and a removal from an organization's staff count for the token already in hand.
    func testRightsTakenAwayStopAtOnce() async throws {
        try await withApp { api, _ in
            let admin = try await api.admin()
            let staff = try await api.admin(roles: ["coordinator"])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/registries/enrollments", token: staff.token).status, .ok)
            let revoked = try await api.call(
                .delete, "/api/v1/admin/users/\(staff.id)/roles/coordinator", token: admin.token)
            XCTAssertEqual(revoked.status, .ok, revoked.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/registries/enrollments", token: staff.token).status, .forbidden)
            // and a role granted counts at once too, without a new token
            _ = try await api.call(.put, "/api/v1/admin/users/\(staff.id)/roles/coordinator", token: admin.token)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/registries/enrollments", token: staff.token).status, .ok)

            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100311"), ogrn: Ids.ogrn13("102380000311"), email: "head@rights.ru")
            let added = try await api.post(
                "/api/v1/organizations/\(college.orgId)/staff",
                [
                    "email": "deputy@rights.ru", "lastName": "Зам", "firstName": "Ольга", "roles": ["contractor"],
                    "level": "admin",
                ], token: college.token)
            XCTAssertEqual(added.status, .created, added.text)
            let link = try await api.linkToken(to: "deputy@rights.ru", page: "set-password")
            _ = try await api.post(
                "/api/v1/auth/password-reset/confirm", ["token": link, "newPassword": "Deputy2026x"])
            let deputy = try await api.login("deputy@rights.ru", "Deputy2026x")
            let edit = ["description": "Колледж готовит сварщиков и токарей."]
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/organizations/\(college.orgId)", json: edit, token: deputy).status,
                .ok)
            let removed = try await api.call(
                .delete, "/api/v1/organizations/\(college.orgId)/staff/\(added["userId"] as! String)",
                token: college.token)
            XCTAssertEqual(removed.status, .noContent, removed.text)
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/organizations/\(college.orgId)", json: edit, token: deputy).status,
                .notFound)
        }
    }

    /// The token in hand when the password changes stops at once, however close in time; the new one works.
    func testTheTokenOfTheSameSecondAsAPasswordChangeStops() async throws {
        try await withApp { api, _ in
            let (_, token) = try await api.learner("change@example.ru")
            let changed = try await api.post(
                "/api/v1/me/password", ["currentPassword": API.password, "newPassword": "Другой2026пароль"],
                token: token)
            XCTAssertEqual(changed.status, .noContent, changed.text)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me", token: token).status, .unauthorized)
            let fresh = try await api.login("change@example.ru", "Другой2026пароль")
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me", token: fresh).status, .ok)
        }
    }

    /// After logout the access token no longer works (before: until it expired, up to 15 minutes).
    func testLogoutEndsTheAccessTokenToo() async throws {
        try await withApp { api, _ in
            _ = try await api.learner("leaving@example.ru")
            let login = try await api.post(
                "/api/v1/auth/login", ["email": "leaving@example.ru", "password": API.password])
            let access = login["accessToken"] as! String
            let refresh = login["refreshToken"] as! String
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/logout", ["refreshToken": refresh], token: access).status, .noContent)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me", token: access).status, .unauthorized)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/refresh", ["refreshToken": refresh]).status, .unauthorized)
        }
    }
}
