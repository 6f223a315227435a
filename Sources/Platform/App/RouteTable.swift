import Foundation
import HTTPTypes
import Hummingbird

/// One route of the API: method, path and who may call it.
public struct RouteEntry: Sendable {
    public let method: HTTPRequest.Method
    public let path: String
    public let policy: RoutePolicy
}

/// Registers handlers behind their policies and remembers every route, so the authorization-matrix test and the
/// contract test read the same list the router serves. A route cannot be added without a policy.
final class RouteTable: @unchecked Sendable {
    let router: Router<AppRequestContext>
    private(set) var entries: [RouteEntry] = []

    init(_ router: Router<AppRequestContext>) { self.router = router }

    func add(
        _ method: HTTPRequest.Method, _ path: String, _ policy: RoutePolicy,
        _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        entries.append(RouteEntry(method: method, path: path, policy: policy))
        router.on(RouterPath(path), method: method) { request, context in
            let orgId = context.parameters.get("orgId").flatMap(UUID.init(uuidString:))
            if let refusal = policy.refusal(context.identity, orgId: orgId) { throw refusal }
            return try await handler(request, context)
        }
    }

    func get(
        _ path: String, _ policy: RoutePolicy,
        _ h: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        add(.get, path, policy, h)
    }

    func post(
        _ path: String, _ policy: RoutePolicy,
        _ h: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        add(.post, path, policy, h)
    }

    func put(
        _ path: String, _ policy: RoutePolicy,
        _ h: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        add(.put, path, policy, h)
    }

    func patch(
        _ path: String, _ policy: RoutePolicy,
        _ h: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        add(.patch, path, policy, h)
    }

    func delete(
        _ path: String, _ policy: RoutePolicy,
        _ h: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        add(.delete, path, policy, h)
    }
}
