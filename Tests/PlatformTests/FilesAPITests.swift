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

final class FilesAPITests: XCTestCase {
    func testUploadMeasuresImagesAndServesPublicFilesToEveryone() async throws {
        try await withApp { api, _ in
            let (_, token) = try await api.learner()
            let r = try await api.upload(
                bytes: Samples.png, filename: "Логотип колледжа.png", fields: ["public": "true"], token: token)
            XCTAssertEqual(r.status, .created, r.text)
            XCTAssertEqual(r["mime"] as? String, "image/png")
            XCTAssertEqual(r["width"] as? Int, 3)
            XCTAssertEqual(r["height"] as? Int, 2)
            XCTAssertEqual(r["size"] as? Int, Samples.png.count)
            let url = r["url"] as! String
            let anonymous = try await api.download(url)
            XCTAssertEqual(anonymous.status, .ok)
            XCTAssertEqual(anonymous.bytes, Samples.png)
            XCTAssertEqual(anonymous.headers[.contentType], "image/png")
            XCTAssertTrue((anonymous.headers[.contentDisposition] ?? "").contains("filename*=UTF-8''%D0%9B"))
            let again = try await api.download(url, headers: [.ifNoneMatch: anonymous.headers[.eTag] ?? ""])
            XCTAssertEqual(again.status, .notModified)
            // the same bytes again are stored once, with a second metadata row
            let second = try await api.upload(bytes: Samples.png, filename: "copy.png", token: token)
            XCTAssertEqual(second["sha256"] as? String, r["sha256"] as? String)
            XCTAssertNotEqual(second["id"] as? String, r["id"] as? String)
        }
    }

    func testPrivateOrganizationFilesAreSeenOnlyByThoseWhoMaySeeTheOrganization() async throws {
        try await withApp { api, _ in
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100011"), ogrn: Ids.ogrn13("102380000011"), email: "files@college.ru")
            let factory = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100012"), ogrn: Ids.ogrn13("102380000012"),
                email: "files@factory.ru")
            let r = try await api.upload(
                bytes: Samples.pdf, filename: "Лицензия.pdf", fields: ["organizationId": college.orgId],
                token: college.token)
            XCTAssertEqual(r.status, .created, r.text)
            let url = r["url"] as! String
            try await XCTAssertEqualAsync(try await api.download(url, token: college.token).status, .ok)
            try await XCTAssertEqualAsync(try await api.download(url, token: factory.token).status, .notFound)
            try await XCTAssertEqualAsync(try await api.download(url).status, .notFound)
            let moderator = try await api.admin(roles: ["moderator"])
            try await XCTAssertEqualAsync(try await api.download(url, token: moderator.token).status, .ok)
            // uploading into another organization is refused as if it did not exist
            let foreign = try await api.upload(
                bytes: Samples.pdf, filename: "x.pdf", fields: ["organizationId": college.orgId], token: factory.token)
            XCTAssertEqual(foreign.status, .notFound)
        }
    }

    func testBadUploadsAreClientErrorsAndLeaveNothingBehind() async throws {
        try await withApp(configure: { $0.filesMaxBytes = 1_048_576 }) { api, services in
            let (_, token) = try await api.learner()
            let disguised = try await api.upload(
                bytes: Array("<html><script>alert(1)</script></html>".utf8), filename: "photo.png", token: token)
            XCTAssertEqual(disguised.status, .unsupportedMediaType)
            XCTAssertEqual(disguised.errorFields, ["file"])
            let huge = try await api.upload(
                bytes: [UInt8](repeating: 0x25, count: 1_200_000), filename: "big.pdf", token: token)
            XCTAssertEqual(huge.status, .contentTooLarge)
            let truncated = try await api.upload(bytes: Samples.pdf, filename: "cut.pdf", token: token, truncate: true)
            XCTAssertEqual(truncated.status, .badRequest)
            let empty = try await api.upload(bytes: [], filename: "empty.pdf", token: token)
            XCTAssertEqual(empty.errorFields, ["file"])
            let brokenImage = try await api.upload(
                bytes: Array(Samples.png.prefix(12)), filename: "broken.png", token: token)
            XCTAssertEqual(brokenImage.status.code / 100, 4)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/files", ["file": "x"], token: token).status, .unsupportedMediaType)
            try await XCTAssertEqualAsync(
                try await api.upload(bytes: Samples.pdf, filename: "a.pdf", token: nil).status, .unauthorized)
            let count = try await services.db.rows("SELECT count(*)::int FROM files")[0].decode(Int.self)
            XCTAssertEqual(count, 0)
            let stored = (try? FileManager.default.subpathsOfDirectory(atPath: services.configuration.filesDir)) ?? []
            XCTAssertFalse(stored.contains { $0.hasPrefix("tmp/") }, "no temporary leftovers: \(stored)")
        }
    }
}
