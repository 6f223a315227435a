import Foundation
import Platform
import XCTest

/// The status rules exist twice, as Swift properties and as SQL functions (migration 0019): they must agree.
final class ApplicationStatusRulesTests: XCTestCase {
    func testSwiftAndSQLSayTheSame() async throws {
        try await withApp { _, services in
            for status in ApplicationStatus.allCases {
                let (seat, list) = try await services.db.rows(
                    "SELECT holds_seat(\(status.rawValue)), in_group_list(\(status.rawValue))")[0].decode(
                        (Bool, Bool).self)
                XCTAssertEqual(seat, status.holdsSeat, status.rawValue)
                XCTAssertEqual(list, status.inGroupList, status.rawValue)
            }
        }
    }
}
