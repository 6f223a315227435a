import Foundation

/// A questionnaire as its editor sends it (seed 000 «Карточка анкеты»: «Основные» and «Вопросы»).
public struct QuestionnaireInput: Codable, Sendable {
    var title: String?
    var description: String?
    var purpose: String?
    var audienceRoles: [String]?
    /// members of these organizations
    var audienceOrganizationIds: [UUID]?
    /// learners of these groups
    var audienceGroupIds: [UUID]?
    var opensOn: String?
    var closesOn: String?
    var sections: [QuestionnaireSection]?
}

/// A section of questions; a question's `key` stays the same across versions (results compare by it).
public struct QuestionnaireSection: Codable, Sendable, Equatable {
    var title: String?
    var questions: [QuestionnaireQuestion]?
}

public struct QuestionnaireQuestion: Codable, Sendable, Equatable {
    var key: String?
    var kind: String?
    var text: String?
    var hint: String?
    var required: Bool?
    /// single and multiple choice
    var options: [String]?
    /// a scale: its lowest and highest marks and the labels of its ends (1 «совсем нет» … 5 «полностью»)
    var min: Int?
    var max: Int?
    var minLabel: String?
    var maxLabel: String?
}

/// The checked content of one version: what a response is checked against and what results are counted by.
struct QuestionnaireContent: Codable, Sendable, Equatable {
    var sections: [QuestionnaireSection]

    static let kinds = ["scale", "single", "multiple", "text", "number"]

    var questions: [QuestionnaireQuestion] { sections.flatMap { $0.questions ?? [] } }

    /// Checks the sections and their questions, every bad field named (`sections[0].questions[2].options`); gives
    /// each new question a key.
    static func validated(_ sections: [QuestionnaireSection]?, _ v: inout Validator) -> QuestionnaireContent {
        let sections = sections ?? []
        if !(1...30).contains(sections.count) { v.add("sections", "count", "Нужно от 1 до 30 разделов") }
        var keys = Set<String>()
        let checked = sections.prefix(30).enumerated().map { n, s -> QuestionnaireSection in
            let questions = s.questions ?? []
            if !(1...100).contains(questions.count) {
                v.add("sections[\(n)].questions", "count", "В разделе от 1 до 100 вопросов")
            }
            return QuestionnaireSection(
                title: v.optional(s.title, "sections[\(n)].title", max: 300),
                questions: questions.prefix(100).enumerated().map { k, q in
                    question(q, "sections[\(n)].questions[\(k)]", &keys, &v)
                })
        }
        return QuestionnaireContent(sections: checked)
    }

    static func question(
        _ q: QuestionnaireQuestion, _ path: String, _ keys: inout Set<String>, _ v: inout Validator
    ) -> QuestionnaireQuestion {
        var out = QuestionnaireQuestion()
        let key = q.key?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        out.key = key.isEmpty ? UUID().uuidString.lowercased() : key
        if key.count > 64 || key.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            v.add("\(path).key", "invalid", "Ключ вопроса: буквы, цифры, «-» и «_», не длиннее 64")
        }
        if !keys.insert(out.key!).inserted { v.add("\(path).key", "duplicate", "Такой ключ уже есть в анкете") }
        out.text = v.required(q.text, "\(path).text", max: 2000)
        out.hint = v.optional(q.hint, "\(path).hint", max: 1000)
        out.required = q.required ?? false
        out.kind = q.kind ?? ""
        switch out.kind {
        case "scale":
            out.min = v.integer(q.min ?? 1, "\(path).min", 0...10)
            out.max = v.integer(q.max ?? 5, "\(path).max", 1...100)
            if let lo = out.min, let hi = out.max, lo >= hi {
                v.add("\(path).max", "out_of_range", "Наибольшая оценка шкалы — больше наименьшей")
            }
            out.minLabel = v.optional(q.minLabel, "\(path).minLabel", max: 100)
            out.maxLabel = v.optional(q.maxLabel, "\(path).maxLabel", max: 100)
        case "single", "multiple":
            let options = (q.options ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if !(2...20).contains(options.count) {
                v.add("\(path).options", "count", "У вопроса с выбором от 2 до 20 вариантов")
            }
            for (i, o) in options.enumerated() where o.isEmpty || o.count > 500 {
                v.add("\(path).options[\(i)]", o.isEmpty ? "required" : "too_long", "Вариант: от 1 до 500 символов")
            }
            if Set(options).count != options.count {
                v.add("\(path).options", "duplicate", "Варианты ответа не повторяются")
            }
            out.options = options
        case "number":
            out.min = q.min.flatMap { v.integer($0, "\(path).min", -1_000_000_000...1_000_000_000) }
            out.max = q.max.flatMap { v.integer($0, "\(path).max", -1_000_000_000...1_000_000_000) }
            if let lo = out.min, let hi = out.max, lo > hi {
                v.add("\(path).max", "out_of_range", "Наибольшее значение не меньше наименьшего")
            }
        case "text": break
        default: v.add("\(path).kind", "invalid_choice", "Тип вопроса: scale, single, multiple, text или number")
        }
        return out
    }

    /// A response's answers checked against this version: question key → a mark of the scale, an option's text (or
    /// the list of them), text, a number. Unanswered required questions and answers of the wrong kind are named.
    func checked(_ answers: [String: JSONValue]) throws -> [String: JSONValue] {
        var v = Validator()
        let byKey = Dictionary(questions.map { ($0.key!, $0) }, uniquingKeysWith: { a, _ in a })
        for key in answers.keys.sorted() where byKey[key] == nil {
            v.add(key.count <= 64 ? "answers.\(key)" : "answers", "unknown_question", "В анкете нет такого вопроса")
        }
        var out: [String: JSONValue] = [:]
        for q in questions {
            let key = q.key!
            let field = "answers.\(key)"
            guard let answer = answers[key], answer != .null else {
                if q.required == true { v.add(field, "required", "Ответьте на вопрос «\(q.text ?? "")»") }
                continue
            }
            switch (q.kind, answer) {
            // compared as numbers: a huge one (1e308) must be refused, not turned into an Int (a trap)
            case ("scale", .number(let n)) where n == n.rounded() && n >= Double(q.min!) && n <= Double(q.max!):
                out[key] = answer
            case ("single", .string(let s)) where q.options!.contains(s):
                out[key] = answer
            case ("multiple", .array(let list)):
                let chosen = list.compactMap { if case .string(let s) = $0 { s } else { nil } }
                guard chosen.count == list.count, Set(chosen).count == chosen.count,
                    chosen.allSatisfy(q.options!.contains)
                else {
                    v.add(field, "invalid_choice", "Выберите из вариантов вопроса")
                    continue
                }
                if chosen.isEmpty && q.required == true {
                    v.add(field, "required", "Выберите хотя бы один вариант")
                    continue
                }
                out[key] = answer
            case ("text", .string(let s)):
                let text = s.trimmingCharacters(in: .whitespacesAndNewlines)
                if text.count > 4000 {
                    v.add(field, "too_long", "Не длиннее 4000 символов")
                } else if text.isEmpty {
                    if q.required == true { v.add(field, "required", "Ответьте на вопрос «\(q.text ?? "")»") }
                } else {
                    out[key] = .string(text)
                }
            case ("number", .number(let n)) where n.isFinite && abs(n) <= 1e12:
                if let lo = q.min, n < Double(lo) {
                    v.add(field, "out_of_range", "Не меньше \(lo)")
                } else if let hi = q.max, n > Double(hi) {
                    v.add(field, "out_of_range", "Не больше \(hi)")
                } else {
                    out[key] = answer
                }
            case ("scale", _):
                v.add(field, "out_of_range", "Оценка — целое число от \(q.min!) до \(q.max!)")
            case ("single", _): v.add(field, "invalid_choice", "Выберите один из вариантов вопроса")
            case ("multiple", _): v.add(field, "invalid_choice", "Выберите из вариантов вопроса")
            default: v.add(field, "invalid", q.kind == "number" ? "Введите число" : "Введите текст ответа")
            }
        }
        try v.throwIfInvalid()
        return out
    }
}

/// Who writes questionnaires and reads their results: ЦОПП's operators.
enum QualityAccess {
    static let editors: Set<Role> = TrainingAccess.operators
}
