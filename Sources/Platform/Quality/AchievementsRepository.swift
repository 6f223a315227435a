import Foundation
import PostgresNIO

/// Learners' achievements in contests, in SQL. An achievement counts (for a program's quality index) when its contest
/// is approved and its day falls in the last academic year.
struct AchievementsRepository: Sendable {
    let db: Database

    struct Filter: Sendable {
        var search: String?
        var contestId: UUID?
        var programId: UUID?
        var learner: UUID?
        var counted: Bool?
        var from: String?
        var to: String?
        /// the first day of the last academic year
        var yearStart: String
    }

    static let from = """
        achievements a JOIN contests c ON c.id = a.contest_id JOIN users u ON u.id = a.learner_id
        """

    /// Whether the row counts: it names a program, its contest is approved, its day is in the last academic year.
    static let countedSQL = """
        (a.program_id IS NOT NULL AND c.status = 'approved' AND a.achieved_on >= $year::date)
        """

    func filtered(_ f: Filter) throws -> (ListQuery, counted: String) {
        var l = ListQuery(from: Self.from, keyset: .time("a.created_at", id: "a.id"))
        let counted = Self.countedSQL.replacingOccurrences(of: "$year", with: try l.bind(f.yearStart))
        try l.filter("a.contest_id = ?", f.contestId)
        try l.filter("a.program_id = ?", f.programId)
        try l.filter("a.learner_id = ?", f.learner)
        if let wanted = f.counted { l.filter(wanted ? counted : "NOT \(counted)") }
        try l.filter("a.achieved_on >= ?::date", f.from)
        try l.filter("a.achieved_on <= ?::date", f.to)
        try l.contains(anyOf: ["c.name", "concat_ws(' ', u.last_name, u.first_name, u.middle_name)"], f.search)
        return (l, counted)
    }

    func json(counted: String) -> String {
        """
        json_build_object('id', a.id, 'learner', concat_ws(' ', u.last_name, u.first_name, u.middle_name),
          'contest', json_build_object('id', c.id, 'name', c.name, 'status', c.status),
          'program', (SELECT json_build_object('id', p.id, 'name', p.full_name) FROM programs p
            WHERE p.id = a.program_id),
          'result', a.result, 'place', a.place, 'achievedOn', a.achieved_on,
          'document', CASE WHEN a.document_file_id IS NULL THEN NULL ELSE json_build_object('id', a.document_file_id,
            'url', '/api/v1/files/' || a.document_file_id) END,
          'counted', \(counted), 'createdAt', a.created_at)
        """
    }

    func list(_ f: Filter, page: PageRequest) async throws -> String {
        let (l, counted) = try filtered(f)
        return try await db.page(try l.page(json(counted: counted), page: page))
    }

    func stream(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        let (l, counted) = try filtered(f)
        let columns = """
            concat_ws(' ', u.last_name, u.first_name, u.middle_name), c.name,
            coalesce((SELECT p.full_name FROM programs p WHERE p.id = a.program_id), ''), a.result,
            coalesce(a.place::text, ''), to_char(a.achieved_on, 'DD.MM.YYYY'), \(counted)
            """
        return try await db.client.query(l.all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String, Bool).self)
            return [c.0, c.1, c.2, AchievementResult.title(c.3), c.4, c.5, c.6.csv]
        }
    }

    /// A contest the learner may record a result in — approved, or proposed by them — with its days.
    func contest(_ id: UUID, for learner: UUID) async throws -> (startsOn: String?, endsOn: String?)? {
        try await db.rows(
            """
            SELECT starts_on::text, ends_on::text FROM contests
            WHERE id = \(id) AND (status = 'approved' OR proposed_by = \(learner))
            """
        ).first?.decode((String?, String?).self)
    }

    /// The programs the learner studies or completed (an achievement may name one of them).
    func programs(of learner: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.full_name) ORDER BY p.full_name),
              '[]')::text
            FROM programs p WHERE p.id IN (SELECT program_id FROM applications
              WHERE learner_id = \(learner) AND status IN ('studying', 'completed'))
            """
        ).first!.decode(String.self)
    }

    func studied(_ program: UUID, by learner: UUID) async throws -> Bool {
        try await !db.rows(
            """
            SELECT 1 FROM applications WHERE learner_id = \(learner) AND program_id = \(program)
              AND status IN ('studying', 'completed') LIMIT 1
            """
        ).isEmpty
    }

    /// Records it; nil when the learner has a result in that contest already.
    func insert(_ i: AchievementInput, learner: UUID) async throws -> UUID? {
        try await db.rows(
            """
            INSERT INTO achievements (contest_id, learner_id, program_id, result, place, achieved_on, document_file_id)
            VALUES (\(i.contestId), \(learner), \(i.programId), \(i.result), \(i.place), \(i.achievedOn)::date,
              \(i.documentFileId))
            ON CONFLICT (contest_id, learner_id) DO NOTHING RETURNING id
            """
        ).first?.decode(UUID.self)
    }

    /// An operator's removal of an achievement that does not hold.
    func delete(_ id: UUID) async throws -> Bool {
        try await !db.rows("DELETE FROM achievements WHERE id = \(id) RETURNING 1").isEmpty
    }

    func delete(_ id: UUID, learner: UUID) async throws -> Bool {
        try await !db.rows("DELETE FROM achievements WHERE id = \(id) AND learner_id = \(learner) RETURNING 1").isEmpty
    }
}
