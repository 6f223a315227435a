import Foundation
import HTTPTypes
import Platform
import XCTest

/// Tiny but real files, built byte by byte.
enum Samples {
    /// A valid 3×2 PNG (header + IHDR; enough for type and size detection).
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2, 8,
        2, 0, 0, 0,
        0x12, 0x16, 0xF1, 0x4D, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    /// JPEG with a SOF0 segment declaring 640×480.
    static let jpeg: [UInt8] = [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
        0x00, 0x00,
        0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11,
        0x01, 0xFF, 0xD9,
    ]
}

final class ContentSnifferTests: XCTestCase {
    func testTypesComeFromBytesNotNames() {
        XCTAssertEqual(
            ContentSniffer.detect(Samples.png, filename: "x.doc"), .init(mime: "image/png", width: 3, height: 2))
        XCTAssertEqual(
            ContentSniffer.detect(Samples.jpeg, filename: "photo"), .init(mime: "image/jpeg", width: 640, height: 480))
        XCTAssertEqual(ContentSniffer.detect(Samples.pdf, filename: "a.png")?.mime, "application/pdf")
        XCTAssertEqual(ContentSniffer.detect(Array("a;b\n1;2\n".utf8), filename: "list.csv")?.mime, "text/csv")
        XCTAssertNil(ContentSniffer.detect(Array("<script>alert(1)</script>".utf8), filename: "evil.png"))
        XCTAssertNil(ContentSniffer.detect([0x4D, 0x5A, 0x90, 0x00], filename: "setup.exe"))
        // a ZIP that is not a document
        XCTAssertNil(ContentSniffer.detect([0x50, 0x4B, 0x03, 0x04, 0, 0], filename: "archive.zip"))
    }
}
