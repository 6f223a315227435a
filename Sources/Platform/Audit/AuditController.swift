import Foundation
import Hummingbird

/// GET /api/v1/admin/audit — who changed what and when (admins only).
public struct AuditController: Sendable {
    let service: AuditService
    public init(service: AuditService) { self.service = service }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        var q = QueryParameters(request)
        let filter = AuditFilter(
            entity: q.string("entity"), entityId: q.uuid("entityId"), actorId: q.uuid("actorId"),
            action: q.string("action"), from: q.date("from"), to: q.date("to"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "audit.csv",
                header: [
                    "at", "actorId", "actorEmail", "action", "entity", "entityId", "entityName", "before", "after",
                    "requestId",
                ],
                rows: try await service.stream(filter)
            ) { e in
                [
                    e.at.rfc3339, e.actorId?.uuidString.lowercased() ?? "", e.actorEmail ?? "", e.action, e.entity,
                    e.entityId?.uuidString.lowercased() ?? "", e.entityName ?? "", e.before?.compactText ?? "",
                    e.after?.compactText ?? "", e.requestId ?? "",
                ]
            }
        }
        return try JSONResponse.make(try await service.list(filter, page: try q.page()))
    }
}
