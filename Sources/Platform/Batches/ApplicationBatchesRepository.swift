import Foundation
import PostgresNIO

/// Mass applications in SQL: the rows of a batch become applications, invitations, events and e-mails in one
/// statement (arrays unnested by PostgreSQL), so ten thousand rows take a second or two.
struct ApplicationBatchesRepository: Sendable {
    let db: Database

    static let detailSQL = """
        json_build_object('id', b.id, 'number', b.number, 'kind', b.kind, 'size', b.size, 'comment', b.comment,
          'createdAt', \(OrganizationProfileRepository.utc("b.created_at")),
          'program', json_build_object('id', p.id, 'fullName', p.full_name),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'counts', (SELECT coalesce(json_object_agg(status, n), '{}') FROM (SELECT status,
            count(*) AS n FROM applications WHERE batch_id = b.id GROUP BY status) c),
          'status', (SELECT CASE WHEN bool_and(status = 'new') THEN 'submitted'
                                 WHEN bool_or(status IN ('new', 'postponed', 'waitlisted')) THEN 'in_progress'
                                 ELSE 'processed' END
                     FROM applications WHERE batch_id = b.id))
        """

    /// The e-mails among `emails` that an organization already sent to the program (an active batch application);
    /// a person's own application does not count and is not revealed.
    func alreadySent(program: UUID, emails: [String], on conn: PostgresConnection) async throws -> Set<String> {
        Set(
            try await conn.rows(
                """
                SELECT email FROM applications WHERE program_id = \(program) AND email = ANY(\(emails))
                  AND batch_id IS NOT NULL AND application_active(status)
                """, logger: db.logger
            ).map { try $0.decode(String.self) })
    }

    struct NewBatch: Sendable {
        var kind: String
        var programId: UUID
        var programOrgId: UUID
        var programName: String
        var submitterOrgId: UUID
        var submittedBy: UUID
        var comment: String?
    }

    /// The batch and all its applications, invitations (token hashes), events and invitation e-mails (`link` + token).
    func insert(
        _ b: NewBatch, rows clean: ApplicationBatch.Clean, tokens: [String], hashes: [String], link: String,
        on conn: PostgresConnection
    ) async throws -> (id: UUID, number: Int) {
        let batch = try await conn.rows(
            """
            INSERT INTO application_batches (kind, program_id, submitter_org_id, submitted_by, comment, size)
            VALUES (\(b.kind), \(b.programId), \(b.submitterOrgId), \(b.submittedBy), \(b.comment),
              \(clean.email.count))
            RETURNING id, number
            """, logger: db.logger)[0].decode((UUID, Int).self)
        try await conn.run(
            """
            WITH r AS (SELECT * FROM unnest(\(clean.last)::text[], \(clean.first)::text[], \(clean.middle)::text[],
              \(clean.email)::text[],
                                            \(clean.snils)::text[], \(clean.position)::text[], \(clean.phone)::text[],
                                              \(clean.birth)::text[],
                                            \(clean.sex)::text[], \(tokens)::text[], \(hashes)::text[])
                       AS r(last_name, first_name, middle_name, email, snils, position, phone, birth_date, sex, token,
                         token_hash)),
            ins AS (INSERT INTO applications (program_id, org_id, batch_id, last_name, first_name, middle_name, email,
              snils, position, phone, birth_date, sex)
                    SELECT \(b.programId), \(b.programOrgId), \(batch.0), r.last_name, r.first_name,
                      nullif(r.middle_name, ''), r.email, r.snils,
                           r.position, nullif(r.phone, ''), nullif(r.birth_date, '')::date, nullif(r.sex, '') FROM r
                    RETURNING id, email),
            inv AS (INSERT INTO application_invitations (application_id, token_hash, expires_at)
                    SELECT ins.id, r.token_hash, now() + make_interval(days =>
                      \(ApplicationInvitationsService.lifetimeDays)::int)
                    FROM ins JOIN r ON r.email = ins.email),
            ev AS (INSERT INTO application_events (application_id, action, to_status, actor_id, details)
                   SELECT id, 'apply', 'new', \(b.submittedBy), jsonb_build_object('batch', \(batch.1)) FROM ins)
            INSERT INTO jobs (kind, payload)
            SELECT 'email', jsonb_build_object('to', r.email, 'subject', 'Заявка на обучение',
                     'body', 'Здравствуйте! Организация «' || o.short_name || '» подала заявку на ваше обучение '
                             || 'по программе «' || \(b.programName) || '». О решении сообщим письмом.' || E'\n\n'
                             || 'Чтобы следить за заявкой в личном кабинете платформы ЦОПП, откройте ссылку и войдите '
                             || '(или зарегистрируйтесь): ' || \(link) || r.token || E'\n' || 'Ссылка действует '
                             || \(ApplicationInvitationsService.lifetimeDays) ||
                               ' дней. Если вы не знаете об этой заявке, '
                             || 'просто не открывайте её: без вашего согласия заявка не появится в вашем кабинете.')
            FROM ins JOIN r ON r.email = ins.email JOIN organizations o ON o.id = \(b.submitterOrgId)
            """, logger: db.logger)
        return batch
    }

    /// The batch card with the organizations that may read it (the submitter and the program's organization).
    func detail(id: UUID) async throws -> (json: String, submitter: UUID, processor: UUID)? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.detailSQL)::text, b.submitter_org_id, p.org_id FROM application_batches b
            JOIN programs p ON p.id = b.program_id JOIN organizations o ON o.id = b.submitter_org_id WHERE b.id = \(id)
            """
        ).first.map { try $0.decode((String, UUID, UUID).self) }
    }

    func submitter(of id: UUID) async throws -> UUID? {
        try await db.rows("SELECT submitter_org_id FROM application_batches WHERE id = \(id)").first?.decode(UUID.self)
    }

    /// Batches submitted or worked by `orgs` (nil: all), newest first, in keyset pages.
    func list(orgs: [UUID]?, page: PageRequest) async throws -> String {
        var q = ListQuery(
            from: """
                application_batches b JOIN programs p ON p.id = b.program_id
                JOIN organizations o ON o.id = b.submitter_org_id
                """,
            keyset: .time("b.created_at", id: "b.id"))
        try q.filter("(b.submitter_org_id = ANY(?) OR p.org_id = ANY(?))", orgs)
        return try await db.page(q.page(Self.detailSQL, page: page))
    }
}
