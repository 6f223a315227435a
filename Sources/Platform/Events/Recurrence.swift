import Foundation

/// When an event takes place (SPEC §9, seed 000 §9 «Повторять» / «Прекратить» / «Разбить на интервалы»): a first day
/// and a local start time, a duration, how it repeats, when the repeating stops, an optional split of each occurrence
/// into sessions, and exceptions (an occurrence cancelled or moved). Times are the region's wall clock; the
/// `OccurrenceCalendar` turns them into instants in the region's time zone.
public struct Recurrence: Codable, Sendable, Equatable {
    public enum Repeat: String, Codable, Sendable, CaseIterable {
        /// «не выбрано»: once
        case none
        case daily
        /// Monday to Friday
        case weekdays
        /// Saturday and Sunday
        case weekends
        /// `weekdays` (1 = Monday … 7 = Sunday)
        case daysOfWeek = "days_of_week"
        /// every `everyDays` days from the first
        case everyNDays = "every_n_days"
        /// `monthDays` (1–31; a month without the day has no occurrence that month)
        case daysOfMonth = "days_of_month"
    }

    /// An occurrence (named by the day the rule gives it) cancelled, or moved to another day and/or time.
    public struct Exception: Codable, Sendable, Equatable {
        public var date: String
        public var cancelled: Bool?
        public var movedTo: String?
        public var startTime: String?

        public init(date: String, cancelled: Bool? = nil, movedTo: String? = nil, startTime: String? = nil) {
            self.date = date
            self.cancelled = cancelled
            self.movedTo = movedTo
            self.startTime = startTime
        }
    }

    public var startsOn: String
    public var startTime: String
    public var durationMinutes: Int
    public var `repeat`: Repeat
    public var weekdays: [Int]?
    public var everyDays: Int?
    public var monthDays: [Int]?
    /// «после N повторов»: the rule gives N days (cancelled ones among them, as in iCalendar's COUNT)
    public var endsAfter: Int?
    /// «в дату»: the last day that may have an occurrence
    public var endsOn: String?
    /// «разбить на интервалы»: sessions of this many minutes, each one signed up for separately
    public var sessionMinutes: Int?
    public var exceptions: [Exception]?

    public init(
        startsOn: String, startTime: String, durationMinutes: Int, repeat: Repeat = .none, weekdays: [Int]? = nil,
        everyDays: Int? = nil, monthDays: [Int]? = nil, endsAfter: Int? = nil, endsOn: String? = nil,
        sessionMinutes: Int? = nil, exceptions: [Exception]? = nil
    ) {
        self.startsOn = startsOn
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.repeat = `repeat`
        self.weekdays = weekdays
        self.everyDays = everyDays
        self.monthDays = monthDays
        self.endsAfter = endsAfter
        self.endsOn = endsOn
        self.sessionMinutes = sessionMinutes
        self.exceptions = exceptions
    }

    /// What is wrong with the rule, each problem naming its field (`schedule.<field>` in a request).
    public func problems(prefix: String = "") -> [FieldError] {
        var v = Validator()
        let f = { (name: String) in prefix + name }
        let first = CivilDate(startsOn)
        if first == nil { v.add(f("startsOn"), "invalid_date", "Дата начала в формате ГГГГ-ММ-ДД") }
        if CalendarValues.minutes(startTime) == nil { v.add(f("startTime"), "invalid_time", "Время в формате ЧЧ:ММ") }
        v.check(
            (1...(14 * 24 * 60)).contains(durationMinutes), f("durationMinutes"), "out_of_range",
            "Продолжительность — от 1 минуты до 14 суток")
        switch self.repeat {
        case .daysOfWeek:
            v.check(
                !(weekdays ?? []).isEmpty && (weekdays ?? []).allSatisfy { (1...7).contains($0) }, f("weekdays"),
                "required", "Отметьте дни недели")
        case .everyNDays:
            v.check((1...366).contains(everyDays ?? 0), f("everyDays"), "out_of_range", "Каждые n дней: n от 1 до 366")
        case .daysOfMonth:
            v.check(
                !(monthDays ?? []).isEmpty && (monthDays ?? []).allSatisfy { (1...31).contains($0) }, f("monthDays"),
                "required", "Укажите числа месяца от 1 до 31")
        case .none, .daily, .weekdays, .weekends: break
        }
        if endsAfter != nil, endsOn != nil {
            v.add(f("endsOn"), "conflict", "Укажите одно условие окончания: после N повторов или в дату")
        }
        if let n = endsAfter {
            v.check((1...1000).contains(n), f("endsAfter"), "out_of_range", "От 1 до 1000 повторов")
        }
        if let last = endsOn {
            if let end = CivilDate(last) {
                if let first, end < first { v.add(f("endsOn"), "before_start", "Дата окончания раньше даты начала") }
            } else {
                v.add(f("endsOn"), "invalid_date", "Дата в формате ГГГГ-ММ-ДД")
            }
        }
        if let m = sessionMinutes {
            v.check(
                m >= 5 && m <= durationMinutes, f("sessionMinutes"), "out_of_range",
                "Интервал — от 5 минут до продолжительности мероприятия")
        }
        for (i, e) in (exceptions ?? []).enumerated() {
            if CivilDate(e.date) == nil {
                v.add(f("exceptions[\(i)].date"), "invalid_date", "Дата в формате ГГГГ-ММ-ДД")
            }
            if let to = e.movedTo, CivilDate(to) == nil {
                v.add(f("exceptions[\(i)].movedTo"), "invalid_date", "Дата в формате ГГГГ-ММ-ДД")
            }
            if let t = e.startTime, CalendarValues.minutes(t) == nil {
                v.add(f("exceptions[\(i)].startTime"), "invalid_time", "Время в формате ЧЧ:ММ")
            }
        }
        return v.errors
    }

    /// Whether the rule gives the day (before the end conditions are applied).
    func gives(_ d: CivilDate, first: CivilDate) -> Bool {
        guard d >= first else { return false }
        switch self.repeat {
        case .none: return d == first
        case .daily: return true
        case .weekdays: return d.weekday <= 5
        case .weekends: return d.weekday >= 6
        case .daysOfWeek: return weekdays?.contains(d.weekday) ?? false
        case .everyNDays: return (d.days - first.days) % max(1, everyDays ?? 1) == 0
        case .daysOfMonth: return monthDays?.contains(d.day) ?? false
        }
    }

    /// The days the rule gives within `from…through` (inclusive), in order, end conditions applied, exceptions not.
    /// A rule without a count starts at the window (every n days: at its first step inside it), so an event running
    /// for years costs the days of one window; a counted rule is walked from its first day, at most N occurrences.
    func days(from: CivilDate, through: CivilDate) -> [CivilDate] {
        guard let first = CivilDate(startsOn) else { return [] }
        let last = min(through, endsOn.flatMap(CivilDate.init) ?? through)
        if self.repeat == .none { return first >= from && first <= last ? [first] : [] }
        var result: [CivilDate] = []
        if let count = endsAfter {
            var d = first
            var given = 0
            while given < count, d <= last {
                if gives(d, first: first) {
                    given += 1
                    if d >= from { result.append(d) }
                }
                d = d.adding(days: 1)
            }
            return result
        }
        var d = max(first, from)
        if self.repeat == .everyNDays {
            let step = max(1, everyDays ?? 1)
            let offset = (d.days - first.days + step - 1) / step * step
            d = first.adding(days: offset)
            while d <= last {
                result.append(d)
                d = d.adding(days: step)
            }
            return result
        }
        while d <= last {
            if gives(d, first: first) { result.append(d) }
            d = d.adding(days: 1)
        }
        return result
    }
}

/// One time an event takes place: the day the rule gives it (its key for sign-up and exceptions), its start and end,
/// and its sessions when the event is split into intervals.
public struct Occurrence: Sendable, Equatable {
    public var key: String
    public var start: Date
    public var end: Date
    public var sessions: [DateInterval]
    public var moved: Bool
}

/// Occurrences of events within a window of days, in a region's time zone. The zone's offsets are read once per day of
/// the window (twice: at its start and end, to find days with a clock change), so a thousand events cost integer
/// arithmetic, not a thousand calls into the time-zone database per day.
public struct OccurrenceCalendar: Sendable {
    public let zone: TimeZone
    let from: CivilDate
    let through: CivilDate
    /// the zone's offset (seconds east of UTC) at the start and at the end of each day of the window
    private let offsets: [(start: Int, end: Int)]

    /// `from`/`through`: `YYYY-MM-DD`, inclusive; nil when either is not a day or the window is over 400 days.
    public init?(zone: TimeZone, from: String, through: String) {
        guard let a = CivilDate(from), let b = CivilDate(through), a <= b, b.days - a.days <= 400 else { return nil }
        self.zone = zone
        self.from = a
        self.through = b
        // a moved occurrence may come from or go to a day a little outside the window: offsets for ±14 days
        offsets = (a.days - 14...b.days + 14).map { day in
            let midnight = Date(timeIntervalSince1970: TimeInterval(day * 86_400))
            let start = zone.secondsFromGMT(for: midnight.addingTimeInterval(-14 * 3600))
            let end = zone.secondsFromGMT(for: midnight.addingTimeInterval(38 * 3600))
            return (start, end)
        }
    }

    /// The instant of a local day and minute of the day. A time the clock skips (spring forward) is read with the
    /// offset before the change (02:30 becomes 03:30 summer time); a time that happens twice (fall back) is its first.
    func instant(_ day: CivilDate, minute: Int) -> Date {
        let local = day.days * 86_400 + minute * 60
        let index = day.days - (from.days - 14)
        let (before, after) =
            offsets.indices.contains(index)
            ? offsets[index]
            : (
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 12 * 3600))),
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 12 * 3600)))
            )
        if before == after { return Date(timeIntervalSince1970: TimeInterval(local - before)) }
        let early = Date(timeIntervalSince1970: TimeInterval(local - before))
        if zone.secondsFromGMT(for: early) == before { return early }
        let late = Date(timeIntervalSince1970: TimeInterval(local - after))
        if zone.secondsFromGMT(for: late) == after { return late }
        return early
    }

    /// The occurrences of `rule` within the window, in time order: the rule's days, cancelled ones left out, moved
    /// ones on their new day and time (shown when the new day is in the window, wherever the rule put them).
    public func occurrences(of rule: Recurrence) -> [Occurrence] {
        guard let startMinute = CalendarValues.minutes(rule.startTime) else { return [] }
        let exceptions = rule.exceptions ?? []
        var byDay: [String: Recurrence.Exception] = [:]
        for e in exceptions { byDay[e.date] = e }
        var result: [Occurrence] = []
        for day in rule.days(from: from, through: through) {
            if byDay.isEmpty {
                result.append(occurrence(key: day, on: day, minute: startMinute, rule: rule, moved: false))
                continue
            }
            let key = day.iso
            if let e = byDay[key], e.cancelled == true || e.movedTo != nil || e.startTime != nil { continue }
            result.append(occurrence(key: day, on: day, minute: startMinute, rule: rule, moved: false))
        }
        // moved occurrences: a day the rule gives (its count and end respected), now on another day or time
        for e in exceptions where e.cancelled != true && (e.movedTo != nil || e.startTime != nil) {
            guard let original = CivilDate(e.date), let target = CivilDate(e.movedTo ?? e.date),
                target >= from, target <= through,
                rule.days(from: original, through: original) == [original]
            else { continue }
            let minute = e.startTime.flatMap(CalendarValues.minutes) ?? startMinute
            result.append(occurrence(key: original, on: target, minute: minute, rule: rule, moved: true))
        }
        if !exceptions.isEmpty { result.sort { $0.start < $1.start } }
        return result
    }

    private func occurrence(key: CivilDate, on day: CivilDate, minute: Int, rule: Recurrence, moved: Bool)
        -> Occurrence
    {
        let start = instant(day, minute: minute)
        let end = start.addingTimeInterval(TimeInterval(rule.durationMinutes * 60))
        var sessions: [DateInterval] = []
        if let m = rule.sessionMinutes, m > 0 {
            let length = TimeInterval(m * 60)
            var s = start
            while s.addingTimeInterval(length) <= end {
                sessions.append(DateInterval(start: s, duration: length))
                s = s.addingTimeInterval(length)
            }
        }
        return Occurrence(key: key.iso, start: start, end: end, sessions: sessions, moved: moved)
    }
}
