import Foundation
import Hummingbird
import NIOCore
import Platform
import Synchronization
import XCTest

@testable import Platform

/// SPEC §10 optional Moodle: a college names its group's Moodle course and pushes the group's learners there — found
/// by e-mail or given an account, then enrolled as students — against a fake Moodle that answers only the requests of
/// the recorded contract (Tests/contracts/moodle/push-group.json), field for field.
final class MoodleAPITests: XCTestCase {
    func testAGroupsLearnersArePushedToItsMoodleCourseAsTheRecordedContractSays() async throws {
        let contract = try MoodleContract(path: repositoryRoot + "/Tests/contracts/moodle/push-group.json")
        let fake = FakeMoodle(contract: contract)
        let port = try await fake.start()
        defer { fake.stop() }
        try await withApp(configure: {
            $0.moodle = MoodleClient(site: "http://127.0.0.1:\(port)/", token: contract.token)
        }) { api, services in
            let c = try await TestsAPITests.classroom(api, services)
            let org = c.college.org.token
            // a second learner of the group, not yet in Moodle
            let newcomer = try await api.learner("moodle-new@example.ru", last: "Новикова")
            let applied = try await api.post(
                "/api/v1/programs/\(c.college.programId)/applications", token: newcomer.token)
            let confirmed = try await api.post(
                "/api/v1/applications/\(applied["id"] as! String)/confirm", ["groupId": c.group], token: org)
            XCTAssertEqual(confirmed["status"] as? String, "confirmed", confirmed.text)

            let settings = try await api.get("/api/v1/moodle/settings", token: org)
            XCTAssertEqual(settings["enabled"] as? Bool, true, settings.text)
            let url = "/api/v1/groups/\(c.group)/moodle"
            // the course first; named by whoever manages the group, a whole number
            let noCourse = try await api.post(url + "/push", token: org)
            XCTAssertEqual(noCourse.errorFields, ["courseId"], noCourse.text)
            try await XCTAssertEqualAsync(
                try await api.call(.put, url, json: ["courseId": 0], token: org).errorFields, ["courseId"])
            try await XCTAssertEqualAsync(
                try await api.call(.put, url, json: ["courseId": 7], token: c.learner.token).status, .notFound)
            let named = try await api.call(.put, url, json: ["courseId": 7], token: org)
            XCTAssertEqual(named["courseId"] as? Int, 7, named.text)
            try await XCTAssertEqualAsync(try await api.post(url + "/push", token: c.learner.token).status, .notFound)

            let pushed = try await api.post(url + "/push", token: org)
            XCTAssertEqual(pushed.status, .ok, pushed.text)
            XCTAssertEqual(pushed["learners"] as? Int, 2)
            XCTAssertEqual(pushed["createdAccounts"] as? Int, 1)
            let seen = await fake.state.log
            XCTAssertEqual(seen.mismatches, [], "every request is the recorded one")
            XCTAssertEqual(seen.answered, contract.exchanges.count, "all recorded calls made, in order")

            let state = try await api.get(url, token: org)
            let learners = try XCTUnwrap(state["learners"] as? [[String: Any]], state.text)
            XCTAssertEqual(learners.map { $0["email"] as? String }, ["moodle-new@example.ru", "tests-0@example.ru"])
            XCTAssertEqual(learners.map { $0["moodleUserId"] as? Int }, [42, 17])
            XCTAssertEqual(learners.map { $0["createdAccount"] as? Bool }, [true, false])
            XCTAssertEqual(learners.map { $0["inCourse"] as? Bool }, [true, true])

            // a Moodle that refuses the token: 502 naming Moodle's error code, and the group may push again
            await fake.state.refuse()
            let refused = try await api.post(url + "/push", token: org)
            XCTAssertEqual(refused.status, .badGateway, refused.text)
            XCTAssertEqual(refused.code, "moodle_unavailable")
            XCTAssertTrue(refused.text.contains("invalidtoken"), refused.text)
            try await XCTAssertEqualAsync(try await api.post(url + "/push", token: org).code, "moodle_unavailable")
        }
    }

    func testWithoutAMoodleSiteThePushIsOff() async throws {
        try await withApp { api, services in
            let c = try await TestsAPITests.classroom(api, services)
            let org = c.college.org.token
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/moodle/settings", token: org)["enabled"] as? Bool, false)
            _ = try await api.call(.put, "/api/v1/groups/\(c.group)/moodle", json: ["courseId": 7], token: org)
            let off = try await api.post("/api/v1/groups/\(c.group)/moodle/push", token: org)
            XCTAssertEqual(off.code, "moodle_not_configured", off.text)
        }
    }
}

/// The recorded exchanges: each request's form fields and Moodle's answer.
struct MoodleContract: Sendable {
    var token: String
    var exchanges: [(request: [String: String], response: String)]
    var refusal: String

    init(path: String) throws {
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        token = json["token"] as! String
        let body = { (value: Any) in
            String(
                decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self
            )
        }
        exchanges = try (json["exchanges"] as! [[String: Any]]).map {
            ($0["request"] as! [String: String], try body($0["response"] ?? NSNull()))
        }
        refusal = try body((json["refusal"] as! [String: Any])["response"]!)
    }
}

/// A Moodle REST endpoint for tests: answers the next recorded exchange when the form fields match it exactly.
final class FakeMoodle: Sendable {
    let contract: MoodleContract
    let state = State()
    let task = Mutex<Task<Void, any Error>?>(nil)

    actor State {
        struct Log: Sendable {
            var answered = 0
            var mismatches: [String] = []
        }
        var log = Log()
        var refusing = false
        func refuse() { refusing = true }
        func next() -> Int { log.answered }
        func answered() { log.answered += 1 }
        func mismatch(_ m: String) { log.mismatches.append(m) }
    }

    init(contract: MoodleContract) { self.contract = contract }

    /// Form fields as PHP reads them: `+` is a space, then percent-decoding.
    static func fields(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            out[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return out
    }

    func start() async throws -> Int {
        let router = Router()
        let (contract, state) = (contract, state)
        router.post("/webservice/rest/server.php") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let fields = Self.fields(body)
            let answer: String
            if await state.refusing {
                answer = contract.refusal
            } else {
                let n = await state.next()
                if n < contract.exchanges.count, contract.exchanges[n].request == fields {
                    await state.answered()
                    answer = contract.exchanges[n].response
                } else {
                    await state.mismatch("call \(n): \(fields)")
                    answer = #"{"exception":"invalid_parameter_exception","errorcode":"invalidparameter"}"#
                }
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: answer)))
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
}
