import Foundation
import HTTPTypes
import NIOCore
import Platform
import XCTest

/// Applications → group → schedule → gradebook → completion, over HTTP (SPEC §7, §8).
final class TrainingAPITests: XCTestCase {
    struct Setting: Sendable {
        var org: (orgId: String, token: String)
        var programId: String
        var teacherId: String
        var roomId: String
    }

    /// A college with a published 16-hour program, a teacher in its staff resources and a room.
    static func college(_ api: API, _ services: Services, inn: String, ogrn: String, email: String, program: String)
        async throws -> Setting
    {
        let org = try await developer(api, services, inn: inn, ogrn: ogrn, email: email)
        let moderator = try await api.admin(roles: ["moderator"])
        let kind =
            try await api.get("/api/v1/directories/program_kinds?q=повышение квалификации&limit=1").items.first?["id"]
            as! String
        let form = try await api.get("/api/v1/directories/study_forms?q=очная&limit=1").items.first?["id"] as! String
        let programId = try await publishedProgram(
            api, developer: org.token, moderator: moderator.token, name: program,
            description: String(repeating: "Практическое обучение в мастерских колледжа. ", count: 4),
            kind: kind, form: form)
        let teacher = try await api.post(
            "/api/v1/organizations/\(org.orgId)/staff-resources",
            ["lastName": "Петров", "firstName": "Пётр", "position": "Мастер производственного обучения"],
            token: org.token)
        XCTAssertEqual(teacher.status, .created, teacher.text)
        let building = try await api.post(
            "/api/v1/organizations/\(org.orgId)/object-groups", ["name": "Учебный корпус", "address": "ул. Ленина, 1"],
            token: org.token)
        let room = try await api.post(
            "/api/v1/organizations/\(org.orgId)/rooms",
            ["name": "Сварочная мастерская", "objectGroupId": building["id"] as! String], token: org.token)
        XCTAssertEqual(room.status, .created, room.text)
        return Setting(
            org: org, programId: programId, teacherId: teacher["id"] as! String, roomId: room["id"] as! String)
    }

    func testFromApplicationToCompletedLearnerWithScheduleAndJournal() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await Self.college(
                api, services, inn: "381100093", ogrn: "102380000093", email: "college-a@training.ru",
                program: "Сварка металлоконструкций")
            let learner = try await api.learner("anna@training.ru", last: "Смирнова")
            let other = try await api.learner("boris@training.ru", last: "Волков")

            // apply: one active application per learner and program
            let applied = try await api.post(
                "/api/v1/programs/\(a.programId)/applications", ["comment": "Хочу учиться"], token: learner.token)
            XCTAssertEqual(applied.status, .created, applied.text)
            XCTAssertEqual(applied["status"] as? String, "new")
            XCTAssertEqual(applied["allowedActions"] as? [String], ["withdraw"])
            let app = applied["id"] as! String
            let again = try await api.post("/api/v1/programs/\(a.programId)/applications", token: learner.token)
            XCTAssertEqual(again.status, .conflict, again.text)
            XCTAssertEqual(again.errorFields, ["programId"])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/applications", token: learner.token).items.compactMap {
                    $0["id"] as? String
                }, [app])
            let acceptedMail = try await api.lastMail(to: "anna@training.ru")
            XCTAssertEqual(acceptedMail?.subject, "Заявка принята")
            let second =
                try await api.post("/api/v1/programs/\(a.programId)/applications", token: other.token)["id"] as! String
            // the college is told by e-mail of the first new application; the second waits in its unread inbox
            let deskMails = try await services.db.rows(
                """
                SELECT payload->>'body' FROM jobs WHERE kind = 'email' AND payload->>'to' = 'college-a@training.ru'
                  AND payload->>'subject' = 'Новая заявка'
                """
            ).map { try $0.decode(String.self) }
            XCTAssertEqual(deskMails.count, 1, "\(deskMails)")
            XCTAssertTrue(deskMails.first?.contains("/#/applications/\(app)") == true, "\(deskMails)")

            // the desk: filters, CSV; the learner sees nothing of it
            // the everyday desk questions (prepared statements): all, by status, page after page
            let firstPage = try await api.get("/api/v1/applications?limit=1", token: a.org.token)
            XCTAssertEqual(firstPage.items.map { $0["id"] as? String }, [second], firstPage.text)
            let nextPage = try await api.get(
                "/api/v1/applications?limit=1&cursor=\(firstPage["nextCursor"] as! String)", token: a.org.token)
            XCTAssertEqual(nextPage.items.map { $0["id"] as? String }, [app])
            XCTAssertNil(nextPage["nextCursor"] as? String)
            let byStatus = try await api.get("/api/v1/applications?status=new&limit=1", token: a.org.token)
            let byStatusNext = try await api.get(
                "/api/v1/applications?status=new&limit=1&cursor=\(byStatus["nextCursor"] as! String)",
                token: a.org.token)
            XCTAssertEqual((byStatus.items + byStatusNext.items).compactMap { $0["id"] as? String }, [second, app])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications?status=confirmed", token: a.org.token).items.count, 0)
            let desk = try await api.get("/api/v1/applications?status=new&q=смирнова", token: a.org.token)
            XCTAssertEqual(desk.items.compactMap { $0["id"] as? String }, [app], desk.text)
            // the name is searched by the search engine: the beginning of a name's word, a typo, the wrong layout, a
            // part inside a word, both words; a word of no name finds nothing. Inside the college row by row; across
            // the region (ЦОПП, the demo region's applicants too) through the indexes
            let region = try await api.admin(roles: ["copp_staff"])
            for (typed, wanted) in [
                ("Смирнова", [app]), ("Смирнва", [app]), ("cvbhyjdf", [app]), ("смир", [app]), ("ирнов", [app]),
                ("СМИРНОВА анна", [app]), ("Анна", [second, app]), ("Смирнова Зюзякина", []), ("Волкова", [second]),
            ] {
                let found = try await api.get("/api/v1/applications?q=\(typed)", token: a.org.token)
                XCTAssertEqual(found.items.compactMap { $0["id"] as? String }, wanted, "«\(typed)»: \(found.text)")
                let everywhere = try await api.get("/api/v1/applications?q=\(typed)&limit=200", token: region.token)
                let ids = Set(everywhere.items.compactMap { $0["id"] as? String })
                XCTAssertTrue(Set(wanted).isSubset(of: ids), "«\(typed)» across the region: \(everywhere.text)")
                XCTAssertEqual(ids.isEmpty, wanted.isEmpty, "«\(typed)» across the region: \(everywhere.text)")
            }
            // names are words, not stems: «Смирнова» is not the region's «Смирнов»
            let women = try await api.get("/api/v1/applications?q=Смирнова&limit=200", token: region.token)
            XCTAssertTrue(
                women.items.allSatisfy { ($0["name"] as? String)?.contains("Смирнова") == true }, women.text)
            let csv = try await api.download(
                "/api/v1/applications?format=csv&programId=\(a.programId)", token: a.org.token)
            let csvText = String(decoding: csv.bytes, as: UTF8.self)
            XCTAssertTrue(csvText.contains("Смирнова Анна") && csvText.contains("Волков Анна"), csvText)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications", token: learner.token).status, .forbidden)
            // the cabinet's counters: the college's desk has two new applications; a learner works no desk
            let deskCounts = try await api.get("/api/v1/me/counters", token: a.org.token)
            XCTAssertEqual(deskCounts["newApplications"] as? Int, 2, deskCounts.text)
            XCTAssertNil(deskCounts["moderationQueue"] as? Int, deskCounts.text)
            let learnerCounts = try await api.get("/api/v1/me/counters", token: learner.token)
            XCTAssertNil(learnerCounts["newApplications"] as? Int, learnerCounts.text)
            XCTAssertEqual(learnerCounts["staffInvitations"] as? Int, 0, learnerCounts.text)

            // a group of one place
            let created = try await api.post(
                "/api/v1/groups",
                [
                    "programId": a.programId, "name": "СВ-1", "minSize": 1, "maxSize": 1, "startsOn": "2026-12-07",
                    "endsOn": "2026-12-20",
                    "lecturerIds": [a.teacherId],
                ], token: a.org.token)
            XCTAssertEqual(created.status, .created, created.text)
            let group = created["id"] as! String
            let badGroup = try await api.post(
                "/api/v1/groups",
                [
                    "programId": a.programId, "name": "x", "maxSize": 0, "startsOn": "2026-12-31",
                    "endsOn": "2026-12-01",
                ], token: a.org.token)
            XCTAssertEqual(Set(badGroup.errorFields), ["maxSize", "endsOn"], badGroup.text)

            // illegal step → 409 listing the allowed ones; confirm needs a group; capacity is respected
            let early = try await api.post(
                "/api/v1/applications/\(app)/enroll", ["orderNumber": "1", "orderDate": "2026-12-01"],
                token: a.org.token)
            XCTAssertEqual(early.status, .conflict)
            XCTAssertEqual(early["allowedActions"] as? [String], ["postpone", "cancel", "confirm", "waitlist"])
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/applications/\(app)/confirm", token: a.org.token).errorFields, ["groupId"])
            let confirmed = try await api.post(
                "/api/v1/applications/\(app)/confirm", ["groupId": group], token: a.org.token)
            XCTAssertEqual(confirmed["status"] as? String, "confirmed", confirmed.text)
            let full = try await api.post(
                "/api/v1/applications/\(second)/confirm", ["groupId": group], token: a.org.token)
            XCTAssertEqual(full.status, .conflict)
            XCTAssertEqual(full["code"] as? String, "group_full")
            let confirmedMail = try await api.lastMail(to: "anna@training.ru")
            XCTAssertEqual(confirmedMail?.subject.hasSuffix("подтверждена"), true)
            // what the person needs to come: the period and where (no lessons yet: the schedule is being made)
            XCTAssertTrue(
                confirmedMail?.body.contains("с 07.12.2026 по 20.12.2026") == true
                    && confirmedMail?.body.contains("адрес:") == true, confirmedMail?.body ?? "")

            // enrollment waits for a schedule
            let noSchedule = try await api.post(
                "/api/v1/applications/\(app)/enroll", ["orderNumber": "12-к", "orderDate": "2026-12-04"],
                token: a.org.token)
            XCTAssertEqual(noSchedule["code"] as? String, "no_schedule", noSchedule.text)

            // schedule: Mondays and Wednesdays of two weeks, 4 academic hours = the program's 16
            let tooMuch = try await api.post(
                "/api/v1/groups/\(group)/schedule",
                [
                    "from": "2026-12-07", "to": "2026-12-20", "weekdays": [1, 3, 5], "startTime": "10:00",
                    "academicHours": 4,
                    "teacherId": a.teacherId, "roomId": a.roomId,
                ], token: a.org.token)
            XCTAssertEqual(tooMuch.errorFields, ["academicHours"], tooMuch.text)
            let outside = try await api.post(
                "/api/v1/groups/\(group)/schedule", ["date": "2027-01-10", "startTime": "10:00", "academicHours": 2],
                token: a.org.token)
            XCTAssertEqual(outside.errorFields, ["date"], outside.text)
            let generated = try await api.post(
                "/api/v1/groups/\(group)/schedule",
                [
                    "from": "2026-12-07", "to": "2026-12-20", "weekdays": [1, 3], "startTime": "10:00",
                    "academicHours": 4, "breakMinutes": 10,
                    "teacherId": a.teacherId, "roomId": a.roomId,
                ], token: a.org.token)
            XCTAssertEqual(generated.status, .created, generated.text)
            let lessons = generated.array
            XCTAssertEqual(
                lessons.map { $0["date"] as? String }, ["2026-12-07", "2026-12-09", "2026-12-14", "2026-12-16"])
            XCTAssertEqual(lessons.first?["endTime"] as? String, "13:30", "4 × 45 min + 3 breaks of 10 min")

            // the same teacher cannot be in another group's lesson at the same time: 409 naming the lesson
            let otherGroup =
                try await api.post(
                    "/api/v1/groups",
                    [
                        "programId": a.programId, "name": "СВ-2", "maxSize": 10,
                        "startsOn": "2026-12-01", "endsOn": "2026-12-31",
                    ], token: a.org.token)["id"] as! String
            let busy = try await api.post(
                "/api/v1/groups/\(otherGroup)/schedule",
                [
                    "date": "2026-12-07", "startTime": "12:00", "academicHours": 2,
                    "teacherId": a.teacherId,
                ], token: a.org.token)
            XCTAssertEqual(busy.status, .conflict, busy.text)
            XCTAssertEqual(busy.errorFields, ["teacherId"])
            XCTAssertTrue((busy["detail"] as? String ?? "").contains(lessons[0]["id"] as! String), busy.text)
            let roomBusy = try await api.post(
                "/api/v1/groups/\(otherGroup)/schedule",
                [
                    "date": "2026-12-09", "startTime": "09:00", "academicHours": 2,
                    "roomId": a.roomId,
                ], token: a.org.token)
            XCTAssertEqual(roomBusy.errorFields, ["roomId"], roomBusy.text)
            // right after the lesson is fine
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/groups/\(otherGroup)/schedule",
                    [
                        "date": "2026-12-07", "startTime": "13:30", "academicHours": 2, "teacherId": a.teacherId,
                        "roomId": a.roomId,
                    ], token: a.org.token
                ).status, .created)

            // enroll, form the group
            let enrolled = try await api.post(
                "/api/v1/applications/\(app)/enroll", ["orderNumber": "12-к", "orderDate": "2026-12-04"],
                token: a.org.token)
            XCTAssertEqual(enrolled["status"] as? String, "studying", enrolled.text)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/groups/\(group)/form", token: a.org.token)["status"] as? String, "formed")

            // the learner's and the teacher's week
            let week = try await api.get("/api/v1/me/schedule?week=2026-W50", token: learner.token)
            XCTAssertEqual(week["monday"] as? String, "2026-12-07")
            XCTAssertEqual((week["lessons"] as? [[String: Any]])?.count, 2, week.text)
            let teacherWeek = try await api.get(
                "/api/v1/schedule?week=2026-W50&teacherId=\(a.teacherId)", token: a.org.token)
            XCTAssertEqual((teacherWeek["lessons"] as? [[String: Any]])?.count, 3, teacherWeek.text)
            let load = try await api.get("/api/v1/schedule/rooms?week=2026-W50", token: a.org.token)
            let days = ((load["rooms"] as? [[String: Any]])?.first?["days"] as? [[String: Any]]) ?? []
            XCTAssertEqual(days.first?["academicHours"] as? Int, 6, load.text)

            // gradebook: marks, attendance, average, final grade; CSV
            let lesson1 = lessons[0]["id"] as! String
            let lesson2 = lessons[1]["id"] as! String
            // a lesson still ahead takes no mark (clearing is fine); the first two are held a year earlier
            let ahead = try await api.call(
                .put, "/api/v1/groups/\(group)/gradebook/marks",
                json: ["applicationId": app, "lessonId": lesson1, "mark": "5"], token: a.org.token)
            XCTAssertEqual(ahead.errorFields, ["lessonId"], ahead.text)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/groups/\(group)/gradebook/marks",
                    json: ["applicationId": app, "lessonId": lesson1, "mark": NSNull()], token: a.org.token
                ).status, .ok)
            _ = try await services.db.rows(
                """
                UPDATE schedule_lessons SET starts_at = starts_at - interval '1 year',
                  ends_at = ends_at - interval '1 year'
                WHERE id IN (\(UUID(uuidString: lesson1)!), \(UUID(uuidString: lesson2)!))
                """)
            _ = try await api.call(
                .put, "/api/v1/groups/\(group)/gradebook/marks",
                json: ["applicationId": app, "lessonId": lesson1, "mark": "5"], token: a.org.token)
            _ = try await api.call(
                .put, "/api/v1/groups/\(group)/gradebook/marks",
                json: ["applicationId": app, "lessonId": lesson2, "mark": "н"], token: a.org.token)
            let bad = try await api.call(
                .put, "/api/v1/groups/\(group)/gradebook/marks",
                json: ["applicationId": app, "lessonId": lesson2, "mark": "7"], token: a.org.token)
            XCTAssertEqual(bad.errorFields, ["mark"])
            let journal = try await api.call(
                .put, "/api/v1/groups/\(group)/gradebook/final", json: ["applicationId": app, "grade": "5"],
                token: a.org.token)
            let row = (journal["rows"] as? [[String: Any]])?.first
            XCTAssertEqual(row?["average"] as? Double, 5, journal.text)
            XCTAssertEqual(row?["absent"] as? Int, 1)
            XCTAssertEqual(row?["finalGrade"] as? String, "5")
            XCTAssertEqual((row?["marks"] as? [String: String])?[lesson2], "Н")
            XCTAssertEqual((journal["lessons"] as? [[String: Any]])?.count, 4)
            let journalCSV = String(
                decoding: try await api.download("/api/v1/groups/\(group)/gradebook?format=csv", token: a.org.token)
                    .bytes, as: UTF8.self)
            XCTAssertTrue(journalCSV.contains("\"Смирнова Анна\",\"5\",\"Н\",,,\"5.00\",\"5\""), journalCSV)

            // the learner reads her own marks lesson by lesson; another organization does not find them
            let grades = try await api.get("/api/v1/applications/\(app)/grades", token: learner.token)
            XCTAssertEqual(
                (grades["lessons"] as? [[String: Any]])?.prefix(2).map { $0["mark"] as? String }, ["5", "Н"],
                grades.text)
            XCTAssertEqual(grades["absent"] as? Int, 1)
            XCTAssertEqual(grades["finalGrade"] as? String, "5")

            // another organization cannot see or grade this group's learners
            let b = try await developer(
                api, services, inn: "381100094", ogrn: "102380000094", email: "college-b@training.ru")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications/\(app)/grades", token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/groups/\(group)/gradebook/marks",
                    json: ["applicationId": app, "lessonId": lesson1, "mark": "2"], token: b.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/applications/\(app)", token: b.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/applications/\(app)/expel",
                    ["orderNumber": "1", "orderDate": "2026-12-20", "comment": "x"],
                    token: b.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/applications", token: b.token).items.count, 0)

            // completion: document issued, the learner gets an e-mail; the group finishes, the operator confirms
            let docType =
                try await api.get("/api/v1/directories/education_document_types?q=удостоверение").items.first?["id"]
                as! String
            let incomplete = try await api.post(
                "/api/v1/applications/\(app)/complete", ["result": "Освоил программу"], token: a.org.token)
            XCTAssertEqual(
                Set(incomplete.errorFields), ["documentNumber", "issuedOn", "documentTypeId"], incomplete.text)
            // a document dated before the group started (7 December) is refused, naming the date
            let beforeStart = try await api.post(
                "/api/v1/applications/\(app)/complete",
                [
                    "result": "Освоил программу", "documentTypeId": docType, "documentNumber": "382400001234",
                    "issuedOn": "2026-12-06",
                ], token: a.org.token)
            XCTAssertEqual(beforeStart.errorFields, ["issuedOn"], beforeStart.text)
            XCTAssertTrue(beforeStart.text.contains("07.12.2026"), beforeStart.text)
            let completed = try await api.post(
                "/api/v1/applications/\(app)/complete",
                [
                    "result": "Освоил программу", "documentTypeId": docType, "documentNumber": "382400001234",
                    "issuedOn": "2026-12-18", "sex": "female",
                ], token: a.org.token)
            XCTAssertEqual(completed["status"] as? String, "completed", completed.text)
            XCTAssertEqual(
                (completed["history"] as? [[String: Any]])?.map { $0["toStatus"] as? String },
                ["new", "confirmed", "studying", "completed"])
            let mail = try await api.lastMail(to: "anna@training.ru")
            XCTAssertTrue(
                mail?.body.contains("завершено") == true && mail?.body.contains("382400001234") == true,
                mail?.body ?? "")
            // registries: the enrollment order, the issued document, the ФИС ФРДО check and file
            let enrollments = try await api.get("/api/v1/registries/enrollments?kind=enrolled", token: a.org.token)
            XCTAssertEqual(enrollments.items.map { $0["orderNumber"] as? String }, ["12-к"], enrollments.text)
            let documents = try await api.get("/api/v1/registries/documents?q=смирнова", token: a.org.token)
            XCTAssertEqual(documents.items.map { $0["number"] as? String }, ["382400001234"], documents.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/registries/documents", token: b.token).items.count, 0)
            let check = try await api.get("/api/v1/registries/documents/frdo", token: a.org.token)
            XCTAssertEqual(check["rows"] as? Int, 1)
            XCTAssertEqual(
                ((check["problems"] as? [[String: Any]])?.first?["problems"] as? [String]),
                ["не указан СНИЛС", "не указана дата рождения"], check.text)
            let frdo = CSVReader.rows(
                String(
                    decoding: try await api.download("/api/v1/registries/documents/frdo?format=csv", token: a.org.token)
                        .bytes, as: UTF8.self))
            XCTAssertEqual(frdo.count, 2)
            XCTAssertEqual(frdo[0].count, 38)
            XCTAssertEqual(frdo[1].count, 38)
            XCTAssertEqual(frdo[1][8], "18.12.2026")
            XCTAssertEqual(frdo[1][20], "Смирнова")
            XCTAssertEqual(frdo[1][24], "Жен")
            XCTAssertEqual(frdo[1][29], "643")
            // the papers made from this training data: the group's enrollment order, the learner's certificate
            let order = try await api.download(
                "/api/v1/groups/\(group)/enrollment-order?format=docx", token: a.org.token)
            XCTAssertEqual(order.status, .ok)
            let orderText = try OfficeFiles.text(order.bytes)
            XCTAssertTrue(
                orderText.contains("№ 12-к") && orderText.contains("Смирнова Анна") && orderText.contains("СВ-1"),
                orderText)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/groups/\(group)/enrollment-order", token: b.token).status, .notFound)
            let certificate = try await api.download(
                "/api/v1/applications/\(app)/completion-certificate?format=docx", token: learner.token)
            XCTAssertEqual(certificate.status, .ok)
            let certificateText = try OfficeFiles.text(certificate.bytes)
            XCTAssertTrue(
                certificateText.contains("382400001234") && certificateText.contains("Смирнова Анна")
                    && certificateText.contains("Сварка металлоконструкций") && certificateText.contains("18 декабря"),
                certificateText)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/applications/\(second)/completion-certificate", token: a.org.token)
                    .status, .conflict)
            let operatorOnly = try await api.post("/api/v1/groups/\(group)/confirm_enrollment", token: a.org.token)
            XCTAssertEqual(operatorOnly.status, .conflict)
            let copp = try await api.admin(roles: ["copp_staff"])
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/groups/\(group)/confirm_enrollment", token: copp.token)["status"]
                    as? String, "enrollment_confirmed")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/groups/\(group)/finish", token: a.org.token)["status"] as? String,
                "finished")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/groups/\(group)/confirm_completion", token: copp.token)["status"]
                    as? String, "completion_confirmed")
        }
    }

    func testPostponedApplicationsReturnWhenTheirDateComes() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await Self.college(
                api, services, inn: "381100095", ogrn: "102380000095", email: "college-c@training.ru",
                program: "Электромонтаж")
            let learner = try await api.learner("vera@training.ru", last: "Орлова")
            let app =
                try await api.post("/api/v1/programs/\(a.programId)/applications", token: learner.token)["id"]
                as! String
            let noDate = try await api.post(
                "/api/v1/applications/\(app)/postpone", ["comment": "Ждём документы"], token: a.org.token)
            XCTAssertEqual(noDate.errorFields, ["until"])
            let postponed = try await api.post(
                "/api/v1/applications/\(app)/postpone", ["comment": "Ждём документы", "until": "2099-01-10"],
                token: a.org.token)
            XCTAssertEqual(postponed["status"] as? String, "postponed", postponed.text)
            // the learner may still withdraw, but not confirm
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/applications/\(app)/confirm", token: learner.token).status, .conflict)

            let service = ApplicationsService(db: services.db, mailer: services.mailer)
            try await XCTAssertEqualAsync(try await service.resumeDue(today: "2099-01-09"), 0)
            try await XCTAssertEqualAsync(try await service.resumeDue(today: "2099-01-10"), 1)
            let back = try await api.get("/api/v1/applications/\(app)", token: a.org.token)
            XCTAssertEqual(back["status"] as? String, "new")
            let last = (back["history"] as? [[String: Any]])?.last
            XCTAssertEqual(last?["action"] as? String, "resume")
            XCTAssertNil(last?["actor"] as? String, "the platform itself resumed it")
            let resumedMail = try await api.lastMail(to: "vera@training.ru")
            XCTAssertEqual(resumedMail?.subject, "Заявка снова на рассмотрении")
            XCTAssertTrue(
                resumedMail?.body.contains("«Электромонтаж»") == true
                    && resumedMail?.body.hasSuffix("/#/my/applications/\(app)") == true,
                resumedMail?.body ?? "")
            let inbox = try await api.get("/api/v1/me/messages", token: learner.token)
            XCTAssertEqual(inbox.items.first?["subject"] as? String, "Заявка снова на рассмотрении", inbox.text)

            let reason = try await api.get("/api/v1/directories/cancellation_reasons").items.first?["id"] as! String
            let cancelled = try await api.post(
                "/api/v1/applications/\(app)/cancel", ["reasonId": reason, "comment": "Не подошли сроки"],
                token: a.org.token)
            XCTAssertEqual(cancelled["status"] as? String, "cancelled", cancelled.text)
            // a finished application frees the place: the learner may apply again
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs/\(a.programId)/applications", token: learner.token).status,
                .created)
        }
    }
}
