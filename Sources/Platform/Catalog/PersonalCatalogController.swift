import Foundation
import Hummingbird

/// /api/v1/me/favorites and /api/v1/me/search-history.
public struct PersonalCatalogController: Sendable {
    let repository: PersonalCatalogRepository
    public init(repository: PersonalCatalogRepository) { self.repository = repository }

    @Sendable func favorites(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await repository.favorites(userId: try context.requireIdentity().userId))
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        guard try await repository.addFavorite(userId: me.userId, programId: try context.parameters.uuid("programId"))
        else { throw Problem.notFound }
        return JSONResponse.noContent
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        guard
            try await repository.removeFavorite(userId: me.userId, programId: try context.parameters.uuid("programId"))
        else { throw Problem.notFound }
        return JSONResponse.noContent
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await repository.history(userId: try context.requireIdentity().userId))
    }

    @Sendable func clear(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await repository.clearHistory(userId: try context.requireIdentity().userId)
        return JSONResponse.noContent
    }
}
