import Foundation
import HTTPTypes
import Logging
import Platform
import XCTest

final class SystemAPITests: XCTestCase {
    func testHealthReadinessMetricsAndRequestId() async throws {
        try await withApp(configure: { $0.metricsToken = "scrape-token-of-the-test" }) { api, _ in
            try await XCTAssertEqualAsync(try await api.get("/healthz").status, .ok)
            let ready = try await api.get("/readyz")
            XCTAssertEqual(ready["status"] as? String, "ready")
            let echoed = try await api.get("/healthz", headers: [.init("X-Request-Id")!: "trace-42"])
            XCTAssertEqual(echoed.headers[.init("X-Request-Id")!], "trace-42")
            let generated = try await api.get("/api/v1/me")
            XCTAssertFalse((generated.headers[.init("X-Request-Id")!] ?? "").isEmpty)
            let metrics = try await api.get("/metrics", headers: [.authorization: "Bearer scrape-token-of-the-test"])
            XCTAssertTrue(metrics.text.contains("hb_requests"), metrics.text.prefix(400).description)
            XCTAssertTrue(metrics.text.contains("http_server_request_duration_bucket"))
            XCTAssertTrue(metrics.text.contains("http_route=\"/healthz\""))
            try await XCTAssertEqualAsync(try await api.get("/api/v1/no-such-thing").status, .notFound)
            let spec = try await api.get("/api/v1/openapi.yaml")
            XCTAssertTrue(spec.text.hasPrefix("openapi: 3.1"))
            try await XCTAssertEqualAsync(try await api.get("/").status, .ok)
        }
    }
}
