import Foundation
import Hummingbird

/// /api/v1/expertise — the experts' queue, «Взял в работу», the expert sheet, «Оценить», «Завершить без оценки»;
/// /api/v1/programs/{programId}/expertise — sending a program and its ratings.
public struct ExpertiseController: Sendable {
    let service: ExpertiseService
    public init(service: ExpertiseService) { self.service = service }

    static let queueHeader = ["Программа", "Организация", "Направлена", "Оценок", "Состояние"]

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = QueryParameters(request)
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "expertise-queue.csv", header: Self.queueHeader,
                rows: try await service.queueStream(identity: try context.requireIdentity())
            ) { $0 }
        }
        return JSONResponse.raw(try await service.queue(identity: try context.requireIdentity(), page: try q.page()))
    }

    @Sendable func take(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.take(try context.parameters.uuid("programId"), identity: try context.requireIdentity()))
    }

    @Sendable func sheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.sheet(try context.parameters.uuid("programId"), identity: try context.requireIdentity()))
    }

    @Sendable func release(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.release(try context.parameters.uuid("programId"), identity: try context.requireIdentity())
        return JSONResponse.noContent
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(ExpertiseService.RatingInput.self, context: context)
        return JSONResponse.raw(
            try await service.rate(
                try context.parameters.uuid("programId"), input, identity: try context.requireIdentity(),
                actor: context.actor))
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.send(
                try context.parameters.uuid("programId"), identity: try context.requireIdentity(), actor: context.actor)
        )
    }

    @Sendable func state(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.state(try context.parameters.uuid("programId"), identity: try context.requireIdentity()))
    }
}
