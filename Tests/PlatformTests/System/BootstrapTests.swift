import Foundation
import HTTPTypes
import Logging
import Platform
import XCTest

final class BootstrapTests: XCTestCase {
    func testConfiguredAdministratorExistsAfterStartAndDemoDataLoadsOnce() async throws {
        try await withApp(configure: {
            $0.adminEmail = "root@region.ru"
            $0.adminPassword = "FirstAdmin2026"
            $0.demoData = true
        }) { api, services in
            let token = try await api.login("root@region.ru", "FirstAdmin2026")
            let me = try await api.get("/api/v1/me", token: token)
            XCTAssertEqual(me["roles"] as? [String], ["admin"])
            // one account per role of SPEC §1, all able to log in with the demo password
            for account in DemoData.accounts {
                let r = try await api.post(
                    "/api/v1/auth/login", ["email": account.email, "password": DemoData.password])
                XCTAssertEqual(r.status, .ok, account.email)
            }
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let count = try await services.db.rows("SELECT count(*)::int FROM users WHERE email LIKE '%@copp.demo'")[0]
                .decode(Int.self)
            XCTAssertEqual(count, DemoData.accounts.count)
        }
    }
}
