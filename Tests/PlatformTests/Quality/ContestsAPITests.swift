import Foundation
import HTTPTypes
import Platform
import XCTest

@testable import Platform

/// SPEC §11 contests and achievements: a learner proposes a contest (inactive, seen by them and operators only) and
/// records a result in it; it counts only once a moderator approves the contest, and only within the last academic
/// year; every bad field is named; a contest with results is not deleted.
final class ContestsAPITests: XCTestCase {
    /// A finished group of `program` in which the learner completed the program (set up in SQL: the training flow has
    /// tests of its own).
    static func completed(_ services: Services, learner: String, program: String) async throws {
        let (p, l) = (UUID(uuidString: program)!, UUID(uuidString: learner)!)
        try await services.db.execute(
            """
            WITH g AS (INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on,
                         status)
                       SELECT id, org_id, 'Группа ' || left(id::text, 6), 1, 10, date '2026-09-01', date '2026-10-30',
                         'finished' FROM programs WHERE id = \(p) RETURNING id, program_id, org_id)
            INSERT INTO applications (program_id, org_id, learner_id, last_name, first_name, email, status, group_id)
            SELECT g.program_id, g.org_id, u.id, u.last_name, u.first_name, u.email, 'completed', g.id
            FROM g, users u WHERE u.id = \(l)
            """)
    }

    func testProposedContestsCountOnlyOnceApprovedAndInTheLastAcademicYear() async throws {
        try await withApp { api, services in
            let moderator = try await api.admin(roles: ["moderator"]).token
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100771", ogrn: "102380000771", email: "contests@college.ru",
                program: "Токарь-универсал: обработка деталей на станках с ЧПУ")
            let learner = try await api.learner("contest-learner@example.ru", last: "Петрова")
            let other = try await api.learner("contest-other@example.ru")
            try await Self.completed(services, learner: learner.id, program: college.programId)

            // a learner proposes a contest: inactive, seen by them and operators, not by others
            let bad = try await api.post(
                "/api/v1/contests",
                ["organizer": "Минобр", "url": "ftp://x", "startsOn": "2026-10-10", "endsOn": "2026-10-01"],
                token: learner.token)
            XCTAssertEqual(Set(bad.errorFields), ["name", "url", "endsOn"], bad.text)
            let proposed = try await api.post(
                "/api/v1/contests",
                [
                    "name": "Молодые профессионалы: токарные работы", "organizer": "Региональный центр WorldSkills",
                    "status": "approved", "startsOn": "2026-10-01", "endsOn": "2026-10-03",
                ], token: learner.token)
            XCTAssertEqual(proposed.status, .created, proposed.text)
            XCTAssertEqual(proposed["status"] as? String, "inactive", "a proposal is inactive whatever it says")
            let contest = proposed["id"] as! String
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/contests/\(contest)", token: other.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/contests?q=токарные", token: other.token).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/contests?status=inactive", token: moderator).items.count, 1)
            try await XCTAssertEqualAsync(
                try await api.call(.put, "/api/v1/contests/\(contest)", json: ["name": "x"], token: learner.token)
                    .status, .forbidden)
            // an operator's correction without a status does not approve the proposal
            let corrected = try await api.call(
                .put, "/api/v1/contests/\(contest)",
                json: [
                    "name": "Молодые профессионалы: токарные работы", "startsOn": "2026-10-01", "endsOn": "2026-10-03",
                ], token: moderator)
            XCTAssertEqual(corrected["status"] as? String, "inactive", corrected.text)

            // the learner records a result; every bad field is named
            let wrong = try await api.post(
                "/api/v1/me/achievements",
                [
                    "contestId": UUID().uuidString, "programId": UUID().uuidString, "result": "gold", "place": 0,
                    "achievedOn": "2099-01-01",
                ], token: learner.token)
            XCTAssertEqual(
                Set(wrong.errorFields), ["contestId", "programId", "result", "place", "achievedOn"], wrong.text)
            let mismatched = try await api.post(
                "/api/v1/me/achievements",
                ["contestId": contest, "result": "winner", "place": 2, "achievedOn": "2026-09-20"],
                token: learner.token)
            XCTAssertEqual(Set(mismatched.errorFields), ["place", "achievedOn"], mismatched.text)
            let othersOwn = try await api.post(
                "/api/v1/me/achievements",
                ["contestId": contest, "result": "winner", "achievedOn": "2026-10-03"], token: other.token)
            XCTAssertEqual(othersOwn.errorFields, ["contestId"], "an inactive contest is only its proposer's")
            let diploma = try await api.upload(bytes: Samples.pdf, filename: "диплом.pdf", token: learner.token)
            let recorded = try await api.post(
                "/api/v1/me/achievements",
                [
                    "contestId": contest, "programId": college.programId, "result": "winner", "place": 1,
                    "achievedOn": "2026-10-03", "documentFileId": diploma["id"] as! String,
                ], token: learner.token)
            XCTAssertEqual(recorded.status, .created, recorded.text)
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/me/achievements", ["contestId": contest, "result": "prize", "achievedOn": "2026-10-03"],
                    token: learner.token
                ).code, "already_recorded")
            let mine = try await api.get("/api/v1/me/achievements", token: learner.token)
            XCTAssertEqual(mine.items.first?["counted"] as? Bool, false, "an inactive contest counts for nothing")
            XCTAssertEqual((mine["programs"] as? [[String: Any]])?.first?["id"] as? String, college.programId)

            // a moderator approves it (If-Match the version read): now it counts
            let read = try await api.get("/api/v1/contests/\(contest)", token: moderator)
            let approve: [String: Any] = [
                "name": "Молодые профессионалы: токарные работы", "organizer": "Региональный центр WorldSkills",
                "startsOn": "2026-10-01", "endsOn": "2026-10-03", "status": "approved",
            ]
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/contests/\(contest)", json: approve, token: moderator,
                    headers: [.ifMatch: "\"99\""]
                ).status, .preconditionFailed)
            let approved = try await api.call(
                .put, "/api/v1/contests/\(contest)", json: approve, token: moderator,
                headers: [.ifMatch: read.headers[.eTag]!])
            XCTAssertEqual(approved["status"] as? String, "approved", approved.text)
            XCTAssertEqual(approved["proposedBy"] as? String, "Петрова Анна", "operators see who proposed it")
            let seen = try await api.get("/api/v1/contests/\(contest)", token: other.token)
            XCTAssertEqual(seen.status, .ok, seen.text)
            XCTAssertTrue(seen["proposedBy"] is NSNull, "others do not: \(seen.text)")
            let twice = try await api.post(
                "/api/v1/contests", ["name": "молодые профессионалы: ТОКАРНЫЕ работы"], token: other.token)
            XCTAssertEqual(twice.code, "duplicate", twice.text)
            let noSuchDay = try await api.post(
                "/api/v1/contests", ["name": "Весенний конкурс", "startsOn": "2026-02-30"], token: other.token)
            XCTAssertEqual(noSuchDay.errorFields, ["startsOn"], noSuchDay.text)
            XCTAssertTrue(noSuchDay.text.contains("Такой даты нет"), noSuchDay.text)
            let counted = try await api.get(
                "/api/v1/achievements?counted=true&programId=\(college.programId)", token: moderator)
            XCTAssertEqual(counted.items.count, 1, counted.text)
            XCTAssertEqual(counted.items.first?["learner"] as? String, "Петрова Анна")

            // an achievement of an earlier academic year does not count
            let old = try await api.post(
                "/api/v1/contests", ["name": "Олимпиада по черчению 2024"], token: moderator)
            XCTAssertEqual(old["status"] as? String, "approved", old.text)
            let earlier = try await api.post(
                "/api/v1/me/achievements",
                ["contestId": old["id"] as! String, "result": "prize", "place": 2, "achievedOn": "2025-05-20"],
                token: learner.token)
            XCTAssertEqual(earlier.status, .created, earlier.text)
            let notCounted = try await api.get("/api/v1/achievements?counted=false", token: moderator)
            XCTAssertEqual(notCounted.items.map { $0["achievedOn"] as? String }, ["2025-05-20"], notCounted.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/achievements", token: learner.token).status, .forbidden)
            let csv = try await api.get("/api/v1/achievements?format=csv", token: moderator)
            XCTAssertTrue(csv.text.contains("Победитель") && csv.text.contains("Петрова Анна"), csv.text)
            let contestsCSV = try await api.get("/api/v1/contests?format=csv", token: moderator)
            XCTAssertTrue(contestsCSV.text.contains("Утверждён"), contestsCSV.text)

            // the document opens for operators; a contest with results is not deleted; an empty one is
            let document = try XCTUnwrap(
                (counted.items.first?["document"] as? [String: Any])?["url"] as? String, counted.text)
            try await XCTAssertEqualAsync(try await api.download(document, token: moderator).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/contests/\(contest)", token: moderator).code, "has_achievements")
            let empty = try await api.post("/api/v1/contests", ["name": "Пустой конкурс"], token: moderator)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/contests/\(empty["id"] as! String)", token: moderator).status,
                .noContent)
            // an operator removes an achievement that does not hold; a learner may not remove others'
            let earlierId = try XCTUnwrap(earlier["id"] as? String)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/achievements/\(earlierId)", token: learner.token).status,
                .forbidden)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/achievements/\(earlierId)", token: moderator).status, .noContent)
            let id = try XCTUnwrap(mine.items.first?["id"] as? String)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/me/achievements/\(id)", token: other.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/me/achievements/\(id)", token: learner.token).status, .noContent)
        }
    }

    func testTheAcademicYearStartsOnTheFirstOfSeptember() {
        XCTAssertEqual(AcademicYear.start(of: CivilDate("2026-11-30")!).iso, "2026-09-01")
        XCTAssertEqual(AcademicYear.start(of: CivilDate("2026-08-31")!).iso, "2025-09-01")
        XCTAssertEqual(AcademicYear.start(of: CivilDate("2026-09-01")!).iso, "2026-09-01")
    }
}
