import Foundation
import XCTest

@testable import Platform

/// The occurrence generator (SPEC §9): every «Повторять» and «Прекратить» of seed 000 §9, month ends, the leap day,
/// counts across months, exceptions, sessions, and wall-clock times in a zone with and without clock changes.
final class RecurrenceTests: XCTestCase {
    let irkutsk = TimeZone(identifier: "Asia/Irkutsk")!
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func keys(_ rule: Recurrence, _ from: String, _ through: String, zone: TimeZone? = nil) -> [String] {
        OccurrenceCalendar(zone: zone ?? irkutsk, from: from, through: through)!.occurrences(of: rule).map(\.key)
    }

    /// The start of a rule's only occurrence on `day`, as `…Z`.
    func start(_ rule: Recurrence, on day: String, zone: TimeZone) -> String {
        iso(OccurrenceCalendar(zone: zone, from: day, through: day)!.occurrences(of: rule)[0].start)
    }

    func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    func testCivilDatesCountDaysAndWeekdays() {
        XCTAssertEqual(CivilDate("1970-01-01")?.days, 0)
        XCTAssertEqual(CivilDate("2028-02-29")?.iso, "2028-02-29")
        XCTAssertNil(CivilDate("2027-02-29"))
        XCTAssertNil(CivilDate("2026-13-01"))
        XCTAssertEqual(CivilDate("2026-11-30")?.weekday, 1, "a Monday")
        XCTAssertEqual(CivilDate("2026-11-29")?.weekday, 7, "a Sunday")
        XCTAssertEqual(CivilDate("1900-03-01")?.adding(days: -1).iso, "1900-02-28", "1900 was not a leap year")
        XCTAssertEqual(CivilDate("2000-03-01")?.adding(days: -1).iso, "2000-02-29")
    }

    func testOnceDailyWeekdaysWeekendsAndChosenDays() {
        let once = Recurrence(startsOn: "2026-12-03", startTime: "10:00", durationMinutes: 90)
        XCTAssertEqual(keys(once, "2026-12-01", "2026-12-31"), ["2026-12-03"])
        XCTAssertEqual(keys(once, "2026-12-04", "2026-12-31"), [])

        let daily = Recurrence(startsOn: "2026-12-30", startTime: "10:00", durationMinutes: 60, repeat: .daily)
        XCTAssertEqual(
            keys(daily, "2026-12-01", "2027-01-02"), ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"])

        // Friday 4 December to Tuesday 8 December 2026
        let weekdays = Recurrence(startsOn: "2026-12-04", startTime: "09:00", durationMinutes: 60, repeat: .weekdays)
        XCTAssertEqual(keys(weekdays, "2026-12-01", "2026-12-08"), ["2026-12-04", "2026-12-07", "2026-12-08"])
        let weekends = Recurrence(startsOn: "2026-12-04", startTime: "09:00", durationMinutes: 60, repeat: .weekends)
        XCTAssertEqual(
            keys(weekends, "2026-12-01", "2026-12-13"), ["2026-12-05", "2026-12-06", "2026-12-12", "2026-12-13"])

        let tueThu = Recurrence(
            startsOn: "2026-12-01", startTime: "18:00", durationMinutes: 120, repeat: .daysOfWeek, weekdays: [2, 4])
        XCTAssertEqual(
            keys(tueThu, "2026-12-01", "2026-12-10"), ["2026-12-01", "2026-12-03", "2026-12-08", "2026-12-10"])
    }

    func testEveryNDaysCrossesMonthsAndStartsAtTheWindowsStep() {
        let every3 = Recurrence(
            startsOn: "2026-01-30", startTime: "10:00", durationMinutes: 60, repeat: .everyNDays, everyDays: 3)
        XCTAssertEqual(
            keys(every3, "2026-01-30", "2026-02-08"), ["2026-01-30", "2026-02-02", "2026-02-05", "2026-02-08"])
        // years later, the window begins at the rule's next step, not at the window's first day
        XCTAssertEqual(
            keys(every3, "2029-03-01", "2029-03-07").first.flatMap { CivilDate($0) }.map {
                ($0.days - CivilDate("2026-01-30")!.days) % 3
            }, 0)
    }

    func testTheThirtyFirstAndTheLeapDay() {
        let on31 = Recurrence(
            startsOn: "2027-01-01", startTime: "10:00", durationMinutes: 60, repeat: .daysOfMonth, monthDays: [31])
        XCTAssertEqual(keys(on31, "2027-01-01", "2027-06-30"), ["2027-01-31", "2027-03-31", "2027-05-31"])
        let on29 = Recurrence(
            startsOn: "2027-01-01", startTime: "10:00", durationMinutes: 60, repeat: .daysOfMonth, monthDays: [29])
        XCTAssertEqual(keys(on29, "2027-02-01", "2027-02-28"), [], "no 29 February in 2027")
        XCTAssertEqual(keys(on29, "2028-02-01", "2028-03-01"), ["2028-02-29"])
    }

    func testEndsAfterNAcrossMonthsAndOnADate() {
        let three = Recurrence(
            startsOn: "2026-11-20", startTime: "10:00", durationMinutes: 60, repeat: .daysOfMonth, monthDays: [15],
            endsAfter: 3)
        XCTAssertEqual(keys(three, "2026-11-01", "2027-11-30"), ["2026-12-15", "2027-01-15", "2027-02-15"])
        // a window after the first occurrences still counts them
        XCTAssertEqual(keys(three, "2027-02-01", "2027-12-31"), ["2027-02-15"])
        let until = Recurrence(
            startsOn: "2026-12-01", startTime: "10:00", durationMinutes: 60, repeat: .daily, endsOn: "2026-12-03")
        XCTAssertEqual(keys(until, "2026-11-01", "2026-12-31"), ["2026-12-01", "2026-12-02", "2026-12-03"])
    }

    func testExceptionsCancelAndMoveWithoutChangingTheCount() {
        let rule = Recurrence(
            startsOn: "2026-12-01", startTime: "10:00", durationMinutes: 60, repeat: .daily, endsAfter: 4,
            exceptions: [
                .init(date: "2026-12-02", cancelled: true),
                .init(date: "2026-12-03", movedTo: "2026-12-10", startTime: "15:30"),
                .init(date: "2026-12-20", movedTo: "2026-12-21"),  // not a day of the rule (the 4th is its last)
            ])
        let calendar = OccurrenceCalendar(zone: irkutsk, from: "2026-12-01", through: "2026-12-31")!
        let found = calendar.occurrences(of: rule)
        XCTAssertEqual(found.map(\.key), ["2026-12-01", "2026-12-04", "2026-12-03"])
        XCTAssertEqual(iso(found[2].start), "2026-12-10T07:30:00Z", "15:30 in Irkutsk (UTC+8)")
        XCTAssertTrue(found[2].moved)
        // an occurrence moved out of the window is not in it
        XCTAssertEqual(keys(rule, "2026-12-03", "2026-12-03"), [])
    }

    func testWallClockTimesInTheRegionsZoneAndAcrossClockChanges() {
        let rule = Recurrence(startsOn: "2026-12-01", startTime: "10:00", durationMinutes: 90)
        let irkutskTime = OccurrenceCalendar(zone: irkutsk, from: "2026-12-01", through: "2026-12-01")!
            .occurrences(of: rule)[0]
        XCTAssertEqual(iso(irkutskTime.start), "2026-12-01T02:00:00Z")
        XCTAssertEqual(iso(irkutskTime.end), "2026-12-01T03:30:00Z")

        // Berlin moves its clocks on 29 March and 25 October 2026: 10:00 stays 10:00 on both sides
        let daily = Recurrence(startsOn: "2026-03-28", startTime: "10:00", durationMinutes: 60, repeat: .daily)
        let spring = OccurrenceCalendar(zone: berlin, from: "2026-03-28", through: "2026-03-30")!.occurrences(of: daily)
        XCTAssertEqual(
            spring.map { iso($0.start) }, ["2026-03-28T09:00:00Z", "2026-03-29T08:00:00Z", "2026-03-30T08:00:00Z"])
        // 02:30 on 29 March does not exist: it is read as 03:30 summer time
        let gap = Recurrence(startsOn: "2026-03-29", startTime: "02:30", durationMinutes: 30)
        XCTAssertEqual(start(gap, on: "2026-03-29", zone: berlin), "2026-03-29T01:30:00Z")
        // 02:30 on 25 October happens twice: the first one
        let twice = Recurrence(startsOn: "2026-10-25", startTime: "02:30", durationMinutes: 30)
        XCTAssertEqual(start(twice, on: "2026-10-25", zone: berlin), "2026-10-25T00:30:00Z")
    }

    func testSessionsSplitAnOccurrence() {
        let rule = Recurrence(startsOn: "2026-12-05", startTime: "10:00", durationMinutes: 200, sessionMinutes: 60)
        let o = OccurrenceCalendar(zone: irkutsk, from: "2026-12-05", through: "2026-12-05")!.occurrences(of: rule)[0]
        XCTAssertEqual(
            o.sessions.map { iso($0.start) }, ["2026-12-05T02:00:00Z", "2026-12-05T03:00:00Z", "2026-12-05T04:00:00Z"],
            "three whole hours in 200 minutes")
    }

    func testOnlyPlainFourDigitYearsAreDays() {
        XCTAssertNil(PreparedRecurrence(Recurrence(startsOn: "+202-01-01", startTime: "10:00", durationMinutes: 60)))
        XCTAssertNil(PreparedRecurrence(Recurrence(startsOn: "0000-12-10", startTime: "10:00", durationMinutes: 60)))
        XCTAssertEqual(
            Recurrence(startsOn: "+202-01-01", startTime: "10:00", durationMinutes: 60).problems().map(\.field),
            ["startsOn"])
        // «после 1000 повторов» every 366 days reaches its last day
        let sparse = Recurrence(
            startsOn: "2027-01-01", startTime: "10:00", durationMinutes: 60, repeat: .everyNDays, everyDays: 366,
            endsAfter: 1000)
        XCTAssertEqual(PreparedRecurrence(sparse)?.span.last, CivilDate("2027-01-01")?.adding(days: 366 * 999).iso)
    }

    func testProblemsNameTheirFields() {
        var rule = Recurrence(startsOn: "2026-02-30", startTime: "25:00", durationMinutes: 0, repeat: .daysOfWeek)
        rule.endsAfter = 3
        rule.endsOn = "2026-01-01"
        rule.sessionMinutes = 2
        XCTAssertEqual(
            Set(rule.problems(prefix: "schedule.").map(\.field)),
            [
                "schedule.startsOn", "schedule.startTime", "schedule.durationMinutes", "schedule.weekdays",
                "schedule.endsOn", "schedule.sessionMinutes",
            ])
        let fine = Recurrence(
            startsOn: "2026-12-01", startTime: "10:00", durationMinutes: 60, repeat: .everyNDays, everyDays: 2,
            endsOn: "2027-01-01", sessionMinutes: 30)
        XCTAssertEqual(fine.problems(), [])
        // a value of another repetition is checked too: the form may send what the person typed before switching
        let stray = Recurrence(
            startsOn: "2026-12-01", startTime: "10:00", durationMinutes: 60, repeat: .daysOfWeek, weekdays: [8, 1],
            everyDays: 0, monthDays: [1, 32])
        XCTAssertEqual(
            stray.problems().map { "\($0.field) \($0.code)" },
            ["weekdays out_of_range", "everyDays out_of_range", "monthDays out_of_range"])
    }
}
