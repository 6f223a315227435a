import Foundation
import Hummingbird

/// /api/v1/contests — the contests registry; /api/v1/achievements — every learner's achievements for ЦОПП's operators;
/// /api/v1/me/achievements — a learner's own.
public struct ContestsController: Sendable {
    let contests: ContestsService
    let achievements: AchievementsService
    public init(contests: ContestsService, achievements: AchievementsService) {
        self.contests = contests
        self.achievements = achievements
    }

    static func location(_ id: UUID) -> String { "/api/v1/contests/\(id.uuidString.lowercased())" }
    static let csvHeader = ["Конкурс", "Организатор", "Уровень", "Начало", "Окончание", "Статус", "Достижений"]
    static let achievementsHeader = [
        "Обучающийся", "Конкурс", "Программа", "Результат", "Место", "Дата", "Учитывается в показателе качества",
    ]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let f = contests.filter(
            q.string("q"), status: q.choice("status", in: ContestStatus.all), levelId: q.uuid("levelId"),
            identity: try context.requireIdentity())
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "contests.csv", header: Self.csvHeader, rows: try await contests.repository.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await contests.repository.list(f, page: try q.page()))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(ContestInput.self, context: context)
        let made = try await contests.create(input, identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(made.json, version: made.version, status: .created, location: Self.location(made.id))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await contests.detail(
            try context.parameters.uuid("contestId"), identity: try context.requireIdentity())
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(ContestInput.self, context: context)
        let saved = try await contests.update(
            try context.parameters.uuid("contestId"), input, ifMatch: request.headers[.ifMatch],
            identity: try context.requireIdentity(), actor: context.actor)
        return JSONResponse.raw(saved.json, version: saved.version)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await contests.delete(try context.parameters.uuid("contestId"), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func allAchievements(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        var f = achievements.filter()
        (f.search, f.contestId, f.programId, f.counted) = (
            q.string("q"), q.uuid("contestId"), q.uuid("programId"), q.bool("counted")
        )
        f.from = q.civilDay("from")?.iso
        f.to = q.civilDay("to")?.iso
        if let from = f.from, let to = f.to, to < from { q.reject("to", "out_of_range", "Не раньше даты «с»") }
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "achievements.csv", header: Self.achievementsHeader, rows: try await achievements.stream(f)
            ) { $0 }
        }
        return JSONResponse.raw(try await achievements.list(f, page: try q.page()))
    }

    @Sendable func removeAchievement(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await achievements.remove(try context.parameters.uuid("achievementId"), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func myAchievements(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = QueryParameters(request)
        return JSONResponse.raw(try await achievements.mine(identity: try context.requireIdentity(), page: q.page()))
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(AchievementInput.self, context: context)
        let me = try context.requireIdentity()
        let id = try await achievements.record(input, identity: me, actor: context.actor)
        return JSONResponse.raw("{\"id\":\"\(id.uuidString.lowercased())\"}", status: .created)
    }

    @Sendable func deleteAchievement(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await achievements.delete(
            try context.parameters.uuid("achievementId"), identity: try context.requireIdentity())
        return JSONResponse.noContent
    }
}
