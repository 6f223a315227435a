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

    func query(_ f: AuditFilter, after cursor: Cursor?, limit: Int?) -> PostgresQuery {
        let afterMicros = cursor?.micros
        var q: PostgresQuery = """
            SELECT a.id, a.at, a.actor_id, u.email, a.action, a.entity, a.entity_id, a.before::text, a.after::text,
              a.request_id
            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
            WHERE (\(f.entity)::text IS NULL OR a.entity = \(f.entity))
              AND (\(f.entityId)::uuid IS NULL OR a.entity_id = \(f.entityId))
              AND (\(f.actorId)::uuid IS NULL OR a.actor_id = \(f.actorId))
              AND (\(f.action)::text IS NULL OR a.action = \(f.action))
              AND (\(f.from)::timestamptz IS NULL OR a.at >= \(f.from))
              AND (\(f.to)::timestamptz IS NULL OR a.at < \(f.to))
              AND (\(afterMicros)::bigint IS NULL
                   OR (a.at, a.id) < ('epoch'::timestamptz + \(afterMicros) * interval '1 microsecond', \(cursor?.id)))
            ORDER BY a.at DESC, a.id DESC
            """
        if let limit { q.sql += " LIMIT \(limit + 1)" }
        return q
    }

    static func entry(_ row: PostgresRow) throws -> AuditEntry {
        let (id, at, actorId, email, action, entity, entityId, before, after, requestId) = try row.decode(
            (UUID, Date, UUID?, String?, String, String, UUID?, String?, String?, String?).self)
        return AuditEntry(
            id: id, at: at, actorId: actorId, actorEmail: email, action: action, entity: entity, entityId: entityId,
            before: before.flatMap(JSONValue.parse), after: after.flatMap(JSONValue.parse), requestId: requestId)
    }

    public func list(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEntry> {
        let rows = try await db.rows(query(filter, after: page.cursor, limit: page.limit)).map(Self.entry)
        return page.page(rows, key: { $0.at.cursorKey }, id: \.id)
    }

    public func stream(_ filter: AuditFilter) async throws -> some AsyncSequence<AuditEntry, any Error> & Sendable {
        try await db.client.query(query(filter, after: nil, limit: nil), logger: db.logger).map(Self.entry)
    }
}
