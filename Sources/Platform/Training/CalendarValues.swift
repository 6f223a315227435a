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
    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1900...2100).contains(y), (1...12).contains(m)
        else { return false }
        var c = DateComponents(); c.year = y; c.month = m; c.day = 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let first = calendar.date(from: c), let days = calendar.range(of: .day, in: .month, for: first) else { return false }
        return days.contains(d)
    }

    /// Minutes after midnight for `H:MM` / `HH:MM`.
    static func minutes(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    /// ISO week `2026-W48` → its Monday as `YYYY-MM-DD`.
    static func monday(ofISOWeek s: String) -> String? {
        let parts = s.uppercased().split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), parts[1].hasPrefix("W"), let week = Int(parts[1].dropFirst()), (1...53).contains(week)
        else { return nil }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var c = DateComponents(); c.yearForWeekOfYear = year; c.weekOfYear = week; c.weekday = 2
        guard let date = calendar.date(from: c), calendar.component(.yearForWeekOfYear, from: date) == year else { return nil }
        let f = DateFormatter(); f.calendar = calendar; f.timeZone = calendar.timeZone; f.dateFormat = "yyyy-MM-dd"; f.locale = Locale(identifier: "en_US_POSIX")
        return f.string(from: date)
    }
}
