import Foundation
import Hummingbird

/// /api/v1/organizations/{orgId}/{object-groups|rooms|equipment|staff-resources}: HTTP only; who may read or change a
/// list is InventoryService's rule.
struct InventoryController: Sendable {
    let service: InventoryService
    var resource: InventoryResource { service.resource }

    init(service: InventoryService) { self.service = service }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let org = try context.parameters.uuid("orgId")
        var q = QueryParameters(request)
        let search = q.string("q")
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "\(resource.path).csv", header: resource.table.csv.map(\.header),
                rows: try await service.stream(org: org, search: search, identity: me)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.list(org: org, search: search, page: try q.page(), identity: me))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.item(
            try context.parameters.uuid("itemId"), org: try context.parameters.uuid("orgId"),
            identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let org = try context.parameters.uuid("orgId")
        try service.requireEditor(me, org: org)  // who may write is known before the body is read
        let (_, keys, body) = try await request.decodeJSONBody([String: JSONValue].self, context: context)
        let created = try await service.create(
            org: org, body: body, keys: keys, identity: me, requestId: context.requestId)
        let location =
            "/api/v1/organizations/\(org.uuidString.lowercased())/\(resource.path)/"
            + created.id.uuidString.lowercased()
        return JSONResponse.raw(created.json, version: created.version, status: .created, location: location)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        try service.requireEditor(me, org: try context.parameters.uuid("orgId"))
        let (_, keys, body) = try await request.decodeJSONBody([String: JSONValue].self, context: context)
        let found = try await service.update(
            try context.parameters.uuid("itemId"), org: try context.parameters.uuid("orgId"), body: body, keys: keys,
            ifMatch: request.headers[.ifMatch], identity: me, requestId: context.requestId)
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("itemId"), org: try context.parameters.uuid("orgId"),
            identity: try context.requireIdentity(), requestId: context.requestId)
        return JSONResponse.noContent
    }
}
