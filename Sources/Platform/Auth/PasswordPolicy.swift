import Foundation

/// What a new password must be (NIST SP 800-63B §5.1.1.2): long enough, within bcrypt's 72 bytes, and not one that
/// attackers try first — a common password (the list shipped in Resources), one character repeated, a run of the
/// keyboard or the alphabet, or the person's own e-mail name. No rules of the "a digit and a capital" kind: they make
/// passwords harder to remember and not harder to guess.
public enum PasswordPolicy {
    public static let minLength = 8
    /// bcrypt reads only the first 72 bytes; a Cyrillic letter takes two of them.
    public static let maxBytes = 72

    /// The common passwords, lower-cased; loaded once. Start-up refuses to run without them (`requireList`).
    static let common: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return Set(text.split(separator: "\n").lazy.filter { !$0.hasPrefix("#") }.map(String.init))
    }()

    /// Fails when the list is missing from the build (a deployment that lost its resources must not accept any password).
    public static func requireList() throws {
        guard common.count > 10_000 else {
            throw Configuration.Invalid(problems: ["common-passwords.txt: the resource bundle is missing next to the executable"])
        }
    }

    /// The reason the password is refused (code, message), or nil when it is acceptable.
    public static func problem(_ password: String, email: String? = nil) -> (code: String, message: String)? {
        if password.count < minLength { return ("weak_password", "Пароль должен содержать не менее \(minLength) символов") }
        if password.utf8.count > maxBytes {
            return ("too_long", "Пароль слишком длинный: не больше 72 латинских или 36 русских букв")
        }
        let lower = password.lowercased()
        if common.contains(lower) { return ("common_password", "Этот пароль слишком распространён: его подбирают первым") }
        if Set(lower).count <= 2 || isRun(lower) {
            return ("weak_password", "Пароль из повторяющихся или идущих подряд символов легко подобрать")
        }
        if let name = email?.split(separator: "@").first.map({ $0.lowercased() }), name.count >= 4, lower.contains(name) {
            return ("weak_password", "Пароль не должен содержать имя из адреса электронной почты")
        }
        return nil
    }

    /// "abcdefgh", "87654321", "qwertyui", "йцукенгш": every next character follows the previous one.
    static func isRun(_ s: String) -> Bool {
        let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"]
        let chars = Array(s.unicodeScalars)
        let next = { (a: Unicode.Scalar, b: Unicode.Scalar) -> Bool in
            if abs(Int(b.value) - Int(a.value)) == 1 { return true }
            return rows.contains { row in row.contains(String(a) + String(b)) || row.contains(String(b) + String(a)) }
        }
        return zip(chars, chars.dropFirst()).allSatisfy(next)
    }
}
