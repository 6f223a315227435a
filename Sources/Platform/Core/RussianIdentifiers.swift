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
            let ok =
                (4...5).contains(i) ? (c.isASCII && (c.isNumber || ("A"..."Z").contains(c))) : (c.isASCII && c.isNumber)
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
        if sum < 100 {
            control = sum
        } else if sum == 100 || sum == 101 {
            control = 0
        } else {
            let r = sum % 101
            control = r == 100 ? 0 : r
        }
        return control == d[9] * 10 + d[10]
    }

    /// БИК: 9 digits of a Russian bank, beginning with 04.
    public static func isValidBIK(_ s: String) -> Bool {
        guard let d = digits(s), d.count == 9 else { return false }
        return d[0] == 0 && d[1] == 4
    }

    /// Control key of a 20-digit account together with 3 digits of the BIK (weights 7-1-3, sum ≡ 0 mod 10).
    static func accountKeyValid(_ prefix: String, _ account: String) -> Bool {
        guard let a = digits(account), a.count == 20, let p = digits(prefix), p.count == 3 else { return false }
        let weights = [7, 1, 3]
        let all = p + a
        return all.enumerated().reduce(0) { $0 + ($1.element * weights[$1.offset % 3]) % 10 } % 10 == 0
    }

    /// Correspondent account against the BIK: "0" + 5th–6th digits of the BIK.
    public static func isValidCorrespondentAccount(_ account: String, bik: String) -> Bool {
        guard isValidBIK(bik) else { return false }
        return accountKeyValid("0" + bik.dropFirst(4).prefix(2), account)
    }

    /// Settlement (current) account against the BIK: its last 3 digits.
    public static func isValidSettlementAccount(_ account: String, bik: String) -> Bool {
        guard isValidBIK(bik) else { return false }
        return accountKeyValid(String(bik.suffix(3)), account)
    }

    /// ОКПО: 8 digits (organizations) or 10 (entrepreneurs); check digit by weights 1.. then 3.. modulo 11.
    public static func isValidOKPO(_ s: String) -> Bool {
        guard let d = digits(s), d.count == 8 || d.count == 10 else { return false }
        let body = Array(d.dropLast())
        func remainder(_ start: Int) -> Int {
            body.enumerated().reduce(0) { $0 + $1.element * ((start + $1.offset - 1) % 10 + 1) } % 11
        }
        var r = remainder(1)
        if r == 10 { r = remainder(3) }
        return (r == 10 ? 0 : r) == d[d.count - 1]
    }

    /// ОКВЭД 2 code: `NN`, `NN.N`, `NN.NN`, `NN.NN.N`, `NN.NN.NN`.
    public static func isValidOKVED(_ s: String) -> Bool {
        s.range(of: "^[0-9]{2}(\\.[0-9]{1,2}){0,2}$", options: .regularExpression) != nil
    }

    /// Canonical SNILS spelling `XXX-XXX-XXX YY` (the ФИС ФРДО form).
    public static func formatSNILS(_ s: String) -> String {
        let d = Array(s.filter(\.isNumber))
        guard d.count == 11 else { return s }
        return "\(String(d[0..<3]))-\(String(d[3..<6]))-\(String(d[6..<9])) \(String(d[9..<11]))"
    }
}
