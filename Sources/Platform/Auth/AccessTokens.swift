import Foundation
import JWTKit

/// Claims of the access JWT (DESIGN §3).
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var roles: [String]
    var orgs: [OrgClaim]
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var jti: IDClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Issues and verifies short-lived access tokens signed with HS256 under a key id, so keys can rotate.
public struct AccessTokens: Sendable {
    public static let lifetimeSeconds = 15 * 60
    let keys: JWTKeyCollection
    let kid: JWKIdentifier

    /// `secret` must be at least 32 bytes (checked at configuration time; jwt-kit traps on shorter HMAC keys).
    public init(secret: String, kid: String = "k1") async {
        let keys = JWTKeyCollection()
        let identifier = JWKIdentifier(string: kid)
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: identifier)
        self.keys = keys
        self.kid = identifier
    }

    public func issue(for identity: Identity, now: Date = Date()) async throws -> String {
        let claims = AccessClaims(
            sub: .init(value: identity.userId.uuidString.lowercased()),
            roles: identity.roles.map(\.rawValue).sorted(),
            orgs: identity.orgs,
            exp: .init(value: now.addingTimeInterval(TimeInterval(Self.lifetimeSeconds))),
            iat: .init(value: now),
            jti: .init(value: UUID().uuidString))
        return try await keys.sign(claims, kid: kid)
    }

    /// Verifies signature, algorithm and expiry; nil for anything forged, expired or malformed.
    public func verify(_ token: String) async -> Identity? {
        guard let claims = try? await keys.verify(token, as: AccessClaims.self),
            let userId = UUID(uuidString: claims.sub.value)
        else { return nil }
        var identity = Identity(userId: userId, roles: Set(claims.roles.compactMap(Role.init(rawValue:))), orgs: claims.orgs)
        identity.issuedAt = claims.iat.value
        return identity
    }
}
