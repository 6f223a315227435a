import Foundation
import HTTPTypes
import Platform
import XCTest

/// Every route of the route table called as every caller — anonymous and one account per role, the organization's
/// people as members of organization A — and, for routes of an organization (`{orgId}`), against A and against a
/// foreign organization B. The expected answer is read from openapi.yaml's `x-access` of the operation (what the API
/// documents to its users), not from the server's own policy code:
/// refused callers get exactly 401 / 403 / 404; admitted callers never get the gate's answer (the handler may still
/// refuse on the data, e.g. 404 for the made-up ids used here), and an admitted caller listing rooms gets 200.
final class AuthorizationMatrixTests: XCTestCase {
    /// The roles of the matrix; the first five belong to organizations.
    static let memberRoles = ["contractor", "employer", "teacher", "developer", "expert"]
    static let otherRoles = ["learner", "moderator", "copp_staff", "coordinator", "admin"]

    struct Caller {
        var name: String
        var roles: Set<String>
        var token: String?
        var memberOf: String?
    }

    enum Answer: Equatable {
        case admitted
        case refused(HTTPResponse.Status)
    }

    /// What openapi.yaml promises this caller.
    static func expected(_ access: String, _ caller: Caller, orgId: String?) -> Answer {
        if access == "open" { return .admitted }
        guard caller.token != nil else { return .refused(.unauthorized) }
        if access == "signed-in" { return .admitted }
        let roles = Set(access.components(separatedBy: "roles: ").last!.components(separatedBy: ", "))
        let hasRole = !roles.isDisjoint(with: caller.roles)
        if access.hasPrefix("roles: ") { return hasRole ? .admitted : .refused(.forbidden) }
        if access.hasPrefix("organization member or roles: ") {
            return hasRole || caller.memberOf != nil ? .admitted : .refused(.forbidden)
        }
        if access.hasPrefix("member of {orgId} or roles: ") {
            return hasRole || (orgId != nil && caller.memberOf == orgId) ? .admitted : .refused(.notFound)
        }
        XCTFail("unknown x-access «\(access)»")
        return .refused(.internalServerError)
    }

    func testEveryRouteAsEveryRoleAndOrganization() async throws {
        let table = await routeTable(testConfiguration(database: "unused"))
        let documented = try ContractTests.specAccess()
        // logging out ends the caller's session: it goes last
        let routes = table.sorted { ($0.path.hasSuffix("/logout") ? 1 : 0) < ($1.path.hasSuffix("/logout") ? 1 : 0) }
        try await withApp { api, services in
            let a = try await api.approvedOrganization(
                inn: Ids.inn10("381100771"), ogrn: Ids.ogrn13("110380100771"), email: "matrix-a@example.ru")
            let b = try await api.approvedOrganization(
                inn: Ids.inn10("381100772"), ogrn: Ids.ogrn13("110380100772"), email: "matrix-b@example.ru")
            var callers = [Caller(name: "anonymous", roles: [], token: nil, memberOf: nil)]
            for role in Self.memberRoles + Self.otherRoles {
                let email = "matrix-\(role)@example.ru".replacingOccurrences(of: "_", with: "-")
                let id = try await api.createUser(email: email, roles: [role])
                let member = Self.memberRoles.contains(role) ? a.orgId : nil
                if let member {
                    let (user, org) = (UUID(uuidString: id)!, UUID(uuidString: member)!)
                    try await services.db.execute("INSERT INTO memberships (user_id, org_id) VALUES (\(user), \(org))")
                }
                callers.append(Caller(name: role, roles: [role], token: try await api.login(email), memberOf: member))
            }
            var checked = 0
            for route in routes {
                let key = ContractTests.normalize("\(route.method.rawValue) \(route.path)")
                let access = try XCTUnwrap(documented[key], "\(key) has no x-access in openapi.yaml")
                let organizations: [String?] = route.path.contains("{orgId}") ? [a.orgId, b.orgId] : [nil]
                for caller in callers {
                    for org in organizations {
                        let path = Self.fill(route.path, orgId: org)
                        let body: Any? = [.post, .put, .patch].contains(route.method) ? [String: Any]() : nil
                        let reply = try await api.call(route.method, path, json: body, token: caller.token)
                        let want = Self.expected(access, caller, orgId: org)
                        let side = org.map { $0 == a.orgId ? " (own org)" : " (foreign org)" } ?? ""
                        let what = "\(key) as \(caller.name)\(side)"
                        switch want {
                        case .refused(let status):
                            XCTAssertEqual(reply.status, status, "\(what): \(reply.text.prefix(200))")
                        case .admitted:
                            // the gate's 401 is the missing access token; a refresh without its cookie is the
                            // handler's own 401 (code invalid_refresh_token)
                            XCTAssertFalse(
                                reply.status == .unauthorized && reply.code == "unauthorized",
                                "\(what) was refused as unauthenticated")
                            let gate = (reply["detail"] as? String)?.hasPrefix("Доступно ") == true
                            XCTAssertFalse(gate, "\(what) was refused by the role gate")
                            if route.method == .get && route.path.hasSuffix("/{orgId}/rooms") {
                                XCTAssertEqual(reply.status, .ok, "\(what): \(reply.text.prefix(200))")
                            }
                        }
                        checked += 1
                    }
                }
            }
            XCTAssertGreaterThan(checked, table.count * callers.count)
            print("authorization matrix: \(table.count) routes × \(callers.count) callers, \(checked) requests")
        }
    }

    /// Path parameters: the organization under test, a known directory kind and role, and made-up ids elsewhere.
    static func fill(_ path: String, orgId: String?) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            switch segment {
            case "{orgId}": orgId ?? ""
            case "{kind}": "professions"
            case "{role}": "teacher"
            default: segment.hasPrefix("{") ? UUID().uuidString.lowercased() : String(segment)
            }
        }.joined(separator: "/")
    }
}
