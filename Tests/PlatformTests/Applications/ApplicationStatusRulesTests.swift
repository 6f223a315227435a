import Foundation
import Platform
import XCTest

/// The status rules exist twice, as Swift properties and as SQL functions (migrations 0019, 0027): they must agree.
final class ApplicationStatusRulesTests: XCTestCase {
    func testSwiftAndSQLSayTheSame() async throws {
        try await withApp { _, services in
            for status in ApplicationStatus.allCases {
                let (seat, list, active) = try await services.db.rows(
                    """
                    SELECT holds_seat(\(status.rawValue)), in_group_list(\(status.rawValue)),
                      application_active(\(status.rawValue))
                    """)[0].decode((Bool, Bool, Bool).self)
                XCTAssertEqual(active, status.isActive, status.rawValue)
                XCTAssertEqual(seat, status.holdsSeat, status.rawValue)
                XCTAssertEqual(list, status.inGroupList, status.rawValue)
            }
        }
    }
}
