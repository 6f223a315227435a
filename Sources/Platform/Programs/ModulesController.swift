import Foundation
import Hummingbird

/// /api/v1/modules — the module constructor (seed 000 §5): modules, their thematic plan, copies, CSV.
public struct ModulesController: Sendable {
    let service: ModulesService
    public init(service: ModulesService) { self.service = service }

    static func location(_ id: UUID) -> String { "/api/v1/modules/\(id.uuidString.lowercased())" }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let organization = q.uuid("organizationId")
        let search = q.string("q")
        let competency = q.uuid("competencyId")
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "modules.csv", header: ["id", "name", "organization", "hours", "competencies", "topics"],
                rows: try await service.stream(
                    search: search, competency: competency, organization: organization, identity: me)
            ) { $0 }
        }
        return JSONResponse.raw(
            try await service.list(
                search: search, competency: competency, organization: organization, page: try q.page(), identity: me))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let (input, keys) = try await request.decodeJSONWithKeys(ModuleInput.self, context: context)
        let created = try await service.create(input, keys: keys, identity: me, actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(
            try context.parameters.uuid("moduleId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let (input, keys) = try await request.decodeJSONWithKeys(ModuleInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("moduleId"), input, keys: keys, ifMatch: request.headers[.ifMatch],
            identity: me, actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("moduleId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func copy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let copied = try await service.copy(
            try context.parameters.uuid("moduleId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            copied.json, version: copied.version, status: .created, location: Self.location(copied.id))
    }

    @Sendable func addTopic(_ request: Request, context: AppRequestContext) async throws -> Response {
        let moduleId = try context.parameters.uuid("moduleId")
        let saved = try await service.addTopic(
            moduleId, try await request.decodeJSON(TopicInput.self, context: context),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version, status: .created, location: Self.location(moduleId))
    }

    @Sendable func updateTopic(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = try await service.updateTopic(
            try context.parameters.uuid("moduleId"), topicId: try context.parameters.uuid("topicId"),
            try await request.decodeJSON(TopicInput.self, context: context),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func deleteTopic(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.deleteTopic(
            try context.parameters.uuid("moduleId"), topicId: try context.parameters.uuid("topicId"),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func addLesson(_ request: Request, context: AppRequestContext) async throws -> Response {
        let moduleId = try context.parameters.uuid("moduleId")
        let saved = try await service.addLesson(
            moduleId, topicId: try context.parameters.uuid("topicId"),
            try await request.decodeJSON(LessonInput.self, context: context),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version, status: .created, location: Self.location(moduleId))
    }

    @Sendable func updateLesson(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = try await service.updateLesson(
            try context.parameters.uuid("moduleId"), topicId: try context.parameters.uuid("topicId"),
            lessonId: try context.parameters.uuid("lessonId"),
            try await request.decodeJSON(LessonInput.self, context: context),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func deleteLesson(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.deleteLesson(
            try context.parameters.uuid("moduleId"), topicId: try context.parameters.uuid("topicId"),
            lessonId: try context.parameters.uuid("lessonId"), identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.noContent
    }
}
