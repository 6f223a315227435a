import Foundation
import PostgresNIO

/// Templates an administrator uploaded and the documents the platform made (migration 0031).
public struct DocumentsRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    /// The uploaded template of a kind, if any (else the default is used).
    func template(_ kind: DocumentKind) async throws -> (content: Data, fileName: String, updatedAt: Date)? {
        try await db.rows(
            "SELECT content, file_name, updated_at FROM document_templates WHERE kind = \(kind.rawValue)"
        ).first.map { row in
            let (content, name, at) = try row.decode((ByteBuffer, String, Date).self)
            return (Data(buffer: content), name, at)
        }
    }

    /// Uploaded templates by kind, with when (the list of kinds shows which are the region's own).
    func uploaded() async throws -> [String: (fileName: String, updatedAt: Date)] {
        var out: [String: (String, Date)] = [:]
        for row in try await db.rows("SELECT kind, file_name, updated_at FROM document_templates") {
            let (kind, name, at) = try row.decode((String, String, Date).self)
            out[kind] = (name, at)
        }
        return out
    }

    func save(_ kind: DocumentKind, content: Data, fileName: String, by user: UUID, on conn: PostgresConnection)
        async throws
    {
        try await conn.run(
            """
            INSERT INTO document_templates (kind, content, file_name, uploaded_by)
            VALUES (\(kind.rawValue), \(ByteBuffer(data: content)), \(fileName), \(user))
            ON CONFLICT (kind) DO UPDATE SET content = EXCLUDED.content, file_name = EXCLUDED.file_name,
              uploaded_by = EXCLUDED.uploaded_by, updated_at = now(), version = document_templates.version + 1
            """, logger: db.logger)
    }

    func remove(_ kind: DocumentKind, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            "DELETE FROM document_templates WHERE kind = \(kind.rawValue) RETURNING kind", logger: db.logger
        ).count == 1
    }

    /// The verification code of a document of `subject`: the first one made, kept (a reprint verifies the same);
    /// the person and title follow the latest print.
    func issue(_ r: IssueRecord, code: String) async throws -> (code: String, issuedAt: Date) {
        let row = try await db.rows(
            """
            INSERT INTO generated_documents AS g (code, kind, subject_id, org_id, number, person, title)
            VALUES (\(code), \(r.kind.rawValue), \(r.subjectId), \(r.orgId), \(r.number), \(r.person), \(r.title))
            ON CONFLICT (kind, subject_id) DO UPDATE SET number = EXCLUDED.number, person = EXCLUDED.person,
              title = EXCLUDED.title, downloads = g.downloads + 1
            RETURNING code, issued_at
            """)[0]
        return try row.decode((String, Date).self)
    }

    /// A document by its code, and whether what it certifies still stands (a sign-up still confirmed, an application
    /// still completed, the learners still enrolled).
    public func verify(code: String) async throws -> String? {
        try await db.rows(
            """
            SELECT json_build_object('code', g.code, 'kind', g.kind, 'number', g.number, 'person', g.person,
              'title', g.title, 'issuedAt', \(unescaped: OrganizationProfileRepository.utc("g.issued_at")),
              'organization', (SELECT short_name FROM organizations WHERE id = g.org_id),
              'valid', CASE g.kind
                WHEN 'participation_certificate' THEN EXISTS (SELECT 1 FROM event_signups s
                  WHERE s.id = g.subject_id AND s.status = 'confirmed')
                WHEN 'completion_certificate' THEN EXISTS (SELECT 1 FROM applications a
                  WHERE a.id = g.subject_id AND a.status = 'completed')
                ELSE true END)::text
            FROM generated_documents g WHERE g.code = \(code)
            """
        ).first?.decode(String.self)
    }
}

/// What the verification page of a document says about it.
public struct IssueRecord: Sendable {
    public var kind: DocumentKind
    public var subjectId: UUID
    public var orgId: UUID?
    public var number: String?
    public var person: String?
    public var title: String
}
