import XCTest

@testable import Platform

/// The question rules without a database: options per kind, every bad field named.
final class TestQuestionRulesTests: XCTestCase {
    func fields(_ input: TestQuestionInput) -> Set<String> {
        do {
            _ = try TestQuestion.validated(input)
            return []
        } catch let problem as Problem {
            return Set(problem.errors.map(\.field))
        } catch {
            return ["unexpected"]
        }
    }

    func option(_ text: String?, _ correct: Bool = false) -> TestOptionInput {
        TestOptionInput(text: text, correct: correct, imageFileId: nil)
    }

    func testEachKindNeedsItsOptions() {
        XCTAssertEqual(fields(.init(kind: "single", text: "В?", options: [option("А", true), option("Б")])), [])
        XCTAssertEqual(fields(.init(kind: "single", text: "В?", options: [option("А", true)])), ["options"])
        XCTAssertEqual(fields(.init(kind: "single", text: "В?", options: [option("А"), option("Б")])), ["options"])
        XCTAssertEqual(
            fields(.init(kind: "multiple", text: "В?", options: [option("А", true), option("Б", true)])), [])
        XCTAssertEqual(fields(.init(kind: "multiple", text: "В?", options: [option("А"), option("Б")])), ["options"])
        XCTAssertEqual(fields(.init(kind: "text", text: "В?", options: [option("ответ")])), [])
        XCTAssertEqual(fields(.init(kind: "text", text: "В?", options: [])), ["options"])
        let many = (0...TestQuestion.maxOptions).map { option("в\($0)", $0 == 0) }
        XCTAssertEqual(fields(.init(kind: "single", text: "В?", options: many)), ["options"])
    }

    func testBadFieldsAreNamedTogether() {
        XCTAssertEqual(
            fields(.init(kind: "essay", text: "", points: 101, options: [option(nil)])),
            ["kind", "text", "points", "options[0].text"])
    }

    func testTypedAnswersAreAllCorrect() throws {
        let q = try TestQuestion.validated(.init(kind: "text", text: "В?", options: [option("а"), option("б")]))
        XCTAssertEqual(q.options.map(\.correct), [true, true])
        XCTAssertEqual(q.points, 1)
    }
}
