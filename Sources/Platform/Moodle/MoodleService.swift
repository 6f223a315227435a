import Foundation

/// Pushing a group's learners to its Moodle course (SPEC §10, optional): off unless the server names a Moodle site and
/// token. Whoever manages the group names the course and pushes; learners holding a seat are found in Moodle by
/// e-mail or get an account there, and are enrolled as students. Pushing again adds the newcomers (enrolment in Moodle
/// is idempotent). No database lock is held while Moodle is called; a flag keeps two pushes of a group apart.
public struct MoodleService: Sendable {
    let db: Database
    let client: MoodleClient?
    let repository: MoodleRepository

    public init(db: Database, client: MoodleClient?) {
        self.db = db
        self.client = client
        self.repository = MoodleRepository(db: db)
    }

    public struct Settings: Codable, Sendable {
        var enabled: Bool
        var site: String?
    }

    public var settings: Settings { Settings(enabled: client != nil, site: client?.site) }

    static let off = Problem.conflict(
        "Интеграция с Moodle не настроена на сервере (MOODLE_URL и MOODLE_TOKEN)", code: "moodle_not_configured")

    func requireManager(_ group: UUID, _ me: Identity) async throws -> (org: UUID, course: Int?) {
        guard let found = try await repository.group(group), TrainingAccess.canRead(me, org: found.org) else {
            throw Problem.notFound
        }
        try TrainingAccess.requireManage(me, org: found.org)
        return found
    }

    public func state(_ group: UUID, identity me: Identity) async throws -> String {
        guard let found = try await repository.group(group), TrainingAccess.canRead(me, org: found.org) else {
            throw Problem.notFound
        }
        return try await repository.state(group)
    }

    public struct CourseInput: Codable, Sendable {
        var courseId: Int?
    }

    /// Names the group's Moodle course (null: none).
    public func setCourse(_ group: UUID, _ input: CourseInput, identity me: Identity, actor: Actor) async throws
        -> String
    {
        var v = Validator()
        let course = v.integer(input.courseId, "courseId", 1...Int(Int32.max), "Номер курса Moodle — целое число от 1")
        try v.throwIfInvalid()
        _ = try await requireManager(group, me)
        try await repository.setCourse(group, course: course)
        try await db.transaction { conn in
            try await AuditLog.record(
                actor: actor.userId, action: "moodle_course", entity: "study_group", entityId: group,
                before: String?.none, after: input, requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await repository.state(group)
    }

    public struct Pushed: Codable, Sendable {
        var learners: Int
        var createdAccounts: Int
    }

    public func push(_ group: UUID, identity me: Identity, actor: Actor) async throws -> Pushed {
        guard let client else { throw Self.off }
        let found = try await requireManager(group, me)
        guard let course = found.course else {
            throw Problem.validation([FieldError("courseId", "required", "Укажите номер курса Moodle группы")])
        }
        let learners = try await repository.learners(group)
        guard !learners.isEmpty else {
            throw Problem.conflict("В группе нет обучающихся, которых можно отправить в Moodle", code: "no_learners")
        }
        guard try await repository.startPush(group) else {
            throw Problem.conflict("Отправка в Moodle уже идёт: подождите минуту", code: "push_running")
        }
        do {
            let emails = learners.map { $0.email.lowercased() }
            var known = Dictionary(
                try await client.users(emails: emails).map { ($0.email, $0.id) }, uniquingKeysWith: { a, _ in a })
            let missing = learners.filter { known[$0.email.lowercased()] == nil }
            let created = try await client.create(
                missing.map { .init(email: $0.email, firstName: $0.firstName, lastName: $0.lastName) })
            for u in created { known[u.email.lowercased()] = u.id }
            let createdEmails = Set(created.map { $0.email.lowercased() })
            let pushed = learners.compactMap { l in
                known[l.email.lowercased()].map { (l.id, $0, createdEmails.contains(l.email.lowercased())) }
            }
            try await client.enrol(pushed.map(\.1), course: course)
            try await repository.record(group, course: course, pushed: pushed)
            try await repository.endPush(group)
            try await db.transaction { conn in
                try await AuditLog.record(
                    actor: actor.userId, action: "moodle_push", entity: "study_group", entityId: group,
                    before: String?.none, after: ["course": course, "learners": pushed.count],
                    requestId: actor.requestId,
                    on: conn, logger: db.logger)
            }
            return Pushed(learners: pushed.count, createdAccounts: created.count)
        } catch {
            try? await repository.endPush(group)
            throw error
        }
    }
}
