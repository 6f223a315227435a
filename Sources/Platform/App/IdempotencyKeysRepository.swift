import Foundation
import NIOCore
import PostgresNIO

/// Stored answers of `Idempotency-Key` requests (table `idempotency_keys`), per caller (`scope`) and key.
struct IdempotencyKeysRepository: Sendable {
    let db: Database

    /// Claims the key for this request; false when the key is already taken (done, or still running).
    func claim(scope: String, key: String, hash: String) async throws -> Bool {
        try await db.rows(
            """
            INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (\(scope), \(key), \(hash))
            ON CONFLICT DO NOTHING RETURNING key
            """
        ).count == 1
    }

    func complete(scope: String, key: String, status: Int, contentType: String?, location: String?, body: ByteBuffer)
        async throws
    {
        try await db.execute(
            """
            UPDATE idempotency_keys SET status = \(status), content_type = \(contentType), location = \(location),
                body = \(body), completed_at = now()
            WHERE scope = \(scope) AND key = \(key)
            """)
    }

    func release(scope: String, key: String) async throws {
        try await db.execute("DELETE FROM idempotency_keys WHERE scope = \(scope) AND key = \(key)")
    }

    /// The stored request hash and answer (`status` nil while the first request still runs).
    func stored(scope: String, key: String) async throws
        -> (hash: String, status: Int?, contentType: String?, location: String?, body: ByteBuffer?)?
    {
        try await db.rows(
            """
            SELECT request_hash, status, content_type, location, body FROM idempotency_keys
            WHERE scope = \(scope) AND key = \(key)
            """
        ).first.map { try $0.decode((String, Int?, String?, String?, ByteBuffer?).self) }
    }

    /// Keys live 24 hours.
    func purge() async throws {
        try await db.execute("DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'")
    }
}
