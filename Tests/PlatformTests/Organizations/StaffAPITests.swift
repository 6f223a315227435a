import Foundation
import HTTPTypes
import Platform
import XCTest

final class StaffAPITests: XCTestCase {
    func testOrganizationAdminManagesOwnStaffAndOutsidersSeeNothing() async throws {
        try await withApp { api, _ in
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100001"), ogrn: Ids.ogrn13("102380000001"), email: "head@college.ru")
            let factory = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100002"), ogrn: Ids.ogrn13("102380000002"), email: "hr@factory.ru")

            let added = try await api.post(
                "/api/v1/organizations/\(college.orgId)/staff",
                [
                    "email": "teacher@college.ru", "lastName": "Смирнов", "firstName": "Дмитрий",
                    "position": "Мастер п/о", "roles": ["teacher", "developer"],
                ], token: college.token)
            XCTAssertEqual(added.status, .created, added.text)
            let teacherId = added["userId"] as! String
            try await XCTAssertNotNilAsync(try await api.lastMail(to: "teacher@college.ru"))

            let wrongRole = try await api.post(
                "/api/v1/organizations/\(college.orgId)/staff",
                [
                    "email": "x@college.ru", "lastName": "X", "firstName": "Y", "roles": ["admin"],
                ], token: college.token)
            XCTAssertEqual(wrongRole.errorFields, ["roles[0]"])

            let list = try await api.get("/api/v1/organizations/\(college.orgId)/staff", token: college.token)
            XCTAssertEqual(
                Set(list.items.compactMap { $0["email"] as? String }), ["head@college.ru", "teacher@college.ru"])

            // another organization's admin: as if the organization did not exist
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations/\(college.orgId)/staff", token: factory.token).status,
                .notFound)
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/organizations/\(college.orgId)/staff",
                    [
                        "email": "spy@factory.ru", "lastName": "S", "firstName": "P", "roles": ["teacher"],
                    ], token: factory.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/organizations/\(college.orgId)/staff/\(teacherId)", token: factory.token
                ).status, .notFound)
            // a learner, and anonymous
            let (_, learner) = try await api.learner()
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations/\(college.orgId)/staff", token: learner).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations/\(college.orgId)/staff").status, .unauthorized)

            // a plain member sees but cannot change staff
            let link = try await api.linkToken(to: "teacher@college.ru", page: "set-password")
            _ = try await api.post(
                "/api/v1/auth/password-reset/confirm", ["token": link, "newPassword": "Мастер-2026-ИТМ"])
            let teacher = try await api.login("teacher@college.ru", "Мастер-2026-ИТМ")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations/\(college.orgId)/staff", token: teacher).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/organizations/\(college.orgId)/staff",
                    [
                        "email": "t2@college.ru", "lastName": "T", "firstName": "T", "roles": ["teacher"],
                    ], token: teacher
                ).status, .forbidden)

            // CSV of staff
            let csv = try await api.get("/api/v1/organizations/\(college.orgId)/staff?format=csv", token: college.token)
            XCTAssertEqual(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 3)

            // removal: the teacher goes, the only admin cannot
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/organizations/\(college.orgId)/staff/\(teacherId)", token: college.token
                ).status, .noContent)
            let me = try await api.get("/api/v1/me", token: college.token)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/organizations/\(college.orgId)/staff/\(me["id"] as! String)", token: college.token
                ).code, "last_admin")
        }
    }

    func testPendingOrganizationCannotAddStaff() async throws {
        try await withApp { api, _ in
            let r = try await api.post(
                "/api/v1/auth/register/organization",
                api.organizationBody(
                    inn: Ids.inn10("381100003"), ogrn: Ids.ogrn13("102380000003"), email: "wait@college.ru"))
            let orgId = r["organizationId"] as! String
            let token = try await api.linkToken(to: "wait@college.ru", page: "confirm-email")
            _ = try await api.post("/api/v1/auth/confirm-email", ["token": token])
            let access = try await api.login("wait@college.ru")
            // not yet a member in the token's eyes: the pending organization is invisible
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/organizations/\(orgId)/staff",
                    [
                        "email": "t@college.ru", "lastName": "T", "firstName": "T", "roles": ["teacher"],
                    ], token: access
                ).status, .notFound)
        }
    }
}
