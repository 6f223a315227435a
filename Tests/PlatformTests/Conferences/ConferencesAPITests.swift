import Foundation
import Hummingbird
import NIOCore
import Platform
import Synchronization
import XCTest

@testable import Platform

/// SPEC §10 web conferences: a teacher gives a lesson of the group's schedule a conference — a link, or a
/// BigBlueButton room that the platform creates on the BigBlueButton server (a fake one here, which checks every
/// checksum) — and its learners join from their week, from 30 minutes before the lesson to its end.
final class ConferencesAPITests: XCTestCase {
    /// A lesson of the class's group on its first day; `now` moves it to the present by the region's clock.
    static func lesson(_ api: API, _ c: TestsAPITests.Class, services: Services, now: Bool) async throws -> String {
        let org = c.college.org.token
        let made = try await api.post(
            "/api/v1/groups/\(c.group)/schedule", ["date": "2027-03-02", "startTime": "10:00", "academicHours": 2],
            token: org)
        XCTAssertTrue([.created, .ok].contains(made.status), made.text)
        let lessons = try await api.get("/api/v1/groups/\(c.group)/schedule", token: org)
        let id = try XCTUnwrap((lessons.json["items"] as? [[String: Any]] ?? lessons.array).first?["id"] as? String)
        if now {
            try await services.db.execute(
                """
                UPDATE schedule_lessons SET starts_at = (now() AT TIME ZONE 'Asia/Irkutsk') - interval '10 minutes',
                  ends_at = (now() AT TIME ZONE 'Asia/Irkutsk') + interval '80 minutes'
                WHERE id = \(UUID(uuidString: id)!)
                """)
        }
        return id
    }

    func testALessonCarriesALinkLearnersOfTheGroupJoinInItsTime() async throws {
        try await withApp { api, services in
            let c = try await TestsAPITests.classroom(api, services)
            let org = c.college.org.token
            let lesson = try await Self.lesson(api, c, services: services, now: false)
            let url = "/api/v1/groups/\(c.group)/schedule/\(lesson)/conference"

            // the fields named; BigBlueButton is not configured on this server
            try await XCTAssertEqualAsync(
                try await api.call(.put, url, json: ["kind": "link", "url": "zoom"], token: org).errorFields, ["url"])
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, url, json: ["kind": "link", "url": "https://meet.example.ru@evil.example/"],
                    token: org
                ).errorFields, ["url"])
            let bbb = try await api.call(.put, url, json: ["kind": "bbb"], token: org)
            XCTAssertEqual(bbb.errorFields, ["kind"], bbb.text)
            XCTAssertTrue(bbb.text.contains("not_configured"), bbb.text)
            // a learner does not set it; a learner of another group does not see it
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, url, json: ["kind": "link", "url": "https://meet.example.ru/x"],
                    token: c.learner.token
                ).status, .notFound)

            let link = "https://meet.example.ru/welding-101"
            let set = try await api.call(.put, url, json: ["kind": "link", "url": link], token: org)
            XCTAssertEqual(set["kind"] as? String, "link", set.text)
            // the learner's week shows it
            let week = try await api.get("/api/v1/me/schedule?date=2027-03-02", token: c.learner.token)
            let shown = (week.json["lessons"] as? [[String: Any]])?.first?["conference"] as? [String: Any]
            XCTAssertEqual(shown?["kind"] as? String, "link", week.text)
            XCTAssertNil(shown?["url"], "the address is given by joining, to the group's people only")

            // too early for the learner; the teacher may open it at any time
            let early = try await api.post(url + "/join", token: c.learner.token)
            XCTAssertEqual(early["code"] as? String, "not_open_yet", early.text)
            try await XCTAssertEqualAsync(try await api.post(url + "/join", token: org)["url"] as? String, link)
            try await XCTAssertEqualAsync(try await api.post(url + "/join", token: c.stranger.token).status, .notFound)

            // in its time the learner joins
            try await services.db.execute(
                """
                UPDATE schedule_lessons SET starts_at = (now() AT TIME ZONE 'Asia/Irkutsk') + interval '20 minutes',
                  ends_at = (now() AT TIME ZONE 'Asia/Irkutsk') + interval '110 minutes'
                WHERE id = \(UUID(uuidString: lesson)!)
                """)
            let joined = try await api.post(url + "/join", token: c.learner.token)
            XCTAssertEqual(joined["url"] as? String, link, joined.text)

            try await XCTAssertEqualAsync(try await api.call(.delete, url, token: org).status, .noContent)
            try await XCTAssertEqualAsync(try await api.post(url + "/join", token: c.learner.token).status, .notFound)
        }
    }

    func testABigBlueButtonRoomIsCreatedWithItsChecksumAndEachPersonGetsTheirOwnJoin() async throws {
        let fake = FakeBigBlueButton(secret: "fake-bbb-secret-123")
        let port = try await fake.start()
        defer { fake.stop() }
        try await withApp(configure: {
            $0.bigBlueButton = BigBlueButton(url: "http://127.0.0.1:\(port)/bigbluebutton/", secret: fake.secret)
        }) { api, services in
            let c = try await TestsAPITests.classroom(api, services)
            let org = c.college.org.token
            let lesson = try await Self.lesson(api, c, services: services, now: true)
            let url = "/api/v1/groups/\(c.group)/schedule/\(lesson)/conference"
            let set = try await api.call(.put, url, json: ["kind": "bbb"], token: org)
            XCTAssertEqual(set["kind"] as? String, "bbb", set.text)

            let teacher = try await api.post(url + "/join", token: org)
            XCTAssertEqual(teacher.status, .ok, teacher.text)
            let learner = try await api.post(url + "/join", token: c.learner.token)
            XCTAssertEqual(learner.status, .ok, learner.text)
            let creates = await fake.creates
            XCTAssertEqual(creates.count, 2, "each join makes sure the room exists")
            let room = try XCTUnwrap(creates.first)
            XCTAssertEqual(room["meetingID"], "copp-\(lesson)")
            XCTAssertNotEqual(room["attendeePW"], room["moderatorPW"])
            // the teacher enters as a moderator, the learner as an attendee, each by a join signed for them
            for (reply, password) in [(teacher, room["moderatorPW"]!), (learner, room["attendeePW"]!)] {
                let join = try XCTUnwrap(reply["url"] as? String)
                let (call, query, checksum) = try XCTUnwrap(BigBlueButtonTests.parts(join))
                XCTAssertEqual(call, "join")
                XCTAssertEqual(checksum, BigBlueButton.checksum(call: "join", query: query, secret: fake.secret))
                XCTAssertTrue(query.contains("password=\(password)&"), query)
                XCTAssertTrue(query.contains("meetingID=copp-\(lesson)&"), query)
            }
            XCTAssertFalse(learner.text.contains(room["moderatorPW"]!), "a learner never sees the moderator password")

            // a BigBlueButton server that refuses: 502 with its reason
            await fake.refuse()
            let refused = try await api.post(url + "/join", token: c.learner.token)
            XCTAssertEqual(refused.status, .badGateway, refused.text)
            XCTAssertEqual(refused["code"] as? String, "conference_unavailable")
        }
    }
}

/// A BigBlueButton server for tests: `create` checks the checksum as BigBlueButton does and records the parameters.
final class FakeBigBlueButton: Sendable {
    let secret: String
    let state = State()
    let task = Mutex<Task<Void, any Error>?>(nil)

    actor State {
        var creates: [[String: String]] = []
        var refusing = false
        func record(_ p: [String: String]) { creates.append(p) }
        func refuse() { refusing = true }
    }

    init(secret: String) { self.secret = secret }

    var creates: [[String: String]] { get async { await state.creates } }
    func refuse() async { await state.refuse() }

    func start() async throws -> Int {
        let router = Router()
        let (secret, state) = (secret, state)
        router.get("/bigbluebutton/api/create") { request, _ -> String in
            let raw = request.uri.query ?? ""
            guard let sum = raw.range(of: "&checksum=", options: .backwards) else {
                return Self.failed("checksumError")
            }
            let query = String(raw[..<sum.lowerBound])
            guard BigBlueButton.checksum(call: "create", query: query, secret: secret) == raw[sum.upperBound...] else {
                return Self.failed("checksumError")
            }
            if await state.refusing { return Self.failed("idNotUnique") }
            var parameters: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                parameters[kv[0]] =
                    kv.count > 1 ? kv[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding : ""
            }
            await state.record(parameters)
            return
                "<response><returncode>SUCCESS</returncode><meetingID>\(parameters["meetingID"] ?? "")</meetingID>"
                + "</response>"
        }
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                port.yield(channel.localAddress?.port ?? 0)
                port.finish()
            })
        task.withLock { $0 = Task { try await app.runService() } }
        for await p in ports { return p }
        throw CancellationError()
    }

    func stop() { task.withLock { $0?.cancel() } }

    static func failed(_ key: String) -> String {
        "<response><returncode>FAILED</returncode><messageKey>\(key)</messageKey></response>"
    }
}
