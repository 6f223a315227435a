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

    /// Published programs of approved organizations matching the filters in use. The folded text is bound once and
    /// used by the WHERE (full-text match or a trigram-similar name) and by the relevance order.
    static func filtered(_ f: CatalogFilter) throws -> ListQuery {
        // the order needs the searched text's placeholder, so it is set once the filters are bound
        var q = ListQuery(from: "programs p JOIN organizations o ON o.id = p.org_id", keyset: .text("p.id", id: "p.id"))
        q.filter("p.status = 'published' AND o.status = 'approved'")
        var text: String?
        if let query = f.query {
            let t = try q.bind(ListQuery.folded(query))
            q.filter("(p.search @@ plainto_tsquery('russian', \(t)::text) OR lower(p.full_name) % \(t)::text)")
            text = t
        }
        try q.filter(
            "EXISTS (SELECT 1 FROM program_competencies WHERE program_id = p.id AND competency_id = ?)", f.competencyId)
        try q.filter(
            "EXISTS (SELECT 1 FROM program_professions WHERE program_id = p.id AND profession_id = ?)", f.professionId)
        try q.filter(
            """
            (EXISTS (SELECT 1 FROM program_competencies pc JOIN directory_items d ON d.id = pc.competency_id
                     WHERE pc.program_id = p.id AND d.parent_id = ?)
             OR EXISTS (SELECT 1 FROM program_professions pp JOIN directory_items d ON d.id = pp.profession_id
                        WHERE pp.program_id = p.id AND d.parent_id = ?))
            """, f.industryId)
        try q.filter("(p.kind_id = ? OR p.subkind_id = ?)", f.kindId)
        try q.filter("p.study_form_id = ?", f.studyFormId)
        try q.filter("o.municipality_id = ?", f.municipalityId)
        try q.filter(
            "(p.org_id = ? OR EXISTS (SELECT 1 FROM program_organizations WHERE program_id = p.id AND org_id = ?))",
            f.organizationId)
        try q.filter("coalesce(p.price, 0) >= ?::numeric", f.priceMin)
        try q.filter("coalesce(p.price, 0) <= ?::numeric", f.priceMax)
        q.filter("p.funding = 'free'", when: f.freeOnly)
        try q.filter("p.funding = ?", f.funding)
        q.filter("p.accessible", when: f.accessibleOnly)
        if f.startFrom != nil || f.startTo != nil {
            var starts: [String] = []
            if let from = f.startFrom {
                let day = try q.bind(from)
                starts.append("g.starts_on >= (\(day)::timestamptz AT TIME ZONE 'UTC')::date")
            }
            if let to = f.startTo {
                let day = try q.bind(to)
                starts.append("g.starts_on <= (\(day)::timestamptz AT TIME ZONE 'UTC')::date")
            }
            q.filter(
                """
                EXISTS (SELECT 1 FROM study_groups g WHERE g.program_id = p.id AND g.status IN ('not_formed', 'formed')
                          AND \(starts.joined(separator: " AND ")))
                """)
        }
        return q.ordered(by: order(f.sort, text: text))
    }

    /// The order of a sort, as a keyset over a text key (the cursor carries it); the id breaks ties. `text` is the
    /// placeholder of the searched text, when there is one.
    static func order(_ sort: String, text: String?) -> ListQuery.Keyset {
        let newest = ListQuery.Keyset.text(
            "to_char(p.published_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS')", id: "p.id", descending: true)
        switch sort {
        case "price": return .text("to_char(coalesce(p.price, 0) * 100, 'FM000000000000')", id: "p.id")
        case "newest": return newest
        case "name": return .text("lower(p.full_name)", id: "p.id")
        // the nearest group still taking learners; programs without one come last
        case "start":
            return .text(
                """
                coalesce((SELECT to_char(min(g.starts_on), 'YYYYMMDD') FROM study_groups g WHERE g.program_id = p.id
                  AND g.status IN ('not_formed', 'formed') AND g.starts_on >= current_date), '99991231')
                """, id: "p.id")
        default:
            // ts_rank only: trigram similarity per row was 5× the cost of the whole query on broad searches
            // (EXPLAIN, 50k programs); rows found by a typo alone rank 0 and follow the exact matches
            guard let text else { return newest }
            return .text(
                "to_char(ts_rank(p.search, plainto_tsquery('russian', \(text)::text)), 'FM0.000000000')", id: "p.id",
                descending: true)
        }
    }

    /// The statement of a page of the search.
    func pageQuery(_ f: CatalogFilter, page: PageRequest) throws -> PostgresQuery {
        try Self.filtered(f).page(Self.itemSQL, page: page)
    }

    /// A page of the search; the first page also carries the facet counts of the same filters.
    public func page(_ f: CatalogFilter, page: PageRequest) async throws -> String {
        let facets = page.cursor == nil ? try await facets(f) : nil
        return try await db.page(pageQuery(f, page: page), extra: facets.map { ("facets", $0) })
    }

    /// Counts per filter value for the current filter set.
    public func facets(_ f: CatalogFilter) async throws -> String {
        try await db.rows(facetsQuery(f))[0].decode(String.self)
    }

    func facetsQuery(_ f: CatalogFilter) throws -> PostgresQuery {
        let q = try Self.filtered(f)
        let matched = q.matching("p.id AS program_id, p.kind_id, p.study_form_id, p.funding, o.municipality_id")
        return PostgresQuery(
            unsafeSQL: """
                WITH m AS (\(matched))
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
                """, binds: q.binds)
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
