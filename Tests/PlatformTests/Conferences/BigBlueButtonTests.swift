import Foundation
import XCTest

@testable import Platform

/// BigBlueButton's API security: the checksum of BigBlueButton's own documented example, and addresses built so that
/// the server computes the same checksum over the same query.
final class BigBlueButtonTests: XCTestCase {
    static let secret = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"

    /// docs.bigbluebutton.org, «API Security»: create with name «Test Meeting» and this secret has this checksum.
    func testTheDocumentedCreateExampleHasTheDocumentedChecksum() {
        let query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
        XCTAssertEqual(
            BigBlueButton.checksum(call: "create", query: query, secret: Self.secret),
            "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17")
        XCTAssertEqual(
            BigBlueButton.query([
                "name": "Test Meeting", "meetingID": "abc123", "attendeePW": "111222", "moderatorPW": "333444",
            ]), query, "a space is encoded as BigBlueButton's Java side encodes it")
        let server = BigBlueButton(url: "https://bbb.example.ru/bigbluebutton", secret: Self.secret)!
        let room = BigBlueButton.Room(meetingID: "abc123", attendeePassword: "111222", moderatorPassword: "333444")
        let url = server.createURL(room, name: "Test Meeting", logoutURL: "https://copp.example/#/schedule")
        XCTAssertTrue(url.hasPrefix("https://bbb.example.ru/bigbluebutton/api/create?" + query + "&logoutURL="), url)
    }

    func testEveryAddressCarriesTheChecksumOfItsOwnQuery() throws {
        let server = BigBlueButton(url: "https://bbb.example.ru/bigbluebutton/", secret: Self.secret)!
        let room = BigBlueButton.Room(meetingID: "copp-1", attendeePassword: "ap", moderatorPassword: "mp")
        for (moderator, password) in [(true, "mp"), (false, "ap")] {
            let url = server.joinURL(room, fullName: "Анна Иванова", userID: UUID(), moderator: moderator)
            let (call, query, checksum) = try XCTUnwrap(Self.parts(url))
            XCTAssertEqual(call, "join")
            XCTAssertEqual(checksum, BigBlueButton.checksum(call: "join", query: query, secret: Self.secret))
            XCTAssertTrue(query.contains("password=\(password)&"), query)
            // Cyrillic as UTF-8 bytes in %XX, the space as +
            XCTAssertTrue(query.hasPrefix("fullName=%D0%90%D0%BD%D0%BD%D0%B0+%D0%98"), query)
        }
        XCTAssertEqual(BigBlueButton.encoded("a.b-c*d_e~f/g&h=i"), "a.b-c*d_e%7Ef%2Fg%26h%3Di")
        XCTAssertNil(BigBlueButton(url: "bbb.example.ru", secret: Self.secret))
        XCTAssertNil(BigBlueButton(url: "https://bbb.example.ru/bigbluebutton/", secret: ""))
    }

    /// The call, the query before `&checksum=`, and the checksum of a built address.
    static func parts(_ url: String) -> (String, String, String)? {
        guard let api = url.range(of: "/api/"), let mark = url.range(of: "?"),
            let sum = url.range(of: "&checksum=", options: .backwards)
        else { return nil }
        return (
            String(url[api.upperBound..<mark.lowerBound]), String(url[mark.upperBound..<sum.lowerBound]),
            String(url[sum.upperBound...])
        )
    }
}
