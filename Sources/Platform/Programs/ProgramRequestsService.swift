import Foundation
import PostgresNIO

/// Requests for new programs: learners and employers file them, ЦОПП staff work them (status changes notify the
/// requester).
public struct ProgramRequestsService: Sendable {
    let db: Database
    let mailer: Mailer
    let repository: ProgramRequestsRepository

    public init(db: Database, mailer: Mailer) {
        self.db = db
        self.mailer = mailer
        self.repository = ProgramRequestsRepository(db: db)
    }

    static let staff: Set<Role> = [.admin, .moderator, .coppStaff, .coordinator]
    static let workers: Set<Role> = [.admin, .coppStaff]

    public func create(_ i: ProgramRequestInput, identity: Identity, actor: Actor) async throws -> String {
        var v = Validator()
        let kind = v.required(i.kind, "kind", max: 30)
        let title = v.required(i.title, "title", max: 500)
        let description = v.optional(i.description, "description", max: 20000)
        if let n = i.learnersCount, !(1...100_000).contains(n) {
            v.add("learnersCount", "out_of_range", "Число слушателей — от 1 до 100 000")
        }
        var orgId: UUID?
        var moduleIds: [UUID] = []
        switch kind {
        case "learner_composed":
            moduleIds = i.moduleIds ?? []
            if moduleIds.isEmpty { v.add("moduleIds", "required", "Выберите модули опубликованных программ") }
            // only modules of published programs are "published modules" a learner may choose
            let published = try await repository.publishedModules(among: moduleIds)
            for (n, id) in moduleIds.enumerated() where !published.contains(id) {
                v.add("moduleIds[\(n)]", "not_found", "Модуль не найден в опубликованных программах")
            }
        case "employer_development":
            guard identity.has(.employer) || identity.has(.admin) else { throw Problem.forbidden }
            // organizations that order training (ticked «Заказчик» or «Работодатель»), whatever kind they registered as
            let employerOrgs = identity.organizations(with: OrganizationRole.ordersTraining)
            if let requested = i.organizationId {
                guard employerOrgs.contains(requested) || identity.has(.admin) else { throw Problem.notFound }
                orgId = requested
            } else if employerOrgs.count == 1 {
                orgId = employerOrgs[0]
            } else {
                v.add("organizationId", "required", "Выберите организацию-работодателя")
            }
        case "":
            break
        default:
            v.add("kind", "invalid_choice", "Вид заявки: learner_composed или employer_development")
        }
        try v.throwIfInvalid()
        let id = try await db.transaction { conn in
            let id = try await repository.insert(
                .init(
                    kind: kind, requester: identity.userId, orgId: orgId, title: title, description: description,
                    moduleIds: moduleIds, learnersCount: i.learnersCount), on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "program_request", entityId: id,
                before: Optional<String>.none,
                after: ["kind": kind, "title": title], requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        return try await item(id: id, identity: identity)
    }

    public func item(id: UUID, identity: Identity) async throws -> String {
        guard let json = try await repository.item(id: id, everyone: identity.hasAny(Self.staff), user: identity.userId)
        else { throw Problem.notFound }
        return json
    }

    public func list(identity: Identity, status: String?, kind: String?, page: PageRequest) async throws -> String {
        try await repository.list(
            everyone: identity.hasAny(Self.staff), user: identity.userId, status: status, kind: kind,
            page: page)
    }

    public func stream(identity: Identity, status: String?, kind: String?) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try await repository.stream(
            everyone: identity.hasAny(Self.staff), user: identity.userId, status: status, kind: kind)
    }

    public func act(
        _ action: ProgramRequestAction, id: UUID, comment: String?, identity: Identity, actor: Actor
    ) async throws -> String {
        guard identity.hasAny(Self.staff) else { throw Problem.notFound }
        guard identity.hasAny(Self.workers) else { throw Problem.forbidden }
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if action == .reject && comment == nil {
            throw Problem.validation([FieldError("comment", "required", "Укажите причину отказа")])
        }
        try await db.transaction { conn in
            guard let r = try await repository.lock(id: id, on: conn) else { throw Problem.notFound }
            let next = try ProgramRequestWorkflow.next(action, from: r.status, by: .copp, what: "заявка на программу")
            try await repository.setStatus(id, next, comment: comment, on: conn)
            try await mailer.notify(
                userId: r.requester, email: r.email, subject: "Заявка на программу \(next.told)",
                body: "Ваша заявка «\(r.title)» \(next.told)." + (comment.map { "\nКомментарий ЦОПП: \($0)" } ?? ""),
                link: "/#/program-requests", on: conn, logger: db.logger)
            try await AuditLog.record(
                actor: actor.userId, action: action.rawValue, entity: "program_request", entityId: id,
                before: ["status": r.status.rawValue], after: ["status": next.rawValue],
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await item(id: id, identity: identity)
    }
}
