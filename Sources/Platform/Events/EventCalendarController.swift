import Foundation
import Hummingbird

/// /api/v1/catalog/events — the public calendar and an event's public page.
public struct EventCalendarController: Sendable {
    let calendar: EventCalendarService
    let events: EventsRepository
    public init(calendar: EventCalendarService, events: EventsRepository) {
        self.calendar = calendar
        self.events = events
    }

    static let csvHeader = [
        "Код мероприятия", "Мероприятие", "Организатор", "Начало", "Окончание", "Муниципалитет", "Адрес",
        "Свободных мест", "Стоимость", "Запись",
    ]

    /// Events of a month (`month=YYYY-MM`) or of `from`…`to`, with their occurrences; the filters of seed 000
    /// «Гибкий поиск» (municipality, section, subsection) and of SPEC §9.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let month = q.string("month", max: 7)
        let from = q.string("from", max: 10)
        let to = q.string("to", max: 10)
        guard let window = calendar.window(month: month, from: from, through: to) else {
            q.reject(
                from != nil || to != nil ? "from" : "month", "invalid_window",
                "Месяц в формате ГГГГ-ММ или период from…to (ГГГГ-ММ-ДД, не длиннее 93 дней)")
            try q.check()
            throw Problem.notFound
        }
        if (from == nil) != (to == nil) {
            q.reject(from == nil ? "from" : "to", "required", "Укажите from и to вместе")
        }
        var question = EventCalendarRepository.Question(from: window.from, through: window.through)
        question.search = q.string("q")
        question.municipalityId = q.uuid("municipalityId")
        question.sectionId = q.uuid("sectionId")
        question.subsectionId = q.uuid("subsectionId")
        question.tagId = q.uuid("tagId")
        question.categoryId = q.uuid("categoryId")
        question.organizationId = q.uuid("organizationId")
        question.free = q.bool("free") ?? false
        question.accessible = q.bool("accessible") ?? false
        if CSVStream.wanted(request) {
            try q.check()
            let rows = try await calendar.rows(question)
            return CSVStream.response(
                filename: "events-\(window.from).csv", header: Self.csvHeader,
                rows: AsyncStream { c in
                    for row in rows { c.yield(row) }
                    c.finish()
                }
            ) { $0 }
        }
        let page = try q.page()
        return JSONResponse.raw(try await calendar.page(question, page: page))
    }

    /// A published event with its occurrences of the coming three months and their free places.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.uuid("eventId")
        guard let found = try await events.detail(id: id, orgIds: nil, published: true) else { throw Problem.notFound }
        return JSONResponse.raw(try await calendar.event(id, card: found.json))
    }
}
