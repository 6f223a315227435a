import Foundation

/// A question of an organization's bank (seed 000 «Банк вопросов»): single or multiple choice, or a short typed
/// answer. For a typed answer the options are the accepted answers, compared as typed words (case, ё/е and spaces do
/// not count, migration 0034 `test_answer_form`).
public enum TestQuestionKind: String, Codable, Sendable, CaseIterable {
    case single, multiple, text
}

public struct TestOptionInput: Codable, Sendable {
    var text: String?
    var correct: Bool?
    var imageFileId: UUID?
}

public struct TestQuestionInput: Codable, Sendable {
    var organizationId: UUID?
    var kind: String?
    var text: String?
    var points: Int?
    var imageFileId: UUID?
    var competencyId: UUID?
    var options: [TestOptionInput]?
}

/// A question that passed validation, as it is stored.
struct TestQuestion: Codable, Sendable, Equatable {
    struct Option: Codable, Sendable, Equatable {
        var text: String
        var correct: Bool
        var imageFileId: UUID?
    }
    var kind: TestQuestionKind
    var text: String
    var points: Int
    var imageFileId: UUID?
    var competencyId: UUID?
    var options: [Option]

    static let maxOptions = 20

    /// Every bad field named (`options[2].text`): choices need 2–20 options, exactly one correct for a single choice,
    /// at least one for a multiple; a typed answer needs 1–20 accepted answers.
    static func validated(_ i: TestQuestionInput) throws -> TestQuestion {
        var v = Validator()
        let text = v.required(i.text, "text", max: 4000)
        let points = v.integer(i.points ?? 1, "points", 1...100) ?? 1
        let kind = TestQuestionKind(rawValue: i.kind ?? "")
        if kind == nil {
            v.add("kind", "invalid_choice", "Тип вопроса: один ответ, несколько ответов или краткий ответ")
        }
        var options: [Option] = []
        for (n, o) in (i.options ?? []).enumerated() {
            let optionText = v.required(o.text, "options[\(n)].text", max: 1000)
            options.append(
                Option(text: optionText, correct: kind == .text || o.correct == true, imageFileId: o.imageFileId))
        }
        let correct = options.filter(\.correct).count
        switch kind {
        case .single, .multiple:
            if options.count < 2 || options.count > maxOptions {
                v.add("options", "count", "Нужно от 2 до \(maxOptions) вариантов ответа")
            } else if kind == .single && correct != 1 {
                v.add("options", "one_correct", "Отметьте ровно один верный вариант")
            } else if kind == .multiple && correct == 0 {
                v.add("options", "no_correct", "Отметьте хотя бы один верный вариант")
            }
        case .text:
            if options.isEmpty || options.count > maxOptions {
                v.add("options", "count", "Укажите от 1 до \(maxOptions) верных ответов")
            }
            if options.contains(where: { $0.imageFileId != nil }) {
                v.add(
                    "options", "no_images", "У краткого ответа нет изображений: это текст, который вводит обучающийся")
            }
        case nil: break
        }
        try v.throwIfInvalid()
        return TestQuestion(
            kind: kind ?? .single, text: text, points: points, imageFileId: i.imageFileId, competencyId: i.competencyId,
            options: options)
    }

    /// The images a question refers to, for the attachability check.
    var fileIds: [UUID] { ([imageFileId] + options.map(\.imageFileId)).compactMap { $0 } }
}
