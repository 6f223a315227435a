import Foundation
import Hummingbird

/// /api/v1/tests — tests of the organization: parameters, questions from the bank, groups, per-question results.
public struct TestsController: Sendable {
    let service: TestsService
    public init(service: TestsService) { self.service = service }

    static func location(_ id: UUID) -> String { "/api/v1/tests/\(id.uuidString.lowercased())" }

    static let csvHeader = [
        "Тест", "Компетенция", "Время, мин", "Попыток", "Проходной %", "Вопросов", "Завершённых попыток", "Изменён",
    ]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = TestsRepository.Filter(
            reach: TrainingAccess.readReach(me), organizationId: q.uuid("organizationId"), search: q.string("q"),
            competencyId: q.uuid("competencyId"), groupId: q.uuid("groupId"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "tests.csv", header: Self.csvHeader, rows: try await service.repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.list(f, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TestSettingsInput.self, context: context)
        let created = try await service.create(input, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(
            try context.parameters.uuid("testId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TestSettingsInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("testId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("testId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func addQuestions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TestQuestionsInput.self, context: context)
        let saved = try await service.addQuestions(
            try context.parameters.uuid("testId"), input.questionIds ?? [], identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func addRandom(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(RandomQuestionsInput.self, context: context)
        let saved = try await service.addRandom(
            try context.parameters.uuid("testId"), input, identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func removeQuestion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = try await service.removeQuestion(
            try context.parameters.uuid("testId"), question: try context.parameters.uuid("questionId"),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TestAssignmentInput.self, context: context)
        let saved = try await service.assign(
            try context.parameters.uuid("testId"), input, identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func unassign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = try await service.unassign(
            try context.parameters.uuid("testId"), group: try context.parameters.uuid("groupId"),
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    /// Seed «Результаты по вопросам»: answers, correct answers and difficulty of each question; CSV too.
    @Sendable func questionStats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = QueryParameters(request)
        try q.check()
        let stats = try await service.questionStats(
            try context.parameters.uuid("testId"), identity: try context.requireIdentity())
        if CSVStream.wanted(request) {
            return CSVStream.response(
                filename: "test-questions.csv", header: ["Вопрос", "Тип", "Ответов", "Верных", "Трудность", "Баллы"],
                rows: AsyncStream { c in
                    for s in stats {
                        c.yield([
                            s.text, TestQuestionKind(rawValue: s.kind).map(QuestionBankRepository.kindTitle) ?? s.kind,
                            String(s.answers), String(s.correct),
                            s.difficulty.map { String(format: "%.2f", $0) } ?? "", String(s.points),
                        ])
                    }
                    c.finish()
                }
            ) { $0 }
        }
        return try JSONResponse.make(["items": stats])
    }
}
