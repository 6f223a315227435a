import Foundation
import Hummingbird

/// /api/v1/application-invitations — the links of a mass application: what one is about (anyone holding it) and
/// accepting it (the signed-in person).
public struct ApplicationInvitationsController: Sendable {
    let service: ApplicationInvitationsService
    public init(service: ApplicationInvitationsService) { self.service = service }

    @Sendable func lookup(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.lookup(try await request.decodeJSON(InvitationToken.self, context: context)))
    }

    struct Accepted: Encodable {
        var applicationId: UUID
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let id = try await service.accept(
            try await request.decodeJSON(InvitationToken.self, context: context), identity: me)
        return try JSONResponse.make(Accepted(applicationId: id))
    }
}
