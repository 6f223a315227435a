import Foundation
import PostgresNIO

/// The public calendar's SQL: published events whose span meets a window, with the catalog's search engine and
/// filters, and the places taken at their starts.
public struct EventCalendarRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    /// What a visitor asks the calendar.
    public struct Question: Sendable {
        public var from: String
        public var through: String
        public var search: String?
        public var municipalityId: UUID?
        public var sectionId: UUID?
        public var subsectionId: UUID?
        public var tagId: UUID?
        public var categoryId: UUID?
        public var organizationId: UUID?
        public var free = false
        public var accessible = false
    }

    /// A published event as the calendar shows it: its card (JSON), its rule and what the CSV prints.
    struct Candidate: Sendable {
        var id: UUID
        var card: String
        var schedule: Recurrence
        var capacity: Int?
        var signupDaysBefore: Int
        var name: String
        var organization: String
        var municipality: String
        var address: String
        var price: String
    }

    static let cardSQL = """
        json_build_object('id', e.id, 'name', e.name, 'shortDescription', e.short_description,
          'organization', (SELECT json_build_object('id', o.id, 'shortName', o.short_name) FROM organizations o
            WHERE o.id = e.org_id),
          'municipality', \(EventsRepository.ref("e.municipality_id")), 'address', e.address,
          'section', \(EventsRepository.ref("e.section_id")), 'subsection', \(EventsRepository.ref("e.subsection_id")),
          'tags', \(EventsRepository.refs("e.tag_ids")), 'form', \(EventsRepository.ref("e.form_id")),
          'level', \(EventsRepository.ref("e.level_id")), 'price', e.price, 'accessible', e.accessible,
          'capacity', e.capacity, 'signupDaysBefore', e.signup_days_before,
          'durationValue', e.duration_value, 'durationUnit', e.duration_unit,
          'cover', CASE WHEN e.cover_file_id IS NULL THEN NULL ELSE '/api/v1/files/' || e.cover_file_id END)
        """
    static let columns = """
        e.id, \(cardSQL)::text, e.schedule::text, e.capacity, e.signup_days_before, e.name,
        (SELECT short_name FROM organizations WHERE id = e.org_id),
        coalesce((SELECT name FROM directory_items WHERE id = e.municipality_id), ''), coalesce(e.address, ''),
        coalesce(e.price::text, '')
        """

    func filtered(_ q: Question) throws -> ListQuery {
        var l = ListQuery(from: "events e", keyset: .text("e.name", id: "e.id"))
        l.filter("e.status = 'published'")
        try l.filter("e.first_day <= ?::date", q.through)
        try l.filter("coalesce(e.last_day, 'infinity') >= ?::date", q.from)
        try l.search(q.search, vector: "e.search", scope: .events, text: "e.name")
        try l.filter("e.municipality_id = ?", q.municipalityId)
        try l.filter("e.section_id = ?", q.sectionId)
        try l.filter("e.subsection_id = ?", q.subsectionId)
        try l.filter("e.tag_ids @> ARRAY[?::uuid]", q.tagId)
        try l.filter("e.participant_category_ids @> ARRAY[?::uuid]", q.categoryId)
        try l.filter("e.org_id = ?", q.organizationId)
        l.filter("coalesce(e.price, 0) = 0", when: q.free)
        l.filter("e.accessible", when: q.accessible)
        return l
    }

    static func candidate(_ row: PostgresRow) throws -> Candidate? {
        let (id, card, schedule, capacity, days, name, org, municipality, address, price) = try row.decode(
            (UUID, String, String, Int?, Int, String, String, String, String, String).self)
        guard let rule = try? JSONDecoder().decode(Recurrence.self, from: Data(schedule.utf8)) else { return nil }
        return Candidate(
            id: id, card: card, schedule: rule, capacity: capacity, signupDaysBefore: days, name: name,
            organization: org, municipality: municipality, address: address, price: price)
    }

    /// One page of matching events by name (`limit + 1` rows: the extra one says a next page exists).
    func page(_ q: Question, page: PageRequest) async throws -> [(candidate: Candidate, key: String)] {
        try await db.rows(filtered(q).rows(Self.columns, page: page)).compactMap { row in
            try Self.candidate(row).map { ($0, $0.name) }
        }
    }

    /// Every matching event (the CSV).
    func all(_ q: Question) async throws -> [Candidate] {
        try await db.rows(filtered(q).all(Self.columns)).compactMap(Self.candidate)
    }

    /// One published event.
    func published(_ id: UUID) async throws -> Candidate? {
        try await db.rows(
            "SELECT \(unescaped: Self.columns) FROM events e WHERE e.id = \(id) AND e.status = 'published'"
        ).first.flatMap(Self.candidate)
    }

    /// One event of `orgIds` (nil: any) in whatever status, when it has a schedule (its organizer's preview).
    func scheduled(_ id: UUID, orgIds: [UUID]?) async throws -> Candidate? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.columns) FROM events e WHERE e.id = \(id) AND e.schedule IS NOT NULL
              AND e.org_id = ANY(coalesce(\(orgIds), ARRAY[e.org_id]))
            """
        ).first.flatMap(Self.candidate)
    }

    /// Places taken at the events' starts within [from, to).
    func taken(events: [UUID], from: Date, to: Date) async throws -> [Slot: Int] {
        guard !events.isEmpty else { return [:] }
        var result: [Slot: Int] = [:]
        for row in try await db.rows(
            """
            SELECT event_id, starts_at, taken FROM event_slots
            WHERE event_id = ANY(\(events)) AND starts_at >= \(from) AND starts_at < \(to)
            """)
        {
            let (event, start, taken) = try row.decode((UUID, Date, Int).self)
            result[Slot(event: event, start: start)] = taken
        }
        return result
    }

    struct Slot: Hashable, Sendable {
        var event: UUID
        var start: Date
    }
}
