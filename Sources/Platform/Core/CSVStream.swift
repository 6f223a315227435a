import Foundation
import Hummingbird
import NIOCore

/// RFC 4180 CSV, UTF-8 with BOM so that Excel opens Cyrillic; rows are written as they arrive, never collected.
public enum CSVStream {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Characters that make a spreadsheet read a cell as a formula (OWASP's list): `=`, `+`, `-`, `@`, tab, CR.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]
    /// Where a cell can start inside a quoted field: Excel in a Russian locale splits a comma-separated file on `;`,
    /// and once a quote falls out of step, after `;` or a line break a new cell begins; a tab starts one for readers
    /// that guess tab-separated values. A `,` does not: readers that split on it honour the quotes.
    static let separators: Set<Character> = [";", "\t", "\n", "\r", "\r\n"]

    /// Every non-empty field quoted (RFC 4180), and a `'` wherever a cell can start (at the beginning, and after a
    /// separator inside the field) when a formula character follows, quotes in between or not: `;"=1` reads as a
    /// formula to a reader splitting on `;`. A plain number (`-5`, `+3.25`) is left as it is.
    public static func escape(_ field: String) -> String {
        if field.isEmpty { return field }
        let chars = Array(field)
        var out = "\""
        out.reserveCapacity(field.utf8.count + 4)
        var cellStart = !isPlainNumber(field)
        for (i, c) in chars.enumerated() {
            if cellStart, let next = chars[i...].first(where: { $0 != "\"" }), formulaStarts.contains(next) {
                out.append("'")
            }
            cellStart = separators.contains(c)
            if c == "\"" { out.append("\"\"") } else { out.append(c) }
        }
        out.append("\"")
        return out
    }

    /// `-5`, `+3.25`: what csv_text (migration 0017) also leaves as it is (not `-inf`, `1e5` or `0x1p3`).
    static func isPlainNumber(_ s: String) -> Bool {
        let unsigned = s.utf8.drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        guard s.utf8.count - unsigned.count <= 1 else { return false }
        let parts = unsigned.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return (1...2).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { (48...57).contains($0) } }
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
        stream(filename: filename, header: header, rows) { buffer, row in
            buffer.writeString(fields(row).map(escape).joined(separator: ","))
        }
    }

    /// A streamed CSV response of lines PostgreSQL already formatted (`csv_text`: quoted fields, guarded starts), for
    /// the largest exports: each line's bytes go out as they came, with no decoding into a String (UTF-8 checks and a
    /// copy per row, seen in profiles), only scanned for cell starts inside fields (`guardingCellStarts`).
    public static func response<Lines: AsyncSequence & Sendable>(filename: String, header: [String], lines: Lines)
        -> Response
    where Lines.Element == ByteBuffer {
        stream(filename: filename, header: header, lines) { buffer, line in
            buffer.writeImmutableBuffer(guardingCellStarts(line) ?? line)
        }
    }

    /// A line of quoted fields with a `'` after every separator that a formula character follows (what `escape` does
    /// inside a field), or nil when there is none, as almost always. Done here on the bytes because in SQL the check
    /// cost PostgreSQL more than the rest of the export (migration 0017).
    public static func guardingCellStarts(_ line: ByteBuffer) -> ByteBuffer? {
        line.withUnsafeReadableBytes { bytes -> ByteBuffer? in
            func isSeparator(_ b: UInt8) -> Bool { b == 0x3B || b == 0x0A || b == 0x09 || b == 0x0D }
            func isFormula(_ b: UInt8) -> Bool {
                b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D
            }
            func guarded(_ i: Int) -> Bool {
                guard isSeparator(bytes[i - 1]) else { return false }
                var j = i
                while j < bytes.count && bytes[j] == 0x22 { j += 1 }  // quotes do not end a cell's start
                return j < bytes.count && isFormula(bytes[j])
            }
            guard bytes.count > 1, (1..<bytes.count).contains(where: guarded) else { return nil }
            var out = ByteBuffer()
            out.reserveCapacity(bytes.count + 8)
            for i in 0..<bytes.count {
                if i > 0 && guarded(i) { out.writeInteger(UInt8(ascii: "'")) }
                out.writeInteger(bytes[i])
            }
            return out
        }
    }

    static func stream<Items: AsyncSequence & Sendable>(
        filename: String, header: [String], _ items: Items,
        write: @escaping @Sendable (inout ByteBuffer, Items.Element) -> Void
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
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\"",
            ],
            body: body)
    }
}
