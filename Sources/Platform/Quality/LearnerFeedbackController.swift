import Foundation
import Hummingbird

/// What learners tell about their training: ratings of programs they completed (/api/v1/programs/{programId}/ratings,
/// /api/v1/me/program-ratings) and the e-monitoring after a group (/api/v1/monitoring, /api/v1/me/monitoring).
public struct LearnerFeedbackController: Sendable {
    let ratings: ProgramRatingsService
    let monitoring: MonitoringService
    public init(ratings: ProgramRatingsService, monitoring: MonitoringService) {
        self.ratings = ratings
        self.monitoring = monitoring
    }

    @Sendable func myRatings(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await ratings.mine(identity: try context.requireIdentity()))
    }

    @Sendable func ratingForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await ratings.form(try context.parameters.uuid("programId"), identity: try context.requireIdentity()))
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(ProgramRatingsService.Input.self, context: context)
        let saved = try await ratings.rate(
            try context.parameters.uuid("programId"), input, identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(saved, status: .created)
    }

    @Sendable func programRatings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = QueryParameters(request)
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "program-ratings.csv", header: ProgramRatingsService.csvHeader,
                rows: try await ratings.ratingsStream(
                    try context.parameters.uuid("programId"), identity: try context.requireIdentity(),
                    zone: monitoring.zone)
            ) { $0 }
        }
        return JSONResponse.raw(
            try await ratings.ratings(
                try context.parameters.uuid("programId"), identity: try context.requireIdentity(), page: q.page()))
    }

    @Sendable func myMonitoring(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await monitoring.mine(identity: try context.requireIdentity()))
    }

    @Sendable func monitoringForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await monitoring.form(
                try context.parameters.uuid("requestId"), identity: try context.requireIdentity()))
    }

    struct AnswersInput: Decodable {
        var answers: [String: JSONValue]?
    }

    @Sendable func answerMonitoring(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(AnswersInput.self, context: context)
        try await monitoring.answer(
            try context.parameters.uuid("requestId"), answers: input.answers, identity: try context.requireIdentity())
        return JSONResponse.noContent
    }

    @Sendable func groupMonitoring(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await monitoring.summary(
                group: try context.parameters.uuid("groupId"), identity: try context.requireIdentity()))
    }
}
