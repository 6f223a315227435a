import Foundation
import PostgresNIO

/// The rules of the question bank: who writes questions, images that must be the organization's pictures, a question
/// answered in attempts is kept as it was (edit a copy), every change audited.
public struct QuestionBankService: Sendable {
    let db: Database
    let repository: QuestionBankRepository

    public init(db: Database) {
        self.db = db
        self.repository = QuestionBankRepository(db: db)
    }

    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id, reach: TrainingAccess.readReach(me)) else {
            throw Problem.notFound
        }
        return (found.json, found.version)
    }

    /// The images are pictures the author may attach to the organization's objects; they become its files.
    func adoptImages(_ q: TestQuestion, org: UUID, identity me: Identity, on conn: PostgresConnection) async throws {
        let files = FilesRepository(db: db)
        for id in Set(q.fileIds) {
            guard let file = try await files.attachable(id: id, to: org, by: me.userId) else {
                throw Problem.validation([FieldError("imageFileId", "not_found", "Изображение не найдено")])
            }
            guard file.mime.hasPrefix("image/") else {
                throw Problem.validation([FieldError("imageFileId", "not_image", "Приложите изображение (PNG, JPEG)")])
            }
            try await files.adopt(id, by: org, on: conn)
        }
    }

    func checkCompetency(_ id: UUID?) async throws {
        if let id, try await !repository.isCompetency(id) {
            throw Problem.validation([FieldError("competencyId", "not_found", "Компетенция не найдена в справочнике")])
        }
    }

    public func create(_ input: TestQuestionInput, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let question = try TestQuestion.validated(input)
        let org = try await LearningAccess.owner(input.organizationId, me, db: db)
        try await checkCompetency(question.competencyId)
        let id = try await db.transaction { conn in
            try await adoptImages(question, org: org, identity: me, on: conn)
            let id = try await repository.insert(question, org: org, author: me.userId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "test_question", entityId: id, before: String?.none,
                after: question, requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        let (json, version) = try await detail(id, identity: me)
        return (json, version, id)
    }

    /// Locks the question for a change by an author of its organization (404 when the caller cannot see it).
    func requireAuthor(_ id: UUID, _ me: Identity, on conn: PostgresConnection) async throws -> (
        org: UUID, version: Int, inAttempts: Bool
    ) {
        guard let found = try await repository.locked(id, on: conn), TrainingAccess.canRead(me, org: found.org) else {
            throw Problem.notFound
        }
        try LearningAccess.requireAuthor(me, org: found.org)
        return found
    }

    static func answered() -> Problem {
        Problem.conflict(
            "На вопрос уже отвечали в попытках: его результаты считаются по нему. Скопируйте вопрос и измените копию",
            code: "question_answered", allowed: ["copy"])
    }

    public func update(_ id: UUID, _ input: TestQuestionInput, ifMatch: String?, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        let question = try TestQuestion.validated(input)
        try await checkCompetency(question.competencyId)
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            if let expected, expected != found.version { throw ETag.stale }
            if found.inAttempts { throw Self.answered() }
            try await adoptImages(question, org: found.org, identity: me, on: conn)
            try await repository.replace(id, with: question, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "test_question", entityId: id, before: String?.none,
                after: question, requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: me)
    }

    public func copy(_ id: UUID, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let copy = try await db.transaction { conn in
            _ = try await requireAuthor(id, me, on: conn)
            let copy = try await repository.copy(id, author: me.userId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "copy", entity: "test_question", entityId: copy, before: String?.none,
                after: ["copiedFrom": id.uuidString.lowercased()], requestId: actor.requestId, on: conn,
                logger: db.logger)
            return copy
        }
        let (json, version) = try await detail(copy, identity: me)
        return (json, version, copy)
    }

    public func delete(_ id: UUID, identity me: Identity, actor: Actor) async throws {
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            if found.inAttempts {
                throw Problem.conflict(
                    "На вопрос уже отвечали в попытках: удалить его нельзя, иначе пропадут их результаты",
                    code: "question_answered")
            }
            try await repository.delete(id, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "delete", entity: "test_question", entityId: id, before: String?.none,
                after: String?.none, requestId: actor.requestId, on: conn, logger: db.logger)
        }
    }
}
