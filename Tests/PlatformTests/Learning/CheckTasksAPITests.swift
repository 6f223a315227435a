import Foundation
import HTTPTypes
import Platform
import XCTest

/// SPEC §10 check tasks: a teacher writes a task with links and files and gives it to a group with a due date; a
/// learner of that group hands in an answer (text and files) and again until it is graded; the teacher grades it or
/// returns it with a comment; the grade shows in the journal. Nobody else reads a closed task or anyone's answer.
final class CheckTasksAPITests: XCTestCase {
    func testATeacherGivesATaskAndGradesTheAnswerALearnerHandsIn() async throws {
        try await withApp { api, services in
            let c = try await TestsAPITests.classroom(api, services)
            let org = c.college.org.token

            // every bad field named, nothing stored
            let bad = try await api.post(
                "/api/v1/check-tasks",
                [
                    "name": " ", "grading": "score_1_100", "visibility": "secret",
                    "materials": [
                        ["title": "Методичка", "url": "ftp://example.ru/a.pdf"],
                        ["title": "", "url": "https://example.ru", "fileId": UUID().uuidString],
                    ],
                ], token: org)
            XCTAssertEqual(
                Set(bad.errorFields),
                ["name", "grading", "visibility", "materials[0].url", "materials[1].title", "materials[1]"], bad.text)
            let foreignFile = try await api.post(
                "/api/v1/check-tasks",
                [
                    "name": "Задание", "grading": "pass_fail",
                    "materials": [["title": "Чужой файл", "fileId": UUID().uuidString]],
                ], token: org)
            XCTAssertEqual(foreignFile.errorFields, ["materials[0].fileId"], foreignFile.text)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/check-tasks", token: org).items.count, 0)

            // the task with a link and a file of the organization
            let sheet = try await api.upload(bytes: Samples.pdf, filename: "чертёж.pdf", token: org)
            XCTAssertEqual(sheet.status, .created, sheet.text)
            let sheetId = sheet["id"] as! String
            let created = try await api.post(
                "/api/v1/check-tasks",
                [
                    "name": "Сварка стыкового соединения пластин",
                    "description": "Сфотографируйте шов с двух сторон и опишите режим сварки.", "grading": "score_1_5",
                    "materials": [
                        ["title": "ГОСТ 14771", "url": "https://docs.example.ru/gost-14771"],
                        ["title": "Чертёж", "fileId": sheetId],
                    ],
                ], token: org)
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertEqual(created["visibility"] as? String, "closed")
            let task = created["id"] as! String

            // the list: searched by word forms, filtered, CSV
            let found = try await api.get("/api/v1/check-tasks?q=сварке пластины&grading=score_1_5", token: org)
            XCTAssertEqual(found.items.compactMap { $0["id"] as? String }, [task], found.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/check-tasks?grading=pass_fail", token: org).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/check-tasks?visibility=nobody", token: org).errorFields, ["visibility"])
            let tasksCSV = String(
                decoding: try await api.download("/api/v1/check-tasks?format=csv", token: org).bytes, as: UTF8.self)
            XCTAssertTrue(tasksCSV.contains("Сварка стыкового") && tasksCSV.contains("Баллы от 1 до 5"), tasksCSV)

            // given to the first group, due yesterday (a later answer is taken and marked late)
            let due = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400))
            let given = try await api.call(
                .put, "/api/v1/check-tasks/\(task)/groups", json: ["groupId": c.group, "dueAt": due], token: org)
            XCTAssertEqual((given["groups"] as? [[String: Any]])?.first?["groupId"] as? String, c.group, given.text)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/check-tasks/\(task)/groups", json: ["groupId": UUID().uuidString], token: org
                ).errorFields, ["groupId"])

            // a learner of another group, or nobody signed in, does not see a closed task, its file, or hand in
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/check-tasks/\(task)", token: c.stranger.token).status, .notFound)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/check-tasks/\(task)").status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/files/\(sheetId)", token: c.stranger.token).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/check-tasks/\(task)/submission", json: ["text": "Мой ответ"],
                    token: c.stranger.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/check-tasks", token: c.stranger.token).items.count, 0)

            // the learner reads the task and its file
            let learner = c.learner.token
            let read = try await api.get("/api/v1/check-tasks/\(task)", token: learner)
            XCTAssertEqual(read.status, .ok, read.text)
            XCTAssertNil(read["groups"], "a learner does not read the organization's card")
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/files/\(sheetId)", token: learner).status, .ok)

            // hand-in: nothing is refused without a field named; a file must be one's own upload
            try await XCTAssertEqualAsync(
                try await api.call(.put, "/api/v1/check-tasks/\(task)/submission", json: ["text": "  "], token: learner)
                    .errorFields, ["text"])
            let strangersPhoto = try await api.upload(bytes: Samples.png, filename: "шов.png", token: c.stranger.token)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/check-tasks/\(task)/submission",
                    json: ["text": "Ответ", "fileIds": [strangersPhoto["id"] as! String]], token: learner
                ).errorFields, ["fileIds[0]"])
            try await XCTAssertEqualAsync(
                try await api.call(
                    .put, "/api/v1/check-tasks/\(task)/submission", json: ["text": "Ответ", "groupId": c.otherGroup],
                    token: learner
                ).errorFields, ["groupId"])
            let photo = try await api.upload(bytes: Samples.png, filename: "шов.png", token: learner)
            let photoId = photo["id"] as! String
            let handed = try await api.call(
                .put, "/api/v1/check-tasks/\(task)/submission",
                json: ["text": "Ток 110 А, электрод 3 мм.", "fileIds": [photoId]], token: learner)
            XCTAssertEqual(handed.status, .created, handed.text)
            XCTAssertEqual(handed["late"] as? Bool, true, handed.text)
            let submission = handed["id"] as! String
            let again = try await api.call(
                .put, "/api/v1/check-tasks/\(task)/submission",
                json: ["text": "Ток 110 А, электрод 3 мм, два прохода.", "fileIds": [photoId]], token: learner)
            XCTAssertEqual(again.status, .ok, again.text)
            XCTAssertEqual(again["id"] as? String, submission)
            XCTAssertEqual(again["handedIn"] as? Int, 2)
            let mine = try await api.get("/api/v1/me/check-tasks", token: learner)
            let mySubmission = mine.items.first?["submission"] as? [String: Any]
            XCTAssertEqual(mySubmission?["status"] as? String, "submitted", mine.text)
            XCTAssertEqual((mySubmission?["files"] as? [[String: Any]])?.first?["name"] as? String, "шов.png")

            // the teacher's list with the seed's filters, the answer with its file; nobody else reads the answer
            let waiting = try await api.get(
                "/api/v1/check-task-submissions?status=submitted&learner=смирн&grading=score_1_5", token: org)
            XCTAssertEqual(waiting.items.compactMap { $0["id"] as? String }, [submission], waiting.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/check-task-submissions?status=graded", token: org).items.count, 0)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/files/\(photoId)", token: org).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/check-task-submissions/\(submission)", token: c.stranger.token).status,
                .notFound)
            let answer = try await api.get("/api/v1/check-task-submissions/\(submission)", token: org)
            XCTAssertEqual(answer["text"] as? String, "Ток 110 А, электрод 3 мм, два прохода.", answer.text)
            let etag = answer.headers[.eTag]!

            // grading: the task's range, a comment to return, the version read
            let gradeURL = "/api/v1/check-task-submissions/\(submission)/grade"
            try await XCTAssertEqualAsync(
                try await api.call(.put, gradeURL, json: ["grade": 7], token: org).errorFields, ["grade"])
            try await XCTAssertEqualAsync(
                try await api.call(.put, gradeURL, json: ["returned": true], token: org).errorFields, ["comment"])
            try await XCTAssertEqualAsync(
                try await api.call(.put, gradeURL, json: ["grade": 4], token: learner).status, .forbidden)
            try await XCTAssertEqualAsync(
                try await api.call(.put, gradeURL, json: ["grade": 4], token: org, headers: [.ifMatch: "\"1\""])
                    .status, .preconditionFailed)
            let returned = try await api.call(
                .put, gradeURL, json: ["returned": true, "comment": "Нет фото обратной стороны шва"], token: org,
                headers: [.ifMatch: etag])
            XCTAssertEqual(returned["status"] as? String, "returned", returned.text)
            let third = try await api.call(
                .put, "/api/v1/check-tasks/\(task)/submission",
                json: ["text": "Добавила фото обратной стороны.", "fileIds": [photoId]], token: learner)
            XCTAssertEqual(third["status"] as? String, "submitted", third.text)
            XCTAssertEqual(third["comment"] as? String, "Нет фото обратной стороны шва", "the comment stays")
            let graded = try await api.call(
                .put, gradeURL, json: ["grade": 5, "comment": "Отлично"], token: org,
                headers: [.ifMatch: third.headers[.eTag]!])
            XCTAssertEqual(graded["status"] as? String, "graded", graded.text)
            XCTAssertEqual(graded["grade"] as? Int, 5)
            let late = try await api.call(
                .put, "/api/v1/check-tasks/\(task)/submission", json: ["text": "Ещё правка"], token: learner)
            XCTAssertEqual(late.status, .conflict, late.text)
            XCTAssertEqual(late["code"] as? String, "already_graded")

            // the journal: a column for the task with the grade; its CSV too
            let journal = try await api.get("/api/v1/groups/\(c.group)/gradebook", token: org)
            XCTAssertEqual((journal["checkTasks"] as? [[String: Any]])?.first?["id"] as? String, task, journal.text)
            let row = (journal["rows"] as? [[String: Any]])?.first
            let cell = (row?["checkTasks"] as? [String: Any])?[task] as? [String: Any]
            XCTAssertEqual(cell?["grade"] as? Int, 5, journal.text)
            XCTAssertNil(row?["average"] as? Double, "a task's grade is not a lesson mark")
            let journalCSV = String(
                decoding: try await api.download("/api/v1/groups/\(c.group)/gradebook?format=csv", token: org).bytes,
                as: UTF8.self)
            XCTAssertTrue(journalCSV.contains("Задание: Сварка стыкового соединения пластин"), journalCSV)
            let answersCSV = String(
                decoding: try await api.download("/api/v1/check-task-submissions?format=csv", token: org).bytes,
                as: UTF8.self)
            XCTAssertTrue(answersCSV.contains("оценено") && answersCSV.contains("Отлично"), answersCSV)

            // graded answers fix the grading type and keep the group
            let settings: [String: Any] = ["name": "Сварка стыкового соединения пластин", "grading": "pass_fail"]
            let regrade = try await api.call(.put, "/api/v1/check-tasks/\(task)", json: settings, token: org)
            XCTAssertEqual(regrade["code"] as? String, "task_graded", regrade.text)
            let unassign = try await api.call(.delete, "/api/v1/check-tasks/\(task)/groups/\(c.group)", token: org)
            XCTAssertEqual(unassign["code"] as? String, "has_submissions", unassign.text)

            // visibility: open — anyone signed in reads it; public — anyone, its file too
            var open: [String: Any] = [
                "name": "Сварка стыкового соединения пластин", "grading": "score_1_5", "visibility": "open",
                "materials": [["title": "Чертёж", "fileId": sheetId]],
            ]
            try await XCTAssertEqualAsync(
                try await api.call(.put, "/api/v1/check-tasks/\(task)", json: open, token: org).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/check-tasks/\(task)", token: c.stranger.token).status, .ok)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/files/\(sheetId)", token: c.stranger.token).status, .ok)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/check-tasks/\(task)").status, .notFound)
            try await XCTAssertEqualAsync(try await api.download("/api/v1/files/\(sheetId)").status, .notFound)
            open["visibility"] = "public"
            try await XCTAssertEqualAsync(
                try await api.call(.put, "/api/v1/check-tasks/\(task)", json: open, token: org).status, .ok)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/check-tasks/\(task)").status, .ok)
            try await XCTAssertEqualAsync(try await api.download("/api/v1/files/\(sheetId)").status, .ok)
            // the learner's answer stays private whatever the task's visibility: the organization reads its files
            // through the answer but cannot attach them to a task of its own
            let leak = try await api.post(
                "/api/v1/check-tasks",
                [
                    "name": "Чужое фото", "grading": "pass_fail", "visibility": "public",
                    "materials": [["title": "Фото", "fileId": photoId]],
                ], token: org)
            XCTAssertEqual(leak.errorFields, ["materials[0].fileId"], leak.text)
            let keep = try await api.call(.delete, "/api/v1/check-tasks/\(task)", token: org)
            XCTAssertEqual(keep["code"] as? String, "has_submissions", keep.text)
            try await XCTAssertEqualAsync(
                try await api.download("/api/v1/files/\(photoId)", token: c.stranger.token).status, .notFound)
        }
    }

    /// A hand-in racing a grade: either the hand-in comes first (and is what is graded) or it finds the answer graded
    /// (409); it never overwrites a graded answer.
    func testAHandInRacingAGradeNeverOverwritesTheGrade() async throws {
        try await withApp { api, services in
            let c = try await TestsAPITests.classroom(api, services)
            let org = c.college.org.token
            let task =
                try await api.post(
                    "/api/v1/check-tasks", ["name": "Эссе о профессии", "grading": "pass_fail"], token: org)["id"]
                as! String
            _ = try await api.call(.put, "/api/v1/check-tasks/\(task)/groups", json: ["groupId": c.group], token: org)
            let url = "/api/v1/check-tasks/\(task)/submission"
            let first = try await api.call(.put, url, json: ["text": "Черновик"], token: c.learner.token)
            let submission = first["id"] as! String
            for round in 1...10 {
                _ = try await api.call(
                    .put, "/api/v1/check-task-submissions/\(submission)/grade",
                    json: ["returned": true, "comment": "Доработать"], token: org)
                let text = "Вариант \(round)"
                async let handIn = api.call(.put, url, json: ["text": text], token: c.learner.token)
                async let grade = api.call(
                    .put, "/api/v1/check-task-submissions/\(submission)/grade", json: ["grade": 1], token: org)
                let (h, g) = try await (handIn, grade)
                XCTAssertEqual(g.status, .ok, g.text)
                XCTAssertTrue([.ok, .conflict].contains(h.status), h.text)
                let now = try await api.get("/api/v1/check-task-submissions/\(submission)", token: org)
                XCTAssertEqual(now["status"] as? String, "graded", "round \(round): \(now.text)")
                if h.status == .ok {
                    XCTAssertEqual(now["text"] as? String, text, "round \(round): the graded answer is the hand-in")
                } else {
                    XCTAssertNotEqual(now["text"] as? String, text, "round \(round): a refused hand-in left no trace")
                }
            }
        }
    }
}
