import Hummingbird

/// A successful write answers only after this server has heard the change notices committed before it
/// (`AnswerCache.catchUp`), so the writer's next read on this server never comes from memory older than the write —
/// an operator who confirms an application and reloads the desk sees it confirmed. Reads pass straight through.
public struct ReadYourWritesMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let cache: TrainingCache
    let db: Database

    public init(cache: TrainingCache, db: Database) {
        self.cache = cache
        self.db = db
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let response = try await next(request, context)
        if request.method != .get, request.method != .head, request.method != .options, response.status.code < 400 {
            await cache.catchUp(channel: TrainingCache.channel, db: db)
        }
        return response
    }
}
