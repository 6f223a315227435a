/// Check-digit validation of Russian identifiers (ИНН, ОГРН, ОГРНИП, КПП, СНИЛС).
public enum RussianIdentifiers {
    static func digits(_ s: String) -> [Int]? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return s.compactMap { $0.wholeNumberValue }
    }

    private static func checksum(_ d: [Int], _ weights: [Int]) -> Int {
        zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10
    }

    /// ИНН: 10 digits (organization) or 12 digits (person), with control digits.
    public static func isValidINN(_ s: String) -> Bool {
        guard let d = digits(s) else { return false }
        switch d.count {
        case 10:
            return checksum(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9]
        case 12:
            let n11 = checksum(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
            let n12 = checksum(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
            return n11 == d[10] && n12 == d[11]
        default:
            return false
        }
    }

    /// ОГРН (13 digits): remainder of the first 12 digits mod 11, last digit of it.
    public static func isValidOGRN(_ s: String) -> Bool {
        guard let d = digits(s), d.count == 13, let head = UInt64(s.prefix(12)) else { return false }
        return Int(head % 11 % 10) == d[12]
    }

    /// ОГРНИП (15 digits): first 14 digits mod 13, last digit of it.
    public static func isValidOGRNIP(_ s: String) -> Bool {
        guard let d = digits(s), d.count == 15, let head = UInt64(s.prefix(14)) else { return false }
        return Int(head % 13 % 10) == d[14]
    }

    /// КПП: 4 digits of tax office, 2 of reason (digits or capital Latin letters), 3 digits.
    public static func isValidKPP(_ s: String) -> Bool {
        let chars = Array(s)
        guard chars.count == 9 else { return false }
        for (i, c) in chars.enumerated() {
            let ok = (4...5).contains(i) ? (c.isASCII && (c.isNumber || ("A"..."Z").contains(c))) : (c.isASCII && c.isNumber)
            if !ok { return false }
        }
        return true
    }

    /// СНИЛС: 11 digits, separators allowed; check number over the first 9 digits (checked only above 001-001-998).
    public static func isValidSNILS(_ s: String) -> Bool {
        let cleaned = s.filter { $0 != "-" && $0 != " " }
        guard let d = digits(cleaned), d.count == 11 else { return false }
        let number = Int(cleaned.prefix(9)) ?? 0
        if number <= 1_001_998 { return false }
        var sum = 0
        for i in 0..<9 { sum += d[i] * (9 - i) }
        let control: Int
        if sum < 100 { control = sum } else if sum == 100 || sum == 101 { control = 0 } else {
            let r = sum % 101
            control = r == 100 ? 0 : r
        }
        return control == d[9] * 10 + d[10]
    }

    /// Canonical SNILS spelling `XXX-XXX-XXX YY` (the ФИС ФРДО form).
    public static func formatSNILS(_ s: String) -> String {
        let d = Array(s.filter(\.isNumber))
        guard d.count == 11 else { return s }
        return "\(String(d[0..<3]))-\(String(d[3..<6]))-\(String(d[6..<9])) \(String(d[9..<11]))"
    }
}
