import Foundation
import HTTPTypes
import Platform
import XCTest

@testable import Platform

/// SPEC §11: the program quality index from expert ratings, learners' ratings and achievements (the formula in
/// `QualityIndex`), the region's ranking, and «Статистика НОКО» per day, week or month.
final class QualityAPITests: XCTestCase {
    func parts(
        expert: Double? = nil, experts: Int = 0, users: Double? = nil, ratings: Int = 0, winners: Int = 0,
        prizes: Int = 0, participants: Int = 0, learners: Int = 0
    ) -> QualityIndex.Parts {
        .init(
            expertScore: expert, expertRatings: experts, userScore: users, userRatings: ratings, winners: winners,
            prizes: prizes, participants: participants, learners: learners)
    }

    func testTheIndexWeighsThePartsPresent() {
        // experts only
        XCTAssertEqual(QualityIndex(parts(expert: 80, experts: 5)).index, 80)
        // all three: A = 100 × (1 + 0.7 + 2 × 0.3) / 10 = 23; (0.5 × 80 + 0.3 × 60 + 0.2 × 23) / 1 = 62.6
        let all = QualityIndex(
            parts(expert: 80, experts: 5, users: 60, ratings: 3, winners: 1, prizes: 1, participants: 2, learners: 10))
        XCTAssertEqual(all.achievements, 23)
        XCTAssertEqual(all.index, 63)
        // learners' ratings and achievements: (0.3 × 88 + 0.2 × 100) / 0.5 = 92.8, A capped at 100
        let capped = QualityIndex(parts(users: 88, ratings: 1, winners: 3, learners: 1))
        XCTAssertEqual(capped.achievements, 100)
        XCTAssertEqual(capped.index, 93)
        // achievements alone do not judge a program; a learner who won nothing gives A = 0
        XCTAssertNil(QualityIndex(parts(winners: 2, learners: 2)).index)
        XCTAssertEqual(QualityIndex(parts(users: 50, ratings: 2, learners: 4)).index, 30)
    }

    func testAProgramsIndexRankingAndStatistics() async throws {
        try await withApp { api, services in
            let moderator = try await api.admin(roles: ["moderator"]).token
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100551", ogrn: "102380000551", email: "quality@college.ru",
                program: "Сварщик арматурных сеток и каркасов")
            let program = college.programId
            let learner = try await api.learner("quality-learner@example.ru")
            try await ContestsAPITests.completed(services, learner: learner.id, program: program)
            _ = try await LearnerFeedbackAPITests.inForce(api, "rating", token: moderator)
            let rated = try await api.post(
                "/api/v1/programs/\(program)/ratings", ["answers": ["content": 5, "teachers": 4]], token: learner.token)
            XCTAssertEqual(rated["score"] as? Int, 88, rated.text)
            let contest = try await api.post("/api/v1/contests", ["name": "Чемпионат сварщиков"], token: moderator)
            let today = CivilDate(Date(), zone: TimeZone(identifier: "Asia/Irkutsk")!).iso
            let won = try await api.post(
                "/api/v1/me/achievements",
                ["contestId": contest["id"] as! String, "programId": program, "result": "winner", "achievedOn": today],
                token: learner.token)
            XCTAssertEqual(won.status, .created, won.text)

            let read = try await api.get("/api/v1/programs/\(program)/quality", token: college.org.token)
            let quality = try XCTUnwrap(read["quality"] as? [String: Any], read.text)
            XCTAssertEqual(quality["users"] as? Int, 88)
            XCTAssertEqual(quality["achievements"] as? Int, 100)
            XCTAssertEqual(quality["index"] as? Int, 93, read.text)
            XCTAssertNotNil(read["formula"] as? String)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/programs/\(program)/quality", token: learner.token).status, .notFound)

            let ranking = try await api.get("/api/v1/quality/programs?q=арматурных", token: moderator)
            XCTAssertEqual(ranking.items.first?["programId"] as? String, program, ranking.text)
            XCTAssertEqual(ranking.items.first?["index"] as? Int, 93)
            let csv = try await api.get("/api/v1/quality/programs?format=csv", token: moderator)
            XCTAssertTrue(csv.text.contains("Сварщик арматурных сеток и каркасов") && csv.text.contains("93"), csv.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/quality/programs", token: learner.token).status, .forbidden)

            let days = try await api.get("/api/v1/quality/statistics?kind=user_ratings&period=day", token: moderator)
            let points = try XCTUnwrap(days["points"] as? [[String: Any]], days.text)
            XCTAssertEqual(points.count, 30, "the last 30 days, empty ones included")
            XCTAssertEqual(points.last?["start"] as? String, today)
            XCTAssertEqual(points.last?["count"] as? Int, 1)
            XCTAssertEqual(points.last?["mean"] as? Int, 88)
            let months = try await api.get(
                "/api/v1/quality/statistics?kind=achievements&period=month", token: moderator)
            XCTAssertEqual((months["points"] as? [[String: Any]])?.count, 12, months.text)
            XCTAssertEqual((months["points"] as? [[String: Any]])?.last?["count"] as? Int, 1, months.text)
            let bad = try await api.get(
                "/api/v1/quality/statistics?kind=likes&from=2026-12-01&to=2026-01-01", token: moderator)
            XCTAssertEqual(bad.errorFields, ["kind"], bad.text)
            let reversed = try await api.get(
                "/api/v1/quality/statistics?from=2026-12-01&to=2026-01-01", token: moderator)
            XCTAssertEqual(reversed.errorFields, ["to"], reversed.text)
            let future = try await api.get("/api/v1/quality/statistics?from=2999-01-01", token: moderator)
            XCTAssertEqual(future.errorFields, ["from"], future.text)
        }
    }
}
