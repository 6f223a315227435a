import Foundation
import PostgresNIO

/// Filters of the public catalog (SPEC §6).
public struct CatalogFilter: Sendable {
    public var query: String?
    public var competencyId: UUID?
    public var professionId: UUID?
    public var industryId: UUID?
    public var kindId: UUID?
    public var studyFormId: UUID?
    public var municipalityId: UUID?
    public var organizationId: UUID?
    public var priceMin: Double?
    public var priceMax: Double?
    public var freeOnly = false
    public var funding: String?
    public var accessibleOnly = false
    /// programs with a group starting in [startFrom, startTo] and still taking learners
    public var startFrom: Date?
    public var startTo: Date?
    public var sort: String = "relevance"
}

/// Published programs of approved organizations: Russian full-text search (stems, ё folded) with a trigram fallback for
/// typos in names, filters, keyset pages for every sort, and facet counts — all in SQL, JSON built by PostgreSQL.
public struct CatalogRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static let itemSQL = """
        json_build_object('id', p.id, 'fullName', p.full_name, 'shortName', p.short_name,
          'organization', json_build_object('id', o.id, 'shortName', o.short_name, 'publicName', o.public_name),
          'kind', \(OrganizationProfileRepository.ref("p.kind_id")), 'studyForm',
            \(OrganizationProfileRepository.ref("p.study_form_id")),
          'municipality', \(OrganizationProfileRepository.ref("o.municipality_id")),
          'hours', \(ProgramsRepository.hours), 'price', p.price, 'funding', p.funding, 'accessible', p.accessible,
          'competencies', coalesce((SELECT json_agg(d.name ORDER BY d.name) FROM program_competencies pc
            JOIN directory_items d ON d.id = pc.competency_id
              WHERE pc.program_id = p.id), '[]'),
          'cover', CASE WHEN p.cover_file_id IS NULL THEN NULL ELSE '/api/v1/files/' || p.cover_file_id END,
          'publishedAt', \(OrganizationProfileRepository.utc("p.published_at")))
        """

    /// One statement: `head` + the shared filter + an optional keyset condition + `tail`. The folded query text is
    /// bound directly in the WHERE clause (so the planner sees a constant and uses the GIN indexes) and once more as
    /// `params.q` for the relevance expression of the ORDER BY and the cursor.
    func statement(
        _ f: CatalogFilter, head: String, tail: String, orderKey: String = "p.id::text", comparison: String = ">",
        cursor: Cursor? = nil
    ) -> PostgresQuery {
        let text = f.query.map { $0.lowercased().replacingOccurrences(of: "ё", with: "е") }
        return """
            WITH params AS (SELECT \(text)::text AS q) \(unescaped: head)
            FROM params, programs p JOIN organizations o ON o.id = p.org_id
            WHERE p.status = 'published' AND o.status = 'approved'
              AND (\(text)::text IS NULL OR p.search @@ plainto_tsquery('russian',
                \(text)::text) OR lower(p.full_name) % \(text)::text)
              AND (\(f.competencyId)::uuid IS NULL OR EXISTS (SELECT 1 FROM program_competencies
                WHERE program_id = p.id AND competency_id = \(f.competencyId)))
              AND (\(f.professionId)::uuid IS NULL OR EXISTS (SELECT 1 FROM program_professions WHERE program_id = p.id
                AND profession_id = \(f.professionId)))
              AND (\(f.industryId)::uuid IS NULL OR EXISTS (SELECT 1 FROM program_competencies pc
                JOIN directory_items d ON d.id = pc.competency_id
                   WHERE pc.program_id = p.id AND d.parent_id = \(f.industryId))
                   OR EXISTS (SELECT 1 FROM program_professions pp JOIN directory_items d ON d.id = pp.profession_id
                   WHERE pp.program_id = p.id AND d.parent_id = \(f.industryId)))
              AND (\(f.kindId)::uuid IS NULL OR p.kind_id = \(f.kindId) OR p.subkind_id = \(f.kindId))
              AND (\(f.studyFormId)::uuid IS NULL OR p.study_form_id = \(f.studyFormId))
              AND (\(f.municipalityId)::uuid IS NULL OR o.municipality_id = \(f.municipalityId))
              AND (\(f.organizationId)::uuid IS NULL OR p.org_id = \(f.organizationId)
                   OR EXISTS (SELECT 1 FROM program_organizations WHERE program_id = p.id
                     AND org_id = \(f.organizationId)))
              AND (\(f.priceMin)::numeric IS NULL OR coalesce(p.price, 0) >= \(f.priceMin)::numeric)
              AND (\(f.priceMax)::numeric IS NULL OR coalesce(p.price, 0) <= \(f.priceMax)::numeric)
              AND (NOT \(f.freeOnly) OR p.funding = 'free')
              AND (\(f.funding)::text IS NULL OR p.funding = \(f.funding))
              AND (NOT \(f.accessibleOnly) OR p.accessible)
              AND ((\(f.startFrom)::timestamptz IS NULL AND \(f.startTo)::timestamptz IS NULL) OR EXISTS (SELECT 1
                FROM study_groups g
                   WHERE g.program_id = p.id AND g.status IN ('not_formed', 'formed')
                     AND (\(f.startFrom)::timestamptz IS NULL OR g.starts_on >= (\(f.startFrom)::timestamptz AT TIME
                       ZONE 'UTC')::date)
                     AND (\(f.startTo)::timestamptz IS NULL OR g.starts_on <= (\(f.startTo)::timestamptz AT TIME ZONE
                       'UTC')::date)))
              AND (\(cursor?.key)::text IS NULL OR (\(unescaped: orderKey),
                p.id) \(unescaped: comparison) (\(cursor?.key), \(cursor?.id)))
            \(unescaped: tail)
            """
    }

    /// Sort key (text, for the cursor), its comparison for the next page, and direction; the id breaks ties.
    static func order(_ sort: String, hasQuery: Bool) -> (key: String, comparison: String, direction: String) {
        let newest = ("to_char(p.published_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS')", "<", "DESC")
        switch sort {
        case "price": return ("to_char(coalesce(p.price, 0) * 100, 'FM000000000000')", ">", "ASC")
        case "newest": return newest
        case "name": return ("lower(p.full_name)", ">", "ASC")
        // the nearest group still taking learners; programs without one come last
        case "start":
            return (
                """
                coalesce((SELECT to_char(min(g.starts_on), 'YYYYMMDD') FROM study_groups g WHERE g.program_id = p.id
                  AND g.status IN ('not_formed', 'formed') AND g.starts_on >= current_date), '99991231')
                """, ">", "ASC"
            )
        default:
            return hasQuery
                // ts_rank only: trigram similarity per row was 5× the cost of the whole query on broad searches
                // (EXPLAIN, 50k programs); rows found by a typo alone rank 0 and follow the exact matches
                ? ("to_char(ts_rank(p.search, plainto_tsquery('russian', params.q)), 'FM0.000000000')", "<", "DESC")
                : newest
        }
    }

    /// A page of the search; the first page also carries the facet counts of the same filters.
    public func page(_ f: CatalogFilter, page: PageRequest) async throws -> String {
        let order = Self.order(f.sort, hasQuery: f.query != nil)
        let q = statement(
            f, head: "SELECT \(Self.itemSQL)::text, \(order.key), p.id",
            tail: "ORDER BY \(order.key) \(order.direction), p.id \(order.direction) LIMIT \(page.limit + 1)",
            orderKey: order.key, comparison: order.comparison, cursor: page.cursor)
        let rows = try await db.rows(q)
        let facets = page.cursor == nil ? try await facets(f) : nil
        return page.jsonPage(
            try rows.map {
                let c = try $0.decode((String, String, UUID).self)
                return (c.0, c.1, c.2)
            }, extra: facets.map { ("facets", $0) })
    }

    /// Counts per filter value for the current filter set.
    public func facets(_ f: CatalogFilter) async throws -> String {
        try await db.rows(facetsStatement(f))[0].decode(String.self)
    }

    func facetsStatement(_ f: CatalogFilter) -> PostgresQuery {
        statement(
            f, head: ", m AS (SELECT p.id AS program_id, p.kind_id, p.study_form_id, p.funding, o.municipality_id",
            tail: """
                )
                SELECT json_build_object(
                  'total', (SELECT count(*) FROM m),
                  'kinds', coalesce((SELECT json_agg(x ORDER BY x.count DESC, x.name) FROM (SELECT d.id, d.name,
                    count(*) AS count FROM m
                      JOIN directory_items d ON d.id = m.kind_id GROUP BY d.id, d.name) x), '[]'),
                  'studyForms', coalesce((SELECT json_agg(x ORDER BY x.count DESC, x.name) FROM (SELECT d.id, d.name,
                    count(*) AS count FROM m
                      JOIN directory_items d ON d.id = m.study_form_id GROUP BY d.id, d.name) x), '[]'),
                  'municipalities', coalesce((SELECT json_agg(x ORDER BY x.count DESC, x.name) FROM (SELECT d.id,
                    d.name, count(*) AS count FROM m
                      JOIN directory_items d ON d.id = m.municipality_id GROUP BY d.id, d.name) x), '[]'),
                  'competencies', coalesce((SELECT json_agg(x ORDER BY x.count DESC, x.name) FROM (SELECT d.id, d.name,
                    count(*) AS count FROM m
                      JOIN program_competencies pc ON pc.program_id = m.program_id JOIN directory_items d
                        ON d.id = pc.competency_id
                      GROUP BY d.id, d.name ORDER BY count(*) DESC LIMIT 30) x), '[]'),
                  'funding', coalesce((SELECT json_agg(x ORDER BY x.count DESC) FROM (SELECT funding AS id,
                    count(*) AS count FROM m GROUP BY funding) x), '[]'))::text
                """)
    }

    /// Groups still taking learners, soonest first, with free places (SPEC §6 program page).
    static let upcomingGroupsSQL = """
        coalesce((SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'startsOn', g.starts_on, 'endsOn',
          g.ends_on,
            'applicationsUntil', g.applications_until, 'organization',
              (SELECT short_name FROM organizations WHERE id = g.org_id),
            'freePlaces', greatest(0, g.max_size - (SELECT count(*) FROM applications a WHERE a.group_id = g.id
                                                   AND holds_seat(a.status)))) ORDER BY g.starts_on)
          FROM study_groups g WHERE g.program_id = p.id AND g.status IN ('not_formed',
            'formed') AND g.starts_on >= current_date), '[]')
        """

    /// The public program page: published programs of approved organizations only.
    public func program(id: UUID) async throws -> String? {
        try await db.rows(
            """
            SELECT (\(unescaped: ProgramsRepository.detailSQL)::jsonb || jsonb_build_object('groups',
              \(unescaped: Self.upcomingGroupsSQL)))::text
            FROM programs p JOIN organizations o ON o.id = p.org_id
            WHERE p.id = \(id) AND p.status = 'published' AND o.status = 'approved'
            """
        ).first?.decode(String.self)
    }
}
