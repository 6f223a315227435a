import Foundation
import PostgresNIO

/// The rules of the contests registry (seed 000 «Работа с реестром конкурсов»): anyone signed in proposes a contest,
/// which stays inactive and counts for nothing; ЦОПП's operators add, correct and approve contests, and delete those
/// nobody recorded a result in. Others read approved contests and their own proposals.
public struct ContestsService: Sendable {
    let db: Database
    let repository: ContestsRepository

    public init(db: Database) {
        self.db = db
        self.repository = ContestsRepository(db: db)
    }

    static let editors = QualityAccess.editors

    func filter(_ search: String?, status: String?, levelId: UUID?, identity me: Identity) -> ContestsRepository.Filter
    {
        .init(search: search, status: status, levelId: levelId, reader: me.hasAny(Self.editors) ? nil : me.userId)
    }

    /// The fields checked, each bad one named; `status` only from an operator.
    /// `current`: the status an update keeps when none is given (a correction does not approve a proposal).
    func fields(_ i: ContestInput, operator isOperator: Bool, current: String? = nil, on conn: PostgresConnection)
        async throws -> ContestsRepository.Fields
    {
        var v = Validator()
        let name = v.required(i.name, "name", max: 500)
        let organizer = v.optional(i.organizer, "organizer", max: 500)
        let url = v.optional(i.url, "url", max: 500)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || URL(string: url) == nil {
            v.add("url", "invalid", "Адрес страницы конкурса начинается с http:// или https://")
        }
        let description = v.optional(i.description, "description", max: 4000)
        let starts = Self.day(i.startsOn, "startsOn", &v)
        let ends = Self.day(i.endsOn, "endsOn", &v)
        if let s = starts, let e = ends, e < s { v.add("endsOn", "out_of_range", "Окончание не раньше начала") }
        var status = "inactive"
        if isOperator, let given = i.status {
            if ContestStatus.all.contains(given) {
                status = given
            } else {
                v.add("status", "invalid_choice", "Статус: inactive или approved")
            }
        } else if isOperator {
            status = current ?? "approved"
        }
        let level = try await DirectoryReferences(db: db).check(
            i.levelId, kind: .eventLevels, field: "levelId", &v, on: conn)
        try v.throwIfInvalid()
        return .init(
            name: name, organizer: organizer, levelId: level, startsOn: starts?.iso, endsOn: ends?.iso, url: url,
            description: description, status: status)
    }

    static func day(_ raw: String?, _ field: String, _ v: inout Validator) -> CivilDate? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let day = CivilDate(raw) else {
            v.add(field, "invalid_date", CivilDate.problem(raw))
            return nil
        }
        return day
    }

    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id, operator: me.hasAny(Self.editors)),
            found.status == "approved" || found.proposedBy == me.userId || me.hasAny(Self.editors)
        else { throw Problem.notFound }
        return (found.json, found.version)
    }

    public func create(_ input: ContestInput, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        if let name = input.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty,
            try await repository.named(name)
        {
            throw Problem.conflict("Такой конкурс уже есть в реестре: выберите его из списка", code: "duplicate")
        }
        let id = try await db.transaction { conn in
            let f = try await fields(input, operator: me.hasAny(Self.editors), on: conn)
            let id = try await repository.insert(f, by: me.userId, on: conn)
            try await audit("create", id, f, actor, on: conn)
            return id
        }
        let (json, version) = try await detail(id, identity: me)
        return (json, version, id)
    }

    /// An operator's correction or approval (If-Match: the version read).
    public func update(_ id: UUID, _ input: ContestInput, ifMatch: String?, identity me: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            guard let found = try await repository.locked(id, on: conn) else { throw Problem.notFound }
            if let expected, expected != found.version { throw ETag.stale }
            let f = try await fields(input, operator: true, current: found.status, on: conn)
            try await repository.update(id, f, by: me.userId, on: conn)
            try await audit(f.status == "approved" ? "approve" : "update", id, f, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public func delete(_ id: UUID, actor: Actor) async throws {
        try await db.transaction { conn in
            switch try await repository.delete(id, on: conn) {
            case nil: throw Problem.notFound
            case false?:
                throw Problem.conflict(
                    "В конкурсе уже есть достижения обучающихся: удалить его нельзя", code: "has_achievements")
            case true?:
                try await audit("delete", id, String?.none, actor, on: conn)
            }
        }
    }

    func audit(
        _ action: String, _ id: UUID, _ after: (some Encodable & Sendable)?, _ actor: Actor,
        on conn: PostgresConnection
    ) async throws {
        try await AuditLog.record(
            actor: actor.userId, action: action, entity: "contest", entityId: id, before: String?.none,
            after: after, requestId: actor.requestId, on: conn, logger: db.logger)
    }
}
