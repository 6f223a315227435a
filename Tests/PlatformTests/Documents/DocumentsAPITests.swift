import Foundation
import HTTPTypes
import Platform
import XCTest

/// The documents service through the API: a participation certificate opened as Word and as PDF, checked on the
/// public verification page; templates replaced by an administrator (and refused when they use unknown
/// placeholders); PDF without LibreOffice answers 503 while DOCX still works.
final class DocumentsAPITests: XCTestCase {
    /// A confirmed sign-up of a learner for a published event; (signup, learner token, organizer token).
    static func confirmedSignup(_ api: API, inn: String, learner email: String) async throws -> (
        signup: String, learner: String, organizer: String
    ) {
        let f = try await EventsAPITests.fixture(api, inn: inn)
        let once: [String: Any] = ["startsOn": EventsAPITests.day(4), "startTime": "12:00", "durationMinutes": 90]
        let event = try await EventsAPITests.published(
            api, f, name: "Мастер-класс «Первый шов»", EventsAPITests.complete(f, schedule: once))
        let start = (try await api.get("/api/v1/catalog/events/\(event)")["occurrences"] as! [[String: Any]])[0][
            "start"]!
        let learner = try await api.learner(email, last: "Смирнова")
        let signup =
            try await api.post(
                "/api/v1/catalog/events/\(event)/signups", ["startsAt": start], token: learner.token)["id"] as! String
        return (signup, learner.token, f.org.token)
    }

    func testACertificateOpensAsWordAndPdfAndItsCodeVerifies() async throws {
        try await withApp { api, _ in
            let (signup, learner, organizer) = try await Self.confirmedSignup(
                api, inn: "381101601", learner: "doc-visitor@example.ru")
            let path = "/api/v1/event-signups/\(signup)/certificate"
            try await XCTAssertEqualAsync(
                try await api.download(path + "?format=docx", token: learner).status, .conflict)
            _ = try await api.post("/api/v1/event-signups/\(signup)/confirm", token: organizer)
            let stranger = try await api.learner("doc-stranger@example.ru")
            try await XCTAssertEqualAsync(
                try await api.download(path + "?format=docx", token: stranger.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.download(path + "?format=doc", token: learner).status,
                .unprocessableContent)

            let docx = try await api.download(path + "?format=docx", token: learner)
            XCTAssertEqual(docx.status, .ok)
            XCTAssertTrue(docx.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            let text = try OfficeFiles.text(docx.bytes)
            XCTAssertTrue(text.contains("Смирнова Анна") && text.contains("Мастер-класс «Первый шов»"), text)
            let code = try XCTUnwrap(OfficeFiles.matches("код ([A-Z0-9]{10})", text).first, text)
            // the organizer prints it too: the same document, the same code
            let again = try OfficeFiles.text(try await api.download(path + "?format=docx", token: organizer).bytes)
            XCTAssertTrue(again.contains(code))

            if let pdfText = try OfficeFiles.pdfText(try await api.download(path, token: learner).bytes) {
                XCTAssertTrue(pdfText.contains("Смирнова Анна") && pdfText.contains(code), pdfText)
            }

            let verified = try await api.get("/api/v1/documents/verify/\(code.lowercased())")
            XCTAssertEqual(verified["valid"] as? Bool, true, verified.text)
            XCTAssertEqual(verified["person"] as? String, "Смирнова Анна")
            XCTAssertEqual(verified["kind"] as? String, "participation_certificate")
            try await XCTAssertEqualAsync(try await api.get("/api/v1/documents/verify/AAAAAAAAAA").status, .notFound)
            // a sign-up cancelled since: the page says the certificate no longer stands
            _ = try await api.post("/api/v1/event-signups/\(signup)/withdraw", token: learner)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/documents/verify/\(code)")["valid"] as? Bool, false)
        }
    }

    func testAnAdministratorReplacesATemplateAndUnknownPlaceholdersAreRefused() async throws {
        try await withApp { api, _ in
            let (signup, learner, organizer) = try await Self.confirmedSignup(
                api, inn: "381101611", learner: "doc-template@example.ru")
            _ = try await api.post("/api/v1/event-signups/\(signup)/confirm", token: organizer)
            let admin = try await api.admin()
            let moderator = try await api.admin(roles: ["moderator"])
            let kinds = try await api.get("/api/v1/document-templates", token: moderator.token)
            XCTAssertEqual(
                Set(kinds.items.map { $0["kind"] as? String }),
                [
                    "participation_certificate", "enrollment_order", "completion_certificate", "expert_sheet",
                ])
            XCTAssertTrue(kinds.items.allSatisfy { $0["custom"] as? Bool == false })
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/document-templates", token: learner).status, .forbidden)
            let current = try await api.download(
                "/api/v1/document-templates/participation_certificate", token: moderator.token)
            XCTAssertTrue(try OfficeFiles.text(current.bytes).contains("{{participant}}"))

            func upload(_ text: String) async throws -> String {
                var b = DocxBuilder()
                b.paragraph(text)
                return try await api.upload(
                    bytes: Array(try b.docx()), filename: "шаблон.docx", token: admin.token)["id"] as! String
            }
            let wrong = try await api.call(
                .put, "/api/v1/document-templates/participation_certificate",
                json: ["fileId": try await upload("Свидетельство {{participant}}, паспорт {{passport}}")],
                token: admin.token)
            XCTAssertEqual(wrong.status, .unprocessableContent)
            XCTAssertEqual(wrong.errorFields, ["fileId"])
            XCTAssertTrue(wrong.text.contains("{{passport}}"), wrong.text)
            let own = try await upload("Особый шаблон региона: {{participant}}, код {{verifyCode}}")
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/document-templates/participation_certificate", json: ["fileId": own],
                    token: moderator.token
                ).status, .forbidden)
            let replaced = try await api.call(
                .put, "/api/v1/document-templates/participation_certificate", json: ["fileId": own], token: admin.token)
            XCTAssertEqual(replaced["custom"] as? Bool, true, replaced.text)
            let printed = try OfficeFiles.text(
                try await api.download("/api/v1/event-signups/\(signup)/certificate?format=docx", token: learner).bytes)
            XCTAssertTrue(printed.contains("Особый шаблон региона: Смирнова Анна, код "), printed)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/document-templates/participation_certificate", token: admin.token)
                    .status, .noContent)
            let back = try OfficeFiles.text(
                try await api.download("/api/v1/event-signups/\(signup)/certificate?format=docx", token: learner).bytes)
            XCTAssertTrue(back.contains("СВИДЕТЕЛЬСТВО"), back)
        }
    }

    func testWithoutLibreOfficePdfIs503AndDocxStillWorks() async throws {
        try await withApp(configure: { $0.soffice = nil }) { api, _ in
            let (signup, learner, organizer) = try await Self.confirmedSignup(
                api, inn: "381101621", learner: "doc-nopdf@example.ru")
            _ = try await api.post("/api/v1/event-signups/\(signup)/confirm", token: organizer)
            let pdf = try await api.get("/api/v1/event-signups/\(signup)/certificate?format=pdf", token: learner)
            XCTAssertEqual(pdf.status, .serviceUnavailable)
            XCTAssertEqual(pdf.code, "pdf_unavailable")
            XCTAssertTrue(pdf.text.contains("LibreOffice"), pdf.text)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/event-signups/\(signup)/certificate?format=docx", token: learner)
                    .status, .ok)
        }
    }
}
