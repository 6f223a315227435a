import Foundation
import HTTPTypes
import Platform
import XCTest

/// Directory data the seeds prescribe: participant categories of seed 000 §9 and the legal length of program kinds.
final class SeedDirectoriesAPITests: XCTestCase {
    func testParticipantCategoriesAreTheSeedsInItsOrder() async throws {
        try await withApp { api, _ in
            let items = try await api.get("/api/v1/directories/participant_categories?limit=50").items
            XCTAssertEqual(
                Array(items.compactMap { $0["code"] as? String }.prefix(5)),
                ["teachers", "schoolchildren", "students", "employees", "pre_retirement"])
            XCTAssertEqual(
                Array(items.compactMap { $0["name"] as? String }.prefix(5)),
                [
                    "Педагогические работники", "Обучающиеся общеобразовательных организаций",
                    "Обучающиеся профессиональных образовательных организаций", "Работники организаций и предприятий",
                    "Лица старше 50 лет и предпенсионного возраста",
                ])
        }
    }

    func testProgramKindsCarryTheirLegalHoursAndOnlyAdminsAndModeratorsChangeThem() async throws {
        try await withApp { api, _ in
            let kinds = try await api.get("/api/v1/directories/program_kinds?limit=50").items
            func hours(_ code: String) -> [String: Any]? {
                kinds.first { $0["code"] as? String == code }?["details"] as? [String: Any]
            }
            XCTAssertEqual(hours("pk")?["minHours"] as? Int, 16)
            XCTAssertEqual(hours("pp")?["minHours"] as? Int, 250)
            XCTAssertEqual(hours("pk_16")?["maxHours"] as? Int, 71)
            let pk16 = kinds.first { $0["code"] as? String == "pk_16" }!["id"] as! String
            let admin = try await api.admin()
            let reversed = try await api.call(
                .patch, "/api/v1/directories/program_kinds/\(pk16)",
                json: ["details": ["minHours": 80, "maxHours": 20]],
                token: admin.token)
            XCTAssertEqual(reversed.errorFields, ["details.maxHours"], reversed.text)
            let renamed = try await api.call(
                .patch, "/api/v1/directories/program_kinds/\(pk16)", json: ["name": "ПК (16–71 ч)"], token: admin.token)
            XCTAssertEqual(
                (renamed["details"] as? [String: Any])?["maxHours"] as? Int, 71, "an edit without details keeps them")
            let widened = try await api.call(
                .patch, "/api/v1/directories/program_kinds/\(pk16)",
                json: ["details": ["minHours": 16, "maxHours": 99]],
                token: admin.token)
            XCTAssertEqual((widened["details"] as? [String: Any])?["maxHours"] as? Int, 99, widened.text)
            let studyForm = try await api.get("/api/v1/directories/study_forms?limit=1").items[0]["id"] as! String
            let none = try await api.call(
                .patch, "/api/v1/directories/study_forms/\(studyForm)", json: ["details": ["minHours": 1]],
                token: admin.token)
            XCTAssertEqual(none.errorFields, ["details"])
            let staff = try await api.admin(roles: ["copp_staff"])
            try await XCTAssertEqualAsync(
                try await api.call(
                    .patch, "/api/v1/directories/program_kinds/\(pk16)", json: ["details": ["minHours": 1]],
                    token: staff.token
                ).status, .forbidden)
        }
    }
}
