import Foundation
import HTTPTypes
import Platform
import XCTest

final class IdempotencyAPITests: XCTestCase {
    func testARepeatedKeyReturnsTheFirstResultAndCreatesOnce() async throws {
        try await withApp { api, services in
            let admin = try await api.admin()
            let body: [String: Any] = [
                "email": "once@copp.test", "lastName": "Однажды", "firstName": "Иван", "roles": ["copp_staff"],
            ]
            let key: HTTPFields = [.idempotencyKey: "create-once-1"]
            let first = try await api.post("/api/v1/admin/users", body, token: admin.token, headers: key)
            XCTAssertEqual(first.status, .created, first.text)
            let second = try await api.post("/api/v1/admin/users", body, token: admin.token, headers: key)
            XCTAssertEqual(second.status, .created, second.text)
            XCTAssertEqual(second["id"] as? String, first["id"] as? String)
            XCTAssertEqual(second.headers[.idempotentReplayed], "true")
            XCTAssertEqual(second.headers[.location], first.headers[.location])
            let count = try await services.db.rows("SELECT count(*)::int FROM users WHERE email = 'once@copp.test'")[0]
                .decode(Int.self)
            XCTAssertEqual(count, 1)

            var other = body
            other["email"] = "twice@copp.test"
            let reused = try await api.post("/api/v1/admin/users", other, token: admin.token, headers: key)
            XCTAssertEqual(reused.status, .unprocessableContent)
            XCTAssertEqual(reused.errorFields, ["Idempotency-Key"])

            // a failed request is not remembered: fixing it and retrying with the same key works
            let bad = try await api.post(
                "/api/v1/admin/users", ["email": "x"], token: admin.token, headers: [.idempotencyKey: "retry-1"])
            XCTAssertEqual(bad.status, .unprocessableContent)
            var fixed = body
            fixed["email"] = "fixed@copp.test"
            let good = try await api.post(
                "/api/v1/admin/users", fixed, token: admin.token, headers: [.idempotencyKey: "retry-1"])
            XCTAssertEqual(good.status, .created, good.text)
        }
    }
}
