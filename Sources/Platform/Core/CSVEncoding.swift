/// The text of an uploaded CSV file: UTF-8 (a byte order mark dropped) when the bytes are valid UTF-8, otherwise
/// Windows-1251 — what Excel on Russian Windows saves as «CSV (разделители — точки с запятой)». Only these two occur in
/// the region's offices; a Windows-1251 file is never valid UTF-8 when it holds Cyrillic letters (their bytes
/// 0xC0–0xFF are not followed by continuation bytes), so the check cannot take one for the other.
public enum CSVEncoding {
    public static func text(_ bytes: [UInt8]) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let utf8 = String(validating: body, as: UTF8.self) { return utf8 }
        var scalars = String.UnicodeScalarView()
        for byte in body { scalars.append(windows1251(byte)) }
        return String(scalars)
    }

    /// 0x80–0xBF of code page 1251 (0x98 is unassigned); 0xC0–0xFF are А–я in order.
    static let upper: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C,
        0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A,
        0x045A, 0x045C, 0x045B, 0x045F, 0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9,
        0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407, 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]

    static func windows1251(_ byte: UInt8) -> Unicode.Scalar {
        switch byte {
        case 0..<0x80: Unicode.Scalar(byte)
        case 0x80..<0xC0: Unicode.Scalar(upper[Int(byte) - 0x80]) ?? "\u{FFFD}"
        default: Unicode.Scalar(0x0410 + UInt32(byte) - 0xC0) ?? "\u{FFFD}"
        }
    }
}
