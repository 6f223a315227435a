import Foundation
import PostgresNIO

/// The rules of questionnaires: ЦОПП's operators write them; a version with responses never changes, so an edit of
/// an answered questionnaire becomes its next version (and says so); a survey is answered once by each person of its
/// audience while it is active and open. Results and CSV are per version.
public struct QuestionnairesService: Sendable {
    let db: Database
    let repository: QuestionnairesRepository
    let zone: TimeZone

    public init(db: Database, zone: TimeZone) {
        self.db = db
        self.repository = QuestionnairesRepository(db: db)
        self.zone = zone
    }

    static func fields(_ i: QuestionnaireInput) throws -> QuestionnairesRepository.Fields {
        var v = Validator()
        let title = v.required(i.title, "title", max: 300)
        let description = v.optional(i.description, "description", max: 4000)
        let purpose = i.purpose ?? "survey"
        if !QuestionnairePurpose.all.contains(purpose) {
            v.add("purpose", "invalid_choice", "Назначение: expertise, rating, monitoring или survey")
        }
        let roles = i.audienceRoles ?? []
        for (n, r) in roles.enumerated() where Role(rawValue: r) == nil {
            v.add("audienceRoles[\(n)]", "invalid_choice", "Нет такой роли")
        }
        let day = { (value: String?, field: String) -> String? in
            guard let value, !value.isEmpty else { return nil }
            if CalendarValues.date(value) == nil { v.add(field, "invalid_date", "Дата в формате ГГГГ-ММ-ДД") }
            return value
        }
        let opens = day(i.opensOn, "opensOn")
        let closes = day(i.closesOn, "closesOn")
        if let opens, let closes, closes < opens { v.add("closesOn", "out_of_range", "Не раньше даты начала") }
        let content = QuestionnaireContent.validated(i.sections, &v)
        try v.throwIfInvalid()
        if (i.audienceOrganizationIds?.count ?? 0) > 200 {
            v.add("audienceOrganizationIds", "too_many", "Не больше 200 организаций")
        }
        if (i.audienceGroupIds?.count ?? 0) > 200 { v.add("audienceGroupIds", "too_many", "Не больше 200 групп") }
        try v.throwIfInvalid()
        return .init(
            title: title, description: description, purpose: purpose, audienceRoles: Array(Set(roles)).sorted(),
            audienceOrgIds: Array(Set(i.audienceOrganizationIds ?? [])),
            audienceGroupIds: Array(
                Set(
                    i.audienceGroupIds ?? [])), opensOn: opens, closesOn: closes, content: content)
    }

    /// Each organization and group of the audience must exist; the unknown ones are named by their place.
    func checkAudience(_ input: QuestionnaireInput, _ f: QuestionnairesRepository.Fields, on conn: PostgresConnection)
        async throws
    {
        let unknown = try await repository.unknownAudience(
            orgs: f.audienceOrgIds, groups: f.audienceGroupIds, on: conn)
        var v = Validator()
        for (n, id) in (input.audienceOrganizationIds ?? []).enumerated() where unknown.orgs.contains(id) {
            v.add("audienceOrganizationIds[\(n)]", "not_found", "Нет такой организации")
        }
        for (n, id) in (input.audienceGroupIds ?? []).enumerated() where unknown.groups.contains(id) {
            v.add("audienceGroupIds[\(n)]", "not_found", "Нет такой группы")
        }
        try v.throwIfInvalid()
    }

    func audit(
        _ action: String, _ id: UUID, _ after: (some Encodable & Sendable)?, _ actor: Actor,
        on conn: PostgresConnection
    ) async throws {
        try await AuditLog.record(
            actor: actor.userId, action: action, entity: "questionnaire", entityId: id, before: String?.none,
            after: after, requestId: actor.requestId, on: conn, logger: db.logger)
    }

    public func detail(_ id: UUID) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id) else { throw Problem.notFound }
        return (found.json, found.meta.version)
    }

    public func create(_ input: QuestionnaireInput, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let f = try Self.fields(input)
        let id = try await db.transaction { conn in
            try await checkAudience(input, f, on: conn)
            let id = try await repository.insert(f, author: me.userId, on: conn)
            try await audit("create", id, f, actor, on: conn)
            return id
        }
        let (json, version) = try await detail(id)
        return (json, version, id)
    }

    /// Saves the questionnaire (If-Match: the version the editor read). Changed content of a version with responses
    /// goes into a new version; `newVersion` says whether that happened.
    public func update(_ id: UUID, _ input: QuestionnaireInput, ifMatch: String?, actor: Actor) async throws -> (
        json: String, version: Int, newVersion: Bool
    ) {
        let expected = try ETag.version(ifMatch)
        let f = try Self.fields(input)
        let newVersion = try await db.transaction { conn in
            guard let found = try await repository.locked(id, on: conn) else { throw Problem.notFound }
            if let expected, expected != found.version { throw ETag.stale }
            try await checkAudience(input, f, on: conn)
            let changed = f.content != found.content
            try await repository.update(id, f, newVersion: changed && found.answered, current: found.current, on: conn)
            try await audit("update", id, f, actor, on: conn)
            return changed && found.answered
        }
        let (json, version) = try await detail(id)
        return (json, version, newVersion)
    }

    public func setStatus(_ id: UUID, _ status: String?, actor: Actor) async throws -> (json: String, version: Int) {
        guard let status, QuestionnaireStatus.all.contains(status) else {
            throw Problem.validation([FieldError("status", "invalid_choice", "Статус: draft, active или closed")])
        }
        try await db.transaction { conn in
            guard let found = try await repository.locked(id, on: conn) else { throw Problem.notFound }
            if status == "draft", try await repository.hasResponses(id, on: conn) {
                throw Problem.conflict("На анкету уже отвечали: в черновик её не вернуть", code: "has_responses")
            }
            _ = found
            try await repository.setStatus(id, status, on: conn)
            try await audit("status", id, status, actor, on: conn)
        }
        return try await detail(id)
    }

    public func delete(_ id: UUID, actor: Actor) async throws {
        try await db.transaction { conn in
            guard try await repository.locked(id, on: conn) != nil else { throw Problem.notFound }
            if try await repository.hasResponses(id, on: conn) {
                throw Problem.conflict(
                    "На анкету уже отвечали: её можно только закрыть", code: "has_responses", allowed: ["close"])
            }
            try await repository.delete(id, on: conn)
            try await audit("delete", id, String?.none, actor, on: conn)
        }
    }

    var today: String { CivilDate(Date(), zone: zone).iso }

    /// Whether `me` is asked by the survey today: its audience — roles, organizations, groups — holds them.
    func asks(_ id: UUID, _ me: Identity) async throws -> Bool {
        try await repository.asks(
            id, user: me.userId, roles: me.roles.map(\.rawValue), orgs: me.orgIds, today: today)
    }

    /// A survey as its respondent fills it: the current version's questions, and whether they answered.
    public func survey(_ id: UUID, identity me: Identity) async throws -> String {
        guard let found = try await repository.detail(id) else { throw Problem.notFound }
        guard try await asks(id, me) || me.hasAny(QualityAccess.editors) else { throw Problem.notFound }
        let answered = try await repository.answered(id, by: me.userId)
        guard case .object(var doc) = JSONValue.parse(found.json) ?? .null else { throw Problem.notFound }
        for key in [
            "versions", "audienceRoles", "audienceOrganizations", "audienceGroups", "version", "status", "purpose",
        ] { doc[key] = nil }
        doc["answered"] = .bool(answered)
        return String(decoding: try JSONEncoder().encode(JSONValue.object(doc)), as: UTF8.self)
    }

    public func mySurveys(identity me: Identity) async throws -> String {
        "{\"items\":"
            + (try await repository.surveys(
                for: me.userId, roles: me.roles.map(\.rawValue), orgs: me.orgIds, today: today)) + "}"
    }

    /// A survey's response: checked against the current version under a shared lock (an edit waits), once a person.
    public func respond(_ id: UUID, answers: [String: JSONValue]?, identity me: Identity) async throws -> UUID {
        guard let answers else {
            throw Problem.validation([FieldError("answers", "required", "Ответьте на вопросы анкеты")])
        }
        return try await db.transaction { conn in
            guard let found = try await repository.forAnswering(id, on: conn), try await asks(id, me) else {
                throw Problem.notFound
            }
            let checked = try found.content.checked(answers)
            guard
                let response = try await repository.insertResponse(
                    id, version: found.meta.currentVersion, respondent: me.userId, subject: nil, answers: checked,
                    on: conn)
            else { throw Problem.conflict("Вы уже ответили на эту анкету", code: "already_answered") }
            return response
        }
    }

    /// The results of a version (the current one by default).
    func results(_ id: UUID, version: Int?) async throws -> QuestionnaireResults {
        guard let found = try await repository.detail(id) else { throw Problem.notFound }
        let number = version ?? found.meta.currentVersion
        guard let content = try await repository.content(id, version: number) else { throw Problem.notFound }
        let answers = try await repository.responses(id, version: number).map(\.answers)
        return QuestionnaireResults.count(content, version: number, answers: answers)
    }

    /// Rows of a version's responses for CSV: date, respondent, then each question's answer.
    public func responseRows(_ id: UUID, version: Int?) async throws -> (header: [String], rows: [[String]]) {
        guard let found = try await repository.detail(id) else { throw Problem.notFound }
        let number = version ?? found.meta.currentVersion
        guard let content = try await repository.content(id, version: number) else { throw Problem.notFound }
        let questions = content.questions
        let rows = try await repository.responses(id, version: number).map { r in
            [r.at, r.respondent] + questions.map { QuestionnaireResults.cell(r.answers[$0.key!]) }
        }
        return (["Дата", "Респондент"] + questions.map { $0.text ?? "" }, rows)
    }
}
