import Foundation
import HTTPTypes
import Platform
import XCTest

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
