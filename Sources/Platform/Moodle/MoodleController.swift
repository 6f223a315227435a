import Foundation
import Hummingbird

/// /api/v1/groups/{groupId}/moodle — the group's Moodle course and pushing its learners there; /api/v1/moodle/settings.
public struct MoodleController: Sendable {
    let service: MoodleService
    public init(service: MoodleService) { self.service = service }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(service.settings)
    }

    @Sendable func state(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.state(try context.parameters.uuid("groupId"), identity: try context.requireIdentity()))
    }

    @Sendable func setCourse(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(MoodleService.CourseInput.self, context: context)
        return JSONResponse.raw(
            try await service.setCourse(
                try context.parameters.uuid("groupId"), input, identity: try context.requireIdentity(),
                actor: context.actor))
    }

    @Sendable func push(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(
            try await service.push(
                try context.parameters.uuid("groupId"), identity: try context.requireIdentity(), actor: context.actor))
    }
}
