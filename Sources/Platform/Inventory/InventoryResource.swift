import Foundation
import PostgresNIO

/// What a validator sees: the body, which keys it had, the organization, and whether this is a create.
struct InventoryInput: Sendable {
    let body: Data
    let keys: Set<String>
    let orgId: UUID
    let isCreate: Bool
    let conn: PostgresConnection
    let db: Database
    let identity: Identity

    func has(_ key: String) -> Bool { isCreate || keys.contains(key) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try JSONDecoder.api.decode(T.self, from: body) } catch { throw Problem.badRequest("Некорректные типы полей в теле запроса") }
    }

    /// nil unless `id` is an active item of `kind`.
    func directoryItem(_ id: UUID?, kind: DirectoryKind, field: String, _ v: inout Validator) async throws -> UUID? {
        try await DirectoryReferences(db: db).check(id, kind: kind, field: field, &v, on: conn)
    }

    /// nil unless `id` is a row of `table` belonging to this organization.
    func ownRow(_ id: UUID?, table: String, field: String, message: String, _ v: inout Validator) async throws -> UUID? {
        guard let id else { return nil }
        let found = try await conn.rows("SELECT 1 FROM \(unescaped: table) WHERE id = \(id) AND org_id = \(orgId)", logger: db.logger).count
        if found == 0 { v.add(field, "not_found", message) }
        return id
    }
}

/// One kind of inventory list: its table, how a row reads as JSON and CSV, and how input is validated into columns.
struct InventoryResource: Sendable {
    let path: String
    let table: String
    let entity: String
    let title: String
    /// JSON of one row `r`, built by PostgreSQL.
    let json: String
    /// Text sort key for keyset pages and the name search.
    let sortKey: String
    let search: String
    let csv: [(header: String, sql: String)]
    let validate: @Sendable (InventoryInput) async throws -> [(String, SQLValue)]
    /// Writes that do not fit in columns (e.g. a staff member's competencies).
    var afterWrite: (@Sendable (UUID, InventoryInput) async throws -> Void)? = nil
}
