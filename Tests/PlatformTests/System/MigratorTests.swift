import Foundation
import HTTPTypes
import Logging
import Platform
import XCTest

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
