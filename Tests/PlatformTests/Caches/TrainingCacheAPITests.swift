import Foundation
import HTTPTypes
import Platform
import XCTest

/// Desk pages and group journals are answered from memory (`TrainingCache`) until something they show changes.
final class TrainingCacheAPITests: XCTestCase {
    static let xCache = HTTPField.Name("X-Cache")!

    /// Polls until the answer satisfies `done` (the listener connects, and a notice arrives, within milliseconds).
    static func eventually(_ api: API, _ path: String, token: String, _ done: (Reply) -> Bool) async throws -> Reply {
        for _ in 0..<100 {
            let reply = try await api.get(path, token: token)
            if done(reply) { return reply }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await api.get(path, token: token)
    }

    func testDeskAndJournalComeFromMemoryUntilWhatTheyShowChanges() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await TrainingAPITests.college(
                api, services, inn: "381100095", ogrn: "102380000095", email: "college-c@training.ru",
                program: "Токарное дело")
            let learner = try await api.learner("kuznetsova@training.ru", last: "Кузнецова")
            let app =
                try await api.post("/api/v1/programs/\(a.programId)/applications", token: learner.token)["id"]
                as! String

            // a repeated desk question is answered from memory
            let newDesk = "/api/v1/applications?status=new"
            let cached = try await Self.eventually(api, newDesk, token: a.org.token) {
                $0.headers[Self.xCache] == "hit"
            }
            XCTAssertEqual(cached.headers[Self.xCache], "hit", cached.text)
            XCTAssertEqual(cached.items.compactMap { $0["id"] as? String }, [app])
            // another user of the same organization shares it; the same question in another parameter order too
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?limit=50&status=new", token: a.org.token).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?status=new&limit=50", token: a.org.token).headers[Self.xCache],
                "hit")

            // the writer's very next read shows its change (the write answered after this server heard its notices)
            let group =
                try await api.post(
                    "/api/v1/groups",
                    [
                        "programId": a.programId, "name": "ТК-1", "maxSize": 5,
                        "startsOn": "2026-12-07", "endsOn": "2026-12-20",
                    ], token: a.org.token)["id"] as! String
            let confirmed = try await api.post(
                "/api/v1/applications/\(app)/confirm", ["groupId": group], token: a.org.token)
            XCTAssertEqual(confirmed["status"] as? String, "confirmed", confirmed.text)
            let afterConfirm = try await api.get(newDesk, token: a.org.token)
            XCTAssertEqual(afterConfirm.items.count, 0, afterConfirm.text)
            XCTAssertEqual(afterConfirm.headers[Self.xCache], "miss")

            // a change made elsewhere (another server, a script) reaches the cached page through NOTIFY
            // training_changed
            let confirmedDesk = "/api/v1/applications?status=confirmed"
            _ = try await Self.eventually(api, confirmedDesk, token: a.org.token) { $0.headers[Self.xCache] == "hit" }
            try await services.db.execute(
                "UPDATE applications SET last_name = 'Кузнецова-Орлова' WHERE id = \(UUID(uuidString: app)!)")
            let renamed = try await Self.eventually(api, confirmedDesk, token: a.org.token) {
                ($0.items.first?["name"] as? String)?.hasPrefix("Кузнецова-Орлова") == true
            }
            XCTAssertEqual(renamed.items.first?["name"] as? String, "Кузнецова-Орлова Анна", renamed.text)
            // so does a renamed group, on the desk rows of its learners
            try await services.db.execute(
                "UPDATE study_groups SET name = 'ТК-1 (вечерняя)' WHERE id = \(UUID(uuidString: group)!)")
            let regrouped = try await Self.eventually(api, confirmedDesk, token: a.org.token) {
                ($0.items.first?["group"] as? [String: Any])?["name"] as? String == "ТК-1 (вечерняя)"
            }
            XCTAssertEqual(
                (regrouped.items.first?["group"] as? [String: Any])?["name"] as? String, "ТК-1 (вечерняя)",
                regrouped.text)

            // the journal: from memory; a mark shows in the very next read
            let lesson = try await api.post(
                "/api/v1/groups/\(group)/schedule",
                [
                    "date": "2026-12-08", "startTime": "10:00", "academicHours": 2,
                    "teacherId": a.teacherId, "roomId": a.roomId,
                ], token: a.org.token)
            XCTAssertEqual(lesson.status, .created, lesson.text)
            let lessonId = lesson.array.first?["id"] as! String
            // marks go to lessons held: the lesson moves a year back (before the journal is cached)
            _ = try await services.db.rows(
                """
                UPDATE schedule_lessons
                SET starts_at = starts_at - interval '1 year', ends_at = ends_at - interval '1 year'
                WHERE id = \(UUID(uuidString: lessonId)!)
                """)
            let journal = "/api/v1/groups/\(group)/gradebook"
            let cachedJournal = try await Self.eventually(api, journal, token: a.org.token) {
                $0.headers[Self.xCache] == "hit"
            }
            XCTAssertEqual((cachedJournal["lessons"] as? [[String: Any]])?.count, 1, cachedJournal.text)
            XCTAssertEqual(cachedJournal["canGrade"] as? Bool, true)
            let marked = try await api.call(
                .put, "\(journal)/marks", json: ["applicationId": app, "lessonId": lessonId, "mark": "4"],
                token: a.org.token)
            XCTAssertEqual(
                ((marked["rows"] as? [[String: Any]])?.first?["marks"] as? [String: String])?[lessonId], "4",
                marked.text)
            let afterMark = try await api.get(journal, token: a.org.token)
            XCTAssertEqual(
                ((afterMark["rows"] as? [[String: Any]])?.first?["marks"] as? [String: String])?[lessonId], "4",
                afterMark.text)

            // a journal in memory is still only for its organization; the learner of it reads nothing either
            _ = try await Self.eventually(api, journal, token: a.org.token) { $0.headers[Self.xCache] == "hit" }
            // a writer's catch-up is answered by its own notice, not by the one-second fallback that empties the cache
            let before = services.trainingCache.count
            let started = ContinuousClock.now
            await services.trainingCache.catchUp(channel: TrainingCache.channel, db: services.db)
            XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(500))
            XCTAssertEqual(services.trainingCache.count, before, "nothing dropped")
            let b = try await developer(
                api, services, inn: "381100096", ogrn: "102380000096", email: "college-d@training.ru")
            try await XCTAssertEqualAsync(try await api.get(journal, token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(try await api.get(journal, token: learner.token).status, .notFound)
            // and another organization's desk is its own (empty), not this one's from memory
            try await XCTAssertEqualAsync(try await api.get(confirmedDesk, token: b.token).items.count, 0)
        }
    }

    /// The desk's period: days (`YYYY-MM-DD`, both ends included) or RFC 3339 moments; a wrong one is a 422 naming it.
    func testDeskPeriodTakesDaysAndMoments() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await TrainingAPITests.college(
                api, services, inn: "381100097", ogrn: "102380000097", email: "college-e@training.ru",
                program: "Фрезерное дело")
            let learner = try await api.learner("frezer@training.ru", last: "Фомина")
            let app =
                try await api.post("/api/v1/programs/\(a.programId)/applications", token: learner.token)["id"]
                as! String
            let day: (TimeInterval) -> String = {
                Date(timeIntervalSinceNow: $0).formatted(.iso8601.year().month().day())
            }
            let today = day(0)
            let tomorrow = day(86_400)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?from=\(today)&to=\(today)", token: a.org.token)
                    .items.compactMap { $0["id"] as? String }, [app])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?from=\(tomorrow)", token: a.org.token).items.count, 0)
            let hourAgo = Date(timeIntervalSinceNow: -3600).formatted(.iso8601)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?from=\(hourAgo)", token: a.org.token).items.count, 1)
            let wrong = try await api.get("/api/v1/applications?from=2026-13-01&to=вчера", token: a.org.token)
            XCTAssertEqual(wrong.status, .unprocessableContent, wrong.text)
            XCTAssertEqual(Set(wrong.errorFields), ["from", "to"])
        }
    }
}
