import Foundation
import NIOCore
import PostgresNIO

/// Generic SQL for every inventory list; each statement is bound to the organization (`org_id = …`), so a row of
/// another organization is simply not found.
struct InventoryRepository: Sendable {
    let db: Database

    /// The organization's rows of one inventory table, in the table's order.
    func filtered(_ table: InventoryTable, orgId: UUID, search: String?) throws -> ListQuery {
        var q = ListQuery(from: "\(table.name) r", keyset: .text(table.sortKey, id: "r.id"))
        try q.filter("r.org_id = ?", orgId)
        try q.contains(table.search, search)
        return q
    }

    func list(_ table: InventoryTable, orgId: UUID, search: String?, page: PageRequest) async throws -> String {
        try await db.page(filtered(table, orgId: orgId, search: search).page(table.json, page: page))
    }

    func stream(_ table: InventoryTable, orgId: UUID, search: String?) async throws -> some AsyncSequence<
        [String], any Error
    > & Sendable {
        let width = table.csv.count
        let columns = table.csv.map(\.sql).joined(separator: ", ")
        return try await db.client.query(
            filtered(table, orgId: orgId, search: search).all(columns), logger: db.logger
        ).map { row in
            let cells = row.makeRandomAccess()
            return try (0..<width).map { try cells[$0].decode(String?.self) ?? "" }
        }
    }

    func item(_ table: InventoryTable, id: UUID, orgId: UUID) async throws -> (json: String, version: Int)? {
        try await db.rows(
            """
            SELECT \(unescaped: table.json)::text, r.version FROM \(unescaped: table.name) r WHERE r.id = \(id)
              AND r.org_id = \(orgId)
            """
        ).first.map { try $0.decode((String, Int).self) }
    }

    /// Current row as JSON for the audit log, locked for the update that follows.
    func lockedSnapshot(_ table: InventoryTable, id: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> (
        json: String, version: Int
    )? {
        try await conn.rows(
            """
            SELECT \(unescaped: table.json)::text, r.version FROM \(unescaped: table.name) r WHERE r.id = \(id)
              AND r.org_id = \(orgId) FOR UPDATE
            """,
            logger: db.logger
        ).first.map { try $0.decode((String, Int).self) }
    }

    func insert(_ table: InventoryTable, orgId: UUID, _ values: [(String, SQLValue)], on conn: PostgresConnection)
        async throws -> UUID
    {
        var binds = PostgresBindings()
        binds.append(orgId)
        var placeholders = ["$1::uuid"]
        for (_, value) in values {
            value.bind(into: &binds)
            placeholders.append("$\(binds.count)\(value.cast)")
        }
        let columns = (["org_id"] + values.map(\.0)).joined(separator: ", ")
        let sql = "INSERT INTO \(table.name) (\(columns)) VALUES (\(placeholders.joined(separator: ", "))) RETURNING id"
        return try await conn.rows(PostgresQuery(unsafeSQL: sql, binds: binds), logger: db.logger)[0].decode(UUID.self)
    }

    func update(
        _ table: InventoryTable, id: UUID, orgId: UUID, _ values: [(String, SQLValue)], on conn: PostgresConnection
    ) async throws {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(orgId)
        var sets = ["updated_at = now()", "version = version + 1"]
        for (column, value) in values {
            value.bind(into: &binds)
            sets.append("\(column) = $\(binds.count)\(value.cast)")
        }
        let sql = "UPDATE \(table.name) SET \(sets.joined(separator: ", ")) WHERE id = $1::uuid AND org_id = $2::uuid"
        try await conn.run(PostgresQuery(unsafeSQL: sql, binds: binds), logger: db.logger)
    }

    func delete(_ table: InventoryTable, id: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "DELETE FROM \(unescaped: table.name) WHERE id = \(id) AND org_id = \(orgId) RETURNING id",
            logger: db.logger
        ).count == 1
    }

    func exists(_ id: UUID, in table: InventoryTable, org: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM \(unescaped: table.name) WHERE id = \(id) AND org_id = \(org)", logger: db.logger
        ).isEmpty
    }

    /// A room's fields as the input of a new one («создать копию»).
    func room(_ id: UUID, org: UUID, on conn: PostgresConnection) async throws -> String? {
        try await conn.rows(
            """
            SELECT json_build_object('objectGroupId', object_group_id, 'name', name, 'number', number, 'floor', floor,
              'roomTypeId', room_type_id, 'area', area, 'capacity', capacity, 'accessible', accessible,
              'description', description)::text
            FROM rooms WHERE id = \(id) AND org_id = \(org)
            """, logger: db.logger
        ).first?.decode(String.self)
    }

    func isMember(_ user: UUID, of org: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "SELECT 1 FROM memberships WHERE user_id = \(user) AND org_id = \(org)", logger: db.logger
        ).isEmpty
    }

    func replaceCompetencies(of staff: UUID, _ ids: [UUID], on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM staff_resource_competencies WHERE staff_id = \(staff)", logger: db.logger)
        try await conn.run(
            "INSERT INTO staff_resource_competencies (staff_id, competency_id) SELECT \(staff), unnest(\(ids)::uuid[])",
            logger: db.logger)
    }
}
