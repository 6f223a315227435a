import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Largest JSON body the API accepts; larger ones are answered 413 before decoding.
public let maxJSONBodyBytes = 1 << 20

extension Request {
    /// Decodes a JSON body: 413 when too large, 400 naming the first broken place when malformed or mistyped.
    public func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        try await decodeJSONWithKeys(type, context: context).value
    }

    /// A request body can be read once: this returns the decoded value, its top-level keys and the raw bytes together.
    public func decodeJSONBody<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> (
        value: T, keys: Set<String>, data: Data
    ) {
        let (value, keys, data) = try await decodeJSONParts(type, context: context)
        return (value, keys, data)
    }

    /// Decodes a PATCH body and also tells which top-level keys it contained, so that `null` clears and absence keeps.
    public func decodeJSONWithKeys<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> (
        value: T, keys: Set<String>
    ) {
        let (value, keys, _) = try await decodeJSONParts(type, context: context)
        return (value, keys)
    }

    func decodeJSONParts<T: Decodable>(_ type: T.Type, context: some RequestContext, limit: Int = maxJSONBodyBytes)
        async throws -> (T, Set<String>, Data)
    {
        let buffer = try await collectBody(limit: limit)
        if let contentType = headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw Problem(
                .unsupportedMediaType, "Неподдерживаемый тип", detail: "Ожидается application/json",
                code: "unsupported_media_type")
        }
        do {
            let data = Data(buffer: buffer)
            let value = try JSONDecoder.api.decode(T.self, from: data)
            let keys = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            return (value, Set(keys?.keys ?? [:].keys), data)
        } catch let error as DecodingError {
            throw Problem.badRequest(Self.describe(error))
        } catch {
            throw Problem.badRequest("Тело запроса не является корректным JSON")
        }
    }

    /// An optional JSON body (action steps whose fields are all optional): `empty` when nothing was sent.
    public func decodeJSONIfSent<T: Decodable>(
        _ type: T.Type, context: some RequestContext, empty: @autoclosure () -> T
    ) async throws -> T {
        if headers[.contentLength] == "0" || headers[.contentType] == nil { return empty() }
        return try await decodeJSON(type, context: context)
    }

    /// The whole body, 413 when over `limit` bytes.
    public func collectBody(limit: Int) async throws -> ByteBuffer {
        var copy = self
        do {
            return try await copy.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem(
                .contentTooLarge, "Слишком большой запрос", detail: "Тело запроса больше \(limit) байт",
                code: "too_large")
        }
    }

    /// A JSON body larger than the usual limit (lists of thousands of rows).
    public func decodeLargeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext, limit: Int) async throws
        -> T
    {
        try await decodeJSONParts(type, context: context, limit: limit).0
    }

    /// Query parameter helper.
    public func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ ctx: DecodingError.Context) -> String {
            ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let p = path(ctx)
            return "Нет обязательного поля \(p.isEmpty ? key.stringValue : p + "." + key.stringValue)"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "Неверный тип значения поля \(path(ctx))"
        case .dataCorrupted(let ctx):
            let p = path(ctx)
            return p.isEmpty ? "Тело запроса не является корректным JSON" : "Некорректное значение поля \(p)"
        @unknown default:
            return "Некорректный JSON"
        }
    }
}

extension JSONDecoder {
    public static let api: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}

extension JSONEncoder {
    public static let api: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
}

/// JSON response helpers: every body is encoded the same way.
public enum JSONResponse {
    public static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
        throws -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = try JSONEncoder.api.encode(value)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    public static func created(_ value: some Encodable, location: String) throws -> Response {
        try make(value, status: .created, headers: [.location: location])
    }

    public static var noContent: Response { Response(status: .noContent) }

    /// JSON text built elsewhere (by PostgreSQL), passed through; `version` becomes the ETag.
    public static func raw(
        _ json: String, version: Int? = nil, status: HTTPResponse.Status = .ok, location: String? = nil
    ) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let version { headers[.eTag] = "\"\(version)\"" }
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// An answer that may come from memory (`AnswerCache`); `X-Cache: hit|miss` tells operators (and the benchmarks)
    /// whether the database was asked.
    public static func raw(_ json: String, cached: Bool) -> Response {
        raw(ByteBuffer(string: json), cached: cached)
    }

    /// The same, for an answer kept as bytes.
    public static func raw(_ body: ByteBuffer, cached: Bool) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .xCache: cached ? "hit" : "miss"],
            body: .init(byteBuffer: body))
    }
}

/// Parses a UUID path parameter; a malformed one is simply "not found".
extension Parameters {
    public func uuid(_ name: String) throws -> UUID {
        guard let s = self.get(name), let id = UUID(uuidString: s) else { throw Problem.notFound }
        return id
    }
}
