import Foundation
import PostgresNIO

/// The rules of answers to check tasks: only a learner of a group the task is given to hands one in (text and their
/// own files), again as often as they like until it is graded; a late answer is taken and marked late; a teacher of
/// the organization grades it in the task's range, or returns it for revision, with a comment, against the version
/// they read.
public struct SubmissionsService: Sendable {
    let db: Database
    let repository: SubmissionsRepository

    public init(db: Database) {
        self.db = db
        self.repository = SubmissionsRepository(db: db)
    }

    public func mine(identity me: Identity) async throws -> String {
        "{\"items\":" + (try await repository.mine(me.userId)) + "}"
    }

    public func handIn(task: UUID, _ input: CheckTaskSubmissionInput, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int, id: UUID, created: Bool)
    {
        var v = Validator()
        let text = v.optional(input.text, "text", max: 20000)
        var seen = Set<UUID>()
        let files = (input.fileIds ?? []).filter { seen.insert($0).inserted }
        if files.count > CheckTaskSubmissionInput.maxFiles {
            v.add("fileIds", "count", "Не более \(CheckTaskSubmissionInput.maxFiles) файлов")
        }
        if text == nil && files.isEmpty && v.errors.isEmpty {
            v.add("text", "required", "Напишите ответ или приложите файл")
        }
        try v.throwIfInvalid()
        let handed = try await db.transaction { conn in
            guard
                let place = try await repository.enrollment(
                    task: task, learner: me.userId, group: input.groupId, on: conn)
            else {
                // a group named that is not one the learner has the task in: say which field, if the task is theirs
                if input.groupId != nil,
                    try await repository.enrollment(task: task, learner: me.userId, group: nil, on: conn) != nil
                {
                    throw Problem.validation([
                        FieldError("groupId", "not_found", "Задание не назначено этой вашей группе")
                    ])
                }
                throw Problem.notFound
            }
            let foreign = try await repository.foreignFiles(files, learner: me.userId, on: conn)
            if !foreign.isEmpty {
                throw Problem.validation(
                    files.enumerated().filter { foreign.contains($0.element) }.map {
                        FieldError("fileIds[\($0.offset)]", "not_found", "Файл не найден среди ваших загрузок")
                    })
            }
            guard
                let handed = try await repository.handIn(
                    task: task, place: (place.application, place.group), learner: me.userId, text: text, files: files,
                    on: conn)
            else {
                throw Problem.conflict("Ответ уже оценён: сдать его заново нельзя", code: "already_graded")
            }
            try await AuditLog.record(
                actor: actor.userId, action: "hand_in", entity: "check_task_submission", entityId: handed.id,
                before: String?.none, after: ["task": task], requestId: actor.requestId, on: conn, logger: db.logger)
            return handed
        }
        guard let found = try await repository.detail(handed.id) else { throw Problem.notFound }
        return (found.json, found.version, handed.id, handed.created)
    }

    /// The answer for its learner or the task's organization; anyone else 404.
    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id),
            found.learner == me.userId || TrainingAccess.canRead(me, org: found.org)
        else { throw Problem.notFound }
        return (found.json, found.version)
    }

    public func grade(_ id: UUID, _ input: CheckTaskGradeInput, ifMatch: String?, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        var v = Validator()
        let comment = v.optional(input.comment, "comment", max: 4000)
        let returned = input.returned ?? false
        if returned && input.grade != nil {
            v.add("grade", "one_of", "Верните ответ на доработку или поставьте оценку, не оба")
        }
        if !returned && input.grade == nil { v.add("grade", "required", "Поставьте оценку") }
        if returned && comment == nil { v.add("comment", "required", "Напишите, что доработать") }
        try v.throwIfInvalid()
        try await db.transaction { conn in
            guard let found = try await repository.lockedForGrade(id, on: conn),
                TrainingAccess.canRead(me, org: found.org)
            else { throw Problem.notFound }
            guard LearningAccess.canGrade(me, org: found.org) else { throw Problem.forbidden }
            if let expected, expected != found.version { throw ETag.stale }
            let grading = CheckTaskGrading(rawValue: found.grading) ?? .passFail
            if let grade = input.grade, !grading.grades.contains(grade) {
                throw Problem.validation([
                    FieldError(
                        "grade", "out_of_range",
                        grading == .passFail
                            ? "Зачёт — 1, незачёт — 0"
                            : "Оценка от \(grading.grades.lowerBound) до \(grading.grades.upperBound)")
                ])
            }
            try await repository.grade(id, grade: input.grade, comment: comment, by: me.userId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: returned ? "return" : "grade", entity: "check_task_submission",
                entityId: id, before: String?.none, after: input, requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
        return try await detail(id, identity: me)
    }
}
