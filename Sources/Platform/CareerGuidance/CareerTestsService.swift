import Foundation
import PostgresNIO

/// The rules of career-guidance tests: ЦОПП's operators write them, anyone takes a published one (signed in or not,
/// a stranger at most 60 times an hour from one address), a result is its taker's — kept in their account when they
/// are signed in, or claimed into it later. A test with results never changes under them: it is archived or copied.
public struct CareerTestsService: Sendable {
    let db: Database
    let repository: CareerTestsRepository
    let limiter: RateLimiter

    public init(db: Database) {
        self.db = db
        self.repository = CareerTestsRepository(db: db)
        self.limiter = RateLimiter(db: db)
    }

    static let statuses = ["draft", "published", "archived"]

    func isEditor(_ me: Identity?) -> Bool { me?.hasAny(CareerGuidanceAccess.editors) ?? false }

    /// A published test for anyone; any test with its weights and counts for an editor.
    public func detail(_ id: UUID, identity me: Identity?) async throws -> (json: String, version: Int) {
        let editor = isEditor(me)
        guard let found = try await repository.detail(id, editor: editor), editor || found.status == "published" else {
            throw Problem.notFound
        }
        return (found.json, found.version)
    }

    /// Each scale's links must be active items of their directories.
    func checkReferences(_ c: CareerTestContent, on conn: PostgresConnection) async throws {
        var v = Validator()
        let refs = DirectoryReferences(db: db)
        for (n, s) in c.scales.enumerated() {
            for (key, kind, ids) in [
                ("competencyIds", DirectoryKind.competencies, s.competencyIds),
                ("professionIds", .professions, s.professionIds), ("industryIds", .industries, s.industryIds),
                ("eventTagIds", .tags, s.eventTagIds),
            ] where !ids.isEmpty {
                _ = try await refs.check(ids, kind: kind, field: "scales[\(n)].\(key)", &v, on: conn)
            }
        }
        try v.throwIfInvalid()
    }

    func audit(
        _ action: String, _ id: UUID, _ after: (some Encodable & Sendable)?, _ actor: Actor,
        on conn: PostgresConnection
    ) async throws {
        try await AuditLog.record(
            actor: actor.userId, action: action, entity: "career_test", entityId: id, before: String?.none,
            after: after, requestId: actor.requestId, on: conn, logger: db.logger)
    }

    public func create(_ input: CareerTestInput, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let content = try CareerTestContent.validated(input)
        let id = try await db.transaction { conn in
            try await checkReferences(content, on: conn)
            let id = try await repository.insert(content, author: me.userId, on: conn)
            try await audit("create", id, content, actor, on: conn)
            return id
        }
        let (json, version) = try await detail(id, identity: me)
        return (json, version, id)
    }

    static let frozen = Problem.conflict(
        "У теста уже есть результаты: его вопросы и шкалы изменить нельзя. Создайте новую версию теста",
        code: "has_results", allowed: ["copy", "archive"])

    /// Replaces the content (If-Match: the version the editor read) while the test has no results.
    public func update(_ id: UUID, _ input: CareerTestInput, ifMatch: String?, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        let content = try CareerTestContent.validated(input)
        try await db.transaction { conn in
            guard let found = try await repository.locked(id, on: conn) else { throw Problem.notFound }
            if let expected, expected != found.version { throw ETag.stale }
            if found.results { throw Self.frozen }
            try await checkReferences(content, on: conn)
            try await repository.replace(id, content, on: conn)
            try await audit("update", id, content, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    /// draft → published ⇄ archived; back to draft only while no one has taken it.
    public func setStatus(_ id: UUID, _ status: String?, ifMatch: String?, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        guard let status, Self.statuses.contains(status) else {
            throw Problem.validation([FieldError("status", "invalid_choice", "Статус: draft, published или archived")])
        }
        try await db.transaction { conn in
            guard let found = try await repository.locked(id, on: conn) else { throw Problem.notFound }
            if let expected, expected != found.version { throw ETag.stale }
            if status == "draft" && found.results { throw Self.frozen }
            try await repository.setStatus(id, status, on: conn)
            try await audit("status", id, status, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public func delete(_ id: UUID, identity me: Identity, actor: Actor) async throws {
        try await db.transaction { conn in
            guard let found = try await repository.locked(id, on: conn) else { throw Problem.notFound }
            if found.results {
                throw Problem.conflict(
                    "У теста есть результаты: его можно только снять с публикации (в архив)", code: "has_results",
                    allowed: ["archive"])
            }
            try await repository.delete(id, on: conn)
            try await audit("delete", id, String?.none, actor, on: conn)
        }
    }

    /// A new draft with the test's content, to change what a test with results cannot.
    public func copy(_ id: UUID, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let copy = try await db.transaction { conn in
            guard let copy = try await repository.copy(id, author: me.userId, on: conn) else { throw Problem.notFound }
            try await audit("copy", copy, ["basedOn": id], actor, on: conn)
            return copy
        }
        let (json, version) = try await detail(copy, identity: me)
        return (json, version, copy)
    }

    /// Scores the answers and keeps the result: the signed-in taker's own, or an anonymous one (limited per address).
    public func take(_ id: UUID, answers: [String: UUID]?, identity me: Identity?, ip: String) async throws -> (
        json: String, id: UUID
    ) {
        guard let answers else {
            throw Problem.validation([FieldError("answers", "required", "Ответьте на вопросы теста")])
        }
        let recorded: [Int64]
        switch try await limiter.take([me.map { Self.accountResults($0.userId) } ?? Self.anonymousResults(ip)]) {
        case .wait(let seconds):
            throw RateLimiter.problem(
                me == nil
                    ? "Слишком много прохождений тестов с вашего адреса без входа. Войдите — для вошедших ограничение"
                        + " своё" : "Слишком много прохождений тестов за час", seconds: seconds)
        case .allowed(let ids): recorded = ids
        }
        do {
            let result = try await db.transaction { conn in
                guard let test = try await repository.forTaking(id, on: conn) else { throw Problem.notFound }
                let scoring = try CareerScoring.score(test.questions, scales: test.scales, answers: answers)
                return try await repository.insertResult(id, user: me?.userId, scoring, on: conn)
            }
            return (try await self.result(result, identity: me), result)
        } catch {
            // a refused take (a test that is gone, answers to fix) does not use up the limit
            try? await limiter.forget(recorded)
            throw error
        }
    }

    /// Results kept per hour: a school class behind one address takes tests without signing in; a script does not
    /// fill the table.
    static func anonymousResults(_ ip: String) -> RateLimit {
        .init("career_result_address", key: ip, limit: 200, windowSeconds: 3600)
    }

    static func accountResults(_ user: UUID) -> RateLimit {
        .init("career_result_account", key: user.uuidString, limit: 100, windowSeconds: 3600)
    }

    /// A result: an anonymous one for whoever holds its id, a kept one for its owner and the editors.
    public func result(_ id: UUID, identity me: Identity?) async throws -> String {
        guard let found = try await repository.result(id, viewer: me?.userId) else { throw Problem.notFound }
        if let owner = found.user, owner != me?.userId, !isEditor(me) { throw Problem.notFound }
        return found.json
    }

    /// Keeps an anonymous result in the caller's account (again: no change); someone else's is 404.
    public func claim(_ id: UUID, identity me: Identity) async throws -> String {
        guard try await repository.claim(id, user: me.userId) == true else { throw Problem.notFound }
        return try await result(id, identity: me)
    }

    public func mine(identity me: Identity) async throws -> String {
        "{\"items\":" + (try await repository.mine(me.userId)) + "}"
    }
}
