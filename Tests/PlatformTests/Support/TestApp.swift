import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Platform
import PostgresNIO
import XCTest

/// The repository root, found from this file's path (tests run from anywhere).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

let testServerURL =
    ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:54330/postgres"

/// Migrates once into a template database; every test gets a fresh copy of it (the SwiftPackageIndex-Server model).
actor TemplateDatabase {
    static let shared = TemplateDatabase()
    static let name = "copp_test_template"
    private var ready: Task<Void, any Error>?

    func ensure() async throws {
        if ready == nil {
            ready = Task {
                try await withAdminClient { client in
                    try await client.query("DROP DATABASE IF EXISTS \(unescaped: Self.name) WITH (FORCE)").collect()
                    try await client.query("CREATE DATABASE \(unescaped: Self.name)").collect()
                }
                try await withClient(database: Self.name) { client in
                    try await Migrator(directory: repositoryRoot + "/Migrations", logger: Logger(label: "test-migrate"))
                        .run(client: client)
                }
            }
        }
        try await ready!.value
    }
}

/// Runs `body` with a PostgresClient to `database` on the test server.
func withClient<T: Sendable>(database: String, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
    let url = DatabaseURL(testServerURL)!.with(database: database)
    let client = PostgresClient(configuration: url.clientConfiguration())
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            await client.run()
            return nil
        }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

func withAdminClient<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
    try await withClient(database: DatabaseURL(testServerURL)!.database, body)
}

/// A fresh database copied from the template.
func makeTestDatabase() async throws -> String {
    try await TemplateDatabase.shared.ensure()
    let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    try await withAdminClient { client in
        try await client.query(
            "CREATE DATABASE \(unescaped: String(name)) TEMPLATE \(unescaped: TemplateDatabase.name)"
        ).collect()
    }
    return String(name)
}

func dropTestDatabase(_ name: String) async throws {
    try await withAdminClient { client in
        try await client.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)").collect()
    }
}

func testConfiguration(database: String, smtpPort: Int? = nil) -> Platform.Configuration {
    var c = Platform.Configuration(
        databaseURL: "postgres://postgres@127.0.0.1:\(DatabaseURL(testServerURL)!.port)/\(database)",
        jwtSecret: "test-secret-that-is-long-enough-for-hs256-keys")
    c.port = 0
    c.bcryptCost = 4  // hashing speed only; production default is 12
    c.migrationsDir = repositoryRoot + "/Migrations"
    c.webDir = repositoryRoot + "/web"
    c.workerPollMilliseconds = 50
    c.logLevel = "error"
    c.publicURL = "http://copp.test"
    c.filesDir = FileManager.default.temporaryDirectory.appendingPathComponent("copp-files-\(database)").path
    if let smtpPort {
        c.smtpHost = "127.0.0.1"
        c.smtpPort = smtpPort
    }
    return c
}

/// Starts the real application over real HTTP on a fresh database and hands the test a client.
func withApp(
    smtpPort: Int? = nil, configure: (inout Platform.Configuration) -> Void = { _ in },
    _ body: @Sendable (API, Services) async throws -> Void
) async throws {
    let database = try await makeTestDatabase()
    do {
        var configuration = testConfiguration(database: database, smtpPort: smtpPort)
        configure(&configuration)
        let (app, services) = try await buildApplication(configuration)
        try await app.test(.live) { client in
            try await body(API(client: client, services: services), services)
        }
    } catch {
        try? await dropTestDatabase(database)
        throw error
    }
    try await dropTestDatabase(database)
}
