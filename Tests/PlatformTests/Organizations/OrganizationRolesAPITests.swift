import Foundation
import HTTPTypes
import Platform
import XCTest

/// Seed 000 §2: an organization's ticked roles (Заказчик / Подрядчик / Работодатель) decide what it may do, and they
/// change in its profile; the kind chosen at registration is only the first value.
final class OrganizationRolesAPITests: XCTestCase {
    func testTickedRolesDecideWhatAnOrganizationMayDo() async throws {
        try await withApp { api, _ in
            let factory = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100971"), ogrn: Ids.ogrn13("110380100971"),
                email: "roles-factory@example.ru")
            let staff = "/api/v1/organizations/\(factory.orgId)/staff"
            let teacher: [String: Any] = [
                "email": "roles-teacher@example.ru", "lastName": "Мастер", "firstName": "Иван", "roles": ["teacher"],
            ]

            // registered as an employer: no teachers, no programs
            try await XCTAssertEqualAsync(
                try await api.post(staff, teacher, token: factory.token).errorFields, ["roles[0]"])
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs", ["fullName": "Наша программа"], token: factory.token).status,
                .forbidden)

            // it ticks «Подрядчик» in its profile: the same people may now run training
            let profile = try await api.get("/api/v1/organizations/\(factory.orgId)", token: factory.token)
            let ticked = try await api.call(
                .patch, "/api/v1/organizations/\(factory.orgId)", json: ["roles": ["employer", "contractor"]],
                token: factory.token, headers: [.ifMatch: profile.headers[.eTag] ?? ""])
            XCTAssertEqual(ticked.status, .ok, ticked.text)
            try await XCTAssertEqualAsync(try await api.post(staff, teacher, token: factory.token).status, .created)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs", ["fullName": "Наша программа"], token: factory.token).status,
                .created, "its admin represents a contractor now")
            let me = try await api.get("/api/v1/me", token: factory.token)
            let membership = (me["organizations"] as? [[String: Any]])?.first
            XCTAssertEqual(membership?["roles"] as? [String], ["contractor", "employer"], me.text)

            // and when it unticks it, that stops
            let current = try await api.get("/api/v1/organizations/\(factory.orgId)", token: factory.token)
            _ = try await api.call(
                .patch, "/api/v1/organizations/\(factory.orgId)", json: ["roles": ["customer"]], token: factory.token,
                headers: [.ifMatch: current.headers[.eTag] ?? ""])
            let refused = try await api.post("/api/v1/modules", ["name": "Модуль"], token: factory.token)
            XCTAssertEqual(refused.status, .forbidden, refused.text)
            XCTAssertEqual(refused.code, "organization_role")
            XCTAssertTrue((refused["detail"] as? String ?? "").contains("«Подрядчик»"), refused.text)
        }
    }

    func testAContractorThatTicksEmployerSendsDevelopmentRequests() async throws {
        try await withApp { api, services in
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100981"), ogrn: Ids.ogrn13("110380100981"), email: "roles-college@example.ru")
            try await services.db.execute(
                """
                INSERT INTO user_roles (user_id, role) SELECT id, 'employer' FROM users
                WHERE email = 'roles-college@example.ru'
                """)
            let body: [String: Any] = [
                "kind": "employer_development", "title": "Программа для наших мастеров", "learnersCount": 5,
            ]
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/program-requests", body, token: college.token).errorFields,
                ["organizationId"], "a contractor alone orders nothing")
            let profile = try await api.get("/api/v1/organizations/\(college.orgId)", token: college.token)
            _ = try await api.call(
                .patch, "/api/v1/organizations/\(college.orgId)", json: ["roles": ["contractor", "employer"]],
                token: college.token, headers: [.ifMatch: profile.headers[.eTag] ?? ""])
            let sent = try await api.post("/api/v1/program-requests", body, token: college.token)
            XCTAssertEqual(sent.status, .created, sent.text)
        }
    }
}
