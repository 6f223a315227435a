import Foundation
import HTTPTypes
import Platform
import XCTest

final class PersonalCatalogAPITests: XCTestCase {
    func testFavoritesHistoryAndRequestsForNewPrograms() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let dev = try await developer(api, services, inn: "381100101", ogrn: "102380000101", email: "dev@fav.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let pk =
                try await api.get("/api/v1/directories/program_kinds?q=повышение квалификации&limit=1").items.first?[
                    "id"] as! String
            let form =
                try await api.get("/api/v1/directories/study_forms?q=очная&limit=1").items.first?["id"] as! String
            let id = try await publishedProgram(
                api, developer: dev.token, moderator: moderator.token, name: "Электромонтаж для начинающих",
                description: String(
                    repeating: "Монтаж электропроводки, щитов и освещения на учебных стендах. ", count: 3),
                kind: pk, form: form)
            let (_, learner) = try await api.learner()

            // favorites: only published programs, listed newest first, removable
            try await XCTAssertEqualAsync(
                try await api.call(.put, "/api/v1/me/favorites/\(id)", token: learner).status, .noContent)
            try await XCTAssertEqualAsync(
                try await api.call(.put, "/api/v1/me/favorites/\(id)", token: learner).status, .noContent)
            let draft = try await api.post("/api/v1/programs", ["fullName": "Черновик"], token: dev.token)
            try await XCTAssertEqualAsync(
                try await api.call(.put, "/api/v1/me/favorites/\(draft["id"] as! String)", token: learner).status,
                .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/favorites", token: learner).items.first?["id"] as? String, id)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/me/favorites/\(id)", token: learner).status, .noContent)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me/favorites", token: learner).items.count, 0)
            try await XCTAssertEqualAsync(try await api.call(.put, "/api/v1/me/favorites/\(id)").status, .unauthorized)

            // history: a logged-in user's searches, at most 50, clearable; anonymous searches are not kept
            for n in 0..<53 {
                _ = try await api.get("/api/v1/catalog/programs?q=электромонтаж\(n)&free=true", token: learner)
            }
            _ = try await api.get("/api/v1/catalog/programs?q=анонимно")
            let history = try await api.get("/api/v1/me/search-history", token: learner)
            XCTAssertEqual(history.items.count, 50)
            XCTAssertEqual(history.items.first?["query"] as? String, "электромонтаж52")
            XCTAssertEqual((history.items.first?["filters"] as? [String: Any])?["free"] as? String, "true")
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "/api/v1/me/search-history", token: learner).status, .noContent)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/me/search-history", token: learner).items.count, 0)

            // a learner composes a program of published modules; ЦОПП staff work the request
            let module =
                (try await api.get("/api/v1/catalog/programs/\(id)")["modules"] as! [[String: Any]])[0]["id"] as! String
            let unpublished = try await api.post("/api/v1/modules", ["name": "Не опубликован"], token: dev.token)
            let bad = try await api.post(
                "/api/v1/program-requests",
                [
                    "kind": "learner_composed", "title": "Моя программа",
                    "moduleIds": [unpublished["id"] as! String],
                ], token: learner)
            XCTAssertEqual(bad.errorFields, ["moduleIds[0]"])
            let composed = try await api.post(
                "/api/v1/program-requests",
                ["kind": "learner_composed", "title": "Моя программа", "moduleIds": [module]],
                token: learner)
            XCTAssertEqual(composed.status, .created, composed.text)
            XCTAssertEqual(composed["status"] as? String, "new")
            let requestId = composed["id"] as! String
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/program-requests", ["kind": "employer_development", "title": "Нужны сварщики"],
                    token: learner
                ).status, .forbidden)
            let employer = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100102"), ogrn: Ids.ogrn13("102380000102"), email: "hr@req.ru")
            let order = try await api.post(
                "/api/v1/program-requests",
                [
                    "kind": "employer_development", "title": "Обучение операторов станков с ЧПУ",
                    "learnersCount": 25,
                ], token: employer.token)
            XCTAssertEqual(order.status, .created, order.text)

            let staff = try await api.admin(roles: ["copp_staff"])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/program-requests?status=new", token: staff.token).items.count, 2)
            try await XCTAssertEqualAsync(try await api.get("/api/v1/program-requests", token: learner).items.count, 1)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/program-requests/\(requestId)/take", token: learner).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/program-requests/\(requestId)/complete", token: staff.token).status,
                .conflict)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/program-requests/\(requestId)/take", token: staff.token)["status"]
                    as? String, "in_work")
            let done = try await api.post(
                "/api/v1/program-requests/\(requestId)/complete", ["comment": "Группа открыта"], token: staff.token)
            XCTAssertEqual(done["status"] as? String, "done")
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/messages", token: learner).items.first?["subject"] as? String,
                "Заявка на программу выполнена")
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/program-requests/\(order["id"] as! String)/reject", token: staff.token)
                    .errorFields, ["comment"])
            let csv = try await api.get("/api/v1/program-requests?format=csv", token: staff.token)
            XCTAssertEqual(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 3)
        }
    }
}
