import Foundation
import ZIPFoundation

/// An Office Open XML package (DOCX, XLSX) as its parts in order: read from a ZIP, changed part by part, written back.
/// Packages are small (templates, certificates), so everything happens in memory.
public struct OfficePackage: Sendable {
    public private(set) var parts: [(path: String, data: Data)] = []

    public init() {}

    /// A new package that opens with `types[0].part`: `[Content_Types].xml` naming every part's type, and the
    /// package's relationship to its main part — written the same way by DOCX and XLSX.
    public init(types: [(part: String, contentType: String)]) {
        let overrides = types.map { "<Override PartName=\"/\($0.part)\" ContentType=\"\($0.contentType)\"/>" }
        setText(
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/>\
            \(overrides.joined())</Types>
            """)
        setText("_rels/.rels", Self.relationships([("officeDocument", types[0].part)]))
    }

    /// A relationships part: `(type, target)` pairs, the type named by its last word (`styles`, `worksheet`).
    public static func relationships(_ links: [(type: String, target: String)]) -> String {
        let items = links.enumerated().map { n, link in
            "<Relationship Id=\"rId\(n + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                + "relationships/\(link.type)\" Target=\"\(link.target)\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(items.joined())</Relationships>
            """
    }

    /// At most this many parts and bytes unpacked: a template is a few hundred kilobytes, a «ZIP bomb» is refused
    /// before it is read.
    public static let maxParts = 500
    public static let maxUnpacked = 30 * 1_048_576

    /// Nil when the bytes are not a ZIP archive (or one over the limits).
    public init?(_ bytes: Data) {
        guard let archive = try? Archive(data: bytes, accessMode: .read, pathEncoding: nil) else { return nil }
        let files = archive.filter { $0.type == .file }
        guard files.count <= Self.maxParts,
            files.reduce(0, { $0 + Int(clamping: $1.uncompressedSize) }) <= Self.maxUnpacked
        else { return nil }
        for entry in files {
            var data = Data()
            guard (try? archive.extract(entry, skipCRC32: false, consumer: { data.append($0) })) != nil else {
                return nil
            }
            parts.append((entry.path, data))
        }
    }

    public subscript(path: String) -> Data? {
        get { parts.first { $0.path == path }?.data }
        set {
            if let i = parts.firstIndex(where: { $0.path == path }) {
                if let newValue { parts[i].data = newValue } else { parts.remove(at: i) }
            } else if let newValue {
                parts.append((path, newValue))
            }
        }
    }

    /// A part as UTF-8 text (the XML parts).
    public func text(_ path: String) -> String? { self[path].map { String(decoding: $0, as: UTF8.self) } }

    public mutating func setText(_ path: String, _ text: String) { self[path] = Data(text.utf8) }

    /// The package as ZIP bytes; `[Content_Types].xml` goes first, as Office expects.
    public func zipped() throws -> Data {
        let archive = try Archive(accessMode: .create)
        let ordered = parts.sorted {
            ($0.path == "[Content_Types].xml" ? 0 : 1) < ($1.path == "[Content_Types].xml" ? 0 : 1)
        }
        for (path, data) in ordered {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                })
        }
        guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return bytes
    }
}

extension String {
    /// Text for an XML element or attribute; control characters XML 1.0 cannot hold (a pasted \u{1}) are left out,
    /// or Word and Excel would refuse the whole file.
    var xmlEscaped: String {
        var out = ""
        out.reserveCapacity(count)
        for c in self {
            if let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1, v < 0x20, v != 0x9, v != 0xA,
                v != 0xD
            {
                continue
            }
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
