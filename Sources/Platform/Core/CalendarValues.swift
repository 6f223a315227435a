import Foundation

/// Dates (`YYYY-MM-DD`) and wall-clock times (`HH:MM`) of the region, as sent in JSON: checked here, passed to
/// PostgreSQL as text and cast there (`::date`, `::time`), so no time zone ever shifts a lesson.
extension Validator {
    mutating func date(_ value: String?, _ field: String, required isRequired: Bool = false) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            if isRequired { add(field, "required", "Укажите дату") }
            return nil
        }
        guard CalendarValues.isDate(value) else {
            add(field, "invalid_date", "Дата в формате ГГГГ-ММ-ДД")
            return nil
        }
        return value
    }

    mutating func time(_ value: String?, _ field: String, required isRequired: Bool = false) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            if isRequired { add(field, "required", "Укажите время") }
            return nil
        }
        guard let minutes = CalendarValues.minutes(value) else {
            add(field, "invalid_time", "Время в формате ЧЧ:ММ")
            return nil
        }
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}

enum CalendarValues {
    static func isDate(_ s: String) -> Bool { date(s) != nil }

    /// Minutes after midnight for `H:MM` / `HH:MM`.
    static func minutes(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2, let h = Int(parts[0]),
            let m = Int(parts[1]),
            (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// The calendar every date of the region is computed in: ISO weeks, in UTC, so a day never shifts by a time zone.
    static let calendar: Calendar = {
        var c = Calendar(identifier: .iso8601)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// `YYYY-MM-DD` of a moment's UTC day.
    static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The start (UTC) of a real `YYYY-MM-DD` day of 1900–2100, nil for anything else (2026-02-30 too).
    static func date(_ s: String) -> Date? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1900...2100).contains(y),
            (1...12).contains(m), (1...31).contains(d),
            let day = calendar.date(from: DateComponents(year: y, month: m, day: d)),
            calendar.component(.day, from: day) == d  // a day past the month's end rolls over into the next month
        else { return nil }
        return day
    }

    /// The Monday of the week a moment falls in.
    static func monday(of date: Date) -> String {
        day(calendar.date(from: calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date))!)
    }

    /// ISO week `2026-W48` → its Monday as `YYYY-MM-DD`.
    static func monday(ofISOWeek s: String) -> String? {
        let parts = s.uppercased().split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), parts[1].hasPrefix("W"), let week = Int(parts[1].dropFirst()),
            (1...53).contains(week)
        else { return nil }
        var c = DateComponents()
        c.yearForWeekOfYear = year
        c.weekOfYear = week
        c.weekday = 2
        guard let date = calendar.date(from: c), calendar.component(.yearForWeekOfYear, from: date) == year else {
            return nil
        }
        return day(date)
    }
}
