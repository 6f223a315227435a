import Foundation
import Platform
import XCTest

/// `make run` shows a region that looks alive (issue 12 item 9): the demo catalog loads fast and keeps the platform's
/// own rules — the legal hours of each kind, every application status present, learners' journals filled.
final class DemoCatalogTests: XCTestCase {
    func testTheDemoRegionIsFullAndKeepsTheRules() async throws {
        try await withApp { api, services in
            let started = Date()
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty(catalog: true)
            XCTAssertLessThan(Date().timeIntervalSince(started), 30, "loaded in seconds")
            let catalog = try await api.get("/api/v1/catalog/programs?limit=1")
            let total = (catalog["facets"] as? [String: Any])?["total"] as? Int ?? 0
            XCTAssertGreaterThanOrEqual(total, 150, catalog.text)
            XCTAssertGreaterThanOrEqual(
                ((catalog["facets"] as? [String: Any])?["municipalities"] as? [Any])?.count ?? 0, 5)
            // every program fits the hours of its kind and subkind (the rule checked at submission)
            let misfits = try await services.db.rows(
                """
                SELECT count(*)::int FROM programs p
                JOIN directory_items d ON d.id IN (p.kind_id, p.subkind_id)
                CROSS JOIN LATERAL (SELECT coalesce(sum(l.hours), 0) AS h FROM program_modules pm
                  JOIN module_topics t ON t.module_id = pm.module_id JOIN module_lessons l ON l.topic_id = t.id
                  WHERE pm.program_id = p.id) x
                WHERE x.h < coalesce((d.details->>'minHours')::numeric, 0)
                   OR x.h > coalesce((d.details->>'maxHours')::numeric, 1e9)
                """)[0].decode(Int.self)
            XCTAssertEqual(misfits, 0)
            let statuses = Set(
                try await services.db.rows("SELECT DISTINCT status FROM applications").map {
                    try $0.decode(String.self)
                })
            XCTAssertEqual(statuses, Set(ApplicationStatus.allCases.map(\.rawValue)))
            let learner = try await api.login("learner@copp.demo", "Demo2026pass")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/applications", token: learner).items.isEmpty, false)
            let future = try await services.db.rows(
                """
                SELECT (SELECT count(*) FROM applications WHERE created_at > now() OR waitlisted_at > now())
                     + (SELECT count(*) FROM application_events WHERE at > now())
                """)[0].decode(Int.self)
            XCTAssertEqual(future, 0, "nothing was applied for in the future")
            let marks = try await services.db.rows("SELECT count(*)::int FROM gradebook_marks")[0].decode(Int.self)
            XCTAssertGreaterThan(marks, 100)
        }
    }
}
