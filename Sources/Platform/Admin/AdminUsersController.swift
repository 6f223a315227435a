import Foundation
import Hummingbird

/// /api/v1/admin/users — platform administrators only.
public struct AdminUsersController: Sendable {
    let admin: AdminService
    let profiles: ProfileService

    public init(admin: AdminService, profiles: ProfileService) {
        self.admin = admin
        self.profiles = profiles
    }

    static let csvHeader = [
        "id", "email", "lastName", "firstName", "middleName", "phone", "roles", "organizations",
        "emailConfirmed", "blocked", "deleted", "createdAt",
    ]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        var q = QueryParameters(request)
        let filter = UserFilter(
            search: q.string("q"), role: q.choice("role", in: Role.allCases.map(\.rawValue)),
            orgId: q.uuid("organizationId"),
            blocked: q.bool("blocked"), deleted: q.bool("deleted"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "users.csv", header: Self.csvHeader, rows: try await admin.adminUsers.stream(filter)
            ) { p in
                [
                    p.id.uuidString.lowercased(), p.email, p.lastName, p.firstName, p.middleName ?? "", p.phone ?? "",
                    p.roles.joined(separator: " "), p.organizations.map(\.shortName).joined(separator: "; "),
                    p.emailConfirmed.csv, p.blocked.csv, p.deleted.csv, p.createdAt.rfc3339,
                ]
            }
        }
        return try JSONResponse.make(try await admin.adminUsers.list(filter, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        let profile = try await admin.createUser(
            try await request.decodeJSON(StaffInput.self, context: context), actor: context.actor)
        var response = try profileResponse(profile, status: .created)
        response.headers[.location] = "/api/v1/admin/users/\(profile.id.uuidString.lowercased())"
        return response
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        guard
            let profile = try await profiles.users.profile(
                userId: try context.parameters.uuid("id"), includeDeleted: true)
        else {
            throw Problem.notFound
        }
        return try profileResponse(profile)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        let patch = try await request.decodeJSON(ProfilePatch.self, context: context)
        let profile = try await profiles.update(
            userId: try context.parameters.uuid("id"), patch: patch, ifMatch: request.headers[.ifMatch],
            actor: context.actor
        ) { userId, email, conn in
            try await admin.accounts.sendConfirmation(userId: userId, email: email, on: conn)
        }
        return try profileResponse(profile)
    }

    struct Reason: Codable { var reason: String? }

    @Sendable func block(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()  // the route admits admins and moderators
        let body =
            request.headers[.contentLength] == "0"
            ? Reason() : try await request.decodeJSON(Reason.self, context: context)
        return try profileResponse(
            try await admin.changeState(
                .block, userId: try context.parameters.uuid("id"), reason: body.reason, actor: context.actor, by: me))
    }

    @Sendable func unblock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()  // the route admits admins and moderators
        return try profileResponse(
            try await admin.changeState(
                .unblock, userId: try context.parameters.uuid("id"), reason: nil, actor: context.actor, by: me))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()  // the route admits admins only
        _ = try await admin.changeState(
            .delete, userId: try context.parameters.uuid("id"), reason: nil, actor: context.actor, by: me)
        return JSONResponse.noContent
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()  // the route admits admins only
        return try profileResponse(
            try await admin.changeState(
                .restore, userId: try context.parameters.uuid("id"), reason: nil, actor: context.actor, by: me))
    }

    @Sendable func grant(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        let role = context.parameters.get("role") ?? ""
        return try profileResponse(
            try await admin.setRole(
                role, userId: try context.parameters.uuid("id"), granted: true, actor: context.actor))
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()  // the route admits admins only
        let role = context.parameters.get("role") ?? ""
        return try profileResponse(
            try await admin.setRole(
                role, userId: try context.parameters.uuid("id"), granted: false, actor: context.actor))
    }
}
