import Foundation
import Hummingbird

/// /api/v1/materials — learning materials of the organization (seed 000 «Учебные материалы»), their expertise, the
/// region's library (/api/v1/library), the learner's materials and a module topic's materials.
public struct MaterialsController: Sendable {
    let service: MaterialsService
    public init(service: MaterialsService) { self.service = service }

    static func location(_ id: UUID) -> String { "/api/v1/materials/\(id.uuidString.lowercased())" }

    static let csvHeader = [
        "Материал", "Краткое описание", "Занятие", "Компетенция", "Доступ", "Экспертиза", "Ссылок и файлов", "Изменён",
    ]
    static let expertiseStates = ["none", "pending", "approved", "rejected"]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = MaterialsRepository.Filter(
            reach: TrainingAccess.readReach(me), organizationId: q.uuid("organizationId"), search: q.string("q"),
            lessonId: q.uuid("lessonId"), competencyId: q.uuid("competencyId"),
            visibility: q.choice("visibility", in: LearningVisibility.allCases.map(\.rawValue)),
            expertise: q.choice("expertise", in: Self.expertiseStates))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "materials.csv", header: Self.csvHeader, rows: try await service.repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.list(f, page: try q.page()))
    }

    /// The region's library: approved public materials for everyone, open ones too for the signed-in.
    @Sendable func library(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let l = try service.repository.library(
            search: q.string("q"), competency: q.uuid("competencyId"), organization: q.uuid("organizationId"),
            signedIn: context.identity != nil)
        return JSONResponse.raw(try await service.repository.libraryPage(l, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(LearningMaterialInput.self, context: context)
        let created = try await service.create(input, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(try context.parameters.uuid("materialId"), identity: context.identity)
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(LearningMaterialInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("materialId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("materialId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func sendToExpertise(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = try await service.sendToExpertise(
            try context.parameters.uuid("materialId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(MaterialExpertiseInput.self, context: context)
        let saved = try await service.decide(
            try context.parameters.uuid("materialId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    /// The experts' queue: `state=pending` (default, oldest first), or decided ones.
    @Sendable func expertiseQueue(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let state = q.choice("state", in: ["pending", "approved", "rejected"]) ?? "pending"
        return JSONResponse.raw(
            try await service.expertiseQueue(state: state, page: try q.page(), identity: try context.requireIdentity()))
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.mine(identity: try context.requireIdentity()))
    }

    struct AttachInput: Decodable {
        var materialId: UUID?
    }

    @Sendable func attach(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(AttachInput.self, context: context)
        guard let material = input.materialId else {
            throw Problem.validation([FieldError("materialId", "required", "Выберите материал")])
        }
        let saved = try await service.attach(
            material, module: try context.parameters.uuid("moduleId"), topic: try context.parameters.uuid("topicId"),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func detach(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = try await service.detach(
            try context.parameters.uuid("materialId"), module: try context.parameters.uuid("moduleId"),
            topic: try context.parameters.uuid("topicId"), identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }
}
