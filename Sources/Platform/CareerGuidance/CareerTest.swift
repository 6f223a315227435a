import Foundation

/// A career-guidance test as an operator writes it (SPEC §6, seed 001 §9): the whole test in one document — scales,
/// then questions whose options add points to the scales (`weights`, one number per scale in the scales' order).
public struct CareerTestInput: Codable, Sendable {
    var title: String?
    var description: String?
    var scales: [CareerScaleInput]?
    var questions: [CareerQuestionInput]?
}

public struct CareerScaleInput: Codable, Sendable {
    var name: String?
    var description: String?
    var competencyIds: [UUID]?
    var professionIds: [UUID]?
    var industryIds: [UUID]?
    var eventTagIds: [UUID]?
}

public struct CareerQuestionInput: Codable, Sendable {
    var text: String?
    var options: [CareerOptionInput]?
}

public struct CareerOptionInput: Codable, Sendable {
    var text: String?
    var weights: [Int]?
}

struct CareerScale: Codable, Sendable, Equatable {
    var name: String
    var description: String?
    var competencyIds: [UUID]
    var professionIds: [UUID]
    var industryIds: [UUID]
    var eventTagIds: [UUID]
}

struct CareerOption: Codable, Sendable, Equatable {
    var text: String
    var weights: [Int]
}

struct CareerQuestion: Codable, Sendable, Equatable {
    var text: String
    var options: [CareerOption]
}

/// The checked document; directory references are checked against the database by the service.
struct CareerTestContent: Codable, Sendable, Equatable {
    var title: String
    var description: String?
    var scales: [CareerScale]
    var questions: [CareerQuestion]

    static let scaleLimit = 2...12
    static let questionLimit = 1...200
    static let optionLimit = 2...10
    static let weightLimit = -10...10

    static func validated(_ i: CareerTestInput) throws -> CareerTestContent {
        var v = Validator()
        let title = v.required(i.title, "title", max: 300)
        let description = v.optional(i.description, "description", max: 4000)
        let scaleInputs = i.scales ?? []
        if !scaleLimit.contains(scaleInputs.count) {
            v.add("scales", "count", "Нужно от \(scaleLimit.lowerBound) до \(scaleLimit.upperBound) шкал")
        }
        let scales = scaleInputs.prefix(scaleLimit.upperBound).enumerated().map { n, s in
            CareerScale(
                name: v.required(s.name, "scales[\(n)].name", max: 200),
                description: v.optional(s.description, "scales[\(n)].description", max: 4000),
                competencyIds: s.competencyIds ?? [], professionIds: s.professionIds ?? [],
                industryIds: s.industryIds ?? [], eventTagIds: s.eventTagIds ?? [])
        }
        let questionInputs = i.questions ?? []
        if !questionLimit.contains(questionInputs.count) {
            v.add("questions", "count", "Нужно от \(questionLimit.lowerBound) до \(questionLimit.upperBound) вопросов")
        }
        let questions = questionInputs.prefix(questionLimit.upperBound).enumerated().map { n, q in
            let options = q.options ?? []
            if !optionLimit.contains(options.count) {
                v.add(
                    "questions[\(n)].options", "count",
                    "У вопроса от \(optionLimit.lowerBound) до \(optionLimit.upperBound) вариантов ответа")
            }
            return CareerQuestion(
                text: v.required(q.text, "questions[\(n)].text", max: 2000),
                options: options.prefix(optionLimit.upperBound).enumerated().map { k, o in
                    let field = "questions[\(n)].options[\(k)]"
                    let weights = o.weights ?? []
                    if weights.count != scaleInputs.count {
                        v.add("\(field).weights", "count", "Баллы нужны для каждой шкалы: \(scaleInputs.count)")
                    } else if !weights.allSatisfy(weightLimit.contains) {
                        v.add("\(field).weights", "out_of_range", "Баллы по шкале — от -10 до 10")
                    }
                    return CareerOption(text: v.required(o.text, "\(field).text", max: 500), weights: weights)
                })
        }
        try v.throwIfInvalid()
        return CareerTestContent(title: title, description: description, scales: scales, questions: questions)
    }
}

/// How a test's answers become a profile: each scale's points are the sum of the chosen options' weights, its percent
/// places them between the fewest and the most points the test can give that scale (a scale no answer moves is 0 %),
/// and the leading scales are the highest one with those within 10 points of it (at most three, none at 0 %).
struct CareerScoring: Equatable {
    /// The options of each question, each with its id and weights (questions in the test's order).
    struct Question: Sendable {
        var id: UUID
        var options: [(id: UUID, weights: [Int])]
    }

    var optionIds: [UUID]
    var scores: [Int]
    var percents: [Int]
    var leading: [Int]

    static let leadingBand = 10
    static let leadingCount = 3

    /// Scores `answers` (question id → option id); every question needs one of its own options, named in the error.
    static func score(_ questions: [Question], scales: Int, answers: [String: UUID]) throws -> CareerScoring {
        var v = Validator()
        // more answers than questions is not a person answering: one error, not one per key
        guard answers.count <= questions.count else {
            throw Problem.validation([
                FieldError("answers", "too_many", "Ответов больше, чем вопросов в тесте (\(questions.count))")
            ])
        }
        let known = Set(questions.map { $0.id.uuidString.lowercased() })
        var given: [String: UUID] = [:]
        for (key, option) in answers.sorted(by: { $0.key < $1.key }) {
            let id = key.lowercased()
            guard known.contains(id) else {
                v.add(key.count <= 36 ? "answers.\(key)" : "answers", "unknown_question", "В тесте нет такого вопроса")
                continue
            }
            // the same question written twice (in other letter case) with two answers: which one counts?
            if given.updateValue(option, forKey: id) != nil {
                v.add("answers.\(id)", "duplicate", "На вопрос дано два ответа")
            }
        }
        var chosen: [UUID] = []
        var scores = Array(repeating: 0, count: scales)
        var least = scores
        var most = scores
        for (n, q) in questions.enumerated() {
            let key = q.id.uuidString.lowercased()
            guard let answer = given[key] else {
                v.add("answers.\(key)", "required", "Ответьте на вопрос \(n + 1)")
                continue
            }
            guard let option = q.options.first(where: { $0.id == answer }) else {
                v.add("answers.\(key)", "invalid_choice", "Выберите один из вариантов вопроса \(n + 1)")
                continue
            }
            chosen.append(option.id)
            for s in 0..<scales {
                let column = q.options.map { $0.weights.indices.contains(s) ? $0.weights[s] : 0 }
                scores[s] += option.weights.indices.contains(s) ? option.weights[s] : 0
                least[s] += column.min() ?? 0
                most[s] += column.max() ?? 0
            }
        }
        try v.throwIfInvalid()
        let percents = (0..<scales).map { s -> Int in
            let range = Double(most[s] - least[s])
            guard range > 0 else { return 0 }
            return Int((Double(scores[s] - least[s]) * 100 / range).rounded())
        }
        return CareerScoring(optionIds: chosen, scores: scores, percents: percents, leading: leading(percents))
    }

    static func leading(_ percents: [Int]) -> [Int] {
        guard let top = percents.max(), top > 0 else { return [] }
        let near: [Int] = percents.indices.filter { percents[$0] > 0 && percents[$0] >= top - leadingBand }
        // the highest first; of equal ones, the scale written first
        let ordered = near.sorted { a, b in percents[a] != percents[b] ? percents[a] > percents[b] : a < b }
        return Array(ordered.prefix(leadingCount))
    }
}

/// Who writes the region's career-guidance tests and reads their results: ЦОПП's operators.
enum CareerGuidanceAccess {
    static let editors: Set<Role> = TrainingAccess.operators
}
