import Foundation

/// Collects every field error of one input so the client sees them all at once, not one per round trip.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []
    public init() {}

    /// Order numbers of items in a list (sort orders, positions of topics and lessons).
    public static let positions = 0...100_000

    public mutating func add(_ field: String, _ code: String, _ message: String) {
        errors.append(FieldError(field, code, message))
    }

    /// Trims and checks a required string; returns the trimmed value.
    @discardableResult
    public mutating func required(_ value: String?, _ field: String, max: Int = 255) -> String {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.contains("\u{0}") {
            add(field, "invalid_characters", "Недопустимые символы")
            return ""
        }
        if trimmed.isEmpty {
            add(field, "required", "Поле обязательно для заполнения")
        } else if trimmed.unicodeScalars.count > max {
            add(field, "too_long", "Не длиннее \(max) символов")
        }
        return trimmed
    }

    /// Trims an optional string; empty becomes nil.
    public mutating func optional(_ value: String?, _ field: String, max: Int = 255) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.contains("\u{0}") {
            add(field, "invalid_characters", "Недопустимые символы")
            return nil
        }
        if trimmed.isEmpty { return nil }
        // counted as PostgreSQL's length() counts (code points): «е» with a combining accent is two
        if trimmed.unicodeScalars.count > max { add(field, "too_long", "Не длиннее \(max) символов") }
        return trimmed
    }

    public mutating func email(_ value: String?, _ field: String) -> String {
        let email = required(value, field, max: 254).lowercased()
        if !email.isEmpty && !Self.looksLikeEmail(email) {
            add(field, "invalid_email", "Некорректный адрес электронной почты")
        }
        return email
    }

    /// A new password under `PasswordPolicy`; `email` is the account's, so that the password does not repeat it.
    public mutating func password(_ value: String?, _ field: String, email: String? = nil) {
        if let (code, message) = PasswordPolicy.problem(value ?? "", email: email) { add(field, code, message) }
    }

    public mutating func phone(_ value: String?, _ field: String, required isRequired: Bool = false) -> String? {
        let raw = isRequired ? required(value, field, max: 32) : (optional(value, field, max: 32) ?? "")
        if raw.isEmpty { return nil }
        let digits = raw.filter(\.isNumber)
        if digits.count < 10 || digits.count > 15 || raw.contains(where: { !"+0123456789 ()-".contains($0) }) {
            add(field, "invalid_phone", "Телефон в формате +7 (XXX) XXX-XX-XX")
        }
        return raw
    }

    /// An integer field inside `range`, or nil with an error naming the field. Untrusted numbers go through here before
    /// any arithmetic: Int.max in a request must be a 422, never an overflow trap that stops the server.
    public mutating func integer(
        _ value: Int?, _ field: String, _ range: ClosedRange<Int>, required: Bool = false,
        _ message: String? = nil
    ) -> Int? {
        guard let value else {
            if required { add(field, "required", "Поле обязательно для заполнения") }
            return nil
        }
        guard range.contains(value) else {
            add(field, "out_of_range", message ?? "Допустимо от \(range.lowerBound) до \(range.upperBound)")
            return nil
        }
        return value
    }

    public mutating func check(_ condition: Bool, _ field: String, _ code: String, _ message: String) {
        if !condition { add(field, code, message) }
    }

    public func throwIfInvalid() throws {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    static func looksLikeEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else { return false }
        return !s.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" })
    }
}
