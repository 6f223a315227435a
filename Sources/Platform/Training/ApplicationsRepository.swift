import Foundation
import PostgresNIO

/// Applications in SQL: list with filters and keyset pages, CSV stream, detail with history, events and comments.
public struct ApplicationsRepository: Sendable {
    let db: Database

    static let listSQL = """
        json_build_object('id', a.id, 'number', a.number, 'status', a.status, 'name', \(GroupsRepository.person("a")), 'email', a.email,
          'position', a.position, 'createdAt', \(OrganizationProfileRepository.utc("a.created_at")), 'postponedUntil', a.postponed_until,
          'program', json_build_object('id', p.id, 'fullName', p.full_name),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'group', CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'name', g.name) END,
          'batchId', a.batch_id)
        """

    static let joins = """
        FROM applications a JOIN programs p ON p.id = a.program_id JOIN organizations o ON o.id = a.org_id
        LEFT JOIN study_groups g ON g.id = a.group_id
        """

    static let detailSQL = """
        json_build_object('id', a.id, 'number', a.number, 'status', a.status, 'version', a.version,
          'lastName', a.last_name, 'firstName', a.first_name, 'middleName', a.middle_name, 'name', \(GroupsRepository.person("a")),
          'email', a.email, 'phone', a.phone, 'snils', a.snils, 'birthDate', a.birth_date, 'position', a.position,
          'applicantComment', a.applicant_comment, 'learnerId', a.learner_id, 'batchId', a.batch_id,
          'postponedUntil', a.postponed_until, 'cancellationReason', \(OrganizationProfileRepository.ref("a.cancellation_reason_id")),
          'finalGrade', a.final_grade, 'createdAt', \(OrganizationProfileRepository.utc("a.created_at")),
          'program', json_build_object('id', p.id, 'fullName', p.full_name, 'organizationId', p.org_id),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'group', CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'name', g.name, 'startsOn', g.starts_on, 'endsOn', g.ends_on) END,
          'enrollment', (SELECT json_agg(json_build_object('kind', e.kind, 'orderNumber', e.order_number, 'orderDate', e.order_date, 'reason', e.reason)
                 ORDER BY e.id) FROM enrollment_records e WHERE e.application_id = a.id),
          'document', (SELECT json_build_object('type', \(OrganizationProfileRepository.ref("doc.document_type_id")), 'series', doc.series, 'number', doc.number,
                 'registrationNumber', doc.registration_number, 'issuedOn', doc.issued_on, 'result', doc.result)
                 FROM issued_documents doc WHERE doc.application_id = a.id),
          'history', coalesce((SELECT json_agg(json_build_object('action', h.action, 'fromStatus', h.from_status, 'toStatus', h.to_status,
                 'comment', h.comment, 'details', h.details, 'at', \(OrganizationProfileRepository.utc("h.at")),
                 'actor', (SELECT \(GroupsRepository.person("u")) FROM users u WHERE u.id = h.actor_id)) ORDER BY h.id)
                 FROM application_events h WHERE h.application_id = a.id), '[]'))
        """

    struct Filter: Sendable {
        var orgIds: [UUID]?
        var learnerId: UUID?
        var organizationId: UUID?
        var status: String?
        var programId: UUID?
        var groupId: UUID?
        var batchId: UUID?
        var from: Date?
        var to: Date?
        var search: String?
    }

    func listQuery(_ f: Filter, cursor: Cursor?, limit: Int?, csv: Bool) -> PostgresQuery {
        let pattern = f.search.map { "%" + $0.lowercased() + "%" }
        let select = csv
            ? """
              a.number::text, to_char(a.created_at AT TIME ZONE 'UTC', 'DD.MM.YYYY HH24:MI'), a.status, \(GroupsRepository.person("a")), a.email,
              coalesce(a.snils, ''), coalesce(a.position, ''), p.full_name, o.short_name, coalesce(g.name, '')
              """
            : "\(Self.listSQL)::text, a.created_at, a.id"
        var q: PostgresQuery = """
            SELECT \(unescaped: select) \(unescaped: Self.joins)
            WHERE (\(f.orgIds)::uuid[] IS NULL OR a.org_id = ANY(\(f.orgIds)))
              AND (\(f.learnerId)::uuid IS NULL OR a.learner_id = \(f.learnerId))
              AND (\(f.organizationId)::uuid IS NULL OR a.org_id = \(f.organizationId))
              AND (\(f.status)::text IS NULL OR a.status = \(f.status))
              AND (\(f.programId)::uuid IS NULL OR a.program_id = \(f.programId))
              AND (\(f.groupId)::uuid IS NULL OR a.group_id = \(f.groupId))
              AND (\(f.batchId)::uuid IS NULL OR a.batch_id = \(f.batchId))
              AND (\(f.from)::timestamptz IS NULL OR a.created_at >= \(f.from))
              AND (\(f.to)::timestamptz IS NULL OR a.created_at < \(f.to)::timestamptz + interval '1 day')
              AND (\(pattern)::text IS NULL OR lower(a.last_name || ' ' || a.first_name || ' ' || coalesce(a.middle_name, '')) LIKE \(pattern))
              AND (\(cursor?.micros)::bigint IS NULL
                   OR (a.created_at, a.id) < ('epoch'::timestamptz + \(cursor?.micros) * interval '1 microsecond', \(cursor?.id)))
            ORDER BY a.created_at DESC, a.id DESC
            """
        if let limit { q.sql += " LIMIT \(limit + 1)" }
        return q
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        let rows = try await db.rows(listQuery(f, cursor: page.cursor, limit: page.limit, csv: false))
        return page.jsonPage(try rows.map { let c = try $0.decode((String, Date, UUID).self); return (c.0, c.1.cursorKey, c.2) })
    }

    static let csvHeader = ["Номер", "Подана", "Статус", "ФИО", "E-mail", "СНИЛС", "Должность", "Программа", "Организация", "Группа"]

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        try await db.client.query(listQuery(f, cursor: nil, limit: nil, csv: true), logger: db.logger).map { row in
            let c = try row.decode((String, String, String, String, String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8, c.9]
        }
    }

    func detail(id: UUID) async throws -> (json: String, version: Int, orgId: UUID, groupOrgId: UUID?, learnerId: UUID?, status: ApplicationStatus)? {
        guard let row = try await db.rows(
            "SELECT \(unescaped: Self.detailSQL)::text, a.version, a.org_id, g.org_id, a.learner_id, a.status \(unescaped: Self.joins) WHERE a.id = \(id)"
        ).first else { return nil }
        let c = try row.decode((String, Int, UUID, UUID?, UUID?, String).self)
        return (c.0, c.1, c.2, c.3, c.4, ApplicationStatus(rawValue: c.5) ?? .new)
    }

    struct Locked: Sendable {
        var orgId: UUID
        var programId: UUID
        var learnerId: UUID?
        var groupId: UUID?
        var groupOrgId: UUID?
        var status: ApplicationStatus
        var email: String
        var programName: String
    }

    func lock(id: UUID, on conn: PostgresConnection) async throws -> Locked? {
        guard let row = try await conn.rows(
            """
            SELECT a.org_id, a.program_id, a.learner_id, a.group_id, (SELECT org_id FROM study_groups WHERE id = a.group_id), a.status, a.email,
                   (SELECT full_name FROM programs WHERE id = a.program_id)
            FROM applications a WHERE a.id = \(id) FOR UPDATE
            """, logger: db.logger).first else { return nil }
        let c = try row.decode((UUID, UUID, UUID?, UUID?, UUID?, String, String, String).self)
        return Locked(orgId: c.0, programId: c.1, learnerId: c.2, groupId: c.3, groupOrgId: c.4, status: ApplicationStatus(rawValue: c.5) ?? .new,
                      email: c.6, programName: c.7)
    }

    func recordEvent(_ id: UUID, action: String, from: ApplicationStatus?, to: ApplicationStatus, actor: UUID?, comment: String?,
                     details: String = "{}", on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            INSERT INTO application_events (application_id, action, from_status, to_status, actor_id, comment, details)
            VALUES (\(id), \(action), \(from?.rawValue), \(to.rawValue), \(actor), \(comment), \(details)::jsonb)
            """, logger: db.logger)
    }

    func comments(_ id: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(json_build_object('id', c.id, 'body', c.body, 'createdAt', \(unescaped: OrganizationProfileRepository.utc("c.created_at")),
                   'author', \(unescaped: GroupsRepository.person("u"))) ORDER BY c.created_at), '[]')::text
            FROM application_comments c JOIN users u ON u.id = c.author_id WHERE c.application_id = \(id)
            """)[0].decode(String.self)
    }
}
