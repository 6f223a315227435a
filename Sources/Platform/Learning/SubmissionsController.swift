import Foundation
import Hummingbird

/// Answers to check tasks: the learner's tasks and hand-in, the organization's list of answers with the seed's
/// filters (seed 000 «Выполненные задания»), one answer, its grade.
public struct SubmissionsController: Sendable {
    let service: SubmissionsService
    public init(service: SubmissionsService) { self.service = service }

    static let csvHeader = [
        "Задание", "Занятие", "Группа", "Учащийся", "Статус", "Сдано", "Срок", "С опозданием", "Сдач", "Тип оценки",
        "Оценка", "Комментарий",
    ]

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.mine(identity: try context.requireIdentity()))
    }

    /// 201 for the first hand-in, 200 for the next ones (the same answer, replaced).
    @Sendable func handIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(CheckTaskSubmissionInput.self, context: context)
        let handed = try await service.handIn(
            task: try context.parameters.uuid("taskId"), input, identity: try context.requireIdentity(),
            actor: context.actor)
        return JSONResponse.raw(
            handed.json, version: handed.version, status: handed.created ? .created : .ok,
            location: "/api/v1/check-task-submissions/\(handed.id.uuidString.lowercased())")
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = SubmissionsRepository.Filter(
            reach: TrainingAccess.readReach(me), taskId: q.uuid("taskId"), groupId: q.uuid("groupId"),
            lessonId: q.uuid("lessonId"), competencyId: q.uuid("competencyId"),
            grading: q.choice("grading", in: CheckTaskGrading.allCases.map(\.rawValue)),
            visibility: q.choice("visibility", in: LearningVisibility.allCases.map(\.rawValue)),
            status: q.choice("status", in: ["submitted", "returned", "graded"]), search: q.string("q"),
            learner: q.string("learner"), submittedFrom: q.date("submittedFrom"), submittedTo: q.date("submittedTo"))
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "check-task-submissions.csv", header: Self.csvHeader,
                rows: try await service.repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.repository.list(f, page: try q.page()))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await service.detail(
            try context.parameters.uuid("submissionId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func grade(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(CheckTaskGradeInput.self, context: context)
        let saved = try await service.grade(
            try context.parameters.uuid("submissionId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }
}
