import Foundation
import Hummingbird

/// /api/v1/test-questions — the organization's question bank (seed 000 «Банк вопросов»).
public struct QuestionBankController: Sendable {
    let service: QuestionBankService
    public init(service: QuestionBankService) { self.service = service }

    static func location(_ id: UUID) -> String { "/api/v1/test-questions/\(id.uuidString.lowercased())" }

    static let csvHeader = ["Тип", "Вопрос", "Баллы", "Компетенция", "Варианты", "Верные ответы", "Изменён"]

    /// Newest first; `q` searched by the search engine, filters by organization, kind, competency and test.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = QuestionBankRepository.Filter(
            reach: TrainingAccess.readReach(me), organizationId: q.uuid("organizationId"), search: q.string("q"),
            kind: q.choice("kind", in: TestQuestionKind.allCases.map(\.rawValue)),
            competencyId: q.uuid("competencyId"), testId: q.uuid("testId"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "question-bank.csv", header: Self.csvHeader, rows: try await service.repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.list(f, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TestQuestionInput.self, context: context)
        let created = try await service.create(input, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(
            try context.parameters.uuid("questionId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TestQuestionInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("questionId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func copy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let created = try await service.copy(
            try context.parameters.uuid("questionId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("questionId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }
}
