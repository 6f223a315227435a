import Foundation

/// A contest as its author sends it (seed 000 «Карточка конкурса»).
public struct ContestInput: Codable, Sendable {
    var name: String?
    var organizer: String?
    var levelId: UUID?
    var startsOn: String?
    var endsOn: String?
    var url: String?
    var description: String?
    /// operators only: `inactive` or `approved` (a contest proposed from the site is always `inactive`)
    var status: String?
}

/// A learner's result in a contest.
public struct AchievementInput: Codable, Sendable {
    var contestId: UUID?
    var programId: UUID?
    var result: String?
    var place: Int?
    var achievedOn: String?
    var documentFileId: UUID?
}

enum ContestStatus {
    static let all = ["inactive", "approved"]
    static func title(_ s: String) -> String { s == "approved" ? "Утверждён" : "Неактивен" }
}

enum AchievementResult {
    static let all = ["winner", "prize", "participant"]
    static func title(_ s: String) -> String {
        switch s {
        case "winner": "Победитель"
        case "prize": "Призёр"
        default: "Участник"
        }
    }
}

/// The academic year an achievement counts in (seed 000: «учитываются достижения только за последний учебный год»):
/// 1 September to 31 August; the last one is the one that holds the given day.
enum AcademicYear {
    /// The first day of the academic year holding `day`.
    static func start(of day: CivilDate) -> CivilDate {
        let (y, m, _) = day.components
        return CivilDate(year: m >= 9 ? y : y - 1, month: 9, day: 1)
    }
}
