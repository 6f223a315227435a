import Foundation
import Hummingbird
import NIOCore

/// RFC 4180 CSV, UTF-8 with BOM so that Excel opens Cyrillic; rows are written as they arrive, never collected.
public enum CSVStream {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    public static func escape(_ field: String) -> String {
        // A leading =,+,-,@ would be run as a formula by spreadsheet programs.
        var f = field
        if let first = f.first, "=+-@".contains(first), Double(f) == nil { f = "'" + f }
        if f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return f
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// Whether the client asked for CSV (`Accept: text/csv` or `?format=csv`).
    public static func wanted(_ request: Request) -> Bool {
        if request.uri.queryParameters["format"] == "csv" { return true }
        return request.headers[.accept]?.lowercased().contains("text/csv") ?? false
    }

    /// A streamed CSV response: `rows` is consumed lazily while the body is written, in chunks of ~64 KiB.
    public static func response<Rows: AsyncSequence & Sendable>(
        filename: String, header: [String], rows: Rows, fields: @escaping @Sendable (Rows.Element) -> [String]
    ) -> Response where Rows.Element: Sendable {
        // the line without its CRLF: the lines variant adds it
        response(filename: filename, header: header, lines: rows.map { row in fields(row).map(escape).joined(separator: ",") })
    }

    /// A streamed CSV response of lines already formatted (by PostgreSQL's `csv_field`), for the largest exports.
    public static func response<Lines: AsyncSequence & Sendable>(filename: String, header: [String], lines: Lines) -> Response where Lines.Element == String {
        let body = ResponseBody { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(80_000)
            buffer.writeBytes(bom)
            buffer.writeString(line(header))
            for try await text in lines {
                buffer.writeString(text)
                buffer.writeStaticString("\r\n")
                if buffer.readableBytes > 65_536 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            try await writer.write(buffer)
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: body)
    }
}
