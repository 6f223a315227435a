import Foundation
import PostgresNIO

public struct OrganizationDocument: Codable, Sendable {
    public var id: UUID
    public var kind: String
    public var title: String
    public var number: String?
    public var issuedAt: String?
    public var validUntil: String?
    public var issuer: String?
    public var file: StoredFileRef?
    public var createdAt: Date
}

public struct StoredFileRef: Codable, Sendable {
    public var id: UUID
    public var name: String
    public var url: String
}

public struct GalleryItem: Codable, Sendable {
    public var id: UUID
    public var fileId: UUID
    public var url: String
    public var caption: String?
    public var sortOrder: Int
}

/// Documents, licenses, accreditations and the gallery of one organization; every query is bound to the organization.
public struct OrganizationDocumentsRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static func document(_ row: PostgresRow) throws -> OrganizationDocument {
        let (id, kind, title, number, issued, valid, issuer, fileId, fileName, created) = try row.decode(
            (UUID, String, String, String?, String?, String?, String?, UUID?, String?, Date).self)
        return OrganizationDocument(
            id: id, kind: kind, title: title, number: number, issuedAt: issued, validUntil: valid, issuer: issuer,
            file: fileId.map {
                StoredFileRef(id: $0, name: fileName ?? "", url: "/api/v1/files/\($0.uuidString.lowercased())")
            }, createdAt: created)
    }

    static let documentColumns = """
        d.id, d.kind, d.title, d.number, to_char(d.issued_at, 'YYYY-MM-DD'), to_char(d.valid_until, 'YYYY-MM-DD'),
        d.issuer, d.file_id, f.original_name, d.created_at
        """

    public func documents(orgId: UUID, kind: String?) async throws -> [OrganizationDocument] {
        try await db.rows(
            """
            SELECT \(unescaped: Self.documentColumns) FROM organization_documents d LEFT JOIN files f
              ON f.id = d.file_id
            WHERE d.org_id = \(orgId) AND d.kind = coalesce(\(kind), d.kind) ORDER BY d.kind, d.created_at DESC
            """
        ).map(Self.document)
    }

    func insertDocument(
        orgId: UUID, kind: String, title: String, number: String?, issuedAt: String?, validUntil: String?,
        issuer: String?,
        fileId: UUID?, on conn: PostgresConnection
    ) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO organization_documents (org_id, kind, title, number, issued_at, valid_until, issuer, file_id)
            VALUES (\(orgId), \(kind), \(title), \(number), \(issuedAt)::date, \(validUntil)::date, \(issuer),
              \(fileId)) RETURNING id
            """, logger: db.logger
        )[0].decode(UUID.self)
    }

    func deleteDocument(id: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "DELETE FROM organization_documents WHERE id = \(id) AND org_id = \(orgId) RETURNING id", logger: db.logger
        ).count == 1
    }

    public func gallery(orgId: UUID) async throws -> [GalleryItem] {
        try await db.rows(
            """
            SELECT id, file_id, caption, sort_order FROM organization_gallery WHERE org_id = \(orgId)
              ORDER BY sort_order, created_at
            """
        ).map { row in
            let (id, fileId, caption, order) = try row.decode((UUID, UUID, String?, Int).self)
            return GalleryItem(
                id: id, fileId: fileId, url: "/api/v1/files/\(fileId.uuidString.lowercased())", caption: caption,
                sortOrder: order)
        }
    }

    func insertGallery(orgId: UUID, fileId: UUID, caption: String?, sortOrder: Int, on conn: PostgresConnection)
        async throws -> UUID
    {
        try await conn.rows(
            """
            INSERT INTO organization_gallery (org_id, file_id, caption, sort_order) VALUES (\(orgId), \(fileId),
              \(caption), \(sortOrder)) RETURNING id
            """,
            logger: db.logger
        )[0].decode(UUID.self)
    }

    func deleteGallery(id: UUID, orgId: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "DELETE FROM organization_gallery WHERE id = \(id) AND org_id = \(orgId) RETURNING id", logger: db.logger
        ).count == 1
    }
}
