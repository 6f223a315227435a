import Foundation
import HTTPTypes
import Platform
import XCTest

/// Events end to end (SPEC §9, seed 000 §9): the wizard's checks, moderation, the public calendar, sign-ups within
/// capacity and the organizer's desk.
final class EventsAPITests: XCTestCase {
    static let zone = TimeZone(identifier: "Asia/Irkutsk")!

    /// `YYYY-MM-DD` of the region's day `offset` days from today.
    static func day(_ offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let d = calendar.date(byAdding: .day, value: offset, to: Date())!
        let c = calendar.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// An image of the given size (a PNG header is what the server measures).
    static func png(width: Int, height: Int) -> [UInt8] {
        var bytes = Samples.png
        for (i, v) in [width, height].enumerated() {
            for b in 0..<4 { bytes[16 + i * 4 + b] = UInt8((v >> (8 * (3 - b))) & 0xFF) }
        }
        return bytes
    }

    struct Fixture {
        var org: (orgId: String, token: String)
        var moderator: String
        var municipality: String
        var section: String
        var subsection: String
        var category: String
        var level: String
        var form: String
        var cover: String
    }

    static func fixture(_ api: API, inn: String) async throws -> Fixture {
        let org = try await api.approvedOrganization(
            inn: Ids.inn10(inn), ogrn: Ids.ogrn13("1103801" + inn.suffix(5)), email: "events-\(inn)@example.ru")
        let moderator = try await api.admin(roles: ["moderator"]).token
        func item(_ kind: String, _ body: [String: Any]) async throws -> String {
            let r = try await api.post("/api/v1/directories/\(kind)", body, token: moderator)
            XCTAssertEqual(r.status, .created, r.text)
            return r["id"] as! String
        }
        let municipality = try await item("municipalities", ["code": "m\(inn)", "name": "г. Ангарск \(inn)"])
        let section = try await item("catalog_sections", ["code": "s\(inn)", "name": "Профориентация \(inn)"])
        let subsection = try await item(
            "catalog_sections", ["code": "ss\(inn)", "name": "Мастер-классы \(inn)", "parentId": section])
        let first = { (kind: String) async throws -> String in
            try await api.get("/api/v1/directories/\(kind)?limit=1").items[0]["id"] as! String
        }
        let cover =
            try await api.upload(
                bytes: png(width: 1200, height: 800), filename: "обложка.png", token: org.token)["id"] as! String
        return Fixture(
            org: org, moderator: moderator, municipality: municipality, section: section, subsection: subsection,
            category: try await first("participant_categories"), level: try await first("event_levels"),
            form: try await first("study_forms"), cover: cover)
    }

    static let description = String(
        repeating: "Участники под присмотром мастера выполнят первый сварочный шов и узнают о профессии. ", count: 3)

    /// Every field the wizard asks, filled; the schedule given.
    static func complete(_ f: Fixture, schedule: [String: Any], capacity: Int? = 10, daysBefore: Int = 0)
        -> [String: Any]
    {
        var body: [String: Any] = [
            "shortDescription": "Попробуйте себя в роли сварщика", "description": description, "durationValue": 2,
            "durationUnit": "hours", "signupDaysBefore": daysBefore, "participantCategoryIds": [f.category],
            "levelId": f.level, "formId": f.form, "accessible": true, "address": "г. Ангарск, ул. Мира, 5",
            "municipalityId": f.municipality, "coverFileId": f.cover, "sectionId": f.section,
            "subsectionId": f.subsection, "contacts": "Анна Петрова, +7 3955 00-00-00", "schedule": schedule,
        ]
        body["capacity"] = capacity ?? NSNull()
        return body
    }

    /// A published event of the fixture's organization.
    static func published(_ api: API, _ f: Fixture, name: String, _ fields: [String: Any]) async throws -> String {
        let created = try await api.post("/api/v1/events", ["name": name], token: f.org.token)
        XCTAssertEqual(created.status, .created, created.text)
        let id = created["id"] as! String
        let saved = try await api.call(.patch, "/api/v1/events/\(id)", json: fields, token: f.org.token)
        XCTAssertEqual(saved.status, .ok, saved.text)
        let submitted = try await api.post("/api/v1/events/\(id)/submit", token: f.org.token)
        XCTAssertEqual(submitted.status, .ok, submitted.text)
        let done = try await api.post("/api/v1/events/\(id)/publish", token: f.moderator)
        XCTAssertEqual(done["status"] as? String, "published", done.text)
        return id
    }

    func testAnOrganizerBuildsAnEventThatModerationPublishesAndTheCalendarFinds() async throws {
        try await withApp { api, _ in
            let f = try await Self.fixture(api, inn: "381101501")
            let caps = try await api.post("/api/v1/events", ["name": "МАСТЕР-КЛАСС ПО СВАРКЕ"], token: f.org.token)
            XCTAssertEqual(caps.errorFields, ["name"], caps.text)
            XCTAssertEqual(caps.code, "validation")
            let long = try await api.post(
                "/api/v1/events", ["name": String(repeating: "а", count: 66)], token: f.org.token)
            XCTAssertEqual(long.errorFields, ["name"])
            let learner = try await api.learner("events-learner@example.ru")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/events", ["name": "Нельзя"], token: learner.token).status, .forbidden)

            let id =
                try await api.post("/api/v1/events", ["name": "Мастер-класс по сварке"], token: f.org.token)[
                    "id"] as! String
            let portrait =
                try await api.upload(
                    bytes: Self.png(width: 600, height: 900), filename: "p.png", token: f.org.token)["id"] as! String
            let small =
                try await api.upload(
                    bytes: Self.png(width: 700, height: 460), filename: "s.png", token: f.org.token)["id"] as! String
            for file in [portrait, small] {
                let refused = try await api.call(
                    .patch, "/api/v1/events/\(id)", json: ["coverFileId": file], token: f.org.token)
                XCTAssertEqual(refused.errorFields, ["coverFileId"], refused.text)
            }
            let incomplete = try await api.post("/api/v1/events/\(id)/submit", token: f.org.token)
            XCTAssertEqual(incomplete.status, .unprocessableContent)
            XCTAssertTrue(
                Set(incomplete.errorFields).isSuperset(of: ["description", "schedule", "coverFileId", "address"]))
            let weekly: [String: Any] = [
                "startsOn": Self.day(7), "startTime": "15:00", "durationMinutes": 120, "repeat": "days_of_week",
                "weekdays": [2, 4], "endsAfter": 6,
            ]
            var fields = Self.complete(f, schedule: weekly)
            fields["description"] = String(repeating: "я", count: 150)
            _ = try await api.call(.patch, "/api/v1/events/\(id)", json: fields, token: f.org.token)
            let short = try await api.post("/api/v1/events/\(id)/submit", token: f.org.token)
            XCTAssertEqual(short.errorFields, ["description"], short.text)
            let badRule = try await api.call(
                .patch, "/api/v1/events/\(id)",
                json: [
                    "schedule": [
                        "startsOn": "2026-02-30", "startTime": "25:00",
                        "durationMinutes": 60, "repeat": "days_of_week",
                    ]
                ], token: f.org.token)
            XCTAssertEqual(
                Set(badRule.errorFields), ["schedule.startsOn", "schedule.startTime", "schedule.weekdays"],
                badRule.text)
            _ = try await api.call(
                .patch, "/api/v1/events/\(id)", json: ["description": Self.description], token: f.org.token)

            // another organization does not see it; nobody but the organizer sends it
            let other = try await api.approvedOrganization(
                inn: Ids.inn10("381101502"), ogrn: Ids.ogrn13("110380101502"), email: "events-other@example.ru")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/events/\(id)", token: other.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/events/\(id)", json: ["name": "Чужое"], token: other.token).status,
                .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/events/\(id)/publish", token: f.org.token).status, .conflict)
            let submitted = try await api.post("/api/v1/events/\(id)/submit", token: f.org.token)
            XCTAssertEqual(submitted["status"] as? String, "moderation", submitted.text)
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/events/\(id)", json: ["name": "Правка"], token: f.org.token)
                    .status, .conflict)
            let noReason = try await api.post("/api/v1/events/\(id)/return", token: f.moderator)
            XCTAssertEqual(noReason.errorFields, ["comment"])
            let queue = try await api.get("/api/v1/events?status=moderation", token: f.moderator)
            XCTAssertEqual(queue.items.map { $0["id"] as? String }, [id])
            let published = try await api.post("/api/v1/events/\(id)/publish", token: f.moderator)
            XCTAssertEqual(published["status"] as? String, "published", published.text)
            let history = try await api.get("/api/v1/events/\(id)/history", token: f.org.token)
            XCTAssertEqual(history.items.map { $0["action"] as? String }, ["submit", "publish"])

            // the calendar finds it by another word form, with its filters; the cover shows to anyone
            let month = String(Self.day(7).prefix(7))
            let window = "from=\(Self.day(0))&to=\(Self.day(60))"
            // word forms, capitals, a phrase, the Latin layout of «сварку»
            for q in ["сварка", "СВАРКУ", "мастер класс", "cdfhre"] {
                let typed = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let found = try await api.get("/api/v1/catalog/events?\(window)&q=\(typed)")
                XCTAssertEqual(found.items.map { $0["id"] as? String }, [id], "\(q): \(found.text)")
            }
            let inMonth = try await api.get("/api/v1/catalog/events?month=\(month)&accessible=true&free=true")
            XCTAssertEqual(inMonth.items.count, 1, inMonth.text)
            let occurrences = inMonth.items[0]["occurrences"] as! [[String: Any]]
            XCTAssertFalse(occurrences.isEmpty)
            XCTAssertEqual(occurrences[0]["free"] as? Int, 10)
            let elsewhere = try await api.get("/api/v1/catalog/events?month=\(month)&municipalityId=\(f.section)")
            XCTAssertEqual(elsewhere.items.count, 0)
            let bySection = try await api.get(
                "/api/v1/catalog/events?from=\(Self.day(0))&to=\(Self.day(60))&subsectionId=\(f.subsection)")
            XCTAssertEqual(bySection.items.count, 1)
            let csv = try await api.get("/api/v1/catalog/events?from=\(Self.day(0))&to=\(Self.day(60))&format=csv")
            XCTAssertEqual(csv.text.split(whereSeparator: \.isNewline).count, 7, csv.text)  // header + 6 occurrences
            let badMonth = try await api.get("/api/v1/catalog/events?month=2026-13")
            XCTAssertEqual(badMonth.errorFields, ["month"], badMonth.text)
            let page = try await api.get("/api/v1/catalog/events/\(id)")
            XCTAssertEqual((page["occurrences"] as? [[String: Any]])?.count, 6, page.text)
            try await XCTAssertEqualAsync(try await api.download("/api/v1/files/\(f.cover)").status, .ok)

            // published: not edited in place, not deleted; archived and restored as a draft
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/events/\(id)", token: f.org.token).status, .conflict)
            _ = try await api.post("/api/v1/events/\(id)/archive", token: f.org.token)
            let gone = try await api.get("/api/v1/catalog/events/\(id)")
            XCTAssertEqual(gone.status, .notFound)
            let restored = try await api.post("/api/v1/events/\(id)/restore", token: f.org.token)
            XCTAssertEqual(restored["status"] as? String, "draft")
        }
    }

    func testTheLastPlaceGoesToExactlyOneOfFiftyConcurrentSignUps() async throws {
        try await withApp { api, services in
            let f = try await Self.fixture(api, inn: "381101511")
            let once: [String: Any] = ["startsOn": Self.day(5), "startTime": "10:00", "durationMinutes": 90]
            let id = try await Self.published(
                api, f, name: "Экскурсия на завод", Self.complete(f, schedule: once, capacity: 1))
            let start =
                (try await api.get("/api/v1/catalog/events/\(id)")["occurrences"] as! [[String: Any]])[0][
                    "start"] as! String
            var tokens: [String] = []
            for n in 0..<50 {
                _ = try await api.createUser(email: "racer\(n)@example.ru", roles: ["learner"])
                tokens.append(try await api.login("racer\(n)@example.ru"))
            }
            let racers = tokens
            let replies = try await api.parallel(
                50, .post, "/api/v1/catalog/events/\(id)/signups", json: { _ in ["startsAt": start] },
                headers: { [.authorization: "Bearer \(racers[$0])"] })
            XCTAssertEqual(replies.filter { $0.status == .created }.count, 1, "\(replies.map(\.status.code))")
            XCTAssertEqual(replies.filter { $0.status == .conflict && $0.code == "full" }.count, 49)
            let (taken, live) = try await services.db.rows(
                """
                SELECT (SELECT taken FROM event_slots WHERE event_id = \(UUID(uuidString: id)!)),
                       (SELECT count(*)::int FROM event_signups WHERE event_id = \(UUID(uuidString: id)!))
                """)[0].decode((Int, Int).self)
            XCTAssertEqual(taken, 1)
            XCTAssertEqual(live, 1)
            let page = try await api.get("/api/v1/catalog/events/\(id)")
            XCTAssertEqual((page["occurrences"] as! [[String: Any]])[0]["free"] as? Int, 0)
        }
    }

    func testSignUpClosesOnTimeAndTheOrganizerWorksTheDesk() async throws {
        try await withApp { api, services in
            let f = try await Self.fixture(api, inn: "381101521")
            // every day for five days from tomorrow; sign-up closes two days before a start
            let daily: [String: Any] = [
                "startsOn": Self.day(1), "startTime": "12:00", "durationMinutes": 60, "repeat": "daily",
                "endsAfter": 5,
            ]
            let id = try await Self.published(
                api, f, name: "День открытых дверей", Self.complete(f, schedule: daily, capacity: 5, daysBefore: 2))
            let occurrences = try await api.get("/api/v1/catalog/events/\(id)")["occurrences"] as! [[String: Any]]
            // the first closed two days before its start (yesterday); the third on, still open (the second closes at
            // noon today)
            XCTAssertEqual(
                occurrences.map { $0["closed"] as? Bool }.enumerated().filter { $0.offset != 1 }.map(\.element),
                [true, false, false, false])
            let learner = try await api.learner("events-visitor@example.ru")
            let path = "/api/v1/catalog/events/\(id)/signups"
            try await XCTAssertEqualAsync(
                try await api.post(path, ["startsAt": occurrences[0]["start"]!], token: learner.token).code,
                "signup_closed")
            try await XCTAssertEqualAsync(
                try await api.post(path, ["startsAt": occurrences[3]["start"]!]).status,
                .unauthorized)
            let later = occurrences[3]["start"] as! String
            let created = try await api.post(
                path, ["startsAt": later, "comment": "Приду с мамой"], token: learner.token)
            XCTAssertEqual(created.status, .created, created.text)
            try await XCTAssertEqualAsync(
                try await api.post(path, ["startsAt": later], token: learner.token).code, "already_signed_up")
            let signup = created["id"] as! String
            let second = try await api.learner("events-visitor2@example.ru")
            let other = try await api.post(path, ["startsAt": later], token: second.token)["id"] as! String
            try await XCTAssertEqualAsync(
                try await api.lastMail(to: "events-381101521@example.ru")?.subject, "Новая заявка на мероприятие")

            // the desk: the organizer's own, not another organization's, not a learner's
            let desk = try await api.get("/api/v1/event-signups?status=new&eventId=\(id)", token: f.org.token)
            XCTAssertEqual(Set(desk.items.map { $0["id"] as! String }), [signup, other])
            let stranger = try await api.approvedOrganization(
                inn: Ids.inn10("381101522"), ogrn: Ids.ogrn13("110380101522"), email: "events-stranger@example.ru")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/event-signups", token: stranger.token).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/event-signups/\(signup)", token: stranger.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/event-signups/\(signup)/confirm", token: stranger.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/event-signups", token: learner.token).status, .forbidden)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/event-signups/\(signup)/confirm", token: learner.token).status, .forbidden)

            let card = try await api.get("/api/v1/event-signups/\(signup)", token: f.org.token)
            XCTAssertEqual(card["allowed"] as? [String], ["postpone", "confirm", "cancel"])
            XCTAssertEqual(card["nextNew"] as? String, other)
            // the next new sign-up is the desk's: a participant never sees another person's
            try await XCTAssertNilAsync(
                try await api.get("/api/v1/event-signups/\(signup)", token: learner.token)["nextNew"] as? String)
            // a day of the desk's filter is the region's day, like the starts it shows
            let localDay = Self.day(4)
            let byDay = try await api.get(
                "/api/v1/event-signups?from=\(localDay)&to=\(Self.day(5))&eventId=\(id)", token: f.org.token)
            XCTAssertEqual(Set(byDay.items.map { $0["id"] as! String }), [signup, other], byDay.text)
            // typed «%» is a character, not «anything»
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/event-signups?q=%25", token: f.org.token).items.count, 0)
            let confirmed = try await api.post("/api/v1/event-signups/\(signup)/confirm", token: f.org.token)
            XCTAssertEqual(confirmed["status"] as? String, "confirmed", confirmed.text)
            try await XCTAssertEqualAsync(
                try await api.lastMail(to: "events-visitor@example.ru")?.subject, "Участие в мероприятии подтверждено")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/event-signups/\(other)/cancel", token: f.org.token).errorFields,
                ["comment"])
            let postponed = try await api.post("/api/v1/event-signups/\(other)/postpone", token: f.org.token)
            XCTAssertEqual(postponed["status"] as? String, "postponed")
            XCTAssertNil(postponed["nextNew"] as? String)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/event-signups/\(other)/postpone", token: f.org.token).code,
                "illegal_transition")
            let csv = try await api.get("/api/v1/event-signups?format=csv", token: f.org.token)
            XCTAssertTrue(csv.text.contains("Приду с мамой"), csv.text)

            // the participant sees their own and withdraws; the place frees
            let mine = try await api.get("/api/v1/me/event-signups", token: learner.token)
            XCTAssertEqual(mine.items.map { $0["id"] as? String }, [signup])
            let withdrawn = try await api.post("/api/v1/event-signups/\(signup)/withdraw", token: learner.token)
            XCTAssertEqual(withdrawn["status"] as? String, "cancelled", withdrawn.text)
            let free = (try await api.get("/api/v1/catalog/events/\(id)")["occurrences"] as! [[String: Any]])[3]["free"]
            XCTAssertEqual(free as? Int, 4)

            // reminders: a day before the start, once
            let eve = ISO8601DateFormatter().date(from: later)!.addingTimeInterval(-20 * 3600)
            let reminders = EventSignupsService(
                db: services.db, mailer: services.mailer,
                calendar: EventCalendarService(
                    repository: EventCalendarRepository(db: services.db), zone: Self.zone, now: { eve }))
            try await XCTAssertEqualAsync(try await reminders.sendReminders(), 0)  // postponed and cancelled ones
            _ = try await api.post("/api/v1/event-signups/\(other)/confirm", token: f.org.token)
            try await XCTAssertEqualAsync(try await reminders.sendReminders(), 1)
            try await XCTAssertEqualAsync(try await reminders.sendReminders(), 0)
            let reminder = try await api.lastMail(to: "events-visitor2@example.ru")
            XCTAssertTrue(reminder?.subject.hasPrefix("Напоминание") == true, reminder?.subject ?? "no mail")
        }
    }
}

extension EventsAPITests {
    func testAPublishedEventsDateIsCancelledOrMovedAndItsPeopleAreTold() async throws {
        try await withApp { api, services in
            let f = try await Self.fixture(api, inn: "381101531")
            let daily: [String: Any] = [
                "startsOn": Self.day(3), "startTime": "12:00", "durationMinutes": 60, "repeat": "daily", "endsAfter": 3,
            ]
            let id = try await Self.published(api, f, name: "Открытый урок", Self.complete(f, schedule: daily))
            let before = try await api.get("/api/v1/catalog/events/\(id)")["occurrences"] as! [[String: Any]]
            let (first, second) = (before[0], before[1])
            let anna = try await api.learner("date-anna@example.ru")
            let boris = try await api.learner("date-boris@example.ru")
            let path = "/api/v1/catalog/events/\(id)/signups"
            let a = try await api.post(path, ["startsAt": first["start"]!], token: anna.token)["id"] as! String
            let b = try await api.post(path, ["startsAt": second["start"]!], token: boris.token)["id"] as! String
            let change = "/api/v1/events/\(id)/exceptions"

            // the learner may not; a cancellation needs its reason; a day the rule does not give is refused
            try await XCTAssertEqualAsync(
                try await api.post(change, ["date": first["key"]!, "cancelled": true], token: anna.token).status,
                .forbidden)
            try await XCTAssertEqualAsync(
                try await api.post(change, ["date": first["key"]!, "cancelled": true], token: f.org.token).errorFields,
                ["comment"])
            try await XCTAssertEqualAsync(
                try await api.post(
                    change, ["date": Self.day(40), "cancelled": true, "comment": "x"], token: f.org.token
                )
                .errorFields, ["date"])

            // cancelled: gone from the calendar, the sign-up cancelled with the reason, the person told
            let cancelled = try await api.post(
                change, ["date": first["key"]!, "cancelled": true, "comment": "Мастер заболел"], token: f.org.token)
            XCTAssertEqual(cancelled.status, .ok, cancelled.text)
            let after = try await api.get("/api/v1/catalog/events/\(id)")["occurrences"] as! [[String: Any]]
            XCTAssertEqual(after.map { $0["key"] as? String }, [second["key"] as? String, before[2]["key"] as? String])
            let annaCard = try await api.get("/api/v1/event-signups/\(a)", token: anna.token)
            XCTAssertEqual(annaCard["status"] as? String, "cancelled")
            let mail = try await api.lastMail(to: "date-anna@example.ru")
            XCTAssertEqual(mail?.subject, "Мероприятие отменено")
            XCTAssertTrue(mail?.body.contains("Мастер заболел") == true, mail?.body ?? "")

            // moved two hours later on the same day: the sign-up and its place move with it
            let moved = try await api.post(
                change, ["date": second["key"]!, "startTime": "14:00", "comment": "Зал занят утром"], token: f.org.token
            )
            XCTAssertEqual(moved.status, .ok, moved.text)
            let borisCard = try await api.get("/api/v1/event-signups/\(b)", token: boris.token)
            let oldStart = ISO8601DateFormatter().date(from: second["start"] as! String)!
            let newStart = ISO8601DateFormatter().date(from: borisCard["startsAt"] as! String)!
            XCTAssertEqual(newStart.timeIntervalSince(oldStart), 2 * 3600)
            let movedDate = (try await api.get("/api/v1/catalog/events/\(id)")["occurrences"] as! [[String: Any]])[0]
            XCTAssertEqual(movedDate["moved"] as? Bool, true)
            XCTAssertEqual(movedDate["free"] as? Int, 9, "the place moved with the sign-up")
            try await XCTAssertEqualAsync(
                try await api.lastMail(to: "date-boris@example.ru")?.subject, "Мероприятие перенесено")
            let taken = try await services.db.rows(
                "SELECT coalesce(sum(taken), 0)::int FROM event_slots WHERE event_id = \(UUID(uuidString: id)!)"
            )[0].decode(Int.self)
            XCTAssertEqual(taken, 1, "Anna's place freed, Boris's moved")
        }
    }
}
