import Foundation
import PostgresNIO

/// The rules of check tasks: authors of the organization write them and give them to its groups with a due date;
/// a task is read by its organization, by the learners of its groups, and beyond them as its visibility says; its
/// grading type is fixed once an answer is graded. Each change is audited.
public struct CheckTasksService: Sendable {
    let db: Database
    let repository: CheckTasksRepository

    public init(db: Database) {
        self.db = db
        self.repository = CheckTasksRepository(db: db)
    }

    /// The whole card for the organization's readers; the task itself for a learner of its groups, anyone signed in
    /// (open) or anyone (public); 404 otherwise.
    public func detail(_ id: UUID, identity me: Identity?) async throws -> (json: String, version: Int) {
        guard let probe = try await repository.detail(id, full: false, learner: me?.userId) else {
            throw Problem.notFound
        }
        if let me, TrainingAccess.canRead(me, org: probe.org) {
            guard let full = try await repository.detail(id, full: true, learner: nil) else { throw Problem.notFound }
            return (full.json, full.version)
        }
        let visible =
            switch LearningVisibility(rawValue: probe.visibility) {
            case .public: true
            case .open: me != nil
            default: probe.inGroup
            }
        guard visible else { throw Problem.notFound }
        return (probe.json, probe.version)
    }

    func checkReferences(_ t: CheckTaskFields, org: UUID, me: Identity) async throws {
        try await LearningReferences.check(
            lesson: t.lessonId, competency: t.competencyId, materials: t.materials, org: org, me: me, db: db)
    }

    public func create(_ input: CheckTaskInput, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let fields = try CheckTaskFields.validated(input)
        let org = try await LearningAccess.owner(input.organizationId, me, db: db)
        try await checkReferences(fields, org: org, me: me)
        let id = try await db.transaction { conn in
            let id = try await repository.insert(fields, org: org, author: me.userId, on: conn)
            try await LearningReferences.adopt(fields.materials, org: org, db: db, on: conn)
            try await audit("create", id, fields, actor, on: conn)
            return id
        }
        let (json, version) = try await detail(id, identity: me)
        return (json, version, id)
    }

    func audit(
        _ action: String, _ id: UUID, _ after: (some Encodable & Sendable)?, _ actor: Actor,
        on conn: PostgresConnection
    ) async throws {
        try await AuditLog.record(
            actor: actor.userId, action: action, entity: "check_task", entityId: id, before: String?.none,
            after: after, requestId: actor.requestId, on: conn, logger: db.logger)
    }

    /// Locks the task for a change by an author of its organization (404 when the caller cannot see it).
    func requireAuthor(_ id: UUID, _ me: Identity, on conn: PostgresConnection) async throws -> (
        org: UUID, version: Int, grading: String
    ) {
        guard let found = try await repository.locked(id, on: conn), TrainingAccess.canRead(me, org: found.org) else {
            throw Problem.notFound
        }
        try LearningAccess.requireAuthor(me, org: found.org)
        return found
    }

    public func update(_ id: UUID, _ input: CheckTaskInput, ifMatch: String?, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        let fields = try CheckTaskFields.validated(input)
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            if let expected, expected != found.version { throw ETag.stale }
            try await checkReferences(fields, org: found.org, me: me)
            if fields.grading != found.grading, try await repository.hasGrades(id, on: conn) {
                throw Problem.conflict(
                    "Ответы уже оценены: тип оценки изменить нельзя", field: "grading", code: "task_graded")
            }
            try await repository.update(id, fields, on: conn)
            try await LearningReferences.adopt(fields.materials, org: found.org, db: db, on: conn)
            try await audit("update", id, fields, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    /// Deletes a task no one has answered; answers (and grades in journals) are never deleted with it.
    public func delete(_ id: UUID, identity me: Identity, actor: Actor) async throws {
        try await db.transaction { conn in
            _ = try await requireAuthor(id, me, on: conn)
            if try await repository.hasAnswers(id, on: conn) {
                throw Problem.conflict(
                    "Учащиеся уже сдали ответы на это задание: удалить его нельзя", code: "has_submissions")
            }
            try await repository.delete(id, on: conn)
            try await audit("delete", id, String?.none, actor, on: conn)
        }
    }

    public func assign(_ id: UUID, _ input: CheckTaskAssignmentInput, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        guard let group = input.groupId else {
            throw Problem.validation([FieldError("groupId", "required", "Выберите группу")])
        }
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            guard try await repository.assign(id, org: found.org, group: group, due: input.dueAt, on: conn) else {
                throw Problem.validation([FieldError("groupId", "not_found", "Группа организации не найдена")])
            }
            try await audit("assign", id, input, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public func unassign(_ id: UUID, group: UUID, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int
    ) {
        try await db.transaction { conn in
            _ = try await requireAuthor(id, me, on: conn)
            let result = try await repository.unassign(id, group: group, on: conn)
            guard result.given else { throw Problem.notFound }
            guard result.removed else {
                throw Problem.conflict(
                    "Учащиеся группы уже сдали ответы на это задание: снять его с группы нельзя",
                    field: "groupId", code: "has_submissions")
            }
            try await audit("unassign", id, [group], actor, on: conn)
        }
        return try await detail(id, identity: me)
    }
}
