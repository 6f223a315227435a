import Foundation

/// The public calendar (SPEC §9 «Public calendar by month», seed 000 «Реализация раздела "Мероприятия" на сайте»):
/// events of a window with their occurrences in the region's time zone, free places and whether sign-up is open.
public struct EventCalendarService: Sendable {
    let repository: EventCalendarRepository
    let zone: TimeZone
    let now: @Sendable () -> Date

    public init(repository: EventCalendarRepository, zone: TimeZone, now: @escaping @Sendable () -> Date = Date.init) {
        self.repository = repository
        self.zone = zone
        self.now = now
    }

    /// A start people sign up for: an occurrence, or a session of a split one.
    public struct StartView: Codable, Sendable {
        public var start: Date
        public var end: Date
        /// nil: no limit
        public var free: Int?
        /// sign-up closed (N days before the start, or the start has passed)
        public var closed: Bool
    }

    public struct OccurrenceView: Codable, Sendable {
        public var key: String
        public var start: Date
        public var end: Date
        public var moved: Bool
        public var free: Int?
        public var closed: Bool
        public var sessions: [StartView]
    }

    /// The window of `month` (`YYYY-MM`), or `from`…`through` (`YYYY-MM-DD`, at most 93 days); the current month by
    /// default. Nil when what was given is not a window.
    public func window(month: String?, from: String?, through: String?) -> (from: String, through: String)? {
        if let from, let through {
            guard let a = CivilDate(from), let b = CivilDate(through), a <= b, b.days - a.days <= 92 else { return nil }
            return (from, through)
        }
        let month = month ?? String(CivilDate(now(), zone: zone).iso.prefix(7))
        guard let first = CivilDate(month + "-01") else { return nil }
        let c = first.components
        return (
            first.iso, CivilDate(year: c.year, month: c.month, day: CivilDate.daysIn(year: c.year, month: c.month)).iso
        )
    }

    /// Occurrences of the candidates within the window, with places; events without one there are left out.
    func occurrences(of candidates: [EventCalendarRepository.Candidate], from: String, through: String) async throws
        -> [(EventCalendarRepository.Candidate, [OccurrenceView])]
    {
        guard let calendar = OccurrenceCalendar(zone: zone, from: from, through: through),
            let first = CivilDate(from), let last = CivilDate(through)
        else { return [] }
        // the window's instants with a day to spare on each side (time zones reach ±14 h)
        let taken = try await repository.taken(
            events: candidates.map(\.id), from: Date(timeIntervalSince1970: TimeInterval((first.days - 1) * 86_400)),
            to: Date(timeIntervalSince1970: TimeInterval((last.days + 2) * 86_400)))
        let now = now()
        return candidates.compactMap { c in
            let views = calendar.occurrences(of: c.schedule).map { o in view(o, of: c, taken: taken, now: now) }
            return views.isEmpty ? nil : (c, views)
        }
    }

    func view(
        _ o: Occurrence, of c: EventCalendarRepository.Candidate, taken: [EventCalendarRepository.Slot: Int], now: Date
    ) -> OccurrenceView {
        func start(_ s: Date, _ e: Date) -> StartView {
            let used = taken[.init(event: c.id, start: s)] ?? 0
            return StartView(
                start: s, end: e, free: c.capacity.map { max(0, $0 - used) },
                closed: now >= Self.closes(start: s, daysBefore: c.signupDaysBefore))
        }
        let whole = start(o.start, o.end)
        let sessions = o.sessions.map { start($0.start, $0.end) }
        return OccurrenceView(
            key: o.key, start: o.start, end: o.end, moved: o.moved,
            free: sessions.isEmpty ? whole.free : sessions.compactMap(\.free).max() ?? whole.free,
            closed: sessions.isEmpty ? whole.closed : sessions.allSatisfy(\.closed), sessions: sessions)
    }

    /// When sign-up for a start closes: «Возможно записаться за N дней» — N whole days before it (0: at the start).
    public static func closes(start: Date, daysBefore: Int) -> Date {
        start.addingTimeInterval(-TimeInterval(daysBefore) * 86_400)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    /// The card with its occurrences: PostgreSQL built the card (a JSON object), the occurrences join it as one more
    /// member.
    static func item(_ card: String, occurrences: [OccurrenceView]) throws -> String {
        let list = String(decoding: try encoder.encode(occurrences), as: UTF8.self)
        return card.dropLast() + ",\"occurrences\":" + list + "}"
    }

    /// One page of the calendar: `{"items": [card + occurrences], "nextCursor", "from", "through"}`.
    public func page(_ q: EventCalendarRepository.Question, page: PageRequest) async throws -> String {
        let rows = try await repository.page(q, page: page)
        let more = rows.count > page.limit
        let shown = Array(rows.prefix(page.limit))
        let found = try await occurrences(of: shown.map(\.candidate), from: q.from, through: q.through)
        let items = try found.map { try Self.item($0.0.card, occurrences: $0.1) }
        let cursor = more ? shown.last.map { Cursor(key: $0.key, id: $0.candidate.id).encoded() } : nil
        let next = cursor.map { "\"\($0)\"" } ?? "null"
        return "{\"items\":[" + items.joined(separator: ",") + "],\"nextCursor\":" + next + ",\"from\":\"\(q.from)\""
            + ",\"through\":\"\(q.through)\",\"timeZone\":\"\(zone.identifier)\"}"
    }

    /// One row per occurrence (or session) of the window: the calendar as a table.
    public func rows(_ q: EventCalendarRepository.Question) async throws -> [[String]] {
        let found = try await occurrences(of: try await repository.all(q), from: q.from, through: q.through)
        var rows: [[String]] = []
        for (c, views) in found {
            for o in views {
                let starts =
                    o.sessions.isEmpty
                    ? [StartView(start: o.start, end: o.end, free: o.free, closed: o.closed)]
                    : o.sessions
                for s in starts {
                    rows.append([
                        c.id.uuidString.lowercased(), c.name, c.organization, local(s.start), local(s.end),
                        c.municipality, c.address, s.free.map(String.init) ?? "", c.price,
                        s.closed ? "закрыта" : "открыта",
                    ])
                }
            }
        }
        return rows.sorted { $0[3] < $1[3] }
    }

    /// The event's page: its card and the occurrences of the coming 92 days.
    public func event(_ id: UUID, card: String) async throws -> String {
        guard let c = try await repository.published(id) else { throw Problem.notFound }
        let today = CivilDate(now(), zone: zone)
        let found = try await occurrences(of: [c], from: today.iso, through: today.adding(days: 92).iso)
        let upcoming = (found.first?.1 ?? []).filter { $0.end > now() }
        let withZone = card.dropLast() + ",\"timeZone\":\"\(zone.identifier)\"}"
        return try Self.item(String(withZone), occurrences: Array(upcoming.prefix(100)))
    }

    /// The occurrences of an event's schedule in a window, whatever its status (the organizer checks the rule before
    /// sending it to moderation): `{"items": [occurrence…], "timeZone"}`.
    public func preview(_ id: UUID, orgIds: [UUID]?, from: String, through: String) async throws -> String {
        var items: [OccurrenceView] = []
        if let c = try await repository.scheduled(id, orgIds: orgIds) {
            items = try await occurrences(of: [c], from: from, through: through).first?.1 ?? []
        }
        let list = String(decoding: try Self.encoder.encode(items), as: UTF8.self)
        return "{\"items\":" + list + ",\"nextCursor\":null,\"timeZone\":\"\(zone.identifier)\"}"
    }

    /// `YYYY-MM-DD HH:MM` on the region's clock.
    func local(_ d: Date) -> String {
        let seconds = Int(d.timeIntervalSince1970) + zone.secondsFromGMT(for: d)
        let day = CivilDate(days: Int((Double(seconds) / 86_400).rounded(.down)))
        let minute = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return day.iso + String(format: " %02d:%02d", minute / 60, minute % 60)
    }
}
