import Foundation
import PostgresNIO

/// Study groups in SQL; JSON is built by PostgreSQL.
public struct GroupsRepository: Sendable {
    let db: Database

    static func person(_ alias: String) -> String {
        "trim(\(alias).last_name || ' ' || \(alias).first_name || coalesce(' ' || \(alias).middle_name, ''))"
    }

    /// A row of the groups list.
    static let listSQL = """
        json_build_object('id', g.id, 'name', g.name, 'status', g.status, 'startsOn', g.starts_on, 'endsOn', g.ends_on,
          'minSize', g.min_size, 'maxSize', g.max_size, 'applicationsFrom', g.applications_from, 'applicationsUntil',
            g.applications_until,
          'program', json_build_object('id', p.id, 'fullName', p.full_name),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'learners', (SELECT count(*) FROM applications a WHERE a.group_id = g.id AND in_group_list(a.status)))
        """

    static let detailSQL = """
        json_build_object('id', g.id, 'name', g.name, 'status', g.status, 'startsOn', g.starts_on, 'endsOn', g.ends_on,
          'minSize', g.min_size, 'maxSize', g.max_size, 'applicationsFrom', g.applications_from, 'applicationsUntil',
            g.applications_until,
          'comment', g.comment, 'version', g.version,
          'program', json_build_object('id', p.id, 'fullName', p.full_name, 'hours', \(ProgramsRepository.hours),
            'organizationId', p.org_id),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'counts', (SELECT json_build_object('confirmed', count(*) FILTER (WHERE a.status = 'confirmed'),
                 'studying', count(*) FILTER (WHERE a.status = 'studying'), 'completed',
                   count(*) FILTER (WHERE a.status = 'completed'),
                 'expelled', count(*) FILTER (WHERE a.status = 'expelled')) FROM applications a
                   WHERE a.group_id = g.id),
          'scheduledHours', (SELECT coalesce(sum(academic_hours), 0) FROM schedule_lessons s WHERE s.group_id = g.id),
          'lessons', (SELECT count(*) FROM schedule_lessons s WHERE s.group_id = g.id),
          'lecturers', coalesce((SELECT json_agg(json_build_object('id', sr.id, 'name', \(person("sr")), 'position',
            sr.position)
                 ORDER BY sr.last_name, sr.first_name) FROM study_group_lecturers gl JOIN staff_resources sr
                   ON sr.id = gl.staff_id
                 WHERE gl.group_id = g.id), '[]'),
          'learnersList', coalesce((SELECT json_agg(json_build_object('applicationId', a.id, 'number', a.number,
            'name', \(person("a")),
                 'email', a.email, 'status', a.status, 'finalGrade', a.final_grade) ORDER BY a.last_name, a.first_name,
                   a.id)
                 FROM applications a WHERE a.group_id = g.id AND in_group_list(a.status)), '[]'),
          'history', coalesce((SELECT json_agg(json_build_object('fromStatus', h.from_status, 'toStatus', h.to_status,
            'comment', h.comment,
                 'at', \(OrganizationProfileRepository.utc("h.at")), 'actor',
                   (SELECT \(person("u")) FROM users u WHERE u.id = h.actor_id)) ORDER BY h.id)
                 FROM study_group_status_history h WHERE h.group_id = g.id), '[]'))
        """

    struct Locked: Sendable {
        var orgId: UUID
        var programId: UUID
        var status: GroupStatus
        var version: Int
        var minSize: Int
        var maxSize: Int
        var name: String
    }

    /// Locks the group row: steps of the group, and confirmations that take its places, wait for each other.
    func lock(id: UUID, on conn: PostgresConnection) async throws -> Locked? {
        guard
            let row = try await conn.rows(
                """
                SELECT org_id, program_id, status, version, min_size, max_size,
                  name FROM study_groups WHERE id = \(id) FOR UPDATE
                """,
                logger: db.logger
            ).first
        else { return nil }
        let c = try row.decode((UUID, UUID, String, Int, Int, Int, String).self)
        return Locked(
            orgId: c.0, programId: c.1, status: GroupStatus(rawValue: c.2) ?? .notFormed, version: c.3,
            minSize: c.4, maxSize: c.5, name: c.6)
    }

    /// The group's first day, `YYYY-MM-DD`.
    func startsOn(_ id: UUID, on conn: PostgresConnection) async throws -> String? {
        try await conn.rows("SELECT starts_on::text FROM study_groups WHERE id = \(id)", logger: db.logger).first?
            .decode(String.self)
    }

    /// The facts a person confirmed into the group is told: period, first lesson, its room and address.
    func briefing(_ id: UUID, on conn: PostgresConnection) async throws -> GroupBriefing? {
        try await conn.rows(
            """
            SELECT to_char(g.starts_on, 'DD.MM.YYYY'), to_char(g.ends_on, 'DD.MM.YYYY'),
                   to_char(f.starts_at, 'DD.MM.YYYY "в" HH24:MI'), r.name, coalesce(og.address, o.address),
                   o.short_name
            FROM study_groups g JOIN organizations o ON o.id = g.org_id
            LEFT JOIN LATERAL (SELECT s.starts_at, s.room_id FROM schedule_lessons s WHERE s.group_id = g.id
                               ORDER BY s.starts_at LIMIT 1) f ON true
            LEFT JOIN rooms r ON r.id = f.room_id LEFT JOIN object_groups og ON og.id = r.object_group_id
            WHERE g.id = \(id)
            """, logger: db.logger
        ).first.map {
            let c = try $0.decode((String, String, String?, String?, String?, String).self)
            return GroupBriefing(
                startsOn: c.0, endsOn: c.1, firstLesson: c.2, room: c.3, address: c.4, organization: c.5)
        }
    }

    /// Places taken in the group (`holds_seat`, migration 0019).
    func seatsTaken(_ id: UUID, on conn: PostgresConnection) async throws -> Int {
        try await conn.rows(
            "SELECT count(*) FROM applications WHERE group_id = \(id) AND holds_seat(status)", logger: db.logger
        )[0].decode(Int.self)
    }

    func orgId(ofGroup id: UUID) async throws -> UUID? {
        try await db.rows("SELECT org_id FROM study_groups WHERE id = \(id)").first?.decode(UUID.self)
    }

    /// The card with the caller's buttons (`allowedActions` for those who run the group's training, as the
    /// operator or the organization); nil when the group is missing or beyond the caller's reach.
    func detail(id: UUID, reads: TrainingAccess.Reach, manages: TrainingAccess.Reach, as actor: GroupActor) async throws
        -> (json: String, version: Int)?
    {
        try await db.rows(
            """
            SELECT (\(unescaped: Self.detailSQL)::jsonb || jsonb_build_object('allowedActions',
                     CASE WHEN within_reach(\(manages.all), \(manages.orgs), NULL, g.org_id, NULL, NULL)
                            THEN \(GroupWorkflow.allowedJSON(by: actor))::jsonb -> g.status ELSE '[]' END))::text,
                              g.version
            FROM study_groups g JOIN programs p ON p.id = g.program_id JOIN organizations o ON o.id = g.org_id
            WHERE g.id = \(id) AND within_reach(\(reads.all), \(reads.orgs), NULL, g.org_id, NULL, NULL)
            """
        ).first.map { try $0.decode((String, Int).self) }
    }

    /// The program a group is opened for: its organization, status and the organizations named as implementing it.
    func program(_ id: UUID, on conn: PostgresConnection) async throws
        -> (orgId: UUID, status: String, implementers: [UUID])?
    {
        try await conn.rows(
            """
            SELECT p.org_id, p.status,
                   coalesce((SELECT array_agg(po.org_id) FROM program_organizations po WHERE po.program_id = p.id),
                            '{}')
            FROM programs p WHERE p.id = \(id)
            """, logger: db.logger
        ).first.map { try $0.decode((UUID, String, [UUID]).self) }
    }

    func insert(program: UUID, org: UUID, _ v: GroupValues, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on,
              applications_from,
                                      applications_until, comment)
            VALUES (\(program), \(org), \(v.name), \(v.minSize), \(v.maxSize), \(v.startsOn)::date, \(v.endsOn)::date,
                    \(v.applicationsFrom)::date, \(v.applicationsUntil)::date, \(v.comment))
            RETURNING id
            """, logger: db.logger)[0].decode(UUID.self)
    }

    func values(_ id: UUID, on conn: PostgresConnection) async throws -> GroupValues {
        let c = try await conn.rows(
            """
            SELECT name, min_size, max_size, starts_on::text, ends_on::text, applications_from::text,
                   applications_until::text, comment
            FROM study_groups WHERE id = \(id)
            """, logger: db.logger)[0].decode((String, Int, Int, String, String, String?, String?, String?).self)
        return GroupValues(
            name: c.0, minSize: c.1, maxSize: c.2, startsOn: c.3, endsOn: c.4, applicationsFrom: c.5,
            applicationsUntil: c.6, comment: c.7)
    }

    /// What must still fit a changed group: its seated learners, and its lessons outside the new period.
    func occupancy(_ id: UUID, from: String, to: String, on conn: PostgresConnection) async throws
        -> (learners: Int, lessonsOutside: Int)
    {
        try await conn.rows(
            """
            SELECT (SELECT count(*) FROM applications WHERE group_id = \(id) AND holds_seat(status)),
                   (SELECT count(*) FROM schedule_lessons WHERE group_id = \(id)
                      AND (starts_at::date < \(from)::date OR starts_at::date > \(to)::date))
            """, logger: db.logger)[0].decode((Int, Int).self)
    }

    func update(_ id: UUID, _ v: GroupValues, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE study_groups SET name = \(v.name), min_size = \(v.minSize), max_size = \(v.maxSize),
              starts_on = \(v.startsOn)::date, ends_on = \(v.endsOn)::date,
                applications_from = \(v.applicationsFrom)::date,
              applications_until = \(v.applicationsUntil)::date, comment = \(v.comment), updated_at = now(),
              version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    /// Which of `ids` are the organization's staff (its people resources).
    func staff(of org: UUID, among ids: [UUID], on conn: PostgresConnection) async throws -> Set<UUID> {
        Set(
            try await conn.rows(
                "SELECT id FROM staff_resources WHERE org_id = \(org) AND id = ANY(\(ids))", logger: db.logger
            ).map { try $0.decode(UUID.self) })
    }

    func replaceLecturers(_ id: UUID, org: UUID, _ staff: [UUID], on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM study_group_lecturers WHERE group_id = \(id)", logger: db.logger)
        try await conn.run(
            """
            INSERT INTO study_group_lecturers (group_id, org_id, staff_id) SELECT \(id), \(org),
              unnest(\(staff)::uuid[])
            """,
            logger: db.logger)
    }

    /// Learners still in training (confirmed, studying) and those whose training has ended (completed, expelled).
    func progress(_ id: UUID, on conn: PostgresConnection) async throws -> (inTraining: Int, ended: Int) {
        try await conn.rows(
            """
            SELECT count(*) FILTER (WHERE status IN ('confirmed', 'studying')),
                   count(*) FILTER (WHERE status IN ('completed', 'expelled'))
            FROM applications WHERE group_id = \(id)
            """, logger: db.logger)[0].decode((Int, Int).self)
    }

    func setStatus(_ id: UUID, _ status: GroupStatus, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE study_groups SET status = \(status.rawValue), updated_at = now(),
              version = version + 1 WHERE id = \(id)
            """,
            logger: db.logger)
    }

    struct Filter: Sendable {
        var orgIds: [UUID]?
        var programId: UUID?
        var status: String?
        var search: String?
        var organizationId: UUID?
    }

    /// Groups run by `orgIds` or of their programs (nil: every organization), latest start first.
    func filtered(_ f: Filter) throws -> ListQuery {
        var q = ListQuery(
            from: "study_groups g JOIN programs p ON p.id = g.program_id JOIN organizations o ON o.id = g.org_id",
            keyset: .text("to_char(g.starts_on, 'YYYYMMDD')", id: "g.id", descending: true))
        try q.filter("(g.org_id = ANY(?) OR p.org_id = ANY(?))", f.orgIds)
        try q.filter("g.org_id = ?", f.organizationId)
        try q.filter("g.program_id = ?", f.programId)
        try q.filter("g.status = ?", f.status)
        try q.contains("g.name || ' ' || p.full_name", f.search)
        return q
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(filtered(f).page(Self.listSQL, page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let columns = """
            g.id::text, g.name, p.full_name, o.short_name, g.status, g.starts_on::text, g.ends_on::text,
            g.min_size::text, g.max_size::text
            """
        return try await db.client.query(filtered(f).all(columns), logger: db.logger).map { row in
            let c = try row.decode((String, String, String, String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8]
        }
    }

    func recordStatus(
        group: UUID, from: GroupStatus?, to: GroupStatus, actor: UUID?, comment: String?, on conn: PostgresConnection
    ) async throws {
        try await conn.run(
            """
            INSERT INTO study_group_status_history (group_id, from_status, to_status, actor_id, comment)
            VALUES (\(group), \(from?.rawValue), \(to.rawValue), \(actor), \(comment))
            """, logger: db.logger)
    }
}
