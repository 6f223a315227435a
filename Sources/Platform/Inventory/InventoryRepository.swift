import Foundation
import NIOCore
import PostgresNIO

/// Generic SQL for every inventory list; each statement is bound to the organization (`org_id = …`).
struct InventoryRepository: Sendable {
    let db: Database
    let resource: InventoryResource

    func listQuery(orgId: UUID, search: String?, cursor: Cursor?, limit: Int?, csv: Bool) -> PostgresQuery {
        let pattern = search.map { "%" + $0.lowercased().replacingOccurrences(of: "ё", with: "е") + "%" }
        let select = csv ? resource.csv.map(\.sql).joined(separator: ", ") : "\(resource.json)::text, \(resource.sortKey), r.id"
        var q: PostgresQuery = """
            SELECT \(unescaped: select) FROM \(unescaped: resource.table) r
            WHERE r.org_id = \(orgId)
              AND (\(pattern)::text IS NULL OR replace(lower(\(unescaped: resource.search)), 'ё', 'е') LIKE \(pattern))
              AND (\(cursor?.key)::text IS NULL OR (\(unescaped: resource.sortKey), r.id) > (\(cursor?.key), \(cursor?.id)))
            ORDER BY \(unescaped: resource.sortKey), r.id
            """
        if let limit { q.sql += " LIMIT \(limit + 1)" }
        return q
    }

    func list(orgId: UUID, search: String?, page: PageRequest) async throws -> String {
        let rows = try await db.rows(listQuery(orgId: orgId, search: search, cursor: page.cursor, limit: page.limit, csv: false))
        return page.jsonPage(try rows.map { let c = try $0.decode((String, String, UUID).self); return (c.0, c.1, c.2) })
    }

    func stream(orgId: UUID, search: String?) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let width = resource.csv.count
        return try await db.client.query(listQuery(orgId: orgId, search: search, cursor: nil, limit: nil, csv: true), logger: db.logger).map { row in
            let cells = row.makeRandomAccess()
            return try (0..<width).map { try cells[$0].decode(String?.self) ?? "" }
        }
    }

    func item(id: UUID, orgId: UUID) async throws -> (json: String, version: Int)? {
        try await db.rows(
            "SELECT \(unescaped: resource.json)::text, r.version FROM \(unescaped: resource.table) r WHERE r.id = \(id) AND r.org_id = \(orgId)"
        ).first.map { try $0.decode((String, Int).self) }
    }

    /// Current row as JSON for the audit log, locked for the update that follows.
    func lockedSnapshot(id: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> (json: String, version: Int)? {
        try await conn.rows(
            "SELECT \(unescaped: resource.json)::text, r.version FROM \(unescaped: resource.table) r WHERE r.id = \(id) AND r.org_id = \(orgId) FOR UPDATE",
            logger: db.logger
        ).first.map { try $0.decode((String, Int).self) }
    }

    func insert(orgId: UUID, _ values: [(String, SQLValue)], on conn: PostgresConnection) async throws -> UUID {
        var binds = PostgresBindings()
        binds.append(orgId)
        var placeholders = ["$1::uuid"]
        for (_, value) in values {
            value.bind(into: &binds)
            placeholders.append("$\(binds.count)\(value.cast)")
        }
        let columns = (["org_id"] + values.map(\.0)).joined(separator: ", ")
        let sql = "INSERT INTO \(resource.table) (\(columns)) VALUES (\(placeholders.joined(separator: ", "))) RETURNING id"
        return try await conn.rows(PostgresQuery(unsafeSQL: sql, binds: binds), logger: db.logger)[0].decode(UUID.self)
    }

    func update(id: UUID, orgId: UUID, _ values: [(String, SQLValue)], on conn: PostgresConnection) async throws {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(orgId)
        var sets = ["updated_at = now()", "version = version + 1"]
        for (column, value) in values {
            value.bind(into: &binds)
            sets.append("\(column) = $\(binds.count)\(value.cast)")
        }
        let sql = "UPDATE \(resource.table) SET \(sets.joined(separator: ", ")) WHERE id = $1::uuid AND org_id = $2::uuid"
        try await conn.run(PostgresQuery(unsafeSQL: sql, binds: binds), logger: db.logger)
    }

    func delete(id: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows("DELETE FROM \(unescaped: resource.table) WHERE id = \(id) AND org_id = \(orgId) RETURNING id", logger: db.logger).count == 1
    }
}
