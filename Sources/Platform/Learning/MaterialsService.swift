import Foundation
import PostgresNIO

/// The rules of learning materials: authors of the organization write them and attach them to topics of its modules;
/// a material is read by its organization, by the learners of the groups studying its topics, and beyond them as its
/// visibility says; an expert of another organization (or ЦОПП) approves it for the region's library. Audited.
public struct MaterialsService: Sendable {
    let db: Database
    let repository: MaterialsRepository

    public init(db: Database) {
        self.db = db
        self.repository = MaterialsRepository(db: db)
    }

    /// The material with its topics for the organization's readers; for a learner of its topics' groups, anyone
    /// signed in (open), anyone (public), and the experts while it waits for them; 404 otherwise.
    public func detail(_ id: UUID, identity me: Identity?) async throws -> (json: String, version: Int) {
        guard let probe = try await repository.detail(id, full: false, learner: me?.userId) else {
            throw Problem.notFound
        }
        if let me, TrainingAccess.canRead(me, org: probe.org) {
            guard let full = try await repository.detail(id, full: true, learner: nil) else { throw Problem.notFound }
            return (full.json, full.version)
        }
        let expert = me.map { MaterialExperts.mayDecide($0, org: probe.org) } ?? false
        let visible =
            switch LearningVisibility(rawValue: probe.visibility) {
            case .public: true
            case .open: me != nil
            default: probe.studied || (expert && probe.expertise == "pending")
            }
        guard visible else { throw Problem.notFound }
        return (probe.json, probe.version)
    }

    func checkReferences(_ f: LearningMaterialFields, org: UUID, me: Identity) async throws {
        try await LearningReferences.check(
            lesson: f.lessonId, competency: f.competencyId, materials: f.materials, org: org, me: me, db: db)
    }

    func audit(
        _ action: String, _ id: UUID, _ after: (some Encodable & Sendable)?, _ actor: Actor,
        on conn: PostgresConnection
    ) async throws {
        try await AuditLog.record(
            actor: actor.userId, action: action, entity: "learning_material", entityId: id, before: String?.none,
            after: after, requestId: actor.requestId, on: conn, logger: db.logger)
    }

    public func create(_ input: LearningMaterialInput, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let fields = try LearningMaterialFields.validated(input)
        let org = try await LearningAccess.owner(input.organizationId, me, db: db)
        try await checkReferences(fields, org: org, me: me)
        let id = try await db.transaction { conn in
            let id = try await repository.insert(fields, org: org, author: me.userId, on: conn)
            try await LearningReferences.adopt(fields.materials, org: org, db: db, on: conn)
            try await audit("create", id, fields, actor, on: conn)
            return id
        }
        let (json, version) = try await detail(id, identity: me)
        return (json, version, id)
    }

    func requireAuthor(_ id: UUID, _ me: Identity, on conn: PostgresConnection) async throws -> (
        org: UUID, version: Int, expertise: String
    ) {
        guard let found = try await repository.locked(id, on: conn), TrainingAccess.canRead(me, org: found.org) else {
            throw Problem.notFound
        }
        try LearningAccess.requireAuthor(me, org: found.org)
        return found
    }

    public func update(
        _ id: UUID, _ input: LearningMaterialInput, ifMatch: String?, identity me: Identity, actor: Actor
    ) async throws -> (json: String, version: Int) {
        let expected = try ETag.version(ifMatch)
        let fields = try LearningMaterialFields.validated(input)
        try await db.transaction { conn in
            let found = try await requireAuthor(id, me, on: conn)
            if let expected, expected != found.version { throw ETag.stale }
            try await checkReferences(fields, org: found.org, me: me)
            try await repository.update(id, fields, on: conn)
            try await LearningReferences.adopt(fields.materials, org: found.org, db: db, on: conn)
            try await audit("update", id, fields, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    public func delete(_ id: UUID, identity me: Identity, actor: Actor) async throws {
        try await db.transaction { conn in
            _ = try await requireAuthor(id, me, on: conn)
            try await repository.delete(id, on: conn)
            try await audit("delete", id, String?.none, actor, on: conn)
        }
    }

    /// The author sends the material to expertise (again after a rejection or an edit).
    public func sendToExpertise(_ id: UUID, identity me: Identity, actor: Actor) async throws -> (
        json: String, version: Int
    ) {
        try await db.transaction { conn in
            _ = try await requireAuthor(id, me, on: conn)
            guard try await repository.sendToExpertise(id, on: conn) else {
                throw Problem.conflict(
                    "Материал уже на экспертизе или одобрен", code: "expertise_state",
                    allowed: ["edit"])
            }
            try await audit("send_to_expertise", id, String?.none, actor, on: conn)
        }
        return try await detail(id, identity: me)
    }

    /// An expert's decision on the version they read (If-Match: an edit meanwhile is 412), in one transaction with its
    /// audit record; never on the decider's own material.
    public func decide(
        _ id: UUID, _ input: MaterialExpertiseInput, ifMatch: String?, identity me: Identity, actor: Actor
    ) async throws -> (json: String, version: Int) {
        let expected = try ETag.version(ifMatch)
        var v = Validator()
        if input.approved == nil { v.add("approved", "required", "Одобрите или отклоните материал") }
        let comment = v.optional(input.comment, "comment", max: 4000)
        if input.approved == false && comment == nil {
            v.add("comment", "required", "Напишите, почему материал отклонён")
        }
        try v.throwIfInvalid()
        try await db.transaction { conn in
            guard let found = try await repository.lockedForDecision(id, on: conn) else { throw Problem.notFound }
            // an expert of the material's own organization (or its author) sees it, but does not judge it
            guard MaterialExperts.mayDecide(me, org: found.org), found.author != me.userId else {
                if TrainingAccess.canRead(me, org: found.org) || found.expertise == "pending" {
                    throw Problem.forbidden
                }
                throw Problem.notFound
            }
            guard found.expertise == "pending" else {
                throw Problem.conflict("Материал не ожидает экспертизы", code: "expertise_state")
            }
            if let expected, expected != found.version { throw ETag.stale }
            try await repository.decide(id, approved: input.approved!, comment: comment, expert: me.userId, on: conn)
            try await audit("expertise", id, input, actor, on: conn)
        }
        // the material as decided (a closed one is no longer the expert's to read once it leaves the queue)
        guard let decided = try await repository.detail(id, full: false, learner: nil) else { throw Problem.notFound }
        return (decided.json, decided.version)
    }

    public func expertiseQueue(state: String, page: PageRequest, identity me: Identity) async throws -> String {
        let regionWide = me.hasAny(TrainingAccess.operators)
        return try await repository.expertiseQueue(
            state: state, excluding: regionWide ? [] : me.orgIds, decidedBy: regionWide ? nil : me.userId, page: page)
    }

    public func mine(identity me: Identity) async throws -> String {
        "{\"items\":" + (try await repository.mine(me.userId)) + "}"
    }

    /// Attaches a material to a topic of a module the caller edits: the organization's own, or one of the library.
    public func attach(_ material: UUID, module: UUID, topic: UUID, identity me: Identity, actor: Actor) async throws
        -> (json: String, version: Int)
    {
        let modules = ModulesService(db: db)
        return try await modules.plan(module, identity: me, actor: actor, action: "attach_material") { conn, org in
            guard try await modules.repository.topicExists(id: topic, moduleId: module, on: conn) else {
                throw Problem.notFound
            }
            guard try await repository.attach(material, topic: topic, module: module, org: org, on: conn) else {
                throw Problem.validation([
                    FieldError(
                        "materialId", "not_found", "Материал не найден среди материалов организации и библиотеки")
                ])
            }
        }
    }

    public func detach(_ material: UUID, module: UUID, topic: UUID, identity me: Identity, actor: Actor) async throws
        -> (json: String, version: Int)
    {
        try await ModulesService(db: db).plan(module, identity: me, actor: actor, action: "detach_material") {
            conn, _ in
            guard try await repository.detach(material, topic: topic, module: module, on: conn) else {
                throw Problem.notFound
            }
        }
    }
}
