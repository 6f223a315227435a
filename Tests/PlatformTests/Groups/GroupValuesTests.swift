import XCTest

@testable import Platform

/// A group's sizes and periods, checked without a database (creation: all fields; PATCH: the sent ones over the
/// current).
final class GroupValuesTests: XCTestCase {
    func testSizesAndPeriodsMustBeInOrder() {
        var input = GroupInput()
        input.name = "Сварщики-1"
        input.minSize = 10
        input.maxSize = 5
        input.startsOn = "2026-03-10"
        input.endsOn = "2026-03-01"
        XCTAssertThrowsError(try GroupValues.validated(input, keys: [], current: nil)) { error in
            let fields = Set((error as? Problem)?.errors.map(\.field) ?? [])
            XCTAssertEqual(fields, ["maxSize", "endsOn"])
        }
    }

    func testAPatchKeepsTheValuesItDidNotSend() throws {
        let current = GroupValues(
            name: "Сварщики-1", minSize: 5, maxSize: 20, startsOn: "2026-03-01", endsOn: "2026-04-30",
            applicationsFrom: nil, applicationsUntil: nil, comment: "вечерняя")
        var input = GroupInput()
        input.maxSize = 25
        let v = try GroupValues.validated(input, keys: ["maxSize"], current: current)
        XCTAssertEqual(v.maxSize, 25)
        XCTAssertEqual(v.name, "Сварщики-1")
        XCTAssertEqual(v.endsOn, "2026-04-30")
        XCTAssertEqual(v.comment, "вечерняя")
    }
}
