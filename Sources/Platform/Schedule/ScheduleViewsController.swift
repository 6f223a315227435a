import Foundation
import Hummingbird

/// Week views of schedules: a person's own (`/me/schedule`: lessons they study in and teach), the region's or an
/// organization's (`/schedule`, filters by group, teacher, room), and the load of rooms and workshops
/// (`/schedule/rooms`).
public struct ScheduleViewsController: Sendable {
    let service: ScheduleService
    public init(service: ScheduleService) { self.service = service }

    /// `week=2026-W48` (ISO week) or any `date` inside the week; the current week by default.
    static func monday(_ q: inout QueryParameters) -> String {
        if let week = q.string("week", max: 10) {
            if let monday = CalendarValues.monday(ofISOWeek: week) { return monday }
            q.reject("week", "invalid_week", "Неделя в формате ГГГГ-Wнн, например 2026-W48")
        }
        return CalendarValues.monday(of: q.date("date") ?? Date())
    }

    static func week(_ monday: String, _ lessons: String) -> Response {
        JSONResponse.raw("{\"monday\":\"\(monday)\",\"lessons\":\(lessons)}")
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        // `upcoming=true` without a week or date: the week of the next lesson
        let upcoming = q.bool("upcoming") == true && q.rawValue("week") == nil && q.rawValue("date") == nil
        var monday = Self.monday(&q)
        try q.check()
        if upcoming { monday = try await service.upcomingMonday(today: Date(), identity: me) }
        return Self.week(
            monday,
            try await service.myWeek(monday: monday, identity: me))
    }

    @Sendable func region(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let monday = Self.monday(&q)
        let f = ScheduleRepository.WeekFilter(
            monday: monday, orgIds: nil, organizationId: q.uuid("organizationId"),
            groupId: q.uuid("groupId"), teacherId: q.uuid("teacherId"), roomId: q.uuid("roomId"))
        try q.check()
        return Self.week(monday, try await service.week(f, identity: me))
    }

    @Sendable func rooms(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let monday = Self.monday(&q)
        let org = q.uuid("organizationId")
        try q.check()
        return JSONResponse.raw(
            "{\"monday\":\"\(monday)\",\"rooms\":"
                + (try await service.roomLoad(monday: monday, organization: org, identity: me)) + "}")
    }
}
