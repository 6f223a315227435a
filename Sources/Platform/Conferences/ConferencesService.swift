import Foundation

/// The rules of lessons' conferences: whoever grades the group's journal (its teachers, its organizers) sets a lesson's
/// conference — a BigBlueButton room when the server has one, or a link; learners of the group join from 30 minutes
/// before the lesson to its end, its organization's people at any time (as moderators of a BigBlueButton room).
public struct ConferencesService: Sendable {
    let db: Database
    let server: BigBlueButton?
    let client: BigBlueButtonClient
    let publicURL: String
    let zone: String
    let repository: ConferencesRepository

    public init(db: Database, server: BigBlueButton?, publicURL: String, zone: TimeZone) {
        self.db = db
        self.server = server
        self.client = BigBlueButtonClient(logger: db.logger)
        self.publicURL = publicURL
        self.zone = zone.identifier
        self.repository = ConferencesRepository(db: db)
    }

    public struct Input: Codable, Sendable {
        var kind: String?
        var url: String?
    }

    /// What the platform offers for lessons' conferences (the web asks before offering a BigBlueButton room).
    public struct Settings: Codable, Sendable {
        var bigBlueButton: Bool
    }

    public var settings: Settings { Settings(bigBlueButton: server != nil) }

    public struct Joining: Codable, Sendable {
        var kind: String
        var url: String
    }

    func requireGrader(_ lesson: UUID, group: UUID, _ me: Identity) async throws -> ConferencesRepository.Lesson {
        guard let found = try await repository.lesson(lesson, group: group, zone: zone),
            TrainingAccess.canRead(me, org: found.org)
        else { throw Problem.notFound }
        guard TrainingAccess.canGrade(me, org: found.org) else { throw Problem.forbidden }
        return found
    }

    /// The lesson's conference as its schedule shows it: the kind, and the address of a link.
    public struct Summary: Codable, Sendable {
        var kind: String
        var url: String?
    }

    public func set(_ lesson: UUID, group: UUID, _ input: Input, identity me: Identity, actor: Actor) async throws
        -> Summary
    {
        var v = Validator()
        let kind = v.required(input.kind, "kind", max: 10)
        var url: String?
        switch kind {
        case "link":
            url = v.required(input.url, "url", max: 2000)
            if let u = url, !u.isEmpty, !CheckTaskFields.isLink(u) {
                v.add("url", "invalid_url", "Ссылка на конференцию в виде https://…")
            }
        case "bbb":
            if server == nil {
                v.add("kind", "not_configured", "BigBlueButton не подключён к платформе: укажите ссылку на конференцию")
            }
        case "": break
        default: v.add("kind", "invalid_choice", "Вид конференции: bbb или link")
        }
        try v.throwIfInvalid()
        _ = try await requireGrader(lesson, group: group, me)
        let room =
            kind == "bbb"
            ? BigBlueButton.Room(
                meetingID: "copp-" + lesson.uuidString.lowercased(), attendeePassword: Self.password(),
                moderatorPassword: Self.password()) : nil
        try await db.transaction { conn in
            try await repository.save(lesson, kind: kind, url: url, room: room, by: me.userId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "set_conference", entity: "schedule_lesson", entityId: lesson,
                before: String?.none, after: Summary(kind: kind, url: url), requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
        return Summary(kind: kind, url: url)
    }

    static func password() -> String {
        String((0..<16).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement()! })
    }

    public func remove(_ lesson: UUID, group: UUID, identity me: Identity, actor: Actor) async throws {
        _ = try await requireGrader(lesson, group: group, me)
        try await db.transaction { conn in
            guard try await repository.remove(lesson, on: conn) else { throw Problem.notFound }
            try await AuditLog.record(
                actor: actor.userId, action: "remove_conference", entity: "schedule_lesson", entityId: lesson,
                before: String?.none, after: String?.none, requestId: actor.requestId, on: conn, logger: db.logger)
        }
    }

    /// The caller's way into the lesson's conference: the link, or a signed BigBlueButton join address of their own
    /// (the room is created first; BigBlueButton answers SUCCESS for a room that exists).
    public func join(_ lesson: UUID, group: UUID, identity me: Identity) async throws -> Joining {
        guard let found = try await repository.lesson(lesson, group: group, zone: zone) else { throw Problem.notFound }
        let staff = TrainingAccess.canRead(me, org: found.org)
        var moderator = TrainingAccess.canGrade(me, org: found.org)
        if !moderator { moderator = try await repository.teaches(me.userId, lesson: lesson) }
        if !staff && !moderator {
            guard try await repository.isLearner(me.userId, group: group) else { throw Problem.notFound }
        }
        guard let conference = try await repository.conference(lesson) else { throw Problem.notFound }
        if !staff && !moderator {
            if found.state == "ahead" {
                throw Problem.conflict(
                    "Подключение откроется за 30 минут до начала занятия, \(found.opensAt)", code: "not_open_yet")
            }
            if found.state == "over" { throw Problem.conflict("Занятие уже закончилось", code: "lesson_over") }
        }
        if conference.kind == "link", let url = conference.url { return Joining(kind: "link", url: url) }
        guard let server, let room = conference.room else {
            throw BigBlueButtonClient.unavailable("BigBlueButton больше не подключён к платформе")
        }
        try await client.create(server.createURL(room, name: found.name, logoutURL: publicURL + "/#/schedule"))
        let name = try await repository.fullName(me.userId)
        return Joining(
            kind: "bbb", url: server.joinURL(room, fullName: name, userID: me.userId, moderator: moderator))
    }
}
