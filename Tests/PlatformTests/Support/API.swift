import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Platform
import PostgresNIO
import XCTest

/// A JSON response as tests read it.
struct Reply: @unchecked Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? [] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    subscript(_ key: String) -> Any? { json[key] }
    /// Fields named in a problem+json `errors` list.
    var errorFields: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
    var code: String? { json["code"] as? String }
}

/// Thin HTTP helper over the live test client.
struct API: Sendable {
    let client: any TestClientProtocol
    let services: Services

    func call(
        _ method: HTTPRequest.Method, _ path: String, json: Any? = nil, raw: String? = nil, bytes: [UInt8]? = nil,
        token: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = headers[.contentType] ?? "application/json"
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            headers[.contentType] = headers[.contentType] ?? "application/json"
            body = ByteBuffer(string: raw)
        } else if let bytes {
            body = ByteBuffer(bytes: bytes)
        }
        // browsers percent-encode Cyrillic in URLs; so does this client
        let uri =
            path.unicodeScalars.allSatisfy(\.isASCII)
            ? path : (path.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? path)
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func get(_ path: String, token: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        try await call(.get, path, token: token, headers: headers)
    }
    func post(_ path: String, _ json: Any? = nil, token: String? = nil, headers: HTTPFields = [:]) async throws -> Reply
    {
        try await call(.post, path, json: json ?? [String: Any](), token: token, headers: headers)
    }

    /// Sends a multipart/form-data upload with a `file` part and optional text fields.
    func upload(
        _ path: String = "/api/v1/files", bytes: [UInt8], filename: String, fields: [String: String] = [:],
        token: String?,
        truncate: Bool = false
    ) async throws -> Reply {
        let boundary = "----copp\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        if !truncate { body.writeString("\r\n--\(boundary)--\r\n") }
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: body)
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// Raw download (bytes and headers).
    func download(_ path: String, token: String? = nil, headers extra: HTTPFields = [:]) async throws -> (
        status: HTTPResponse.Status, headers: HTTPFields, bytes: [UInt8]
    ) {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        return (response.status, response.headers, Array(buffer: response.body))
    }

    /// Sends `count` requests at once, each over a connection of its own (the test client's one connection would
    /// queue them): races are decided by the server, not by the client.
    func parallel(
        _ count: Int, _ method: HTTPRequest.Method, _ path: String, json: @escaping @Sendable (Int) -> Any,
        headers: @escaping @Sendable (Int) -> HTTPFields = { _ in [:] }
    ) async throws -> [Reply] {
        guard let port = client.port else { throw XCTSkip("no live port") }
        let bodies = try (0..<count).map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: json($0))) }
        return try await withThrowingTaskGroup(of: Reply.self) { group in
            for i in 0..<count {
                let body = bodies[i]
                var fields = headers(i)
                fields[.contentType] = "application/json"
                group.addTask {
                    let connection = TestClient(host: "127.0.0.1", port: port)
                    connection.connect()
                    let response: TestClient.Response
                    do {
                        response = try await connection.execute(
                            .init(path, method: method, headers: fields, body: body))
                    } catch {
                        try? await connection.shutdown()
                        throw error
                    }
                    try await connection.shutdown()
                    return Reply(
                        status: response.status, headers: response.headers,
                        text: String(buffer: response.body ?? ByteBuffer()))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    // MARK: scenario helpers

    static let password = "Secret123pass"

    /// Registers, confirms by the e-mailed link and logs in a learner; returns (userId, accessToken).
    @discardableResult
    func learner(
        _ email: String = "learner-\(UUID().uuidString.prefix(8).lowercased())@example.ru", last: String = "Иванова"
    ) async throws -> (id: String, token: String) {
        let r = try await post(
            "/api/v1/auth/register/learner",
            [
                "email": email, "password": Self.password, "lastName": last, "firstName": "Анна",
                "personalDataConsent": true,
            ])
        XCTAssertEqual(r.status, .created, r.text)
        let token = try await linkToken(to: email, page: "confirm-email")
        try await XCTAssertEqualAsync(try await post("/api/v1/auth/confirm-email", ["token": token]).status, .noContent)
        return (r["id"] as? String ?? "", try await login(email))
    }

    func login(_ email: String, _ password: String = API.password) async throws -> String {
        let r = try await post("/api/v1/auth/login", ["email": email, "password": password])
        XCTAssertEqual(r.status, .ok, r.text)
        return r["accessToken"] as? String ?? ""
    }

    /// The demo-style admin account: inserted directly, then logged in through the API.
    func admin(roles: [String] = ["admin"]) async throws -> (id: String, token: String) {
        let email = "admin-\(UUID().uuidString.prefix(8))@copp.test".lowercased()
        let id = try await createUser(email: email, roles: roles)
        return (id, try await login(email))
    }

    /// Inserts a confirmed account with a password straight into the database (test setup, not under test).
    func createUser(email: String, roles: [String], last: String = "Тестов") async throws -> String {
        let hash = try await Passwords(cost: 4).hash(Self.password)
        let rows = try await services.db.rows(
            """
            INSERT INTO users (email, password_hash, last_name, first_name, email_confirmed_at)
            VALUES (\(email), \(hash), \(last), 'Тест', now()) RETURNING id::text
            """)
        let id = try rows[0].decode(String.self)
        for role in roles {
            try await services.db.execute("INSERT INTO user_roles (user_id, role) VALUES (\(id)::uuid, \(role))")
        }
        return id
    }

    /// The newest e-mail to `email` from the outbox.
    func lastMail(to email: String) async throws -> (subject: String, body: String)? {
        let rows = try await services.db.rows(
            """
            SELECT payload->>'subject', payload->>'body' FROM jobs WHERE kind = 'email' AND payload->>'to' = \(email)
            ORDER BY created_at DESC LIMIT 1
            """)
        return try rows.first.map { try $0.decode((String, String).self) }
    }

    /// The `token=` of the newest e-mailed link to `page`.
    func linkToken(to email: String, page: String) async throws -> String {
        guard let mail = try await lastMail(to: email) else {
            XCTFail("no e-mail to \(email)")
            return ""
        }
        guard let range = mail.body.range(of: "#/\(page)?token=") else {
            XCTFail("no \(page) link in: \(mail.body)")
            return ""
        }
        return String(mail.body[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    /// Registers an organization, confirms its first account and approves it; returns (orgId, adminToken).
    func approvedOrganization(kind: String = "contractor", inn: String, ogrn: String, email: String) async throws -> (
        orgId: String, token: String
    ) {
        let r = try await post(
            "/api/v1/auth/register/organization", organizationBody(kind: kind, inn: inn, ogrn: ogrn, email: email))
        XCTAssertEqual(r.status, .created, r.text)
        let orgId = r["organizationId"] as? String ?? ""
        let token = try await linkToken(to: email, page: "confirm-email")
        _ = try await post("/api/v1/auth/confirm-email", ["token": token])
        let moderator = try await admin(roles: ["moderator"])
        let approved = try await post("/api/v1/admin/organizations/\(orgId)/approve", token: moderator.token)
        XCTAssertEqual(approved.status, .ok, approved.text)
        return (orgId, try await login(email))
    }

    func organizationBody(
        kind: String = "contractor", inn: String, ogrn: String, email: String, kpp: String = "381101001"
    ) -> [String: Any] {
        [
            "organization": [
                "kind": kind, "fullName": "Общество с ограниченной ответственностью «Тест \(inn)»",
                "shortName": "ООО «Тест \(inn)»",
                "inn": inn, "ogrn": ogrn, "kpp": kpp, "address": "г. Иркутск, ул. Ленина, 1",
                "phone": "+7 (3952) 11-22-33",
                "email": "org\(inn)@example.ru",
            ],
            "account": ["email": email, "password": Self.password, "lastName": "Орлова", "firstName": "Наталья"],
        ]
    }
}

/// Valid identifiers for tests (check digits computed, not hard-coded guesses).
enum Ids {
    static func inn10(_ base: String) -> String {
        let w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
        return base + String(zip(base.compactMap(\.wholeNumberValue), w).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10)
    }
    static func ogrn13(_ base: String) -> String { base + String((UInt64(base) ?? 0) % 11 % 10) }
    /// A SNILS with its check number for nine digits above 001-001-998.
    static func snils(_ number: Int) -> String {
        let base = String(format: "%09d", number)
        let sum = zip(base.compactMap(\.wholeNumberValue), (1...9).reversed()).reduce(0) { $0 + $1.0 * $1.1 }
        let control = sum < 100 ? sum : sum <= 101 ? 0 : (sum % 101 == 100 ? 0 : sum % 101)
        return base + String(format: "%02d", control)
    }
    static var randomBase9: String { String(format: "38%07d", Int.random(in: 0..<10_000_000)) }
    static var randomBase12: String { String(format: "1023800%05d", Int.random(in: 0..<100_000)) }
}
