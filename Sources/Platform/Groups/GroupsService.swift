import Foundation
import PostgresNIO

public struct GroupInput: Decodable, Sendable {
    var programId: UUID?
    var organizationId: UUID?
    var name: String?
    var minSize: Int?
    var maxSize: Int?
    var startsOn: String?
    var endsOn: String?
    var applicationsFrom: String?
    var applicationsUntil: String?
    var comment: String?
    var lecturerIds: [UUID]?
}

public struct GroupActionInput: Decodable, Sendable {
    var comment: String?
}

/// Study groups (SPEC §8): created for a published program by its organization or an implementing one; sizes and
/// periods checked; lecturers from the organization's staff; status steps through `GroupWorkflow`.
public struct GroupsService: Sendable {
    let db: Database
    let repository: GroupsRepository

    public init(db: Database) {
        self.db = db
        self.repository = GroupsRepository(db: db)
    }

    struct Values {
        var name: String
        var minSize: Int
        var maxSize: Int
        var startsOn: String
        var endsOn: String
        var applicationsFrom: String?
        var applicationsUntil: String?
        var comment: String?
    }

    /// Validates a full set of values (creation) or the sent ones over the current (PATCH).
    func values(_ i: GroupInput, keys: Set<String>, current: Values?) throws -> Values {
        var v = Validator()
        func has(_ k: String) -> Bool { current == nil || keys.contains(k) }
        let name = has("name") ? v.required(i.name, "name") : current!.name
        let minSize = has("minSize") ? (i.minSize ?? 1) : current!.minSize
        var maxSize = current?.maxSize ?? 0
        if has("maxSize") {
            if let m = i.maxSize { maxSize = m } else { v.add("maxSize", "required", "Укажите наибольший размер группы") }
        }
        v.check(minSize >= 1 && minSize <= 1000, "minSize", "out_of_range", "Наименьший размер группы — от 1 до 1000")
        if i.maxSize != nil || current != nil {
            v.check(maxSize >= minSize && maxSize <= 1000, "maxSize", "out_of_range", "Наибольший размер — не меньше наименьшего и не больше 1000")
        }
        let startsOn = has("startsOn") ? v.date(i.startsOn, "startsOn", required: true) : current!.startsOn
        let endsOn = has("endsOn") ? v.date(i.endsOn, "endsOn", required: true) : current!.endsOn
        if let s = startsOn, let e = endsOn { v.check(e >= s, "endsOn", "before_start", "Окончание обучения раньше начала") }
        let from = has("applicationsFrom") ? v.date(i.applicationsFrom, "applicationsFrom") : current!.applicationsFrom
        let until = has("applicationsUntil") ? v.date(i.applicationsUntil, "applicationsUntil") : current!.applicationsUntil
        if let f = from, let u = until { v.check(u >= f, "applicationsUntil", "before_start", "Конец приёма заявок раньше начала") }
        let comment = has("comment") ? v.optional(i.comment, "comment", max: 2000) : current!.comment
        try v.throwIfInvalid()
        return Values(name: name, minSize: minSize, maxSize: maxSize, startsOn: startsOn!, endsOn: endsOn!, applicationsFrom: from,
                      applicationsUntil: until, comment: comment)
    }

    public func create(_ i: GroupInput, keys: Set<String>, identity me: Identity, actor: Actor) async throws -> (json: String, version: Int, id: UUID) {
        guard let programId = i.programId else { throw Problem.validation([FieldError("programId", "required", "Выберите программу")]) }
        let values = try values(i, keys: keys, current: nil)
        let id: UUID = try await db.transaction { conn in
            guard let program = try await conn.rows("SELECT org_id, status FROM programs WHERE id = \(programId)", logger: db.logger).first?
                .decode((UUID, String).self)
            else { throw Problem.validation([FieldError("programId", "not_found", "Программа не найдена")]) }
            // groups are run by the program's organization or one it named as implementing (seed 000 «Организации»)
            let orgId = i.organizationId ?? (me.orgIds.contains(program.0) || me.hasAny(TrainingAccess.operators) ? program.0 : me.orgIds.first ?? program.0)
            try TrainingAccess.requireManage(me, org: orgId)
            let implementing = try await conn.rows(
                "SELECT 1 FROM program_organizations WHERE program_id = \(programId) AND org_id = \(orgId)", logger: db.logger).isEmpty == false
            guard orgId == program.0 || implementing else {
                throw Problem.validation([FieldError("organizationId", "not_implementing", "Организация не указана среди реализующих программу")])
            }
            guard program.1 == "published" else {
                throw Problem.validation([FieldError("programId", "not_published", "Группы набираются только по опубликованным программам")])
            }
            let id = try await conn.rows(
                """
                INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on, applications_from, applications_until, comment)
                VALUES (\(programId), \(orgId), \(values.name), \(values.minSize), \(values.maxSize), \(values.startsOn)::date, \(values.endsOn)::date,
                        \(values.applicationsFrom)::date, \(values.applicationsUntil)::date, \(values.comment))
                RETURNING id
                """, logger: db.logger)[0].decode(UUID.self)
            try await repository.recordStatus(group: id, from: nil, to: .notFormed, actor: me.userId, comment: nil, on: conn)
            if let staff = i.lecturerIds { try await setLecturers(id, orgId: orgId, staff, on: conn) }
            try await AuditLog.record(actor: actor.userId, action: "create", entity: "study_group", entityId: id, before: [String: String](),
                                      after: ["name": values.name], requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        let found = try await detail(id, identity: me)
        return (found.json, found.version, id)
    }

    public func detail(_ id: UUID, identity me: Identity) async throws -> (json: String, version: Int) {
        guard let found = try await repository.detail(id: id), TrainingAccess.canRead(me, org: found.orgId) else { throw Problem.notFound }
        let actor: GroupActor = me.hasAny(TrainingAccess.operators) ? .copp : .organization
        let allowed = TrainingAccess.canManage(me, org: found.orgId) ? GroupWorkflow.allowed(from: found.status, by: actor).map(\.rawValue) : []
        var json = found.json
        json.removeLast()
        json += ",\"allowedActions\":" + String(decoding: try JSONEncoder().encode(allowed), as: UTF8.self) + "}"
        return (json, found.version)
    }

    public func update(_ id: UUID, _ i: GroupInput, keys: Set<String>, ifMatch: String?, identity me: Identity, actor: Actor) async throws -> (json: String, version: Int) {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            guard let group = try await repository.lock(id: id, on: conn), TrainingAccess.canRead(me, org: group.orgId) else { throw Problem.notFound }
            try TrainingAccess.requireManage(me, org: group.orgId)
            if let expected, expected != group.version { throw ETag.stale }
            let row = try await conn.rows(
                """
                SELECT name, min_size, max_size, starts_on::text, ends_on::text, applications_from::text, applications_until::text, comment
                FROM study_groups WHERE id = \(id)
                """, logger: db.logger)[0].decode((String, Int, Int, String, String, String?, String?, String?).self)
            let current = Values(name: row.0, minSize: row.1, maxSize: row.2, startsOn: row.3, endsOn: row.4, applicationsFrom: row.5,
                                 applicationsUntil: row.6, comment: row.7)
            let v = try values(i, keys: keys, current: current)
            // the group's learners and lessons must still fit
            let (learners, outside) = try await conn.rows(
                """
                SELECT (SELECT count(*) FROM applications WHERE group_id = \(id) AND holds_seat(status)),
                       (SELECT count(*) FROM schedule_lessons WHERE group_id = \(id)
                          AND (starts_at::date < \(v.startsOn)::date OR starts_at::date > \(v.endsOn)::date))
                """, logger: db.logger)[0].decode((Int, Int).self)
            var errors: [FieldError] = []
            if v.maxSize < learners { errors.append(FieldError("maxSize", "below_learners", "В группе уже \(learners) обучающихся")) }
            if outside > 0 { errors.append(FieldError("startsOn", "lessons_outside", "Занятия расписания (\(outside)) выходят за новый период обучения")) }
            if !errors.isEmpty { throw Problem.validation(errors) }
            try await conn.run(
                """
                UPDATE study_groups SET name = \(v.name), min_size = \(v.minSize), max_size = \(v.maxSize), starts_on = \(v.startsOn)::date,
                  ends_on = \(v.endsOn)::date, applications_from = \(v.applicationsFrom)::date, applications_until = \(v.applicationsUntil)::date,
                  comment = \(v.comment), updated_at = now(), version = version + 1
                WHERE id = \(id)
                """, logger: db.logger)
            if keys.contains("lecturerIds") { try await setLecturers(id, orgId: group.orgId, i.lecturerIds ?? [], on: conn) }
            try await AuditLog.record(actor: actor.userId, action: "update", entity: "study_group", entityId: id, before: ["name": current.name],
                                      after: ["name": v.name], requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(id, identity: me)
    }

    func setLecturers(_ id: UUID, orgId: UUID, _ staff: [UUID], on conn: PostgresConnection) async throws {
        let unique = Array(Set(staff))
        let known = try await conn.rows("SELECT id FROM staff_resources WHERE org_id = \(orgId) AND id = ANY(\(unique))", logger: db.logger)
            .map { try $0.decode(UUID.self) }
        let unknown = unique.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw Problem.validation(staff.enumerated().filter { unknown.contains($0.element) }
                .map { FieldError("lecturerIds[\($0.offset)]", "not_found", "Нет такого преподавателя среди кадровых ресурсов организации") })
        }
        try await conn.run("DELETE FROM study_group_lecturers WHERE group_id = \(id)", logger: db.logger)
        try await conn.run(
            "INSERT INTO study_group_lecturers (group_id, org_id, staff_id) SELECT \(id), \(orgId), unnest(\(unique)::uuid[])", logger: db.logger)
    }

    public func act(_ id: UUID, _ action: GroupAction, comment: String?, identity me: Identity, actor: Actor) async throws -> (json: String, version: Int) {
        try await db.transaction { conn in
            guard let group = try await repository.lock(id: id, on: conn), TrainingAccess.canRead(me, org: group.orgId) else { throw Problem.notFound }
            try TrainingAccess.requireManage(me, org: group.orgId)
            let who: GroupActor = me.hasAny(TrainingAccess.operators) ? .copp : .organization
            let next = try GroupWorkflow.next(action, from: group.status, by: who, what: "группа")
            let counts = try await conn.rows(
                """
                SELECT count(*) FILTER (WHERE status IN ('confirmed', 'studying')), count(*) FILTER (WHERE status IN ('completed', 'expelled'))
                FROM applications WHERE group_id = \(id)
                """, logger: db.logger)[0].decode((Int, Int).self)
            switch action {
            case .form where counts.0 < group.minSize:
                throw Problem.conflict("В группе \(counts.0) подтверждённых заявок, нужно не меньше \(group.minSize)", code: "too_few_learners", allowed: [])
            case .finish where counts.0 > 0:
                throw Problem.conflict("У \(counts.0) обучающихся не отмечено окончание или отчисление", code: "learners_unfinished", allowed: [])
            default: break
            }
            try await conn.run("UPDATE study_groups SET status = \(next.rawValue), updated_at = now(), version = version + 1 WHERE id = \(id)",
                               logger: db.logger)
            try await repository.recordStatus(group: id, from: group.status, to: next, actor: me.userId, comment: comment, on: conn)
            try await AuditLog.record(actor: actor.userId, action: action.rawValue, entity: "study_group", entityId: id,
                                      before: ["status": group.status.rawValue], after: ["status": next.rawValue], requestId: actor.requestId,
                                      on: conn, logger: db.logger)
        }
        return try await detail(id, identity: me)
    }
}
