import Foundation
import Logging
import PostgresNIO

/// Writes who changed what, before and after, in the same transaction as the change itself.
public enum AuditLog {
    public static func record(
        actor: UUID?, action: String, entity: String, entityId: UUID?,
        before: (some Encodable & Sendable)?, after: (some Encodable & Sendable)?, requestId: String?,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        let beforeJSON = try before.map { String(decoding: try JSONEncoder.api.encode($0), as: UTF8.self) }
        let afterJSON = try after.map { String(decoding: try JSONEncoder.api.encode($0), as: UTF8.self) }
        try await AuditRepository.insert(
            actor: actor, action: action, entity: entity, entityId: entityId,
            before: beforeJSON, after: afterJSON, requestId: requestId, on: conn, logger: logger)
    }
}

/// Who is acting, carried from the request into repositories for the audit log.
public struct Actor: Sendable {
    public var userId: UUID?
    public var requestId: String?
    public init(userId: UUID?, requestId: String?) {
        self.userId = userId
        self.requestId = requestId
    }
}
