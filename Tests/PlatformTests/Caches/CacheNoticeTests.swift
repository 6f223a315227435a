import Foundation
import NIOCore
import PostgresNIO
import XCTest

@testable import Platform

/// A cached answer is right only while every table it reads tells the servers of its changes. Each cache declares its
/// tables; this test checks the declaration against the plans of the cached queries (a new join must be declared) and
/// against the triggers in `pg_trigger` (a declared table must send the cache's notice).
final class CacheNoticeTests: XCTestCase {
    /// Tables a statement reads, from its plan.
    static func relations(_ query: PostgresQuery, _ db: Database) async throws -> Set<String> {
        var explain = query
        explain.sql = "EXPLAIN (FORMAT JSON) " + query.sql
        let plan = String(buffer: try await db.rows(explain)[0].decode(ByteBuffer.self))
        var found: Set<String> = []
        func walk(_ node: Any) {
            if let object = node as? [String: Any] {
                if let name = object["Relation Name"] as? String { found.insert(name) }
                object.values.forEach(walk)
            } else if let array = node as? [Any] {
                array.forEach(walk)
            }
        }
        walk(try JSONSerialization.jsonObject(with: Data(plan.utf8)))
        return found
    }

    /// Tables with a trigger whose function sends `channel`, directly or through another function.
    static func notifyingTables(_ channel: String, _ db: Database) async throws -> Set<String> {
        Set(
            try await db.rows(
                """
                WITH RECURSIVE notifying(oid, name) AS (
                  SELECT p.oid, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'public' AND p.prosrc LIKE '%pg_notify(''' || \(channel) || '''%'
                  UNION
                  SELECT p.oid, p.proname FROM notifying f, pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'public' AND p.prosrc LIKE '%' || f.name || '(%')
                SELECT DISTINCT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                WHERE NOT t.tgisinternal AND t.tgfoid IN (SELECT oid FROM notifying)
                """
            ).map { try $0.decode(String.self) })
    }

    func testTheCatalogCacheDeclaresWhatItsQueriesReadAndEachTableNotifies() async throws {
        try await withApp { _, services in
            var read: Set<String> = []
            // every filter in use, each sort: the widest plans the cached questions can have
            var f = CatalogFilter()
            let text = CatalogText(expanded: "'сварк' | 'сварщик'", exact: "'сварк'")
            (f.competencyId, f.professionId, f.industryId, f.kindId) = (UUID(), UUID(), UUID(), UUID())
            (f.studyFormId, f.municipalityId, f.organizationId) = (UUID(), UUID(), UUID())
            (f.priceMin, f.priceMax, f.funding, f.startFrom, f.startTo) = (1, 2, "paid", Date(), Date())
            for sort in ["relevance", "newest", "price", "name", "start"] {
                f.sort = sort
                for key in ["1", "1:1", "2:1", "2024-01-01"] {
                    let page = PageRequest(limit: 20, cursor: Cursor(key: key, id: UUID()))
                    guard let query = try? CatalogRepository.pageQuery(f, text: text, page: page) else { continue }
                    read.formUnion(try await Self.relations(query, services.db))
                }
            }
            read.formUnion(try await Self.relations(CatalogRepository.facetsQuery(f, text: text), services.db))
            XCTAssertEqual(
                read.subtracting(CatalogCache.tables).sorted(), [],
                "tables the catalog reads but CatalogCache.tables does not declare")
            let notifying = try await Self.notifyingTables(CatalogCache.channel, services.db)
            XCTAssertEqual(
                CatalogCache.tables.subtracting(notifying).subtracting(CatalogCache.mirrors.keys).sorted(), [],
                "declared tables without a catalog_changed trigger")
            for (mirror, source) in CatalogCache.mirrors {
                XCTAssert(notifying.contains(source), "\(source) notifies")
                let writers = try await services.db.rows(
                    """
                    SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    JOIN pg_proc p ON p.oid = t.tgfoid
                    WHERE NOT t.tgisinternal AND p.prosrc LIKE '%' || \(mirror) || '%'
                    """
                ).map { try $0.decode(String.self) }
                XCTAssertEqual(Set(writers), [source], "\(mirror) is written by a trigger of \(source) only")
            }
        }
    }

    func testTheTrainingCacheDeclaresWhatItsQueriesReadAndEachTableNotifies() async throws {
        try await withApp { _, services in
            var read: Set<String> = []
            // the desk's prepared shapes and the widest filter combination
            for status in [nil, "new"] {
                for cursor in [nil, Cursor(key: "1700000000000000", id: UUID())] {
                    var f = ApplicationsRepository.Filter()
                    (f.orgIds, f.status) = ([UUID()], status)
                    let (q, organization) = try ApplicationsRepository.filtered(f)
                    let page = try q.page(
                        ApplicationsRepository.listSQL(organization: organization),
                        page: PageRequest(limit: 50, cursor: cursor))
                    XCTAssertNotNil(DeskStatements.prepared(page), "a desk shape runs prepared")
                    read.formUnion(try await Self.relations(page, services.db))
                }
            }
            var f = ApplicationsRepository.Filter()
            (f.orgIds, f.programId, f.groupId, f.batchId, f.from, f.to, f.search) = (
                [UUID(), UUID()], UUID(), UUID(), UUID(), Date(), Date(), "ив"
            )
            let q = try ApplicationsRepository.filtered(f).query
            read.formUnion(
                try await Self.relations(
                    try q.page(ApplicationsRepository.listSQL(), page: PageRequest(limit: 50)),
                    services.db))
            var journal = PostgresBindings()
            journal.append(UUID())
            read.formUnion(
                try await Self.relations(
                    PostgresQuery(unsafeSQL: GradebookRepository.Journal.sql, binds: journal), services.db))
            XCTAssertEqual(
                read.subtracting(TrainingCache.tables).sorted(), [],
                "tables the training answers read but TrainingCache.tables does not declare")
            let notifying = try await Self.notifyingTables(TrainingCache.channel, services.db)
            XCTAssertEqual(
                TrainingCache.tables.subtracting(notifying).sorted(), [],
                "declared tables without a training_changed trigger")
        }
    }

    /// The check can fail: without one trigger its table is reported.
    func testADroppedTriggerIsReported() async throws {
        try await withApp { _, services in
            try await services.db.execute("DROP TRIGGER catalog_cards_updated ON catalog_cards")
            let notifying = try await Self.notifyingTables(CatalogCache.channel, services.db)
            XCTAssertEqual(
                CatalogCache.tables.subtracting(notifying).subtracting(CatalogCache.mirrors.keys), ["catalog_cards"])
        }
    }
}
