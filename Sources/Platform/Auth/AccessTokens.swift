import Foundation
import JWTKit
import Synchronization

/// Claims of the access JWT (DESIGN §3).
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var roles: [String]
    var orgs: [OrgClaim]
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var jti: IDClaim
    /// session epoch of the account at issue time (SessionGuard)
    var sep: Int64

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Issues and verifies short-lived access tokens signed with HS256 under a key id, so keys can rotate.
public struct AccessTokens: Sendable {
    public static let lifetimeSeconds = 15 * 60
    let keys: JWTKeyCollection
    let kid: JWKIdentifier
    /// Tokens already verified, until they expire: a session sends the same token with every request, and checking its
    /// signature and decoding its claims again each time took ~9 % of the server's CPU under load (perf).
    let verified = VerifiedTokens()

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
            jti: .init(value: UUID().uuidString),
            sep: identity.sessionEpoch)
        return try await keys.sign(claims, kid: kid)
    }

    /// Verifies signature, algorithm and expiry; nil for anything forged, expired or malformed.
    public func verify(_ token: String) async -> Identity? {
        if let known = verified.identity(token) { return known }
        guard let claims = try? await keys.verify(token, as: AccessClaims.self),
            let userId = UUID(uuidString: claims.sub.value)
        else { return nil }
        var identity = Identity(
            userId: userId, roles: Set(claims.roles.compactMap(Role.init(rawValue:))), orgs: claims.orgs)
        identity.sessionEpoch = claims.sep
        verified.remember(token, identity, until: claims.exp.value)
        return identity
    }
}

/// Verified access tokens and their identities, each kept until the token's own expiry (a token is immutable: its
/// signature and claims cannot change; revocation is SessionGuard's business, checked on every request all the same).
final class VerifiedTokens: Sendable {
    private let entries = Mutex([String: (identity: Identity, expires: Date)]())
    let capacity = 20_000

    func identity(_ token: String) -> Identity? {
        entries.withLock { e in
            guard let entry = e[token] else { return nil }
            if entry.expires <= Date() {
                e[token] = nil
                return nil
            }
            return entry.identity
        }
    }

    func remember(_ token: String, _ identity: Identity, until expires: Date) {
        entries.withLock { e in
            if e.count >= capacity { e = e.filter { $0.value.expires > Date() } }
            if e.count >= capacity { e.removeAll() }
            e[token] = (identity, expires)
        }
    }
}
