import Foundation
import PostgresNIO

/// File metadata; reading is allowed to the uploader, members of the owning organization, ЦОПП roles, or anyone if public.
public struct FilesRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static func file(_ row: PostgresRow) throws -> StoredFile {
        let (id, name, mime, size, width, height, sha, isPublic, org, owner, created) = try row.decode(
            (UUID, String, String, Int, Int?, Int?, String, Bool, UUID?, UUID?, Date).self)
        return StoredFile(id: id, name: name, mime: mime, size: size, width: width, height: height, sha256: sha, isPublic: isPublic,
                          organizationId: org, ownerUserId: owner, createdAt: created)
    }

    static let columns = "id, original_name, mime, size, width, height, sha256, is_public, org_id, owner_user_id, created_at"

    func insert(name: String, kind: ContentSniffer.Kind, size: Int, sha256: String, isPublic: Bool, orgId: UUID?, owner: UUID) async throws -> StoredFile {
        try Self.file(try await db.rows(
            """
            INSERT INTO files (original_name, mime, size, width, height, sha256, is_public, org_id, owner_user_id)
            VALUES (\(name), \(kind.mime), \(size), \(kind.width), \(kind.height), \(sha256), \(isPublic), \(orgId), \(owner))
            RETURNING \(unescaped: Self.columns)
            """)[0])
    }

    /// The file if `identity` may read it (nil → 404, never revealing that it exists).
    public func readable(id: UUID, by identity: Identity?) async throws -> StoredFile? {
        let privileged = identity?.hasAny([.admin, .moderator, .coppStaff, .coordinator]) ?? false
        return try await db.rows(
            """
            SELECT \(unescaped: Self.columns) FROM files
            WHERE id = \(id) AND (is_public OR \(privileged) OR owner_user_id = \(identity?.userId) OR org_id = ANY(\(identity?.orgIds ?? [])))
            """
        ).first.map(Self.file)
    }

    func organizationExists(_ id: UUID) async throws -> Bool {
        try await db.rows("SELECT 1 FROM organizations WHERE id = \(id)").count == 1
    }

    /// A file the caller may attach to an object of `orgId`: uploaded by them or belonging to that organization.
    public func attachable(id: UUID, to orgId: UUID, by userId: UUID) async throws -> StoredFile? {
        try await db.rows(
            "SELECT \(unescaped: Self.columns) FROM files WHERE id = \(id) AND (owner_user_id = \(userId) OR org_id = \(orgId))"
        ).first.map(Self.file)
    }
}
