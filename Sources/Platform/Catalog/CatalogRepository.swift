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

/// What a searched text means to the catalog, computed once per question by the search engine (`search_query`): the
/// expanded query (forms, synonyms, compound words, typos) finds; the exact one (the typed words' own forms) ranks.
public struct CatalogText: Sendable, Equatable {
    public var expanded: String
    public var exact: String
}

/// The catalog reads `catalog_entries` (migration 0028): one narrow row per published program of an approved
/// organization with every filter value and the search vectors, kept by triggers. A question is answered by two
/// statements, each in a few milliseconds on 50,000 programs: the page, and the facets with the total.
///
/// - Relevance is a rank class, then the newest: the name holds the typed words (1), the name holds their compound
///   words, synonyms or corrections (2), the text holds them (3). Each class is a branch ordered by an index, so the
///   broadest word reads a page's rows, not all its 18,000 matches (ts_rank over every match cost 30 ms).
/// - Facets are exact up to about 600 matches; above, they are counted on a fixed tenth or, above about 2,000, a fixed
///   fiftieth of the programs and scaled, and the answer says `"approximate": true`.
public struct CatalogRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static let exactFacets = 2000

    /// Entries matching the filters in use and, when given, the searched text.
    static func filtered(_ f: CatalogFilter, text: CatalogText?) throws -> ListQuery {
        var q = try filtered(f)
        try q.filter("e.search @@ ?::tsquery", text?.expanded)
        return q
    }

    /// Entries matching the filters in use, whatever the text.
    static func filtered(_ f: CatalogFilter) throws -> ListQuery {
        var q = ListQuery(from: "catalog_entries e", keyset: order(f.sort))
        try q.filter("e.competency_ids @> ARRAY[?]::uuid[]", f.competencyId)
        try q.filter("e.profession_ids @> ARRAY[?]::uuid[]", f.professionId)
        try q.filter("e.industry_ids @> ARRAY[?]::uuid[]", f.industryId)
        try q.filter("(e.kind_id = ? OR e.subkind_id = ?)", f.kindId)
        try q.filter("e.study_form_id = ?", f.studyFormId)
        try q.filter("e.municipality_id = ?", f.municipalityId)
        try q.filter("e.organization_ids @> ARRAY[?]::uuid[]", f.organizationId)
        try q.filter("e.price >= ?::numeric", f.priceMin)
        try q.filter("e.price <= ?::numeric", f.priceMax)
        q.filter("e.funding = 'free'", when: f.freeOnly)
        try q.filter("e.funding = ?", f.funding)
        q.filter("e.accessible", when: f.accessibleOnly)
        if f.startFrom != nil || f.startTo != nil {
            var starts: [String] = []
            if let from = f.startFrom {
                starts.append("s >= (\(try q.bind(from))::timestamptz AT TIME ZONE 'UTC')::date")
            }
            if let to = f.startTo {
                starts.append("s <= (\(try q.bind(to))::timestamptz AT TIME ZONE 'UTC')::date")
            }
            q.filter("EXISTS (SELECT 1 FROM unnest(e.group_starts) s WHERE \(starts.joined(separator: " AND ")))")
        }
        return q
    }

    /// The order of a sort other than relevance, each served by an index of `catalog_entries`; the id breaks ties.
    static func order(_ sort: String) -> ListQuery.Keyset {
        switch sort {
        case "price":
            return ListQuery.Keyset(
                columns: ["e.price"], id: "e.program_id", descending: false, key: "e.price::text",
                after: "($key)::numeric", validKey: { Double($0) != nil })
        case "name": return .text("e.name_key", id: "e.program_id")
        // the nearest group still taking learners; programs without one ('infinity') come last
        case "start":
            return ListQuery.Keyset(
                columns: ["e.next_start"], id: "e.program_id", descending: false, key: "e.next_start::text",
                after: "($key)::date",
                validKey: {
                    $0 == "infinity" || $0.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil
                })
        default: return .time("e.published_at", id: "e.program_id")
        }
    }

    /// The page's cards (kept ready in `catalog_cards`), in the order of `ranked` (SQL giving `id`, `k` — the cursor
    /// key — and `n`, the position).
    static func cards(_ ranked: String, limit: Int) -> String {
        PageRequest.onePageSQL(
            "SELECT c.card, m.k, m.id FROM (\(ranked)) m JOIN catalog_cards c ON c.program_id = m.id ORDER BY m.n",
            limit: String(limit), following: true)
    }

    /// The statement of a page of the search. `few` says the question matches at most about `exactFacets` programs
    /// (the facets counted them all): their relevance order is then sorted in memory rather than read from an index.
    /// `alongIndex` are the relevance classes the facets' sample says are large (`alongIndexFrom`).
    static func pageQuery(
        _ f: CatalogFilter, text: CatalogText?, page: PageRequest, few: Bool = false, alongIndex: Set<Int> = []
    ) throws -> PostgresQuery {
        if let text, f.sort == "relevance" {
            return try relevancePage(try filtered(f), text: text, page: page, few: few, alongIndex: alongIndex)
        }
        let q = try filtered(f, text: text)
        let rows = try q.rows("e.program_id AS id, \(q.keyset.key) AS k", page: page)
        return PostgresQuery(
            unsafeSQL: cards("SELECT x.id, x.k, row_number() OVER () AS n FROM (\(rows.sql)) x", limit: page.limit),
            binds: rows.binds)
    }

    /// Relevance: rank classes (exact name, grown name, text), each newest first. The cursor key is
    /// `class:microseconds[:few]`: the page after it continues its class and takes the following ones from their start.
    ///
    /// Many matches: each class is a branch read in the order of the newest-first index and the branches are appended
    /// in class order, so a later class runs only when the earlier ones did not fill the page (a class that is small
    /// although the question is broad would otherwise be looked for through the whole index). Few matches: the GIN
    /// index finds them all and they are sorted by class in memory.
    ///
    /// Which way a class is read (all its matches found by the name's GIN index and sorted, or the newest-first index
    /// followed until the page is full) is the planner's choice, by its estimate of the class's size. For several
    /// words it multiplies their frequencies as if they were independent: «охрана труда» is estimated at 1 program of
    /// the 1,092 it names, and the GIN way cost 4.3 ms against 0.9 ms along the index. A class in `alongIndex` (the
    /// facets' sample counted at least `alongIndexFrom` of it) is written so the GIN index cannot serve it.
    static func relevancePage(
        _ filters: ListQuery, text: CatalogText, page: PageRequest, few: Bool, alongIndex: Set<Int> = []
    ) throws -> PostgresQuery {
        var q = filters
        let exact = try q.bind(text.exact)
        let expanded = try q.bind(text.expanded)
        var after: (rank: Int, time: String, id: String)?
        var few = few
        if let cursor = page.cursor {
            let parts = cursor.key.split(separator: ":")
            guard (2...3).contains(parts.count), let rank = Int(parts[0]), (1...3).contains(rank),
                Int64(parts[1]) != nil, parts.count == 2 || parts[2] == "few"
            else { throw Cursor.invalid }
            after = (rank, try q.bind(String(parts[1])), try q.bind(cursor.id))
            few = parts.count == 3
        }
        let rank = """
            CASE WHEN e.title_search @@ \(exact)::tsquery THEN 1 WHEN e.title_search @@ \(expanded)::tsquery THEN 2
                 ELSE 3 END
            """
        let key = { (rank: String) in
            "\(rank) || ':' || ((extract(epoch FROM e.published_at) * 1000000)::bigint)::text\(few ? " || ':few'" : "")"
        }
        let limit = page.limit + 1
        if few {
            // (class ascending, time descending, id descending) as one comparison: class first, then the rest reversed
            var keyset = ""
            if let after {
                keyset = """
                     AND ((\(rank)) > \(after.rank) OR ((\(rank)) = \(after.rank) AND (e.published_at, e.program_id)
                      < ('epoch'::timestamptz + (\(after.time))::bigint * interval '1 microsecond', \(after.id))))
                    """
            }
            let ranked = """
                SELECT e.program_id AS id, \(key(rank)) AS k,
                       row_number() OVER (ORDER BY \(rank), e.published_at DESC, e.program_id DESC) AS n
                FROM catalog_entries e
                WHERE \(q.whereSQL) AND e.search @@ \(expanded)::tsquery\(keyset)
                ORDER BY n LIMIT \(limit) /* hand-built: few matches, sorted by rank class in memory */
                """
            return PostgresQuery(unsafeSQL: cards(ranked, limit: page.limit), binds: q.binds)
        }
        // a name match is a text match (the name is in the text): the name classes need only the small name index
        // the name holds the typed words and what they mean (the exact query may keep a word the expanded one dropped)
        let classes = [
            (1, "e.title_search @@ \(exact)::tsquery AND e.title_search @@ \(expanded)::tsquery"),
            (2, "e.title_search @@ \(expanded)::tsquery AND NOT e.title_search @@ \(exact)::tsquery"),
            (3, "e.search @@ \(expanded)::tsquery AND NOT e.title_search @@ \(expanded)::tsquery"),
        ].filter { rank, _ in
            // nothing grew: class 2 is empty
            !(rank == 2 && text.exact == text.expanded) && rank >= (after?.rank ?? 1)
        }
        let branches = classes.map { rank, found in
            // `IS TRUE` is the same test, one no index answers
            let condition = alongIndex.contains(rank) ? "(\(found)) IS TRUE" : found
            var keyset = ""
            if let after, after.rank == rank {
                keyset = """
                     AND (e.published_at, e.program_id) < ('epoch'::timestamptz + (\(after.time))::bigint
                      * interval '1 microsecond', \(after.id))
                    """
            }
            return """
                (SELECT e.program_id AS id, \(key(String(rank))) AS k FROM catalog_entries e
                 WHERE \(q.whereSQL) AND \(condition)\(keyset)
                 ORDER BY e.published_at DESC, e.program_id DESC LIMIT \(limit) /* hand-built: one rank class */)
                """
        }
        // no sort above the branches: the Append returns them in class order and stops at the page's end
        let ranked = """
            SELECT x.id, x.k, row_number() OVER () AS n FROM (\(branches.joined(separator: " UNION ALL "))) x
            LIMIT \(limit) /* hand-built: rank classes appended in order */
            """
        return PostgresQuery(unsafeSQL: cards(ranked, limit: page.limit), binds: q.binds)
    }

    /// Buckets (0–49 by the program id). Reading and grouping a row costs 4–6 µs here: facets of the broadest word's
    /// 29,000 matches would cost over 100 ms, of its matches in bucket 0 about 3 ms.
    static let buckets = 50

    /// A fixed part of the catalog that facets are counted on, copied densely into a table of its own.
    struct Sample: Sendable {
        var table: String
        /// it holds buckets 0..<buckets
        var buckets: Int
        /// counted on when it holds more matches than this
        var above: Int
    }

    /// Which sample a question's facets are counted on (tests move the limits).
    struct Tiers: Sendable {
        /// bucket 0: counted on above about 2,000 matches
        var fiftieth = Sample(table: "catalog_sample", buckets: 1, above: 40)
        /// buckets 0–4: counted on above about 600 matches
        var tenth = Sample(table: "catalog_sample_tenth", buckets: 5, above: 60)
        /// the tenth is read only when the fiftieth holds at least this many matches (about 600 in all): below, the
        /// question is counted exactly without looking (reading the tenth costs 0.5–4 ms)
        var tenthFrom = 12
    }
    /// A relevance class of at least this many programs is read along the newest-first index (`relevancePage`): the
    /// GIN way costs about 2.5 µs a program of the class, the index way 0.4 µs an entry passed (50,000 / size each).
    static let alongIndexFrom = 500

    /// The facets and the total of a question, the buckets they were counted on (50: every match) and the programs
    /// counted. Only the samples needed are read: bucket 0 first, the tenth only when bucket 0 holds a middling
    /// number of matches, the whole catalog only when the samples hold few. All facets are counted in one pass
    /// (GROUPING SETS). A text without filters counted on a sample also gets the sizes of its relevance classes 1 and
    /// 2 estimated (for `relevancePage`); with filters the newest-first index would need the table for each entry.
    static func facetsQuery(_ f: CatalogFilter, text: CatalogText?, tiers: Tiers = Tiers()) throws -> PostgresQuery {
        var q = try filtered(f, text: text)
        let counted = ["program_id", "kind_id", "study_form_id", "municipality_id", "funding", "competency_ids"]
        let (plain, columns) = (counted.joined(separator: ", "), counted.map { "e." + $0 }.joined(separator: ", "))
        let (broad, medium, tenthFrom) = (tiers.fiftieth, tiers.tenth, tiers.tenthFrom)
        let scale = "(\(buckets) / (SELECT n FROM tier))"
        var (sampled, classes) = (columns, "NULL::int[]")
        if let text, try filtered(f).whereSQL == "true" {
            let (exact, expanded) = (try q.bind(text.exact), try q.bind(text.expanded))
            sampled += ", e.title_search"
            // the sampled names holding the typed words (class 1) and only what they mean (class 2), scaled; none
            // when every match was counted (their page is sorted in memory)
            classes = """
                (SELECT ARRAY[c.exact * \(scale), (c.grown - c.exact) * \(scale)] FROM (
                   SELECT count(*) FILTER (WHERE s.title_search @@ \(exact)::tsquery) AS exact, count(*) AS grown
                   FROM (SELECT title_search FROM fiftieth WHERE (SELECT n FROM tier) = \(broad.buckets)
                         UNION ALL SELECT title_search FROM tenth WHERE (SELECT n FROM tier) = \(medium.buckets)) s
                   WHERE s.title_search @@ \(expanded)::tsquery) c WHERE (SELECT n FROM tier) < \(buckets))
                """
        }
        func named(_ set: Int, _ column: String) -> String {
            """
            coalesce((SELECT json_agg(json_build_object('id', d.id, 'name', d.name, 'count', c.n)
                                      ORDER BY c.n DESC, d.name)
                      FROM counts c JOIN directory_items d ON d.id = c.\(column) WHERE c.set = \(set)), '[]')
            """
        }
        return PostgresQuery(
            unsafeSQL: """
                WITH fiftieth AS MATERIALIZED (SELECT \(sampled) FROM \(broad.table) e WHERE \(q.whereSQL)),
                tenth AS MATERIALIZED (SELECT \(sampled) FROM \(medium.table) e
                      WHERE \(q.whereSQL) AND (SELECT count(*) FROM fiftieth) BETWEEN \(tenthFrom) AND \(broad.above)),
                tier AS (SELECT CASE WHEN (SELECT count(*) FROM fiftieth) > \(broad.above) THEN \(broad.buckets)
                                     WHEN (SELECT count(*) FROM tenth) > \(medium.above) THEN \(medium.buckets)
                                     ELSE \(buckets) END AS n),
                m AS MATERIALIZED (SELECT \(columns) FROM catalog_entries e
                      WHERE \(q.whereSQL) AND (SELECT n FROM tier) = \(buckets)
                      UNION ALL SELECT \(plain) FROM fiftieth WHERE (SELECT n FROM tier) = \(broad.buckets)
                      UNION ALL SELECT \(plain) FROM tenth WHERE (SELECT n FROM tier) = \(medium.buckets)),
                counts AS (SELECT kind_id, study_form_id, municipality_id, funding,
                                  GROUPING(kind_id, study_form_id, municipality_id, funding) AS set,
                                  (count(*) * \(scale))::int AS n
                           FROM m GROUP BY GROUPING SETS ((kind_id), (study_form_id), (municipality_id), (funding), ()))
                SELECT json_build_object(
                  'total', (SELECT n FROM counts WHERE set = 15),
                  'approximate', (SELECT n FROM tier) < \(buckets),
                  'kinds', \(named(7, "kind_id")),
                  'studyForms', \(named(11, "study_form_id")),
                  'municipalities', \(named(13, "municipality_id")),
                  'competencies', coalesce((SELECT json_agg(x ORDER BY x.count DESC, x.name) FROM (
                    SELECT d.id, d.name, (c.n * \(scale))::int AS count
                    FROM (SELECT id, count(*) AS n FROM (SELECT unnest(competency_ids) AS id FROM m) u GROUP BY id) c
                    JOIN directory_items d ON d.id = c.id ORDER BY c.n DESC, d.name LIMIT 30) x), '[]'),
                  'funding', coalesce((SELECT json_agg(json_build_object('id', c.funding, 'count', c.n)
                                                       ORDER BY c.n DESC)
                                       FROM counts c WHERE c.set = 14), '[]'))::text,
                  (SELECT n FROM tier) = \(buckets) AND (SELECT n FROM counts WHERE set = 15) <= \(exactFacets),
                  (SELECT n FROM tier),
                  (SELECT coalesce(array_agg(program_id), '{}') FROM m),
                  \(classes)
                """, binds: q.binds)
    }

    /// A page of the search; the first page also carries the facet counts of the same filters. A text without a
    /// meaningful word (only «для», «и») searches nothing: it is no text.
    public func page(_ f: CatalogFilter, page: PageRequest) async throws -> CatalogPage {
        var text: CatalogText?
        if let typed = f.query {
            if let meaning = try await SearchRepository(db: db).meaning(of: typed, scope: .catalog) {
                text = CatalogText(expanded: meaning.expanded, exact: meaning.exact)
            }
        }
        var facets: (json: String, few: Bool, buckets: Int, counted: [UUID], classes: [Int]?)?
        if page.cursor == nil {
            facets = try await db.rows(Self.facetsQuery(f, text: text))[0].decode(
                (String, Bool, Int, [UUID], [Int]?).self)
        }
        // the estimated sizes of classes 1 and 2
        let alongIndex = Set(zip([1, 2], facets?.classes ?? []).filter { $0.1 >= Self.alongIndexFrom }.map(\.0))
        let query = try Self.pageQuery(f, text: text, page: page, few: facets?.few ?? false, alongIndex: alongIndex)
        guard let row = try await db.rows(query).first else { throw Problem.notFound }
        let (items, key, id, shown) = try row.decode((String, String?, UUID?, [UUID]).self)
        // the next cursor rests on the first program after the page: its leaving must drop the answer too
        return CatalogPage(
            json: PageRequest.jsonPage((items, key, id), extra: facets.map { ("facets", $0.json) }), text: text,
            shown: Array(shown.prefix(page.limit)), counted: (facets?.counted ?? []) + shown,
            countedBuckets: facets?.buckets ?? 0, lastKey: key)
    }

    /// The present state of changed entries, for deciding which remembered answers they touch: filter values, and
    /// which of `queries` (tsquery texts) each matches, in the text and in the name. Programs no longer in the catalog
    /// are absent.
    public func entries(_ programs: [UUID], matching queries: [String]) async throws -> [CatalogEntryState] {
        try await db.rows(
            """
            SELECT json_build_object('id', e.program_id, 'kind', e.kind_id, 'subkind', e.subkind_id,
              'studyForm', e.study_form_id, 'municipality', e.municipality_id, 'organizations', e.organization_ids,
              'price', e.price, 'funding', e.funding, 'accessible', e.accessible, 'competencies', e.competency_ids,
              'professions', e.profession_ids, 'industries', e.industry_ids, 'starts', e.group_starts,
              'nextStart', e.next_start::text, 'bucket', e.bucket,
              'published', (extract(epoch FROM e.published_at) * 1000000)::bigint,
              'matches', ARRAY(SELECT i - 1 FROM unnest(\(queries)::text[]) WITH ORDINALITY t(q, i)
                               WHERE e.search @@ t.q::tsquery),
              'titled', ARRAY(SELECT i - 1 FROM unnest(\(queries)::text[]) WITH ORDINALITY t(q, i)
                              WHERE e.title_search @@ t.q::tsquery))::text
            FROM catalog_entries e WHERE e.program_id = ANY (\(programs))
            """
        ).map { try JSONDecoder().decode(CatalogEntryState.self, from: Data(try $0.decode(String.self).utf8)) }
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

    /// The public program page: published programs of approved organizations only, with where its expertise stands
    /// (seed 002: the registry shows programs that passed the experts).
    public func program(id: UUID) async throws -> String? {
        try await db.rows(
            """
            SELECT (\(unescaped: ProgramsRepository.detailSQL)::jsonb || jsonb_build_object('groups',
              \(unescaped: Self.upcomingGroupsSQL), 'expertise', (SELECT jsonb_build_object('status', x.status,
                'passedAt', x.passed_at, 'ratings', (SELECT count(*) FROM expert_ratings r WHERE r.program_id = p.id))
              FROM program_expertise x WHERE x.program_id = p.id)))::text
            FROM programs p JOIN organizations o ON o.id = p.org_id
            WHERE p.id = \(id) AND p.status = 'published' AND o.status = 'approved'
            """
        ).first?.decode(String.self)
    }
}
