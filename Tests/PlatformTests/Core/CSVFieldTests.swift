import Foundation
import HTTPTypes
import NIOCore
import Platform
import XCTest

/// The SQL CSV writer used for the largest exports writes cells as CSVStream does.
final class CSVFieldTests: XCTestCase {
    /// `csv_text` (the applications export) quotes every field; the cell a spreadsheet reads is the same as
    /// CSVStream's. A `,` inside a field is left alone: only `;`, line breaks and tabs can start a cell inside quotes.
    func testSQLCSVTextReadsAsCSVStreamEscape() async throws {
        try await withApp { _, services in
            for value in [
                "Иванов", "a,b", "say \"hi\"", "line\nbreak", "=SUM(A1)", "+7 999", "-5", "+3.25", "@user", "-", "",
                "\"=1\"",
                "Иванов;=2+5;", "a\t=1", "-inf", "x\r\n=1", "10,-5", ";;@a", "\t1", "x;\"=15", "Корпус;\"=1+1&", "\"=1",
                "\"\"",
            ] {
                let sql = try await services.db.rows("SELECT csv_text(\(value))")[0].decode(String.self)
                XCTAssertTrue(value.isEmpty || sql.hasPrefix("\"") && sql.hasSuffix("\""), sql)
                // the line as the server sends it: PostgreSQL's cell, guarded inside by CSVStream on the bytes
                let sent = CSVStream.guardingCellStarts(ByteBuffer(string: sql)).map { String(buffer: $0) } ?? sql
                XCTAssertEqual(sent, CSVStream.escape(value), value)
            }
            try await XCTAssertEqualAsync(
                try await services.db.rows("SELECT csv_text(NULL)")[0].decode(String.self), "")
        }
    }
}
