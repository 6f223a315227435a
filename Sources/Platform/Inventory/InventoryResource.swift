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
    var repository: InventoryRepository { InventoryRepository(db: db) }

    func has(_ key: String) -> Bool { isCreate || keys.contains(key) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try JSONDecoder.api.decode(T.self, from: body) } catch {
            throw Problem.badRequest("Некорректные типы полей в теле запроса")
        }
    }

    /// nil unless `id` is an active item of `kind`.
    func directoryItem(_ id: UUID?, kind: DirectoryKind, field: String, _ v: inout Validator) async throws -> UUID? {
        try await DirectoryReferences(db: db).check(id, kind: kind, field: field, &v, on: conn)
    }

    /// `id` as given; an error on `field` unless it is a row of `table` belonging to this organization.
    func ownRow(_ id: UUID?, in table: InventoryTable, field: String, message: String, _ v: inout Validator)
        async throws -> UUID?
    {
        guard let id else { return nil }
        if try await !repository.exists(id, in: table, org: orgId, on: conn) { v.add(field, "not_found", message) }
        return id
    }
}

/// One kind of inventory list: its path, its table, and how input is validated into columns.
struct InventoryResource: Sendable {
    let path: String
    let entity: String
    let title: String
    let table: InventoryTable
    let validate: @Sendable (InventoryInput) async throws -> [(String, SQLValue)]
    /// Writes that do not fit in columns (e.g. a staff member's competencies).
    var afterWrite: (@Sendable (UUID, InventoryInput) async throws -> Void)? = nil
}
