import Foundation
import Hummingbird

/// /api/v1/organizations/{orgId}/staff
public struct StaffController: Sendable {
    let staff: StaffService
    public init(staff: StaffService) { self.staff = staff }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        try await staff.requireReadable(orgId: orgId, by: me)
        try QueryParameters(request).check()
        if CSVStream.wanted(request) {
            return CSVStream.response(
                filename: "staff.csv",
                header: [
                    "userId", "email", "lastName", "firstName", "middleName", "position", "level", "roles",
                    "emailConfirmed",
                ],
                rows: try await staff.orgs.staffStream(orgId: orgId)
            ) { m in
                [
                    m.userId.uuidString.lowercased(), m.email, m.lastName, m.firstName, m.middleName ?? "",
                    m.position ?? "", m.level,
                    m.roles.joined(separator: " "), m.emailConfirmed.csv,
                ]
            }
        }
        return try JSONResponse.make(Page(items: try await staff.orgs.staff(orgId: orgId), nextCursor: nil))
    }

    /// 201 with the member when the account was made; 202 with the invitation when the e-mail's account exists and
    /// must accept first.
    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        let input = try await request.decodeJSON(StaffInput.self, context: context)
        switch try await staff.add(input, orgId: orgId, identity: me, actor: context.actor) {
        case .created(let member):
            let (org, user) = (orgId.uuidString.lowercased(), member.userId.uuidString.lowercased())
            return try JSONResponse.created(member, location: "/api/v1/organizations/\(org)/staff/\(user)")
        case .invited(let invitation):
            return JSONResponse.raw(invitation, status: .accepted)
        }
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        try await staff.remove(
            userId: try context.parameters.uuid("userId"), orgId: try context.parameters.uuid("orgId"), identity: me,
            actor: context.actor)
        return JSONResponse.noContent
    }
}
