import XCTest

@testable import Platform

final class TrainingWorkflowTests: XCTestCase {
    func testAnApplicationFromNewToCompleted() throws {
        var status = ApplicationStatus.new
        for action in [ApplicationAction.postpone, .resume, .confirm, .enroll, .complete] {
            status = try ApplicationWorkflow.next(action, from: status, by: .organization, what: "заявка")
        }
        XCTAssertEqual(status, .completed)
        XCTAssertEqual(ApplicationWorkflow.allowed(from: .completed, by: .organization), [], "completed is final")
        XCTAssertEqual(
            try ApplicationWorkflow.next(.expel, from: .studying, by: .organization, what: "заявка"), .expelled)
    }

    func testOnlyTheSystemOrTheOrganizationResumesAndTheApplicantOnlyWithdrawsUndecided() {
        XCTAssertEqual(ApplicationWorkflow.transition(.resume, from: .postponed, by: .system), .new)
        XCTAssertNil(ApplicationWorkflow.transition(.resume, from: .new, by: .system))
        XCTAssertEqual(ApplicationWorkflow.allowed(from: .new, by: .applicant), [.withdraw])
        XCTAssertEqual(
            ApplicationWorkflow.allowed(from: .confirmed, by: .applicant), [],
            "confirmed cannot be withdrawn by the applicant")
        XCTAssertEqual(
            ApplicationWorkflow.allowed(from: .new, by: .organization), [.postpone, .cancel, .confirm, .waitlist])
        XCTAssertEqual(ApplicationWorkflow.allowed(from: .waitlisted, by: .organization), [.cancel, .confirm])
        XCTAssertEqual(ApplicationWorkflow.allowed(from: .waitlisted, by: .applicant), [.withdraw])
        XCTAssertEqual(ApplicationWorkflow.transition(.confirm, from: .waitlisted, by: .system), .confirmed)
        XCTAssertEqual(ApplicationWorkflow.allowed(from: .confirmed, by: .organization), [.cancel, .enroll])
        XCTAssertEqual(ApplicationWorkflow.allowed(from: .studying, by: .organization), [.complete, .expel])
    }

    func testIllegalApplicationStepsAreConflictsListingTheAllowedOnes() {
        XCTAssertThrowsError(try ApplicationWorkflow.next(.enroll, from: .new, by: .organization, what: "заявка")) {
            error in
            let problem = error as? Problem
            XCTAssertEqual(problem?.status, .conflict)
            XCTAssertEqual(problem?.allowedActions, ["postpone", "cancel", "confirm", "waitlist"])
        }
    }

    func testActiveStatusesHoldThePlace() {
        XCTAssertEqual(
            ApplicationStatus.allCases.filter(\.isActive), [.new, .postponed, .waitlisted, .confirmed, .studying])
        XCTAssertFalse(ApplicationStatus.waitlisted.holdsSeat, "a waitlisted application holds no seat")
    }

    func testAGroupIsConfirmedByTheOperatorTwice() throws {
        var status = GroupStatus.notFormed
        status = try GroupWorkflow.next(.form, from: status, by: .organization, what: "группа")
        XCTAssertNil(
            GroupWorkflow.transition(.confirmEnrollment, from: status, by: .organization),
            "the organization cannot confirm its own enrollment")
        status = try GroupWorkflow.next(.confirmEnrollment, from: status, by: .copp, what: "группа")
        status = try GroupWorkflow.next(.finish, from: status, by: .organization, what: "группа")
        XCTAssertEqual(GroupWorkflow.allowed(from: status, by: .organization), [])
        status = try GroupWorkflow.next(.confirmCompletion, from: status, by: .copp, what: "группа")
        XCTAssertEqual(status, .completionConfirmed)
        XCTAssertEqual(GroupWorkflow.allowed(from: .formed, by: .organization), [.unform])
    }

    func testRegionDaysAndWeeks() {
        XCTAssertTrue(CalendarValues.isDate("2028-02-29"))
        XCTAssertFalse(CalendarValues.isDate("2027-02-29"))
        XCTAssertEqual(CalendarValues.monday(ofISOWeek: "2026-W50"), "2026-12-07")
        XCTAssertEqual(CalendarValues.monday(ofISOWeek: "2027-W01"), "2027-01-04")
        XCTAssertEqual(
            CalendarValues.monday(ofISOWeek: "2026-W53"), "2026-12-28", "2026 starts on a Thursday: 53 ISO weeks")
        XCTAssertNil(CalendarValues.monday(ofISOWeek: "2025-W53"), "2025 has 52 ISO weeks")
        XCTAssertEqual(
            CalendarValues.monday(of: CalendarValues.date("2026-12-13")!), "2026-12-07",
            "Sunday belongs to the week of the Monday before")
        XCTAssertEqual(
            LessonPlan.days(from: "2026-12-07", to: "2026-12-20", weekdays: [1, 3]),
            ["2026-12-07", "2026-12-09", "2026-12-14", "2026-12-16"])
    }
}
