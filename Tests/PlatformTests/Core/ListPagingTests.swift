import Foundation
import HTTPTypes
import Platform
import XCTest

/// Every list of the route table goes through `ListQuery`; this walks each one that answers `{items, nextCursor}`
/// as an administrator, one row to a page, and checks what a keyset page promises: page after page gives the whole
/// list in its order (no row twice, none skipped), no page longer than asked, and a cursor whose key was forged gets
/// a 400 or a page — never a server error. (Proven to fail: with the keyset comparison reversed, five lists differ.)
final class ListPagingTests: XCTestCase {
    func testEveryListPagesWithoutRepeatsAndRefusesForgedCursors() async throws {
        let table = await routeTable(testConfiguration(database: "unused"))
        let lists = table.filter { route in
            route.method == .get && !route.path.hasSuffix(".csv")
                && route.path.split(separator: "/").allSatisfy {
                    !$0.hasPrefix("{") || $0 == "{orgId}" || $0 == "{kind}"
                }
                // the directory kinds and the kinds of documents: fixed sets answered whole
                && route.path != "/api/v1/directories" && route.path != "/api/v1/document-templates"
        }
        try await withApp { api, _ in
            let a = try await api.approvedOrganization(
                inn: Ids.inn10("381100881"), ogrn: Ids.ogrn13("110380100881"), email: "paging-a@example.ru")
            _ = try await api.approvedOrganization(
                inn: Ids.inn10("381100882"), ogrn: Ids.ogrn13("110380100882"), email: "paging-b@example.ru")
            for n in 1...3 { _ = try await api.createUser(email: "paging-\(n)@example.ru", roles: ["learner"]) }
            let admin = try await api.admin(roles: ["admin", "copp_staff"])
            var paged: [String] = []
            for route in lists {
                let path = route.path.replacingOccurrences(of: "{orgId}", with: a.orgId)
                    .replacingOccurrences(of: "{kind}", with: "program_kinds")
                let first = try await api.get(path + "?limit=1", token: admin.token)
                guard first.status == .ok, first.json["items"] != nil, first.json.keys.contains("nextCursor") else {
                    continue
                }
                let whole = try await api.get(path + "?limit=200", token: admin.token)
                let expected = whole.items.map { $0["id"] as? String ?? $0["userId"] as? String ?? "\($0)" }
                var walked: [String] = []
                var reply = first
                var pages = 0
                while true {
                    pages += 1
                    XCTAssertLessThanOrEqual(reply.items.count, 1, path)
                    walked += reply.items.map { $0["id"] as? String ?? $0["userId"] as? String ?? "\($0)" }
                    guard let cursor = reply.json["nextCursor"] as? String, pages <= expected.count else { break }
                    reply = try await api.get(path + "?limit=1&cursor=\(cursor)", token: admin.token)
                    XCTAssertEqual(reply.status, .ok, "\(path) page \(pages + 1): \(reply.text)")
                }
                if whole.json["nextCursor"] is NSNull {
                    XCTAssertEqual(walked, expected, "\(path): page by page differs from the whole list")
                }
                if pages > 1 { paged.append(route.path) }
                for key in ["not-a-number", "", "9999999999999999999999", "1\u{1F}x", "20260101'--"] {
                    let forged = Cursor(key: key, id: UUID()).encoded()
                    let answer = try await api.get(path + "?limit=1&cursor=\(forged)", token: admin.token)
                    XCTAssertTrue(
                        [.ok, .badRequest, .unprocessableContent].contains(answer.status),
                        "\(path) with a forged cursor key «\(key)»: \(answer.status) \(answer.text)")
                }
            }
            // the lists this data fills past one page: directories, users, organizations, the audit journal…
            XCTAssertGreaterThanOrEqual(paged.count, 5, "lists that paged: \(paged)")
        }
    }
}
