import Foundation
import HTTPTypes
import Platform
import XCTest

/// Seed 004 §1: people register themselves, then an operator attaches them to an organization — with their consent.
final class StaffInvitationsAPITests: XCTestCase {
    func testAnExistingAccountJoinsOnlyWhenItsOwnerAccepts() async throws {
        try await withApp { api, _ in
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100951"), ogrn: Ids.ogrn13("110380100951"), email: "inv-admin@example.ru")
            let other = try await api.approvedOrganization(
                inn: Ids.inn10("381100952"), ogrn: Ids.ogrn13("110380100952"), email: "inv-other@example.ru")
            let person = try await api.learner("inv-person@example.ru", last: "Петрова")
            let staffPath = "/api/v1/organizations/\(college.orgId)/staff"

            let invited = try await api.post(
                staffPath, ["email": "Inv-Person@example.ru", "roles": ["teacher"], "position": "Мастер п/о"],
                token: college.token)
            XCTAssertEqual(invited.status, .accepted, invited.text)
            XCTAssertEqual(invited["name"] as? String, "Петрова Анна")
            let id = invited["id"] as! String
            try await XCTAssertEqualAsync(
                try await api.get(staffPath, token: college.token).items.contains {
                    $0["email"] as? String == "inv-person@example.ru"
                }, false, "not a member before consent")
            let mine = try await api.get("/api/v1/me/staff-invitations", token: person.token)
            XCTAssertEqual(mine.items.map { $0["id"] as? String }, [id])
            let name = try await api.get("/api/v1/organizations/\(college.orgId)")["shortName"] as? String ?? ""
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/messages", token: person.token).items.first?["subject"] as? String,
                "Приглашение в организацию «\(name)»")

            // nobody else answers it; the other organization neither sees nor withdraws it
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/me/staff-invitations/\(id)/accept", token: other.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get(
                    "/api/v1/organizations/\(college.orgId)/staff-invitations", token: other.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/organizations/\(other.orgId)/staff-invitations/\(id)", token: other.token
                ).status, .notFound)

            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/me/staff-invitations/\(id)/accept", token: person.token).status,
                .noContent)
            let member = try await api.get(staffPath, token: college.token).items.first {
                $0["email"] as? String == "inv-person@example.ru"
            }
            XCTAssertEqual(member?["roles"] as? [String], ["learner", "teacher"], "the learner role stays")
            XCTAssertEqual(member?["position"] as? String, "Мастер п/о")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/me/staff-invitations/\(id)/accept", token: person.token).status,
                .notFound, "an answered invitation is closed")
            let again = try await api.post(
                staffPath, ["email": "inv-person@example.ru", "roles": ["teacher"]], token: college.token)
            XCTAssertEqual(again.status, .conflict, again.text)
        }
    }

    func testAnInvitationCanBeDeclinedOrWithdrawn() async throws {
        try await withApp { api, _ in
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100961"), ogrn: Ids.ogrn13("110380100961"), email: "inv2-admin@example.ru")
            let first = try await api.learner("inv2-first@example.ru")
            let second = try await api.learner("inv2-second@example.ru")
            let path = "/api/v1/organizations/\(college.orgId)/staff"
            let a = try await api.post(
                path, ["email": "inv2-first@example.ru", "roles": ["teacher"]], token: college.token)
            let b = try await api.post(
                path, ["email": "inv2-second@example.ru", "roles": ["expert"]], token: college.token)
            let open = try await api.get(
                "/api/v1/organizations/\(college.orgId)/staff-invitations", token: college.token)
            XCTAssertEqual(open.items.count, 2, open.text)

            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/me/staff-invitations/\(a["id"] as! String)/decline", token: first.token
                ).status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/organizations/\(college.orgId)/staff-invitations/\(b["id"] as! String)",
                    token: college.token
                ).status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/me/staff-invitations/\(b["id"] as! String)/accept", token: second.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get(
                    "/api/v1/organizations/\(college.orgId)/staff-invitations", token: college.token
                ).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/messages", token: college.token).items.first?["subject"] as? String,
                "Приглашение отклонено")
            // a role the organization may not give is named, as for a new account
            let wrong = try await api.post(
                path, ["email": "inv2-first@example.ru", "roles": ["admin"]], token: college.token)
            XCTAssertEqual(wrong.errorFields, ["roles[0]"], wrong.text)
        }
    }
}
