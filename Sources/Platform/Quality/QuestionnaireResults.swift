import Foundation

/// What a questionnaire is for (seed 000 «НОКО»: for experts and for users; seed 002 §3.4.12 e-monitoring).
enum QuestionnairePurpose {
    static let all = ["expertise", "rating", "monitoring", "survey"]
    static func title(_ p: String) -> String {
        switch p {
        case "expertise": "экспертиза программ"
        case "rating": "оценка программы обучающимися"
        case "monitoring": "электронный мониторинг"
        default: "опрос"
        }
    }
}

enum QuestionnaireStatus {
    static let all = ["draft", "active", "closed"]
    static func title(_ s: String) -> String {
        switch s {
        case "active": "действует"
        case "closed": "закрыта"
        default: "черновик"
        }
    }
}

/// A version's results, question by question: how many answered; for a scale or a number the mean and (a scale) the
/// count of each mark; for a choice the count of each option; for text the answers themselves (the last 50).
struct QuestionnaireResults: Codable, Sendable, Equatable {
    struct Bar: Codable, Sendable, Equatable {
        var label: String
        var count: Int
    }

    struct Question: Codable, Sendable, Equatable {
        var key: String
        var kind: String
        var text: String
        var answered: Int
        var mean: Double?
        var bars: [Bar]?
        var texts: [String]?
    }

    var version: Int
    var responses: Int
    var questions: [Question]

    static func count(_ content: QuestionnaireContent, version: Int, answers: [[String: JSONValue]])
        -> QuestionnaireResults
    {
        let questions = content.questions.map { q -> Question in
            let key = q.key!
            let given = answers.compactMap { $0[key] }
            var out = Question(key: key, kind: q.kind!, text: q.text ?? "", answered: given.count)
            let numbers = given.compactMap { if case .number(let n) = $0 { n } else { nil } }
            switch q.kind {
            case "scale":
                out.mean = numbers.isEmpty ? nil : (numbers.reduce(0, +) / Double(numbers.count) * 100).rounded() / 100
                out.bars = (q.min!...q.max!).map { mark in
                    var label = String(mark)
                    if mark == q.min, let l = q.minLabel { label += " — \(l)" }
                    if mark == q.max, let l = q.maxLabel { label += " — \(l)" }
                    return Bar(label: label, count: numbers.filter { Int($0) == mark }.count)
                }
            case "number":
                out.mean = numbers.isEmpty ? nil : (numbers.reduce(0, +) / Double(numbers.count) * 100).rounded() / 100
            case "single", "multiple":
                let chosen = given.flatMap { g -> [String] in
                    switch g {
                    case .string(let s): [s]
                    case .array(let list): list.compactMap { if case .string(let s) = $0 { s } else { nil } }
                    default: []
                    }
                }
                out.bars = q.options!.map { o in Bar(label: o, count: chosen.filter { $0 == o }.count) }
            default:
                out.texts = given.compactMap { if case .string(let s) = $0 { s } else { nil } }.suffix(50).reversed()
            }
            return out
        }
        return QuestionnaireResults(version: version, responses: answers.count, questions: questions)
    }

    /// One answer as a CSV cell.
    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): s
        case .array(let list): list.map { cell($0) }.joined(separator: "; ")
        case .bool(let b): b ? "да" : "нет"
        default: ""
        }
    }
}
