import Hummingbird
import NIOConcurrencyHelpers

/// Answers 405 with `Allow` when the path exists but not for this method (the router alone would say 404).
/// The route table is filled in after all routes are registered, since middleware must be added before them.
public struct MethodNotAllowedMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    final class RouteTable: Sendable {
        let patterns = NIOLockedValueBox<[(segments: [Substring], method: String)]>([])
        func set(_ routes: [(path: String, method: String)]) {
            patterns.withLockedValue { $0 = routes.map { ($0.path.split(separator: "/"), $0.method) } }
        }
        func methods(for path: String) -> [String] {
            let parts = path.split(separator: "/")
            return patterns.withLockedValue { table in
                table.filter { route in
                    route.segments.count == parts.count
                        && zip(route.segments, parts).allSatisfy { pattern, part in
                            pattern.hasPrefix("{") || pattern.hasPrefix(":") || pattern == part
                        }
                }.map(\.method)
            }
        }
    }

    let table = RouteTable()
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = Set(table.methods(for: request.uri.path)).sorted()
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            var problem = try Problem(
                .methodNotAllowed, "Метод не поддерживается",
                detail: "Допустимые методы: \(allowed.joined(separator: ", "))",
                code: "method_not_allowed"
            ).response(from: request, context: context)
            problem.headers[.allow] = allowed.joined(separator: ", ")
            return problem
        }
    }
}
