import Foundation
import PostgresNIO

public struct MarkInput: Decodable, Sendable {
    var applicationId: UUID?
    var lessonId: UUID?
    /// a grade 1–5 or attendance Н / Б / О; null clears the cell
    var mark: String?
}

public struct FinalGradeInput: Decodable, Sendable {
    var applicationId: UUID?
    /// 2–5, «зачтено», «не зачтено»; null clears
    var grade: String?
}

/// The gradebook of a group (seed 000 §10): rows are the group's learners, columns its scheduled lessons (so schedule
/// changes show at once), cells a grade or an attendance mark; the average is computed, the final grade set by hand,
/// and the interim rating is the learner's place in the group by average.
public struct GradebookService: Sendable {
    let db: Database
    let repository: GradebookRepository
    let cache: TrainingCache

    public init(db: Database, cache: TrainingCache) {
        self.db = db
        self.repository = GradebookRepository(db: db)
        self.cache = cache
    }

    static let marks: Set<String> = ["1", "2", "3", "4", "5", "Н", "Б", "О"]
    static let finalGrades: Set<String> = ["2", "3", "4", "5", "зачтено", "не зачтено"]

    /// The journal for this caller; from memory unless `fresh` (the answer of a grading request must show its change).
    public func journal(_ group: UUID, identity me: Identity, fresh: Bool = false) async throws -> (
        json: String, cached: Bool
    ) {
        let scope = "g:" + group.uuidString.lowercased()
        let read: @Sendable () async throws -> TrainingAnswer = { [repository] in
            guard let found = try await repository.journal(group), found.json.first == "{" else {
                throw Problem.notFound
            }
            return TrainingAnswer(json: found.json, org: found.org)
        }
        let answer =
            fresh
            ? (value: try await read(), cached: false) : try await cache.answer(scope, scope: scope, compute: read)
        guard let org = answer.value.org, TrainingAccess.canRead(me, org: org) else { throw Problem.notFound }
        // whether the caller may grade depends on the caller, not on the data: the cached document is shared by all
        // its readers, so this one field is put in front of its fields here rather than by the query
        return (
            "{\"canGrade\":\(TrainingAccess.canGrade(me, org: org)),\(answer.value.json.dropFirst())", answer.cached
        )
    }

    /// A learner's own marks (the application card, «Мои заявки»); the group's organization reads them too. Someone
    /// else's application, or one without a group, is not found.
    public func learnerGrades(_ application: UUID, identity me: Identity) async throws -> String {
        guard let found = try await repository.learnerGrades(application),
            found.learner == me.userId || TrainingAccess.canRead(me, org: found.org)
        else { throw Problem.notFound }
        return found.json
    }

    /// CSV: learner, one column per lesson date, average, final grade, one column per test (best percent), one per
    /// check task (the grade, or where the answer is).
    public func csvRows(_ group: UUID, identity me: Identity) async throws -> (header: [String], rows: [[String]]) {
        guard let org = try await GroupsRepository(db: db).orgId(ofGroup: group), TrainingAccess.canRead(me, org: org)
        else { throw Problem.notFound }
        let sheet = try await repository.csv(group)
        struct TestResult: Decodable { var percent: Double? }
        struct Answer: Decodable {
            var status: String
            var grade: Int?
        }
        func decoded<T: Decodable>(_ json: String, as: T.Type) -> [String: T] {
            (try? JSONDecoder().decode([String: T].self, from: Data(json.utf8))) ?? [:]
        }
        let rows = sheet.rows.map { row -> [String] in
            let marks = decoded(row.marks, as: String.self)
            let results = decoded(row.tests, as: TestResult.self)
            let answers = decoded(row.tasks, as: Answer.self)
            return [row.name] + sheet.lessons.map { marks[$0.0.uuidString.lowercased()] ?? "" }
                + [row.average, row.final]
                + sheet.tests.map { test in
                    results[test.0.uuidString.lowercased()]?.percent.map { "\(Int($0))%" } ?? ""
                }
                + sheet.tasks.map { task in
                    guard let answer = answers[task.id.uuidString.lowercased()] else { return "" }
                    guard let grade = answer.grade else { return SubmissionsRepository.statusTitle(answer.status) }
                    return CheckTaskGrading(rawValue: task.grading)?.gradeTitle(grade) ?? String(grade)
                }
        }
        let header =
            ["ФИО"] + sheet.lessons.map(\.1) + ["Средний балл", "Итоговая оценка"] + sheet.tests.map { "Тест: " + $0.1 }
            + sheet.tasks.map { "Задание: " + $0.name }
        return (header, rows)
    }

    /// The learner must be in this group — a learner of another group or organization is 404.
    func requireLearner(_ group: UUID, _ application: UUID?, _ me: Identity, on conn: PostgresConnection) async throws
        -> UUID
    {
        guard let org = try await repository.groupOrg(group, on: conn) else { throw Problem.notFound }
        try TrainingAccess.requireGrade(me, org: org)
        guard let application else {
            throw Problem.validation([FieldError("applicationId", "required", "Укажите обучающегося")])
        }
        guard try await repository.isLearner(application, group: group, on: conn) else { throw Problem.notFound }
        return application
    }

    public func setMark(_ group: UUID, _ i: MarkInput, identity me: Identity) async throws -> String {
        try await db.transaction { conn in
            let application = try await requireLearner(group, i.applicationId, me, on: conn)
            guard let lesson = i.lessonId else {
                throw Problem.validation([FieldError("lessonId", "required", "Укажите занятие")])
            }
            guard let ahead = try await repository.lessonIsAhead(lesson, ofGroup: group, on: conn) else {
                throw Problem.notFound
            }
            let mark = i.mark?.trimmingCharacters(in: .whitespaces).uppercased().nilIfEmpty
            if mark != nil, ahead {
                throw Problem.validation([
                    FieldError(
                        "lessonId", "lesson_ahead", "Занятие ещё не прошло: оценки и отметки ставят в день занятия")
                ])
            }
            if let mark, !Self.marks.contains(mark) {
                throw Problem.validation([
                    FieldError(
                        "mark", "invalid_choice",
                        "Оценка 1–5 или отметка Н (отсутствовал), Б (болел), О (опоздал)")
                ])
            }
            try await repository.setMark(mark, lesson: lesson, application: application, by: me.userId, on: conn)
        }
        return try await journal(group, identity: me, fresh: true).json
    }

    public func setFinal(_ group: UUID, _ i: FinalGradeInput, identity me: Identity) async throws -> String {
        try await db.transaction { conn in
            let application = try await requireLearner(group, i.applicationId, me, on: conn)
            let grade = i.grade?.trimmingCharacters(in: .whitespaces).lowercased().nilIfEmpty
            if let grade, !Self.finalGrades.contains(grade) {
                throw Problem.validation([
                    FieldError("grade", "invalid_choice", "Итоговая оценка: 2–5, «зачтено» или «не зачтено»")
                ])
            }
            try await repository.setFinal(grade, application: application, on: conn)
        }
        return try await journal(group, identity: me, fresh: true).json
    }
}
