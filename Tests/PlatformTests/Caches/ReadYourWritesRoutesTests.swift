import Platform
import XCTest

/// Only writes of data the training cache shows wait for its change notices; a login or a profile edit does not.
final class ReadYourWritesRoutesTests: XCTestCase {
    func testWritesOfCachedDataCatchUpAndOthersDoNot() async throws {
        let table = await routeTable(testConfiguration(database: "unused"))
        let waiting = Set(table.filter(\.catchesUp).map { "\($0.method.rawValue) \($0.path)" })
        for route in [
            "POST /api/v1/applications/{applicationId}/confirm", "POST /api/v1/programs/{programId}/applications",
            "PUT /api/v1/groups/{groupId}/gradebook/marks", "PATCH /api/v1/modules/{moduleId}/topics/{topicId}",
            "POST /api/v1/application-batches", "PATCH /api/v1/organizations/{orgId}",
            // a finished attempt and a test given to a group show in the journal
            "POST /api/v1/test-attempts/{attemptId}/finish", "PUT /api/v1/tests/{testId}/groups",
        ] {
            XCTAssertTrue(waiting.contains(route), route)
        }
        for route in [
            "POST /api/v1/auth/login", "PATCH /api/v1/me", "POST /api/v1/files", "GET /api/v1/applications",
            "POST /api/v1/organizations/{orgId}/rooms", "PUT /api/v1/admin/users/{id}/roles/{role}",
            // 500 learners answering at once do not each wait for a notice round trip
            "PUT /api/v1/test-attempts/{attemptId}/answers/{questionId}", "POST /api/v1/tests/{testId}/attempts",
        ] {
            XCTAssertFalse(waiting.contains(route), route)
        }
    }
}
