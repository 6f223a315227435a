import Foundation
import PostgresNIO

/// Answering the questionnaire in force for a purpose — the expert sheet, a learner's rating of a program, the
/// e-monitoring after a group — inside the caller's transaction: the answers checked against its current version (held
/// shared, so an edit waits), kept with that version, scored.
struct QuestionnaireAnswering: Sendable {
    let db: Database
    var repository: QuestionnairesRepository { QuestionnairesRepository(db: db) }

    struct Answered: Sendable {
        var response: UUID
        var score: Int?
    }

    /// The questionnaire in force for `purpose` (the latest put in force).
    func inForce(_ purpose: String, on conn: PostgresConnection? = nil) async throws -> UUID? {
        try await repository.inForce(purpose, on: conn)
    }

    /// Keeps the response about `subject`; nil when the person answered this questionnaire about it already. 409
    /// `no_questionnaire` when none is in force; 422 naming each unanswered or wrong answer.
    func answer(
        _ purpose: String, questionnaire: UUID? = nil, respondent: UUID, subject: UUID?,
        answers: [String: JSONValue]?, on conn: PostgresConnection
    ) async throws -> Answered? {
        let chosen = if let questionnaire { questionnaire } else { try await inForce(purpose, on: conn) }
        guard let id = chosen, let form = try await repository.forAnswering(id, on: conn), form.meta.status == "active"
        else { throw Problem.conflict("Анкета сейчас не действует", code: "no_questionnaire") }
        let checked = try form.content.checked(answers ?? [:])
        guard
            let response = try await repository.insertResponse(
                id, version: form.meta.currentVersion, respondent: respondent, subject: subject, answers: checked,
                on: conn)
        else { return nil }
        return Answered(response: response, score: form.content.score(checked))
    }
}

extension QuestionnaireContent {
    /// A response's score: the mean of its scale answers, each placed between its scale's ends, as 0–100; none
    /// without scale answers.
    func score(_ answers: [String: JSONValue]) -> Int? {
        let marks = questions.compactMap { q -> Double? in
            guard q.kind == "scale", let lo = q.min, let hi = q.max, hi > lo,
                case .number(let n) = answers[q.key!] ?? .null
            else { return nil }
            return (n - Double(lo)) / Double(hi - lo)
        }
        guard !marks.isEmpty else { return nil }
        return Int((marks.reduce(0, +) / Double(marks.count) * 100).rounded())
    }
}
