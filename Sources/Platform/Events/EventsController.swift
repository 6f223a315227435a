import Foundation
import Hummingbird

/// /api/v1/events — the organizer's wizard and the moderation of events (the public calendar comes separately).
public struct EventsController: Sendable {
    let service: EventsService
    let calendar: EventCalendarService
    public init(service: EventsService, calendar: EventCalendarService) {
        self.service = service
        self.calendar = calendar
    }

    static func location(_ id: UUID) -> String { "/api/v1/events/\(id.uuidString.lowercased())" }

    /// The caller's organizations' events; moderators and ЦОПП staff see all (the queue is `status=moderation`).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let status = q.choice("status", in: ProgramStatus.allCases.map(\.rawValue))
        let organization = q.uuid("organizationId")
        let search = q.string("q")
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "events.csv",
                header: [
                    "Код", "Мероприятие", "Статус", "Организация", "Первая дата", "Последняя дата", "Мест",
                    "Заявок",
                ],
                rows: try await service.stream(status: status, search: search, organization: organization, identity: me)
            ) { $0 }
        }
        return JSONResponse.raw(
            try await service.list(
                status: status, search: search, organization: organization, page: try q.page(), identity: me))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (input, keys) = try await request.decodeJSONWithKeys(EventInput.self, context: context)
        let created = try await service.create(
            input, keys: keys, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created, location: Self.location(created.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(
            try context.parameters.uuid("eventId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (input, keys) = try await request.decodeJSONWithKeys(EventInput.self, context: context)
        let saved = try await service.update(
            try context.parameters.uuid("eventId"), input, keys: keys, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    func act(_ action: EventAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSONIfSent(
            EventActionInput.self, context: context, empty: EventActionInput())
        let saved = try await service.act(
            try context.parameters.uuid("eventId"), action, comment: body.comment,
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(
            try context.parameters.uuid("eventId"), identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.noContent
    }

    /// The schedule's occurrences in a window (`from`…`to`, the coming three months by default), whatever the
    /// event's status: the organizer's calendar of their own rule.
    @Sendable func occurrences(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let id = try context.parameters.uuid("eventId")
        var q = QueryParameters(request)
        let today = CivilDate(calendar.now(), zone: calendar.zone)
        let from = q.string("from", max: 10) ?? today.iso
        let to = q.string("to", max: 10) ?? today.adding(days: 92).iso
        guard calendar.window(month: nil, from: from, through: to) != nil else {
            q.reject("from", "invalid_window", "Период from…to (ГГГГ-ММ-ДД), не длиннее 93 дней")
            try q.check()
            throw Problem.notFound
        }
        try q.check()
        _ = try await service.detail(id, identity: me)
        return JSONResponse.raw(
            try await calendar.preview(id, orgIds: ModulesService.readableOrgs(me), from: from, through: to))
    }

    /// A date of the schedule cancelled or moved; the people signed up for it are told.
    @Sendable func exception(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(EventsService.ExceptionInput.self, context: context)
        let saved = try await service.setException(
            try context.parameters.uuid("eventId"), input, identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.history(try context.parameters.uuid("eventId"), identity: try context.requireIdentity()))
    }
}
