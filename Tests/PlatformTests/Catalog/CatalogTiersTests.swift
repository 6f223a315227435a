import Foundation
import PostgresNIO
import XCTest

@testable import Platform

/// Facets are counted on the sample a question's size calls for, and a large relevance class is read along the
/// newest-first index (issue 13). On 4,000 generated programs every tier is checked against counts made here, and the
/// index way against the planner's.
final class CatalogTiersTests: XCTestCase {
    func testFacetsAreCountedOnTheSampleTheQuestionsSizeCallsFor() async throws {
        try await withApp { _, services in
            let db = services.db
            try await BenchmarkData(db: db).generate(programs: 4000, organizations: 20)
            try await Self.assertSamplesMirrorTheCatalog(db)
            var questions: [(CatalogFilter, CatalogText?)] = [(CatalogFilter(), nil)]
            for form in try await Self.ids(db, "SELECT id FROM directory_items WHERE kind = 'study_forms'") {
                var f = CatalogFilter()
                f.studyFormId = form
                questions.append((f, nil))
            }
            // words from the most common to the rare, each alone and with a form
            let words = try await db.rows(
                """
                SELECT word FROM (SELECT word, row_number() OVER (ORDER BY documents DESC, word) AS n
                                  FROM search_words WHERE scope = 'catalog' AND word ~ '^[а-я]{5,}$') w
                WHERE n IN (1, 3, 10, 30, 60, 120, 250, 500)
                """
            ).map { try $0.decode(String.self) }
            for word in words + ["охрана труда", "сварщик"] {
                let meaning = try await SearchRepository(db: db).meaning(of: word, scope: .catalog)
                let text = try XCTUnwrap(meaning.map { CatalogText(expanded: $0.expanded, exact: $0.exact) }, word)
                questions.append((CatalogFilter(), text))
                var f = CatalogFilter()
                f.studyFormId = questions[1].0.studyFormId
                questions.append((f, text))
            }
            var tiers: Set<Int> = []
            for (f, text) in questions {
                tiers.insert(try await Self.assertCounted(db, f, text))
            }
            XCTAssertEqual(tiers, [1, 5, 50], "the questions reach every tier")
        }
    }

    /// A relevance class written so that no index answers it (`IS TRUE`) gives the very pages the planner's way gives.
    func testReadingAClassAlongTheIndexGivesTheSamePages() async throws {
        try await withApp { _, services in
            let db = services.db
            try await BenchmarkData(db: db).generate(programs: 1500, organizations: 10)
            for word in ["охрана труда", "сварщик", "сваршик", "профессия", "повар"] {
                let meaning = try await SearchRepository(db: db).meaning(of: word, scope: .catalog)
                let text = try XCTUnwrap(meaning.map { CatalogText(expanded: $0.expanded, exact: $0.exact) }, word)
                var cursor: Cursor?
                for pageNumber in 1...3 {
                    let request = PageRequest(limit: 7, cursor: cursor)
                    var pages: [(String, String?, UUID?)] = []
                    for alongIndex: Set<Int> in [[], [1], [2], [1, 2]] {
                        let query = try CatalogRepository.pageQuery(
                            CatalogFilter(), text: text, page: request, alongIndex: alongIndex)
                        let row = try await db.rows(query)[0].decode((String, String?, UUID?, [UUID]).self)
                        pages.append((row.0, row.1, row.2))
                    }
                    for page in pages.dropFirst() {
                        XCTAssertEqual(page.0, pages[0].0, "«\(word)», page \(pageNumber)")
                        XCTAssertEqual(page.1, pages[0].1, "«\(word)», page \(pageNumber)")
                    }
                    guard let key = pages[0].1, let id = pages[0].2 else { break }
                    cursor = Cursor(key: key, id: id)
                }
            }
        }
    }

    private static func ids(_ db: Database, _ sql: String) async throws -> [UUID] {
        try await db.rows(PostgresQuery(unsafeSQL: sql)).map { try $0.decode(UUID.self) }
    }

    /// The fiftieth holds bucket 0 and the tenth buckets 0–4, whole rows, also after programs of both change and after
    /// one leaves the catalog.
    private static func assertSamplesMirrorTheCatalog(_ db: Database) async throws {
        func same() async throws -> (Bool, Bool) {
            try await db.rows(
                """
                SELECT (SELECT array_agg(s::text ORDER BY s.program_id) FROM catalog_sample s)
                         = (SELECT array_agg(e::text ORDER BY e.program_id) FROM catalog_entries e WHERE e.bucket = 0),
                       (SELECT array_agg(s::text ORDER BY s.program_id) FROM catalog_sample_tenth s)
                         = (SELECT array_agg(e::text ORDER BY e.program_id) FROM catalog_entries e WHERE e.bucket < 5)
                """
            )[0].decode((Bool, Bool).self)
        }
        var (fiftieth, tenth) = try await same()
        XCTAssertTrue(fiftieth)
        XCTAssertTrue(tenth)
        try await db.execute(
            """
            UPDATE programs SET price = price + 100, description = description || ' Обновлено.'
            WHERE id IN (SELECT program_id FROM catalog_entries WHERE bucket = 0 ORDER BY program_id LIMIT 3)
               OR id IN (SELECT program_id FROM catalog_entries WHERE bucket = 3 ORDER BY program_id LIMIT 3)
            """)
        (fiftieth, tenth) = try await same()
        XCTAssertTrue(fiftieth, "a change reaches the fiftieth")
        XCTAssertTrue(tenth, "a change reaches the tenth")
        try await db.execute(
            """
            UPDATE programs SET status = 'archived'
            WHERE id IN (SELECT program_id FROM catalog_entries WHERE bucket IN (0, 2) ORDER BY program_id LIMIT 4)
            """)
        (fiftieth, tenth) = try await same()
        XCTAssertTrue(fiftieth, "a program leaving the catalog leaves the fiftieth")
        XCTAssertTrue(tenth, "a program leaving the catalog leaves the tenth")
    }

    /// Counts the question's matches here, picks the tier by the rule, and compares the facets' total, flags, counted
    /// programs and the name classes' estimates. Returns the tier.
    private static func assertCounted(_ db: Database, _ f: CatalogFilter, _ text: CatalogText?) async throws -> Int {
        let q = try CatalogRepository.filtered(f, text: text)
        let matches = try await db.rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT e.program_id, e.bucket, e.title_search::text FROM catalog_entries e WHERE \(q.whereSQL)
                    """, binds: q.binds)
        ).map { try $0.decode((UUID, Int16, String).self) }
        let tiers = CatalogRepository.Tiers()
        let (fiftieth, tenth) = (matches.filter { $0.1 == 0 }.count, matches.filter { $0.1 < 5 }.count)
        let tier =
            fiftieth > tiers.fiftieth.above
            ? 1 : fiftieth >= tiers.tenthFrom && tenth > tiers.tenth.above ? 5 : CatalogRepository.buckets
        let label = "\(text?.exact ?? "—") \(f.studyFormId.map { "form \($0)" } ?? "")"
        let row = try await db.rows(CatalogRepository.facetsQuery(f, text: text))[0]
        let (json, few, buckets, counted, classes) = try row.decode((String, Bool, Int, [UUID], [Int]?).self)
        XCTAssertEqual(buckets, tier, label)
        let facets = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let inTier = matches.filter { Int($0.1) < tier }
        XCTAssertEqual(facets["total"] as? Int, inTier.count * (CatalogRepository.buckets / tier), label)
        XCTAssertEqual(facets["approximate"] as? Bool, tier != CatalogRepository.buckets, label)
        XCTAssertEqual(few, tier == CatalogRepository.buckets && matches.count <= CatalogRepository.exactFacets, label)
        XCTAssertEqual(Set(counted), Set(inTier.map(\.0)), label)
        if let text, f.studyFormId == nil, tier < CatalogRepository.buckets {
            let flags = try await db.rows(
                """
                SELECT coalesce(array_agg(t::tsvector @@ \(text.exact)::tsquery ORDER BY n), '{}'),
                       coalesce(array_agg(t::tsvector @@ \(text.expanded)::tsquery ORDER BY n), '{}')
                FROM unnest(\(inTier.map(\.2))::text[]) WITH ORDINALITY u(t, n)
                """
            )[0].decode(([Bool], [Bool]).self)
            let grown = zip(flags.0, flags.1).filter { $0.1 }
            let scale = CatalogRepository.buckets / tier
            let first = grown.filter { $0.0 }.count
            XCTAssertEqual(classes, [first * scale, (grown.count - first) * scale], label)
        } else {
            XCTAssertNil(classes, label)
        }
        return tier
    }
}
