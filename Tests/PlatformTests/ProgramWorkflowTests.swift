import Platform
import XCTest

final class ProgramWorkflowTests: XCTestCase {
    func testTheModerationCycle() {
        var status = ProgramStatus.draft
        for (action, actor, expected) in [(ProgramAction.submit, ProgramActor.owner, ProgramStatus.moderation), (.returnForRevision, .moderator, .revision),
                                          (.submit, .owner, .moderation), (.publish, .moderator, .published), (.archive, .owner, .archived)] {
            status = try! ProgramWorkflow.apply(action, to: status, by: actor).get()
            XCTAssertEqual(status, expected, "\(action)")
        }
    }

    func testIllegalTransitionsListWhatIsAllowed() {
        XCTAssertEqual(ProgramWorkflow.apply(.publish, to: .draft, by: .moderator), .failure(WorkflowError(from: .draft, action: .publish, allowed: [])))
        XCTAssertEqual(ProgramWorkflow.apply(.publish, to: .moderation, by: .owner),
                       .failure(WorkflowError(from: .moderation, action: .publish, allowed: [])))
        XCTAssertEqual(ProgramWorkflow.allowed(from: .moderation, by: .moderator), [.publish, .returnForRevision])
        XCTAssertEqual(ProgramWorkflow.allowed(from: .draft, by: .owner), [.submit])
        XCTAssertEqual(ProgramWorkflow.allowed(from: .archived, by: .moderator), [])
        // nobody publishes their own program without moderation
        for status in ProgramStatus.allCases {
            if case .success(let next) = ProgramWorkflow.apply(.publish, to: status, by: .owner) { XCTFail("owner published from \(status) to \(next)") }
        }
    }
}
