import Foundation
import Hummingbird

/// /api/v1/check-tasks — check tasks of the organization (seed 000 «Проверочные задания»): parameters, links and
/// files, the groups they are given to with due dates.
public struct CheckTasksController: Sendable {
    let service: CheckTasksService
    public init(service: CheckTasksService) { self.service = service }

    static func location(_ id: UUID) -> String { "/api/v1/check-tasks/\(id.uuidString.lowercased())" }

    static let csvHeader = [
        "Задание", "Занятие", "Компетенция", "Доступ", "Тип оценки", "Группы и сроки", "Ответов", "На проверке",
        "Изменено",
    ]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = CheckTasksRepository.Filter(
            reach: TrainingAccess.readReach(me), organizationId: q.uuid("organizationId"), search: q.string("q"),
            lessonId: q.uuid("lessonId"), competencyId: q.uuid("competencyId"),
            visibility: q.choice("visibility", in: LearningVisibility.allCases.map(\.rawValue)),
            grading: q.choice("grading", in: CheckTaskGrading.allCases.map(\.rawValue)), groupId: q.uuid("groupId"),
            dueFrom: q.date("dueFrom"), dueTo: q.date("dueTo"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "check-tasks.csv", header: Self.csvHeader, rows: try await service.repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.list(f, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(CheckTaskInput.self, context: context)
        let created = try await service.create(input, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    /// Open to everyone: the service decides by the task's visibility and the caller's groups.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(try context.parameters.uuid("taskId"), identity: context.identity)
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(CheckTaskInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("taskId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("taskId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(CheckTaskAssignmentInput.self, context: context)
        let saved = try await service.assign(
            try context.parameters.uuid("taskId"), input, identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func unassign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = try await service.unassign(
            try context.parameters.uuid("taskId"), group: try context.parameters.uuid("groupId"),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }
}
