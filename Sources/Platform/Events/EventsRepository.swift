import Foundation
import PostgresNIO

/// Events as their organizations and moderators work on them: JSON built by PostgreSQL, writes inside the caller's
/// transaction. The editable columns travel as one JSON record (`jsonb_populate_record`), so a field added to
/// `EventValues` and to `contentColumns` is read and written everywhere at once.
public struct EventsRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static func ref(_ c: String) -> String { OrganizationProfileRepository.ref(c) }
    static func utc(_ c: String) -> String { OrganizationProfileRepository.utc(c) }
    static func refs(_ c: String) -> String {
        """
        coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name', d.name)
          ORDER BY d.sort_order, d.name) FROM directory_items d WHERE d.id = ANY(\(c))), '[]')
        """
    }
    static func image(_ c: String) -> String {
        """
        (SELECT json_build_object('id', f.id, 'url', '/api/v1/files/' || f.id, 'width', f.width, 'height', f.height)
         FROM files f WHERE f.id = \(c))
        """
    }

    static let contentColumns = """
        name, short_description, description, duration_value, duration_unit, signup_days_before,
        participant_category_ids, capacity, level_id, form_id, accessible, address, municipality_id, plan, goals,
        results, facilities, conditions, press_release, contacts, price, cover_file_id, gallery_file_ids, section_id,
        subsection_id, tag_ids, schedule, wizard_step
        """

    /// The card of an event (organizer, moderator, public page): every field with directory names.
    static let detailSQL = """
        json_build_object('id', e.id, 'organizationId', e.org_id,
          'organization', (SELECT json_build_object('id', o.id, 'shortName', o.short_name, 'publicName',
            o.public_name) FROM organizations o WHERE o.id = e.org_id),
          'status', e.status, 'name', e.name, 'shortDescription', e.short_description, 'description', e.description,
          'durationValue', e.duration_value, 'durationUnit', e.duration_unit, 'signupDaysBefore', e.signup_days_before,
          'participantCategories', \(refs("e.participant_category_ids")), 'capacity', e.capacity,
          'level', \(ref("e.level_id")), 'form', \(ref("e.form_id")), 'accessible', e.accessible,
          'address', e.address, 'municipality', \(ref("e.municipality_id")), 'plan', e.plan, 'goals', e.goals,
          'results', e.results, 'facilities', e.facilities, 'conditions', e.conditions,
          'pressRelease', e.press_release, 'contacts', e.contacts, 'price', e.price,
          'cover', \(image("e.cover_file_id")),
          'gallery', coalesce((SELECT json_agg(\(image("g.id")) ORDER BY g.n)
            FROM unnest(e.gallery_file_ids) WITH ORDINALITY g (id, n)), '[]'),
          'section', \(ref("e.section_id")), 'subsection', \(ref("e.subsection_id")), 'tags', \(refs("e.tag_ids")),
          'schedule', e.schedule, 'wizardStep', e.wizard_step, 'publishedAt', \(utc("e.published_at")),
          'createdAt', \(utc("e.created_at")), 'updatedAt', \(utc("e.updated_at")), 'version', e.version)
        """

    static let listSQL = """
        json_build_object('id', e.id, 'organizationId', e.org_id, 'status', e.status, 'name', e.name,
          'organization', (SELECT o.short_name FROM organizations o WHERE o.id = e.org_id),
          'firstDay', e.first_day, 'lastDay', e.last_day, 'wizardStep', e.wizard_step,
          'signups', (SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'new'),
          'updatedAt', \(utc("e.updated_at")), 'version', e.version)
        """

    /// Events of `orgIds` (nil: every organization) by name.
    func filtered(orgIds: [UUID]?, status: String?, search: String?) throws -> ListQuery {
        var q = ListQuery(from: "events e", keyset: .text("e.name", id: "e.id"))
        try q.filter("e.org_id = ANY(?)", orgIds)
        try q.filter("e.status = ?", status)
        try q.contains("e.name", search)
        return q
    }

    public func list(orgIds: [UUID]?, status: String?, search: String?, page: PageRequest) async throws -> String {
        try await db.page(filtered(orgIds: orgIds, status: status, search: search).page(Self.listSQL, page: page))
    }

    public func stream(orgIds: [UUID]?, status: String?, search: String?) async throws -> some AsyncSequence<
        [String], any Error
    > & Sendable {
        let columns = """
            e.id::text, e.name, e.status, (SELECT short_name FROM organizations WHERE id = e.org_id),
              coalesce(e.first_day::text, ''), coalesce(e.last_day::text, ''), coalesce(e.capacity::text, ''),
              (SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND s.status <> 'cancelled')::text
            """
        return try await db.client.query(
            filtered(orgIds: orgIds, status: status, search: search).all(columns), logger: db.logger
        )
        .map { row in
            let c = try row.decode((String, String, String, String, String, String, String, String).self)
            return [c.0, c.1, ProgramStatus(rawValue: c.2).map(EventWorkflow.title) ?? c.2, c.3, c.4, c.5, c.6, c.7]
        }
    }

    /// The event if it is one of `orgIds` (nil: any); `published` narrows to what the public sees.
    public func detail(id: UUID, orgIds: [UUID]?, published: Bool = false) async throws
        -> (json: String, version: Int)?
    {
        try await db.rows(
            """
            SELECT \(unescaped: Self.detailSQL)::text, e.version FROM events e WHERE e.id = \(id)
              AND e.org_id = ANY(coalesce(\(orgIds), ARRAY[e.org_id])) AND (NOT \(published) OR e.status = 'published')
            """
        ).first.map { try $0.decode((String, Int).self) }
    }

    func lock(id: UUID, on conn: PostgresConnection) async throws -> (
        orgId: UUID, status: ProgramStatus, version: Int, authorId: UUID?
    )? {
        guard
            let row = try await conn.rows(
                "SELECT org_id, status, version, author_id FROM events WHERE id = \(id) FOR UPDATE", logger: db.logger
            ).first
        else { return nil }
        let (org, status, version, author) = try row.decode((UUID, String, Int, UUID?).self)
        return (org, ProgramStatus(rawValue: status) ?? .draft, version, author)
    }

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }()

    func values(id: UUID, on conn: PostgresConnection) async throws -> EventValues? {
        guard
            let json = try await conn.rows(
                "SELECT (to_jsonb(e) - 'search')::text FROM events e WHERE e.id = \(id)", logger: db.logger
            ).first?.decode(String.self)
        else { return nil }
        return try Self.decoder.decode(EventValues.self, from: Data(json.utf8))
    }

    /// The record of `v` for `jsonb_populate_record`: snake_case columns; the schedule keeps its own camelCase keys,
    /// and the days it spans (`first_day`, `last_day`) come with it.
    static func record(_ v: EventValues) throws -> String {
        var object = try JSONSerialization.jsonObject(with: encoder.encode(v)) as? [String: Any] ?? [:]
        if let schedule = v.schedule {
            object["schedule"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(schedule))
            let span = PreparedRecurrence(schedule)?.span
            object["first_day"] = span?.first ?? schedule.startsOn
            object["last_day"] = span?.last ?? NSNull()
        } else {
            object["schedule"] = NSNull()
            object["first_day"] = NSNull()
            object["last_day"] = NSNull()
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    func insert(orgId: UUID, author: UUID?, _ v: EventValues, on conn: PostgresConnection) async throws -> UUID {
        let columns = Self.contentColumns + ", first_day, last_day"
        return try await conn.rows(
            """
            INSERT INTO events (org_id, author_id, \(unescaped: columns))
            SELECT \(orgId), \(author), \(unescaped: columns) FROM jsonb_populate_record(NULL::events,
              \(try Self.record(v))::jsonb)
            RETURNING id
            """, logger: db.logger
        )[0].decode(UUID.self)
    }

    func update(id: UUID, _ v: EventValues, on conn: PostgresConnection) async throws {
        let columns = Self.contentColumns + ", first_day, last_day"
        try await conn.run(
            """
            UPDATE events SET (\(unescaped: columns)) = (SELECT \(unescaped: columns)
              FROM jsonb_populate_record(NULL::events, \(try Self.record(v))::jsonb)),
              updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    /// The schedule alone (and the days it spans), whatever the status: a date cancelled or moved after publication.
    func setSchedule(id: UUID, _ v: EventValues, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE events e SET (schedule, first_day, last_day) = (SELECT r.schedule, r.first_day, r.last_day
              FROM jsonb_populate_record(NULL::events, \(try Self.record(v))::jsonb) r),
              updated_at = now(), version = e.version + 1
            WHERE e.id = \(id)
            """, logger: db.logger)
    }

    func changeStatus(
        id: UUID, from: ProgramStatus, to: ProgramStatus, action: EventAction, actor: UUID?, comment: String?,
        on conn: PostgresConnection
    ) async throws -> Bool {
        let changed =
            try await conn.rows(
                """
                UPDATE events SET status = \(to.rawValue), updated_at = now(), version = version + 1,
                  published_at = CASE WHEN \(to.rawValue) = 'published' THEN now() ELSE published_at END
                WHERE id = \(id) AND status = \(from.rawValue) RETURNING id
                """, logger: db.logger
            ).count == 1
        if changed {
            try await conn.run(
                """
                INSERT INTO event_status_history (event_id, from_status, to_status, action, actor_id, comment)
                VALUES (\(id), \(from.rawValue), \(to.rawValue), \(action.rawValue), \(actor), \(comment))
                """, logger: db.logger)
        }
        return changed
    }

    func everPublished(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "SELECT 1 FROM event_status_history WHERE event_id = \(id) AND to_status = 'published' LIMIT 1",
            logger: db.logger
        ).count == 1
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM events WHERE id = \(id)", logger: db.logger)
    }

    /// The moderation thread: every step with its comment, oldest first.
    public func history(id: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('items', coalesce(json_agg(json_build_object('id', h.id, 'action', h.action,
              'fromStatus', h.from_status, 'toStatus', h.to_status, 'comment', h.comment,
              'at', \(unescaped: Self.utc("h.at")),
              'author', (SELECT last_name || ' ' || first_name FROM users WHERE id = h.actor_id)) ORDER BY h.at), '[]'),
              'nextCursor', NULL)::text
            FROM event_status_history h WHERE h.event_id = \(id)
            """)[0].decode(String.self)
    }

    func name(id: UUID, on conn: PostgresConnection) async throws -> String {
        try await conn.rows("SELECT name FROM events WHERE id = \(id)", logger: db.logger)[0].decode(String.self)
    }
}
