import Foundation
import Hummingbird

/// /api/v1/admin/organizations — moderation of registered organizations (admin, moderator).
public struct AdminOrganizationsController: Sendable {
    let admin: AdminService

    public init(admin: AdminService) { self.admin = admin }

    static let csvHeader = [
        "id", "kind", "status", "fullName", "shortName", "inn", "ogrn", "kpp", "address", "phone", "email",
        "applicant", "createdAt", "moderationComment",
    ]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits moderators
        var q = QueryParameters(request)
        let status = q.choice("status", in: ["pending", "approved", "rejected"])
        let search = q.string("q")
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "organizations.csv", header: Self.csvHeader,
                rows: try await admin.orgs.stream(status: status, search: search)
            ) { o in
                [
                    o.id.uuidString.lowercased(), o.kind, o.status, o.fullName, o.shortName, o.inn, o.ogrn, o.kpp ?? "",
                    o.address, o.phone,
                    o.email, o.applicant ?? "", o.createdAt.rfc3339, o.moderationComment ?? "",
                ]
            }
        }
        return try JSONResponse.make(try await admin.orgs.list(status: status, search: search, page: try q.page()))
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits moderators
        return try JSONResponse.make(
            try await admin.moderate(
                orgId: try context.parameters.uuid("id"), approve: true, comment: nil, actor: context.actor))
    }

    @Sendable func reject(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits moderators
        let body = try await request.decodeJSON(RejectRequest.self, context: context)
        return try JSONResponse.make(
            try await admin.moderate(
                orgId: try context.parameters.uuid("id"), approve: false, comment: body.comment, actor: context.actor))
    }
}
