import Foundation
import PostgresNIO

/// Programs: JSON built by PostgreSQL with hours summed from the modules' lessons; writes inside the caller's
/// transaction.
public struct ProgramsRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static let hours = """
        (SELECT coalesce(sum(l.hours), 0) FROM program_modules pm JOIN module_topics t ON t.module_id = pm.module_id
         JOIN module_lessons l ON l.topic_id = t.id WHERE pm.program_id = p.id)
        """
    static func ref(_ c: String) -> String { OrganizationProfileRepository.ref(c) }
    static func utc(_ c: String) -> String { OrganizationProfileRepository.utc(c) }

    static let detailSQL = """
        json_build_object('id', p.id, 'organizationId', p.org_id,
          'organization', (SELECT json_build_object('id', o.id, 'shortName', o.short_name, 'publicName',
            o.public_name) FROM organizations o WHERE o.id = p.org_id),
          'status', p.status, 'fullName', p.full_name, 'shortName', p.short_name, 'price', p.price, 'funding',
            p.funding,
          'kind', \(ref("p.kind_id")), 'subkind', \(ref("p.subkind_id")), 'studyForm', \(ref("p.study_form_id")),
          'studyMode', p.study_mode, 'revisionOf', p.revision_of,
          'newVersion', (SELECT json_build_object('id', r.id, 'status', r.status) FROM programs r
            WHERE r.revision_of = p.id),
          'direction', p.direction, 'learnerRequirements', p.learner_requirements, 'issuedDocumentType',
            \(ref("p.issued_document_type_id")),
          'qualification', p.qualification, 'description', p.description, 'normativeBasis', p.normative_basis,
          'finalAttestation', p.final_attestation, 'careerTags', p.career_tags, 'accessible', p.accessible,
            'wizardStep', p.wizard_step,
          'cover', CASE WHEN p.cover_file_id IS NULL THEN NULL ELSE json_build_object('id', p.cover_file_id, 'url',
            '/api/v1/files/' || p.cover_file_id) END,
          'hours', \(hours),
          'modules', coalesce((SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'position', pm.position,
              'hours', (SELECT coalesce(sum(l.hours), 0) FROM module_topics t JOIN module_lessons l
                ON l.topic_id = t.id WHERE t.module_id = m.id))
              ORDER BY pm.position) FROM program_modules pm JOIN modules m ON m.id = pm.module_id
                WHERE pm.program_id = p.id), '[]'),
          'competencies', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name',
            d.name) ORDER BY d.name)
              FROM program_competencies pc JOIN directory_items d ON d.id = pc.competency_id
                WHERE pc.program_id = p.id), '[]'),
          'professions', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name',
            d.name) ORDER BY d.name)
              FROM program_professions pp JOIN directory_items d ON d.id = pp.profession_id
                WHERE pp.program_id = p.id), '[]'),
          'implementingOrganizations', coalesce((SELECT json_agg(json_build_object('id', o.id, 'shortName',
            o.short_name) ORDER BY o.short_name)
              FROM program_organizations po JOIN organizations o ON o.id = po.org_id WHERE po.program_id = p.id), '[]'),
          'materials', coalesce((SELECT json_agg(json_build_object('id', pm.id, 'title', pm.title,
              'url', coalesce(pm.url, '/api/v1/files/' || pm.file_id), 'file', CASE WHEN pm.file_id IS NULL THEN NULL
                ELSE (SELECT json_build_object('id', f.id, 'name', f.original_name, 'size', f.size, 'mime',
                  f.mime) FROM files f WHERE f.id = pm.file_id) END)
              ORDER BY pm.position, pm.created_at) FROM program_materials pm WHERE pm.program_id = p.id), '[]'),
          'publishedAt', \(utc("p.published_at")), 'createdAt', \(utc("p.created_at")), 'version', p.version)
        """

    static let listSQL = """
        json_build_object('id', p.id, 'organizationId', p.org_id, 'status', p.status, 'fullName', p.full_name,
          'organization', (SELECT o.short_name FROM organizations o WHERE o.id = p.org_id), 'funding', p.funding,
          'price', p.price, 'hours', \(hours), 'kind', \(ref("p.kind_id")), 'wizardStep', p.wizard_step,
          'revisionOf', p.revision_of,
          'updatedAt', \(utc("p.updated_at")), 'version', p.version)
        """

    /// Programs of `orgIds` (nil: every organization) by name.
    func filtered(orgIds: [UUID]?, status: String?, search: String?) throws -> ListQuery {
        var q = ListQuery(from: "programs p", keyset: .text("p.full_name", id: "p.id"))
        try q.filter("p.org_id = ANY(?)", orgIds)
        try q.filter("p.status = ?", status)
        try q.contains("p.full_name", search)
        return q
    }

    public func list(orgIds: [UUID]?, status: String?, search: String?, page: PageRequest) async throws -> String {
        try await db.page(filtered(orgIds: orgIds, status: status, search: search).page(Self.listSQL, page: page))
    }

    public func stream(orgIds: [UUID]?, status: String?, search: String?) async throws -> some AsyncSequence<
        [String], any Error
    > & Sendable {
        let columns = """
            p.id::text, p.full_name, p.status, (SELECT short_name FROM organizations WHERE id = p.org_id),
              \(Self.hours)::text, coalesce(p.price::text, ''), p.funding
            """
        return try await db.client.query(
            filtered(orgIds: orgIds, status: status, search: search).all(columns), logger: db.logger
        )
        .map { row in
            let c = try row.decode((String, String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, c.5, c.6]
        }
    }

    public func detail(id: UUID, orgIds: [UUID]?) async throws -> (json: String, version: Int)? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.detailSQL)::text, p.version FROM programs p WHERE p.id = \(id)
              AND p.org_id = ANY(coalesce(\(orgIds), ARRAY[p.org_id]))
            """
        ).first.map { try $0.decode((String, Int).self) }
    }

    func lock(id: UUID, on conn: PostgresConnection) async throws -> (
        orgId: UUID, status: ProgramStatus, version: Int, authorId: UUID?
    )? {
        guard
            let row = try await conn.rows(
                "SELECT org_id, status, version, author_id FROM programs WHERE id = \(id) FOR UPDATE", logger: db.logger
            ).first
        else { return nil }
        let (org, status, version, author) = try row.decode((UUID, String, Int, UUID?).self)
        return (org, ProgramStatus(rawValue: status) ?? .draft, version, author)
    }

    func values(id: UUID, on conn: PostgresConnection) async throws -> ProgramValues? {
        guard
            let row = try await conn.rows(
                """
                SELECT json_build_object('fullName', full_name, 'shortName', short_name, 'price', price, 'funding',
                  funding, 'kindId', kind_id,
                  'subkindId', subkind_id, 'studyFormId', study_form_id, 'studyMode', study_mode,
                  'direction', direction, 'learnerRequirements', learner_requirements,
                  'issuedDocumentTypeId', issued_document_type_id, 'qualification', qualification, 'description',
                    description,
                  'normativeBasis', normative_basis, 'finalAttestation', final_attestation, 'coverFileId',
                    cover_file_id, 'careerTags', career_tags,
                  'accessible', accessible, 'wizardStep', wizard_step,
                  'competencyIds', coalesce((SELECT json_agg(competency_id) FROM program_competencies
                    WHERE program_id = id), '[]'),
                  'professionIds', coalesce((SELECT json_agg(profession_id) FROM program_professions
                    WHERE program_id = id), '[]'),
                  'implementingOrganizationIds', coalesce((SELECT json_agg(org_id) FROM program_organizations
                    WHERE program_id = id), '[]'))::text
                FROM programs WHERE id = \(id)
                """, logger: db.logger
            ).first
        else { return nil }
        return try JSONDecoder.api.decode(ProgramValues.self, from: Data(try row.decode(String.self).utf8))
    }

    func insert(orgId: UUID, author: UUID, _ v: ProgramValues, on conn: PostgresConnection) async throws -> UUID {
        let id = try await conn.rows(
            """
            INSERT INTO programs (org_id, author_id, full_name) VALUES (\(orgId), \(author), \(v.fullName)) RETURNING id
            """,
            logger: db.logger
        )[0].decode(UUID.self)
        try await update(id: id, v, on: conn)
        return id
    }

    func update(id: UUID, _ v: ProgramValues, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE programs SET full_name = \(v.fullName), short_name = \(v.shortName), price = \(v.price)::numeric,
              funding = \(v.funding),
              kind_id = \(v.kindId), subkind_id = \(v.subkindId), study_form_id = \(v.studyFormId),
              study_mode = \(v.studyMode),
                direction = \(v.direction),
              learner_requirements = \(v.learnerRequirements), issued_document_type_id = \(v.issuedDocumentTypeId),
                qualification = \(v.qualification),
              description = \(v.description), normative_basis = \(v.normativeBasis),
                final_attestation = \(v.finalAttestation),
              cover_file_id = \(v.coverFileId), career_tags = \(v.careerTags), accessible = \(v.accessible),
                wizard_step = \(v.wizardStep),
              updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
        for (table, column, ids) in [
            ("program_competencies", "competency_id", v.competencyIds),
            ("program_professions", "profession_id", v.professionIds),
            ("program_organizations", "org_id", v.implementingOrganizationIds),
        ] {
            try await conn.run("DELETE FROM \(unescaped: table) WHERE program_id = \(id)", logger: db.logger)
            try await conn.run(
                """
                INSERT INTO \(unescaped: table) (program_id, \(unescaped: column)) SELECT \(id), unnest(\(ids)::uuid[])
                """,
                logger: db.logger)
        }
    }

    func setModules(id: UUID, moduleIds: [UUID], on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM program_modules WHERE program_id = \(id)", logger: db.logger)
        try await conn.run(
            """
            INSERT INTO program_modules (program_id, module_id, position) SELECT \(id), m,
              n FROM unnest(\(moduleIds)::uuid[]) WITH ORDINALITY AS x(m, n)
            """,
            logger: db.logger)
        try await conn.run(
            "UPDATE programs SET updated_at = now(), version = version + 1 WHERE id = \(id)", logger: db.logger)
    }

    /// Which of `ids` are modules of `orgId`.
    func ownModules(_ ids: [UUID], orgId: UUID, on conn: PostgresConnection) async throws -> Set<UUID> {
        Set(
            try await conn.rows(
                "SELECT id FROM modules WHERE org_id = \(orgId) AND id = ANY(\(ids))", logger: db.logger
            ).map { try $0.decode(UUID.self) })
    }

    func hours(id: UUID, on conn: PostgresConnection) async throws -> Double {
        try await conn.rows(
            "SELECT \(unescaped: Self.hours)::float8 FROM programs p WHERE p.id = \(id)", logger: db.logger)[0].decode(
                Double.self)
    }

    /// The names and legal lengths of the program's kind and subkind.
    func kindLimits(id: UUID, on conn: PostgresConnection) async throws -> [(String, ProgramKindDetails)] {
        try await conn.rows(
            """
            SELECT d.name, d.details::text FROM programs p JOIN directory_items d ON d.id IN (p.kind_id, p.subkind_id)
            WHERE p.id = \(id) ORDER BY d.parent_id NULLS FIRST
            """, logger: db.logger
        ).map { row in
            let (name, details) = try row.decode((String, String).self)
            return (name, (try? JSONDecoder().decode(ProgramKindDetails.self, from: Data(details.utf8))) ?? .init())
        }
    }

    func moduleCount(id: UUID, on conn: PostgresConnection) async throws -> Int {
        try await conn.rows("SELECT count(*)::int FROM program_modules WHERE program_id = \(id)", logger: db.logger)[0]
            .decode(Int.self)
    }

    func changeStatus(
        id: UUID, from: ProgramStatus, to: ProgramStatus, action: ProgramAction, actor: UUID?, comment: String?,
        on conn: PostgresConnection
    ) async throws -> Bool {
        let changed =
            try await conn.rows(
                """
                UPDATE programs SET status = \(to.rawValue), updated_at = now(), version = version + 1,
                  published_at = CASE WHEN \(to.rawValue) = 'published' THEN now() ELSE published_at END
                WHERE id = \(id) AND status = \(from.rawValue) RETURNING id
                """, logger: db.logger
            ).count == 1
        if changed {
            try await conn.run(
                """
                INSERT INTO program_status_history (program_id, from_status, to_status, action, actor_id, comment)
                VALUES (\(id), \(from.rawValue), \(to.rawValue), \(action.rawValue), \(actor), \(comment))
                """, logger: db.logger)
        }
        return changed
    }

    /// The editable columns a new version carries over and brings back (kept here, beside `update`, so both change
    /// together when a column is added).
    static let contentColumns = """
        full_name, short_name, price, funding, kind_id, subkind_id, study_form_id, study_mode, direction,
        learner_requirements, issued_document_type_id, qualification, description, normative_basis, final_attestation,
        cover_file_id, career_tags, accessible
        """

    /// A new version of a published program: a draft copy of its content, modules, competencies, professions,
    /// implementing organizations and materials, pointing at it. A second one at a time violates
    /// `programs_one_revision` (409).
    func copyAsNewVersion(_ id: UUID, author: UUID, on conn: PostgresConnection) async throws -> UUID {
        let copy = try await conn.rows(
            """
            INSERT INTO programs (org_id, author_id, status, wizard_step, revision_of,
              \(unescaped: Self.contentColumns))
            SELECT org_id, \(author), 'draft', wizard_step, id, \(unescaped: Self.contentColumns)
            FROM programs WHERE id = \(id) RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
        try await copyParts(from: id, to: copy, on: conn)
        return copy
    }

    private func copyParts(from source: UUID, to target: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO program_modules (program_id, module_id, position)
            SELECT \(target), module_id, position FROM program_modules WHERE program_id = \(source)
            """, logger: db.logger)
        for (table, column) in [
            ("program_competencies", "competency_id"), ("program_professions", "profession_id"),
            ("program_organizations", "org_id"),
        ] {
            try await conn.run(
                """
                INSERT INTO \(unescaped: table) (program_id, \(unescaped: column))
                SELECT \(target), \(unescaped: column) FROM \(unescaped: table) WHERE program_id = \(source)
                """, logger: db.logger)
        }
        try await conn.run(
            """
            INSERT INTO program_materials (program_id, title, file_id, url, position, created_at)
            SELECT \(target), title, file_id, url, position, created_at FROM program_materials
            WHERE program_id = \(source)
            """, logger: db.logger)
    }

    /// The published program a new version belongs to, if `id` is one.
    func revisionOf(_ id: UUID, on conn: PostgresConnection) async throws -> UUID? {
        try await conn.rows("SELECT revision_of FROM programs WHERE id = \(id)", logger: db.logger).first?
            .decode(UUID?.self)
    }

    /// Publishes a new version over its program: the content and parts move onto the published program (its id,
    /// groups and applications stay), the new version's history and comments join the program's, and the new
    /// version's row is removed.
    func publishNewVersion(_ copy: UUID, over published: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE programs p SET (\(unescaped: Self.contentColumns)) =
              (SELECT \(unescaped: Self.contentColumns) FROM programs WHERE id = \(copy)),
              updated_at = now(), version = p.version + 1
            WHERE p.id = \(published)
            """, logger: db.logger)
        for table in [
            "program_modules", "program_competencies", "program_professions", "program_organizations",
            "program_materials",
        ] {
            try await conn.run("DELETE FROM \(unescaped: table) WHERE program_id = \(published)", logger: db.logger)
        }
        try await copyParts(from: copy, to: published, on: conn)
        for table in ["program_status_history", "program_comments"] {
            try await conn.run(
                "UPDATE \(unescaped: table) SET program_id = \(published) WHERE program_id = \(copy)",
                logger: db.logger)
        }
        try await delete(copy, on: conn)
    }

    func everPublished(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows("SELECT published_at IS NOT NULL FROM programs WHERE id = \(id)", logger: db.logger)[0]
            .decode(Bool.self)
    }

    /// Whether groups, applications or batches refer to the program.
    func inUse(_ id: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await conn.rows(
            """
            SELECT EXISTS (SELECT 1 FROM study_groups WHERE program_id = \(id))
                OR EXISTS (SELECT 1 FROM applications WHERE program_id = \(id))
                OR EXISTS (SELECT 1 FROM application_batches WHERE program_id = \(id))
            """, logger: db.logger)[0].decode(Bool.self)
    }

    func delete(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM programs WHERE id = \(id)", logger: db.logger)
    }

    func addComment(id: UUID, author: UUID?, body: String, on conn: PostgresConnection) async throws {
        try await conn.run(
            "INSERT INTO program_comments (program_id, author_id, body) VALUES (\(id), \(author), \(body))",
            logger: db.logger)
    }

    public func thread(id: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('items', coalesce(json_agg(x ORDER BY x.at), '[]'), 'nextCursor',
              NULL)::text FROM (
              SELECT 'comment' AS type, c.id, c.body AS text, NULL AS "fromStatus", NULL AS "toStatus",
                c.created_at AS at,
                     (SELECT last_name || ' ' || first_name FROM users WHERE id = c.author_id) AS author
              FROM program_comments c WHERE c.program_id = \(id)
              UNION ALL
              SELECT 'status', h.id, h.comment, h.from_status, h.to_status, h.at,
                (SELECT last_name || ' ' || first_name FROM users WHERE id = h.actor_id)
              FROM program_status_history h WHERE h.program_id = \(id)) x
            """)[0].decode(String.self)
    }

    func name(id: UUID, on conn: PostgresConnection) async throws -> String {
        try await conn.rows("SELECT full_name FROM programs WHERE id = \(id)", logger: db.logger)[0].decode(String.self)
    }

    /// Which of `ids` are approved organizations (the implementing organizations a program may name).
    func approvedOrganizations(among ids: [UUID], on conn: PostgresConnection) async throws -> Set<UUID> {
        Set(
            try await conn.rows(
                "SELECT id FROM organizations WHERE status = 'approved' AND id = ANY(\(ids))", logger: db.logger
            ).map { try $0.decode(UUID.self) })
    }

    /// Who hears of a moderator's decision: the program's author and its organization's admins.
    func owners(author: UUID?, org: UUID, on conn: PostgresConnection) async throws -> [(UUID, String)] {
        try await conn.rows(
            """
            SELECT DISTINCT u.id, u.email FROM users u
            WHERE u.deleted_at IS NULL
              AND (u.id = \(author) OR u.id IN (SELECT user_id FROM memberships WHERE org_id = \(org)
                AND level = 'admin'))
            """, logger: db.logger
        ).map { try $0.decode((UUID, String).self) }
    }

    /// A material at the end of the program's list (a file of the organization, or a link).
    func addMaterial(_ id: UUID, title: String, fileId: UUID?, url: String?, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO program_materials (program_id, title, file_id, url, position)
            VALUES (\(id), \(title), \(fileId), \(url),
                    (SELECT coalesce(max(position), 0) + 1 FROM program_materials WHERE program_id = \(id)))
            """, logger: db.logger)
    }

    /// Removes a material of the program; false when it has none with this id.
    func removeMaterial(_ id: UUID, material: UUID, on conn: PostgresConnection) async throws -> Bool {
        try await !conn.rows(
            "DELETE FROM program_materials WHERE id = \(material) AND program_id = \(id) RETURNING id",
            logger: db.logger
        ).isEmpty
    }

    /// A new version of the card (its ETag changes) after a change of its parts.
    func touch(_ id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE programs SET updated_at = now(), version = version + 1 WHERE id = \(id)", logger: db.logger)
    }
}
