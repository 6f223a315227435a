import Foundation
import HTTPTypes
import Platform
import XCTest

/// Browser protections, operations endpoints and configuration a deployment could get wrong.
final class WebHardeningAPITests: XCTestCase {
    func testEveryResponseCarriesTheBrowserProtections() async throws {
        try await withApp { api, _ in
            for path in [
                "/", "/js/app.js", "/docs", "/api/v1/catalog/programs", "/api/v1/no-such-thing", "/api/v1/openapi.yaml",
            ] {
                let r = try await api.get(path)
                let csp = r.headers[.contentSecurityPolicy] ?? ""
                XCTAssertTrue(
                    csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "\(path): \(csp)")
                XCTAssertFalse(csp.contains("script-src 'self' 'unsafe-inline'"), path)
                XCTAssertEqual(r.headers[.xFrameOptions], "DENY", path)
                XCTAssertEqual(r.headers[.xContentTypeOptions], "nosniff", path)
                XCTAssertNotNil(r.headers[.referrerPolicy], path)
                XCTAssertNil(r.headers[.strictTransportSecurity], path)
            }
            // no inline script anywhere the CSP would have to allow it
            for path in ["/", "/docs"] {
                let html = try await api.get(path).text
                let inline = html.components(separatedBy: "<script").dropFirst().filter {
                    !$0.prefix(while: { $0 != ">" }).contains("src=")
                }
                XCTAssertEqual(inline.count, 0, "\(path) has an inline script")
            }
        }
        try await withApp(configure: { $0.publicURL = "https://copp.example.ru" }) { api, _ in
            let secure = try await api.get("/healthz")
            XCTAssertEqual(secure.headers[.strictTransportSecurity], "max-age=31536000; includeSubDomains")
        }
    }

    /// `/js/app.js%00.html` was served as text/html (the name cut at the NUL, the type taken from `.html`).
    func testAPathWithANulIsRefused() async throws {
        try await withApp { api, _ in
            let r = try await api.get("/js/app.js%00.html")
            XCTAssertEqual(r.status, .notFound)
            XCTAssertFalse(r.headers[.contentType]?.contains("text/html") ?? false)
            // nor a file with a slash after it (was served without a Content-Type)
            try await XCTAssertEqualAsync(try await api.get("/js/app.js/").status, .notFound)
            try await XCTAssertEqualAsync(try await api.get("/js/app.js").status, .ok)
        }
    }

    func testMetricsNeedTheConfiguredToken() async throws {
        try await withApp { api, _ in
            try await XCTAssertEqualAsync(try await api.get("/metrics").status, .notFound)
        }
        try await withApp(configure: { $0.metricsToken = "prometheus-scrape-token-1" }) { api, _ in
            try await XCTAssertEqualAsync(try await api.get("/metrics").status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/metrics", headers: [.authorization: "Bearer wrong-token-of-same-len"]).status,
                .notFound)
            let metrics = try await api.get("/metrics", headers: [.authorization: "Bearer prometheus-scrape-token-1"])
            XCTAssertEqual(metrics.status, .ok)
            XCTAssertTrue(metrics.text.contains("hb_requests"), metrics.text.prefix(300).description)
        }
    }

    func testTheDocumentedExampleSecretIsRefused() {
        let env = [
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/copp",
            "JWT_SECRET": "change-me-to-a-long-random-string-of-48-chars",
        ]
        XCTAssertThrowsError(try Platform.Configuration.fromEnvironment(env)) { error in
            XCTAssertTrue("\(error)".contains("JWT_SECRET"), "\(error)")
        }
        var good = env
        good["JWT_SECRET"] = String(repeating: "k7Q", count: 16)
        XCTAssertNoThrow(try Platform.Configuration.fromEnvironment(good))
    }

    /// Uploads beyond the organization's (or person's) quota are 413 `quota_exceeded`.
    func testUploadsStopAtTheQuota() async throws {
        try await withApp(configure: { $0.filesQuotaBytes = Samples.png.count * 2 }) { api, _ in
            let (_, learner) = try await api.learner()
            for _ in 0..<2 {
                try await XCTAssertEqualAsync(
                    try await api.upload(bytes: Samples.png, filename: "a.png", token: learner).status, .created)
            }
            let over = try await api.upload(bytes: Samples.png, filename: "a.png", token: learner)
            XCTAssertEqual(over.status, .contentTooLarge, over.text)
            XCTAssertEqual(over.code, "quota_exceeded")
        }
    }
}
