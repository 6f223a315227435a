import Foundation
import Hummingbird

/// Sign-ups: a visitor's sign-up for a start, their own list, the organizer's desk and the steps on a sign-up.
public struct EventSignupsController: Sendable {
    let service: EventSignupsService
    let documents: DocumentsService
    public init(service: EventSignupsService, documents: DocumentsService) {
        self.service = service
        self.documents = documents
    }

    /// The participation certificate of a confirmed sign-up (DOCX or PDF).
    @Sendable func certificate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = DocumentsService.query(request)
        let format = DocumentsService.format(q)
        try q.check()
        return try await service.certificate(
            try context.parameters.uuid("signupId"), format: format, identity: try context.requireIdentity(),
            documents: documents
        ).response
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(EventSignupsService.SignUpInput.self, context: context)
        let created = try await service.signUp(
            event: try context.parameters.uuid("eventId"), input, identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(
            created.json, status: .created, location: "/api/v1/event-signups/\(created.id.uuidString.lowercased())")
    }

    /// One header for CSV and Excel: the region's people read both.
    static let csvHeader = [
        "№ заявки", "Мероприятие", "Начало", "Статус", "Участник", "E-mail", "Телефон", "Комментарий", "Подана",
    ]

    func filter(_ q: inout QueryParameters) -> EventSignupsRepository.DeskFilter {
        EventSignupsRepository.DeskFilter(
            eventId: q.uuid("eventId"), status: q.choice("status", in: EventSignupStatus.allCases.map(\.rawValue)),
            search: q.string("q"), from: regionDay(&q, "from"), to: regionDay(&q, "to"))
    }

    /// A day (`YYYY-MM-DD`) is the region's: its midnight in REGION_TIME_ZONE, as the desk shows starts; an
    /// RFC 3339 instant is taken as it is.
    func regionDay(_ q: inout QueryParameters, _ name: String) -> Date? {
        guard let raw = q.rawValue(name), raw.count == 10, let day = CivilDate(raw) else { return q.date(name) }
        let midnight = Date(timeIntervalSince1970: TimeInterval(day.days * 86_400))
        return midnight.addingTimeInterval(-TimeInterval(service.zone.secondsFromGMT(for: midnight)))
    }

    func answer(_ f: EventSignupsRepository.DeskFilter, _ q: QueryParameters, _ request: Request, name: String)
        async throws -> Response
    {
        let repository = service.repository
        if request.uri.queryParameters["format"] == "xlsx" {
            try q.check()
            var rows: [[String]] = []
            for try await row in try await repository.stream(f, zone: service.zone.identifier) { rows.append(row) }
            let bytes = try XlsxWriter.workbook(sheet: "Заявки на мероприятия", header: Self.csvHeader, rows: rows)
            return DocumentsService.Made(
                bytes: bytes, mime: XlsxWriter.mime, fileName: name.replacingOccurrences(of: ".csv", with: ".xlsx")
            ).response
        }
        if CSVStream.wanted(request) {
            try q.check()
            let rows = try await repository.stream(f, zone: service.zone.identifier)
            return CSVStream.response(filename: name, header: Self.csvHeader, rows: rows) { $0 }
        }
        return JSONResponse.raw(try await repository.list(f, page: try q.page(), zone: service.zone.identifier))
    }

    /// The organizer's desk (seed 000 «Заявки на мероприятия»), oldest start first.
    @Sendable func desk(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request, formats: ["csv", "xlsx"])
        let organization = q.uuid("organizationId")
        let f = try service.desk(filter(&q), organization: organization, identity: try context.requireIdentity())
        return try await answer(f, q, request, name: "event-signups.csv")
    }

    /// The caller's own sign-ups, latest start first.
    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request, formats: ["csv", "xlsx"])
        var f = filter(&q)
        f.userId = try context.requireIdentity().userId
        return try await answer(f, q, request, name: "my-event-signups.csv")
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.detail(try context.parameters.uuid("signupId"), identity: try context.requireIdentity()))
    }

    func act(_ action: EventSignupAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSONIfSent(
            EventActionInput.self, context: context, empty: EventActionInput())
        return JSONResponse.raw(
            try await service.act(
                try context.parameters.uuid("signupId"), action, comment: body.comment,
                identity: try context.requireIdentity(), actor: context.actor))
    }
}
