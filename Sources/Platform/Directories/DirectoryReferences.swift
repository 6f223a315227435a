import Foundation
import PostgresNIO

/// How other features check that their fields point at active directory items: one query per list, each unknown
/// reference named in the validator (`competencyIds[2]`). Features go through this instead of reading the table.
public struct DirectoryReferences: Sendable {
    let repository: DirectoriesRepository
    public init(db: Database) { self.repository = DirectoriesRepository(db: db) }

    /// Which of `ids` are active items of `kind`.
    public func activeIds(_ ids: [UUID], kind: DirectoryKind, on conn: PostgresConnection) async throws -> Set<UUID> {
        try await repository.activeIds(ids, kind: kind, on: conn)
    }

    /// Checks a list of references; returns them without duplicates.
    public func check(
        _ ids: [UUID]?, kind: DirectoryKind, field: String, _ v: inout Validator, on conn: PostgresConnection
    ) async throws -> [UUID] {
        let list = ids ?? []
        let known = try await activeIds(list, kind: kind, on: conn)
        for (n, id) in list.enumerated() where !known.contains(id) {
            v.add("\(field)[\(n)]", "unknown_item", "Нет такого элемента в справочнике «\(kind.title)»")
        }
        return Array(Set(list))
    }

    /// Checks one optional reference; returns it as given.
    public func check(
        _ id: UUID?, kind: DirectoryKind, field: String, _ v: inout Validator, on conn: PostgresConnection
    ) async throws -> UUID? {
        if let id, try await activeIds([id], kind: kind, on: conn).isEmpty {
            v.add(field, "unknown_item", "Нет такого элемента в справочнике «\(kind.title)»")
        }
        return id
    }

    /// The parent of an item (subkind → kind), if any.
    public func parent(of id: UUID, on conn: PostgresConnection) async throws -> UUID? {
        try await repository.parent(of: id, on: conn)
    }
}
