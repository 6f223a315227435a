import Foundation
import HTTPTypes
import Platform
import XCTest

/// Data that leaked where it should not: formulas into spreadsheets, private files onto the public site, comments
/// from people who only read.
final class ExposureAPITests: XCTestCase {
    /// Excel in a Russian locale splits on `;`: `Иванов;=2+5;` left unquoted became a live formula cell.
    func testExportsQuoteTextAndNeutraliseFormulasInsideFields() async throws {
        try await withApp { api, _ in
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100331"), ogrn: Ids.ogrn13("102380000331"), email: "csv@college.ru")
            let made = try await api.post(
                "/api/v1/organizations/\(college.orgId)/object-groups", ["name": "Иванов;=2+5;", "address": "@SUM(1)"],
                token: college.token)
            XCTAssertEqual(made.status, .created, made.text)
            let csv = try await api.get(
                "/api/v1/organizations/\(college.orgId)/object-groups?format=csv", token: college.token
            ).text
            XCTAssertTrue(csv.contains("\"Иванов;'=2+5;\""), csv)
            XCTAssertTrue(csv.contains("\"'@SUM(1)\""), csv)
            XCTAssertFalse(csv.contains(";=2"), csv)
        }
    }

    /// A CSV header of thousands of unknown columns: a short answer (was one error per column, 28 MB for 200,000).
    func testABatchHeaderOfThousandsOfColumnsGetsAShortAnswer() async throws {
        try await withApp { api, _ in
            let (_, learner) = try await api.learner()
            let header = (0..<5000).map { "x\($0)" }.joined(separator: ";") + "\r\n"
            let r = try await api.call(
                .post, "/api/v1/application-batches?programId=\(UUID())&kind=employees", raw: header, token: learner,
                headers: [.contentType: "text/csv"])
            XCTAssertEqual(r.status, .unprocessableContent)
            XCTAssertEqual(r.errorFields.count, 20)
            XCTAssertLessThan(r.text.utf8.count, 10_000)
        }
    }

    /// Coordinators and experts read applications; only the person and those who work it (the organization, ЦОПП staff,
    /// moderators — seed 000 gives them the region's applications) write in them.
    func testOnlyThePartiesCommentOnAnApplication() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await TrainingAPITests.college(
                api, services, inn: "381100332", ogrn: "102380000332", email: "talk@college.ru",
                program: "Токарное дело")
            let learner = try await api.learner("talk@example.ru")
            let app =
                try await api.post("/api/v1/programs/\(a.programId)/applications", token: learner.token)["id"]
                as! String
            let path = "/api/v1/applications/\(app)/comments"
            let reader = try await api.admin(roles: ["coordinator"])
            try await XCTAssertEqualAsync(try await api.get(path, token: reader.token).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.post(path, ["body": "Заметка"], token: reader.token).status, .forbidden)
            let moderator = try await api.admin(roles: ["moderator"])
            try await XCTAssertEqualAsync(
                try await api.post(path, ["body": "Проверьте СНИЛС"], token: moderator.token).status, .created)
            let expert = try await api.admin(roles: ["expert"])
            try await XCTAssertEqualAsync(
                try await api.post(path, ["body": "Заметка"], token: expert.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post(path, ["body": "Когда начало?"], token: learner.token).status, .created)
            try await XCTAssertEqualAsync(
                try await api.post(path, ["body": "С 1 февраля"], token: a.org.token).status, .created)
        }
    }

    /// A material's file is public only while its program is published, and only the organization's own files attach.
    func testMaterialFilesArePublicOnlyWithThePublishedProgram() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let dev = try await developer(
                api, services, inn: "381100333", ogrn: "102380000333", email: "mat@college.ru")
            let other = try await developer(
                api, services, inn: "381100334", ogrn: "102380000334", email: "mat@other.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let secret =
                try await api.upload(
                    bytes: Array("Приказ о зарплате".utf8), filename: "salary.txt",
                    fields: ["organizationId": dev.orgId], token: dev.token)["id"] as! String
            let foreign =
                try await api.upload(
                    bytes: Array("Чужой файл".utf8), filename: "other.txt",
                    fields: ["organizationId": other.orgId], token: other.token)["id"] as! String
            let draft =
                try await api.post("/api/v1/programs", ["fullName": "Черновик с материалом"], token: dev.token)["id"]
                as! String
            let attached = try await api.post(
                "/api/v1/programs/\(draft)/materials", ["title": "Приказ", "fileId": secret], token: dev.token)
            XCTAssertEqual(attached.status, .created, attached.text)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/files/\(secret)").status, .notFound)
            let stolen = try await api.post(
                "/api/v1/programs/\(draft)/materials", ["title": "Чужое", "fileId": foreign], token: dev.token)
            XCTAssertEqual(stolen.errorFields, ["fileId"], stolen.text)
            // nor as a lesson's material in a module
            let module = try await api.post("/api/v1/modules", ["name": "Модуль"], token: dev.token)["id"] as! String
            let topic =
                (try await api.post("/api/v1/modules/\(module)/topics", ["name": "Тема"], token: dev.token)["topics"]
                as! [[String: Any]])[0]["id"] as! String
            let lesson = try await api.post(
                "/api/v1/modules/\(module)/topics/\(topic)/lessons",
                [
                    "name": "Урок", "kind": "lecture", "hours": 2,
                    "materials": [["title": "Чужое", "fileId": foreign]],
                ], token: dev.token)
            XCTAssertEqual(lesson.errorFields, ["materials[0].fileId"], lesson.text)

            let kind =
                try await api.get("/api/v1/directories/program_kinds?q=повышение квалификации&limit=1").items.first?[
                    "id"] as! String
            let form =
                try await api.get("/api/v1/directories/study_forms?q=очная&limit=1").items.first?["id"] as! String
            let published = try await publishedProgram(
                api, developer: dev.token, moderator: moderator.token, name: "Программа с материалом",
                description: String(repeating: "Описание программы для проверки. ", count: 4),
                kind: kind, form: form)
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/programs/\(published)/materials", ["title": "Памятка", "fileId": secret],
                    token: dev.token
                ).status, .conflict)
            try await services.db.execute(
                """
                INSERT INTO program_materials (program_id, title, file_id,
                  position) VALUES (\(UUID(uuidString: published)!), 'Памятка', \(UUID(uuidString: secret)!), 1)
                """
            )
            try await XCTAssertEqualAsync(try await api.get("/api/v1/files/\(secret)").status, .ok)
            _ = try await api.post("/api/v1/programs/\(published)/archive", token: dev.token)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/files/\(secret)").status, .notFound)
        }
    }
}
