import Foundation
import PostgresNIO

/// What the quality index and the НОКО statistics read: each program's ratings and its learners' achievements, and
/// counts of achievements and ratings per day, week or month.
struct QualityRepository: Sendable {
    let db: Database

    struct Row: Sendable {
        var id: UUID
        var org: UUID
        var name: String
        var organization: String
        var parts: QualityIndex.Parts
    }

    /// The parts of the index of the programs matched; `year` is the first day of the last academic year.
    static func columns(year: String) -> String {
        """
        p.id, p.org_id, p.full_name,
        (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = p.org_id),
        (SELECT avg(r.score)::float8 FROM expert_ratings r WHERE r.program_id = p.id),
        (SELECT count(*)::int FROM expert_ratings r WHERE r.program_id = p.id),
        (SELECT avg(r.score)::float8 FROM program_ratings r WHERE r.program_id = p.id),
        (SELECT count(*)::int FROM program_ratings r WHERE r.program_id = p.id),
        (SELECT ARRAY[count(*) FILTER (WHERE a.result = 'winner'), count(*) FILTER (WHERE a.result = 'prize'),
                      count(*) FILTER (WHERE a.result = 'participant')]::int[]
         FROM achievements a JOIN contests c ON c.id = a.contest_id
         WHERE a.program_id = p.id AND c.status = 'approved' AND a.achieved_on >= \(year)::date),
        (SELECT count(DISTINCT a.learner_id)::int FROM applications a
         WHERE a.program_id = p.id AND a.status = 'completed')
        """
    }

    static func row(_ r: PostgresRow) throws -> Row {
        let c = try r.decode((UUID, UUID, String, String?, Double?, Int, Double?, Int, [Int], Int).self)
        return Row(
            id: c.0, org: c.1, name: c.2, organization: c.3 ?? "",
            parts: .init(
                expertScore: c.4, expertRatings: c.5, userScore: c.6, userRatings: c.7, winners: c.8[0],
                prizes: c.8[1], participants: c.8[2], learners: c.9))
    }

    func program(_ id: UUID, yearStart: String) async throws -> Row? {
        var l = ListQuery(from: "programs p", keyset: .text("p.full_name", id: "p.id"))
        try l.filter("p.id = ?", id)
        let year = try l.bind(yearStart)
        return try await db.rows(l.all(Self.columns(year: year))).first.map(Self.row)
    }

    /// Every program with an expert's or a learner's rating, optionally of one organization or matching a name.
    func rated(search: String?, organization: UUID?, yearStart: String) async throws -> [Row] {
        var l = ListQuery(from: "programs p", keyset: .text("p.full_name", id: "p.id"))
        l.filter(
            """
            (EXISTS (SELECT 1 FROM expert_ratings r WHERE r.program_id = p.id)
             OR EXISTS (SELECT 1 FROM program_ratings r WHERE r.program_id = p.id))
            """)
        try l.filter("p.org_id = ?", organization)
        try l.contains("p.full_name", search)
        let year = try l.bind(yearStart)
        return try await db.rows(l.all(Self.columns(year: year))).map(Self.row)
    }

    /// What the statistics count: achievements by their day, ratings by when they were given.
    enum Kind: String, CaseIterable, Sendable {
        case achievements
        case expertRatings = "expert_ratings"
        case userRatings = "user_ratings"
    }

    /// Counts (and mean scores of ratings) per day, week or month of the region between two days, empty periods
    /// included.
    func statistics(_ kind: Kind, period: String, from: String, to: String, zone: String) async throws -> String {
        let (table, at, score) =
            switch kind {
            case .achievements: ("achievements", "achieved_on::timestamp", "NULL::int")
            case .expertRatings: ("expert_ratings", "(rated_at AT TIME ZONE (SELECT name FROM z))", "score")
            case .userRatings: ("program_ratings", "(rated_at AT TIME ZONE (SELECT name FROM z))", "score")
            }
        return try await db.rows(
            """
            WITH z AS (SELECT \(zone)::text AS name),
            s AS (SELECT date_trunc(\(period), t)::date AS start FROM generate_series(
                       date_trunc(\(period), \(from)::date::timestamp), \(to)::date::timestamp,
                       ('1 ' || \(period))::interval) t),
            x AS (SELECT date_trunc(\(period), \(unescaped: at))::date AS start, count(*) AS n,
                    round(avg(\(unescaped: score))) AS mean
                  FROM \(unescaped: table)
                  WHERE \(unescaped: at) >= \(from)::date AND \(unescaped: at) < \(to)::date + 1
                  GROUP BY 1)
            SELECT coalesce(json_agg(json_build_object('start', s.start, 'count', coalesce(x.n, 0), 'mean', x.mean)
              ORDER BY s.start), '[]')::text
            FROM s LEFT JOIN x USING (start)
            """
        ).first!.decode(String.self)
    }
}
