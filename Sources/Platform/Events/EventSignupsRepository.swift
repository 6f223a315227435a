import Foundation
import PostgresNIO

/// Sign-ups for events and the places they take (`event_slots`): writes inside the caller's transaction, JSON built by
/// PostgreSQL.
public struct EventSignupsRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static func utc(_ c: String) -> String { OrganizationProfileRepository.utc(c) }

    /// Takes a place at a start: one conditional upsert. Its row lock orders racing sign-ups and the condition is read
    /// again on the locked row, so the last place goes to exactly one of them. False: no place left.
    func takePlace(event: UUID, start: Date, capacity: Int?, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            """
            INSERT INTO event_slots AS s (event_id, starts_at, taken) VALUES (\(event), \(start), 1)
            ON CONFLICT (event_id, starts_at) DO UPDATE SET taken = s.taken + 1
            WHERE s.taken < coalesce(\(capacity)::int, 2147483647)
            RETURNING taken
            """, logger: db.logger
        ).count == 1
    }

    func freePlace(event: UUID, start: Date, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE event_slots SET taken = taken - 1 WHERE event_id = \(event) AND starts_at = \(start) AND taken > 0
            """, logger: db.logger)
    }

    /// Every live sign-up of an occurrence cancelled, with its history entry; its places freed. Answers who to tell.
    func cancelOccurrence(event: UUID, key: String, actor: UUID, comment: String, on conn: PostgresConnection)
        async throws -> [(signup: UUID, user: UUID, email: String)]
    {
        let rows = try await conn.rows(
            """
            WITH cancelled AS (
              UPDATE event_signups s SET status = 'cancelled', updated_at = now(), version = s.version + 1
              FROM event_signups before
              WHERE before.id = s.id AND s.event_id = \(event) AND s.occurrence_key = \(key)::date
                AND s.status <> 'cancelled'
              RETURNING s.id, s.user_id, s.starts_at, before.status AS was),
            history AS (
              INSERT INTO event_signup_history (signup_id, from_status, to_status, action, actor_id, comment)
              SELECT id, was, 'cancelled', 'cancel', \(actor), \(comment) FROM cancelled),
            freed AS (
              UPDATE event_slots t SET taken = greatest(0, t.taken - c.n)
              FROM (SELECT starts_at, count(*)::int AS n FROM cancelled GROUP BY starts_at) c
              WHERE t.event_id = \(event) AND t.starts_at = c.starts_at)
            SELECT c.id, c.user_id, u.email FROM cancelled c JOIN users u ON u.id = c.user_id
            """, logger: db.logger)
        return try rows.map { row in
            let (id, user, email) = try row.decode((UUID, UUID, String).self)
            return (id, user, email)
        }
    }

    /// The sign-ups and places of an occurrence moved by `seconds` (its sessions with it). Answers who to tell.
    func moveOccurrence(
        event: UUID, key: String, by seconds: TimeInterval, from: Date, to: Date, on conn: PostgresConnection
    ) async throws -> [(signup: UUID, user: UUID, email: String)] {
        let shift = "\(Int(seconds)) seconds"
        try await conn.run(
            """
            UPDATE event_slots SET starts_at = starts_at + \(shift)::interval
            WHERE event_id = \(event) AND starts_at >= \(from) AND starts_at < \(to)
            """, logger: db.logger)
        return try await conn.rows(
            """
            UPDATE event_signups s SET starts_at = s.starts_at + \(shift)::interval,
              ends_at = s.ends_at + \(shift)::interval, reminded_at = NULL, updated_at = now(), version = s.version + 1
            FROM users u
            WHERE u.id = s.user_id AND s.event_id = \(event) AND s.occurrence_key = \(key)::date
              AND s.status <> 'cancelled'
            RETURNING s.id, s.user_id, u.email
            """, logger: db.logger
        ).map { row in
            let (id, user, email) = try row.decode((UUID, UUID, String).self)
            return (id, user, email)
        }
    }

    /// The caller's live sign-up at this start, if any.
    func existing(event: UUID, start: Date, user: UUID, on conn: PostgresConnection) async throws -> UUID? {
        try await conn.rows(
            """
            SELECT id FROM event_signups WHERE event_id = \(event) AND starts_at = \(start) AND user_id = \(user)
              AND status <> 'cancelled'
            """, logger: db.logger
        ).first?.decode(UUID.self)
    }

    /// Nil when the person already has a live sign-up at this start (a second request racing the first).
    func insert(
        event: UUID, user: UUID, key: String, start: Date, end: Date, comment: String?, on conn: PostgresConnection
    ) async throws -> UUID? {
        try await conn.rows(
            """
            INSERT INTO event_signups (event_id, user_id, occurrence_key, starts_at, ends_at, comment)
            VALUES (\(event), \(user), \(key)::date, \(start), \(end), \(comment))
            ON CONFLICT (event_id, starts_at, user_id) WHERE status <> 'cancelled' DO NOTHING RETURNING id
            """, logger: db.logger
        ).first?.decode(UUID.self)
    }

    struct Locked: Sendable {
        var eventId: UUID
        var orgId: UUID
        var userId: UUID
        var status: EventSignupStatus
        var startsAt: Date
        var eventName: String
        var email: String
    }

    func lock(id: UUID, on conn: PostgresConnection) async throws -> Locked? {
        guard
            let row = try await conn.rows(
                """
                SELECT s.event_id, e.org_id, s.user_id, s.status, s.starts_at, e.name, u.email
                FROM event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
                WHERE s.id = \(id) FOR UPDATE OF s
                """, logger: db.logger
            ).first
        else { return nil }
        let (event, org, user, status, start, name, email) = try row.decode(
            (UUID, UUID, UUID, String, Date, String, String).self)
        return Locked(
            eventId: event, orgId: org, userId: user, status: EventSignupStatus(rawValue: status) ?? .new,
            startsAt: start, eventName: name, email: email)
    }

    func changeStatus(
        id: UUID, from: EventSignupStatus, to: EventSignupStatus, action: EventSignupAction, actor: UUID,
        comment: String?, on conn: PostgresConnection
    ) async throws -> Bool {
        let changed =
            try await conn.rows(
                """
                UPDATE event_signups SET status = \(to.rawValue), updated_at = now(), version = version + 1
                WHERE id = \(id) AND status = \(from.rawValue) RETURNING id
                """, logger: db.logger
            ).count == 1
        if changed {
            try await conn.run(
                """
                INSERT INTO event_signup_history (signup_id, from_status, to_status, action, actor_id, comment)
                VALUES (\(id), \(from.rawValue), \(to.rawValue), \(action.rawValue), \(actor), \(comment))
                """, logger: db.logger)
        }
        return changed
    }

    /// A sign-up as its card shows it; `orgIds` (nil: any) and `user` (nil: any) say who may read it. `allowed`: the
    /// reader's actions per status (`EventSignupWorkflow.allowedJSON`). `nextNew`: the oldest other new sign-up at the
    /// same organizer (seed 000 «перейти к следующей заявке со статусом "Новая"»).
    func detail(id: UUID, orgIds: [UUID]?, user: UUID?, allowed: String, zone: String) async throws -> String? {
        let organizer = user == nil  // «следующая новая заявка» is the desk's, never shown to a participant
        return try await db.rows(
            """
            SELECT json_build_object('id', s.id, 'number', s.number, 'status', s.status, 'comment', s.comment,
              'timeZone', \(zone)::text,
              'occurrenceKey', s.occurrence_key, 'startsAt', \(unescaped: Self.utc("s.starts_at")),
              'endsAt', \(unescaped: Self.utc("s.ends_at")), 'createdAt', \(unescaped: Self.utc("s.created_at")),
              'event', json_build_object('id', e.id, 'name', e.name, 'address', e.address,
                'municipality', (SELECT name FROM directory_items WHERE id = e.municipality_id)),
              'organization', (SELECT json_build_object('id', o.id, 'shortName', o.short_name, 'phone', o.phone,
                'email', o.email) FROM organizations o WHERE o.id = e.org_id),
              'participant', json_build_object('id', u.id, 'name', concat_ws(' ', u.last_name, u.first_name,
                u.middle_name), 'email', u.email, 'phone', u.phone),
              'allowed', (\(allowed)::jsonb) -> s.status,
              'history', coalesce((SELECT json_agg(json_build_object('action', h.action, 'toStatus', h.to_status,
                'comment', h.comment, 'at', \(unescaped: Self.utc("h.at")),
                'author', (SELECT concat_ws(' ', last_name, first_name) FROM users WHERE id = h.actor_id))
                ORDER BY h.at) FROM event_signup_history h WHERE h.signup_id = s.id), '[]'),
              'nextNew', CASE WHEN \(organizer) THEN (SELECT n.id FROM event_signups n
                JOIN events ne ON ne.id = n.event_id WHERE ne.org_id = e.org_id AND n.status = 'new' AND n.id <> s.id
                ORDER BY n.created_at, n.id LIMIT 1) END)::text
            FROM event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id
            WHERE s.id = \(id) AND e.org_id = ANY(coalesce(\(orgIds), ARRAY[e.org_id]))
              AND s.user_id = coalesce(\(user), s.user_id)
            """
        ).first?.decode(String.self)
    }

    /// The organizer's desk: filters of seed 000 «Заявки на мероприятия».
    public struct DeskFilter: Sendable {
        public var orgIds: [UUID]?
        public var eventId: UUID?
        public var status: String?
        public var search: String?
        public var from: Date?
        public var to: Date?
        /// the participant's own sign-ups (their cabinet)
        public var userId: UUID?
    }

    func filtered(_ f: DeskFilter) throws -> ListQuery {
        var q = ListQuery(
            from: "event_signups s JOIN events e ON e.id = s.event_id JOIN users u ON u.id = s.user_id",
            keyset: .time("s.starts_at", id: "s.id", descending: f.userId != nil))
        try q.filter("e.org_id = ANY(?)", f.orgIds)
        try q.filter("s.user_id = ?", f.userId)
        try q.filter("s.event_id = ?", f.eventId)
        try q.filter("s.status = ?", f.status)
        try q.filter("s.starts_at >= ?", f.from)
        try q.filter("s.starts_at < ?", f.to)
        try q.contains("concat_ws(' ', u.last_name, u.first_name, u.middle_name, u.email, e.name)", f.search)
        return q
    }

    static let listSQL = """
        json_build_object('id', s.id, 'number', s.number, 'status', s.status,
          'startsAt', \(utc("s.starts_at")), 'endsAt', \(utc("s.ends_at")), 'createdAt', \(utc("s.created_at")),
          'event', json_build_object('id', e.id, 'name', e.name, 'address', e.address),
          'organization', (SELECT short_name FROM organizations WHERE id = e.org_id),
          'participant', json_build_object('name', concat_ws(' ', u.last_name, u.first_name, u.middle_name),
            'email', u.email))
        """

    /// `zone`: the region's time zone, which the page names so that clients show starts on the region's clock.
    public func list(_ f: DeskFilter, page: PageRequest, zone: String) async throws -> String {
        try await db.page(filtered(f).page(Self.listSQL, page: page), extra: ("timeZone", "\"\(zone)\""))
    }

    /// Rows of the desk as people read them: times on the region's clock (`zone`), statuses by name.
    public func stream(_ f: DeskFilter, zone: String) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        var q = try filtered(f)
        let z = try q.bind(zone)
        let columns = """
            s.number::text, e.name, to_char(s.starts_at AT TIME ZONE \(z), 'DD.MM.YYYY HH24:MI'), s.status,
            concat_ws(' ', u.last_name, u.first_name, u.middle_name), u.email, coalesce(u.phone, ''),
            coalesce(s.comment, ''), to_char(s.created_at AT TIME ZONE \(z), 'DD.MM.YYYY HH24:MI')
            """
        return try await db.client.query(q.all(columns), logger: db.logger).map { row in
            let c = try row.decode((String, String, String, String, String, String, String, String, String).self)
            let status = EventSignupStatus(rawValue: c.3).map(EventSignupWorkflow.title) ?? c.3
            return [c.0, c.1, c.2, status, c.4, c.5, c.6, c.7, c.8]
        }
    }

    /// Sign-ups of starts between `from` and `to` not reminded yet, marked reminded in the same statement (several
    /// servers may run the job: each sign-up is taken once).
    func takeReminders(from: Date, to: Date, on conn: PostgresConnection) async throws -> [(
        user: UUID, email: String, event: UUID, name: String, start: Date, address: String
    )] {
        try await conn.rows(
            """
            UPDATE event_signups s SET reminded_at = now() FROM events e, users u
            WHERE e.id = s.event_id AND u.id = s.user_id AND s.status IN ('new', 'confirmed')
              AND s.reminded_at IS NULL AND s.starts_at >= \(from) AND s.starts_at < \(to)
            RETURNING u.id, u.email, e.id, e.name, s.starts_at, coalesce(e.address, '')
            """, logger: db.logger
        ).map { row in
            let (user, email, event, name, start, address) = try row.decode(
                (UUID, String, UUID, String, Date, String).self)
            return (user, email, event, name, start, address)
        }
    }
}
