import Foundation
import Hummingbird

/// /api/v1/me/favorites and /api/v1/me/search-history.
public struct PersonalCatalogController: Sendable {
    let service: PersonalCatalogService
    public init(service: PersonalCatalogService) { self.service = service }

    @Sendable func favorites(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.favorites(try context.requireIdentity()))
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.add(try context.parameters.uuid("programId"), try context.requireIdentity())
        return JSONResponse.noContent
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.remove(try context.parameters.uuid("programId"), try context.requireIdentity())
        return JSONResponse.noContent
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.history(try context.requireIdentity()))
    }

    @Sendable func clear(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.clearHistory(try context.requireIdentity())
        return JSONResponse.noContent
    }
}
