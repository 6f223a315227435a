import Foundation
import Hummingbird

/// /api/v1/career-tests — the region's career-guidance tests (seed 001 §9 «Профориентация»), taking them, and
/// /api/v1/career-results — the results, the taker's own and the editors' list.
public struct CareerTestsController: Sendable {
    let service: CareerTestsService
    let trustProxy: Bool
    let zone: TimeZone

    public init(service: CareerTestsService, trustProxy: Bool, zone: TimeZone) {
        self.service = service
        self.trustProxy = trustProxy
        self.zone = zone
    }

    static func location(_ id: UUID) -> String { "/api/v1/career-tests/\(id.uuidString.lowercased())" }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let editor = service.isEditor(context.identity)
        let status = editor ? q.choice("status", in: CareerTestsService.statuses) : nil
        let l = try service.repository.filtered(search: q.string("q"), status: status, editor: editor)
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "career-tests.csv",
                header: editor
                    ? Self.testsHeader
                    : Self.testsHeader.filter {
                        $0 != "Результатов"
                    }, rows: try await service.repository.stream(l, editor: editor)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.list(l, editor: editor, page: try q.page()))
    }

    static let testsHeader = ["Тест", "Статус", "Вопросов", "Шкал", "Результатов", "Изменён"]

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(CareerTestInput.self, context: context)
        let created = try await service.create(input, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(try context.parameters.uuid("testId"), identity: context.identity)
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(CareerTestInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("testId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    struct StatusInput: Decodable {
        var status: String?
    }

    @Sendable func setStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(StatusInput.self, context: context)
        let saved = try await service.setStatus(
            try context.parameters.uuid("testId"), input.status, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("testId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func copy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let created = try await service.copy(
            try context.parameters.uuid("testId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    struct AnswersInput: Decodable {
        /// question id → the chosen option's id
        var answers: [String: UUID]?
    }

    @Sendable func take(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(AnswersInput.self, context: context)
        let result = try await service.take(
            try context.parameters.uuid("testId"), answers: input.answers, identity: context.identity,
            ip: AuthController.clientIP(request, context, trustProxy: trustProxy))
        return JSONResponse.raw(
            result.json, status: .created, location: "/api/v1/career-results/\(result.id.uuidString.lowercased())")
    }

    @Sendable func result(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.result(try context.parameters.uuid("resultId"), identity: context.identity))
    }

    @Sendable func claim(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.claim(try context.parameters.uuid("resultId"), identity: try context.requireIdentity()))
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.mine(identity: try context.requireIdentity()))
    }

    static let csvHeader = ["Дата", "Тест", "Пользователь", "Ведущие шкалы", "Профиль"]

    /// Every result for the editors: by test, period and whether the taker was signed in; CSV.
    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let f = CareerTestsRepository.ResultFilter(
            zone: zone.identifier, testId: q.uuid("testId"), from: q.date("from"), to: q.date("to"),
            signedIn: q.bool("signedIn"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "career-results.csv", header: Self.csvHeader,
                rows: try await service.repository.streamResults(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.resultsPage(f, page: try q.page()))
    }
}
