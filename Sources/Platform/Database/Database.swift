import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL pool plus the few conventions every repository shares.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs `body` in one transaction: everything or nothing is written.
    /// The closure's own error (a `Problem`, a constraint violation) comes out unwrapped, so it maps to the right
    /// status.
    public func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch let error as PostgresTransactionError {
            if let rollback = error.rollbackError {
                logger.error("rollback failed", metadata: ["error": "\(String(reflecting: rollback))"])
            }
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    /// Runs a query and collects its rows (for small results; lists use `limit`).
    public func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    public func execute(_ query: PostgresQuery) async throws {
        _ = try await client.query(query, logger: logger).collect()
    }
}

extension PostgresConnection {
    /// Runs a statement whose rows (if any) are not needed.
    public func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }

    public func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}

/// Connection settings parsed from a `postgres://user:pass@host:port/db` URL.
public struct DatabaseURL: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init?(_ string: String) {
        guard let c = URLComponents(string: string), ["postgres", "postgresql"].contains(c.scheme ?? ""),
            let host = c.host, !host.isEmpty
        else { return nil }
        self.host = host
        self.port = c.port ?? 5432
        self.user = c.user ?? "postgres"
        self.password = c.password
        let path = c.path.trimmingCharacters(in: ["/"])
        self.database = path.isEmpty ? self.user : path
    }

    public func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    public func clientConfiguration(poolSize: Int = 20) -> PostgresClient.Configuration {
        var config = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        config.options.maximumConnections = poolSize
        return config
    }
}
