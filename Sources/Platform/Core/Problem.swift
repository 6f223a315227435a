import Foundation
import Hummingbird

/// One invalid input field, named by its JSON path (`organization.inn`, `rows[2].snils`).
public struct FieldError: Codable, Sendable, Equatable {
    public var field: String
    public var code: String
    public var message: String

    public init(_ field: String, _ code: String, _ message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// RFC 9457 problem details; every error a client sees is one of these.
public struct Problem: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String?
    public var code: String?
    public var errors: [FieldError]
    public var allowedActions: [String]?
    public var retryAfterSeconds: Int?

    public init(
        _ status: HTTPResponse.Status, _ title: String, detail: String? = nil, code: String? = nil,
        errors: [FieldError] = [], allowedActions: [String]? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.status = status
        self.title = title
        self.detail = detail
        self.code = code
        self.errors = errors
        self.allowedActions = allowedActions
        self.retryAfterSeconds = retryAfterSeconds
    }

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String?
        var code: String?
        var errors: [FieldError]
        var allowedActions: [String]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            type: "https://copp.example/problems/\(code ?? String(status.code))", title: title,
            status: status.code, detail: detail, code: code, errors: errors, allowedActions: allowedActions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }
}

extension Problem {
    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(
            .unprocessableContent, "Проверьте введённые данные", detail: errors.map(\.message).joined(separator: "; "),
            code: "validation", errors: errors)
    }
    public static func badRequest(_ detail: String) -> Problem {
        Problem(.badRequest, "Некорректный запрос", detail: detail, code: "malformed")
    }
    public static let unauthorized = Problem(
        .unauthorized, "Требуется вход", detail: "Нет действительного токена доступа", code: "unauthorized")
    public static let forbidden = Problem(.forbidden, "Недостаточно прав", code: "forbidden")
    public static let notFound = Problem(.notFound, "Не найдено", code: "not_found")
    public static func conflict(
        _ detail: String, field: String? = nil, code: String = "conflict", allowed: [String]? = nil
    ) -> Problem {
        Problem(
            .conflict, "Конфликт", detail: detail, code: code,
            errors: field.map { [FieldError($0, code, detail)] } ?? [], allowedActions: allowed)
    }
}
