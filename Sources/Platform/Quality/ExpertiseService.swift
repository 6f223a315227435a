import Foundation
import PostgresNIO

/// The rules of program expertise (seed 000 «Экспертиза программы», «Кнопка "Взял в работу"»): the program's authors
/// send it; experts of other organizations take it in work one at a time (the database's lock), fill the expertise
/// questionnaire in force and rate it, or finish without a rating; the program passes with `ratingsToPass` ratings.
public struct ExpertiseService: Sendable {
    let db: Database
    let repository: ExpertiseRepository
    let questionnaires: QuestionnairesRepository
    let ratingsToPass: Int
    /// the region's: the queue's CSV gives days as its people count them
    let zone: TimeZone

    public init(db: Database, ratingsToPass: Int, zone: TimeZone) {
        self.zone = zone
        self.db = db
        self.repository = ExpertiseRepository(db: db)
        self.questionnaires = QuestionnairesRepository(db: db)
        self.ratingsToPass = ratingsToPass
    }

    /// Who rates programs: experts (of any organization but the program's).
    static let experts: Set<Role> = [.expert]

    func requireProgram(_ id: UUID, _ me: Identity) async throws -> (org: UUID, status: String) {
        guard let found = try await repository.program(id),
            me.orgIds.contains(found.org) || me.hasAny(TrainingAccess.regionReaders) || me.has(.expert)
        else { throw Problem.notFound }
        return found
    }

    /// The program's authors send it to expertise, once; an expertise questionnaire must be in force.
    public func send(_ program: UUID, identity me: Identity, actor: Actor) async throws -> String {
        let found = try await requireProgram(program, me)
        guard me.orgIds.contains(found.org), me.hasAny(ProgramsService.authors) || me.isOrgAdmin(found.org) else {
            throw Problem.forbidden
        }
        guard found.status != "archived" else {
            throw Problem.conflict("Программа в архиве", code: "archived")
        }
        guard try await repository.questionnaire() != nil else {
            throw Problem.conflict(
                "В ЦОПП ещё не введена в действие анкета экспертизы: направить программу пока нельзя",
                code: "no_questionnaire")
        }
        guard try await repository.send(program, by: me.userId) else {
            throw Problem.conflict("Программа уже направлена на экспертизу", code: "already_sent")
        }
        try await db.transaction { conn in
            try await AuditLog.record(
                actor: actor.userId, action: "send_to_expertise", entity: "program", entityId: program,
                before: String?.none, after: String?.none, requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await repository.state(program, toPass: ratingsToPass)
    }

    public func state(_ program: UUID, identity me: Identity) async throws -> String {
        let found = try await requireProgram(program, me)
        guard me.orgIds.contains(found.org) || me.hasAny(TrainingAccess.regionReaders) else { throw Problem.notFound }
        return try await repository.state(program, toPass: ratingsToPass)
    }

    /// The expert's queue, with the program they hold.
    public func queue(identity me: Identity, page: PageRequest) async throws -> String {
        let held = try await repository.held(by: me.userId)
        let items = try await repository.queue(expert: me.userId, excluding: me.orgIds, page: page)
        let holding = held.map { "\"\($0.uuidString.lowercased())\"" } ?? "null"
        return "{\"holding\":\(holding),\"page\":\(items)}"
    }

    func queueStream(identity me: Identity) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        try await repository.queueStream(expert: me.userId, excluding: me.orgIds, zone: zone.identifier)
    }

    /// «Взял в работу»: 409 `taken` when another expert holds it, `busy` when the expert holds another program.
    public func take(_ program: UUID, identity me: Identity) async throws -> String {
        let found = try await requireProgram(program, me)
        guard !me.orgIds.contains(found.org) else {
            throw Problem.conflict("Программы своей организации не оцениваются", code: "own_program")
        }
        guard try await repository.pending(program) else { throw Problem.notFound }
        if try await repository.rated(program, by: me.userId) {
            throw Problem.conflict("Вы уже оценили эту программу", code: "already_rated")
        }
        guard try await repository.take(program, expert: me.userId) else {
            if let held = try await repository.held(by: me.userId), held != program {
                throw Problem.conflict(
                    "Вы уже работаете с другой программой: оцените её или завершите без оценки", code: "busy")
            }
            if try await repository.held(by: me.userId) == program { return try await sheet(program, identity: me) }
            throw Problem.conflict("Программу уже взял в работу другой эксперт", code: "taken")
        }
        return try await sheet(program, identity: me)
    }

    /// The expert sheet of the program the expert holds: the questionnaire in force to fill.
    public func sheet(_ program: UUID, identity me: Identity) async throws -> String {
        guard try await repository.held(by: me.userId) == program else {
            throw Problem.conflict("Сначала возьмите программу в работу", code: "not_taken")
        }
        guard let id = try await repository.questionnaire(), let found = try await questionnaires.detail(id) else {
            throw Problem.conflict("Анкета экспертизы не введена в действие", code: "no_questionnaire")
        }
        let summary = try await repository.summary(program)
        return "{\"programId\":\"\(program.uuidString.lowercased())\",\"program\":\(summary),"
            + "\"questionnaire\":\(found.json)}"
    }

    /// «Завершить без оценки».
    public func release(_ program: UUID, identity me: Identity) async throws {
        guard try await repository.release(program, expert: me.userId) else {
            throw Problem.conflict("Программа не в работе у вас", code: "not_taken")
        }
    }

    public struct RatingInput: Codable, Sendable {
        var answers: [String: JSONValue]?
        var comment: String?
    }

    /// «Оценить»: the sheet checked against the questionnaire in force (held shared: an edit waits), kept with its
    /// version, the score computed, the lock released — in one transaction.
    public func rate(_ program: UUID, _ input: RatingInput, identity me: Identity, actor: Actor) async throws
        -> String
    {
        var v = Validator()
        let comment = v.optional(input.comment, "comment", max: 4000)
        try v.throwIfInvalid()
        try await db.transaction { conn in
            guard try await repository.lockedBy(program, expert: me.userId, on: conn) else {
                throw Problem.conflict("Программа не в работе у вас", code: "not_taken")
            }
            guard
                let answered = try await QuestionnaireAnswering(db: db).answer(
                    "expertise", respondent: me.userId, subject: program, answers: input.answers, on: conn)
            else { throw Problem.conflict("Вы уже оценили эту программу", code: "already_rated") }
            let response = answered.response
            let passed = try await repository.rate(
                program, expert: me.userId, response: response, score: answered.score,
                comment: comment, toPass: ratingsToPass, on: conn)
            _ = try await repository.release(program, expert: me.userId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: passed ? "expertise_passed" : "expertise_rating", entity: "program",
                entityId: program, before: String?.none, after: ["response": response], requestId: actor.requestId,
                on: conn, logger: db.logger)
        }
        return try await repository.state(program, toPass: ratingsToPass)
    }
}
