import Foundation
import PostgresNIO

/// Study groups (SPEC §8): created for a published program by its organization or an implementing one; sizes and
/// periods checked; lecturers from the organization's staff; status steps through `GroupWorkflow`.
public struct GroupsService: Sendable {
    let db: Database
    let mailer: Mailer
    let repository: GroupsRepository
    /// asks the learners of a group that finishes to fill the e-monitoring questionnaire
    let monitoring: MonitoringService

    public init(db: Database, mailer: Mailer, zone: TimeZone) {
        self.db = db
        self.mailer = mailer
        self.repository = GroupsRepository(db: db)
        self.monitoring = MonitoringService(db: db, mailer: mailer, zone: zone)
    }

    public func create(
        _ i: GroupInput, keys: Set<String>, identity me: Identity, actor: Actor
    ) async throws -> (json: String, version: Int, id: UUID) {
        guard let programId = i.programId else {
            throw Problem.validation([FieldError("programId", "required", "Выберите программу")])
        }
        let values = try GroupValues.validated(i, keys: keys, current: nil)
        let id: UUID = try await db.transaction { conn in
            // groups are run by the program's organization or one it named as implementing (seed 000 «Организации»)
            guard let program = try await repository.program(programId, on: conn) else {
                throw Problem.validation([FieldError("programId", "not_found", "Программа не найдена")])
            }
            let owner = program.orgId
            let orgId =
                i.organizationId
                ?? (me.orgIds.contains(owner) || me.hasAny(TrainingAccess.operators) ? owner : me.orgIds.first ?? owner)
            try TrainingAccess.requireManage(me, org: orgId)
            try await OrganizationRoleCheck(db: db).require(
                OrganizationRole.runsTraining, of: orgId, to: "Набирать группы")
            guard orgId == owner || program.implementers.contains(orgId) else {
                throw Problem.validation([
                    FieldError(
                        "organizationId", "not_implementing",
                        "Организация не указана среди реализующих программу")
                ])
            }
            guard program.status == "published" else {
                throw Problem.validation([
                    FieldError(
                        "programId", "not_published",
                        "Группы набираются только по опубликованным программам")
                ])
            }
            let id = try await repository.insert(program: programId, org: orgId, values, on: conn)
            try await repository.recordStatus(
                group: id, from: nil, to: .notFormed, actor: me.userId, comment: nil, on: conn)
            if let staff = i.lecturerIds { try await setLecturers(id, orgId: orgId, staff, on: conn) }
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "study_group", entityId: id,
                before: [String: String](), after: ["name": values.name], requestId: actor.requestId,
                on: conn, logger: db.logger)
            return id
        }
        let found = try await detail(id, identity: me)
        return (found.json, found.version, id)
    }

    /// The operator confirms steps the organization cannot (GroupWorkflow).
    static func confirmed(_ count: Int) -> String {
        RussianPlural.count(count, "подтверждённая заявка", "подтверждённые заявки", "подтверждённых заявок")
    }

    static func actor(_ me: Identity) -> GroupActor { me.hasAny(TrainingAccess.operators) ? .copp : .organization }

    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard
            let found = try await repository.detail(
                id: id, reads: TrainingAccess.readReach(me), manages: TrainingAccess.manageReach(me), as: Self.actor(me)
            )
        else { throw Problem.notFound }
        return found
    }

    public func update(
        _ id: UUID, _ i: GroupInput, keys: Set<String>, ifMatch: String?, identity me: Identity, actor: Actor
    ) async throws -> (json: String, version: Int) {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            guard let group = try await repository.lock(id: id, on: conn), TrainingAccess.canRead(me, org: group.orgId)
            else { throw Problem.notFound }
            try TrainingAccess.requireManage(me, org: group.orgId)
            if let expected, expected != group.version { throw ETag.stale }
            let current = try await repository.values(id, on: conn)
            let v = try GroupValues.validated(i, keys: keys, current: current)
            // the group's learners and lessons must still fit
            let fit = try await repository.occupancy(id, from: v.startsOn, to: v.endsOn, on: conn)
            var errors: [FieldError] = []
            if v.maxSize < fit.learners {
                errors.append(FieldError("maxSize", "below_learners", "В группе уже \(fit.learners) обучающихся"))
            }
            if fit.lessonsOutside > 0 {
                errors.append(
                    FieldError(
                        "startsOn", "lessons_outside",
                        "Занятия расписания (\(fit.lessonsOutside)) выходят за новый период обучения"))
            }
            if !errors.isEmpty { throw Problem.validation(errors) }
            try await repository.update(id, v, on: conn)
            // places added to a full group go to its waitlist
            if v.maxSize > group.maxSize { try await Waitlist(db: db, mailer: mailer).fill(group: id, on: conn) }
            if keys.contains("lecturerIds") {
                try await setLecturers(id, orgId: group.orgId, i.lecturerIds ?? [], on: conn)
            }
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "study_group", entityId: id,
                before: ["name": current.name], after: ["name": v.name], requestId: actor.requestId,
                on: conn, logger: db.logger)
        }
        return try await detail(id, identity: me)
    }

    /// Lecturers come from the organization's staff; an unknown one is named by its position in the list.
    func setLecturers(_ id: UUID, orgId: UUID, _ staff: [UUID], on conn: PostgresConnection) async throws {
        let unique = Array(Set(staff))
        let known = try await repository.staff(of: orgId, among: unique, on: conn)
        let unknown = unique.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw Problem.validation(
                staff.enumerated().filter { unknown.contains($0.element) }.map {
                    FieldError(
                        "lecturerIds[\($0.offset)]", "not_found",
                        "Нет такого преподавателя среди кадровых ресурсов организации")
                })
        }
        try await repository.replaceLecturers(id, org: orgId, unique, on: conn)
    }

    public func act(
        _ id: UUID, _ action: GroupAction, comment: String?, identity me: Identity, actor: Actor
    ) async throws -> (json: String, version: Int) {
        try await db.transaction { conn in
            guard let group = try await repository.lock(id: id, on: conn), TrainingAccess.canRead(me, org: group.orgId)
            else { throw Problem.notFound }
            try TrainingAccess.requireManage(me, org: group.orgId)
            let next = try GroupWorkflow.next(action, from: group.status, by: Self.actor(me), what: "группа")
            let progress = try await repository.progress(id, on: conn)
            switch action {
            case .form where progress.inTraining < group.minSize:
                throw Problem.conflict(
                    "В группе " + Self.confirmed(progress.inTraining) + ", нужно не меньше \(group.minSize)",
                    code: "too_few_learners", allowed: [])
            case .finish where progress.inTraining > 0:
                throw Problem.conflict(
                    "У \(progress.inTraining) обучающихся не отмечено окончание или отчисление",
                    code: "learners_unfinished", allowed: [])
            default: break
            }
            try await repository.setStatus(id, next, on: conn)
            if next == .finished { try await monitoring.groupFinished(id, on: conn) }
            try await repository.recordStatus(
                group: id, from: group.status, to: next, actor: me.userId, comment: comment, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: action.rawValue, entity: "study_group", entityId: id,
                before: ["status": group.status.rawValue], after: ["status": next.rawValue],
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: me)
    }

    /// Groups of the organizations the caller reads (all of them for the region's roles).
    func list(_ filter: GroupsRepository.Filter, page: PageRequest, identity me: Identity) async throws -> String {
        var f = filter
        f.orgIds = TrainingAccess.readableOrgs(me)
        return try await repository.list(f, page: page)
    }

    func stream(_ filter: GroupsRepository.Filter, identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        var f = filter
        f.orgIds = TrainingAccess.readableOrgs(me)
        return try await repository.stream(f)
    }
}
