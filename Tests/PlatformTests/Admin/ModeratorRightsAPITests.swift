import Foundation
import HTTPTypes
import Platform
import XCTest

/// Seed 000 gives the moderator all of moderation: directories, blocking accounts, organization approvals, the
/// region's applications and groups. Creating, editing, deleting accounts and granting roles stay with admins.
final class ModeratorRightsAPITests: XCTestCase {
    func testAModeratorKeepsDirectoriesAndBlocksPeopleButNotAdmins() async throws {
        try await withApp { api, _ in
            let moderator = try await api.admin(roles: ["moderator"])
            let admin = try await api.admin()
            let learner = try await api.learner("mod-target@example.ru")

            let added = try await api.post(
                "/api/v1/directories/tags", ["code": "mod_tag", "name": "Тег модератора"], token: moderator.token)
            XCTAssertEqual(added.status, .created, added.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/admin/users?q=mod-target", token: moderator.token).items.count, 1)
            let blocked = try await api.post(
                "/api/v1/admin/users/\(learner.id)/block", ["reason": "Спам в комментариях"], token: moderator.token)
            XCTAssertEqual(blocked["blocked"] as? Bool, true, blocked.text)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/admin/users/\(admin.id)/block", token: moderator.token).status, .forbidden)
            // the rest of account administration is the admin's
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/admin/users/\(learner.id)", token: moderator.token).status,
                .forbidden)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/admin/users/\(learner.id)/roles/moderator", token: moderator.token
                ).status, .forbidden)
        }
    }

    func testAModeratorWorksTheRegionsApplications() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100993", ogrn: "102380000993", email: "mod@college.ru", program: "Токарь")
            let learner = try await api.learner("mod-learner@example.ru")
            let application =
                try await api.post("/api/v1/programs/\(college.programId)/applications", token: learner.token)["id"]
                as! String
            let moderator = try await api.admin(roles: ["moderator"])
            let card = try await api.get("/api/v1/applications/\(application)", token: moderator.token)
            XCTAssertEqual(
                card["allowedActions"] as? [String], ["postpone", "cancel", "confirm", "waitlist"], card.text)
            let postponed = try await api.post(
                "/api/v1/applications/\(application)/postpone", ["until": "2027-03-01", "comment": "Ждём документы"],
                token: moderator.token)
            XCTAssertEqual(postponed["status"] as? String, "postponed", postponed.text)
        }
    }
}
