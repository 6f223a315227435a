import Foundation

/// Learners' ratings of programs (SPEC §11 «оценки пользователей»): a learner who completed a program rates it once
/// with the rating questionnaire in force and a comment; the program's organization and the region's readers see the
/// ratings without names.
public struct ProgramRatingsService: Sendable {
    let db: Database
    let repository: ProgramRatingsRepository
    let answering: QuestionnaireAnswering

    public init(db: Database) {
        self.db = db
        self.repository = ProgramRatingsRepository(db: db)
        self.answering = QuestionnaireAnswering(db: db)
    }

    /// The completed programs of the learner with their ratings, and whether a rating questionnaire is in force.
    public func mine(identity me: Identity) async throws -> String {
        let open = try await answering.inForce("rating") != nil
        return "{\"open\":\(open),\"items\":\(try await repository.completedPrograms(of: me.userId))}"
    }

    /// The form: the rating questionnaire in force for a program the learner completed (404 otherwise).
    public func form(_ program: UUID, identity me: Identity) async throws -> String {
        guard let found = try await repository.program(program),
            try await repository.completed(program, by: me.userId)
        else { throw Problem.notFound }
        guard let id = try await answering.inForce("rating"),
            let q = try await QuestionnairesRepository(db: db).detail(id)
        else { throw Problem.conflict("Анкета оценки программ сейчас не действует", code: "no_questionnaire") }
        let own = try await repository.own(program, by: me.userId) ?? "null"
        return "{\"program\":{\"id\":\"\(program.uuidString.lowercased())\",\"name\":\(found.name.jsonLiteral)},"
            + "\"questionnaire\":\(q.json),\"rating\":\(own)}"
    }

    public struct Input: Codable, Sendable {
        var answers: [String: JSONValue]?
        var comment: String?
    }

    public func rate(_ program: UUID, _ input: Input, identity me: Identity, actor: Actor) async throws -> String {
        guard try await repository.completed(program, by: me.userId) else { throw Problem.notFound }
        // one rating a program, whichever questionnaire was in force when it was given
        if try await repository.own(program, by: me.userId) != nil {
            throw Problem.conflict("Вы уже оценили эту программу", code: "already_rated")
        }
        var v = Validator()
        let comment = v.optional(input.comment, "comment", max: 2000)
        try v.throwIfInvalid()
        try await db.transaction { conn in
            guard
                let answered = try await answering.answer(
                    "rating", respondent: me.userId, subject: program, answers: input.answers, on: conn)
            else { throw Problem.conflict("Вы уже оценили эту программу", code: "already_rated") }
            try await repository.insert(
                program, learner: me.userId, response: answered.response, score: answered.score, comment: comment,
                on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "program_rating", entity: "program", entityId: program,
                before: String?.none, after: ["score": answered.score], requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
        return try await repository.own(program, by: me.userId) ?? "null"
    }

    func requireReader(_ program: UUID, _ me: Identity) async throws {
        guard let found = try await repository.program(program),
            me.orgIds.contains(found.org) || me.hasAny(TrainingAccess.regionReaders)
        else { throw Problem.notFound }
    }

    /// The program's ratings for its organization and the region's readers.
    public func ratings(_ program: UUID, identity me: Identity, page: PageRequest) async throws -> String {
        try await requireReader(program, me)
        return try await repository.ratings(of: program, page: page)
    }

    static let csvHeader = ["Оценка", "Комментарий", "Дата", "Версия анкеты"]

    func ratingsStream(_ program: UUID, identity me: Identity, zone: TimeZone) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try await requireReader(program, me)
        return try await repository.ratingsStream(of: program, zone: zone.identifier)
    }
}
