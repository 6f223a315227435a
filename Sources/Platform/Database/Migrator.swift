import Crypto
import Foundation
import Logging
import PostgresNIO

/// Applies `Migrations/NNNN_name.sql` in order, once each, under an advisory lock; refuses a changed applied file.
public struct Migrator: Sendable {
    public struct Migration: Sendable {
        public var name: String
        public var sql: String
        public var checksum: String
    }

    public enum MigrationError: Error, CustomStringConvertible {
        case changed(name: String)
        case pending([String])
        case unreadable(String)
        public var description: String {
            switch self {
            case .changed(let name):
                return "Migration \(name) was changed after it was applied (checksum differs). Applied migrations are "
                    + "forward-only: restore the file and add a new migration instead."
            case .pending(let names):
                return "Pending migrations: \(names.joined(separator: ", ")). "
                    + "Run `platform-server migrate` or serve with --migrate."
            case .unreadable(let path): return "Cannot read migrations folder \(path)"
            }
        }
    }

    /// Any fixed number: every server of this product takes the same lock.
    static let lockKey: Int64 = 7_730_001
    public let directory: String
    public let logger: Logger

    public init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    public func load() throws -> [Migration] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw MigrationError.unreadable(directory)
        }
        return try files.filter { $0.hasSuffix(".sql") }.sorted().map { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file))
            let checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            return Migration(
                name: String(file.dropLast(4)), sql: String(decoding: data, as: UTF8.self), checksum: checksum)
        }
    }

    /// Applies pending migrations (or with `checkOnly` just reports them). Returns the names applied/pending.
    @discardableResult
    public func run(client: PostgresClient, checkOnly: Bool = false) async throws -> [String] {
        let migrations = try load()
        return try await client.withConnection { conn in
            try await conn.run("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let result = try await apply(migrations, on: conn, checkOnly: checkOnly)
                try await conn.run("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return result
            } catch {
                _ = try? await conn.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger).collect()
                throw error
            }
        }
    }

    private func apply(_ migrations: [Migration], on conn: PostgresConnection, checkOnly: Bool) async throws -> [String]
    {
        _ = try await conn.simpleQuery(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """
        ).get()
        var applied: [String: String] = [:]
        for try await (name, checksum) in try await conn.query(
            "SELECT name, checksum FROM schema_migrations", logger: logger
        )
        .decode((String, String).self) {
            applied[name] = checksum
        }
        var pending: [String] = []
        for migration in migrations {
            if let checksum = applied[migration.name] {
                if checksum != migration.checksum { throw MigrationError.changed(name: migration.name) }
                continue
            }
            pending.append(migration.name)
            if checkOnly { continue }
            logger.info("applying migration", metadata: ["migration": .string(migration.name)])
            _ = try await conn.simpleQuery("BEGIN").get()
            do {
                for statement in SQLScript.statements(migration.sql) {
                    try await conn.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await conn.run(
                    "INSERT INTO schema_migrations (name, checksum) VALUES (\(migration.name), \(migration.checksum))",
                    logger: logger
                )
                _ = try await conn.simpleQuery("COMMIT").get()
            } catch {
                _ = try? await conn.simpleQuery("ROLLBACK").get()
                logger.error(
                    "migration failed",
                    metadata: ["migration": .string(migration.name), "error": "\(String(reflecting: error))"])
                throw error
            }
        }
        return pending
    }
}
