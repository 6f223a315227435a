import Foundation

/// Splits a migration file into statements (PostgresNIO sends one statement per query): semicolons inside quotes,
/// dollar-quoted bodies and comments do not split.
public enum SQLScript {
    public static func statements(_ sql: String) -> [String] {
        var result: [String] = []
        var current = ""
        let chars = Array(sql)
        var i = 0
        var dollarTag: String?
        func peek(_ offset: Int) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }
        while i < chars.count {
            let c = chars[i]
            if let tag = dollarTag {
                if c == "$", String(chars[i..<min(chars.count, i + tag.count)]) == tag {
                    current += tag
                    i += tag.count
                    dollarTag = nil
                    continue
                }
                current.append(c)
                i += 1
                continue
            }
            switch c {
            case "-" where peek(1) == "-":
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            case "/" where peek(1) == "*":
                i += 2
                while i < chars.count && !(chars[i] == "*" && peek(1) == "/") { i += 1 }
                i += 2
                continue
            case "'", "\"":
                current.append(c)
                i += 1
                while i < chars.count {
                    current.append(chars[i])
                    if chars[i] == c {
                        if peek(1) == c {
                            current.append(c)
                            i += 2
                            continue
                        }
                        break
                    }
                    i += 1
                }
                i += 1
                continue
            case "$":
                var j = i + 1
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
                if j < chars.count && chars[j] == "$" && !(i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber)) {
                    let tag = String(chars[i...j])
                    dollarTag = tag
                    current += tag
                    i = j + 1
                    continue
                }
            case ";":
                let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { result.append(s) }
                current = ""
                i += 1
                continue
            default:
                break
            }
            current.append(c)
            i += 1
        }
        let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !s.isEmpty { result.append(s) }
        return result
    }
}
