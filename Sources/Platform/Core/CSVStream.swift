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
        stream(filename: filename, header: header, rows) { buffer, row in buffer.writeString(fields(row).map(escape).joined(separator: ",")) }
    }

    /// A streamed CSV response of lines PostgreSQL already formatted (`csv_text`), for the largest exports: each line's
    /// bytes go out as they came, with no decoding into a String (UTF-8 checks and a copy per row, seen in profiles).
    public static func response<Lines: AsyncSequence & Sendable>(filename: String, header: [String], lines: Lines) -> Response
    where Lines.Element == ByteBuffer {
        stream(filename: filename, header: header, lines) { buffer, line in buffer.writeImmutableBuffer(line) }
    }

    static func stream<Items: AsyncSequence & Sendable>(
        filename: String, header: [String], _ items: Items, write: @escaping @Sendable (inout ByteBuffer, Items.Element) -> Void
    ) -> Response {
        let body = ResponseBody { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(80_000)
            buffer.writeBytes(bom)
            buffer.writeString(line(header))
            for try await item in items {
                write(&buffer, item)
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
