import Foundation
import HTTPTypes
import Platform
import XCTest

final class RegistrationAPITests: XCTestCase {
    func testLearnerRegistersConfirmsAndSeesOwnProfile() async throws {
        try await withApp { api, _ in
            let email = "anna.ivanova@example.ru"
            let r = try await api.post(
                "/api/v1/auth/register/learner",
                [
                    "email": "Anna.Ivanova@Example.ru", "password": API.password, "lastName": "Иванова",
                    "firstName": "Анна",
                    "middleName": "Сергеевна", "phone": "+7 (914) 123-45-67", "birthDate": "1999-04-12",
                    "snils": "112-233-445 95",
                    "personalDataConsent": true,
                ])
            XCTAssertEqual(r.status, .created, r.text)
            XCTAssertEqual(r["email"] as? String, email)
            XCTAssertEqual(r["snils"] as? String, "11223344595")
            XCTAssertEqual(r["emailConfirmed"] as? Bool, false)

            let early = try await api.post("/api/v1/auth/login", ["email": email, "password": API.password])
            XCTAssertEqual(early.status, .forbidden)
            XCTAssertEqual(early.code, "email_not_confirmed")

            let token = try await api.linkToken(to: email, page: "confirm-email")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/auth/confirm-email", ["token": token]).status, .noContent)
            let reused = try await api.post("/api/v1/auth/confirm-email", ["token": token])
            XCTAssertEqual(reused.status, .unprocessableContent)
            XCTAssertEqual(reused.errorFields, ["token"])

            let access = try await api.login(email)
            let me = try await api.get("/api/v1/me", token: access)
            XCTAssertEqual(me.status, .ok)
            XCTAssertEqual(me["roles"] as? [String], ["learner"])
            XCTAssertEqual(me["emailConfirmed"] as? Bool, true)
        }
    }

    func testDuplicateEmailIsAConflictNamingEmail() async throws {
        try await withApp { api, _ in
            let body: [String: Any] = [
                "email": "dup@example.ru", "password": API.password, "lastName": "А", "firstName": "Б",
                "personalDataConsent": true,
            ]
            try await XCTAssertEqualAsync(try await api.post("/api/v1/auth/register/learner", body).status, .created)
            var upper = body
            upper["email"] = "DUP@example.ru"
            let r = try await api.post("/api/v1/auth/register/learner", upper)
            XCTAssertEqual(r.status, .conflict)
            XCTAssertEqual(r.errorFields, ["email"])
            XCTAssertEqual(r.headers[.contentType], "application/problem+json; charset=utf-8")
        }
    }

    func testEveryInvalidFieldIsListedAndNothingIsStored() async throws {
        try await withApp { api, services in
            let r = try await api.post(
                "/api/v1/auth/register/learner",
                [
                    "email": "bad", "password": "123", "lastName": "", "firstName": "Анна", "snils": "112-233-445 96",
                    "birthDate": "2099-01-01",
                ])
            XCTAssertEqual(r.status, .unprocessableContent)
            XCTAssertEqual(
                Set(r.errorFields), ["email", "password", "lastName", "snils", "birthDate", "personalDataConsent"])
            let count = try await services.db.rows("SELECT count(*)::int FROM users")[0].decode(Int.self)
            XCTAssertEqual(count, 0)
        }
    }

    func testMalformedOversizedAndMistypedBodies() async throws {
        try await withApp { api, _ in
            let malformed = try await api.call(.post, "/api/v1/auth/register/learner", raw: "{\"email\": ")
            XCTAssertEqual(malformed.status, .badRequest)
            XCTAssertEqual(malformed.code, "malformed")
            let mistyped = try await api.call(.post, "/api/v1/auth/register/learner", raw: "{\"email\": 5}")
            XCTAssertEqual(mistyped.status, .badRequest)
            XCTAssertTrue((mistyped["detail"] as? String ?? "").contains("email"), mistyped.text)
            let huge = "{\"email\":\"" + String(repeating: "a", count: 2 << 20) + "\"}"
            try await XCTAssertEqualAsync(
                try await api.call(.post, "/api/v1/auth/register/learner", raw: huge).status, .contentTooLarge)
            let xml = try await api.call(
                .post, "/api/v1/auth/login", raw: "<a/>", headers: [.contentType: "application/xml"])
            XCTAssertEqual(xml.status, .unsupportedMediaType)
        }
    }

    func testOrganizationRegistrationValidatesRequisites() async throws {
        try await withApp { api, _ in
            var body = api.organizationBody(inn: "7707083894", ogrn: "1027700132196", email: "boss@example.ru")
            var org = body["organization"] as! [String: Any]
            org["kpp"] = "12"
            body["organization"] = org
            let r = try await api.post("/api/v1/auth/register/organization", body)
            XCTAssertEqual(r.status, .unprocessableContent)
            XCTAssertEqual(Set(r.errorFields), ["organization.inn", "organization.ogrn", "organization.kpp"])
        }
    }

    func testOrganizationIsPendingUntilApprovedAndApplicantIsTold() async throws {
        try await withApp { api, _ in
            let inn = Ids.inn10(Ids.randomBase9)
            let ogrn = Ids.ogrn13(Ids.randomBase12)
            let moderator = try await api.admin(roles: ["moderator"])
            let r = try await api.post(
                "/api/v1/auth/register/organization",
                api.organizationBody(kind: "employer", inn: inn, ogrn: ogrn, email: "hr@zavod.ru"))
            XCTAssertEqual(r.status, .created, r.text)
            XCTAssertEqual(r["organizationStatus"] as? String, "pending")
            let orgId = r["organizationId"] as? String ?? ""

            // the moderator is told, by inbox and e-mail
            let inbox = try await api.get("/api/v1/me/messages", token: moderator.token)
            XCTAssertEqual(inbox.items.first?["subject"] as? String, "Новая организация ожидает проверки")

            // the same INN again is a conflict naming organization.inn
            let again = try await api.post(
                "/api/v1/auth/register/organization",
                api.organizationBody(inn: inn, ogrn: ogrn, email: "other@zavod.ru"))
            XCTAssertEqual(again.status, .conflict)
            XCTAssertEqual(again.errorFields, ["organization.inn"])

            let pending = try await api.get("/api/v1/admin/organizations?status=pending", token: moderator.token)
            XCTAssertEqual(
                pending.items.compactMap { $0["id"] as? String }.map { $0.lowercased() }, [orgId.lowercased()])

            // its account confirms and logs in, but carries no organization rights yet
            let token = try await api.linkToken(to: "hr@zavod.ru", page: "confirm-email")
            _ = try await api.post("/api/v1/auth/confirm-email", ["token": token])
            let access = try await api.login("hr@zavod.ru")
            let me = try await api.get("/api/v1/me", token: access)
            XCTAssertEqual((me["organizations"] as? [[String: Any]])?.first?["status"] as? String, "pending")

            let noComment = try await api.post(
                "/api/v1/admin/organizations/\(orgId)/reject", ["comment": " "], token: moderator.token)
            XCTAssertEqual(noComment.errorFields, ["comment"])
            let approve = try await api.post("/api/v1/admin/organizations/\(orgId)/approve", token: moderator.token)
            XCTAssertEqual(approve["status"] as? String, "approved")
            let twice = try await api.post("/api/v1/admin/organizations/\(orgId)/approve", token: moderator.token)
            XCTAssertEqual(twice.status, .conflict)

            let mail = try await api.lastMail(to: "hr@zavod.ru")
            XCTAssertEqual(mail?.subject, "Организация одобрена")
            let messages = try await api.get("/api/v1/me/messages", token: access)
            XCTAssertEqual(messages.items.first?["subject"] as? String, "Организация одобрена")
        }
    }
}
