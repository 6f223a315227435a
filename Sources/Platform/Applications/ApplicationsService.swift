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
/// what seed 000 «Обработка заявок» asks; every step is an event; the learner hears of every change by e-mail and
/// inbox.
public struct ApplicationsService: Sendable {
    let db: Database
    let mailer: Mailer
    let repository: ApplicationsRepository
    let groups: GroupsRepository
    let schedule: ScheduleRepository
    let directories: DirectoriesRepository
    let batches: ApplicationBatchesRepository

    public init(db: Database, mailer: Mailer) {
        self.db = db
        self.mailer = mailer
        self.repository = ApplicationsRepository(db: db)
        self.groups = GroupsRepository(db: db)
        self.schedule = ScheduleRepository(db: db)
        self.directories = DirectoriesRepository(db: db)
        self.batches = ApplicationBatchesRepository(db: db)
    }

    public func apply(program: UUID, _ i: ApplyInput, identity me: Identity) async throws -> (json: String, id: UUID) {
        guard me.has(.learner) else { throw Problem.forbidden }
        var v = Validator()
        let comment = v.optional(i.comment, "comment", max: 2000)
        let phone = v.phone(i.phone, "phone")
        try v.throwIfInvalid()
        let id: UUID = try await db.transaction { conn in
            guard let found = try await repository.openProgram(program, on: conn) else { throw Problem.notFound }
            guard
                let (id, email) = try await repository.insert(
                    program: program, org: found.orgId, learner: me.userId, phone: phone, comment: comment, on: conn)
            else {
                throw Problem.conflict(
                    "У вас уже есть активная заявка на эту программу", field: "programId", code: "duplicate")
            }
            try await repository.recordEvent(
                id, action: "apply", from: nil, to: .new, actor: me.userId, comment: comment, on: conn)
            try await notifyLearner(
                id, learner: me.userId, email: email, subject: "Заявка принята",
                body: "Ваша заявка на программу «\(found.name)» принята и ждёт рассмотрения.", on: conn)
            try await mailer.notifyDesk(
                of: found.orgId, subject: "Новая заявка", body: "Новая заявка на программу «\(found.name)».",
                link: "/#/applications/" + id.uuidString.lowercased(), everyone: false, on: conn, logger: db.logger)
            return id
        }
        return (try await detail(id, identity: me).json, id)
    }

    /// The caller's standing: the applicant, the organization working it (or ЦОПП staff), or a reader (nil).
    func actor(_ me: Identity, _ a: ApplicationsRepository.Locked) -> ApplicationActor? {
        if TrainingAccess.canManage(me, org: a.orgId)
            || a.groupOrgId.map({ TrainingAccess.canManage(me, org: $0) }) == true
        {
            return .organization
        }
        return a.learnerId == me.userId ? .applicant : nil
    }

    /// The card with the caller's buttons; a foreign application is not found, like a missing one.
    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id: id, for: .init(me)) else { throw Problem.notFound }
        return found
    }

    /// What a step changed: the details kept in its event, and the sentence the learner reads.
    struct StepOutcome {
        var details: [String: String] = [:]
        var message: String
    }

    public func act(
        _ id: UUID, _ action: ApplicationAction, _ i: ApplicationActionInput, identity me: Identity, actor: Actor
    ) async throws -> (json: String, version: Int) {
        try await db.transaction { conn in
            guard let a = try await repository.lock(id: id, for: .init(me), on: conn) else { throw Problem.notFound }
            guard let who = self.actor(me, a) else { throw Problem.forbidden }
            let next = try ApplicationWorkflow.next(action, from: a.status, by: who, what: "заявка")
            var v = Validator()
            let comment = v.optional(i.comment, "comment", max: 2000)
            let outcome: StepOutcome
            switch action {
            case .postpone: outcome = try await postpone(id, i, comment: comment, v, on: conn)
            case .resume:
                try await repository.clearPostponement(id, on: conn)
                outcome = StepOutcome(message: "Заявка снова на рассмотрении.")
            case .cancel: outcome = try await cancel(id, i, comment: comment, v, on: conn)
            case .withdraw:
                try await repository.clearPostponement(id, on: conn)
                outcome = StepOutcome(message: "Вы отозвали заявку.")
            case .confirm: outcome = try await confirm(id, a, i, on: conn)
            case .waitlist: outcome = try await waitlist(id, a, i, on: conn)
            case .enroll, .expel: outcome = try await order(id, a, action, i, comment: comment, v, on: conn)
            case .complete: outcome = try await complete(id, a, i, v, on: conn)
            }
            try await repository.setStatus(id, next, on: conn)
            // a place freed in the group goes to the first of its waitlist
            if a.status.holdsSeat && !next.holdsSeat, let group = a.groupId {
                try await Waitlist(db: db, mailer: mailer).fill(group: group, on: conn)
            }
            let detailsJSON = String(decoding: try JSONEncoder.sorted.encode(outcome.details), as: UTF8.self)
            try await repository.recordEvent(
                id, action: action.rawValue, from: a.status, to: next, actor: me.userId,
                comment: comment, details: detailsJSON, on: conn)
            if who != .applicant {
                try await notifyLearner(
                    id, learner: a.learnerId, email: a.email,
                    subject: "Заявка № \(a.number): \(Self.statusNames[next] ?? next.rawValue)",
                    body: "Программа «\(a.programName)». " + outcome.message, on: conn)
            }
            try await AuditLog.record(
                actor: actor.userId, action: action.rawValue, entity: "application", entityId: id,
                before: ["status": a.status.rawValue], after: ["status": next.rawValue],
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: me)
    }

    private func postpone(
        _ id: UUID, _ i: ApplicationActionInput, comment: String?, _ v: Validator, on conn: PostgresConnection
    ) async throws -> StepOutcome {
        var v = v
        let until = v.date(i.until, "until", required: true)
        if comment == nil { v.add("comment", "required", "Напишите, почему рассмотрение откладывается") }
        if let until, until <= Self.today { v.add("until", "not_future", "Дата должна быть позже сегодняшней") }
        try v.throwIfInvalid()
        try await repository.postpone(id, until: until!, on: conn)
        return StepOutcome(
            details: ["until": until!], message: "Рассмотрение заявки отложено до \(Self.russian(until!)).")
    }

    private func cancel(
        _ id: UUID, _ i: ApplicationActionInput, comment: String?, _ v: Validator, on conn: PostgresConnection
    ) async throws -> StepOutcome {
        var v = v
        if i.reasonId == nil { v.add("reasonId", "required", "Выберите причину отмены") }
        if comment == nil { v.add("comment", "required", "Напишите комментарий к отмене") }
        try v.throwIfInvalid()
        guard let reason = try await directories.activeName(kind: .cancellationReasons, id: i.reasonId!, on: conn)
        else {
            throw Problem.validation([FieldError("reasonId", "not_found", "Нет такой причины отмены в справочнике")])
        }
        try await repository.cancel(id, reason: i.reasonId!, on: conn)
        return StepOutcome(
            details: ["reason": reason],
            message: "Заявка отменена. Причина: \(reason)." + (comment.map { " \($0)" } ?? ""))
    }

    /// The group the step names, locked (so two confirmations cannot both take the last place), of the application's
    /// program and still taking learners; a waitlisted application keeps its group when none is named.
    private func openGroup(_ a: ApplicationsRepository.Locked, _ i: ApplicationActionInput, on conn: PostgresConnection)
        async throws -> (id: UUID, group: GroupsRepository.Locked, taken: Int)
    {
        guard let groupId = i.groupId ?? (a.status == .waitlisted ? a.groupId : nil) else {
            throw Problem.validation([FieldError("groupId", "required", "Выберите группу")])
        }
        guard let group = try await groups.lock(id: groupId, on: conn), group.programId == a.programId else {
            throw Problem.validation([FieldError("groupId", "not_found", "Нет такой группы у этой программы")])
        }
        guard group.status == .notFormed || group.status == .formed else {
            throw Problem.conflict("Набор в группу «\(group.name)» закрыт", field: "groupId", code: "group_closed")
        }
        return (groupId, group, try await groups.seatsTaken(groupId, on: conn))
    }

    /// Confirmation into a group with a free place; a full group offers its waitlist (409 naming the action).
    private func confirm(
        _ id: UUID, _ a: ApplicationsRepository.Locked, _ i: ApplicationActionInput, on conn: PostgresConnection
    ) async throws -> StepOutcome {
        let (groupId, group, taken) = try await openGroup(a, i, on: conn)
        guard taken < group.maxSize else {
            throw Problem.conflict(
                "В группе «\(group.name)» нет мест: \(taken) из \(group.maxSize). "
                    + "Можно поставить заявку в лист ожидания",
                field: "groupId", code: "group_full", allowed: [ApplicationAction.waitlist.rawValue])
        }
        try await repository.place(id, inGroup: groupId, on: conn)
        let briefing = try await groups.briefing(groupId, on: conn)
        return StepOutcome(
            details: ["group": group.name],
            message: "Заявка подтверждена: вы записаны в группу «\(group.name)»."
                + (briefing.map { " " + $0.text } ?? ""))
    }

    /// The waitlist of a full group, in order of arrival; a group with a free place is confirmed into instead.
    private func waitlist(
        _ id: UUID, _ a: ApplicationsRepository.Locked, _ i: ApplicationActionInput, on conn: PostgresConnection
    ) async throws -> StepOutcome {
        let (groupId, group, taken) = try await openGroup(a, i, on: conn)
        guard taken >= group.maxSize else {
            throw Problem.conflict(
                "В группе «\(group.name)» есть свободные места: подтвердите заявку", field: "groupId",
                code: "group_has_places", allowed: [ApplicationAction.confirm.rawValue])
        }
        let position = try await repository.waitlist(id, inGroup: groupId, on: conn)
        return StepOutcome(
            details: ["group": group.name, "position": String(position)],
            message: "Группа «\(group.name)» заполнена: заявка в листе ожидания, место в очереди — \(position). "
                + "Когда место освободится, вы будете записаны в группу автоматически.")
    }

    /// Enrollment or expulsion by an order (number and date); enrollment needs the group's schedule.
    private func order(
        _ id: UUID, _ a: ApplicationsRepository.Locked, _ action: ApplicationAction, _ i: ApplicationActionInput,
        comment: String?, _ v: Validator, on conn: PostgresConnection
    ) async throws -> StepOutcome {
        var v = v
        let number = v.required(i.orderNumber, "orderNumber", max: 50)
        let date = v.date(i.orderDate, "orderDate", required: true)
        if action == .expel && comment == nil { v.add("comment", "required", "Укажите причину отчисления") }
        try v.throwIfInvalid()
        guard let date else { throw Problem.validation(v.errors) }
        if action == .enroll, try await !schedule.hasLessons(group: a.groupId!, on: conn) {
            throw Problem.conflict(
                "У группы ещё нет расписания: зачислить можно после его составления", code: "no_schedule",
                allowed: [])
        }
        try await repository.recordOrder(
            id, org: a.groupOrgId ?? a.orgId, group: a.groupId!,
            kind: action == .enroll ? "enrolled" : "expelled", number: number, date: date,
            reason: comment, on: conn)
        let order = "приказ № \(number) от \(Self.russian(date))"
        return StepOutcome(
            details: ["orderNumber": number, "orderDate": date],
            message: action == .enroll
                ? "Вы зачислены на обучение (\(order))."
                : "Вы отчислены (\(order))." + (comment.map { " Причина: \($0)" } ?? ""))
    }

    /// Completion: the result and the issued document (ФИС ФРДО needs the learner's sex).
    private func complete(
        _ id: UUID, _ a: ApplicationsRepository.Locked, _ i: ApplicationActionInput, _ v: Validator,
        on conn: PostgresConnection
    ) async throws -> StepOutcome {
        var v = v
        let result = v.required(i.result, "result", max: 500)
        let number = v.required(i.documentNumber, "documentNumber", max: 50)
        let series = v.optional(i.documentSeries, "documentSeries", max: 20)
        let registration = v.optional(i.registrationNumber, "registrationNumber", max: 50)
        let issued = v.date(i.issuedOn, "issuedOn", required: true)
        if i.documentTypeId == nil { v.add("documentTypeId", "required", "Выберите вид документа") }
        if let sex = i.sex, !["male", "female"].contains(sex) {
            v.add("sex", "invalid_choice", "Пол: male или female")
        }
        // ISO dates compare as text
        if let issued, let group = a.groupId, let start = try await groups.startsOn(group, on: conn), issued < start {
            v.add(
                "issuedOn", "before_start",
                "Документ не может быть выдан раньше начала обучения (\(Self.russian(start)))")
        }
        try v.throwIfInvalid()
        guard
            let type = try await directories.activeName(kind: .educationDocumentTypes, id: i.documentTypeId!, on: conn)
        else {
            throw Problem.validation([
                FieldError("documentTypeId", "not_found", "Нет такого вида документа в справочнике")
            ])
        }
        let document = ApplicationsRepository.IssuedDocument(
            typeId: i.documentTypeId!, series: series, number: number, registrationNumber: registration,
            issuedOn: issued!, result: result)
        try await repository.recordDocument(id, org: a.groupOrgId ?? a.orgId, group: a.groupId!, document, on: conn)
        if let sex = i.sex { try await repository.setSex(id, sex, on: conn) }
        return StepOutcome(
            details: ["document": "\(type) № \(document.number)"],
            message: "Обучение по программе «\(a.programName)» завершено. Результат: \(document.result). "
                + "Выдан документ: \(type) № \(document.number) от \(Self.russian(document.issuedOn)).")
    }

    static let statusNames: [ApplicationStatus: String] = [
        .new: "новая", .postponed: "отложена", .waitlisted: "в листе ожидания", .cancelled: "отменена",
        .confirmed: "подтверждена",
        .studying: "обучается",
        .completed: "завершена", .expelled: "отчислен",
    ]

    static var today: String { CalendarValues.day(Date()) }

    static func russian(_ isoDate: String) -> String {
        let p = isoDate.split(separator: "-")
        return p.count == 3 ? "\(p[2]).\(p[1]).\(p[0])" : isoDate
    }

    /// Inbox (if the person has an account) and e-mail to the application's address.
    func notifyLearner(
        _ id: UUID, learner: UUID?, email: String, subject: String, body: String, on conn: PostgresConnection
    ) async throws {
        try await Self.notifyLearner(
            id, learner: learner, email: email, subject: subject, body: body, mailer: mailer, on: conn,
            logger: db.logger)
    }

    static func notifyLearner(
        _ id: UUID, learner: UUID?, email: String, subject: String, body: String, mailer: Mailer,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        let link = "/#/my/applications/\(id.uuidString.lowercased())"
        if let learner {
            try await mailer.notify(
                userId: learner, email: email, subject: subject, body: body, link: link, on: conn, logger: logger)
        } else {
            try await mailer.email(OutgoingMail(to: email, subject: subject, body: body), on: conn, logger: logger)
        }
    }

    /// The parties write (the person and the organization that works the application); readers only read.
    public func comment(_ id: UUID, body: String?, identity me: Identity) async throws -> String {
        var v = Validator()
        let text = v.required(body, "body", max: 10000)
        try v.throwIfInvalid()
        guard let party = try await repository.isParty(id: id, .init(me)) else { throw Problem.notFound }
        guard party else { throw Problem.forbidden }
        try await repository.addComment(id, author: me.userId, body: text)
        return try await repository.comments(id)
    }

    public func comments(_ id: UUID, identity me: Identity) async throws -> String {
        guard try await repository.isParty(id: id, .init(me)) != nil else { throw Problem.notFound }
        return try await repository.comments(id)
    }

    /// Postponed applications whose date has come go back to `new` (run by `PostponementJob`; `today` injected in
    /// tests).
    public func resumeDue(today: String) async throws -> Int {
        try await repository.resumeDue(today: today, publicURL: mailer.publicURL)
    }

    /// The desk's question for this caller: organizations see the applications they work (their programs'), ЦОПП
    /// staff, moderators and the region all; the organization that submitted a batch follows its people's
    /// applications, whoever works them. `scope` names the answer everyone asking the same shares (nil: the caller's
    /// own).
    func desk(_ filter: ApplicationsRepository.Filter, identity me: Identity) async throws
        -> (filter: ApplicationsRepository.Filter, scope: String?)
    {
        var f = filter
        f.orgIds = TrainingAccess.readableOrgs(me)
        var scope = f.orgIds.map { $0.count == 1 ? "o:\($0[0].uuidString.lowercased())" : nil } ?? "region"
        if let batch = f.batchId, f.orgIds != nil,
            let submitter = try await batches.submitter(of: batch), me.orgIds.contains(submitter)
        {
            f.orgIds = nil
            scope = nil
        }
        return (f, scope)
    }

    func list(_ filter: ApplicationsRepository.Filter, page: PageRequest) async throws -> String {
        try await repository.list(filter, page: page)
    }

    func stream(_ filter: ApplicationsRepository.Filter) async throws
        -> some AsyncSequence<ByteBuffer, any Error> & Sendable
    {
        try await repository.stream(filter)
    }
}
