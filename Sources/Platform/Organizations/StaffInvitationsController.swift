import Foundation
import Hummingbird

/// /api/v1/organizations/{orgId}/staff-invitations (the organization's side) and /api/v1/me/staff-invitations (the
/// invited person's side).
public struct StaffInvitationsController: Sendable {
    let invitations: StaffInvitationsService
    public init(invitations: StaffInvitationsService) { self.invitations = invitations }

    @Sendable func ofOrganization(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters(request).check()
        return JSONResponse.raw(
            try await invitations.ofOrganization(
                try context.parameters.uuid("orgId"), identity: try context.requireIdentity()))
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await invitations.withdraw(
            try context.parameters.uuid("invitationId"), orgId: try context.parameters.uuid("orgId"),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        try QueryParameters(request).check()
        return JSONResponse.raw(try await invitations.mine(try context.requireIdentity()))
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await invitations.accept(
            try context.parameters.uuid("invitationId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await invitations.decline(
            try context.parameters.uuid("invitationId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }
}
