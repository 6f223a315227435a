import Foundation
import XCTest

@testable import Platform

/// The gate of each kind of route, decided without a server.
final class RoutePolicyTests: XCTestCase {
    let own = UUID()
    let other = UUID()

    func caller(_ roles: Set<Role>, memberOf org: UUID? = nil) -> Identity {
        Identity(
            userId: UUID(), roles: roles,
            orgs: org.map { [OrgClaim(id: $0.uuidString.lowercased(), kind: "contractor", level: "member")] } ?? [])
    }

    func testEachPolicyAdmitsAndRefusesAsDocumented() {
        XCTAssertNil(RoutePolicy.open.refusal(nil, orgId: nil))
        XCTAssertEqual(RoutePolicy.signedIn.refusal(nil, orgId: nil)?.status, .unauthorized)
        XCTAssertNil(RoutePolicy.signedIn.refusal(caller([.learner]), orgId: nil))

        let admins = RoutePolicy.roles([.admin])
        XCTAssertEqual(admins.refusal(caller([.moderator]), orgId: nil)?.status, .forbidden)
        XCTAssertEqual(admins.refusal(caller([.moderator]), orgId: nil)?.detail, "Доступно ролям: admin")
        XCTAssertNil(admins.refusal(caller([.admin]), orgId: nil))

        let desk = RoutePolicy.anyOrganizationOr([.coppStaff])
        XCTAssertEqual(desk.refusal(caller([.learner]), orgId: nil)?.status, .forbidden)
        XCTAssertNil(desk.refusal(caller([.teacher], memberOf: own), orgId: nil))
        XCTAssertNil(desk.refusal(caller([.coppStaff]), orgId: nil))

        let inventory = RoutePolicy.memberOr([.moderator])
        XCTAssertNil(inventory.refusal(caller([.contractor], memberOf: own), orgId: own))
        XCTAssertEqual(inventory.refusal(caller([.contractor], memberOf: own), orgId: other)?.status, .notFound)
        XCTAssertNil(inventory.refusal(caller([.moderator]), orgId: other))
        XCTAssertEqual(inventory.refusal(nil, orgId: own)?.status, .unauthorized)
    }
}
