import Foundation

/// One e-mail as stored in the outbox job's payload.
public struct OutgoingMail: Codable, Sendable {
    public var to: String
    public var subject: String
    public var body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }

    /// RFC 5322 message; subject and body are base64 so that Cyrillic and leading dots survive any relay.
    public func rfc5322(from: String, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let displayName = "=?UTF-8?B?\(Data("Платформа ЦОПП".utf8).base64EncodedString())?="
        let encodedBody = Data(body.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        return [
            "From: \(displayName) <\(from)>",
            "To: <\(to)>",
            "Subject: \(encodedSubject)",
            "Date: \(formatter.string(from: now))",
            "Message-ID: <\(UUID().uuidString.lowercased())@copp-platform>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            encodedBody,
        ].joined(separator: "\r\n")
    }
}
