import Foundation

/// Recognises a file's type from its bytes (never from the name or the client's Content-Type) and measures images.
public enum ContentSniffer {
    public struct Kind: Sendable, Equatable {
        public var mime: String
        public var width: Int?
        public var height: Int?
        public var isImage: Bool { mime.hasPrefix("image/") }
        public init(mime: String, width: Int? = nil, height: Int? = nil) {
            self.mime = mime
            self.width = width
            self.height = height
        }
    }

    /// nil when the bytes are not one of the allowed types.
    public static func detect(_ b: [UInt8], filename: String) -> Kind? {
        func starts(_ p: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + p.count && Array(b[offset..<offset + p.count]) == p
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), b.count >= 24 {
            return Kind(mime: "image/png", width: be32(b, 16), height: be32(b, 20))
        }
        if starts([0xFF, 0xD8, 0xFF]) { return jpeg(b) }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)), b.count >= 10 {
            return Kind(mime: "image/gif", width: Int(b[6]) | Int(b[7]) << 8, height: Int(b[8]) | Int(b[9]) << 8)
        }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return webp(b) }
        if starts(Array("%PDF-".utf8)) { return Kind(mime: "application/pdf") }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return zipDocument(b) }
        let ext = filename.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if ["txt", "csv"].contains(ext), !b.contains(0), String(validating: b, as: UTF8.self) != nil {
            return Kind(mime: ext == "csv" ? "text/csv" : "text/plain")
        }
        return nil
    }

    static func be32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
    }
    static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func le24(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }

    /// Walks JPEG segments to the first start-of-frame marker, which carries the dimensions.
    static func jpeg(_ b: [UInt8]) -> Kind? {
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 {
                i += 2
                continue
            }
            let length = be16(b, i + 2)
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                return Kind(mime: "image/jpeg", width: be16(b, i + 7), height: be16(b, i + 5))
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    static func webp(_ b: [UInt8]) -> Kind? {
        guard b.count >= 30 else { return nil }
        let chunk = String(decoding: b[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8 ": return Kind(mime: "image/webp", width: le16(b, 26) & 0x3FFF, height: le16(b, 28) & 0x3FFF)
        case "VP8L":
            let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
            return Kind(mime: "image/webp", width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X": return Kind(mime: "image/webp", width: le24(b, 24) + 1, height: le24(b, 27) + 1)
        default: return nil
        }
    }

    /// Office Open XML and OpenDocument files are ZIP archives; member names (stored uncompressed) tell which.
    static func zipDocument(_ b: [UInt8]) -> Kind? {
        // OpenDocument stores an uncompressed "mimetype" member first
        if b.count > 80, String(decoding: b[30..<38], as: UTF8.self) == "mimetype" {
            let value = String(decoding: b[38..<min(b.count, 100)], as: UTF8.self)
            for mime in ["application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"]
            where value.hasPrefix(mime) {
                return Kind(mime: mime)
            }
        }
        func contains(_ name: String) -> Bool {
            let needle = Array(name.utf8)
            guard b.count >= needle.count else { return false }
            outer: for i in 0...(b.count - needle.count) where b[i] == needle[0] {
                for j in 1..<needle.count where b[i + j] != needle[j] { continue outer }
                return true
            }
            return false
        }
        if contains("word/document.xml") {
            return Kind(mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        if contains("xl/workbook.xml") {
            return Kind(mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        if contains("ppt/presentation.xml") {
            return Kind(mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation")
        }
        return nil
    }
}
