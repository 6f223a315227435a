import Crypto
import Foundation

/// A BigBlueButton server's API (docs.bigbluebutton.org, «API Security»): every call is `base/api/CALL?QUERY` with
/// `checksum` = SHA-1 of CALL + QUERY + the shared secret, QUERY encoded as BigBlueButton's Java side encodes it
/// (`URLEncoder`: letters, digits and `.-*_` kept, a space as `+`, every other byte as `%XX`).
public struct BigBlueButton: Sendable, Equatable {
    /// The API's base with its trailing slash: `https://bbb.example.ru/bigbluebutton/`.
    public let base: String
    let secret: String

    public init?(url: String, secret: String) {
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), URL(string: url)?.host != nil, !secret.isEmpty
        else { return nil }
        self.base = url.hasSuffix("/") ? url : url + "/"
        self.secret = secret
    }

    static func encoded(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "*"),
                UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func query(_ parameters: KeyValuePairs<String, String>) -> String {
        parameters.map { "\($0.key)=\(encoded($0.value))" }.joined(separator: "&")
    }

    static func checksum(call: String, query: String, secret: String) -> String {
        Insecure.SHA1.hash(data: Data((call + query + secret).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The signed address of an API call.
    func url(_ call: String, _ parameters: KeyValuePairs<String, String>) -> String {
        let query = Self.query(parameters)
        return base + "api/" + call + "?" + query + "&checksum="
            + Self.checksum(call: call, query: query, secret: secret)
    }

    /// A lesson's room: its meeting id and the two passwords the server keeps.
    struct Room: Sendable {
        var meetingID: String
        var attendeePassword: String
        var moderatorPassword: String
    }

    /// Creates the room (BigBlueButton answers SUCCESS again for a room that exists).
    func createURL(_ room: Room, name: String, logoutURL: String) -> String {
        url(
            "create",
            [
                "name": name, "meetingID": room.meetingID, "attendeePW": room.attendeePassword,
                "moderatorPW": room.moderatorPassword, "logoutURL": logoutURL,
            ])
    }

    /// A person's way in: the moderator's password makes them a moderator (a teacher), the attendee's a listener.
    func joinURL(_ room: Room, fullName: String, userID: UUID, moderator: Bool) -> String {
        url(
            "join",
            [
                "fullName": fullName, "meetingID": room.meetingID,
                "password": moderator ? room.moderatorPassword : room.attendeePassword,
                "userID": userID.uuidString.lowercased(), "redirect": "true",
            ])
    }
}
