import XCTest

@testable import Platform

/// How answers become a profile, without a database: percents between the fewest and the most points a test can give
/// each scale, the leading scales, and every unanswered or foreign answer named.
final class CareerScoringTests: XCTestCase {
    let q1 = UUID()
    let q2 = UUID()
    let a = (UUID(), UUID(), UUID())
    let b = (UUID(), UUID())

    /// Question 1 adds to scale 0 or 1 (or takes one from scale 0); question 2 adds 2 to scale 2 or nothing.
    var questions: [CareerScoring.Question] {
        [
            .init(id: q1, options: [(a.0, [2, 0, 0]), (a.1, [0, 2, 0]), (a.2, [-1, 1, 0])]),
            .init(id: q2, options: [(b.0, [0, 0, 2]), (b.1, [0, 0, 0])]),
        ]
    }

    func testPercentsPlaceThePointsBetweenTheFewestAndTheMostTheTestGives() throws {
        let s = try CareerScoring.score(
            questions, scales: 3, answers: [q1.uuidString: a.2, q2.uuidString.lowercased(): b.0])
        XCTAssertEqual(s.optionIds, [a.2, b.0])
        XCTAssertEqual(s.scores, [-1, 1, 2])
        // scale 0 spans -1…2: -1 is 0 %; scale 1 spans 0…2: 1 is 50 %; scale 2 spans 0…2: 2 is 100 %
        XCTAssertEqual(s.percents, [0, 50, 100])
        XCTAssertEqual(s.leading, [2], "50 % is more than 10 points below 100 %")
    }

    func testLeadingScalesAreTheHighestAndThoseWithinTenPointsAtMostThreeNoneAtZero() {
        XCTAssertEqual(CareerScoring.leading([40, 75, 80, 69, 0]), [2, 1], "69 is more than 10 below 80")
        XCTAssertEqual(
            CareerScoring.leading([50, 50, 50, 50]), [0, 1, 2], "ties keep the scales' order, three at most")
        XCTAssertEqual(CareerScoring.leading([0, 0]), [], "no scale stands out")
        XCTAssertEqual(CareerScoring.leading([5, 0]), [0])
    }

    func testEveryQuestionNeedsOneOfItsOwnOptions() {
        let stranger = UUID()
        do {
            _ = try CareerScoring.score(questions, scales: 3, answers: [q1.uuidString: b.0, stranger.uuidString: a.0])
            XCTFail("scored a wrong answer")
        } catch let problem as Problem {
            XCTAssertEqual(
                Set(problem.errors.map(\.field)),
                [
                    "answers.\(q1.uuidString.lowercased())", "answers.\(q2.uuidString.lowercased())",
                    "answers.\(stranger.uuidString)",
                ])
            XCTAssertEqual(
                Set(problem.errors.map(\.code)), ["invalid_choice", "required", "unknown_question"])
        } catch { XCTFail("\(error)") }
    }

    func testTheDocumentNamesEveryBadField() {
        let input = CareerTestInput(
            title: " ", description: nil,
            scales: [CareerScaleInput(name: "Техника")],
            questions: [
                CareerQuestionInput(
                    text: "Что интереснее?", options: [CareerOptionInput(text: "Станки", weights: [2, 0])]),
                CareerQuestionInput(
                    text: "", options: [CareerOptionInput(text: "", weights: [11]), CareerOptionInput(text: "Люди")]),
            ])
        do {
            _ = try CareerTestContent.validated(input)
            XCTFail("took a bad document")
        } catch let problem as Problem {
            XCTAssertEqual(
                Set(problem.errors.map(\.field)),
                [
                    "title", "scales", "questions[0].options", "questions[0].options[0].weights", "questions[1].text",
                    "questions[1].options[0].text", "questions[1].options[0].weights",
                    "questions[1].options[1].weights",
                ])
        } catch { XCTFail("\(error)") }
    }
}
