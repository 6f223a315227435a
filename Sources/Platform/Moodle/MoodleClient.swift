import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// A Moodle site's REST web services (`/webservice/rest/server.php`, a token of a service with the functions
/// core_user_get_users_by_field, core_user_create_users and enrol_manual_enrol_users). Each call is a form-encoded
/// POST; Moodle answers JSON, or an object with `exception` and `errorcode` when it refuses — a 502 to the person
/// pushing, naming the error code so that the site's administrator can fix the token or the service.
public struct MoodleClient: Sendable {
    public let site: String
    let token: String
    let logger: Logger

    /// `site`: the Moodle address (https://moodle.example.ru); nil when it is not an http(s) address.
    public init?(site: String, token: String, logger: Logger = Logger(label: "moodle")) {
        let trimmed = site.hasSuffix("/") ? String(site.dropLast()) : site
        guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
            !token.isEmpty
        else { return nil }
        self.site = trimmed
        self.token = token
        self.logger = logger
    }

    public struct User: Sendable, Equatable {
        var id: Int
        var email: String
    }

    public struct NewUser: Sendable {
        var email: String
        var firstName: String
        var lastName: String
    }

    static func unavailable(_ detail: String) -> Problem {
        Problem(.badGateway, "Moodle недоступен", detail: detail, code: "moodle_unavailable")
    }

    /// Form fields in Moodle's array notation (`users[0][email]`), encoded as PHP decodes them.
    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { key, value in
            let k = key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
            let v = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
            return "\(k)=\(v)"
        }.joined(separator: "&")
    }

    func call(_ function: String, _ fields: [(String, String)]) async throws -> Any? {
        var request = HTTPClientRequest(url: site + "/webservice/rest/server.php")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = Self.form(
            [("wstoken", token), ("wsfunction", function), ("moodlewsrestformat", "json")] + fields)
        request.body = .bytes(ByteBuffer(string: body))
        let data: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
            guard response.status == .ok else {
                throw Self.unavailable("Moodle ответил \(response.status.code) на \(function)")
            }
            data = try await response.body.collect(upTo: 8 << 20)
        } catch let problem as Problem {
            throw problem
        } catch {
            logger.warning("Moodle call failed", metadata: ["function": "\(function)", "error": "\(error)"])
            throw Self.unavailable("Moodle не ответил: попробуйте через минуту")
        }
        let json = try? JSONSerialization.jsonObject(with: Data(buffer: data), options: [.fragmentsAllowed])
        if let refusal = json as? [String: Any], let code = refusal["errorcode"] as? String {
            let message = refusal["message"] as? String ?? ""
            logger.warning("Moodle refused", metadata: ["function": "\(function)", "errorcode": "\(code)"])
            throw Self.unavailable("Moodle отказал (\(code)): \(message)")
        }
        return json
    }

    /// Accounts whose e-mail is one of `emails`.
    public func users(emails: [String]) async throws -> [User] {
        guard !emails.isEmpty else { return [] }
        let values = emails.enumerated().map { ("values[\($0.offset)]", $0.element) }
        let answer = try await call("core_user_get_users_by_field", [("field", "email")] + values)
        guard let list = answer as? [[String: Any]] else {
            throw Self.unavailable("Moodle ответил не списком пользователей")
        }
        return list.compactMap { u in
            guard let id = u["id"] as? Int, let email = u["email"] as? String else { return nil }
            return User(id: id, email: email.lowercased())
        }
    }

    /// Creates manual accounts named by e-mail; Moodle mails each person a password (createpassword).
    public func create(_ users: [NewUser]) async throws -> [User] {
        guard !users.isEmpty else { return [] }
        var fields: [(String, String)] = []
        for (n, u) in users.enumerated() {
            fields += [
                ("users[\(n)][username]", u.email.lowercased()), ("users[\(n)][auth]", "manual"),
                ("users[\(n)][createpassword]", "1"), ("users[\(n)][firstname]", u.firstName),
                ("users[\(n)][lastname]", u.lastName), ("users[\(n)][email]", u.email.lowercased()),
            ]
        }
        let answer = try await call("core_user_create_users", fields)
        guard let list = answer as? [[String: Any]], list.count == users.count else {
            throw Self.unavailable("Moodle не создал пользователей")
        }
        // the answer lists the accounts in the order asked, by username (the e-mail)
        return list.compactMap { u in
            guard let id = u["id"] as? Int, let username = u["username"] as? String else { return nil }
            return User(id: id, email: username)
        }
    }

    /// Enrols the accounts in the course with the student role (5 in a standard Moodle).
    public func enrol(_ userIds: [Int], course: Int, role: Int = 5) async throws {
        guard !userIds.isEmpty else { return }
        var fields: [(String, String)] = []
        for (n, id) in userIds.enumerated() {
            fields += [
                ("enrolments[\(n)][roleid]", String(role)), ("enrolments[\(n)][userid]", String(id)),
                ("enrolments[\(n)][courseid]", String(course)),
            ]
        }
        _ = try await call("enrol_manual_enrol_users", fields)
    }
}
