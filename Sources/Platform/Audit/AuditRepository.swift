import Foundation
import Logging
import PostgresNIO

public struct AuditEntry: Codable, Sendable {
    public var id: UUID
    public var at: Date
    public var actorId: UUID?
    public var actorEmail: String?
    public var action: String
    public var entity: String
    public var entityId: UUID?
    /// what the changed record is called now (a person's name and e-mail, an organization's, program's or group's
    /// name, an application's number), so the journal reads «Выдача роли — Иванова Анна» rather than an id
    public var entityName: String?
    public var before: JSONValue?
    public var after: JSONValue?
    public var requestId: String?
}

public struct AuditFilter: Sendable {
    public var entity: String?
    public var entityId: UUID?
    public var actorId: UUID?
    public var action: String?
    public var from: Date?
    public var to: Date?
}

/// Reads the audit log (admins only; see AuditController).
public struct AuditRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    /// One entry, on the transaction of the change it describes.
    static func insert(
        actor: UUID?, action: String, entity: String, entityId: UUID?, before: String?, after: String?,
        requestId: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await conn.run(
            """
            INSERT INTO audit_log (actor_id, action, entity, entity_id, before, after, request_id)
            VALUES (\(actor), \(action), \(entity), \(entityId), \(before)::jsonb, \(after)::jsonb, \(requestId))
            """, logger: logger)
    }

    static let columns = """
        a.id, a.at, a.actor_id, u.email, a.action, a.entity, a.entity_id, a.before::text, a.after::text, a.request_id,
        CASE a.entity
          WHEN 'user' THEN (SELECT x.last_name || ' ' || x.first_name || ' (' || x.email || ')' FROM users x
                            WHERE x.id = a.entity_id)
          WHEN 'organization' THEN (SELECT x.short_name FROM organizations x WHERE x.id = a.entity_id)
          WHEN 'program' THEN (SELECT x.full_name FROM programs x WHERE x.id = a.entity_id)
          WHEN 'module' THEN (SELECT x.name FROM modules x WHERE x.id = a.entity_id)
          WHEN 'study_group' THEN (SELECT x.name FROM study_groups x WHERE x.id = a.entity_id)
          WHEN 'application' THEN (SELECT '№ ' || x.number || ', ' || x.last_name || ' ' || x.first_name
                                   FROM applications x WHERE x.id = a.entity_id)
        END
        """

    /// The journal newest first.
    func filtered(_ f: AuditFilter) throws -> ListQuery {
        var q = ListQuery(
            from: "audit_log a LEFT JOIN users u ON u.id = a.actor_id", keyset: .time("a.at", id: "a.id"))
        try q.filter("a.entity = ?", f.entity)
        try q.filter("a.entity_id = ?", f.entityId)
        try q.filter("a.actor_id = ?", f.actorId)
        try q.filter("a.action = ?", f.action)
        try q.filter("a.at >= ?", f.from)
        try q.filter("a.at < ?", f.to)
        return q
    }

    static func entry(_ row: PostgresRow) throws -> AuditEntry {
        let (id, at, actorId, email, action, entity, entityId, before, after, requestId, name) = try row.decode(
            (UUID, Date, UUID?, String?, String, String, UUID?, String?, String?, String?, String?).self)
        return AuditEntry(
            id: id, at: at, actorId: actorId, actorEmail: email, action: action, entity: entity, entityId: entityId,
            entityName: name, before: before.flatMap(JSONValue.parse), after: after.flatMap(JSONValue.parse),
            requestId: requestId)
    }

    public func list(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEntry> {
        let rows = try await db.rows(filtered(filter).rows(Self.columns, page: page)).map(Self.entry)
        return page.page(rows, key: { $0.at.cursorKey }, id: \.id)
    }

    public func stream(_ filter: AuditFilter) async throws -> some AsyncSequence<AuditEntry, any Error> & Sendable {
        try await db.client.query(filtered(filter).all(Self.columns), logger: db.logger).map(Self.entry)
    }
}
