import Foundation
import HTTPTypes
import Platform
import XCTest

/// SPEC §7: when a group is full, confirmed applicants wait in a waitlist in order and move into the group when a
/// place frees.
final class WaitlistAPITests: XCTestCase {
    func testAFullGroupsWaitlistMovesInOrderWhenPlacesFree() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let college = try await TrainingAPITests.college(
                api, services, inn: "381100991", ogrn: "102380000991", email: "wait@college.ru",
                program: "Сварка в защитных газах")
            let org = college.org.token
            let group =
                try await api.post(
                    "/api/v1/groups",
                    [
                        "programId": college.programId, "name": "СВ-Л", "minSize": 1, "maxSize": 1,
                        "startsOn": "2027-02-01", "endsOn": "2027-02-20",
                    ], token: org)["id"] as! String
            var learners: [(id: String, token: String, application: String)] = []
            for n in 1...4 {
                let learner = try await api.learner("wait-\(n)@example.ru")
                let applied = try await api.post(
                    "/api/v1/programs/\(college.programId)/applications", token: learner.token)
                learners.append((learner.id, learner.token, applied["id"] as! String))
            }
            func act(_ n: Int, _ action: String, _ body: [String: Any] = [:]) async throws -> Reply {
                try await api.post("/api/v1/applications/\(learners[n].application)/\(action)", body, token: org)
            }
            func card(_ n: Int) async throws -> Reply {
                try await api.get("/api/v1/applications/\(learners[n].application)", token: learners[n].token)
            }

            // the last place goes to the first; the next are offered the waitlist and queue in order
            try await XCTAssertEqualAsync(
                try await act(0, "confirm", ["groupId": group])["status"] as? String, "confirmed")
            let full = try await act(1, "confirm", ["groupId": group])
            XCTAssertEqual(full.status, .conflict, full.text)
            XCTAssertEqual(full.code, "group_full")
            XCTAssertEqual(full["allowedActions"] as? [String], ["waitlist"])
            let queued = try await act(1, "waitlist", ["groupId": group])
            XCTAssertEqual(queued["status"] as? String, "waitlisted", queued.text)
            XCTAssertEqual(queued["waitlistPosition"] as? Int, 1)
            _ = try await act(2, "waitlist", ["groupId": group])
            _ = try await act(3, "waitlist", ["groupId": group])
            try await XCTAssertEqualAsync(try await card(2)["waitlistPosition"] as? Int, 2)
            let number = try await card(1)["number"] as? Int ?? 0
            try await XCTAssertEqualAsync(
                try await api.lastMail(to: "wait-2@example.ru")?.subject, "Заявка № \(number): в листе ожидания")
            // still one active application per person and program
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/programs/\(college.programId)/applications", token: learners[1].token
                ).status, .conflict)

            // the fourth gives up while waiting
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/applications/\(learners[3].application)/withdraw", token: learners[3].token
                )["status"] as? String, "cancelled")

            // the confirmed one is cancelled: the first waiting takes the place, and is told
            let reason = try await api.get("/api/v1/directories/cancellation_reasons").items.first?["id"] as! String
            _ = try await act(0, "cancel", ["reasonId": reason, "comment": "Не сможет учиться"])
            let moved = try await card(1)
            XCTAssertEqual(moved["status"] as? String, "confirmed", moved.text)
            XCTAssertEqual((moved["group"] as? [String: Any])?["id"] as? String, group)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/messages", token: learners[1].token).items.first?["subject"] as? String,
                "Заявка № \(moved["number"] as? Int ?? 0): подтверждена")
            try await XCTAssertEqualAsync(try await card(2)["waitlistPosition"] as? Int, 1)

            // a place added to the group goes to the next in the queue
            let raised = try await api.call(.patch, "/api/v1/groups/\(group)", json: ["maxSize": 2], token: org)
            XCTAssertEqual(raised.status, .ok, raised.text)
            try await XCTAssertEqualAsync(try await card(2)["status"] as? String, "confirmed")

            // a group with free places is confirmed into, not queued for
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/groups/\(group)", json: ["maxSize": 5], token: org).status, .ok)
            let fifth = try await api.learner("wait-5@example.ru")
            let application =
                try await api.post("/api/v1/programs/\(college.programId)/applications", token: fifth.token)["id"]
                as! String
            let refused = try await api.post(
                "/api/v1/applications/\(application)/waitlist", ["groupId": group], token: org)
            XCTAssertEqual(refused.code, "group_has_places", refused.text)
            // nobody but the organization queues applications
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/applications/\(application)/waitlist", ["groupId": group], token: fifth.token
                ).status, .conflict)
        }
    }
}
