import HTTPTypes
import Hummingbird

/// Gives every request an id (the caller's `X-Request-Id` when sane), logs under it, and echoes it in the response.
public struct RequestIdMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let incoming = request.headers[.requestId], incoming.count <= 64,
            incoming.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            context.requestId = incoming
            // the server's own id is already on every line (`hb.request.id`); setting metadata re-renders all of
            // it, a few per cent of an answer from memory, so only the caller's id is added
            context.logger[metadataKey: "request_id"] = .string(incoming)
        }
        var response = try await next(request, context)
        response.headers[.requestId] = context.requestId
        return response
    }
}

extension HTTPField.Name {
    public static let requestId = Self("X-Request-Id")!
    public static let idempotencyKey = Self("Idempotency-Key")!
    public static let xForwardedFor = Self("X-Forwarded-For")!
    /// `hit` when an answer came from memory (`AnswerCache`), `miss` when the database was asked
    public static let xCache = Self("X-Cache")!
}
