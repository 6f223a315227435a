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

    /// Text in Windows-1251 as Excel on Russian Windows saves it (Cyrillic letters and ASCII only).
    static func windows1251(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { s in
            switch s.value {
            case 0..<0x80: UInt8(s.value)
            case 0x0401: 0xA8
            case 0x0451: 0xB8
            default: UInt8(0xC0 + s.value - 0x0410)
            }
        }
    }

    func testUploadsAreReadAsUTF8OrWindows1251AndExcelDatesAsISO() {
        XCTAssertEqual(CSVEncoding.text(Array("\u{FEFF}Фамилия;Имя".utf8)), "Фамилия;Имя", "the byte order mark goes")
        XCTAssertEqual(CSVEncoding.text(Self.windows1251("Ёлкина;Алёна;Щукин;ЯЮЭ")), "Ёлкина;Алёна;Щукин;ЯЮЭ")
        XCTAssertEqual(CSVEncoding.text([0xAB, 0xB9, 0x20, 0x35, 0xBB, 0x96]), "«№ 5»–")
        XCTAssertEqual(ApplicationBatch.isoDate("14.05.1990"), "1990-05-14")
        XCTAssertEqual(ApplicationBatch.isoDate("1990-05-14"), "1990-05-14")
        XCTAssertEqual(ApplicationBatch.isoDate("14.5.1990"), "14.5.1990", "left for the date check to name")
    }

    func testRussianPluralForms() {
        let forms = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1_001].map {
            RussianPlural.count($0, "заявка", "заявки", "заявок")
        }
        XCTAssertEqual(
            forms,
            [
                "0 заявок", "1 заявка", "2 заявки", "4 заявки", "5 заявок", "11 заявок", "12 заявок", "14 заявок",
                "21 заявка", "22 заявки", "25 заявок", "101 заявка", "111 заявок", "1001 заявка",
            ])
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
