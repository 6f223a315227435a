import Foundation
import PostgresNIO

/// Applications in SQL: list with filters and keyset pages, CSV stream, detail with history, events and comments.
public struct ApplicationsRepository: Sendable {
    let db: Database

    /// A row of the desk; names come from scalar subqueries, which PostgreSQL evaluates only for the rows of the page.
    /// `organization` is the SQL of the row's organization id: a desk of one organization passes its parameter, so the
    /// organization's name is read once per page instead of once per row.
    static func listSQL(organization: String = "a.org_id") -> String {
        """
        json_build_object('id', a.id, 'number', a.number, 'status', a.status, 'name', \(GroupsRepository.person("a")),
          'email', a.email,
          'position', a.position, 'createdAt', \(OrganizationProfileRepository.utc("a.created_at")), 'postponedUntil',
            a.postponed_until,
          'program', (SELECT json_build_object('id', p.id, 'fullName',
            p.full_name) FROM programs p WHERE p.id = a.program_id),
          'organization', (SELECT json_build_object('id', o.id, 'shortName',
            o.short_name) FROM organizations o WHERE o.id = \(organization)),
          'group', (SELECT json_build_object('id', g.id, 'name', g.name) FROM study_groups g WHERE g.id = a.group_id),
          'batchId', a.batch_id, 'waitlistPosition', \(waitlistPosition))
        """
    }

    /// The place of a waitlisted application in its group's queue (null for other statuses).
    static let waitlistPosition = """
        CASE WHEN a.status = 'waitlisted' THEN (SELECT count(*) FROM applications w WHERE w.group_id = a.group_id
          AND w.status = 'waitlisted' AND (w.waitlisted_at, w.id) <= (a.waitlisted_at, a.id)) END
        """

    static let joins = """
        applications a JOIN programs p ON p.id = a.program_id JOIN organizations o ON o.id = a.org_id
        LEFT JOIN study_groups g ON g.id = a.group_id
        """

    static let detailSQL = """
        json_build_object('id', a.id, 'number', a.number, 'status', a.status, 'version', a.version,
          'lastName', a.last_name, 'firstName', a.first_name, 'middleName', a.middle_name, 'name',
            \(GroupsRepository.person("a")),
          'email', a.email, 'phone', a.phone, 'snils', a.snils, 'birthDate', a.birth_date, 'position', a.position,
          'applicantComment', a.applicant_comment, 'learnerId', a.learner_id, 'batchId', a.batch_id,
          'postponedUntil', a.postponed_until, 'cancellationReason',
            \(OrganizationProfileRepository.ref("a.cancellation_reason_id")),
          'finalGrade', a.final_grade, 'waitlistPosition', \(waitlistPosition),
          'createdAt', \(OrganizationProfileRepository.utc("a.created_at")),
          'program', json_build_object('id', p.id, 'fullName', p.full_name, 'organizationId', p.org_id),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'group', CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'name', g.name, 'startsOn',
            g.starts_on, 'endsOn', g.ends_on) END,
          'enrollment', (SELECT json_agg(json_build_object('kind', e.kind, 'orderNumber', e.order_number, 'orderDate',
            e.order_date, 'reason', e.reason)
                 ORDER BY e.id) FROM enrollment_records e WHERE e.application_id = a.id),
          'document', (SELECT json_build_object('type', \(OrganizationProfileRepository.ref("doc.document_type_id")),
            'series', doc.series, 'number', doc.number,
                 'registrationNumber', doc.registration_number, 'issuedOn', doc.issued_on, 'result', doc.result)
                 FROM issued_documents doc WHERE doc.application_id = a.id),
          'history', coalesce((SELECT json_agg(json_build_object('action', h.action, 'fromStatus', h.from_status,
            'toStatus', h.to_status,
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

    /// The applicant's name as the desk searches it (migration 0033 indexes it, folded).
    static let personName = "a.last_name || ' ' || a.first_name || ' ' || coalesce(a.middle_name, '')"

    /// The desk's question. Only the filters in use become conditions, so that a desk query is an index scan of one
    /// organization's rows; `from` is the applications table alone for pages (names come from scalar subqueries) or
    /// joined for exports. `organization` is the SQL of the row's organization id in the columns: the parameter of a
    /// desk of one organization, so that its name is read once per page instead of once per row.
    static func filtered(_ f: Filter, from: String = "applications a") throws -> (
        query: ListQuery, organization: String
    ) {
        var q = ListQuery(from: from, keyset: .time("a.created_at", id: "a.id"))
        var organization = "a.org_id"
        let orgs = f.orgIds ?? f.organizationId.map { [$0] }
        if let orgs, orgs.count == 1, f.organizationId == nil || f.organizationId == orgs[0] {
            organization = try q.bind(orgs[0])
            q.filter("a.org_id = \(organization)")
        } else {
            try q.filter("a.org_id = ANY(?)", f.orgIds)
            try q.filter("a.org_id = ?", f.organizationId)
        }
        try q.filter("a.status = ?", f.status)
        try q.filter("a.learner_id = ?", f.learnerId)
        try q.filter("a.program_id = ?", f.programId)
        try q.filter("a.group_id = ?", f.groupId)
        try q.filter("a.batch_id = ?", f.batchId)
        try q.filter("a.created_at >= ?", f.from)
        try q.filter("a.created_at < ?::timestamptz + interval '1 day'", f.to)
        // the search engine's `people` scope (forms, ё, typos, keyboard layout) or a part of the name as typed; across
        // the region the indexes find it; inside one organization its own rows are few, and the planner,
        // underestimating how common a surname is, would pick the region-wide indexes (measured: 10× slower)
        try q.search(
            f.search, vector: "a.name_search", scope: .people, text: Self.personName,
            indexed: f.orgIds == nil && f.organizationId == nil && f.learnerId == nil)
        return (q, organization)
    }

    /// A page of the desk: its everyday shapes run as prepared statements (`DeskStatements`), others as they come.
    func list(_ f: Filter, page: PageRequest) async throws -> String {
        let (q, organization) = try Self.filtered(f)
        let query = try q.page(Self.listSQL(organization: organization), page: page)
        if let prepared = DeskStatements.prepared(query) { return PageRequest.jsonPage(try await prepared(db)) }
        return try await db.page(query)
    }

    static let csvHeader = [
        "Номер", "Подана", "Статус", "ФИО", "E-mail", "СНИЛС", "Должность", "Программа", "Организация", "Группа",
    ]

    /// Whole CSV lines built by PostgreSQL (`csv_text` of migration 0016 quotes and guards each value): a million rows
    /// stream without the server touching each field.
    func stream(_ f: Filter) async throws -> some AsyncSequence<ByteBuffer, any Error> & Sendable {
        let q = try Self.filtered(f, from: Self.joins).query.all(
            """
            concat_ws(',', a.number, to_char(a.created_at AT TIME ZONE 'UTC', 'DD.MM.YYYY HH24:MI'), a.status,
                             csv_text(\(GroupsRepository.person("a"))), csv_text(a.email), csv_text(a.snils),
                               csv_text(a.position),
                             csv_text(p.full_name), csv_text(o.short_name), csv_text(g.name))
            """)
        return try await db.client.query(q, logger: db.logger).map { try $0.decode(ByteBuffer.self) }
    }

    /// The caller's standing towards an application, as parameters of the card's query.
    struct Caller: Sendable {
        var userId: UUID
        var reads: TrainingAccess.Reach
        var manages: TrainingAccess.Reach

        init(_ me: Identity) {
            userId = me.userId
            reads = TrainingAccess.readReach(me)
            manages = TrainingAccess.manageReach(me)
        }
    }

    /// The card with the buttons of the caller's standing (`allowedActions`: the organization's, the applicant's or
    /// none); nil when the caller may not see it, so a foreign application is a 404 like a missing one.
    func detail(id: UUID, for caller: Caller) async throws -> (json: String, version: Int)? {
        let (reads, manages, me) = (caller.reads, caller.manages, caller.userId)
        return try await db.rows(
            """
            SELECT (\(unescaped: Self.detailSQL)::jsonb || jsonb_build_object('allowedActions',
                     CASE WHEN within_reach(\(manages.all), \(manages.orgs), NULL, a.org_id, g.org_id, NULL)
                            THEN \(ApplicationWorkflow.allowedJSON(by: .organization))::jsonb -> a.status
                          WHEN a.learner_id = \(me) THEN \(ApplicationWorkflow.allowedJSON(by: .applicant))::jsonb ->
                            a.status
                          ELSE '[]' END))::text, a.version
            FROM \(unescaped: Self.joins)
            WHERE a.id = \(id) AND (within_reach(\(reads.all), \(reads.orgs), \(me), a.org_id, g.org_id, a.learner_id)
              -- the employer that sent the person in a batch follows the application (reads it, acts on nothing)
              OR EXISTS (SELECT 1 FROM application_batches b
                         WHERE b.id = a.batch_id AND b.submitter_org_id = ANY(\(reads.orgs))))
            """
        ).first.map { try $0.decode((String, Int).self) }
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
        var number: Int
    }

    /// Whether the caller works the application (its organization, the group's organization, or the applicant):
    /// nil when it is beyond the caller's reach, false for a reader (a moderator reads the thread, only parties write).
    func isParty(id: UUID, _ caller: Caller) async throws -> Bool? {
        let (reads, manages, me) = (caller.reads, caller.manages, caller.userId)
        return try await db.rows(
            """
            SELECT within_reach(\(manages.all), \(manages.orgs), \(me), a.org_id, g.org_id, a.learner_id)
            FROM applications a LEFT JOIN study_groups g ON g.id = a.group_id
            WHERE a.id = \(id) AND within_reach(\(reads.all), \(reads.orgs), \(me), a.org_id, g.org_id, a.learner_id)
            """
        ).first?.decode(Bool.self)
    }

    func addComment(_ id: UUID, author: UUID, body: String) async throws {
        try await db.execute(
            "INSERT INTO application_comments (application_id, author_id, body) VALUES (\(id), \(author), \(body))")
    }

    /// Locks the application for a step; nil when it is missing or beyond the caller's reach.
    func lock(id: UUID, for caller: Caller, on conn: PostgresConnection) async throws -> Locked? {
        let (reads, me) = (caller.reads, caller.userId)
        guard
            let row = try await conn.rows(
                """
                SELECT a.org_id, a.program_id, a.learner_id, a.group_id, g.org_id, a.status, a.email,
                       (SELECT full_name FROM programs WHERE id = a.program_id), a.number
                FROM applications a LEFT JOIN study_groups g ON g.id = a.group_id
                WHERE a.id = \(id) AND within_reach(\(reads.all), \(reads.orgs), \(me), a.org_id, g.org_id,
                  a.learner_id)
                FOR UPDATE OF a
                """, logger: db.logger
            ).first
        else { return nil }
        let c = try row.decode((UUID, UUID, UUID?, UUID?, UUID?, String, String, String, Int).self)
        return Locked(
            orgId: c.0, programId: c.1, learnerId: c.2, groupId: c.3, groupOrgId: c.4,
            status: ApplicationStatus(rawValue: c.5) ?? .new,
            email: c.6, programName: c.7, number: c.8)
    }

    func recordEvent(
        _ id: UUID, action: String, from: ApplicationStatus?, to: ApplicationStatus, actor: UUID?, comment: String?,
        details: String = "{}", on conn: PostgresConnection
    ) async throws {
        try await conn.run(
            """
            INSERT INTO application_events (application_id, action, from_status, to_status, actor_id, comment, details)
            VALUES (\(id), \(action), \(from?.rawValue), \(to.rawValue), \(actor), \(comment), \(details)::jsonb)
            """, logger: db.logger)
    }

    func comments(_ id: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(json_build_object('id', c.id, 'body', c.body, 'createdAt',
              \(unescaped: OrganizationProfileRepository.utc("c.created_at")),
                   'author', \(unescaped: GroupsRepository.person("u"))) ORDER BY c.created_at), '[]')::text
            FROM application_comments c JOIN users u ON u.id = c.author_id WHERE c.application_id = \(id)
            """)[0].decode(String.self)
    }
}
