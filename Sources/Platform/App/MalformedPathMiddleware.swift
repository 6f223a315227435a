import Hummingbird

/// Request paths that decode to control characters (`/js/app.js%00.html`) name nothing: 404. The file layer would stop
/// reading the name at the NUL and serve app.js under the type of `.html`. Nor do files with a slash after them
/// (`/js/app.js/` was served without a Content-Type).
public struct MalformedPathMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        // most paths have nothing encoded: decoding them anyway cost a few per cent of an answer from memory
        let encoded = path.utf8.contains(UInt8(ascii: "%"))
        guard let decoded = encoded ? path.removingPercentEncoding : path,
            !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw Problem.notFound }
        if path.count > 1, path.hasSuffix("/"), !path.hasPrefix("/api/") { throw Problem.notFound }
        return try await next(request, context)
    }
}
