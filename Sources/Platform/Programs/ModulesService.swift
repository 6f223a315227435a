import Foundation
import PostgresNIO

/// Module constructor rules: who may read and edit, validation, pre-filled parameters, computed hours, audit.
public struct ModulesService: Sendable {
    let db: Database
    public let repository: ModulesRepository

    public init(db: Database) {
        self.db = db
        self.repository = ModulesRepository(db: db)
    }

    static let authors: Set<Role> = [.developer, .contractor, .teacher]
    static let regionWide: Set<Role> = [.admin, .moderator, .coppStaff, .coordinator]

    /// Organizations whose modules the caller reads (nil: all of them).
    public static func readableOrgs(_ identity: Identity) -> [UUID]? {
        identity.hasAny(regionWide) ? nil : identity.orgIds
    }

    /// The same, narrowed to one requested organization; one the caller may not read is 404.
    public static func readableOrgs(_ identity: Identity, narrowedTo requested: UUID?) throws -> [UUID]? {
        let readable = readableOrgs(identity)
        guard let requested else { return readable }
        if let readable, !readable.contains(requested) { throw Problem.notFound }
        return [requested]
    }

    /// The module's organization, if the caller may edit it; 404 when the caller may not even see it.
    func requireEditable(_ moduleId: UUID, _ identity: Identity, on conn: PostgresConnection) async throws -> (
        orgId: UUID, version: Int
    ) {
        guard let found = try await repository.lockOrg(id: moduleId, on: conn),
            identity.orgIds.contains(found.orgId) || identity.hasAny(Self.regionWide)
        else { throw Problem.notFound }
        guard identity.has(.admin) || (identity.orgIds.contains(found.orgId) && identity.hasAny(Self.authors)) else {
            throw Problem.forbidden
        }
        return found
    }

    func values(
        _ input: ModuleInput, keys: Set<String>, current: ModulesRepository.ModuleValues?, on conn: PostgresConnection
    ) async throws
        -> ModulesRepository.ModuleValues
    {
        var v = Validator()
        func has(_ key: String) -> Bool { current == nil || keys.contains(key) }
        var m =
            current
            ?? .init(
                name: "", parameters: ModuleParameters(), results: ModuleResults(), competencyIds: [], professionIds: []
            )
        if has("name") { m.name = v.required(input.name, "name", max: 500) }
        if has("description") { m.description = v.optional(input.description, "description", max: 20000) }
        if has("assessmentDescription") {
            m.assessmentDescription = v.optional(input.assessmentDescription, "assessmentDescription", max: 20000)
        }
        let references = DirectoryReferences(db: db)
        if has("competencyIds") {
            m.competencyIds = try await references.check(
                input.competencyIds, kind: .competencies, field: "competencyIds", &v, on: conn)
        }
        if has("professionIds") {
            m.professionIds = try await references.check(
                input.professionIds, kind: .professions, field: "professionIds", &v, on: conn)
        }
        if keys.contains("parameters"), let p = input.parameters {
            m.parameters = p
        } else if keys.contains("competencyIds") || current == nil {
            // chosen competencies fill the parameters; free-text fields survive
            var filled = try await repository.competencyParameters(m.competencyIds, on: conn)
            filled.learnerRequirements = m.parameters.learnerRequirements
            filled.expectedResults = m.parameters.expectedResults
            m.parameters = filled
        }
        if keys.contains("results") { m.results = input.results ?? ModuleResults() }
        if has("assessmentFileId") { m.assessmentFileId = input.assessmentFileId }
        try v.throwIfInvalid()
        return m
    }

    public func create(_ input: ModuleInput, keys: Set<String>, identity: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let orgId = try identity.owningOrganization(requested: input.organizationId, authorRoles: Self.authors)
        try await OrganizationRoleCheck(db: db).require(OrganizationRole.runsTraining, of: orgId, to: "Вести модули")
        let id = try await db.transaction { conn in
            let values = try await values(input, keys: keys, current: nil, on: conn)
            if let file = values.assessmentFileId,
                try await FilesRepository(db: db).attachable(id: file, to: orgId, by: identity.userId) == nil
            {
                throw Problem.validation([FieldError("assessmentFileId", "not_found", "Файл не найден")])
            }
            let id = try await repository.insert(orgId: orgId, author: identity.userId, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "module", entityId: id, before: Optional<String>.none,
                after: values, requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        let found = try await detail(id, identity: identity)
        return (found.json, found.version, id)
    }

    public func detail(_ id: UUID, identity: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id: id, orgIds: Self.readableOrgs(identity)) else {
            throw Problem.notFound
        }
        return (found.json, found.version)
    }

    public func update(
        _ id: UUID, _ input: ModuleInput, keys: Set<String>, ifMatch: String?, identity: Identity, actor: Actor
    ) async throws
        -> (json: String, version: Int)
    {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            let (orgId, version) = try await requireEditable(id, identity, on: conn)
            if let expected, expected != version { throw ETag.stale }
            guard let current = try await repository.currentValues(id: id, on: conn) else { throw Problem.notFound }
            let values = try await values(input, keys: keys, current: current, on: conn)
            if keys.contains("assessmentFileId"), let file = values.assessmentFileId,
                try await FilesRepository(db: db).attachable(id: file, to: orgId, by: identity.userId) == nil
            {
                throw Problem.validation([FieldError("assessmentFileId", "not_found", "Файл не найден")])
            }
            try await repository.update(id: id, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "module", entityId: id, before: current, after: values,
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: identity)
    }

    public func delete(_ id: UUID, identity: Identity, actor: Actor) async throws {
        do {
            try await db.transaction { conn in
                _ = try await requireEditable(id, identity, on: conn)
                let before = try await repository.snapshot(id: id, on: conn)
                try await repository.delete(id: id, on: conn)
                try await AuditLog.record(
                    actor: actor.userId, action: "delete", entity: "module", entityId: id,
                    before: before.flatMap { JSONValue.parse($0.json) },
                    after: Optional<String>.none, requestId: actor.requestId, on: conn, logger: db.logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw Problem.conflict("Модуль входит в программы; сначала уберите его из них", code: "in_use")
        }
    }

    public func copy(_ id: UUID, identity: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let newId = try await db.transaction { conn in
            _ = try await requireEditable(id, identity, on: conn)
            let newId = try await repository.copy(id: id, author: identity.userId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "copy", entity: "module", entityId: newId,
                before: ["from": id.uuidString.lowercased()],
                after: Optional<String>.none, requestId: actor.requestId, on: conn, logger: db.logger)
            return newId
        }
        let found = try await detail(newId, identity: identity)
        return (found.json, found.version, newId)
    }

    /// The caller's organizations' modules; ЦОПП staff and moderators see all.
    public func list(
        search: String?, competency: UUID?, organization: UUID?, page: PageRequest, identity me: Identity
    ) async throws -> String {
        let orgIds = try Self.readableOrgs(me, narrowedTo: organization)
        return try await repository.list(orgIds: orgIds, search: search, competencyId: competency, page: page)
    }

    public func stream(search: String?, competency: UUID?, organization: UUID?, identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        let orgIds = try Self.readableOrgs(me, narrowedTo: organization)
        return try await repository.stream(orgIds: orgIds, search: search, competencyId: competency)
    }
}
