import Foundation
import PostgresNIO

/// The rules of attempts: only a learner of a group the test was given to starts one, inside its period, within the
/// attempts allowed, one at a time; answers go only into one's own attempt before its deadline; the correct answers
/// leave the server only after the attempt is closed, and then only to the organization.
public struct AttemptsService: Sendable {
    let db: Database
    let repository: AttemptsRepository

    public init(db: Database) {
        self.db = db
        self.repository = AttemptsRepository(db: db)
    }

    public func mine(identity me: Identity) async throws -> String {
        try await repository.closeExpired(learner: me.userId)
        return "{\"items\":" + (try await repository.mine(me.userId)) + "}"
    }

    public func start(test: UUID, group: UUID?, identity me: Identity) async throws -> (json: String, id: UUID) {
        let id = try await db.transaction { conn in
            guard let place = try await repository.enrollment(test: test, learner: me.userId, group: group, on: conn)
            else { throw Problem.notFound }
            guard place.open else {
                throw Problem.conflict("Тест ещё не открыт для прохождения", code: "not_open")
            }
            guard !place.closed else { throw Problem.conflict("Срок прохождения теста истёк", code: "closed") }
            try await repository.closeExpired(test: test, learner: me.userId, on: conn)
            if let active = try await repository.active(test: test, learner: me.userId, on: conn) {
                throw Problem.conflict(
                    "Попытка уже идёт: продолжите её (\(active.uuidString.lowercased()))", field: "testId",
                    code: "attempt_active")
            }
            try await repository.holdQuestions(of: test, on: conn)
            guard
                let started = try await repository.start(
                    test: test, group: place.group, application: place.application, learner: me.userId, on: conn)
            else { throw Problem.conflict("Все попытки использованы", field: "testId", code: "attempts_exhausted") }
            guard started.questions > 0 else {
                throw Problem.conflict("В тесте пока нет вопросов", field: "testId", code: "no_questions")
            }
            return started.id
        }
        // the caller's own attempt, just started: no deadline to check, no correct answer to hold back
        guard let started = try await repository.attempt(id, reader: me.userId) else { throw Problem.notFound }
        return (started.json, id)
    }

    /// The attempt for its learner or the test's organization; anyone else 404. An attempt past its deadline is
    /// closed first, so what is shown is what counts.
    public func attempt(_ id: UUID, identity me: Identity) async throws -> String {
        // one read; a second only when the learner's own attempt ran out of time and is closed now
        guard var found = try await repository.attempt(id, reader: me.userId) else { throw Problem.notFound }
        let own = found.learner == me.userId
        guard own || TrainingAccess.canRead(me, org: found.org) else { throw Problem.notFound }
        if own && found.expired {
            try await repository.closeExpired(learner: me.userId)
            found = try await repository.attempt(id, reader: me.userId) ?? found
        }
        return found.json
    }

    public func answer(_ attempt: UUID, question: UUID, _ input: TestAnswerInput, identity me: Identity) async throws {
        var v = Validator()
        let typed = input.text
        // counted as PostgreSQL counts (code points), which the column's check uses
        if let typed, typed.unicodeScalars.count > 1000 { v.add("text", "too_long", "Не более 1000 символов") }
        if let typed, typed.contains("\u{0}") { v.add("text", "invalid_characters", "Недопустимые символы") }
        if let ids = input.optionIds, ids.count > TestQuestion.maxOptions {
            v.add("optionIds", "count", "Не более \(TestQuestion.maxOptions) вариантов")
        }
        try v.throwIfInvalid()
        let saved = try await repository.save(
            .init(attempt: attempt, learner: me.userId, question: question, chosen: input.optionIds, typed: typed))
        if saved { return }
        guard let state = try await repository.state(attempt, learner: me.userId, question: question),
            state.hasQuestion
        else { throw Problem.notFound }
        guard state.active && state.inTime else {
            throw Problem.conflict("Время попытки истекло или она завершена: ответ не принят", code: "attempt_closed")
        }
        // the question's kind decides which field was wrong: text on a choice question, options on a typed one
        let field = input.optionIds == nil && input.text != nil ? "text" : "optionIds"
        throw Problem.validation([
            FieldError(
                field, "invalid_choice",
                "Выберите варианты этого вопроса (один — для вопроса с одним ответом) или введите текст ответа")
        ])
    }

    /// Ends the attempt and answers its result; ending one already closed answers its result again.
    public func finish(_ id: UUID, identity me: Identity) async throws -> String {
        _ = try await repository.finish(id, learner: me.userId)
        guard let found = try await repository.attempt(id, reader: me.userId), found.learner == me.userId else {
            throw Problem.notFound
        }
        return found.json
    }
}
