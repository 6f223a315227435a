import Foundation
import Hummingbird
import NIOCore
import PostgresNIO

/// /api/v1/organizations/{orgId}/{object-groups|rooms|equipment|staff-resources}: members fill the lists, ЦОПП staff read them,
/// everyone else gets 404.
struct InventoryController: Sendable {
    let db: Database
    let resource: InventoryResource
    var repository: InventoryRepository { InventoryRepository(db: db, resource: resource) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("{orgId}/\(resource.path)", use: list)
        group.post("{orgId}/\(resource.path)", use: create)
        group.get("{orgId}/\(resource.path)/{itemId}", use: show)
        group.patch("{orgId}/\(resource.path)/{itemId}", use: update)
        group.delete("{orgId}/\(resource.path)/{itemId}", use: delete)
    }

    static let readers: Set<Role> = [.admin, .moderator, .coppStaff, .coordinator]

    func requireReader(_ context: AppRequestContext) throws -> (Identity, UUID) {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        guard me.orgIds.contains(orgId) || me.hasAny(Self.readers) else { throw Problem.notFound }
        return (me, orgId)
    }

    func requireEditor(_ context: AppRequestContext) throws -> (Identity, UUID) {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        guard me.orgIds.contains(orgId) || me.has(.admin) else {
            if me.hasAny(Self.readers) { throw Problem.forbidden }
            throw Problem.notFound
        }
        return (me, orgId)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, orgId) = try requireReader(context)
        var q = QueryParameters(request)
        let search = q.string("q")
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(filename: "\(resource.path).csv", header: resource.csv.map(\.header),
                                      rows: try await repository.stream(orgId: orgId, search: search)) { $0 }
        }
        return JSONResponse.raw(try await repository.list(orgId: orgId, search: search, page: try q.page()))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, orgId) = try requireReader(context)
        guard let found = try await repository.item(id: try context.parameters.uuid("itemId"), orgId: orgId) else { throw Problem.notFound }
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (me, orgId) = try requireEditor(context)
        let (_, keys, body) = try await request.decodeJSONBody([String: JSONValue].self, context: context)
        let resource = self.resource
        let repository = self.repository
        let id = try await db.transaction { conn in
            let input = InventoryInput(body: body, keys: keys, orgId: orgId, isCreate: true, conn: conn, db: db, identity: me)
            let values = try await resource.validate(input)
            let id = try await repository.insert(orgId: orgId, values, on: conn)
            try await resource.afterWrite?(id, input)
            let after = try await repository.lockedSnapshot(id: id, orgId: orgId, on: conn)
            try await AuditLog.record(actor: me.userId, action: "create", entity: resource.entity, entityId: id, before: Optional<JSONValue>.none,
                                      after: after.flatMap { JSONValue.parse($0.json) }, requestId: context.requestId, on: conn, logger: db.logger)
            return id
        }
        guard let found = try await repository.item(id: id, orgId: orgId) else { throw Problem.notFound }
        return JSONResponse.raw(found.json, version: found.version, status: .created,
                         location: "/api/v1/organizations/\(orgId.uuidString.lowercased())/\(resource.path)/\(id.uuidString.lowercased())")
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (me, orgId) = try requireEditor(context)
        let id = try context.parameters.uuid("itemId")
        let expected = try ETag.version(request.headers[.ifMatch])
        let (_, keys, body) = try await request.decodeJSONBody([String: JSONValue].self, context: context)
        let resource = self.resource
        let repository = self.repository
        try await db.transaction { conn in
            guard let before = try await repository.lockedSnapshot(id: id, orgId: orgId, on: conn) else { throw Problem.notFound }
            if let expected, expected != before.version { throw ETag.stale }
            let input = InventoryInput(body: body, keys: keys, orgId: orgId, isCreate: false, conn: conn, db: db, identity: me)
            let values = try await resource.validate(input)
            try await repository.update(id: id, orgId: orgId, values, on: conn)
            try await resource.afterWrite?(id, input)
            let after = try await repository.lockedSnapshot(id: id, orgId: orgId, on: conn)
            try await AuditLog.record(actor: me.userId, action: "update", entity: resource.entity, entityId: id, before: JSONValue.parse(before.json),
                                      after: after.flatMap { JSONValue.parse($0.json) }, requestId: context.requestId, on: conn, logger: db.logger)
        }
        guard let found = try await repository.item(id: id, orgId: orgId) else { throw Problem.notFound }
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (me, orgId) = try requireEditor(context)
        let id = try context.parameters.uuid("itemId")
        let resource = self.resource
        let repository = self.repository
        do {
            try await db.transaction { conn in
                guard let before = try await repository.lockedSnapshot(id: id, orgId: orgId, on: conn) else { throw Problem.notFound }
                _ = try await repository.delete(id: id, orgId: orgId, on: conn)
                try await AuditLog.record(actor: me.userId, action: "delete", entity: resource.entity, entityId: id, before: JSONValue.parse(before.json),
                                          after: Optional<JSONValue>.none, requestId: context.requestId, on: conn, logger: db.logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            let table = DirectoriesService.referencingTable(error.serverInfo?[.detail] ?? "")
            throw Problem.conflict("Запись используется: \(DirectoriesService.usageNames[table] ?? table). Сначала измените или удалите связанные записи.",
                                   code: "in_use")
        }
        return JSONResponse.noContent
    }
}
