import Foundation
import Hummingbird

/// /api/v1/groups/{groupId}/schedule/{lessonId}/conference — a lesson's web conference: set, removed, joined.
public struct ConferencesController: Sendable {
    let service: ConferencesService
    public init(service: ConferencesService) { self.service = service }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(service.settings)
    }

    @Sendable func set(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(ConferencesService.Input.self, context: context)
        let saved = try await service.set(
            try context.parameters.uuid("lessonId"), group: try context.parameters.uuid("groupId"), input,
            identity: try context.requireIdentity(), actor: context.actor)
        return try JSONResponse.make(saved)
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.remove(
            try context.parameters.uuid("lessonId"), group: try context.parameters.uuid("groupId"),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    /// A POST: joining creates the room on the BigBlueButton server and the address is the caller's own.
    @Sendable func join(_ request: Request, context: AppRequestContext) async throws -> Response {
        let joining = try await service.join(
            try context.parameters.uuid("lessonId"), group: try context.parameters.uuid("groupId"),
            identity: try context.requireIdentity())
        return try JSONResponse.make(joining)
    }
}
