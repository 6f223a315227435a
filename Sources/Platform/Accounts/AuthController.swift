import Foundation
import Hummingbird

/// /api/v1/auth: registration, e-mail confirmation, login, refresh, logout, password reset.
public struct AuthController: Sendable {
    let accounts: AccountService
    let secureCookies: Bool
    let trustProxy: Bool

    public init(accounts: AccountService, secureCookies: Bool, trustProxy: Bool) {
        self.accounts = accounts
        self.secureCookies = secureCookies
        self.trustProxy = trustProxy
    }

    func clientIP(_ request: Request, _ context: AppRequestContext) -> String {
        Self.clientIP(request, context, trustProxy: trustProxy)
    }

    /// The client's address: the proxy's view of it when configured to trust one, else the TCP peer.
    static func clientIP(_ request: Request, _ context: AppRequestContext, trustProxy: Bool) -> String {
        guard trustProxy, let forwarded = request.headers[.xForwardedFor] else { return context.remoteIP }
        let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return first.isEmpty || first.count > 45 ? context.remoteIP : first
    }

    static let refreshCookie = "refresh_token"

    @Sendable func registerLearner(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(LearnerRegistration.self, context: context)
        let profile = try await accounts.registerLearner(input, actor: context.actor, ip: clientIP(request, context))
        return try JSONResponse.created(profile, location: "/api/v1/me")
    }

    struct OrganizationRegistered: Encodable {
        var organizationId: UUID
        var organizationStatus = "pending"
        var account: Profile
    }

    @Sendable func registerOrganization(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(OrganizationRegistration.self, context: context)
        let (profile, orgId) = try await accounts.registerOrganization(
            input, actor: context.actor, ip: clientIP(request, context))
        return try JSONResponse.created(
            OrganizationRegistered(organizationId: orgId, account: profile), location: "/api/v1/me")
    }

    @Sendable func confirmEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await accounts.confirmEmail(token: try await request.decodeJSON(TokenRequest.self, context: context).token)
        return JSONResponse.noContent
    }

    @Sendable func resendConfirmation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let email = try await request.decodeJSON(EmailRequest.self, context: context).email
        try await accounts.resendConfirmation(email: email, ip: clientIP(request, context))
        return Response(status: .accepted)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(LoginRequest.self, context: context)
        return try tokenResponse(try await accounts.login(input, ip: clientIP(request, context)))
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body =
            request.headers[.contentLength] == "0"
            ? RefreshRequest() : (try? await request.decodeJSON(RefreshRequest.self, context: context))
        let token = body?.refreshToken ?? request.cookies[Self.refreshCookie]?.value
        return try tokenResponse(try await accounts.refresh(token))
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try? await request.decodeJSON(RefreshRequest.self, context: context)
        try await accounts.logout(
            body?.refreshToken ?? request.cookies[Self.refreshCookie]?.value, caller: context.identity)
        var response = Response(status: .noContent)
        response.setCookie(
            Cookie(
                name: Self.refreshCookie, value: "", maxAge: 0, path: "/api/v1/auth", secure: secureCookies,
                httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func requestReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let email = try await request.decodeJSON(EmailRequest.self, context: context).email
        try await accounts.requestPasswordReset(email: email, ip: clientIP(request, context))
        return Response(status: .accepted)
    }

    @Sendable func confirmReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await accounts.confirmPasswordReset(
            try await request.decodeJSON(PasswordResetConfirm.self, context: context), actor: context.actor)
        return JSONResponse.noContent
    }

    /// Tokens in JSON for API clients, and the refresh token also as an HttpOnly cookie for the browser.
    func tokenResponse(_ pair: TokenPair) throws -> Response {
        var response = try JSONResponse.make(pair, headers: [.cacheControl: "no-store"])
        response.setCookie(
            Cookie(
                name: Self.refreshCookie, value: pair.refreshToken,
                maxAge: TokensRepository.refreshLifetimeDays * 86400,
                path: "/api/v1/auth", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }
}

extension AppRequestContext {
    /// The acting user for the audit log.
    public var actor: Actor { Actor(userId: identity?.userId, requestId: requestId) }
}
