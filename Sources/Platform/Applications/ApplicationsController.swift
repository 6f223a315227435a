import Foundation
import Hummingbird

/// /api/v1/applications (the desk of organizations and ЦОПП), /api/v1/programs/{id}/applications (apply),
/// /api/v1/me/applications (the learner's own).
public struct ApplicationsController: Sendable {
    let service: ApplicationsService
    let cache: TrainingCache
    let documents: DocumentsService
    public init(service: ApplicationsService, cache: TrainingCache, documents: DocumentsService) {
        self.service = service
        self.cache = cache
        self.documents = documents
    }

    /// The learner's completion certificate (DOCX or PDF), for the learner and the organization.
    @Sendable func completionCertificate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = DocumentsService.query(request)
        let format = DocumentsService.format(q)
        try q.check()
        return try await service.completionCertificate(
            try context.parameters.uuid("applicationId"), format: format, identity: try context.requireIdentity(),
            documents: documents
        ).response
    }

    @Sendable func apply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let input = try await request.decodeJSONIfSent(ApplyInput.self, context: context, empty: ApplyInput())
        let created = try await service.apply(program: try context.parameters.uuid("programId"), input, identity: me)
        return JSONResponse.raw(
            created.json, status: .created, location: "/api/v1/applications/\(created.id.uuidString.lowercased())")
    }

    /// The filters of the query string (whose rows: the service decides).
    func filter(_ q: inout QueryParameters) -> ApplicationsRepository.Filter {
        ApplicationsRepository.Filter(
            orgIds: nil, learnerId: nil, organizationId: q.uuid("organizationId"),
            status: q.choice("status", in: ApplicationStatus.allCases.map(\.rawValue)), programId: q.uuid("programId"),
            groupId: q.uuid("groupId"),
            batchId: q.uuid("batchId"), from: q.date("from"), to: q.date("to"), search: q.string("q", max: 100))
    }

    func answer(_ request: Request, _ f: ApplicationsRepository.Filter, _ q: QueryParameters) async throws -> Response {
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "applications.csv", header: ApplicationsRepository.csvHeader,
                lines: try await service.stream(f))
        }
        return JSONResponse.raw(try await service.list(f, page: try q.page()))
    }

    /// The desk: a page shared by everyone asking the same of one organization or of the region comes from memory.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let desk = try await service.desk(filter(&q), identity: me)
        guard let scope = desk.scope, !CSVStream.wanted(request) else {
            return try await answer(request, desk.filter, q)
        }
        let page = try q.page()
        let asked = desk.filter
        let key =
            scope + "?" + TrainingCache.key(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        // a name search rests on the region's lexicon of names too: a new name changes what a typo means
        let scopes = asked.search == nil ? [scope] : [scope, "names"]
        let found = try await cache.answer(key, scopes: { _ in scopes }) { [service] in
            TrainingAnswer(json: try await service.list(asked, page: page), org: nil)
        }
        return JSONResponse.raw(found.value.json, cached: found.cached)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        var f = filter(&q)
        f.learnerId = me.userId
        return try await answer(request, f, q)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(
            try context.parameters.uuid("applicationId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    func act(_ action: ApplicationAction, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let body = try await request.decodeJSONIfSent(
            ApplicationActionInput.self, context: context, empty: ApplicationActionInput())
        let saved = try await service.act(
            try context.parameters.uuid("applicationId"), action, body, identity: me, actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func comments(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.comments(
                try context.parameters.uuid("applicationId"), identity: try context.requireIdentity()))
    }

    @Sendable func addComment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let input = try await request.decodeJSON(CommentInput.self, context: context)
        return JSONResponse.raw(
            try await service.comment(try context.parameters.uuid("applicationId"), body: input.body, identity: me),
            status: .created)
    }
}
