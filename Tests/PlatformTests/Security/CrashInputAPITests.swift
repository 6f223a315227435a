import Foundation
import HTTPTypes
import Platform
import XCTest

/// Inputs that used to stop the whole server (Swift traps on integer overflow) or reach PostgreSQL out of range (500):
/// each is now a 422 naming the field, and the server answers the next request.
final class CrashInputAPITests: XCTestCase {
    /// A 24-byte PNG header claiming 4294967295 × 4294967295 pixels (the product overflows Int).
    func testAnImageClaimingFourBillionPixelsSquareIsRefused() async throws {
        try await withApp { api, _ in
            let (_, learner) = try await api.learner()
            let header: [UInt8] = [
                0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            ]
            let r = try await api.upload(bytes: header, filename: "bomb.png", token: learner)
            XCTAssertEqual(r.status, .unprocessableContent, r.text)
            XCTAssertEqual(r.code, "validation", r.text)
            XCTAssertEqual(r.errorFields, ["file"])
            try await XCTAssertEqualAsync(try await api.get("/healthz").status, .ok)
        }
    }

    /// Int.max as break minutes or academic hours, in a generated schedule and in an edited lesson.
    func testScheduleNumbersBeyondTheirRangeAreNamedNotComputed() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await TrainingAPITests.college(
                api, services, inn: "381100301", ogrn: "102380000301", email: "crash@college.ru",
                program: "Сварка")
            let group =
                try await api.post(
                    "/api/v1/groups",
                    [
                        "programId": a.programId, "name": "ГР-1", "maxSize": 5, "startsOn": "2027-02-01",
                        "endsOn": "2027-02-28",
                    ], token: a.org.token)["id"] as! String
            let week: [String: Any] = [
                "from": "2027-02-01", "to": "2027-02-07", "weekdays": [1, 3], "startTime": "10:00", "academicHours": 2,
            ]
            for (field, value) in [
                ("breakMinutes", Int.max), ("academicHours", Int.max), ("academicHours", Int.min), ("breakMinutes", -1),
            ] {
                var body = week
                body[field] = value
                let r = try await api.post("/api/v1/groups/\(group)/schedule", body, token: a.org.token)
                XCTAssertEqual(r.status, .unprocessableContent, "\(field)=\(value): \(r.text)")
                XCTAssertTrue(r.errorFields.contains(field), r.text)
            }
            let made = try await api.post(
                "/api/v1/groups/\(group)/schedule", ["date": "2027-02-02", "startTime": "10:00", "academicHours": 2],
                token: a.org.token)
            XCTAssertEqual(made.status, .created, made.text)
            let lesson = made.array[0]["id"] as! String
            for (field, value) in [("breakMinutes", Int.max), ("academicHours", Int.max), ("weekdays", 1 << 40)] {
                let body: [String: Any] = field == "weekdays" ? ["weekdays": [value]] : [field: value]
                let r = try await api.call(
                    .patch, "/api/v1/groups/\(group)/schedule/\(lesson)", json: body, token: a.org.token)
                XCTAssertEqual(r.status, .unprocessableContent, "\(field)=\(value): \(r.text)")
                XCTAssertEqual(r.errorFields, [field], r.text)
            }
            try await XCTAssertEqualAsync(try await api.get("/healthz").status, .ok)
        }
    }

    /// 2^40 as a gallery order and 2^31 as topic and lesson positions reached integer columns: a 500 before.
    func testOrderNumbersBeyondTheColumnsAreNamed() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let dev = try await developer(
                api, services, inn: "381100302", ogrn: "102380000302", email: "order@college.ru")
            let image = try await api.upload(
                bytes: Samples.png, filename: "a.png", fields: ["organizationId": dev.orgId], token: dev.token)
            let gallery = try await api.post(
                "/api/v1/organizations/\(dev.orgId)/gallery", ["fileId": image["id"] as! String, "sortOrder": 1 << 40],
                token: dev.token)
            XCTAssertEqual(gallery.status, .unprocessableContent, gallery.text)
            XCTAssertEqual(gallery.errorFields, ["sortOrder"])
            let module = try await api.post("/api/v1/modules", ["name": "Модуль"], token: dev.token)["id"] as! String
            let topic = try await api.post(
                "/api/v1/modules/\(module)/topics", ["name": "Тема", "position": 1 << 31], token: dev.token)
            XCTAssertEqual(topic.errorFields, ["position"], topic.text)
            let made = try await api.post("/api/v1/modules/\(module)/topics", ["name": "Тема"], token: dev.token)
            let topicId = (made["topics"] as! [[String: Any]])[0]["id"] as! String
            let lesson = try await api.post(
                "/api/v1/modules/\(module)/topics/\(topicId)/lessons",
                ["name": "Урок", "kind": "lecture", "hours": 2, "position": 1 << 31], token: dev.token)
            XCTAssertEqual(lesson.status, .unprocessableContent, lesson.text)
            XCTAssertEqual(lesson.errorFields, ["position"])
            let directory = try await api.post(
                "/api/v1/directories/industries", ["code": "x1", "name": "Отрасль", "sortOrder": 1 << 40],
                token: try await api.admin().token)
            XCTAssertEqual(directory.errorFields, ["sortOrder"], directory.text)
        }
    }
}
