import Foundation
import PostgresNIO

/// A date of the schedule cancelled or moved after publication (SPEC §9 «exceptions»; seed 000 «Карточка события в
/// расписании»: «изменения в дату и время … Удалить»): the rule gains the exception, and the people signed up for that
/// date are told — their sign-ups cancelled with the organizer's reason, or moved with the date.
extension EventsService {
    public struct ExceptionInput: Codable, Sendable {
        public var date: String?
        public var cancelled: Bool?
        public var movedTo: String?
        public var startTime: String?
        public var comment: String?
    }

    /// The occurrence a rule gives for the day `key`, wherever an exception put it; nil when the rule gives no such day
    /// (or cancels it).
    func occurrence(_ key: String, of rule: Recurrence) -> Occurrence? {
        let target = rule.exceptions?.first { $0.date == key }?.movedTo ?? key
        guard let day = CivilDate(target),
            let window = OccurrenceCalendar(
                zone: zone, from: day.adding(days: -1).iso, through: day.adding(days: 1).iso)
        else { return nil }
        return window.occurrences(of: rule).first { $0.key == key }
    }

    public func setException(_ id: UUID, _ input: ExceptionInput, identity: Identity, actor: Actor) async throws
        -> (json: String, version: Int)
    {
        try await db.transaction { conn in
            let (event, _) = try await requireActor(id, identity, on: conn)
            // who may, before what is wrong with the request (a stranger learns nothing)
            var v = Validator()
            let key = v.required(input.date, "date", max: 10)
            let comment = v.optional(input.comment, "comment", max: 2000)
            let cancelled = input.cancelled == true
            if !cancelled && input.movedTo == nil && input.startTime == nil {
                v.add("movedTo", "required", "Укажите новую дату или время, или отметьте, что дата отменена")
            }
            if cancelled && (input.movedTo != nil || input.startTime != nil) {
                v.add("cancelled", "conflict", "Дату либо отменяют, либо переносят")
            }
            if cancelled && comment == nil {
                v.add("comment", "required", "Напишите причину: её получат записавшиеся")
            }
            try v.throwIfInvalid()
            guard event.status != .archived else {
                throw Problem.conflict("Мероприятие в архиве: его расписание не меняют", code: "not_editable")
            }
            guard var values = try await repository.values(id: id, on: conn), let before = values.schedule else {
                throw Problem.conflict("У мероприятия ещё нет расписания", code: "no_schedule")
            }
            guard let old = occurrence(key, of: before) else {
                throw Problem.validation([FieldError("date", "not_in_schedule", "В расписании нет такой даты")])
            }
            var rule = before
            var exceptions = (rule.exceptions ?? []).filter { $0.date != key }
            exceptions.append(
                .init(
                    date: key, cancelled: cancelled ? true : nil, movedTo: cancelled ? nil : input.movedTo,
                    startTime: cancelled ? nil : input.startTime))
            rule.exceptions = exceptions.sorted { $0.date < $1.date }
            var problems = Validator()
            for p in rule.problems(prefix: "") where p.field.hasPrefix("exceptions") {
                problems.add(
                    p.field.hasSuffix("movedTo")
                        ? "movedTo"
                        : p.field.hasSuffix("startTime")
                            ? "startTime"
                            : "date", p.code, p.message)
            }
            try problems.throwIfInvalid()
            values.schedule = rule
            try await repository.setSchedule(id: id, values, on: conn)
            let signups = EventSignupsRepository(db: db)
            let name = try await repository.name(id: id, on: conn)
            if cancelled {
                let affected = try await signups.cancelOccurrence(
                    event: id, key: key, actor: identity.userId,
                    comment: "Дата отменена организатором: \(comment ?? "")", on: conn)
                for person in affected {
                    try await mailer.notify(
                        userId: person.user, email: person.email, subject: "Мероприятие отменено",
                        body: "Мероприятие «\(name)» \(EventsService.local(old.start, zone)) отменено.\n"
                            + "Причина: \(comment ?? "")",
                        link: "/#/my/event-signups/\(person.signup.uuidString.lowercased())", on: conn,
                        logger: db.logger)
                }
            } else if let new = occurrence(key, of: rule), new.start != old.start {
                // moved onto another date's start: two occurrences would share its places
                let day = CivilDate(new.start, zone: zone)
                if let window = OccurrenceCalendar(
                    zone: zone, from: day.adding(days: -1).iso, through: day.adding(days: 1).iso),
                    window.occurrences(of: rule).contains(where: { $0.key != key && $0.start == new.start })
                {
                    throw Problem.validation([
                        FieldError("startTime", "taken", "В это время уже идёт другая дата мероприятия")
                    ])
                }
                let affected = try await signups.moveOccurrence(
                    event: id, key: key, by: new.start.timeIntervalSince(old.start), from: old.start, to: old.end,
                    on: conn)
                for person in affected {
                    try await mailer.notify(
                        userId: person.user, email: person.email, subject: "Мероприятие перенесено",
                        body: "Мероприятие «\(name)» перенесено с \(EventsService.local(old.start, zone)) на "
                            + "\(EventsService.local(new.start, zone)).\(comment.map { "\nКомментарий: \($0)" } ?? "")",
                        link: "/#/my/event-signups/\(person.signup.uuidString.lowercased())", on: conn,
                        logger: db.logger)
                }
            }
            try await AuditLog.record(
                actor: actor.userId, action: cancelled ? "cancel_date" : "move_date", entity: "event", entityId: id,
                before: ["date": key], after: ["movedTo": input.movedTo ?? "", "startTime": input.startTime ?? ""],
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: identity)
    }

    /// `DD.MM.YYYY HH:MM` on the region's clock (for letters).
    static func local(_ d: Date, _ zone: TimeZone) -> String {
        let seconds = Int(d.timeIntervalSince1970) + zone.secondsFromGMT(for: d)
        let day = CivilDate(days: Int((Double(seconds) / 86_400).rounded(.down))).components
        let minute = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return String(format: "%02d.%02d.%04d %02d:%02d", day.day, day.month, day.year, minute / 60, minute % 60)
    }
}
