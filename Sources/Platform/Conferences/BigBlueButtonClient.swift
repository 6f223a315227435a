import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Calls a BigBlueButton server: `create` is a GET whose XML answer says SUCCESS or FAILED with a message key. A server
/// that does not answer in 10 seconds, or refuses, is a 502 to the person joining — with the reason, so that the
/// college's administrator can fix the secret or the address.
struct BigBlueButtonClient: Sendable {
    let logger: Logger

    static func unavailable(_ detail: String) -> Problem {
        Problem(.badGateway, "Сервер веб-конференций недоступен", detail: detail, code: "conference_unavailable")
    }

    func create(_ url: String) async throws {
        let answer: String
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            answer = String(buffer: try await response.body.collect(upTo: 1 << 20))
        } catch {
            logger.warning("BigBlueButton create failed", metadata: ["error": "\(error)"])
            throw Self.unavailable("BigBlueButton не ответил: попробуйте через минуту")
        }
        guard answer.contains("<returncode>SUCCESS</returncode>") else {
            let key = Self.element("messageKey", in: answer) ?? "unknown"
            logger.warning("BigBlueButton refused create", metadata: ["messageKey": "\(key)"])
            throw Self.unavailable("BigBlueButton отказал (\(key)): проверьте BBB_URL и BBB_SECRET сервера")
        }
    }

    /// The text of the first `<name>` element of an XML answer.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
