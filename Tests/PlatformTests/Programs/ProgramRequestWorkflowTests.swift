import Foundation
import HTTPTypes
import Platform
import XCTest

final class ProgramRequestWorkflowTests: XCTestCase {
    func testRequestStatuses() {
        XCTAssertEqual(ProgramRequestWorkflow.transition(.take, from: .new, by: .copp), .inWork)
        XCTAssertEqual(ProgramRequestWorkflow.transition(.complete, from: .inWork, by: .copp), .done)
        XCTAssertEqual(ProgramRequestWorkflow.transition(.reject, from: .new, by: .copp), .rejected)
        XCTAssertNil(ProgramRequestWorkflow.transition(.complete, from: .new, by: .copp))
        XCTAssertNil(ProgramRequestWorkflow.transition(.reject, from: .done, by: .copp))
        XCTAssertEqual(ProgramRequestWorkflow.allowed(from: .inWork, by: .copp), [.complete, .reject])
    }
}
