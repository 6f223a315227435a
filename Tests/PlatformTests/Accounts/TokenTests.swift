import Foundation
import Platform
import XCTest

final class TokenTests: XCTestCase {
    let secret = "unit-test-secret-unit-test-secret-0123"
    let identity = Identity(
        userId: UUID(), roles: [.learner], orgs: [OrgClaim(id: UUID().uuidString, kind: "contractor", level: "admin")])

    func testIssuedTokenVerifiesWithClaims() async throws {
        let tokens = await AccessTokens(secret: secret)
        let jwt = try await tokens.issue(for: identity)
        let verified = await tokens.verify(jwt)
        XCTAssertEqual(verified?.userId, identity.userId)
        XCTAssertEqual(verified?.roles, [.learner])
        XCTAssertEqual(verified?.orgs, identity.orgs)
    }

    func testForgedTokensAreRejected() async throws {
        let tokens = await AccessTokens(secret: secret)
        let jwt = try await tokens.issue(for: identity)
        for forged in try await Forgery.all(of: jwt, secret: secret, identity: identity) {
            let verified = await tokens.verify(forged.token)
            XCTAssertNil(verified, forged.name)
        }
    }

    func testSecretTokensAreRandomAndHashed() {
        let a = SecretToken.generate()
        let b = SecretToken.generate()
        XCTAssertNotEqual(a, b)
        XCTAssertGreaterThanOrEqual(a.count, 43)
        XCTAssertEqual(SecretToken.hash(a).count, 64)
        XCTAssertNotEqual(SecretToken.hash(a), a)
    }
}

/// Hand-built malicious JWTs: alg none, another key, an edited role claim, an expired token.
enum Forgery {
    static func b64(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
    static func unb64(_ s: String) -> Data {
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t) ?? Data()
    }

    static func all(of jwt: String, secret: String, identity: Identity) async throws -> [(name: String, token: String)]
    {
        let parts = jwt.split(separator: ".").map(String.init)
        var payload = try JSONSerialization.jsonObject(with: unb64(parts[1])) as! [String: Any]
        payload["roles"] = ["admin"]
        let edited = parts[0] + "." + b64(try JSONSerialization.data(withJSONObject: payload)) + "." + parts[2]
        let noneHeader = b64(Data(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8))
        let algNone = noneHeader + "." + b64(try JSONSerialization.data(withJSONObject: payload)) + "."
        let otherKey = try await AccessTokens(secret: "another-secret-another-secret-0123456").issue(for: identity)
        let expired = try await AccessTokens(secret: secret).issue(for: identity, now: Date().addingTimeInterval(-3600))
        return [
            ("edited role", edited), ("alg none", algNone), ("other key", otherKey), ("expired", expired),
            ("garbage", "abc.def"),
        ]
    }
}
