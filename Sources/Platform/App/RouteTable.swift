import Foundation
import HTTPTypes
import Hummingbird

/// One route of the API: method, path, who may call it, and whether a successful call waits for the training cache
/// to hear its change (read-your-writes).
public struct RouteEntry: Sendable {
    public let method: HTTPRequest.Method
    public let path: String
    public let policy: RoutePolicy
    public let catchesUp: Bool
}

/// Registers handlers behind their policies and remembers every route, so the authorization-matrix test and the
/// contract test read the same list the router serves. A route cannot be added without a policy.
final class RouteTable: @unchecked Sendable {
    let router: Router<AppRequestContext>
    let trainingCache: TrainingCache
    let db: Database
    private(set) var entries: [RouteEntry] = []
    /// Paths whose writes change what the training cache answers (set in Routes.swift).
    var writesTrainingData: (HTTPRequest.Method, String) -> Bool = { _, _ in false }

    init(_ router: Router<AppRequestContext>, trainingCache: TrainingCache, db: Database) {
        self.router = router
        self.trainingCache = trainingCache
        self.db = db
    }

    func add(
        _ method: HTTPRequest.Method, _ path: String, _ policy: RoutePolicy,
        _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        let catchesUp = method != .get && writesTrainingData(method, path)
        entries.append(RouteEntry(method: method, path: path, policy: policy, catchesUp: catchesUp))
        let (cache, db) = (trainingCache, self.db)
        router.on(RouterPath(path), method: method) { request, context in
            let orgId = context.parameters.get("orgId").flatMap(UUID.init(uuidString:))
            if let refusal = policy.refusal(context.identity, orgId: orgId) { throw refusal }
            let response = try await handler(request, context)
            // a successful write answers only after this server has heard the change notices committed before it, so
            // the writer's next read here never comes from memory older than the write (an operator who confirms an
            // application and reloads the desk sees it confirmed); other writes do not wait
            if catchesUp, response.status.code < 400 { await cache.catchUp(channel: TrainingCache.channel, db: db) }
            return response
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
