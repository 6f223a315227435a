import Foundation
import Hummingbird

/// /api/v1/groups — study groups, their schedules and gradebooks.
public struct GroupsController: Sendable {
    let groups: GroupsService
    let schedule: ScheduleService
    let gradebook: GradebookService
    let documents: DocumentsService

    public init(
        groups: GroupsService, schedule: ScheduleService, gradebook: GradebookService, documents: DocumentsService
    ) {
        self.groups = groups
        self.schedule = schedule
        self.gradebook = gradebook
        self.documents = documents
    }

    /// The group's enrollment order (DOCX or PDF) from its training data.
    @Sendable func enrollmentOrder(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = DocumentsService.query(request)
        let format = DocumentsService.format(q)
        try q.check()
        return try await groups.enrollmentOrder(
            try context.parameters.uuid("groupId"), format: format, identity: try context.requireIdentity(),
            documents: documents
        ).response
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let filter = GroupsRepository.Filter(
            orgIds: nil, programId: q.uuid("programId"),
            status: q.choice("status", in: GroupStatus.allCases.map(\.rawValue)), search: q.string("q"),
            organizationId: q.uuid("organizationId"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "groups.csv",
                header: ["id", "Группа", "Программа", "Организация", "Статус", "Начало", "Окончание", "Мин.", "Макс."],
                rows: try await groups.stream(filter, identity: me)
            ) { $0 }
        }
        return JSONResponse.raw(try await groups.list(filter, page: try q.page(), identity: me))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let (input, keys) = try await request.decodeJSONWithKeys(GroupInput.self, context: context)
        let created = try await groups.create(input, keys: keys, identity: me, actor: context.actor)
        return JSONResponse.raw(
            created.json, version: created.version, status: .created,
            location: "/api/v1/groups/\(created.id.uuidString.lowercased())")
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await groups.detail(
            try context.parameters.uuid("groupId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let (input, keys) = try await request.decodeJSONWithKeys(GroupInput.self, context: context)
        let saved = try await groups.update(
            try context.parameters.uuid("groupId"), input, keys: keys, ifMatch: request.headers[.ifMatch],
            identity: me, actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    func act(_ action: GroupAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let body = try await request.decodeJSONIfSent(
            GroupActionInput.self, context: context, empty: GroupActionInput())
        let saved = try await groups.act(
            try context.parameters.uuid("groupId"), action, comment: body.comment?.nilIfEmpty, identity: me,
            actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func lessons(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await schedule.lessons(try context.parameters.uuid("groupId"), identity: try context.requireIdentity()))
    }

    /// A period (`from`, `to`, `weekdays`) or a single `date`.
    @Sendable func generate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let input = try await request.decodeJSON(ScheduleInput.self, context: context)
        return JSONResponse.raw(
            try await schedule.generate(try context.parameters.uuid("groupId"), input, identity: me), status: .created)
    }

    @Sendable func updateLesson(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let input = try await request.decodeJSON(ScheduleInput.self, context: context)
        return JSONResponse.raw(
            try await schedule.update(
                try context.parameters.uuid("groupId"), lesson: try context.parameters.uuid("lessonId"),
                input, identity: me))
    }

    @Sendable func deleteLesson(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        return JSONResponse.raw(
            try await schedule.delete(
                try context.parameters.uuid("groupId"), lesson: try context.parameters.uuid("lessonId"),
                from: nil, to: nil, identity: me))
    }

    @Sendable func deleteRange(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let from = q.date("from")
        let to = q.date("to")
        try q.check()
        return JSONResponse.raw(
            try await schedule.delete(
                try context.parameters.uuid("groupId"), lesson: nil, from: from, to: to, identity: me))
    }

    @Sendable func journal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let group = try context.parameters.uuid("groupId")
        if CSVStream.wanted(request) {
            let table = try await gradebook.csvRows(group, identity: me)
            let rows = AsyncStream<[String]> { c in
                for row in table.rows { c.yield(row) }
                c.finish()
            }
            return CSVStream.response(filename: "gradebook.csv", header: table.header, rows: rows) { $0 }
        }
        let journal = try await gradebook.journal(group, identity: me)
        return JSONResponse.raw(journal.json, cached: journal.cached)
    }

    @Sendable func learnerGrades(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        return JSONResponse.raw(
            try await gradebook.learnerGrades(try context.parameters.uuid("applicationId"), identity: me))
    }

    @Sendable func setMark(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        return JSONResponse.raw(
            try await gradebook.setMark(
                try context.parameters.uuid("groupId"),
                try await request.decodeJSON(MarkInput.self, context: context), identity: me))
    }

    @Sendable func setFinal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        return JSONResponse.raw(
            try await gradebook.setFinal(
                try context.parameters.uuid("groupId"),
                try await request.decodeJSON(FinalGradeInput.self, context: context), identity: me))
    }
}
