import Foundation
import PostgresNIO

/// Requests for new programs: learners and employers file them, ЦОПП staff work them (status changes notify the requester).
public struct ProgramRequestsService: Sendable {
    let db: Database
    let mailer: Mailer
    public init(db: Database, mailer: Mailer) {
        self.db = db
        self.mailer = mailer
    }

    static let staff: Set<Role> = [.admin, .moderator, .coppStaff, .coordinator]
    static let workers: Set<Role> = [.admin, .coppStaff]

    static let itemSQL = """
        json_build_object('id', r.id, 'kind', r.kind, 'title', r.title, 'description', r.description, 'status', r.status,
          'learnersCount', r.learners_count, 'staffComment', r.staff_comment,
          'requester', (SELECT json_build_object('id', u.id, 'name', u.last_name || ' ' || u.first_name, 'email', u.email) FROM users u WHERE u.id = r.requester_id),
          'organization', (SELECT json_build_object('id', o.id, 'shortName', o.short_name) FROM organizations o WHERE o.id = r.org_id),
          'modules', coalesce((SELECT json_agg(json_build_object('id', m.id, 'name', m.name) ORDER BY array_position(r.module_ids, m.id))
              FROM modules m WHERE m.id = ANY(r.module_ids)), '[]'),
          'createdAt', \(OrganizationProfileRepository.utc("r.created_at")), 'version', r.version)
        """

    public func create(_ i: ProgramRequestInput, identity: Identity, actor: Actor) async throws -> String {
        var v = Validator()
        let kind = v.required(i.kind, "kind", max: 30)
        let title = v.required(i.title, "title", max: 500)
        let description = v.optional(i.description, "description", max: 20000)
        if let n = i.learnersCount, !(1...100_000).contains(n) { v.add("learnersCount", "out_of_range", "Число слушателей — от 1 до 100 000") }
        var orgId: UUID?
        var moduleIds: [UUID] = []
        switch kind {
        case "learner_composed":
            moduleIds = i.moduleIds ?? []
            if moduleIds.isEmpty { v.add("moduleIds", "required", "Выберите модули опубликованных программ") }
            // only modules of published programs are "published modules" a learner may choose
            let published = Set(try await db.rows(
                """
                SELECT DISTINCT pm.module_id FROM program_modules pm JOIN programs p ON p.id = pm.program_id
                WHERE p.status = 'published' AND pm.module_id = ANY(\(moduleIds))
                """).map { try $0.decode(UUID.self) })
            for (n, id) in moduleIds.enumerated() where !published.contains(id) { v.add("moduleIds[\(n)]", "not_found", "Модуль не найден в опубликованных программах") }
        case "employer_development":
            guard identity.has(.employer) || identity.has(.admin) else { throw Problem.forbidden }
            let employerOrgs = identity.orgs.filter { $0.kind == "employer" }.compactMap { UUID(uuidString: $0.id) }
            if let requested = i.organizationId {
                guard employerOrgs.contains(requested) || identity.has(.admin) else { throw Problem.notFound }
                orgId = requested
            } else if employerOrgs.count == 1 {
                orgId = employerOrgs[0]
            } else {
                v.add("organizationId", "required", "Выберите организацию-работодателя")
            }
        case "":
            break
        default:
            v.add("kind", "invalid_choice", "Вид заявки: learner_composed или employer_development")
        }
        try v.throwIfInvalid()
        let id = try await db.transaction { conn in
            let id = try await conn.rows(
                """
                INSERT INTO program_requests (kind, requester_id, org_id, title, description, module_ids, learners_count)
                VALUES (\(kind), \(identity.userId), \(orgId), \(title), \(description), \(moduleIds), \(i.learnersCount)) RETURNING id
                """, logger: db.logger)[0].decode(UUID.self)
            try await AuditLog.record(actor: actor.userId, action: "create", entity: "program_request", entityId: id, before: Optional<String>.none,
                                      after: ["kind": kind, "title": title], requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        return try await item(id: id, identity: identity)
    }

    public func item(id: UUID, identity: Identity) async throws -> String {
        let all = identity.hasAny(Self.staff)
        guard let json = try await db.rows(
            "SELECT \(unescaped: Self.itemSQL)::text FROM program_requests r WHERE r.id = \(id) AND (\(all) OR r.requester_id = \(identity.userId))"
        ).first?.decode(String.self) else { throw Problem.notFound }
        return json
    }

    func listQuery(identity: Identity, status: String?, kind: String?, cursor: Cursor?, limit: Int?, csv: Bool) -> PostgresQuery {
        let all = identity.hasAny(Self.staff)
        let afterMicros = cursor?.micros
        let select = csv
            ? "r.id::text, r.kind, r.status, r.title, (SELECT last_name || ' ' || first_name || ' <' || email || '>' FROM users WHERE id = r.requester_id), coalesce((SELECT short_name FROM organizations WHERE id = r.org_id), ''), to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            : "\(Self.itemSQL)::text, ((extract(epoch FROM r.created_at) * 1000000)::bigint)::text, r.id"
        var q: PostgresQuery = """
            SELECT \(unescaped: select) FROM program_requests r
            WHERE (\(all) OR r.requester_id = \(identity.userId))
              AND (\(status)::text IS NULL OR r.status = \(status)) AND (\(kind)::text IS NULL OR r.kind = \(kind))
              AND (\(afterMicros)::bigint IS NULL OR (r.created_at, r.id) < ('epoch'::timestamptz + \(afterMicros) * interval '1 microsecond', \(cursor?.id)))
            ORDER BY r.created_at DESC, r.id DESC
            """
        if let limit { q.sql += " LIMIT \(limit + 1)" }
        return q
    }

    public func list(identity: Identity, status: String?, kind: String?, page: PageRequest) async throws -> String {
        let rows = try await db.rows(listQuery(identity: identity, status: status, kind: kind, cursor: page.cursor, limit: page.limit, csv: false))
        return page.jsonPage(try rows.map { let c = try $0.decode((String, String, UUID).self); return (c.0, c.1, c.2) })
    }

    public func stream(identity: Identity, status: String?, kind: String?) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        try await db.client.query(listQuery(identity: identity, status: status, kind: kind, cursor: nil, limit: nil, csv: true), logger: db.logger)
            .map { row in let c = try row.decode((String, String, String, String, String, String, String).self); return [c.0, c.1, c.2, c.3, c.4, c.5, c.6] }
    }

    public func act(_ action: String, id: UUID, comment: String?, identity: Identity, actor: Actor) async throws -> String {
        guard identity.hasAny(Self.staff) else { throw Problem.notFound }
        guard identity.hasAny(Self.workers) else { throw Problem.forbidden }
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if action == "reject" && comment == nil { throw Problem.validation([FieldError("comment", "required", "Укажите причину отказа")]) }
        try await db.transaction { conn in
            guard let row = try await conn.rows("SELECT status, requester_id, title FROM program_requests WHERE id = \(id) FOR UPDATE", logger: db.logger).first
            else { throw Problem.notFound }
            let (status, requester, title) = try row.decode((String, UUID, String).self)
            guard let next = ProgramRequestWorkflow.next(action, from: status) else {
                throw Problem.conflict("Действие недоступно в статусе «\(status)»", code: "illegal_transition", allowed: ProgramRequestWorkflow.allowed(from: status))
            }
            try await conn.run(
                """
                UPDATE program_requests SET status = \(next), staff_comment = coalesce(\(comment), staff_comment), updated_at = now(), version = version + 1
                WHERE id = \(id)
                """, logger: db.logger)
            let email = try await conn.rows("SELECT email FROM users WHERE id = \(requester) AND deleted_at IS NULL", logger: db.logger).first?.decode(String.self)
            let statusText = ["in_work": "взята в работу", "done": "выполнена", "rejected": "отклонена"][next] ?? next
            try await mailer.notify(userId: requester, email: email, subject: "Заявка на программу \(statusText)",
                                    body: "Ваша заявка «\(title)» \(statusText)." + (comment.map { "\nКомментарий ЦОПП: \($0)" } ?? ""),
                                    link: "/#/program-requests", on: conn, logger: db.logger)
            try await AuditLog.record(actor: actor.userId, action: action, entity: "program_request", entityId: id, before: ["status": status],
                                      after: ["status": next], requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await item(id: id, identity: identity)
    }
}
