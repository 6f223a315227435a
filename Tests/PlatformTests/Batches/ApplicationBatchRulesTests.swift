import XCTest

@testable import Platform

/// The checks of a mass application's rows, without a database: each error named by row and column.
final class ApplicationBatchRulesTests: XCTestCase {
    func testRussianHeadersMapToFieldsAndUnknownOrMissingColumnsAreNamed() throws {
        let csv =
            "Фамилия,Имя,E-mail,СНИЛС,Должность,Пол\n"
            + "Иванов,Иван,ivanov@example.ru,\(Ids.snils(123_456_789)),Токарь,М\n"
        let rows = try ApplicationBatch.rows(csv: csv)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].lastName, "Иванов")
        XCTAssertEqual(rows[0].position, "Токарь")
        XCTAssertThrowsError(try ApplicationBatch.rows(csv: "Фамилия,Имя,Стаж\nИванов,Иван,3\n")) { error in
            let problem = error as? Problem
            let messages = problem?.errors.map(\.message) ?? []
            XCTAssertTrue(messages.contains("Неизвестный столбец «Стаж»"), "\(messages)")
            XCTAssertTrue(messages.contains("Нет столбца «СНИЛС»"), "\(messages)")
        }
    }

    func testEveryRowIsCheckedAndDuplicatesNameTheFirstRow() {
        let good = Ids.snils(123_456_789)
        let rows = [
            BatchRow(
                lastName: "Иванов", firstName: "Иван", email: "a@example.ru", snils: good, position: "Токарь",
                sex: "ж"),
            BatchRow(
                lastName: "Петров", firstName: "Пётр", email: "A@example.ru", snils: "123-456-789 00",
                position: "Фрезеровщик", sex: "x"),
            BatchRow(lastName: "", firstName: "Олег", email: "c@example.ru", snils: good, position: "Слесарь"),
        ]
        let (clean, errors) = ApplicationBatch.validate(rows)
        let fields = Set(errors.map(\.field))
        XCTAssertEqual(clean.sex[0], "female")
        XCTAssertTrue(fields.contains("rows[1].email"), "the same address in another case is a duplicate: \(fields)")
        XCTAssertTrue(fields.contains("rows[1].snils"), "wrong check number: \(fields)")
        XCTAssertTrue(fields.contains("rows[1].sex"))
        XCTAssertTrue(fields.contains("rows[2].lastName"))
        XCTAssertTrue(fields.contains("rows[2].snils"), "the SNILS of row 1 again: \(fields)")
        XCTAssertFalse(fields.contains { $0.hasPrefix("rows[0]") }, "row 0 is valid: \(fields)")
    }
}
