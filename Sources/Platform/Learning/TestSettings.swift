import Foundation

/// A test's parameters and scoring criteria (seed 000 «Параметры», «Критерии оценки»): the time limit the server holds
/// every attempt to, how many attempts a learner has, how many questions each attempt draws from the test's own, the
/// shuffles, and the share of points that passes.
public struct TestSettingsInput: Codable, Sendable {
    var organizationId: UUID?
    var name: String?
    var description: String?
    var lessonId: UUID?
    var competencyId: UUID?
    var timeLimitMinutes: Int?
    var maxAttempts: Int?
    var questionCount: Int?
    var shuffleQuestions: Bool?
    var shuffleOptions: Bool?
    var passPercent: Int?
}

struct TestSettings: Codable, Sendable, Equatable {
    var name: String
    var description: String?
    var lessonId: UUID?
    var competencyId: UUID?
    var timeLimitMinutes: Int
    var maxAttempts: Int?
    var questionCount: Int?
    var shuffleQuestions: Bool
    var shuffleOptions: Bool
    var passPercent: Int

    static func validated(_ i: TestSettingsInput) throws -> TestSettings {
        var v = Validator()
        let name = v.required(i.name, "name", max: 500)
        let description = v.optional(i.description, "description", max: 4000)
        let minutes = v.integer(i.timeLimitMinutes, "timeLimitMinutes", 1...600, required: true)
        let attempts = v.integer(i.maxAttempts, "maxAttempts", 1...100)
        let count = v.integer(i.questionCount, "questionCount", 1...500)
        let pass = v.integer(i.passPercent ?? 60, "passPercent", 0...100)
        try v.throwIfInvalid()
        return TestSettings(
            name: name, description: description, lessonId: i.lessonId, competencyId: i.competencyId,
            timeLimitMinutes: minutes ?? 1, maxAttempts: attempts, questionCount: count,
            shuffleQuestions: i.shuffleQuestions ?? true, shuffleOptions: i.shuffleOptions ?? true,
            passPercent: pass ?? 60)
    }
}

/// Questions of the bank added to a test by id.
public struct TestQuestionsInput: Codable, Sendable {
    var questionIds: [UUID]?
}

/// A test given to a group, with the period its learners may start attempts in.
public struct TestAssignmentInput: Codable, Sendable {
    var groupId: UUID?
    var opensAt: Date?
    var closesAt: Date?
}

/// Questions drawn at random from the bank into a test (seed: «случайная выборка»).
public struct RandomQuestionsInput: Codable, Sendable {
    var count: Int?
    var competencyId: UUID?
    var kind: String?
    var q: String?
}

/// A learner's answer to one question of an attempt: the chosen options, or the typed text.
public struct TestAnswerInput: Codable, Sendable {
    var optionIds: [UUID]?
    var text: String?
}

/// Who writes tests and questions: the organization's contractors, teachers, developers and admins, and ЦОПП's
/// operators; results are read as the organization's training is (`TrainingAccess.canRead`).
enum LearningAccess {
    static let authors: Set<Role> = [.contractor, .teacher, .developer]

    static func canAuthor(_ me: Identity, org: UUID) -> Bool {
        me.hasAny(TrainingAccess.operators) || (me.orgIds.contains(org) && (me.hasAny(authors) || me.isOrgAdmin(org)))
    }

    static func requireAuthor(_ me: Identity, org: UUID) throws {
        guard TrainingAccess.canRead(me, org: org) else { throw Problem.notFound }
        guard canAuthor(me, org: org) else { throw Problem.forbidden }
    }

    /// The organization a new question or test belongs to: the one named (an operator may name any, so it must
    /// exist), or the author's only one.
    static func owner(_ named: UUID?, _ me: Identity, db: Database) async throws -> UUID {
        if let named {
            try requireAuthor(me, org: named)
            guard try await FilesRepository(db: db).organizationExists(named) else {
                throw Problem.validation([FieldError("organizationId", "not_found", "Организация не найдена")])
            }
            return named
        }
        let own = me.orgIds.filter { canAuthor(me, org: $0) }
        guard own.count == 1, let org = own.first else {
            throw Problem.validation([FieldError("organizationId", "required", "Укажите организацию")])
        }
        return org
    }
}
