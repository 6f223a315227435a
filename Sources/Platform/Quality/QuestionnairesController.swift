import Foundation
import Hummingbird

/// /api/v1/questionnaires — the questionnaire engine (seed 000 «НОКО → Анкеты»): the operators' list, editor,
/// versions and results; /api/v1/me/surveys and the responses of surveys.
public struct QuestionnairesController: Sendable {
    let service: QuestionnairesService
    public init(service: QuestionnairesService) { self.service = service }

    static func location(_ id: UUID) -> String { "/api/v1/questionnaires/\(id.uuidString.lowercased())" }
    static let csvHeader = ["Анкета", "Назначение", "Статус", "Версия", "Ответов", "Изменена"]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let f = QuestionnairesRepository.Filter(
            search: q.string("q"), purpose: q.choice("purpose", in: QuestionnairePurpose.all),
            status: q.choice("status", in: QuestionnaireStatus.all))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "questionnaires.csv", header: Self.csvHeader, rows: try await service.repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.list(f, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(QuestionnaireInput.self, context: context)
        let created = try await service.create(input, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(try context.parameters.uuid("questionnaireId"))
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(QuestionnaireInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("questionnaireId"), input, ifMatch: request.headers[.ifMatch],
            actor: context.actor)
        // the body's currentVersion tells the editor whether answered questions went into a new version
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    struct StatusInput: Decodable {
        var status: String?
    }

    @Sendable func setStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(StatusInput.self, context: context)
        let saved = try await service.setStatus(
            try context.parameters.uuid("questionnaireId"), input.status, actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(try context.parameters.uuid("questionnaireId"), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let version = q.int("version", 1...Int(Int32.max))
        try q.check()
        return try JSONResponse.make(
            try await service.results(try context.parameters.uuid("questionnaireId"), version: version))
    }

    /// A version's responses, one row each, as CSV (the current version by default).
    @Sendable func responses(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let version = q.int("version", 1...Int(Int32.max))
        try q.check()
        let table = try await service.responseRows(try context.parameters.uuid("questionnaireId"), version: version)
        let rows = AsyncStream<[String]> { c in
            for row in table.rows { c.yield(row) }
            c.finish()
        }
        return CSVStream.response(filename: "responses.csv", header: table.header, rows: rows) { $0 }
    }

    @Sendable func survey(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.survey(
                try context.parameters.uuid("questionnaireId"), identity: try context.requireIdentity()))
    }

    @Sendable func mySurveys(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.mySurveys(identity: try context.requireIdentity()))
    }

    struct AnswersInput: Decodable {
        var answers: [String: JSONValue]?
    }

    @Sendable func respond(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(AnswersInput.self, context: context)
        let id = try await service.respond(
            try context.parameters.uuid("questionnaireId"), answers: input.answers,
            identity: try context.requireIdentity())
        return try JSONResponse.make(["id": id.uuidString.lowercased()], status: .created)
    }
}
