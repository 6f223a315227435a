import Foundation
import Hummingbird

/// /api/v1/programs — the program constructor and its moderation (the public catalog comes separately).
public struct ProgramsController: Sendable {
    let service: ProgramsService
    public init(service: ProgramsService) { self.service = service }

    static func location(_ id: UUID) -> String { "/api/v1/programs/\(id.uuidString.lowercased())" }

    /// The caller's organizations' programs; moderators and ЦОПП staff see all (the moderation queue is
    /// `status=moderation`).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let status = q.choice("status", in: ProgramStatus.allCases.map(\.rawValue))
        let organization = q.uuid("organizationId")
        let search = q.string("q")
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "programs.csv",
                header: ["id", "fullName", "status", "organization", "hours", "price", "funding"],
                rows: try await service.stream(status: status, search: search, organization: organization, identity: me)
            ) { $0 }
        }
        return JSONResponse.raw(
            try await service.list(
                status: status, search: search, organization: organization, page: try q.page(), identity: me))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let (input, keys) = try await request.decodeJSONWithKeys(ProgramInput.self, context: context)
        let created = try await service.create(input, keys: keys, identity: me, actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(
            try context.parameters.uuid("programId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let (input, keys) = try await request.decodeJSONWithKeys(ProgramInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("programId"), input, keys: keys, ifMatch: request.headers[.ifMatch],
            identity: me, actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func setModules(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let saved = try await service.setModules(
            try context.parameters.uuid("programId"),
            try await request.decodeJSON(ProgramModulesInput.self, context: context), identity: me, actor: context.actor
        )
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    func act(_ action: ProgramAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let body = try await request.decodeJSONIfSent(
            ProgramActionInput.self, context: context, empty: ProgramActionInput())
        let saved = try await service.act(
            try context.parameters.uuid("programId"), action, comment: body.comment, identity: me, actor: context.actor)
        // `revise` makes a program of its own: the new version
        return JSONResponse.raw(saved.json, version: saved.version, status: action == .revise ? .created : .ok)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("programId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func addMaterial(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let saved = try await service.addMaterial(
            try context.parameters.uuid("programId"),
            try await request.decodeJSON(ProgramMaterialInput.self, context: context),
            identity: me, actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version, status: .created)
    }

    @Sendable func removeMaterial(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let saved = try await service.removeMaterial(
            try context.parameters.uuid("programId"), material: try context.parameters.uuid("materialId"),
            identity: me, actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func comments(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.thread(try context.parameters.uuid("programId"), identity: try context.requireIdentity()))
    }

    @Sendable func addComment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let thread = try await service.comment(
            try context.parameters.uuid("programId"), try await request.decodeJSON(CommentInput.self, context: context),
            identity: me, actor: context.actor)
        return JSONResponse.raw(thread, status: .created)
    }
}
