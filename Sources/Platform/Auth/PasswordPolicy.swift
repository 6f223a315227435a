import Foundation

/// What a new password must be (NIST SP 800-63B §5.1.1.2): long enough, within bcrypt's 72 bytes, no control
/// characters, and not one that attackers try first — a common password (the list shipped in Resources), also with
/// spaces, look-alike signs or digits and signs added at the end, one character repeated, a run of the keyboard or the
/// alphabet, or the person's own e-mail name. No rules of the "a digit and a capital" kind: they make passwords harder
/// to remember and not harder to guess.
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

    /// Fails when the list is missing from the build (a deployment that lost its resources must not accept any
    /// password).
    public static func requireList() throws {
        guard common.count > 50_000 else {
            throw Configuration.Invalid(problems: [
                "common-passwords.txt: the resource bundle is missing next to the executable"
            ])
        }
    }

    /// The reason the password is refused (code, message), or nil when it is acceptable.
    public static func problem(_ password: String, email: String? = nil) -> (code: String, message: String)? {
        // bcrypt stops at a NUL byte: "password1\0zz" would be stored as "password1"
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return ("invalid_characters", "Пароль не должен содержать управляющих символов")
        }
        if password.count < minLength {
            return ("weak_password", "Пароль должен содержать не менее \(minLength) символов")
        }
        if password.utf8.count > maxBytes {
            return ("too_long", "Пароль слишком длинный: не больше 72 латинских или 36 русских букв")
        }
        let plain = normalized(password)
        if candidates(plain).contains(where: common.contains) {
            return ("common_password", "Этот пароль слишком распространён: его подбирают первым")
        }
        if Set(plain).count <= 2 || isRun(plain) {
            return ("weak_password", "Пароль из повторяющихся или идущих подряд символов легко подобрать")
        }
        if let name = email?.split(separator: "@").first.map({ $0.lowercased() }), name.count >= 4, plain.contains(name)
        {
            return ("weak_password", "Пароль не должен содержать имя из адреса электронной почты")
        }
        return nil
    }

    /// What the password looks like to someone guessing: compatibility forms folded (full-width letters), lower case,
    /// without spaces and invisible characters ("pass word1", "password1\u{200B}" are "password1").
    static func normalized(_ password: String) -> String {
        let scalars = password.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars
            .filter { !$0.properties.isWhitespace && $0.properties.generalCategory != .format }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The forms looked up in the list: the password, its base without trailing digits and signs (`qwerty123!` →
    /// `qwerty`), and that base with look-alike signs read as letters (`p@ssw0rd1` → `password`).
    static func candidates(_ plain: String) -> [String] {
        let base = String(plain.reversed().drop { !$0.isLetter }.reversed())
        let letters: [Character: Character] = [
            "@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t",
            "|": "l",
        ]
        let readable = String(base.map { letters[$0] ?? $0 })
        return [plain, base, readable].filter { $0.count >= 4 }
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
