import Foundation

/// A calendar day with no time zone (`YYYY-MM-DD`), counted in days since 1970-01-01 so that stepping, comparing and
/// finding the weekday are integer arithmetic: the occurrence generator walks thousands of days per calendar month
/// and Foundation's Calendar would cost microseconds per step. Proleptic Gregorian (H. Hinnant's civil algorithms).
struct CivilDate: Hashable, Comparable, Sendable {
    /// days since 1970-01-01
    let days: Int

    init(days: Int) { self.days = days }

    init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        days = era * 146_097 + doe - 719_468
    }

    /// The day an instant falls on in a time zone.
    init(_ instant: Date, zone: TimeZone) {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        days = Int((Double(local) / 86_400).rounded(.down))
    }

    /// A real day written `YYYY-MM-DD` (2027-02-29 is not one).
    init?(_ iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), y >= 1000, let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...Self.daysIn(year: y, month: m)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    var components: (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int { ((days % 7 + 7) % 7 + 3) % 7 + 1 }

    var day: Int { components.day }

    /// Why a typed day is not one: its shape, or a day the calendar does not have (30 February).
    static func problem(_ raw: String) -> String {
        raw.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil ? "Такой даты нет" : "Дата в формате ГГГГ-ММ-ДД"
    }

    var iso: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    func adding(days n: Int) -> CivilDate { CivilDate(days: days + n) }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func < (a: CivilDate, b: CivilDate) -> Bool { a.days < b.days }
}
