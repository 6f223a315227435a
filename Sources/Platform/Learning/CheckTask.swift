import Foundation

/// How a check task is graded (seed 000 «Тип оценки»): «Зачёт/Незачёт» (grade 1 or 0), «Баллы от 1 до 5», «Баллы от
/// 1 до 10».
enum CheckTaskGrading: String, CaseIterable, Sendable {
    case passFail = "pass_fail"
    case score1to5 = "score_1_5"
    case score1to10 = "score_1_10"

    var grades: ClosedRange<Int> {
        switch self {
        case .passFail: 0...1
        case .score1to5: 1...5
        case .score1to10: 1...10
        }
    }

    var title: String {
        switch self {
        case .passFail: "Зачёт/незачёт"
        case .score1to5: "Баллы от 1 до 5"
        case .score1to10: "Баллы от 1 до 10"
        }
    }

    /// A grade as a person reads it: «зачёт», «незачёт», «4».
    func gradeTitle(_ grade: Int) -> String {
        self == .passFail ? (grade == 1 ? "зачёт" : "незачёт") : String(grade)
    }
}

/// Who may read a task or a material (seed 000 «Публичный/Открытый/Закрытый»): anyone, anyone signed in, or only its
/// organization and the learners of the groups it is given to.
enum LearningVisibility: String, CaseIterable, Sendable {
    case `public`, open, closed

    var title: String {
        switch self {
        case .public: "публичный"
        case .open: "открытый"
        case .closed: "закрытый"
        }
    }
}

/// A check task as its author sends it (seed 000 «Параметры», «Ссылки», «Файлы»).
public struct CheckTaskInput: Codable, Sendable {
    var organizationId: UUID?
    var name: String?
    var description: String?
    var lessonId: UUID?
    var competencyId: UUID?
    var visibility: String?
    var grading: String?
    var materials: [LessonMaterial]?
}

struct CheckTaskFields: Codable, Sendable, Equatable {
    static let maxMaterials = 30

    var name: String
    var description: String?
    var lessonId: UUID?
    var competencyId: UUID?
    var visibility: String
    var grading: String
    var materials: [LessonMaterial]

    var fileIds: [UUID] { materials.compactMap(\.fileId) }

    static func validated(_ i: CheckTaskInput) throws -> CheckTaskFields {
        var v = Validator()
        let name = v.required(i.name, "name", max: 500)
        let description = v.optional(i.description, "description", max: 8000)
        let visibility = i.visibility ?? LearningVisibility.closed.rawValue
        if LearningVisibility(rawValue: visibility) == nil {
            v.add("visibility", "invalid_choice", "Доступ: public, open или closed")
        }
        let grading = v.required(i.grading, "grading", max: 20)
        if !grading.isEmpty && CheckTaskGrading(rawValue: grading) == nil {
            v.add("grading", "invalid_choice", "Тип оценки: pass_fail, score_1_5 или score_1_10")
        }
        let materials = i.materials ?? []
        if materials.count > maxMaterials {
            v.add("materials", "count", "Не более \(maxMaterials) ссылок и файлов")
        }
        let checked = materials.enumerated().map { n, m in
            var m = m
            m.title = v.required(m.title, "materials[\(n)].title", max: 300)
            Self.check(m, "materials[\(n)]", &v)
            return m
        }
        try v.throwIfInvalid()
        return CheckTaskFields(
            name: name, description: description, lessonId: i.lessonId, competencyId: i.competencyId,
            visibility: visibility, grading: grading, materials: checked)
    }

    /// Whether a typed address is an http(s) link of at most 2,000 characters with a host and nothing a browser would
    /// read differently from what is shown (spaces, quotes, angle brackets, a user name before `@`).
    static func isLink(_ url: String) -> Bool {
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.unicodeScalars.count <= 2000,
            !url.contains(where: { $0.isWhitespace || "\"<>\\`".contains($0) }),
            let parsed = URL(string: url), parsed.host != nil, parsed.user == nil
        else { return false }
        return true
    }

    /// A link or a file, not both: a link is an http(s) address (`isLink`).
    static func check(_ m: LessonMaterial, _ field: String, _ v: inout Validator) {
        switch (m.url, m.fileId) {
        case (nil, nil): v.add(field, "required", "Укажите ссылку или файл")
        case (.some, .some): v.add(field, "one_of", "Укажите ссылку или файл, не оба")
        case (let url?, nil):
            if !isLink(url) { v.add(field + ".url", "invalid_url", "Ссылка в виде https://…") }
        case (nil, .some): break
        }
    }
}

/// A task given to a group, with the date its answers are due.
public struct CheckTaskAssignmentInput: Codable, Sendable {
    var groupId: UUID?
    var dueAt: Date?
}

/// A learner's answer: text, files (their own uploads), and the group it is handed in for when they are in two.
public struct CheckTaskSubmissionInput: Codable, Sendable {
    static let maxFiles = 10

    var text: String?
    var fileIds: [UUID]?
    var groupId: UUID?
}

/// A teacher's decision on an answer: a grade (`grade`, in the task's range) or a return for revision (`returned`),
/// with a comment the learner reads.
public struct CheckTaskGradeInput: Codable, Sendable {
    var grade: Int?
    var returned: Bool?
    var comment: String?
}

extension LearningAccess {
    /// Who grades answers: the organization's authors (teachers among them) and whoever grades its journals.
    static func canGrade(_ me: Identity, org: UUID) -> Bool {
        canAuthor(me, org: org) || TrainingAccess.canGrade(me, org: org)
    }
}
