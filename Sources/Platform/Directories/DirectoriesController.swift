import Foundation
import Hummingbird

/// /api/v1/directories — public reading, admin editing; /api/v1/priority-competencies — the region's priorities.
public struct DirectoriesController: Sendable {
    let service: DirectoriesService
    public init(service: DirectoriesService) { self.service = service }

    func kind(_ context: AppRequestContext) throws -> DirectoryKind {
        guard let raw = context.parameters.get("kind"), let kind = DirectoryKind(rawValue: raw) else {
            throw Problem.notFound
        }
        return kind
    }

    @Sendable func kinds(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(Page(items: try await service.kinds(), nextCursor: nil))
    }

    @Sendable func priority(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(Page(items: try await service.priorityCompetencies(), nextCursor: nil))
    }

    static let csvHeader = [
        "id", "code", "name", "parentId", "parentName", "active", "sortOrder", "isPriority", "priorityOrder", "details",
    ]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kind = try kind(context)
        var q = QueryParameters(request)
        let filter = DirectoryFilter(
            search: q.string("q"), parentId: q.uuid("parentId"), active: q.bool("active"),
            priorityOnly: q.bool("priority") ?? false)
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "\(kind.rawValue).csv", header: Self.csvHeader,
                rows: try await service.stream(kind: kind, filter)
            ) { d in
                [
                    d.id.uuidString.lowercased(), d.code, d.name, d.parentId?.uuidString.lowercased() ?? "",
                    d.parentName ?? "", d.active.csv,
                    String(d.sortOrder), d.isPriority.csv, d.priorityOrder.map(String.init) ?? "",
                    d.details == .object([:]) ? "" : d.details.compactText,
                ]
            }
        }
        return try JSONResponse.make(try await service.list(kind: kind, filter, page: try q.page()))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let item = try await service.item(kind: try kind(context), id: try context.parameters.uuid("id"))
        return try JSONResponse.make(item, headers: [.eTag: "\"\(item.version)\""])
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        let kind = try kind(context)
        let item = try await service.create(
            kind: kind, try await request.decodeJSON(DirectoryItemInput.self, context: context), actor: context.actor)
        return try JSONResponse.created(
            item, location: "/api/v1/directories/\(kind.rawValue)/\(item.id.uuidString.lowercased())")
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        let input = try await request.decodeJSON(DirectoryItemInput.self, context: context)
        let item = try await service.update(
            kind: try kind(context), id: try context.parameters.uuid("id"), input, ifMatch: request.headers[.ifMatch],
            actor: context.actor)
        return try JSONResponse.make(item, headers: [.eTag: "\"\(item.version)\""])
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        try await service.delete(kind: try kind(context), id: try context.parameters.uuid("id"), actor: context.actor)
        return JSONResponse.noContent
    }
}
