import Hummingbird

/// Reads `Authorization: Bearer …`; a present but invalid token is 401 even on public routes, so a client learns at
/// once.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let tokens: AccessTokens
    let sessions: SessionGuard

    public init(tokens: AccessTokens, sessions: SessionGuard) {
        self.tokens = tokens
        self.sessions = sessions
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // /metrics carries Prometheus' own bearer token (SystemController checks it), not a user's
        guard let header = request.headers[.authorization], request.uri.path != "/metrics" else {
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            let token = await tokens.verify(String(parts[1]))
        else { throw Problem.unauthorized }
        guard let identity = try await sessions.current(token) else {
            throw Problem(
                .unauthorized, "Сессия завершена",
                detail: "Вы вышли, пароль изменён или учётная запись заблокирована; войдите снова",
                code: "session_revoked")
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "user_id"] = .string(identity.userId.uuidString.lowercased())
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The caller, or 401.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw Problem.unauthorized }
        return identity
    }

    /// The caller holding any of `roles`, or 401/403.
    public func require(anyOf roles: Set<Role>) throws -> Identity {
        let identity = try requireIdentity()
        guard identity.hasAny(roles) else { throw Problem.forbidden }
        return identity
    }
}
