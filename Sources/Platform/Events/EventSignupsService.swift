import Foundation
import PostgresNIO

/// Sign-up rules (SPEC §9, seed 000 «Заявки на мероприятия»): a start of the schedule, open until N days before it,
/// within capacity; the organizer confirms, postpones or cancels, with the next new sign-up one click away; the
/// participant cancels until the start. Everyone concerned is told in the inbox and by e-mail.
public struct EventSignupsService: Sendable {
    let db: Database
    let mailer: Mailer
    let calendar: EventCalendarService
    let repository: EventSignupsRepository

    public init(db: Database, mailer: Mailer, calendar: EventCalendarService) {
        self.db = db
        self.mailer = mailer
        self.calendar = calendar
        self.repository = EventSignupsRepository(db: db)
    }

    var zone: TimeZone { calendar.zone }

    public struct SignUpInput: Codable, Sendable {
        public var startsAt: Date?
        public var comment: String?
    }

    /// The occurrence or session of the event's schedule that starts at `start`.
    func start(_ start: Date, of c: EventCalendarRepository.Candidate) -> (key: String, end: Date)? {
        let day = CivilDate(start, zone: zone)
        guard
            let window = OccurrenceCalendar(
                zone: zone, from: day.adding(days: -1).iso, through: day.adding(days: 1).iso)
        else { return nil }
        for o in window.occurrences(of: c.schedule) {
            if o.sessions.isEmpty, o.start == start { return (o.key, o.end) }
            if let s = o.sessions.first(where: { $0.start == start }) { return (o.key, s.end) }
        }
        return nil
    }

    public func signUp(event id: UUID, _ input: SignUpInput, identity: Identity, actor: Actor) async throws -> (
        json: String, id: UUID
    ) {
        guard let c = try await calendar.repository.published(id) else { throw Problem.notFound }
        var v = Validator()
        let comment = v.optional(input.comment, "comment", max: 2000)
        guard let start = input.startsAt else {
            v.add("startsAt", "required", "Выберите дату и время")
            try v.throwIfInvalid()
            throw Problem.notFound
        }
        guard let (key, end) = self.start(start, of: c) else {
            v.add("startsAt", "not_in_schedule", "В расписании мероприятия нет такого времени")
            try v.throwIfInvalid()
            throw Problem.notFound
        }
        try v.throwIfInvalid()
        let closes = EventCalendarService.closes(start: start, daysBefore: c.signupDaysBefore)
        if calendar.now() >= closes {
            throw Problem.conflict(
                c.signupDaysBefore > 0
                    ? "Запись закрыта: записаться можно не позднее чем за \(c.signupDaysBefore) дн. до начала"
                    : "Запись закрыта: мероприятие уже началось", code: "signup_closed")
        }
        let signup = try await db.transaction { conn in
            if try await repository.existing(event: id, start: start, user: identity.userId, on: conn) != nil {
                throw Problem.conflict("Вы уже записаны на это время", code: "already_signed_up")
            }
            guard try await repository.takePlace(event: id, start: start, capacity: c.capacity, on: conn) else {
                throw Problem.conflict("Свободных мест на это время нет", code: "full")
            }
            guard
                let signup = try await repository.insert(
                    event: id, user: identity.userId, key: key, start: start, end: end, comment: comment, on: conn)
            else { throw Problem.conflict("Вы уже записаны на это время", code: "already_signed_up") }
            let orgId = try await EventsRepository(db: db).lock(id: id, on: conn)?.orgId
            if let orgId {
                try await mailer.notifyDesk(
                    of: orgId, subject: "Новая заявка на мероприятие",
                    body: "Новая заявка на мероприятие «\(c.name)» на \(calendar.local(start)).",
                    link: "/#/event-signups/\(signup.uuidString.lowercased())", everyone: false, on: conn,
                    logger: db.logger)
            }
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "event_signup", entityId: signup,
                before: Optional<String>.none,
                after: ["event": id.uuidString.lowercased(), "startsAt": calendar.local(start)],
                requestId: actor.requestId, on: conn, logger: db.logger)
            return signup
        }
        return (try await detail(signup, identity: identity), signup)
    }

    /// Organizers (and ЦОПП moderators) read and work a sign-up; its participant reads it and may withdraw.
    func isOrganizer(_ identity: Identity, orgId: UUID) -> Bool {
        identity.hasAny(EventsService.moderators)
            || (identity.orgIds.contains(orgId) && identity.hasAny(EventsService.organizers))
    }

    public func detail(_ id: UUID, identity: Identity) async throws -> String {
        if identity.hasAny(EventsService.organizers.union(ModulesService.regionWide)),
            let json = try await repository.detail(
                id: id, orgIds: ModulesService.readableOrgs(identity), user: nil,
                allowed: EventSignupWorkflow.allowedJSON(by: .organizer), zone: zone.identifier)
        {
            return json
        }
        guard
            let json = try await repository.detail(
                id: id, orgIds: nil, user: identity.userId, allowed: EventSignupWorkflow.allowedJSON(by: .participant),
                zone: zone.identifier)
        else { throw Problem.notFound }
        return json
    }

    public func act(_ id: UUID, _ action: EventSignupAction, comment: String?, identity: Identity, actor: Actor)
        async throws -> String
    {
        var v = Validator()
        let comment = v.optional(comment, "comment", max: 2000)
        if action == .cancel && comment == nil { v.add("comment", "required", "Напишите причину отмены") }
        try v.throwIfInvalid()
        try await db.transaction { conn in
            guard let s = try await repository.lock(id: id, on: conn) else { throw Problem.notFound }
            let organizer = isOrganizer(identity, orgId: s.orgId)
            let participant = s.userId == identity.userId
            // ЦОПП staff read every desk (403 on acting); anyone else does not learn the sign-up exists
            guard organizer || participant || identity.hasAny(ModulesService.regionWide) else {
                throw Problem.notFound
            }
            let who: EventSignupActor = action == .withdraw ? .participant : .organizer
            if who == .participant && !participant || who == .organizer && !organizer { throw Problem.forbidden }
            if who == .participant && calendar.now() >= s.startsAt {
                throw Problem.conflict("Мероприятие уже началось: запись не отменить", code: "started")
            }
            let next = try EventSignupWorkflow.next(action, from: s.status, by: who, what: "заявка")
            guard
                try await repository.changeStatus(
                    id: id, from: s.status, to: next, action: action, actor: identity.userId, comment: comment,
                    on: conn)
            else { throw Problem.conflict("Статус заявки уже изменён", code: "illegal_transition", allowed: []) }
            if s.status.holdsPlace && !next.holdsPlace {
                try await repository.freePlace(event: s.eventId, start: s.startsAt, on: conn)
            }
            try await tell(s, id: id, action: action, comment: comment, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: action.rawValue, entity: "event_signup", entityId: id,
                before: ["status": s.status.rawValue], after: ["status": next.rawValue], requestId: actor.requestId,
                on: conn, logger: db.logger)
        }
        return try await detail(id, identity: identity)
    }

    /// The participant hears of the organizer's decision; the organizer's desk of a withdrawal.
    func tell(
        _ s: EventSignupsRepository.Locked, id: UUID, action: EventSignupAction, comment: String?,
        on conn: PostgresConnection
    ) async throws {
        let when = calendar.local(s.startsAt)
        let note = comment.map { "\nКомментарий: \($0)" } ?? ""
        let link = "/#/my/event-signups/\(id.uuidString.lowercased())"
        switch action {
        case .withdraw:
            try await mailer.notifyDesk(
                of: s.orgId, subject: "Участник отменил запись",
                body: "Участник отменил запись на мероприятие «\(s.eventName)» (\(when)).\(note)",
                link: "/#/event-signups/\(id.uuidString.lowercased())", everyone: true, on: conn, logger: db.logger)
        case .confirm, .postpone, .cancel:
            let (subject, verb) =
                switch action {
                case .confirm: ("Участие в мероприятии подтверждено", "подтверждена")
                case .postpone: ("Заявка на мероприятие отложена", "отложена: организатор вернётся к ней позже")
                default: ("Заявка на мероприятие отменена", "отменена организатором")
                }
            try await mailer.notify(
                userId: s.userId, email: s.email, subject: subject,
                body: "Ваша заявка на мероприятие «\(s.eventName)» (\(when)) \(verb).\(note)", link: link, on: conn,
                logger: db.logger)
        }
    }

    /// The organizer's desk; moderators and ЦОПП staff read every organizer's.
    public func desk(_ filter: EventSignupsRepository.DeskFilter, organization: UUID?, identity: Identity) throws
        -> EventSignupsRepository.DeskFilter
    {
        guard identity.hasAny(EventsService.organizers.union(ModulesService.regionWide)) else {
            throw Problem.forbidden
        }
        var f = filter
        f.orgIds = try ModulesService.readableOrgs(identity, narrowedTo: organization)
        return f
    }

    /// Reminders the day before: every sign-up whose start comes within a day, once (the job calls it).
    public func sendReminders() async throws -> Int {
        let now = calendar.now()
        return try await db.transaction { conn in
            let due = try await repository.takeReminders(from: now, to: now.addingTimeInterval(86_400), on: conn)
            for r in due {
                let place = r.address.isEmpty ? "" : "\nАдрес: \(r.address)"
                let when = calendar.local(r.start)
                try await mailer.notify(
                    userId: r.user, email: r.email, subject: "Напоминание: мероприятие «\(r.name)»",
                    body: "Напоминаем: вы записаны на мероприятие «\(r.name)», начало \(when).\(place)",
                    link: "/#/calendar/\(r.event.uuidString.lowercased())", on: conn, logger: db.logger)
            }
            return due.count
        }
    }
}
