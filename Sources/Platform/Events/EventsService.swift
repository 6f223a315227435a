import Foundation
import PostgresNIO

/// Event rules: the wizard's draft saved from its first step and resumable, field checks as the organizer types,
/// completeness before moderation, moderation through `EventWorkflow`, notifications, audit.
public struct EventsService: Sendable {
    let db: Database
    let mailer: Mailer
    /// the region's time zone: the day a schedule is compared with
    let zone: TimeZone
    public let repository: EventsRepository

    public init(db: Database, mailer: Mailer, zone: TimeZone) {
        self.db = db
        self.mailer = mailer
        self.zone = zone
        self.repository = EventsRepository(db: db)
    }

    /// Who makes events for an organization: its staff who write programs, and employers (career events at the
    /// enterprise, seed 001 §13).
    static let organizers: Set<Role> = ProgramsService.authors.union([.employer])
    static let moderators = ProgramsService.moderators

    func actorKind(_ identity: Identity, orgId: UUID) -> ProgramActor? {
        if identity.hasAny(Self.moderators) { return .moderator }
        if identity.orgIds.contains(orgId) && identity.hasAny(Self.organizers) { return .owner }
        return nil
    }

    /// The locked event if the caller may see it (else 404) and act on it (else 403).
    func requireActor(_ id: UUID, _ identity: Identity, on conn: PostgresConnection) async throws
        -> (event: (orgId: UUID, status: ProgramStatus, version: Int, authorId: UUID?), actor: ProgramActor)
    {
        guard identity.hasAny(Self.organizers.union(Self.moderators)) else { throw Problem.forbidden }
        guard let event = try await repository.lock(id: id, on: conn),
            identity.orgIds.contains(event.orgId) || identity.hasAny(ModulesService.regionWide)
        else { throw Problem.notFound }
        guard let actor = actorKind(identity, orgId: event.orgId) else { throw Problem.forbidden }
        return (event, actor)
    }

    /// Step one of the wizard: the event exists as a draft from here on.
    public func create(_ input: EventInput, keys: Set<String>, identity: Identity, actor: Actor) async throws -> (
        json: String, version: Int, id: UUID
    ) {
        let orgId = try identity.owningOrganization(requested: input.organizationId, authorRoles: Self.organizers)
        let id = try await db.transaction { conn in
            let values = try await EventForm(db: db).merge(
                input, keys: keys, into: nil, orgId: orgId, identity: identity, on: conn)
            let id = try await repository.insert(orgId: orgId, author: identity.userId, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "event", entityId: id, before: Optional<String>.none,
                after: values, requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        let found = try await detail(id, identity: identity)
        return (found.json, found.version, id)
    }

    public func detail(_ id: UUID, identity: Identity) async throws -> (json: String, version: Int) {
        guard identity.hasAny(Self.organizers.union(Self.moderators).union(ModulesService.regionWide)),
            let found = try await repository.detail(id: id, orgIds: ModulesService.readableOrgs(identity))
        else { throw Problem.notFound }
        return found
    }

    /// Organizers edit drafts and events returned for revision; moderators may also fix small things during
    /// moderation. A published event is not edited in place (the calendar would show unmoderated text).
    static func requireEditable(_ status: ProgramStatus, by actor: ProgramActor) throws {
        let editable: Set<ProgramStatus> = actor == .owner ? [.draft, .revision] : [.draft, .revision, .moderation]
        if editable.contains(status) { return }
        throw Problem.conflict(
            "Мероприятие в статусе «\(EventWorkflow.title(status))» нельзя изменить: снимите его с публикации, "
                + "верните в черновики и отправьте на модерацию снова",
            code: "not_editable", allowed: EventWorkflow.allowed(from: status, by: actor).map(\.rawValue))
    }

    public func update(
        _ id: UUID, _ input: EventInput, keys: Set<String>, ifMatch: String?, identity: Identity, actor: Actor
    ) async throws -> (json: String, version: Int) {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            let (event, who) = try await requireActor(id, identity, on: conn)
            if let expected, expected != event.version { throw ETag.stale }
            try Self.requireEditable(event.status, by: who)
            guard let current = try await repository.values(id: id, on: conn) else { throw Problem.notFound }
            let values = try await EventForm(db: db).merge(
                input, keys: keys, into: current, orgId: event.orgId, identity: identity, on: conn)
            try await repository.update(id: id, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "event", entityId: id, before: current, after: values,
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: identity)
    }

    /// A step of moderation (submit, publish, return, archive, restore); an illegal one is 409 listing the allowed.
    public func act(_ id: UUID, _ action: EventAction, comment: String?, identity: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        var v = Validator()
        let comment = v.optional(comment, "comment", max: 5000)
        if action == .returnForRevision && comment == nil {
            v.add("comment", "required", "Напишите, что нужно исправить")
        }
        try v.throwIfInvalid()
        try await db.transaction { conn in
            let (event, who) = try await requireActor(id, identity, on: conn)
            let next = try EventWorkflow.next(action, from: event.status, by: who, what: "мероприятие")
            if action == .submit || action == .publish {
                guard let values = try await repository.values(id: id, on: conn) else { throw Problem.notFound }
                try EventForm.checkComplete(values, today: CivilDate(Date(), zone: zone).iso)
            }
            guard
                try await repository.changeStatus(
                    id: id, from: event.status, to: next, action: action, actor: identity.userId, comment: comment,
                    on: conn)
            else { throw Problem.conflict("Статус мероприятия уже изменён", code: "illegal_transition", allowed: []) }
            try await notify(
                id, action: action, orgId: event.orgId, authorId: event.authorId, comment: comment, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: action.rawValue, entity: "event", entityId: id,
                before: ["status": event.status.rawValue], after: ["status": next.rawValue],
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: identity)
    }

    /// Deletes an event never published (seed 000: a draft is the organizer's own until moderation).
    public func delete(_ id: UUID, identity: Identity, actor: Actor) async throws {
        try await db.transaction { conn in
            let (event, who) = try await requireActor(id, identity, on: conn)
            guard who == .owner, EventWorkflow.deletable.contains(event.status),
                try await !repository.everPublished(id, on: conn)
            else {
                throw Problem.conflict(
                    "Удалить можно только черновик, который ещё не публиковался: опубликованное мероприятие снимают "
                        + "с публикации", code: "not_deletable",
                    allowed: EventWorkflow.allowed(from: event.status, by: who).map(\.rawValue))
            }
            let values = try await repository.values(id: id, on: conn)
            try await repository.delete(id, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "delete", entity: "event", entityId: id, before: values,
                after: Optional<String>.none, requestId: actor.requestId, on: conn, logger: db.logger)
        }
    }

    public func history(_ id: UUID, identity: Identity) async throws -> String {
        _ = try await detail(id, identity: identity)
        return try await repository.history(id: id)
    }

    /// The caller's organizations' events; moderators and ЦОПП staff see all (the queue is `status=moderation`).
    public func list(
        status: String?, search: String?, organization: UUID?, page: PageRequest, identity me: Identity
    ) async throws -> String {
        guard me.hasAny(Self.organizers.union(ModulesService.regionWide)) else { throw Problem.forbidden }
        let orgIds = try ModulesService.readableOrgs(me, narrowedTo: organization)
        return try await repository.list(orgIds: orgIds, status: status, search: search, page: page)
    }

    public func stream(status: String?, search: String?, organization: UUID?, identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        guard me.hasAny(Self.organizers.union(ModulesService.regionWide)) else { throw Problem.forbidden }
        let orgIds = try ModulesService.readableOrgs(me, narrowedTo: organization)
        return try await repository.stream(orgIds: orgIds, status: status, search: search)
    }

    func notify(
        _ id: UUID, action: EventAction, orgId: UUID, authorId: UUID?, comment: String?, on conn: PostgresConnection
    ) async throws {
        let name = try await repository.name(id: id, on: conn)
        let link = "/#/events/\(id.uuidString.lowercased())/moderation"
        let recipients: [(UUID, String)]
        let subject: String
        let body: String
        switch action {
        case .submit:
            recipients = try await UsersRepository(db: db).moderators(on: conn)
            subject = "Мероприятие на модерации"
            body = "Мероприятие «\(name)» отправлено на модерацию."
        case .restore:
            return
        case .publish, .returnForRevision, .archive:
            recipients = try await ProgramsRepository(db: db).owners(author: authorId, org: orgId, on: conn)
            switch action {
            case .publish:
                subject = "Мероприятие опубликовано"
                body = "Мероприятие «\(name)» опубликовано в календаре."
            case .archive:
                subject = "Мероприятие снято с публикации"
                body = "Мероприятие «\(name)» перенесено в архив."
            default:
                subject = "Мероприятие возвращено на доработку"
                body = "Мероприятие «\(name)» возвращено на доработку.\nКомментарий модератора: \(comment ?? "")"
            }
        }
        for (userId, email) in recipients {
            try await mailer.notify(
                userId: userId, email: email, subject: subject, body: body, link: link, on: conn, logger: db.logger)
        }
    }
}
