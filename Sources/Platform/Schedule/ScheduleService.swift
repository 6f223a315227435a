import Foundation
import PostgresNIO

public struct ScheduleInput: Decodable, Sendable {
    /// generation for a period
    var from: String?
    var to: String?
    var weekdays: [Int]?
    /// a single day (or the new day of an edited lesson)
    var date: String?
    var startTime: String?
    var academicHours: Int?
    var breakMinutes: Int?
    var teacherId: UUID?
    var roomId: UUID?
    var planLessonId: UUID?
    var topic: String?
}

/// Group schedules (SPEC §8): generate for a period or add a day, edit or delete a lesson or a range. Rules: inside the
/// group's period; scheduled hours never above the program's; no teacher, room or group in two lessons at once — the
/// exclusion constraints of `schedule_lessons` decide, and the answer is a 409 naming the lesson in the way.
public struct ScheduleService: Sendable {
    let db: Database
    let repository: ScheduleRepository
    let groups: GroupsRepository

    public init(db: Database) {
        self.db = db
        self.repository = ScheduleRepository(db: db)
        self.groups = GroupsRepository(db: db)
    }

    struct GroupFrame {
        var orgId: UUID
        var programId: UUID
        var startsOn: String
        var endsOn: String
        var programHours: Int
        var scheduledHours: Int
    }

    /// The locked group (serializes hour totals) with what the rules need; 404/403 by the caller's rights.
    func frame(_ group: UUID, _ me: Identity, except lesson: UUID? = nil, on conn: PostgresConnection) async throws
        -> GroupFrame
    {
        guard let g = try await groups.lock(id: group, on: conn), TrainingAccess.canRead(me, org: g.orgId) else {
            throw Problem.notFound
        }
        try TrainingAccess.requireManage(me, org: g.orgId)
        let f = try await repository.frame(group: group, except: lesson, on: conn)
        return GroupFrame(
            orgId: g.orgId, programId: g.programId, startsOn: f.startsOn, endsOn: f.endsOn,
            programHours: f.programHours, scheduledHours: f.scheduledHours)
    }

    /// Validates the shared lesson fields; `days` are the dates asked for.
    func plan(_ i: ScheduleInput, days: [String], frame: GroupFrame, v: inout Validator, on conn: PostgresConnection)
        async throws -> ScheduleRepository.Plan
    {
        let start = v.time(i.startTime, "startTime", required: true)
        // ranges first: only checked numbers enter the arithmetic below
        let hours = v.integer(
            i.academicHours, "academicHours", 1...12, required: true,
            "Продолжительность — от 1 до 12 академических часов")
        let breakMinutes = v.integer(i.breakMinutes ?? 10, "breakMinutes", 0...60, "Перемена — от 0 до 60 минут")
        let topic = v.optional(i.topic, "topic", max: 500)
        // teacher and room of the group's organization; a plan lesson of the program's modules
        let foreign = try await repository.foreignReferences(
            teacher: i.teacherId, room: i.roomId, planLesson: i.planLessonId, org: frame.orgId,
            program: frame.programId, on: conn)
        if foreign.teacher {
            v.add("teacherId", "not_found", "Нет такого преподавателя среди кадровых ресурсов организации")
        }
        if foreign.room {
            v.add("roomId", "not_found", "Нет такого помещения в материально-технической базе организации")
        }
        if foreign.planLesson { v.add("planLessonId", "not_found", "Занятие не входит в учебный план программы") }
        var starts: [String] = []
        var ends: [String] = []
        if let start, let hours, let breakMinutes {
            let minutes = LessonPlan.minutes(academicHours: hours, breakMinutes: breakMinutes)
            for day in days {
                guard let t = LessonPlan.times(day: day, start: start, minutes: minutes) else {
                    v.add("academicHours", "past_midnight", "Занятие заканчивается после полуночи")
                    break
                }
                starts.append(t.0)
                ends.append(t.1)
            }
        }
        if let first = days.first, let last = days.last, first < frame.startsOn || last > frame.endsOn {
            v.add(
                i.date != nil ? "date" : "from", "outside_period",
                "Занятия должны быть в периоде обучения группы: \(frame.startsOn) — \(frame.endsOn)")
        }
        let total = frame.scheduledHours + (hours ?? 0) * days.count
        if hours != nil, total > frame.programHours, !days.isEmpty {
            v.add(
                "academicHours", "hours_exceeded",
                "Часов в расписании станет \(total), а в программе \(frame.programHours): "
                    + "уменьшите продолжительность или число дней"
            )
        }
        return .init(
            starts: starts, ends: ends, academicHours: hours ?? 0, teacherId: i.teacherId, roomId: i.roomId,
            planLessonId: i.planLessonId, topic: topic)
    }

    /// Checks for a lesson in the way, then writes; a concurrent writer that wins the race is caught by the
    /// constraints.
    func write(
        _ plan: ScheduleRepository.Plan, group: UUID, frame: GroupFrame, editing lesson: UUID?,
        on conn: PostgresConnection
    ) async throws {
        if let conflict = try await repository.conflict(plan, group: group, except: lesson, on: conn) {
            throw Problem.conflict(
                conflict.description, field: conflict.what == "group" ? "startTime" : conflict.what,
                code: "schedule_conflict")
        }
        do {
            if let lesson {
                try await repository.update(lesson, plan, on: conn)
            } else {
                try await repository.insert(plan, group: group, org: frame.orgId, on: conn)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23P01" {
            let constraint = error.serverInfo?[.constraintName] ?? ""
            let field =
                constraint.contains("teacher") ? "teacherId" : constraint.contains("room") ? "roomId" : "startTime"
            throw Problem.conflict(
                "Время занято другим занятием (его только что добавили): обновите расписание", field: field,
                code: "schedule_conflict")
        }
    }

    public func generate(_ group: UUID, _ i: ScheduleInput, identity me: Identity) async throws -> String {
        try await db.transaction { conn in
            let frame = try await frame(group, me, on: conn)
            var v = Validator()
            var days: [String] = []
            if i.date != nil {
                if let day = v.date(i.date, "date", required: true) { days = [day] }
            } else {
                let from = v.date(i.from, "from", required: true)
                let to = v.date(i.to, "to", required: true)
                let weekdays = Set(i.weekdays ?? [])
                if weekdays.isEmpty || !weekdays.allSatisfy({ (1...7).contains($0) }) {
                    v.add("weekdays", "required", "Отметьте дни недели (1 — понедельник … 7 — воскресенье)")
                }
                if let from, let to {
                    if to < from { v.add("to", "before_start", "Конец периода раньше начала") }
                    days = LessonPlan.days(from: from, to: to, weekdays: weekdays)
                    if days.count > LessonPlan.maxDays {
                        v.add("to", "too_long", "Период длиннее \(LessonPlan.maxDays) дней")
                    }
                    if days.isEmpty && !weekdays.isEmpty && to >= from {
                        v.add("weekdays", "no_days", "В периоде нет выбранных дней недели")
                    }
                }
            }
            let plan = try await plan(i, days: days, frame: frame, v: &v, on: conn)
            try v.throwIfInvalid()
            try await write(plan, group: group, frame: frame, editing: nil, on: conn)
        }
        return try await repository.groupLessons(group)
    }

    public func update(_ group: UUID, lesson: UUID, _ i: ScheduleInput, identity me: Identity) async throws -> String {
        try await db.transaction { conn in
            let frame = try await frame(group, me, except: lesson, on: conn)
            guard let c = try await repository.lesson(lesson, group: group, on: conn) else { throw Problem.notFound }
            // fields not sent keep their values; the break is recovered from the current length
            let currentBreak =
                c.academicHours > 1
                ? (c.minutes - c.academicHours * LessonPlan.academicHourMinutes) / (c.academicHours - 1) : 10
            let merged = ScheduleInput(
                date: i.date ?? c.date, startTime: i.startTime ?? c.startTime,
                academicHours: i.academicHours ?? c.academicHours,
                breakMinutes: i.breakMinutes ?? currentBreak, teacherId: i.teacherId ?? c.teacherId,
                roomId: i.roomId ?? c.roomId,
                planLessonId: i.planLessonId ?? c.planLessonId, topic: i.topic ?? c.topic)
            var v = Validator()
            if let weekdays = i.weekdays, !weekdays.allSatisfy({ (1...7).contains($0) }) {
                v.add("weekdays", "out_of_range", "Дни недели — от 1 (понедельник) до 7 (воскресенье)")
            }
            let day = v.date(merged.date, "date", required: true)
            let plan = try await plan(merged, days: day.map { [$0] } ?? [], frame: frame, v: &v, on: conn)
            try v.throwIfInvalid()
            try await write(plan, group: group, frame: frame, editing: lesson, on: conn)
        }
        return try await repository.groupLessons(group)
    }

    /// Deletes one lesson, or every lesson of [from, to]; marks of deleted lessons go with them.
    public func delete(_ group: UUID, lesson: UUID?, from: Date?, to: Date?, identity me: Identity) async throws
        -> String
    {
        try await db.transaction { conn in
            _ = try await frame(group, me, on: conn)
            if let lesson {
                guard try await repository.delete(lesson, group: group, on: conn) else { throw Problem.notFound }
            } else {
                guard let from, let to else {
                    throw Problem.validation([
                        FieldError(from == nil ? "from" : "to", "required", "Укажите период удаления")
                    ])
                }
                try await repository.delete(group: group, from: from, to: to, on: conn)
            }
        }
        return try await repository.groupLessons(group)
    }

    public func lessons(_ group: UUID, identity me: Identity) async throws -> String {
        guard let org = try await groups.orgId(ofGroup: group), TrainingAccess.canRead(me, org: org) else {
            throw Problem.notFound
        }
        return try await repository.groupLessons(group)
    }

    /// A person's week: the lessons they study in and those they teach.
    /// The Monday of the week of the person's next lesson from `today` (their schedule opens there, not on an empty
    /// week); the current week when nothing is planned.
    func upcomingMonday(today: Date, identity me: Identity) async throws -> String {
        let day = try await repository.nextLessonDay(person: me.userId, from: CalendarValues.day(today))
        return CalendarValues.monday(of: day.flatMap(CalendarValues.date) ?? today)
    }

    func myWeek(monday: String, identity me: Identity) async throws -> String {
        try await repository.week(.init(monday: monday, orgIds: nil, learnerId: me.userId, teacherUserId: me.userId))
    }

    /// The week of the organizations the caller reads (the region's for its roles).
    func week(_ filter: ScheduleRepository.WeekFilter, identity me: Identity) async throws -> String {
        var f = filter
        f.orgIds = TrainingAccess.readableOrgs(me)
        return try await repository.week(f)
    }

    func roomLoad(monday: String, organization: UUID?, identity me: Identity) async throws -> String {
        try await repository.roomLoad(
            monday: monday, orgIds: TrainingAccess.readableOrgs(me), organizationId: organization)
    }
}
