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

final class BootstrapTests: XCTestCase {
    func testConfiguredAdministratorExistsAfterStartAndDemoDataLoadsOnce() async throws {
        try await withApp(configure: {
            $0.adminEmail = "root@region.ru"
            $0.adminPassword = "FirstAdmin2026"
            $0.demoData = true
        }) { api, services in
            let token = try await api.login("root@region.ru", "FirstAdmin2026")
            let me = try await api.get("/api/v1/me", token: token)
            XCTAssertEqual(me["roles"] as? [String], ["admin"])
            // one account per role of SPEC §1, all able to log in with the demo password
            for account in DemoData.accounts {
                let r = try await api.post(
                    "/api/v1/auth/login", ["email": account.email, "password": DemoData.password])
                XCTAssertEqual(r.status, .ok, account.email)
            }
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let count = try await services.db.rows("SELECT count(*)::int FROM users WHERE email LIKE '%@copp.demo'")[0]
                .decode(Int.self)
            XCTAssertEqual(count, DemoData.accounts.count)
        }
    }
}

final class MigratorTests: XCTestCase {
    func testConcurrentStartsMigrateOnceAndAChangedFileStopsStartUp() async throws {
        let database = try await makeTestDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migr-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "CREATE TABLE things (id int PRIMARY KEY); INSERT INTO things VALUES (1);".write(
            to: folder.appendingPathComponent("0001_things.sql"), atomically: true, encoding: .utf8)
        try await withClient(database: database) { client in
            let migrator = Migrator(directory: folder.path, logger: Logger(label: "t"))
            async let a = migrator.run(client: client)
            async let b = migrator.run(client: client)
            let applied = try await [a, b]
            XCTAssertEqual(applied.map(\.count).sorted(), [0, 1])  // one applied it, the other found it done
            try await XCTAssertEqualAsync(
                try await client.query("SELECT count(*)::int FROM things").collect()[0].decode(Int.self), 1)

            try "CREATE TABLE things (id int PRIMARY KEY, changed int);".write(
                to: folder.appendingPathComponent("0001_things.sql"), atomically: true, encoding: .utf8)
            do {
                try await migrator.run(client: client)
                XCTFail("a changed applied migration must stop start-up")
            } catch let error as Migrator.MigrationError {
                XCTAssertTrue(error.description.contains("0001_things"))
            }

            // a failing migration leaves nothing behind
            try "CREATE TABLE things (id int PRIMARY KEY); INSERT INTO things VALUES (1);".write(
                to: folder.appendingPathComponent("0001_things.sql"), atomically: true, encoding: .utf8)
            try "CREATE TABLE half (id int); SELECT no_such_function();".write(
                to: folder.appendingPathComponent("0002_broken.sql"), atomically: true, encoding: .utf8)
            do {
                try await migrator.run(client: client)
                XCTFail("broken migration applied")
            } catch {}
            let half = try await client.query("SELECT to_regclass('half') IS NULL").collect()[0].decode(Bool.self)
            XCTAssertTrue(half)
        }
        try await dropTestDatabase(database)
    }
}
