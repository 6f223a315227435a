import Platform
import XCTest

final class IdentifierTests: XCTestCase {
    func testINN() {
        XCTAssertTrue(RussianIdentifiers.isValidINN("7707083893"))  // ПАО Сбербанк
        XCTAssertFalse(RussianIdentifiers.isValidINN("7707083894"))
        XCTAssertTrue(RussianIdentifiers.isValidINN("500100732259"))  // 12-digit (individual)
        XCTAssertFalse(RussianIdentifiers.isValidINN("500100732258"))
        XCTAssertFalse(RussianIdentifiers.isValidINN("77070838"))
        XCTAssertFalse(RussianIdentifiers.isValidINN("77070838a3"))
        XCTAssertFalse(RussianIdentifiers.isValidINN("７７０７０８３８９３"))  // full-width digits are not digits here
    }

    func testOGRN() {
        XCTAssertTrue(RussianIdentifiers.isValidOGRN("1027700132195"))  // ПАО Сбербанк
        XCTAssertFalse(RussianIdentifiers.isValidOGRN("1027700132196"))
        XCTAssertTrue(RussianIdentifiers.isValidOGRNIP("304500116000157"))
        XCTAssertFalse(RussianIdentifiers.isValidOGRNIP("304500116000158"))
        XCTAssertFalse(RussianIdentifiers.isValidOGRN("102770013219"))
    }

    func testKPP() {
        XCTAssertTrue(RussianIdentifiers.isValidKPP("773601001"))
        XCTAssertTrue(RussianIdentifiers.isValidKPP("7736AB001"))
        XCTAssertFalse(RussianIdentifiers.isValidKPP("77360100"))
        XCTAssertFalse(RussianIdentifiers.isValidKPP("7736ab001"))
    }

    func testSNILS() {
        XCTAssertTrue(RussianIdentifiers.isValidSNILS("112-233-445 95"))
        XCTAssertTrue(RussianIdentifiers.isValidSNILS("11223344595"))
        XCTAssertFalse(RussianIdentifiers.isValidSNILS("112-233-445 96"))
        XCTAssertFalse(RussianIdentifiers.isValidSNILS("001-001-998 00"))  // below the checked range
        XCTAssertEqual(RussianIdentifiers.formatSNILS("11223344595"), "112-233-445 95")
    }
}

final class CoreTests: XCTestCase {
    func testValidatorCollectsEveryField() {
        var v = Validator()
        _ = v.email("not-an-email", "email")
        v.password("short", "password")
        _ = v.required("  ", "lastName")
        XCTAssertEqual(v.errors.map(\.field), ["email", "password", "lastName"])
        XCTAssertThrowsError(try v.throwIfInvalid()) { error in
            XCTAssertEqual((error as? Problem)?.status, .unprocessableContent)
        }
    }

    func testPasswordRules() {
        for (password, ok) in [
            ("Сварщик-2026", true), ("Secret123", false), ("12345678", false), ("abcdefgh", false), ("Ab1", false),
        ] {
            var v = Validator()
            v.password(password, "p")
            XCTAssertEqual(v.errors.isEmpty, ok, password)
        }
    }

    func testCursorRoundTripAndGarbage() throws {
        let c = Cursor(key: "1700000000123456", id: UUID())
        XCTAssertEqual(try Cursor.decode(c.encoded()), c)
        XCTAssertThrowsError(try Cursor.decode("!!garbage!!"))
        XCTAssertNil(try Cursor.decode(nil))
    }

    func testPageRequestLimits() {
        XCTAssertThrowsError(try PageRequest(limit: "0", cursor: nil))
        XCTAssertThrowsError(try PageRequest(limit: "201", cursor: nil))
        XCTAssertThrowsError(try PageRequest(limit: "ten", cursor: nil))
        XCTAssertEqual(try PageRequest(limit: "200", cursor: nil).limit, 200)
    }

    func testCSVEscaping() {
        // every non-empty field quoted, so a `;` inside never splits a cell for Excel in a Russian locale
        XCTAssertEqual(
            CSVStream.line(["a", "b,c", "he said \"hi\"", "line\nbreak", ""]),
            "\"a\",\"b,c\",\"he said \"\"hi\"\"\",\"line\nbreak\",\r\n")
        XCTAssertEqual(CSVStream.escape("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"")  // no formula injection
        XCTAssertEqual(CSVStream.escape("Иванов;=2+5;"), "\"Иванов;'=2+5;\"")  // nor where a cell can start inside
        XCTAssertEqual(CSVStream.escape("-5"), "\"-5\"")
        XCTAssertEqual(CSVStream.escape("-inf"), "\"'-inf\"")
        XCTAssertEqual(CSVStream.escape("10,-5"), "\"10,-5\"")  // readers that split on `,` honour the quotes
        XCTAssertEqual(CSVStream.escape("x;\"=15"), "\"x;'\"\"=15\"")  // a quote does not end a cell's start
    }

    func testSQLScriptSplitting() {
        let sql = """
            -- comment; not a split
            CREATE TABLE a (x text DEFAULT 'a;b');
            /* block; comment */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            INSERT INTO a VALUES ('it''s; fine')
            """
        let statements = SQLScript.statements(sql)
        XCTAssertEqual(statements.count, 3)
        XCTAssertTrue(statements[1].contains("SELECT 1;"))
        XCTAssertTrue(statements[2].hasSuffix("'it''s; fine')"))
    }

    func testConfigurationListsEveryProblem() {
        XCTAssertThrowsError(
            try Configuration.fromEnvironment(["JWT_SECRET": "short", "PORT": "99999", "DEMO_DATA": "yes"])
        ) { error in
            let problems = (error as? Configuration.Invalid)?.problems ?? []
            XCTAssertEqual(problems.count, 4, "\(problems)")  // DATABASE_URL, JWT_SECRET, PORT, DEMO_DATA
        }
        let ok = try? Configuration.fromEnvironment([
            "DATABASE_URL": "postgres://u:p@db:5432/copp", "JWT_SECRET": String(repeating: "x", count: 32),
            "PORT": "9000",
        ])
        XCTAssertEqual(ok?.port, 9000)
        XCTAssertEqual(ok?.publicURL, "http://127.0.0.1:9000")
    }
}
