import Platform
import XCTest

final class ProgramWorkflowTests: XCTestCase {
    func testTheModerationCycle() throws {
        var status = ProgramStatus.draft
        let steps: [(ProgramAction, ProgramActor, ProgramStatus)] = [
            (.submit, .owner, .moderation), (.returnForRevision, .moderator, .revision), (.submit, .owner, .moderation),
            (.publish, .moderator, .published), (.archive, .owner, .archived),
        ]
        for (action, actor, expected) in steps {
            status = try ProgramWorkflow.next(action, from: status, by: actor, what: "программа")
            XCTAssertEqual(status, expected, "\(action)")
        }
    }

    func testIllegalTransitionsListWhatIsAllowed() {
        XCTAssertThrowsError(try ProgramWorkflow.next(.publish, from: .draft, by: .moderator, what: "программа")) {
            error in
            XCTAssertEqual((error as? Problem)?.status, .conflict)
            XCTAssertEqual((error as? Problem)?.code, "illegal_transition")
        }
        XCTAssertNil(ProgramWorkflow.transition(.publish, from: .moderation, by: .owner))
        XCTAssertEqual(ProgramWorkflow.allowed(from: .moderation, by: .moderator), [.publish, .returnForRevision])
        XCTAssertEqual(ProgramWorkflow.allowed(from: .draft, by: .owner), [.submit])
        XCTAssertEqual(ProgramWorkflow.allowed(from: .archived, by: .moderator), [.restore])
        XCTAssertEqual(ProgramWorkflow.allowed(from: .published, by: .owner), [.archive, .revise])
        XCTAssertEqual(ProgramWorkflow.allowed(from: .published, by: .moderator), [.archive], "only authors revise")
        // nobody publishes their own program without moderation
        for status in ProgramStatus.allCases {
            XCTAssertNil(
                ProgramWorkflow.transition(.publish, from: status, by: .owner), "owner published from \(status)")
        }
    }
}
