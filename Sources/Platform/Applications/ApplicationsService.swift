import Foundation
import Logging
import PostgresNIO

public struct ApplyInput: Decodable, Sendable {
    var comment: String?
    var phone: String?
}

/// What a step of the workflow asks for (only the fields of the chosen action are read).
public struct ApplicationActionInput: Decodable, Sendable {
    var comment: String?
    var until: String?
    var reasonId: UUID?
    var groupId: UUID?
    var orderNumber: String?
    var orderDate: String?
    var result: String?
    var documentTypeId: UUID?
    var documentSeries: String?
    var documentNumber: String?
    var registrationNumber: String?
    var issuedOn: String?
    /// male / female, for ФИС ФРДО
    var sex: String?
}

/// Applications (SPEC §7): a learner applies to a published program (one active application per program — the
/// database's unique index decides); the organization works it through `ApplicationWorkflow`, each step asking for
/// what seed 000 «Обработка заявок» asks; every step is an event; the learner hears of every change by e-mail and inbox.
public struct ApplicationsService: Sendable {
    let db: Database
    let mailer: Mailer
    let repository: ApplicationsRepository

    public init(db: Database, mailer: Mailer) {
        self.db = db
        self.mailer = mailer
        self.repository = ApplicationsRepository(db: db)
    }

    public func apply(program: UUID, _ i: ApplyInput, identity me: Identity) async throws -> (json: String, id: UUID) {
        guard me.has(.learner) else { throw Problem.forbidden }
        var v = Validator()
        let comment = v.optional(i.comment, "comment", max: 2000)
        let phone = v.phone(i.phone, "phone")
        try v.throwIfInvalid()
        let id: UUID = try await db.transaction { conn in
            guard let found = try await conn.rows(
                """
                SELECT p.org_id, p.full_name FROM programs p JOIN organizations o ON o.id = p.org_id
                WHERE p.id = \(program) AND p.status = 'published' AND o.status = 'approved'
                """, logger: db.logger).first?.decode((UUID, String).self)
            else { throw Problem.notFound }
            let rows = try await conn.rows(
                """
                INSERT INTO applications (program_id, org_id, learner_id, last_name, first_name, middle_name, email, phone, snils, birth_date, applicant_comment)
                SELECT \(program), \(found.0), u.id, u.last_name, u.first_name, u.middle_name, u.email, coalesce(\(phone), u.phone), u.snils, u.birth_date, \(comment)
                FROM users u WHERE u.id = \(me.userId)
                ON CONFLICT DO NOTHING
                RETURNING id, email
                """, logger: db.logger)
            guard let (id, email) = try rows.first?.decode((UUID, String).self) else {
                throw Problem.conflict("У вас уже есть активная заявка на эту программу", field: "programId", code: "duplicate")
            }
            try await repository.recordEvent(id, action: "apply", from: nil, to: .new, actor: me.userId, comment: comment, on: conn)
            try await notifyLearner(id, learner: me.userId, email: email, subject: "Заявка принята",
                                    body: "Ваша заявка на программу «\(found.1)» принята и ждёт рассмотрения.", on: conn)
            try await Self.notifyOrganizationInbox(found.0, subject: "Новая заявка", body: "Новая заявка на программу «\(found.1)».",
                                                   link: "/#/applications/" + id.uuidString.lowercased(), on: conn, logger: db.logger)
            return id
        }
        return (try await detail(id, identity: me).json, id)
    }

    /// The caller's standing: the applicant, the organization working it (or ЦОПП staff), a reader, or nobody (404).
    func actor(_ me: Identity, orgId: UUID, groupOrgId: UUID?, learnerId: UUID?) -> ApplicationActor? {
        if TrainingAccess.canManage(me, org: orgId) || groupOrgId.map({ TrainingAccess.canManage(me, org: $0) }) == true { return .organization }
        if learnerId == me.userId { return .applicant }
        return nil
    }

    func canRead(_ me: Identity, orgId: UUID, groupOrgId: UUID?, learnerId: UUID?) -> Bool {
        learnerId == me.userId || TrainingAccess.canRead(me, org: orgId) || groupOrgId.map { TrainingAccess.canRead(me, org: $0) } == true
    }

    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id: id),
            canRead(me, orgId: found.orgId, groupOrgId: found.groupOrgId, learnerId: found.learnerId)
        else { throw Problem.notFound }
        let allowed = actor(me, orgId: found.orgId, groupOrgId: found.groupOrgId, learnerId: found.learnerId)
            .map { ApplicationWorkflow.allowed(from: found.status, by: $0).map(\.rawValue) } ?? []
        var json = found.json
        json.removeLast()
        json += ",\"allowedActions\":" + String(decoding: try JSONEncoder().encode(allowed), as: UTF8.self) + "}"
        return (json, found.version)
    }

    public func act(_ id: UUID, _ action: ApplicationAction, _ i: ApplicationActionInput, identity me: Identity, actor: Actor) async throws -> (json: String, version: Int) {
        try await db.transaction { conn in
            guard let a = try await repository.lock(id: id, on: conn), canRead(me, orgId: a.orgId, groupOrgId: a.groupOrgId, learnerId: a.learnerId)
            else { throw Problem.notFound }
            guard let who = self.actor(me, orgId: a.orgId, groupOrgId: a.groupOrgId, learnerId: a.learnerId) else { throw Problem.forbidden }
            let next = try ApplicationWorkflow.next(action, from: a.status, by: who, what: "заявка")
            var v = Validator()
            let comment = v.optional(i.comment, "comment", max: 2000)
            var details: [String: String] = [:]
            var message = ""
            switch action {
            case .postpone:
                let until = v.date(i.until, "until", required: true)
                if comment == nil { v.add("comment", "required", "Напишите, почему рассмотрение откладывается") }
                if let until, until <= Self.today { v.add("until", "not_future", "Дата должна быть позже сегодняшней") }
                try v.throwIfInvalid()
                try await conn.run("UPDATE applications SET postponed_until = \(until)::date WHERE id = \(id)", logger: db.logger)
                details["until"] = until
                message = "Рассмотрение заявки отложено до \(Self.russian(until!))."
            case .resume:
                try await conn.run("UPDATE applications SET postponed_until = NULL WHERE id = \(id)", logger: db.logger)
                message = "Заявка снова на рассмотрении."
            case .cancel:
                if i.reasonId == nil { v.add("reasonId", "required", "Выберите причину отмены") }
                if comment == nil { v.add("comment", "required", "Напишите комментарий к отмене") }
                try v.throwIfInvalid()
                let reason = try await conn.rows(
                    "SELECT name FROM directory_items WHERE id = \(i.reasonId!) AND kind = 'cancellation_reasons' AND active", logger: db.logger)
                    .first?.decode(String.self)
                guard let reason else { throw Problem.validation([FieldError("reasonId", "not_found", "Нет такой причины отмены в справочнике")]) }
                try await conn.run("UPDATE applications SET cancellation_reason_id = \(i.reasonId!), postponed_until = NULL WHERE id = \(id)", logger: db.logger)
                details["reason"] = reason
                message = "Заявка отменена. Причина: \(reason)." + (comment.map { " \($0)" } ?? "")
            case .withdraw:
                try await conn.run("UPDATE applications SET postponed_until = NULL WHERE id = \(id)", logger: db.logger)
                message = "Вы отозвали заявку."
            case .confirm:
                guard let groupId = i.groupId else { throw Problem.validation([FieldError("groupId", "required", "Выберите группу")]) }
                // the group row is locked so two confirmations cannot both take the last place
                guard let group = try await conn.rows(
                    "SELECT org_id, program_id, max_size, status, name FROM study_groups WHERE id = \(groupId) FOR UPDATE", logger: db.logger)
                    .first?.decode((UUID, UUID, Int, String, String).self), group.1 == a.programId
                else { throw Problem.validation([FieldError("groupId", "not_found", "Нет такой группы у этой программы")]) }
                guard group.3 == "not_formed" || group.3 == "formed" else {
                    throw Problem.conflict("Набор в группу «\(group.4)» закрыт", field: "groupId", code: "group_closed")
                }
                let taken = try await conn.rows(
                    "SELECT count(*) FROM applications WHERE group_id = \(groupId) AND holds_seat(status)", logger: db.logger
                )[0].decode(Int.self)
                guard taken < group.2 else {
                    throw Problem.conflict("В группе «\(group.4)» нет мест: \(taken) из \(group.2)", field: "groupId", code: "group_full")
                }
                try await conn.run("UPDATE applications SET group_id = \(groupId), postponed_until = NULL WHERE id = \(id)", logger: db.logger)
                details["group"] = group.4
                message = "Заявка подтверждена: вы записаны в группу «\(group.4)»."
            case .enroll, .expel:
                let number = v.required(i.orderNumber, "orderNumber", max: 50)
                let date = v.date(i.orderDate, "orderDate", required: true)
                if action == .expel && comment == nil { v.add("comment", "required", "Укажите причину отчисления") }
                try v.throwIfInvalid()
                if action == .enroll, try await conn.rows("SELECT 1 FROM schedule_lessons WHERE group_id = \(a.groupId!) LIMIT 1", logger: db.logger).isEmpty {
                    throw Problem.conflict("У группы ещё нет расписания: зачислить можно после его составления", code: "no_schedule", allowed: [])
                }
                try await conn.run(
                    """
                    INSERT INTO enrollment_records (application_id, org_id, group_id, kind, order_number, order_date, reason)
                    VALUES (\(id), \(a.groupOrgId ?? a.orgId), \(a.groupId!), \(action == .enroll ? "enrolled" : "expelled"), \(number), \(date)::date, \(comment))
                    """, logger: db.logger)
                details["orderNumber"] = number
                details["orderDate"] = date
                message = action == .enroll
                    ? "Вы зачислены на обучение (приказ № \(number) от \(Self.russian(date!)))."
                    : "Вы отчислены (приказ № \(number) от \(Self.russian(date!)))." + (comment.map { " Причина: \($0)" } ?? "")
            case .complete:
                let result = v.required(i.result, "result", max: 500)
                let number = v.required(i.documentNumber, "documentNumber", max: 50)
                let series = v.optional(i.documentSeries, "documentSeries", max: 20)
                let registration = v.optional(i.registrationNumber, "registrationNumber", max: 50)
                let issued = v.date(i.issuedOn, "issuedOn", required: true)
                if i.documentTypeId == nil { v.add("documentTypeId", "required", "Выберите вид документа") }
                if let sex = i.sex, !["male", "female"].contains(sex) { v.add("sex", "invalid_choice", "Пол: male или female") }
                try v.throwIfInvalid()
                guard let type = try await conn.rows(
                    "SELECT name FROM directory_items WHERE id = \(i.documentTypeId!) AND kind = 'education_document_types' AND active", logger: db.logger)
                    .first?.decode(String.self)
                else { throw Problem.validation([FieldError("documentTypeId", "not_found", "Нет такого вида документа в справочнике")]) }
                try await conn.run(
                    """
                    INSERT INTO issued_documents (application_id, org_id, group_id, document_type_id, series, number, registration_number, issued_on, result)
                    VALUES (\(id), \(a.groupOrgId ?? a.orgId), \(a.groupId!), \(i.documentTypeId!), \(series), \(number), \(registration), \(issued)::date, \(result))
                    """, logger: db.logger)
                if let sex = i.sex { try await conn.run("UPDATE applications SET sex = \(sex) WHERE id = \(id)", logger: db.logger) }
                details["document"] = "\(type) № \(number)"
                message = "Обучение по программе «\(a.programName)» завершено. Результат: \(result). Выдан документ: \(type) № \(number) от \(Self.russian(issued!))."
            }
            try await conn.run("UPDATE applications SET status = \(next.rawValue), updated_at = now(), version = version + 1 WHERE id = \(id)", logger: db.logger)
            let detailsJSON = String(decoding: try JSONEncoder.sorted.encode(details), as: UTF8.self)
            try await repository.recordEvent(id, action: action.rawValue, from: a.status, to: next, actor: me.userId, comment: comment, details: detailsJSON, on: conn)
            if who != .applicant {
                try await notifyLearner(id, learner: a.learnerId, email: a.email, subject: "Заявка № \(a.number): \(Self.statusNames[next] ?? next.rawValue)",
                                        body: "Программа «\(a.programName)». " + message, on: conn)
            }
            try await AuditLog.record(actor: actor.userId, action: action.rawValue, entity: "application", entityId: id,
                                      before: ["status": a.status.rawValue], after: ["status": next.rawValue], requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: me)
    }

    static let statusNames: [ApplicationStatus: String] = [
        .new: "новая", .postponed: "отложена", .cancelled: "отменена", .confirmed: "подтверждена", .studying: "обучается",
        .completed: "завершена", .expelled: "отчислен",
    ]

    static var today: String { CalendarValues.day(Date()) }

    static func russian(_ isoDate: String) -> String {
        let p = isoDate.split(separator: "-")
        return p.count == 3 ? "\(p[2]).\(p[1]).\(p[0])" : isoDate
    }

    /// Inbox (if the person has an account) and e-mail to the application's address.
    func notifyLearner(_ id: UUID, learner: UUID?, email: String, subject: String, body: String, on conn: PostgresConnection) async throws {
        let link = "/#/my/applications/\(id.uuidString.lowercased())"
        if let learner {
            try await mailer.notify(userId: learner, email: email, subject: subject, body: body, link: link, on: conn, logger: db.logger)
        } else {
            try await mailer.email(OutgoingMail(to: email, subject: subject, body: body), on: conn, logger: db.logger)
        }
    }

    /// Inbox of the organization's admins and contractors (no e-mail: a busy admissions desk would drown in them).
    static func notifyOrganizationInbox(_ org: UUID, subject: String, body: String, link: String, on conn: PostgresConnection, logger: Logger) async throws {
        try await conn.run(
            """
            INSERT INTO messages (user_id, subject, body, link)
            SELECT DISTINCT m.user_id, \(subject), \(body), \(link)
            FROM memberships m WHERE m.org_id = \(org)
              AND (m.level = 'admin' OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = m.user_id AND r.role = 'contractor'))
            """, logger: logger)
    }

    public func comment(_ id: UUID, body: String?, identity me: Identity) async throws -> String {
        var v = Validator()
        let text = v.required(body, "body", max: 10000)
        try v.throwIfInvalid()
        // the parties write (the person and the organization that works the application); readers only read
        guard let p = try await repository.parties(id: id), canRead(me, orgId: p.orgId, groupOrgId: p.groupOrgId, learnerId: p.learnerId)
        else { throw Problem.notFound }
        guard actor(me, orgId: p.orgId, groupOrgId: p.groupOrgId, learnerId: p.learnerId) != nil else { throw Problem.forbidden }
        try await repository.addComment(id, author: me.userId, body: text)
        return try await repository.comments(id)
    }

    public func comments(_ id: UUID, identity me: Identity) async throws -> String {
        guard let p = try await repository.parties(id: id), canRead(me, orgId: p.orgId, groupOrgId: p.groupOrgId, learnerId: p.learnerId)
        else { throw Problem.notFound }
        return try await repository.comments(id)
    }

    /// Postponed applications whose date has come go back to `new` (run by `PostponementJob`; `today` injected in tests).
    /// One statement however many are due: status, event, inbox message and e-mail (the same text `Mailer.notify` writes).
    public func resumeDue(today: String) async throws -> Int {
        try await db.rows(
            """
            WITH due AS (
              UPDATE applications SET status = 'new', postponed_until = NULL, updated_at = now(), version = version + 1
              WHERE status = 'postponed' AND postponed_until <= \(today)::date
              RETURNING id, learner_id, email, '/#/my/applications/' || id AS link,
                        'Программа «' || (SELECT full_name FROM programs WHERE id = program_id) || '». Срок отсрочки истёк, заявка снова на рассмотрении.' AS body),
            events AS (INSERT INTO application_events (application_id, action, from_status, to_status, comment)
                       SELECT id, 'resume', 'postponed', 'new', 'Срок отсрочки истёк' FROM due),
            inbox AS (INSERT INTO messages (user_id, subject, body, link)
                      SELECT learner_id, 'Заявка снова на рассмотрении', body, link FROM due WHERE learner_id IS NOT NULL),
            mail AS (INSERT INTO jobs (kind, payload)
                     SELECT \(Mailer.jobKind), jsonb_build_object('to', email, 'subject', 'Заявка снова на рассмотрении',
                            'body', body || E'\\n\\n' || \(mailer.publicURL) || link) FROM due)
            SELECT count(*) FROM due
            """)[0].decode(Int.self)
    }
}
