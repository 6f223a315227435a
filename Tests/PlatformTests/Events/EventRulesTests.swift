import Foundation
import Platform
import XCTest

/// The wizard's single-field rules and the two workflows of events, without a database.
final class EventRulesTests: XCTestCase {
    func testCapsLockIsRefusedButAbbreviationsAreNot() {
        XCTAssertTrue(EventRules.capsLocked("ДЕНЬ ОТКРЫТЫХ ДВЕРЕЙ"))
        XCTAssertTrue(EventRules.capsLocked("Фестиваль ПРОФЕССИЙ"))
        XCTAssertTrue(EventRules.capsLocked("ЦОПП ИРО СПО"))  // most letters in capitals
        XCTAssertFalse(EventRules.capsLocked("День открытых дверей ЦОПП для людей с ОВЗ"))
        XCTAssertFalse(EventRules.capsLocked("Мастер-класс «3D-печать»"))
        XCTAssertFalse(EventRules.capsLocked("IT-марафон"))
    }

    func testTheCoverIsALandscapeOfAtLeast706By470() {
        XCTAssertNil(EventRules.coverProblem(width: 706, height: 470))
        XCTAssertNil(EventRules.coverProblem(width: 1920, height: 1080))
        XCTAssertNotNil(EventRules.coverProblem(width: 470, height: 706))  // portrait
        XCTAssertNotNil(EventRules.coverProblem(width: 800, height: 800))  // square
        XCTAssertNotNil(EventRules.coverProblem(width: 705, height: 470))
        XCTAssertNotNil(EventRules.coverProblem(width: 1000, height: 469))
        XCTAssertNotNil(EventRules.coverProblem(width: nil, height: nil))
    }

    func testEventsAreModeratedByTheProgramsStepsWithoutNewVersions() {
        for status in ProgramStatus.allCases {
            for actor in [ProgramActor.owner, .moderator] {
                for action in EventAction.allCases {
                    let program = ProgramAction(rawValue: action.rawValue)!
                    XCTAssertEqual(
                        EventWorkflow.transition(action, from: status, by: actor),
                        ProgramWorkflow.transition(program, from: status, by: actor))
                }
            }
        }
        XCTAssertEqual(EventWorkflow.allowed(from: .published, by: .owner), [.archive])
        XCTAssertEqual(EventWorkflow.title(.published), "Опубликовано")
    }

    func testSignUpsGoNewToPostponedCancelledOrConfirmed() {
        XCTAssertEqual(EventSignupWorkflow.allowed(from: .new, by: .organizer), [.postpone, .confirm, .cancel])
        XCTAssertEqual(EventSignupWorkflow.allowed(from: .postponed, by: .organizer), [.confirm, .cancel])
        XCTAssertEqual(EventSignupWorkflow.allowed(from: .confirmed, by: .organizer), [.cancel])
        XCTAssertEqual(EventSignupWorkflow.allowed(from: .cancelled, by: .organizer), [])
        XCTAssertEqual(EventSignupWorkflow.allowed(from: .confirmed, by: .participant), [.withdraw])
        XCTAssertNil(EventSignupWorkflow.transition(.confirm, from: .new, by: .participant))
        XCTAssertEqual(EventSignupStatus.allCases.filter(\.holdsPlace), [.new, .postponed, .confirmed])
    }

    func testSignUpClosesWholeDaysBeforeTheStart() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(EventCalendarService.closes(start: start, daysBefore: 0), start)
        XCTAssertEqual(
            EventCalendarService.closes(start: start, daysBefore: 2), start.addingTimeInterval(-2 * 86_400))
    }

    func testASpanReachesTheLastOccurrenceAndMovedOnes() throws {
        let rule = Recurrence(
            startsOn: "2027-01-29", startTime: "10:00", durationMinutes: 60, repeat: .daysOfMonth, monthDays: [31],
            endsAfter: 2, exceptions: [.init(date: "2027-01-31", movedTo: "2027-01-20")])
        let span = try XCTUnwrap(PreparedRecurrence(rule)).span
        // 31 January, then 31 March (February has no 31st); the first moved back to the 20th
        XCTAssertEqual(span.first, "2027-01-20")
        XCTAssertEqual(span.last, "2027-03-31")
        XCTAssertNil(
            PreparedRecurrence(
                Recurrence(
                    startsOn: "2027-01-01", startTime: "09:00", durationMinutes: 30,
                    repeat: .daily))?.span.last)
    }
}
