import Foundation
import HTTPTypes
import PostgresNIO
import XCTest

@testable import Platform

/// A change of one program drops from memory only the answers it can alter (issue 13): those that counted or showed
/// it, or that would hold it now. The in-memory filters that decide the latter must agree with the SQL ones.
final class CatalogChangesTests: XCTestCase {
    func testAChangeDropsOnlyTheAnswersItTouches() async throws {
        try await withApp { api, services in
            let names = try await SearchRelevanceTests.loadCatalog(services.db)
            let cook = names.first { $0.value == "Повар" }!.key
            let welders = "/api/v1/catalog/programs?q=%D1%81%D0%B2%D0%B0%D1%80%D1%89%D0%B8%D0%BA"  // сварщик
            let cooks = "/api/v1/catalog/programs?q=%D0%BF%D0%BE%D0%B2%D0%B0%D1%80"  // повар
            let everything = "/api/v1/catalog/programs?limit=5"
            let cheap = "/api/v1/catalog/programs?priceMax=12000&limit=5"
            func cache(_ path: String) async throws -> Reply {
                for _ in 0..<100 {
                    let reply = try await api.get(path)
                    if reply.headers[HTTPField.Name("X-Cache")!] == "hit" { return reply }
                    try await Task.sleep(for: .milliseconds(50))
                }
                XCTFail("\(path) is never answered from memory")
                return try await api.get(path)
            }
            func until(_ path: String, _ done: (Reply) -> Bool) async throws -> Reply {
                for _ in 0..<100 {
                    let reply = try await api.get(path)
                    if done(reply) { return reply }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return try await api.get(path)
            }
            func hit(_ path: String) async throws -> Bool {
                try await api.get(path).headers[HTTPField.Name("X-Cache")!] == "hit"
            }
            for path in [welders, cooks, everything, cheap] { _ = try await cache(path) }

            // the cook's price: the cooks' answer (its card shows the price) and the answer filtering by price go; the
            // whole catalog's stays (it counted the cook, but neither filters by price nor shows its card), and so
            // does the welders'.
            try await services.db.execute("UPDATE programs SET price = 12345 WHERE id = \(UUID(uuidString: cook)!)")
            let repriced = try await until(cooks) { ($0.items.first?["price"] as? Double) == 12345 }
            XCTAssertEqual(repriced.items.first?["price"] as? Double, 12345, repriced.text)
            let dearer = try await until(cheap) { $0.headers[HTTPField.Name("X-Cache")!] == "miss" }
            XCTAssertEqual((dearer["facets"] as? [String: Any])?["total"] as? Int, names.count - 1, dearer.text)
            let kept = try await hit(welders)
            XCTAssertTrue(kept, "an answer without the program stays in memory")
            let counted = try await hit(everything)
            XCTAssertTrue(counted, "a price does not change what the whole catalog's first page shows")

            // the turner's description now speaks of cooking (in words the catalog knows): the cooks' answer goes (it
            // would hold it now)
            _ = try await cache(cooks)
            _ = try await cache(welders)
            try await services.db.execute(
                """
                UPDATE programs SET description = description || ' Повар.'
                WHERE full_name = 'Токарь'
                """)
            let grown = try await until(cooks) { $0.items.count == 2 }
            XCTAssertEqual(
                Set(grown.items.compactMap { $0["fullName"] as? String }), ["Повар", "Токарь"], grown.text)
            let untouched = try await hit(welders)
            XCTAssertTrue(untouched, "the welders' answer does not hold the turner")

            // what only a card shows (the college's short name) reaches the answers showing the cards
            _ = try await cache(cooks)
            try await services.db.execute(
                "UPDATE organizations SET short_name = 'Колледж кулинарии' WHERE inn LIKE '381999001%'")
            func college(_ reply: Reply) -> String? {
                (reply.items.first?["organization"] as? [String: Any])?["shortName"] as? String
            }
            let renamed = try await until(cooks) { college($0) == "Колледж кулинарии" }
            XCTAssertEqual(college(renamed), "Колледж кулинарии", renamed.text)

            // a program bringing a new word the welders' text now means (a compound of «сварщик»): the lexicon changed,
            // so answers to texts go although the old meaning of «сварщик» did not match the program
            let before = try await cache(welders).items.count
            let org = try await services.db.rows("SELECT id FROM organizations WHERE inn LIKE '381999001%'")[0]
                .decode(UUID.self)
            try await services.db.execute(
                """
                INSERT INTO programs (org_id, status, full_name, description, funding, price, accessible, published_at)
                VALUES (\(org), 'published', 'Радиосварщик', 'Пайка и сварка радиодеталей.', 'paid', 9000, false, now())
                """)
            let grownWelders = try await until(welders) { $0.items.count == before + 1 }
            XCTAssert(
                grownWelders.items.contains { ($0["fullName"] as? String) == "Радиосварщик" }, grownWelders.text)
        }
    }

    /// `CatalogFilter.admits` against `CatalogRepository.filtered` on the entries of the demo region: every filter
    /// built from an entry's own values, alone and together.
    func testInMemoryFiltersAgreeWithTheSQLOnes() async throws {
        try await withApp { _, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty(catalog: true)
            let ids = try await services.db.rows("SELECT program_id FROM catalog_entries").map {
                try $0.decode(UUID.self)
            }
            let entries = try await CatalogRepository(db: services.db).entries(ids, matching: [])
            XCTAssertGreaterThan(entries.count, 10)
            XCTAssert(entries.contains { !$0.starts.isEmpty }, "the demo region has groups")
            let day = ISO8601DateFormatter()
            var filters: [CatalogFilter] = []
            for e in entries.prefix(25) {
                var f = CatalogFilter()
                f.kindId = e.subkind ?? e.kind
                filters.append(f)
                f = CatalogFilter()
                (f.studyFormId, f.municipalityId) = (e.studyForm, e.municipality)
                f.organizationId = e.organizations.last
                filters.append(f)
                f = CatalogFilter()
                (f.competencyId, f.professionId, f.industryId) = (e.competencies.first, e.professions.first, nil)
                filters.append(f)
                f = CatalogFilter()
                (f.industryId, f.priceMin, f.priceMax) = (e.industries.first, e.price, e.price + 1)
                filters.append(f)
                f = CatalogFilter()
                (f.freeOnly, f.accessibleOnly, f.funding) = (e.funding == "free", e.accessible, e.funding)
                filters.append(f)
                if let start = e.starts.first {
                    f = CatalogFilter()
                    f.startFrom = day.date(from: start + "T00:00:00Z")
                    f.startTo = day.date(from: start + "T23:59:59Z")
                    filters.append(f)
                    f.startFrom = nil
                    f.startTo = day.date(from: start + "T00:00:00Z")?.addingTimeInterval(-1)
                    filters.append(f)
                }
            }
            for f in filters {
                let q = try CatalogRepository.filtered(f)
                let sql = Set(
                    try await services.db.rows(
                        PostgresQuery(
                            unsafeSQL: "SELECT e.program_id FROM catalog_entries e WHERE \(q.whereSQL)", binds: q.binds)
                    ).map { try $0.decode(UUID.self) })
                XCTAssertEqual(Set(entries.filter(f.admits).map(\.id)), sql, "\(f)")
            }
        }
    }

    /// Only answers that filter or sort by programs' terms care about a change of terms alone; a program the answer did
    /// not hold matters when it matches now and the counts are exact, or it is in the sample, or it may sort onto the
    /// page.
    func testWhichChangesTouchAnAnswer() {
        let program = UUID()
        var entry = CatalogEntryState(
            id: program, kind: nil, subkind: nil, studyForm: nil, municipality: nil, organizations: [], price: 500,
            funding: "paid", accessible: false, competencies: [], professions: [], industries: [],
            starts: ["2026-12-01"], nextStart: "2026-12-01", bucket: 7, published: 1_000, matches: [0])
        var answer = CatalogAnswer(
            body: ByteBuffer(), scopes: [], question: CatalogFilter(), text: "'повар'", counted: [program],
            countedBuckets: CatalogRepository.buckets, lastKey: "1:2000", readsTerms: false)
        let cooks = ["'повар'": 0]
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: true))
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false))
        answer.readsTerms = true
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: true))
        // not counted: it matters only if it matches now, text and filters
        answer.counted = []
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false))
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: ["'токарь'": 0], onlyTerms: false))
        XCTAssertFalse(answer.touched(by: program, now: nil, queries: cooks, onlyTerms: false))
        var free = answer
        free.question.funding = "free"
        XCTAssertFalse(free.touched(by: program, now: entry, queries: cooks, onlyTerms: false))
        // counted on the sample: only a program of the sample or one that may come before the last card (its name
        // holds the word: class 1, like the last card)
        answer.countedBuckets = 1
        (answer.exactText, entry.titled) = ("'повар'", [0])
        XCTAssertFalse(
            answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "older than the page")
        entry.published = 3_000
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "newer than its last")
        entry.published = 1_000
        entry.bucket = 0
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "in the sample")
        entry.bucket = 3
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "not in the fiftieth")
        answer.countedBuckets = 5
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "in the tenth")
        answer.countedBuckets = 1
        entry.bucket = 7
        // relevance: the entry's class for the text, from where its name matches (position 1: the exact text)
        (answer.exactText, entry.titled) = ("'повар' & 'кондитер'", [])
        let both = ["'повар'": 0, "'повар' & 'кондитер'": 1]
        answer.lastKey = "3:5000"
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: both, onlyTerms: false), "class 3, older")
        answer.lastKey = "2:500"
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: both, onlyTerms: false), "class 3 after 2")
        entry.titled = [0]
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: both, onlyTerms: false), "class 2, newer")
        answer.lastKey = "2:5000"
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: both, onlyTerms: false), "class 2, older")
        answer.lastKey = "3:5000"
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: both, onlyTerms: false), "class 2 before 3")
        entry.titled = [1]
        answer.lastKey = "2:500"
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: both, onlyTerms: false), "class 1 before 2")
        answer.exactText = nil
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: both, onlyTerms: false), "no exact: class 3")
        entry.titled = []
        answer.lastKey = "1500"
        answer.text = nil
        XCTAssertFalse(
            answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "no text: the key is a time")
        answer.text = "'повар'"
        answer.lastKey = nil
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "the page shows all")
        answer.question.sort = "price"
        answer.lastKey = "400"
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "dearer")
        answer.lastKey = "500"
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false))
        answer.question.sort = "start"
        answer.lastKey = "2026-11-30"
        XCTAssertFalse(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false), "starts later")
        answer.lastKey = "infinity"
        XCTAssertTrue(answer.touched(by: program, now: entry, queries: cooks, onlyTerms: false))
    }
}
