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

    /// `repeat` may be left out: «не выбрано», once.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        startsOn = try c.decode(String.self, forKey: .startsOn)
        startTime = try c.decode(String.self, forKey: .startTime)
        durationMinutes = try c.decode(Int.self, forKey: .durationMinutes)
        self.repeat = try c.decodeIfPresent(Repeat.self, forKey: .repeat) ?? .none
        weekdays = try c.decodeIfPresent([Int].self, forKey: .weekdays)
        everyDays = try c.decodeIfPresent(Int.self, forKey: .everyDays)
        monthDays = try c.decodeIfPresent([Int].self, forKey: .monthDays)
        endsAfter = try c.decodeIfPresent(Int.self, forKey: .endsAfter)
        endsOn = try c.decodeIfPresent(String.self, forKey: .endsOn)
        sessionMinutes = try c.decodeIfPresent(Int.self, forKey: .sessionMinutes)
        exceptions = try c.decodeIfPresent([Exception].self, forKey: .exceptions)
    }

    /// What is wrong with the rule, each problem naming its field (`schedule.<field>` in a request).
    public func problems(prefix: String = "") -> [FieldError] {
        var v = Validator()
        let f = { (name: String) in prefix + name }
        let first = CivilDate(startsOn)
        if startsOn.isEmpty {
            v.add(f("startsOn"), "required", "Укажите дату начала")
        } else if first == nil {
            v.add(f("startsOn"), "invalid_date", "Дата начала в формате ГГГГ-ММ-ДД")
        }
        if startTime.isEmpty {
            v.add(f("startTime"), "required", "Укажите время начала")
        } else if CalendarValues.minutes(startTime) == nil {
            v.add(f("startTime"), "invalid_time", "Время в формате ЧЧ:ММ")
        }
        v.check(
            (1...(14 * 24 * 60)).contains(durationMinutes), f("durationMinutes"), "out_of_range",
            "Продолжительность — от 1 минуты до 14 суток")
        // a value given is checked whatever the repetition (a form may keep the fields of another choice)
        if let days = weekdays, !days.allSatisfy({ (1...7).contains($0) }) {
            v.add(f("weekdays"), "out_of_range", "Дни недели — числа от 1 (понедельник) до 7 (воскресенье)")
        } else if self.repeat == .daysOfWeek, (weekdays ?? []).isEmpty {
            v.add(f("weekdays"), "required", "Отметьте дни недели")
        }
        if let n = everyDays, !(1...366).contains(n) {
            v.add(f("everyDays"), "out_of_range", "Каждые n дней: n от 1 до 366")
        } else if self.repeat == .everyNDays, everyDays == nil {
            v.add(f("everyDays"), "required", "Укажите, через сколько дней повторять")
        }
        if let days = monthDays, !days.allSatisfy({ (1...31).contains($0) }) {
            v.add(f("monthDays"), "out_of_range", "Числа месяца — от 1 до 31")
        } else if self.repeat == .daysOfMonth, (monthDays ?? []).isEmpty {
            v.add(f("monthDays"), "required", "Укажите числа месяца от 1 до 31")
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
}

/// A rule made ready for computing (what an event stores beside its rule): the first day, the last day the rule may
/// reach — «в дату», or the N-th occurrence of «после N повторов», found once here by walking the rule — and its
/// weekdays and month days as bit masks. A calendar then asks each prepared rule only about the days of its window.
public struct PreparedRecurrence: Sendable {
    public let rule: Recurrence
    let first: CivilDate
    /// nil: never ends (set last in `init`: the walk that finds the N-th day asks `gives` without it)
    private(set) var last: CivilDate? = nil
    let startMinute: Int
    /// bit n: weekday n (1 = Monday … 7 = Sunday)
    let weekdayMask: UInt8
    /// bit n: day n of the month
    let monthDayMask: UInt32
    let step: Int
    /// exceptions by the day (days since 1970) the rule gives the occurrence
    let exceptions: [Int: Recurrence.Exception]

    public init?(_ rule: Recurrence) {
        guard let first = CivilDate(rule.startsOn), let minute = CalendarValues.minutes(rule.startTime) else {
            return nil
        }
        self.rule = rule
        self.first = first
        startMinute = minute
        step = max(1, rule.everyDays ?? 1)
        switch rule.repeat {
        case .weekdays: weekdayMask = 0b0011_1110
        case .weekends: weekdayMask = 0b1100_0000
        case .daysOfWeek: weekdayMask = (rule.weekdays ?? []).reduce(0) { $0 | UInt8(1 << ($1 & 7)) }
        default: weekdayMask = 0
        }
        monthDayMask = (rule.monthDays ?? []).reduce(0) { $0 | UInt32(1 << ($1 & 31)) }
        var exceptions: [Int: Recurrence.Exception] = [:]
        for e in rule.exceptions ?? [] { if let d = CivilDate(e.date) { exceptions[d.days] = e } }
        self.exceptions = exceptions
        var last = rule.endsOn.flatMap(CivilDate.init)
        if rule.repeat == .none { last = min(last ?? first, first) }
        if let count = rule.endsAfter {
            var d = first
            var given = 0
            // at most `count` occurrences: every n days reaches them in n × count days, any other rule gives a day
            // at least every 62 days (the 31st of a month)
            let reach = count * (rule.repeat == .everyNDays ? step : 62) + 62
            while d.days - first.days < reach {
                if gives(d, weekday: d.weekday, monthDay: d.day) {
                    given += 1
                    if given == count { break }
                }
                d = d.adding(days: 1)
            }
            last = min(last ?? d, d)
        }
        self.last = last
    }

    /// The days the occurrences span, moved ones included (`YYYY-MM-DD`; last nil: never ends): a calendar asks
    /// the database only for events whose span meets its window.
    public var span: (first: String, last: String?) {
        let moved = exceptions.values.compactMap { $0.movedTo.flatMap(CivilDate.init) }
        let start = moved.reduce(first, min)
        return (start.iso, last.map { moved.reduce($0, max).iso })
    }

    /// Whether the rule gives the day (its weekday and day of the month given, as a calendar knows them).
    func gives(_ d: CivilDate, weekday: Int, monthDay: Int) -> Bool {
        guard d >= first, last.map({ d <= $0 }) ?? true else { return false }
        switch rule.repeat {
        case .none: return d == first
        case .daily: return true
        case .weekdays, .weekends, .daysOfWeek: return weekdayMask & UInt8(1 << weekday) != 0
        case .everyNDays: return (d.days - first.days) % step == 0
        case .daysOfMonth: return monthDayMask & UInt32(1 << monthDay) != 0
        }
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

/// Occurrences of events within a window of days, in a region's time zone. What the days of the window are — their
/// weekday, day of the month, `YYYY-MM-DD` and the zone's offsets at their start and end (to find a clock change) — is
/// worked out once per window, so each event costs a pass over at most the window's days with bit tests.
public struct OccurrenceCalendar: Sendable {
    public let zone: TimeZone
    let from: CivilDate
    let through: CivilDate
    /// the window and 14 days on each side (a moved occurrence may come from there)
    let margin = 14
    private let days: [Day]

    struct Day: Sendable {
        var weekday: Int
        var monthDay: Int
        var iso: String
        /// the zone's offset (seconds east of UTC) before and after the day
        var before: Int
        var after: Int
    }

    /// `from`/`through`: `YYYY-MM-DD`, inclusive; nil when either is not a day or the window is over 400 days.
    public init?(zone: TimeZone, from: String, through: String) {
        guard let a = CivilDate(from), let b = CivilDate(through), a <= b, b.days - a.days <= 400 else { return nil }
        self.zone = zone
        self.from = a
        self.through = b
        days = (a.days - margin...b.days + margin).map { n in
            let day = CivilDate(days: n)
            let midnight = Date(timeIntervalSince1970: TimeInterval(n * 86_400))
            return Day(
                weekday: day.weekday, monthDay: day.day, iso: day.iso,
                before: zone.secondsFromGMT(for: midnight.addingTimeInterval(-14 * 3600)),
                after: zone.secondsFromGMT(for: midnight.addingTimeInterval(38 * 3600)))
        }
    }

    private func info(_ d: CivilDate) -> Day? {
        let i = d.days - (from.days - margin)
        return days.indices.contains(i) ? days[i] : nil
    }

    /// The instant of a local day and minute. A time the clock skips (spring forward) is read with the offset before
    /// the change (02:30 becomes 03:30 summer time); a time that happens twice (fall back) is its first.
    func instant(_ day: CivilDate, minute: Int) -> Date {
        let local = day.days * 86_400 + minute * 60
        let (before, after) =
            info(day).map { ($0.before, $0.after) }
            ?? (
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 14 * 3600))),
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 14 * 3600)))
            )
        if before == after { return Date(timeIntervalSince1970: TimeInterval(local - before)) }
        let early = Date(timeIntervalSince1970: TimeInterval(local - before))
        if zone.secondsFromGMT(for: early) == before { return early }
        let late = Date(timeIntervalSince1970: TimeInterval(local - after))
        if zone.secondsFromGMT(for: late) == after { return late }
        return early
    }

    public func occurrences(of rule: Recurrence) -> [Occurrence] {
        PreparedRecurrence(rule).map { occurrences(of: $0) } ?? []
    }

    /// The occurrences of a rule within the window, in time order: the rule's days, cancelled ones left out, moved
    /// ones on their new day and time (shown when the new day is in the window, wherever the rule put them).
    public func occurrences(of p: PreparedRecurrence) -> [Occurrence] {
        var result: [Occurrence] = []
        let start = max(from, p.first)
        let end = min(through, p.last ?? through)
        guard start <= end || !p.exceptions.isEmpty else { return result }
        var d = start
        // every n days: straight to the rule's first step inside the window
        if p.rule.repeat == .everyNDays, d > p.first {
            d = p.first.adding(days: (d.days - p.first.days + p.step - 1) / p.step * p.step)
        }
        let stride = p.rule.repeat == .everyNDays ? p.step : 1
        while d <= end {
            let day = days[d.days - (from.days - margin)]
            if p.gives(d, weekday: day.weekday, monthDay: day.monthDay) {
                if let e = p.exceptions[d.days], e.cancelled == true || e.movedTo != nil || e.startTime != nil {
                    // cancelled, or shown where it was moved to (below)
                } else {
                    result.append(occurrence(key: day.iso, on: d, minute: p.startMinute, rule: p.rule, moved: false))
                }
            }
            d = d.adding(days: stride)
        }
        guard !p.exceptions.isEmpty else { return result }
        for (original, e) in p.exceptions where e.cancelled != true && (e.movedTo != nil || e.startTime != nil) {
            let day = CivilDate(days: original)
            guard let target = CivilDate(e.movedTo ?? e.date), target >= from, target <= through,
                p.gives(day, weekday: day.weekday, monthDay: day.day)
            else { continue }
            let minute = e.startTime.flatMap(CalendarValues.minutes) ?? p.startMinute
            result.append(occurrence(key: day.iso, on: target, minute: minute, rule: p.rule, moved: true))
        }
        result.sort { $0.start < $1.start }
        return result
    }

    private func occurrence(key: String, on day: CivilDate, minute: Int, rule: Recurrence, moved: Bool) -> Occurrence {
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
        return Occurrence(key: key, start: start, end: end, sessions: sessions, moved: moved)
    }
}
