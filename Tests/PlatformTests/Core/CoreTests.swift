import Platform
import XCTest

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
