import Foundation

/// Turns "these weekdays of this period, at this time, for N academic hours" into lesson start/end times. An academic
/// hour is 45 minutes; between consecutive academic hours of one lesson there is a break (seed 000 «Добавить на день»).
struct LessonPlan {
    static let academicHourMinutes = 45
    static let maxDays = 400

    static func minutes(academicHours: Int, breakMinutes: Int) -> Int {
        academicHours * academicHourMinutes + (academicHours - 1) * breakMinutes
    }

    /// Dates of [from, to] (`YYYY-MM-DD`, checked by the caller) whose ISO weekday (1 = Monday … 7 = Sunday) is listed.
    static func days(from: String, to: String, weekdays: Set<Int>) -> [String] {
        let calendar = CalendarValues.calendar
        guard var day = CalendarValues.date(from), let last = CalendarValues.date(to) else { return [] }
        var result: [String] = []
        while day <= last && result.count <= maxDays {
            let weekday = (calendar.component(.weekday, from: day) + 5) % 7 + 1  // Sunday = 1 in Gregorian → 7
            if weekdays.contains(weekday) { result.append(CalendarValues.day(day)) }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        return result
    }

    /// Start and end (`YYYY-MM-DD HH:MM`) of a lesson on `day` at `start` (`HH:MM`) lasting `minutes`; nil if it would
    /// run past midnight.
    static func times(day: String, start: String, minutes: Int) -> (String, String)? {
        guard let begin = CalendarValues.minutes(start), begin + minutes <= 24 * 60 else { return nil }
        let end = begin + minutes
        return ("\(day) \(start)", "\(day) " + String(format: "%02d:%02d", end / 60, end % 60))
    }
}
