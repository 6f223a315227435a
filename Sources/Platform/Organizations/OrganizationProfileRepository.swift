import Foundation
import NIOCore
import PostgresNIO

/// The organization profile read as JSON built by PostgreSQL (one query, no N+1) and written column by column.
public struct OrganizationProfileRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static func utc(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }
    static func ref(_ column: String) -> String {
        """
        (SELECT json_build_object('id', d.id, 'code', d.code, 'name',
          d.name) FROM directory_items d WHERE d.id = \(column))
        """
    }

    /// The profile; bank details only when `full` (members and ЦОПП staff).
    static func profileSQL(full: Bool) -> String {
        let bank = { (expr: String) in full ? expr : "NULL" }
        return """
            json_build_object(
              'id', o.id, 'kind', o.kind, 'status', o.status, 'publicName', o.public_name, 'fullName', o.full_name,
                'shortName', o.short_name,
              'orgType', \(ref("o.org_type_id")), 'roles', o.roles, 'isBranch', o.is_branch,
              'parentOrganization', (SELECT json_build_object('id', p.id, 'shortName',
                p.short_name) FROM organizations p WHERE p.id = o.parent_org_id),
              'municipality', \(ref("o.municipality_id")), 'description', o.description, 'contacts', o.contacts,
              'headName', o.head_name, 'headPosition', o.head_position,
              'requisites', json_build_object('inn', o.inn, 'kpp', o.kpp, 'ogrn', o.ogrn, 'okpo', o.okpo, 'okvedMain',
                o.okved_main,
                  'okvedExtra', o.okved_extra, 'legalForm', \(ref("o.legal_form_id")), 'legalStatus', o.legal_status,
                  'settlementType', o.settlement_type, 'bankName', \(bank("o.bank_name")), 'bik', \(bank("o.bik")),
                  'correspondentAccount', \(bank("o.corr_account")), 'settlementAccount',
                    \(bank("o.settlement_account"))),
              'competencies', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name',
                d.name) ORDER BY d.name)
                  FROM organization_competencies oc JOIN directory_items d ON d.id = oc.competency_id
                    WHERE oc.org_id = o.id), '[]'),
              'professions', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name',
                d.name) ORDER BY d.name)
                  FROM organization_professions op JOIN directory_items d ON d.id = op.profession_id
                    WHERE op.org_id = o.id), '[]'),
              'logo', CASE WHEN o.logo_file_id IS NULL THEN NULL ELSE json_build_object('id', o.logo_file_id, 'url',
                '/api/v1/files/' || o.logo_file_id) END,
              'signature', CASE WHEN o.signature_file_id IS NULL THEN NULL ELSE json_build_object('id',
                o.signature_file_id, 'url', '/api/v1/files/' || o.signature_file_id) END,
              'gallery', coalesce((SELECT json_agg(json_build_object('id', g.id, 'fileId', g.file_id, 'url',
                '/api/v1/files/' || g.file_id,
                  'caption', g.caption) ORDER BY g.sort_order, g.created_at) FROM organization_gallery g
                    WHERE g.org_id = o.id), '[]'),
              'createdAt', \(utc("o.created_at")), 'version', o.version)
            """
    }

    /// The profile JSON and its version, if the organization exists (and is approved unless `anyStatus`).
    public func profile(id: UUID, full: Bool, anyStatus: Bool) async throws -> (json: String, version: Int)? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.profileSQL(full: full))::text, o.version FROM organizations o
            WHERE o.id = \(id) AND (\(anyStatus) OR o.status = 'approved')
            """
        ).first.map { try $0.decode((String, Int).self) }
    }

    static let listItemSQL = """
        json_build_object('id', o.id, 'kind', o.kind, 'status', o.status, 'shortName', o.short_name, 'publicName',
          o.public_name,
          'fullName', o.full_name, 'roles', o.roles, 'inn', o.inn, 'municipality', \(ref("o.municipality_id")),
            'contacts', o.contacts,
          'logoUrl', CASE WHEN o.logo_file_id IS NULL THEN NULL ELSE '/api/v1/files/' || o.logo_file_id END,
          'competencies', coalesce((SELECT json_agg(d.name ORDER BY d.name) FROM organization_competencies oc
                                     JOIN directory_items d ON d.id = oc.competency_id WHERE oc.org_id = o.id), '[]'))
        """

    /// Organizations of one status by short name.
    func filtered(_ f: OrganizationFilter) throws -> ListQuery {
        var q = ListQuery(from: "organizations o", keyset: .text("o.short_name", id: "o.id"))
        try q.filter("o.status = ?", f.status)
        // the search engine reads names as the catalog does (word forms, typos, layout); the INN as typed
        try q.search(
            f.search, vector: ListQuery.searchVector(OrganizationsRepository.names), scope: .organizations,
            text: OrganizationsRepository.names + " || ' ' || o.inn")
        try q.filter("? = ANY(o.roles)", f.role)
        try q.filter("o.kind = ?", f.kind)
        try q.filter("o.municipality_id = ?", f.municipalityId)
        try q.filter(
            "EXISTS (SELECT 1 FROM organization_competencies oc WHERE oc.org_id = o.id AND oc.competency_id = ?)",
            f.competencyId)
        return q
    }

    /// A page as JSON text `{"items":[…],"nextCursor":…}` assembled from PostgreSQL-built items.
    public func list(_ filter: OrganizationFilter, page: PageRequest) async throws -> String {
        try await db.page(filtered(filter).page(Self.listItemSQL, page: page))
    }

    public struct CSVRow: Sendable {
        public var fields: [String]
    }

    public func stream(_ filter: OrganizationFilter) async throws -> some AsyncSequence<CSVRow, any Error> & Sendable {
        let columns = """
            o.id::text, o.short_name, o.inn, o.kpp, o.ogrn, (SELECT name FROM directory_items
              WHERE id = o.municipality_id), array_to_string(o.roles, ' '), coalesce(o.contacts->>'address', o.address),
            coalesce(o.contacts->'phones'->>0, o.phone), coalesce(o.contacts->'emails'->>0, o.email),
            coalesce(o.contacts->>'website', ''),
            coalesce((SELECT string_agg(d.name, '; ' ORDER BY d.name) FROM organization_competencies oc
                      JOIN directory_items d ON d.id = oc.competency_id WHERE oc.org_id = o.id), '')
            """
        return try await db.client.query(filtered(filter).all(columns), logger: db.logger).map { row in
            let c = try row.decode(
                (String, String, String, String?, String, String?, String, String, String, String, String, String)
                    .self)
            return CSVRow(fields: [c.0, c.1, c.2, c.3 ?? "", c.4, c.5 ?? "", c.6, c.7, c.8, c.9, c.10, c.11])
        }
    }

    // MARK: editing

    static let columnsJSON = """
        json_build_object('publicName', public_name, 'fullName', full_name, 'shortName', short_name, 'orgTypeId',
          org_type_id, 'roles', roles,
          'isBranch', is_branch, 'parentOrganizationId', parent_org_id, 'municipalityId', municipality_id,
            'description', description,
          'contacts', contacts, 'headName', head_name, 'headPosition', head_position, 'inn', inn, 'kpp', kpp, 'ogrn',
            ogrn, 'okpo', okpo,
          'okvedMain', okved_main, 'okvedExtra', okved_extra, 'bankName', bank_name, 'bik', bik,
            'correspondentAccount', corr_account,
          'settlementAccount', settlement_account, 'legalFormId', legal_form_id, 'legalStatus', legal_status,
            'settlementType', settlement_type,
          'logoFileId', logo_file_id, 'signatureFileId', signature_file_id,
          'competencyIds', coalesce((SELECT json_agg(competency_id) FROM organization_competencies WHERE org_id = id),
            '[]'),
          'professionIds', coalesce((SELECT json_agg(profession_id) FROM organization_professions WHERE org_id = id),
            '[]'))
        """

    func columns(id: UUID, on conn: PostgresConnection) async throws -> (ProfileColumns, version: Int)? {
        guard
            let row = try await conn.rows(
                "SELECT \(unescaped: Self.columnsJSON)::text, version FROM organizations WHERE id = \(id) FOR UPDATE",
                logger: db.logger
            ).first
        else { return nil }
        let (json, version) = try row.decode((String, Int).self)
        return (try JSONDecoder.api.decode(ProfileColumns.self, from: Data(json.utf8)), version)
    }

    func write(id: UUID, _ c: ProfileColumns, on conn: PostgresConnection) async throws {
        let contacts = String(decoding: try JSONEncoder.sorted.encode(c.contacts), as: UTF8.self)
        try await conn.run(
            """
            UPDATE organizations SET public_name = \(c.publicName), full_name = \(c.fullName),
              short_name = \(c.shortName), org_type_id = \(c.orgTypeId),
              roles = \(c.roles), is_branch = \(c.isBranch), parent_org_id = \(c.parentOrganizationId),
                municipality_id = \(c.municipalityId),
              description = \(c.description), contacts = \(contacts)::jsonb, head_name = \(c.headName),
                head_position = \(c.headPosition),
              inn = \(c.inn), kpp = \(c.kpp), ogrn = \(c.ogrn), okpo = \(c.okpo), okved_main = \(c.okvedMain),
                okved_extra = \(c.okvedExtra),
              bank_name = \(c.bankName), bik = \(c.bik), corr_account = \(c.correspondentAccount),
                settlement_account = \(c.settlementAccount),
              legal_form_id = \(c.legalFormId), legal_status = \(c.legalStatus), settlement_type = \(c.settlementType),
                logo_file_id = \(c.logoFileId), signature_file_id = \(c.signatureFileId),
              updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
        try await conn.run("DELETE FROM organization_competencies WHERE org_id = \(id)", logger: db.logger)
        try await conn.run(
            """
            INSERT INTO organization_competencies (org_id, competency_id) SELECT \(id),
              unnest(\(c.competencyIds)::uuid[])
            """,
            logger: db.logger)
        try await conn.run("DELETE FROM organization_professions WHERE org_id = \(id)", logger: db.logger)
        try await conn.run(
            """
            INSERT INTO organization_professions (org_id, profession_id) SELECT \(id),
              unnest(\(c.professionIds)::uuid[])
            """,
            logger: db.logger)
    }

    /// What an organization's documents carry at the top and under the text: names, its head, the town of its
    /// municipality, the logo and the facsimile signature.
    public func letterhead(id: UUID) async throws -> Letterhead? {
        try await db.rows(
            """
            SELECT o.full_name, o.short_name, coalesce(o.head_name, ''), coalesce(o.head_position, ''),
              coalesce((SELECT name FROM directory_items WHERE id = o.municipality_id), ''), o.logo_file_id,
              o.signature_file_id
            FROM organizations o WHERE o.id = \(id)
            """
        ).first.map { row in
            let (full, short, head, position, city, logo, signature) = try row.decode(
                (String, String, String, String, String, UUID?, UUID?).self)
            return Letterhead(
                fullName: full, shortName: short, headName: head, headPosition: position, city: city,
                logoFileId: logo, signatureFileId: signature)
        }
    }

    func approvedOrganizationExists(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows("SELECT 1 FROM organizations WHERE id = \(id) AND status = 'approved'", logger: db.logger)
            .count == 1
    }

    /// Marks a file public (logos and gallery images are shown on the public page).
    func publish(fileId: UUID, orgId: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE files SET is_public = true, org_id = coalesce(org_id, \(orgId)) WHERE id = \(fileId)",
            logger: db.logger)
    }

    /// Gives the organization's admins these person roles (kept if they have them).
    func grantAdmins(_ roles: [String], orgId: UUID, by: UUID?, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO user_roles (user_id, role, granted_by)
            SELECT m.user_id, r, \(by) FROM memberships m, unnest(\(roles)::text[]) AS r
            WHERE m.org_id = \(orgId) AND m.level = 'admin'
            ON CONFLICT DO NOTHING
            """, logger: db.logger)
    }
}
