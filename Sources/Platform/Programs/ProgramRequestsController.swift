import Foundation
import Hummingbird

/// /api/v1/program-requests
public struct ProgramRequestsController: Sendable {
    let service: ProgramRequestsService
    public init(service: ProgramRequestsService) { self.service = service }

    func act(_ action: ProgramRequestAction, _ request: Request, _ context: AppRequestContext) async throws -> Response
    {
        let me = try context.requireIdentity()
        let body =
            request.headers[.contentType] == nil
            ? ProgramActionInput() : try await request.decodeJSON(ProgramActionInput.self, context: context)
        return JSONResponse.raw(
            try await service.act(
                action, id: try context.parameters.uuid("requestId"), comment: body.comment, identity: me,
                actor: context.actor))
    }

    /// ЦОПП staff see every request; anyone else their own.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let status = q.choice("status", in: ["new", "in_work", "done", "rejected"])
        let kind = q.choice("kind", in: ["learner_composed", "employer_development"])
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "program-requests.csv",
                header: ["id", "kind", "status", "title", "requester", "organization", "createdAt"],
                rows: try await service.stream(identity: me, status: status, kind: kind)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.list(identity: me, status: status, kind: kind, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let json = try await service.create(
            try await request.decodeJSON(ProgramRequestInput.self, context: context), identity: me, actor: context.actor
        )
        return JSONResponse.raw(json, status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.item(
                id: try context.parameters.uuid("requestId"), identity: try context.requireIdentity()))
    }
}
