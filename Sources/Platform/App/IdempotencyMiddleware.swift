import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO

/// `Idempotency-Key` on POST: the first successful response is stored and replayed for a repeat of the same request,
/// so a client that lost the answer can safely retry (mobile networks, integration scripts). Keys live 24 hours.
/// A key belongs to the authenticated caller who sent it: anonymous requests and everything under /api/v1/auth (whose
/// answers are tokens) are never stored or replayed, nor is any answer that sets a cookie or forbids storing.
public struct IdempotencyMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let keys: IdempotencyKeysRepository
    static let maxStoredBody = 1 << 20

    public init(db: Database) { self.keys = IdempotencyKeysRepository(db: db) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // uploads are not replayed: their bodies are large and a repeated upload only stores a second metadata row
        guard request.method == .post, let key = request.headers[.idempotencyKey], let caller = context.identity,
            !request.uri.path.split(separator: "/").starts(with: ["api", "v1", "auth"]),  // `//auth` routes there too
            !(request.headers[.contentType]?.lowercased().hasPrefix("multipart/") ?? false)
        else { return try await next(request, context) }
        guard (1...255).contains(key.count), !key.contains("\u{0}") else {
            throw Problem.validation([
                FieldError("Idempotency-Key", "invalid", "Ключ идемпотентности — от 1 до 255 символов")
            ])
        }
        var request = request
        let body = try await request.collectBody(upTo: maxJSONBodyBytes)
        let scope = caller.userId.uuidString.lowercased()
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hasher.update(data: Self.canonical(Data(buffer: body)))
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()

        let claimed = try await keys.claim(scope: scope, key: key, hash: hash)
        if !claimed { return try await replay(scope: scope, key: key, hash: hash) }

        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // failures are not remembered: the client may fix the request and retry with the same key
            try? await keys.release(scope: scope, key: key)
            throw error
        }
        let collector = Collector()
        var copy = response
        try await copy.body.write(collector)
        let bytes = collector.buffer.withLockedValue { $0 }
        let secret =
            response.headers[.setCookie] != nil || response.headers[.cacheControl]?.contains("no-store") == true
        if response.status.code < 500 && bytes.readableBytes <= Self.maxStoredBody && !secret {
            try await keys.complete(
                scope: scope, key: key, status: Int(response.status.code),
                contentType: response.headers[.contentType], location: response.headers[.location], body: bytes)
        } else {
            try await keys.release(scope: scope, key: key)
        }
        copy.body = ResponseBody(byteBuffer: bytes)
        return copy
    }

    /// The same JSON with another key order or spacing is the same request.
    static func canonical(_ data: Data) -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return data }
        return sorted
    }

    func replay(scope: String, key: String, hash: String) async throws -> Response {
        guard let (storedHash, status, contentType, location, body) = try await keys.stored(scope: scope, key: key)
        else {
            throw Problem.conflict(
                "Запрос с этим ключом идемпотентности ещё выполняется", field: "Idempotency-Key",
                code: "idempotency_in_progress")
        }
        guard storedHash == hash else {
            throw Problem.validation([
                FieldError("Idempotency-Key", "key_reused", "Ключ уже использован для другого запроса")
            ])
        }
        guard let status else {
            throw Problem.conflict(
                "Запрос с этим ключом идемпотентности ещё выполняется", field: "Idempotency-Key",
                code: "idempotency_in_progress")
        }
        var headers: HTTPFields = [.idempotentReplayed: "true"]
        if let contentType { headers[.contentType] = contentType }
        if let location { headers[.location] = location }
        return Response(
            status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: body ?? ByteBuffer()))
    }

    final class Collector: ResponseBodyWriter, Sendable {
        let buffer = NIOLockedValueBox(ByteBuffer())
        func write(_ part: ByteBuffer) async throws { buffer.withLockedValue { _ = $0.writeImmutableBuffer(part) } }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

extension HTTPField.Name {
    public static let idempotentReplayed = Self("Idempotent-Replayed")!
}
