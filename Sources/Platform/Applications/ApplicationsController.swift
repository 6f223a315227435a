import Foundation
import Hummingbird

/// /api/v1/applications (the desk of organizations and ЦОПП), /api/v1/programs/{id}/applications (apply),
/// /api/v1/me/applications (the learner's own).
public struct ApplicationsController: Sendable {
    let service: ApplicationsService
    let batches: ApplicationBatchesService
    let cache: TrainingCache
    public init(service: ApplicationsService, batches: ApplicationBatchesService, cache: TrainingCache) {
        self.service = service
        self.batches = batches
        self.cache = cache
    }

    @Sendable func apply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let input = try await request.decodeJSONIfSent(ApplyInput.self, context: context, empty: ApplyInput())
        let created = try await service.apply(program: try context.parameters.uuid("programId"), input, identity: me)
        return JSONResponse.raw(
            created.json, status: .created, location: "/api/v1/applications/\(created.id.uuidString.lowercased())")
    }

    func filter(_ q: inout QueryParameters, _ me: Identity, own: Bool) -> ApplicationsRepository.Filter {
        ApplicationsRepository.Filter(
            orgIds: own ? nil : TrainingAccess.readableOrgs(me), learnerId: own ? me.userId : nil,
            organizationId: q.uuid("organizationId"),
            status: q.choice("status", in: ApplicationStatus.allCases.map(\.rawValue)), programId: q.uuid("programId"),
            groupId: q.uuid("groupId"),
            batchId: q.uuid("batchId"), from: q.date("from"), to: q.date("to"), search: q.string("q", max: 100))
    }

    func answer(_ request: Request, _ f: ApplicationsRepository.Filter, _ q: QueryParameters) async throws -> Response {
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "applications.csv", header: ApplicationsRepository.csvHeader,
                lines: try await service.repository.stream(f))
        }
        return JSONResponse.raw(try await service.repository.list(f, page: try q.page()))
    }

    /// Organizations see the applications they work (their programs'); ЦОПП staff, moderators and the region see all.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        guard me.hasAny(TrainingAccess.regionReaders) || !me.orgIds.isEmpty else { throw Problem.forbidden }
        var q = QueryParameters(request)
        var f = filter(&q, me, own: false)
        // the desk of one organization, or of the region: everyone asking the same there gets the same page
        var scope = f.orgIds.map { $0.count == 1 ? "o:\($0[0].uuidString.lowercased())" : nil } ?? "region"
        // the organization that submitted a batch follows its people's applications, whoever works them
        if let batch = f.batchId, f.orgIds != nil, try await batches.submittedByCaller(batch, identity: me) {
            f.orgIds = nil
            scope = nil
        }
        guard let scope, !CSVStream.wanted(request) else { return try await answer(request, f, q) }
        let page = try q.page()
        let asked = f
        let key =
            scope + "?" + TrainingCache.key(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        let found = try await cache.answer(key, scope: scope) { [repository = service.repository] in
            TrainingAnswer(json: try await repository.list(asked, page: page), org: nil)
        }
        return JSONResponse.raw(found.value.json, cached: found.cached)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = filter(&q, me, own: true)
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
