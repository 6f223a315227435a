import Foundation
import HTTPTypes
import Platform
import XCTest

final class SessionAPITests: XCTestCase {
    func testRefreshRotatesAndAReplayedTokenRevokesTheFamily() async throws {
        try await withApp { api, _ in
            let (_, _) = try await api.learner("rotate@example.ru")
            let login = try await api.post(
                "/api/v1/auth/login", ["email": "rotate@example.ru", "password": API.password])
            XCTAssertEqual(login["tokenType"] as? String, "Bearer")
            XCTAssertEqual(login["expiresIn"] as? Int, 900)
            XCTAssertTrue((login.headers[.setCookie] ?? "").contains("HttpOnly"))
            let first = login["refreshToken"] as! String
            let second = try await api.post("/api/v1/auth/refresh", ["refreshToken": first])
            XCTAssertEqual(second.status, .ok)
            let newer = second["refreshToken"] as! String
            XCTAssertNotEqual(newer, first)
            // the spent token is refused, and its replay also kills the newer one (it may have leaked)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/refresh", ["refreshToken": first]).status, .unauthorized)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/refresh", ["refreshToken": newer]).status, .unauthorized)
        }
    }

    func testLogoutRevokesTheRefreshToken() async throws {
        try await withApp { api, _ in
            try await api.learner("bye@example.ru")
            let login = try await api.post("/api/v1/auth/login", ["email": "bye@example.ru", "password": API.password])
            let refresh = login["refreshToken"] as! String
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/logout", ["refreshToken": refresh]).status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/refresh", ["refreshToken": refresh]).status, .unauthorized)
        }
    }

    func testPasswordResetByEmailedLink() async throws {
        try await withApp { api, _ in
            try await api.learner("forgot@example.ru")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/password-reset/request", ["email": "nobody@example.ru"]).status,
                .accepted)
            try await XCTAssertNilAsync(try await api.lastMail(to: "nobody@example.ru"))
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/password-reset/request", ["email": "forgot@example.ru"]).status,
                .accepted)
            let token = try await api.linkToken(to: "forgot@example.ru", page: "reset-password")
            let weak = try await api.post(
                "/api/v1/auth/password-reset/confirm", ["token": token, "newPassword": "short"])
            XCTAssertEqual(weak.errorFields, ["newPassword"])
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/auth/password-reset/confirm", ["token": token, "newPassword": "NewSecret456"]
                ).status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/auth/password-reset/confirm", ["token": token, "newPassword": "Another789x"]
                ).status, .unprocessableContent)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/login", ["email": "forgot@example.ru", "password": API.password])
                    .status, .unauthorized)
            _ = try await api.login("forgot@example.ru", "NewSecret456")
        }
    }

    func testChangePasswordNeedsTheCurrentOne() async throws {
        try await withApp { api, services in
            let (_, token) = try await api.learner("change@example.ru")
            let wrong = try await api.post(
                "/api/v1/me/password", ["currentPassword": "nope", "newPassword": "Fresh12345"], token: token)
            XCTAssertEqual(wrong.errorFields, ["currentPassword"])
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/me/password", ["currentPassword": API.password, "newPassword": "Fresh12345"], token: token
                ).status, .noContent)
            _ = try await api.login("change@example.ru", "Fresh12345")
        }
    }

    func testLoginFailuresAreLimitedPerAccount() async throws {
        try await withApp { api, _ in
            try await api.learner("target@example.ru")
            for _ in 0..<10 {
                let r = try await api.post(
                    "/api/v1/auth/login", ["email": "target@example.ru", "password": "wrong-password1"])
                XCTAssertEqual(r.status, .unauthorized)
            }
            let limited = try await api.post(
                "/api/v1/auth/login", ["email": "target@example.ru", "password": API.password])
            XCTAssertEqual(limited.status, .tooManyRequests)
            let retry = Int(limited.headers[.retryAfter] ?? "") ?? 0
            XCTAssertTrue((1...900).contains(retry), "Retry-After \(retry)")
        }
    }

    func testForgedTokensAreUnauthorized() async throws {
        try await withApp { api, services in
            let (id, token) = try await api.learner("victim@example.ru")
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me", token: token).status, .ok)
            let identity = Identity(userId: UUID(uuidString: id)!, roles: [.learner], orgs: [])
            for forged in try await Forgery.all(of: token, secret: services.configuration.jwtSecret, identity: identity)
            {
                let r = try await api.get("/api/v1/me", token: forged.token)
                XCTAssertEqual(r.status, .unauthorized, forged.name)
                XCTAssertEqual(r.headers[.wwwAuthenticate], "Bearer")
            }
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me").status, .unauthorized)
        }
    }

    func testProfileEditHonoursIfMatch() async throws {
        try await withApp { api, _ in
            let (_, token) = try await api.learner("edit@example.ru")
            let me = try await api.get("/api/v1/me", token: token)
            let etag = me.headers[.eTag] ?? ""
            let ok = try await api.call(
                .patch, "/api/v1/me", json: ["phone": "+7 914 000-00-00", "middleName": "Петровна"], token: token,
                headers: [.ifMatch: etag])
            XCTAssertEqual(ok.status, .ok, ok.text)
            XCTAssertEqual(ok["middleName"] as? String, "Петровна")
            let stale = try await api.call(
                .patch, "/api/v1/me", json: ["phone": "+7 914 111-11-11"], token: token, headers: [.ifMatch: etag])
            XCTAssertEqual(stale.status, .preconditionFailed)
            let bad = try await api.call(.patch, "/api/v1/me", json: ["snils": "123"], token: token)
            XCTAssertEqual(bad.errorFields, ["snils"])
        }
    }

    func testInboxBelongsToItsOwner() async throws {
        try await withApp { api, services in
            let (aliceId, alice) = try await api.learner("alice@example.ru")
            let (_, bob) = try await api.learner("bob@example.ru")
            try await services.db.execute(
                "INSERT INTO messages (user_id, subject, body) VALUES (\(aliceId)::uuid, 'Заявка принята', 'Текст')")
            let list = try await api.get("/api/v1/me/messages", token: alice)
            XCTAssertEqual(list["unread"] as? Int, 1)
            let id = list.items.first?["id"] as? String ?? ""
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/me/messages/\(id)/read", token: bob).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/me/messages/\(id)/read", token: alice).status, .noContent)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me/messages", token: alice)["unread"] as? Int, 0)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me/messages", token: bob).items.count, 0)
        }
    }
}
