import Foundation
import PostgresNIO

/// The rules of tests: authors of the organization build them from its bank and give them to its groups; each
/// change is audited. Attempts already made keep the questions they drew.
public struct TestsService: Sendable {
    let db: Database
    let repository: TestsRepository

    public init(db: Database) {
        self.db = db
        self.repository = TestsRepository(db: db)
    }

    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id, reach: TrainingAccess.readReach(me)) else {
            throw Problem.notFound
        }
        return (found.json, found.version)
    }

    func checkReferences(_ s: TestSettings, org: UUID, me: Identity) async throws {
        try await LearningReferences.check(lesson: s.lessonId, competency: s.competencyId, org: org, me: me, db: db)
    }

    public func create(_ input: TestSettingsInput, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let settings = try TestSettings.validated(input)
        let org = try await LearningAccess.owner(input.organizationId, me, db: db)
        try await checkReferences(settings, org: org, me: me)
        let id = try await db.transaction { conn in
            let id = try await repository.insert(settings, org: org, author: me.userId, on: conn)
            try await audit("create", id, settings, actor, on: conn)
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
            actor: actor.userId, action: action, entity: "test", entityId: id, before: String?.none, after: after,
            requestId: actor.requestId, on: conn, logger: db.logger)
    }

    /// Locks the test for a change by an author of its organization (404 when the caller cannot see it).
    func requireAuthor(_ id: UUID, _ me: Identity, on conn: PostgresConnection) async throws -> (
        org: UUID, version: Int
    ) {
        guard let found = try await repository.locked(id, on: conn), TrainingAccess.canRead(me, org: found.org) else {
            throw Problem.notFound
        }
        try LearningAccess.requireAuthor(me, org: found.org)
        return found
    }

    public func update(_ id: UUID, _ input: TestSettingsInput, ifMatch: String?, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        let settings = try TestSettings.validated(input)
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            if let expected, expected != found.version { throw ETag.stale }
            try await checkReferences(settings, org: found.org, me: me)
            try await repository.update(id, settings, on: conn)
            try await audit("update", id, settings, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public func delete(_ id: UUID, identity me: Identity, actor: Actor) async throws {
        try await db.transaction { conn in
            _ = try await requireAuthor(id, me, on: conn)
            try await repository.delete(id, on: conn)
            try await audit("delete", id, String?.none, actor, on: conn)
        }
    }

    /// Adds questions of the bank by id; an id that is not a question of the test's organization is 422.
    public func addQuestions(_ id: UUID, _ questions: [UUID], identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int
    ) {
        var seen = Set<UUID>()
        let questions = questions.filter { seen.insert($0).inserted }
        guard !questions.isEmpty, questions.count <= 500 else {
            throw Problem.validation([FieldError("questionIds", "count", "Выберите от 1 до 500 вопросов")])
        }
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            let (_, known) = try await repository.add(questions, to: id, org: found.org, on: conn)
            guard known == questions.count else {
                throw Problem.validation([
                    FieldError("questionIds", "not_found", "Вопрос не найден в банке вопросов организации")
                ])
            }
            try await repository.touch(id, on: conn)
            try await audit("add_questions", id, questions, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    /// Draws `count` random questions of the bank (with its filters) into the test; fewer when the bank has fewer.
    public func addRandom(_ id: UUID, _ input: RandomQuestionsInput, identity me: Identity, actor: Actor) async throws
        -> (json: String, version: Int)
    {
        var v = Validator()
        let count = v.integer(input.count, "count", 1...200, required: true) ?? 1
        let kind = input.kind.flatMap { $0.isEmpty ? nil : $0 }
        if let kind, TestQuestionKind(rawValue: kind) == nil {
            v.add("kind", "invalid_choice", "Тип вопроса: single, multiple или text")
        }
        let search = v.optional(input.q, "q", max: 100)
        try v.throwIfInvalid()
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            let drawn = try await repository.randomQuestions(
                for: id, org: found.org, count: count, competency: input.competencyId, kind: kind, search: search,
                on: conn)
            guard !drawn.isEmpty else {
                throw Problem.conflict(
                    "В банке нет подходящих вопросов, которых ещё нет в тесте", code: "bank_exhausted")
            }
            _ = try await repository.add(drawn, to: id, org: found.org, on: conn)
            try await repository.touch(id, on: conn)
            try await audit("add_questions", id, drawn, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public func removeQuestion(_ id: UUID, question: UUID, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int
    ) {
        try await db.transaction { conn in
            _ = try await requireAuthor(id, me, on: conn)
            guard try await repository.remove(question, from: id, on: conn) else { throw Problem.notFound }
            try await repository.touch(id, on: conn)
            try await audit("remove_question", id, [question], actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public func assign(_ id: UUID, _ input: TestAssignmentInput, identity me: Identity, actor: Actor) async throws
        -> (json: String, version: Int)
    {
        var v = Validator()
        if input.groupId == nil { v.add("groupId", "required", "Выберите группу") }
        if let opens = input.opensAt, let closes = input.closesAt, closes <= opens {
            v.add("closesAt", "before_opens", "Окончание должно быть позже начала")
        }
        try v.throwIfInvalid()
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            guard try await repository.assign(id, org: found.org, input, group: input.groupId!, on: conn) else {
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
            guard try await repository.unassign(id, group: group, on: conn) else { throw Problem.notFound }
            try await audit("unassign", id, [group], actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public struct QuestionStat: Codable, Sendable {
        var questionId: UUID
        var kind: String
        var text: String
        var answers: Int
        var correct: Int
        /// the share of answers that were wrong, 0–1 (null before anyone answered)
        var difficulty: Double?
        var points: Int
    }

    public func questionStats(_ id: UUID, identity me: Identity) async throws -> [QuestionStat] {
        _ = try await detail(id, identity: me)
        return try await repository.questionStats(id).map { q in
            QuestionStat(
                questionId: q.0, kind: q.1, text: q.2, answers: q.3, correct: q.4,
                difficulty: q.3 == 0 ? nil : (Double(q.3 - q.4) / Double(q.3) * 100).rounded() / 100, points: q.5)
        }
    }
}
