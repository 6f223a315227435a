import Foundation

/// The program quality index (SPEC §11, seed 000 «сводный показатель качества образовательных Программ»), 0–100:
///
///     E = the mean score of the experts' ratings (each sheet scored 0–100)
///     U = the mean score of the learners' ratings (each scored 0–100)
///     A = min(100, 100 × (1·winners + 0.7·prize-winners + 0.3·participants) / every learner who completed the
///         program), counting achievements in approved contests within the last academic year (a program's graduates
///         of earlier years may win this year: the divisor is all of them)
///     index = (0.5·E + 0.3·U + 0.2·A) / (the weights of the parts present)
///
/// E and U are present when the program has at least one rating of their kind, A when at least one learner completed
/// it; without E and U there is no index (achievements alone do not judge a program).
public struct QualityIndex: Codable, Sendable, Equatable {
    public struct Parts: Sendable, Equatable {
        public var expertScore: Double?
        public var expertRatings: Int
        public var userScore: Double?
        public var userRatings: Int
        public var winners: Int
        public var prizes: Int
        public var participants: Int
        public var learners: Int
    }

    static let weights = (expert: 0.5, users: 0.3, achievements: 0.2)
    static let achievementWeights = (winner: 1.0, prize: 0.7, participant: 0.3)
    public static let formula =
        "(0,5·E + 0,3·U + 0,2·A) / сумма весов имеющихся частей; E — средняя оценка экспертов, U — средняя оценка "
        + "обучающихся, A — min(100, 100·(победители + 0,7·призёры + 0,3·участники) / все завершившие обучение); "
        + "достижения — в утверждённых конкурсах за последний учебный год"

    /// the index, or nil when the program has neither expert nor learners' ratings
    public var index: Int?
    public var expert: Int?
    public var users: Int?
    public var achievements: Int?

    public init(_ p: Parts) {
        let e = p.expertRatings > 0 ? p.expertScore : nil
        let u = p.userRatings > 0 ? p.userScore : nil
        var a: Double?
        if p.learners > 0 {
            let w = Self.achievementWeights
            let points =
                w.winner * Double(p.winners) + w.prize * Double(p.prizes) + w.participant * Double(p.participants)
            a = min(100, 100 * points / Double(p.learners))
        }
        expert = e.map { Int($0.rounded()) }
        users = u.map { Int($0.rounded()) }
        achievements = a.map { Int($0.rounded()) }
        guard e != nil || u != nil else { return }
        let parts = [(e, Self.weights.expert), (u, Self.weights.users), (a, Self.weights.achievements)]
            .compactMap { value, weight in value.map { ($0, weight) } }
        let total = parts.reduce(0) { $0 + $1.0 * $1.1 } / parts.reduce(0) { $0 + $1.1 }
        index = Int(total.rounded())
    }
}
