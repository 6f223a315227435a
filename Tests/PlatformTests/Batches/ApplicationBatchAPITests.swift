import Foundation
import HTTPTypes
import NIOCore
import Platform
import XCTest

/// Mass applications: every row checked, all or nothing, JSON or CSV.
final class ApplicationBatchAPITests: XCTestCase {
    func testAnEmployerSubmitsEmployeesAllOrNothing() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await TrainingAPITests.college(
                api, services, inn: "381100096", ogrn: "102380000096", email: "college-d@training.ru",
                program: "Охрана труда")
            let employer = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100097"), ogrn: Ids.ogrn13("102380000097"), email: "hr@factory.ru")
            let token = try await api.login("hr@factory.ru")
            func row(_ i: Int, snils: String? = nil, email: String? = nil) -> [String: Any] {
                [
                    "lastName": "Сотрудник\(i)", "firstName": "Иван", "email": email ?? "worker\(i)@factory.ru",
                    "snils": snils ?? Ids.snils(200_000_000 + i),
                    "position": "Слесарь",
                ]
            }
            // errors by row and column; nothing is written
            let bad = try await api.post(
                "/api/v1/application-batches",
                [
                    "programId": a.programId, "kind": "employees",
                    "rows": [
                        row(1), row(2, snils: "112-233-445 00"), row(3, email: "worker1@factory.ru"),
                        ["lastName": "", "email": "x"],
                    ],
                ], token: token)
            XCTAssertEqual(bad.status, .unprocessableContent, bad.text)
            XCTAssertEqual(
                Set(bad.errorFields),
                [
                    "rows[1].snils", "rows[2].email", "rows[3].lastName", "rows[3].firstName", "rows[3].email",
                    "rows[3].snils", "rows[3].position",
                ], bad.text)
            try await XCTAssertEqualAsync(
                try await services.db.rows("SELECT count(*) FROM applications")[0].decode(Int.self), 0)

            let rows = (1...300).map { row($0) }
            let created = try await api.post(
                "/api/v1/application-batches", ["programId": a.programId, "kind": "employees", "rows": rows],
                token: token)
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertEqual(created["size"] as? Int, 300)
            XCTAssertEqual(created["status"] as? String, "submitted")
            XCTAssertEqual((created["counts"] as? [String: Int])?["new"], 300)
            let batch = created["id"] as! String
            let desk = try await api.get("/api/v1/applications?batchId=\(batch)&limit=200", token: a.org.token)
            XCTAssertEqual(desk.items.count, 200)
            XCTAssertEqual(desk.items.first?["position"] as? String, "Слесарь")
            // the employer follows its people through the batch, and only there
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?batchId=\(batch)&limit=5", token: token).items.count, 5)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?limit=5", token: token).items.count, 0)
            let mail = try await api.lastMail(to: "worker7@factory.ru")
            XCTAssertEqual(mail?.subject, "Заявка на обучение")

            // the same people again: each named as already applied
            let again = try await api.post(
                "/api/v1/application-batches",
                ["programId": a.programId, "kind": "employees", "rows": [row(5), row(301)]], token: token)
            XCTAssertEqual(again.errorFields, ["rows[0].email"], again.text)

            // CSV as Excel saves it: BOM, semicolons, quoted values
            let csv =
                "\u{FEFF}Фамилия;Имя;Отчество;E-mail;СНИЛС;Должность\r\n"
                + "\"Петрова\";Мария;Ивановна;maria@factory.ru;\(Ids.snils(300_000_001));\"Мастер; участок 2\"\r\n"
                + "Сидоров;Пётр;;petr@factory.ru;\(Ids.snils(300_000_002));Токарь\r\n"
            let uploaded = try await api.call(
                .post, "/api/v1/application-batches?programId=\(a.programId)&kind=employees", raw: csv, token: token,
                headers: [.contentType: "text/csv; charset=utf-8"])
            XCTAssertEqual(uploaded.status, .created, uploaded.text)
            XCTAssertEqual(uploaded["size"] as? Int, 2)
            let maria = try await api.get("/api/v1/applications?q=петрова", token: a.org.token).items.first
            XCTAssertEqual(maria?["position"] as? String, "Мастер; участок 2")
            // the same as Excel on Russian Windows saves it: Windows-1251, dates as ДД.ММ.ГГГГ
            let cp1251 = ApplicationBatchRulesTests.windows1251(
                "Фамилия;Имя;Отчество;E-mail;СНИЛС;Должность;Дата рождения\r\n"
                    + "Ёлкина;Алёна;;alena@factory.ru;\(Ids.snils(300_000_003));Мастер цеха;14.05.1990\r\n")
            let excel = try await api.call(
                .post, "/api/v1/application-batches?programId=\(a.programId)&kind=employees", bytes: cp1251,
                token: token, headers: [.contentType: "text/csv"])
            XCTAssertEqual(excel.status, .created, excel.text)
            let alena = try await api.get("/api/v1/applications?q=ёлкина", token: a.org.token).items.first
            XCTAssertEqual(alena?["position"] as? String, "Мастер цеха", "Windows-1251 is read as such")
            XCTAssertEqual(alena?["name"] as? String, "Ёлкина Алёна")
            let wrongHeader = try await api.call(
                .post, "/api/v1/application-batches?programId=\(a.programId)&kind=employees",
                raw: "Фамилия;Имя\r\nА;Б\r\n",
                token: token, headers: [.contentType: "text/csv"])
            XCTAssertEqual(wrongHeader.status, .unprocessableContent)
            XCTAssertTrue(wrongHeader.text.contains("СНИЛС"), wrongHeader.text)

            // a learner cannot submit a batch; the employer sees its batches
            let learner = try await api.learner()
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/application-batches", ["programId": a.programId, "kind": "employees", "rows": [row(9)]],
                    token: learner.token
                ).status, .forbidden)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/application-batches", token: token).items.count, 3)
            _ = employer
        }
    }
}
