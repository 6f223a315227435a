import Foundation

/// Learners' achievements (seed 000 «Достижения»): a learner records a result in a contest — approved or proposed by
/// them — with its day, place, the program they study or studied and a confirming document; ЦОПП's operators read
/// every one, with whether it counts (approved contest, last academic year).
public struct AchievementsService: Sendable {
    let db: Database
    let repository: AchievementsRepository
    let zone: TimeZone

    public init(db: Database, zone: TimeZone) {
        self.db = db
        self.repository = AchievementsRepository(db: db)
        self.zone = zone
    }

    var today: CivilDate { CivilDate(Date(), zone: zone) }

    /// A filter counting by the last academic year as of today in the region.
    func filter() -> AchievementsRepository.Filter {
        .init(yearStart: AcademicYear.start(of: today).iso)
    }

    func list(_ f: AchievementsRepository.Filter, page: PageRequest) async throws -> String {
        try await repository.list(f, page: page)
    }

    func stream(_ f: AchievementsRepository.Filter) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try await repository.stream(f)
    }

    /// The learner's own achievements, with the programs they may name.
    public func mine(identity me: Identity, page: PageRequest) async throws -> String {
        var f = filter()
        f.learner = me.userId
        let (l, counted) = try repository.filtered(f)
        return try await db.page(
            try l.page(repository.json(counted: counted), page: page),
            extra: ("programs", try await repository.programs(of: me.userId)))
    }

    public func record(_ i: AchievementInput, identity me: Identity, actor: Actor) async throws -> UUID {
        var v = Validator()
        var i = i
        if let contest = i.contestId {
            if try await !repository.contestOpen(contest, for: me.userId) {
                v.add("contestId", "not_found", "Конкурс не найден: выберите утверждённый или предложите новый")
            }
        } else {
            v.add("contestId", "required", "Выберите конкурс")
        }
        if let program = i.programId, try await !repository.studied(program, by: me.userId) {
            v.add("programId", "not_yours", "Выберите программу, по которой вы учитесь или учились")
        }
        if !AchievementResult.all.contains(i.result ?? "") {
            v.add("result", "invalid_choice", "Результат: winner, prize или participant")
        }
        if let place = i.place { i.place = v.integer(place, "place", 1...1000) }
        if let day = ContestsService.day(i.achievedOn, "achievedOn", &v) {
            if today < day { v.add("achievedOn", "in_future", "Дата достижения не может быть в будущем") }
            i.achievedOn = day.iso
        } else if i.achievedOn?.isEmpty ?? true {
            v.add("achievedOn", "required", "Укажите дату достижения")
        }
        if let file = i.documentFileId {
            let found = try await FilesRepository(db: db).readable(id: file, by: me)
            if found?.ownerUserId != me.userId { v.add("documentFileId", "not_found", "Файл не найден") }
        }
        try v.throwIfInvalid()
        guard let id = try await repository.insert(i, learner: me.userId) else {
            throw Problem.conflict("Ваш результат в этом конкурсе уже записан", code: "already_recorded")
        }
        try await db.transaction { conn in
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "achievement", entityId: id, before: String?.none,
                after: i, requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return id
    }

    public func delete(_ id: UUID, identity me: Identity) async throws {
        guard try await repository.delete(id, learner: me.userId) else { throw Problem.notFound }
    }
}
