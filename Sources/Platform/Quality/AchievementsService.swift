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
        var days: (startsOn: String?, endsOn: String?)?
        if let contest = i.contestId {
            days = try await repository.contest(contest, for: me.userId)
            if days == nil {
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
        switch (i.result, i.place) {
        case ("winner", let p?) where p != 1: v.add("place", "mismatch", "Победитель занимает 1 место")
        case ("prize", 1?): v.add("place", "mismatch", "1 место — это победитель")
        case ("participant", let p?) where p <= 3: v.add("place", "mismatch", "Призовое место — победитель или призёр")
        default: break
        }
        if let day = ContestsService.day(i.achievedOn, "achievedOn", &v) {
            if today < day { v.add("achievedOn", "in_future", "Дата достижения не может быть в будущем") }
            // the result is known from the contest's first day to two months after its last (the awarding)
            let starts = days?.startsOn.flatMap(CivilDate.init)
            let ends = days?.endsOn.flatMap(CivilDate.init)
            if let starts, day < starts {
                v.add("achievedOn", "out_of_range", "Конкурс начался \(DocumentsService.russianDate(starts.iso))")
            } else if let ends, ends.adding(days: 60) < day {
                v.add("achievedOn", "out_of_range", "Конкурс закончился \(DocumentsService.russianDate(ends.iso))")
            }
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

    /// An operator removes an achievement that does not hold (no such result, a false diploma).
    public func remove(_ id: UUID, actor: Actor) async throws {
        guard try await repository.delete(id) else { throw Problem.notFound }
        try await db.transaction { conn in
            try await AuditLog.record(
                actor: actor.userId, action: "delete", entity: "achievement", entityId: id, before: String?.none,
                after: String?.none, requestId: actor.requestId, on: conn, logger: db.logger)
        }
    }

    public func delete(_ id: UUID, identity me: Identity) async throws {
        guard try await repository.delete(id, learner: me.userId) else { throw Problem.notFound }
    }
}
