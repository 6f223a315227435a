import Foundation
import Hummingbird

/// /api/v1/me: the caller's own profile, password and inbox.
public struct MeController: Sendable {
    let accounts: AccountService
    let profiles: ProfileService
    let inbox: InboxService

    public init(accounts: AccountService, profiles: ProfileService, inbox: InboxService) {
        self.accounts = accounts
        self.profiles = profiles
        self.inbox = inbox
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        guard let profile = try await profiles.users.profile(userId: me.userId) else { throw Problem.unauthorized }
        return try profileResponse(profile)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let patch = try await request.decodeJSON(ProfilePatch.self, context: context)
        if patch.email != nil {
            throw Problem.validation([
                FieldError("email", "read_only", "Адрес электронной почты меняет администратор платформы")
            ])
        }
        let profile = try await profiles.update(
            userId: me.userId, patch: patch, ifMatch: request.headers[.ifMatch], actor: context.actor)
        return try profileResponse(profile)
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        try await accounts.changePassword(
            userId: me.userId, try await request.decodeJSON(PasswordChange.self, context: context), actor: context.actor
        )
        return JSONResponse.noContent
    }

    struct MessagesPage: Encodable {
        var items: [InboxMessage]
        var nextCursor: String?
        var unread: Int
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(items, forKey: .items)
            try c.encode(nextCursor, forKey: .nextCursor)
            try c.encode(unread, forKey: .unread)
        }
        enum CodingKeys: String, CodingKey { case items, nextCursor, unread }
    }

    @Sendable func messages(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let unreadOnly = q.bool("unread") ?? false
        let result = try await inbox.page(unreadOnly: unreadOnly, page: try q.page(), identity: me)
        return try JSONResponse.make(
            MessagesPage(items: result.page.items, nextCursor: result.page.nextCursor, unread: result.unread))
    }

    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        try await inbox.markRead(try context.parameters.uuid("id"), identity: me)
        return JSONResponse.noContent
    }
}

/// A profile with its version as ETag, for If-Match on the next PATCH.
func profileResponse(_ profile: Profile, status: HTTPResponse.Status = .ok) throws -> Response {
    try JSONResponse.make(profile, status: status, headers: [.eTag: "\"\(profile.version)\""])
}
