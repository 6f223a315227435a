import Foundation
import Hummingbird

/// Taking tests: the learner's tests, starting an attempt, answering against the server's clock, finishing; and the
/// organization's list of results (seed 000 «Результаты тестов»).
public struct AttemptsController: Sendable {
    let service: AttemptsService
    public init(service: AttemptsService) { self.service = service }

    struct StartInput: Decodable {
        var groupId: UUID?
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.mine(identity: try context.requireIdentity()))
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSONIfSent(StartInput.self, context: context, empty: StartInput())
        let started = try await service.start(
            test: try context.parameters.uuid("testId"), group: input.groupId, identity: try context.requireIdentity())
        return JSONResponse.raw(
            started.json, status: .created, location: "/api/v1/test-attempts/\(started.id.uuidString.lowercased())")
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.attempt(try context.parameters.uuid("attemptId"), identity: try context.requireIdentity())
        )
    }

    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TestAnswerInput.self, context: context)
        try await service.answer(
            try context.parameters.uuid("attemptId"), question: try context.parameters.uuid("questionId"), input,
            identity: try context.requireIdentity())
        return JSONResponse.noContent
    }

    @Sendable func finish(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.finish(try context.parameters.uuid("attemptId"), identity: try context.requireIdentity()))
    }

    static let csvHeader = [
        "Тест", "Группа", "Обучающийся", "Попытка", "Статус", "Начата", "Завершена", "Баллы", "Максимум", "%",
        "Пройден",
    ]

    /// The organization's results: filters by test, group, learner's name, status, passed; CSV too.
    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = TestResultsRepository.Filter(
            reach: TrainingAccess.readReach(me), testId: q.uuid("testId"), groupId: q.uuid("groupId"),
            learner: q.string("q"), status: q.choice("status", in: ["active", "finished", "expired"]),
            passed: q.bool("passed"))
        let repository = TestResultsRepository(db: service.db)
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "test-results.csv", header: Self.csvHeader, rows: try await repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await repository.list(f, page: try q.page()))
    }
}
