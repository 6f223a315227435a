import Hummingbird

/// Refuses request paths that decode to control characters (`/js/app.js%00.html`): the file layer would stop reading the
/// name at the NUL and serve app.js under the type of `.html`.
public struct MalformedPathMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let decoded = path.removingPercentEncoding, !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw Problem.badRequest("Недопустимые символы в адресе") }
        return try await next(request, context)
    }
}
