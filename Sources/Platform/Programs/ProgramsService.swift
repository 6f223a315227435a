import Foundation
import PostgresNIO

/// Program rules: the multi-step draft, tabs, ordered modules, moderation through `ProgramWorkflow`, notifications,
/// audit.
public struct ProgramsService: Sendable {
    let db: Database
    let mailer: Mailer
    public let repository: ProgramsRepository

    public init(db: Database, mailer: Mailer) {
        self.db = db
        self.mailer = mailer
        self.repository = ProgramsRepository(db: db)
    }

    /// Who writes programs: developers, the organization's contractor staff and teachers (seed 000 «Виды ролей»: the
    /// teacher develops modules, programs and materials).
    static let authors: Set<Role> = [.developer, .contractor, .teacher]
    static let moderators: Set<Role> = [.admin, .moderator]

    func actorKind(_ identity: Identity, orgId: UUID) -> ProgramActor? {
        if identity.hasAny(Self.moderators) { return .moderator }
        if identity.orgIds.contains(orgId) && identity.hasAny(Self.authors) { return .owner }
        return nil
    }

    /// The locked program if the caller may see it (else 404) and act on it (else 403).
    func requireActor(_ id: UUID, _ identity: Identity, on conn: PostgresConnection) async throws
        -> (program: (orgId: UUID, status: ProgramStatus, version: Int, authorId: UUID?), actor: ProgramActor)
    {
        // people who can never author or moderate a program (learners, employers…) are refused before any lookup,
        // so the answer says nothing about which programs exist
        guard identity.hasAny(Self.authors.union(Self.moderators)) else { throw Problem.forbidden }
        guard let program = try await repository.lock(id: id, on: conn),
            identity.orgIds.contains(program.orgId) || identity.hasAny(ModulesService.regionWide)
        else { throw Problem.notFound }
        guard let actor = actorKind(identity, orgId: program.orgId) else { throw Problem.forbidden }
        return (program, actor)
    }

    func merge(
        _ i: ProgramInput, keys: Set<String>, into current: ProgramValues?, orgId: UUID, identity: Identity,
        on conn: PostgresConnection
    ) async throws -> ProgramValues {
        var v = Validator()
        func has(_ k: String) -> Bool { current == nil || keys.contains(k) }
        var p =
            current
            ?? ProgramValues(
                fullName: "", funding: "paid", careerTags: [], accessible: false, wizardStep: 1, competencyIds: [],
                professionIds: [], implementingOrganizationIds: [])
        if has("fullName") { p.fullName = v.required(i.fullName, "fullName", max: 500) }
        if has("shortName") { p.shortName = v.optional(i.shortName, "shortName", max: 255) }
        for (key, value, max) in [
            ("direction", i.direction, 500), ("learnerRequirements", i.learnerRequirements, 5000),
            ("qualification", i.qualification, 500),
            ("description", i.description, 50000), ("normativeBasis", i.normativeBasis, 10000),
            ("finalAttestation", i.finalAttestation, 5000),
        ]
        where has(key) {
            let text = v.optional(value, key, max: max)
            switch key {
            case "direction": p.direction = text
            case "learnerRequirements": p.learnerRequirements = text
            case "qualification": p.qualification = text
            case "description": p.description = text
            case "normativeBasis": p.normativeBasis = text
            default: p.finalAttestation = text
            }
        }
        if has("funding") {
            p.funding = i.funding ?? "paid"
            v.check(
                ["free", "paid", "certificate"].contains(p.funding), "funding", "invalid_choice",
                "Финансирование: free, paid или certificate")
        }
        if has("price") {
            p.price = i.price
            if let price = i.price, !(0...10_000_000).contains(price) {
                v.add("price", "out_of_range", "Стоимость от 0 до 10 000 000 ₽")
            }
        }
        if p.funding == "free" { p.price = nil }
        if has("studyMode") {
            p.studyMode = i.studyMode
            if let mode = i.studyMode, StudyMode(rawValue: mode) == nil {
                v.add(
                    "studyMode", "invalid_choice",
                    "Режим обучения: "
                        + StudyMode.allCases.map { "\($0.rawValue) (\($0.title))" }.joined(separator: ", "))
            }
        }
        let references = DirectoryReferences(db: db)
        for (key, kind, value) in [
            ("kindId", DirectoryKind.programKinds, i.kindId), ("subkindId", .programKinds, i.subkindId),
            ("studyFormId", .studyForms, i.studyFormId),
            ("issuedDocumentTypeId", .educationDocumentTypes, i.issuedDocumentTypeId),
        ]
        where has(key) {
            _ = try await references.check(value, kind: kind, field: key, &v, on: conn)
            switch key {
            case "kindId": p.kindId = value
            case "subkindId": p.subkindId = value
            case "studyFormId": p.studyFormId = value
            default: p.issuedDocumentTypeId = value
            }
        }
        if let sub = p.subkindId, keys.contains("subkindId") || keys.contains("kindId") {
            let parent = try await references.parent(of: sub, on: conn)
            if parent == nil || parent != p.kindId {
                v.add("subkindId", "mismatch", "Подвид должен относиться к выбранному виду программы")
            }
        }
        if has("careerTags") {
            p.careerTags = (i.careerTags ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if has("accessible") { p.accessible = i.accessible ?? false }
        if keys.contains("wizardStep") {
            p.wizardStep = i.wizardStep ?? 1
            v.check((1...10).contains(p.wizardStep), "wizardStep", "out_of_range", "Шаг формы — от 1 до 10")
        }
        for (key, kind, ids) in [
            ("competencyIds", DirectoryKind.competencies, i.competencyIds),
            ("professionIds", .professions, i.professionIds),
        ] where has(key) {
            let list = try await references.check(ids, kind: kind, field: key, &v, on: conn)
            if key == "competencyIds" { p.competencyIds = list } else { p.professionIds = list }
        }
        if has("implementingOrganizationIds") {
            let list = Array(Set(i.implementingOrganizationIds ?? []))
            let known = try await repository.approvedOrganizations(among: list, on: conn)
            for (n, id) in (i.implementingOrganizationIds ?? []).enumerated() where !known.contains(id) {
                v.add("implementingOrganizationIds[\(n)]", "not_found", "Организация не найдена")
            }
            p.implementingOrganizationIds = list
        }
        if has("coverFileId") {
            if let file = i.coverFileId {
                let stored = try await FilesRepository(db: db).attachable(id: file, to: orgId, by: identity.userId)
                if stored == nil {
                    v.add("coverFileId", "not_found", "Файл не найден")
                } else if stored?.mime.hasPrefix("image/") != true {
                    v.add("coverFileId", "not_image", "Обложка должна быть изображением")
                }
            }
            p.coverFileId = i.coverFileId
        }
        try v.throwIfInvalid()
        return p
    }

    /// Step one of the wizard: the program exists as a draft from here on and can be resumed.
    public func create(_ input: ProgramInput, keys: Set<String>, identity: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let orgId = try identity.owningOrganization(requested: input.organizationId, authorRoles: Self.authors)
        try await OrganizationRoleCheck(db: db).require(OrganizationRole.runsTraining, of: orgId, to: "Вести программы")
        let id = try await db.transaction { conn in
            let values = try await merge(input, keys: keys, into: nil, orgId: orgId, identity: identity, on: conn)
            let id = try await repository.insert(orgId: orgId, author: identity.userId, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "program", entityId: id, before: Optional<String>.none,
                after: values,
                requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        let found = try await detail(id, identity: identity)
        return (found.json, found.version, id)
    }

    public func detail(_ id: UUID, identity: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id: id, orgIds: ModulesService.readableOrgs(identity)) else {
            throw Problem.notFound
        }
        return found
    }

    /// Owners edit drafts and programs returned for revision; moderators may fix small things during moderation.
    static func editable(_ status: ProgramStatus, by actor: ProgramActor) -> Bool {
        switch actor {
        case .owner: status == .draft || status == .revision
        case .moderator: status != .archived
        }
    }

    /// 409 naming the status and the steps allowed from it, when the caller may not edit the program now.
    static func requireEditable(_ status: ProgramStatus, by actor: ProgramActor) throws {
        guard !editable(status, by: actor) else { return }
        throw Problem.conflict(
            "Программу в статусе «\(ProgramWorkflow.title(status))» нельзя изменить", code: "not_editable",
            allowed: ProgramWorkflow.allowed(from: status, by: actor).map(\.rawValue))
    }

    public func update(
        _ id: UUID, _ input: ProgramInput, keys: Set<String>, ifMatch: String?, identity: Identity, actor: Actor
    ) async throws -> (json: String, version: Int) {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            let (program, who) = try await requireActor(id, identity, on: conn)
            if let expected, expected != program.version { throw ETag.stale }
            try Self.requireEditable(program.status, by: who)
            guard let current = try await repository.values(id: id, on: conn) else { throw Problem.notFound }
            let values = try await merge(
                input, keys: keys, into: current, orgId: program.orgId, identity: identity, on: conn)
            try await repository.update(id: id, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "program", entityId: id, before: current, after: values,
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: identity)
    }

    /// Sets the ordered modules of the program; only the organization's own modules.
    public func setModules(_ id: UUID, _ input: ProgramModulesInput, identity: Identity, actor: Actor) async throws -> (
        json: String, version: Int
    ) {
        try await db.transaction { conn in
            let (program, who) = try await requireActor(id, identity, on: conn)
            try Self.requireEditable(program.status, by: who)
            let ids = input.moduleIds ?? []
            var v = Validator()
            if Set(ids).count != ids.count { v.add("moduleIds", "duplicate", "Модуль указан дважды") }
            let own = try await repository.ownModules(ids, orgId: program.orgId, on: conn)
            for (n, m) in ids.enumerated() where !own.contains(m) {
                v.add("moduleIds[\(n)]", "not_found", "Модуль не найден среди модулей организации")
            }
            try v.throwIfInvalid()
            try await repository.setModules(id: id, moduleIds: ids, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "set_modules", entity: "program", entityId: id,
                before: Optional<String>.none,
                after: ["moduleIds": ids.map { $0.uuidString.lowercased() }], requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
        return try await detail(id, identity: identity)
    }

    /// The caller's organizations' programs; moderators and ЦОПП staff see all.
    public func list(
        status: String?, search: String?, organization: UUID?, page: PageRequest, identity me: Identity
    ) async throws -> String {
        let orgIds = try ModulesService.readableOrgs(me, narrowedTo: organization)
        return try await repository.list(orgIds: orgIds, status: status, search: search, page: page)
    }

    public func stream(status: String?, search: String?, organization: UUID?, identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        let orgIds = try ModulesService.readableOrgs(me, narrowedTo: organization)
        return try await repository.stream(orgIds: orgIds, status: status, search: search)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
