import Foundation
import PostgresNIO

/// The rules of the inventory lists (seed 000 §4): members of the organization fill them, ЦОПП staff and the region
/// read them, anyone else does not see they exist (404); every change is checked, written and audited in one
/// transaction, and a row still referenced elsewhere cannot be deleted (409 naming what uses it).
struct InventoryService: Sendable {
    let db: Database
    let resource: InventoryResource
    let repository: InventoryRepository

    init(db: Database, resource: InventoryResource) {
        self.db = db
        self.resource = resource
        self.repository = InventoryRepository(db: db)
    }

    static let readers: Set<Role> = [.admin, .moderator, .coppStaff, .coordinator]

    func requireReader(_ me: Identity, org: UUID) throws {
        guard me.orgIds.contains(org) || me.hasAny(Self.readers) else { throw Problem.notFound }
    }

    func requireEditor(_ me: Identity, org: UUID) throws {
        guard me.orgIds.contains(org) || me.has(.admin) else {
            throw me.hasAny(Self.readers) ? Problem.forbidden : Problem.notFound
        }
    }

    func list(org: UUID, search: String?, page: PageRequest, identity me: Identity) async throws -> String {
        try requireReader(me, org: org)
        return try await repository.list(resource.table, orgId: org, search: search, page: page)
    }

    func stream(org: UUID, search: String?, identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try requireReader(me, org: org)
        return try await repository.stream(resource.table, orgId: org, search: search)
    }

    func item(_ id: UUID, org: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        try requireReader(me, org: org)
        guard let found = try await repository.item(resource.table, id: id, orgId: org) else { throw Problem.notFound }
        return found
    }

    func create(
        org: UUID, body: Data, keys: Set<String>, identity me: Identity, requestId: String?
    ) async throws -> (json: String, version: Int, id: UUID) {
        try requireEditor(me, org: org)
        let (resource, repository, table) = (self.resource, self.repository, self.resource.table)
        let id = try await db.transaction { conn in
            let input = InventoryInput(
                body: body, keys: keys, orgId: org, isCreate: true, conn: conn, db: db, identity: me)
            let values = try await resource.validate(input)
            let id = try await repository.insert(table, orgId: org, values, on: conn)
            try await resource.afterWrite?(id, input)
            let after = try await repository.lockedSnapshot(table, id: id, orgId: org, on: conn)
            try await AuditLog.record(
                actor: me.userId, action: "create", entity: resource.entity, entityId: id,
                before: Optional<JSONValue>.none, after: after.flatMap { JSONValue.parse($0.json) },
                requestId: requestId, on: conn, logger: db.logger)
            return id
        }
        let found = try await item(id, org: org, identity: me)
        return (found.json, found.version, id)
    }

    func update(
        _ id: UUID, org: UUID, body: Data, keys: Set<String>, ifMatch: String?, identity me: Identity,
        requestId: String?
    ) async throws -> (json: String, version: Int) {
        try requireEditor(me, org: org)
        let expected = try ETag.version(ifMatch)
        let (resource, repository, table) = (self.resource, self.repository, self.resource.table)
        try await db.transaction { conn in
            guard let before = try await repository.lockedSnapshot(table, id: id, orgId: org, on: conn) else {
                throw Problem.notFound
            }
            if let expected, expected != before.version { throw ETag.stale }
            let input = InventoryInput(
                body: body, keys: keys, orgId: org, isCreate: false, conn: conn, db: db, identity: me)
            let values = try await resource.validate(input)
            try await repository.update(table, id: id, orgId: org, values, on: conn)
            try await resource.afterWrite?(id, input)
            let after = try await repository.lockedSnapshot(table, id: id, orgId: org, on: conn)
            try await AuditLog.record(
                actor: me.userId, action: "update", entity: resource.entity, entityId: id,
                before: JSONValue.parse(before.json), after: after.flatMap { JSONValue.parse($0.json) },
                requestId: requestId, on: conn, logger: db.logger)
        }
        return try await item(id, org: org, identity: me)
    }

    func delete(_ id: UUID, org: UUID, identity me: Identity, requestId: String?) async throws {
        try requireEditor(me, org: org)
        let (resource, repository, table) = (self.resource, self.repository, self.resource.table)
        do {
            try await db.transaction { conn in
                guard let before = try await repository.lockedSnapshot(table, id: id, orgId: org, on: conn) else {
                    throw Problem.notFound
                }
                _ = try await repository.delete(table, id: id, orgId: org, on: conn)
                try await AuditLog.record(
                    actor: me.userId, action: "delete", entity: resource.entity, entityId: id,
                    before: JSONValue.parse(before.json), after: Optional<JSONValue>.none,
                    requestId: requestId, on: conn, logger: db.logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            let used = DirectoriesService.referencingTable(error.serverInfo?[.detail] ?? "")
            throw Problem.conflict(
                "Запись используется: \(DirectoriesService.usageNames[used] ?? used). "
                    + "Сначала измените или удалите связанные записи.", code: "in_use")
        }
    }
}
