import Foundation
import HTTPTypes
import Platform
import XCTest

/// Builds a program through the API up to publication (a module with one lesson, required tabs, moderation).
func publishedProgram(
    _ api: API, developer: String, moderator: String, name: String, description: String, funding: String = "paid",
    price: Double? = 15000, kind: String, form: String, competencies: [String] = []
) async throws -> String {
    let module = try await api.post("/api/v1/modules", ["name": "Модуль: \(name)"], token: developer)
    let moduleId = module["id"] as! String
    let topic =
        (try await api.post("/api/v1/modules/\(moduleId)/topics", ["name": "Тема"], token: developer)["topics"]
        as! [[String: Any]])[0]["id"] as! String
    _ = try await api.post(
        "/api/v1/modules/\(moduleId)/topics/\(topic)/lessons", ["name": "Занятие", "kind": "lecture", "hours": 16],
        token: developer)
    var body: [String: Any] = [
        "fullName": name, "kindId": kind, "studyFormId": form, "funding": funding, "description": description,
        "competencyIds": competencies,
    ]
    if let price { body["price"] = price }
    let program = try await api.post("/api/v1/programs", body, token: developer)
    let id = program["id"] as! String
    _ = try await api.call(.put, "/api/v1/programs/\(id)/modules", json: ["moduleIds": [moduleId]], token: developer)
    let submitted = try await api.post("/api/v1/programs/\(id)/submit", token: developer)
    XCTAssertEqual(submitted["status"] as? String, "moderation", submitted.text)
    let published = try await api.post("/api/v1/programs/\(id)/publish", token: moderator)
    XCTAssertEqual(published["status"] as? String, "published", published.text)
    return id
}

final class CatalogAPITests: XCTestCase {
    func testCitizensFindPublishedProgramsByWordFormsTyposAndFilters() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let dev = try await developer(
                api, services, inn: "381100091", ogrn: "102380000091", email: "dev@catalog.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let pk =
                try await api.get("/api/v1/directories/program_kinds?q=повышение квалификации&limit=1").items.first?[
                    "id"] as! String
            let po =
                try await api.get("/api/v1/directories/program_kinds?q=профессиональное обучение&limit=1").items.first?[
                    "id"] as! String
            let fullTime =
                try await api.get("/api/v1/directories/study_forms?q=очная&limit=1").items.first?["id"] as! String
            let distance =
                try await api.get("/api/v1/directories/study_forms?q=дистанционная").items.first?["id"] as! String
            let welding =
                try await api.get("/api/v1/directories/competencies?q=сварочные").items.first?["id"] as! String
            let long = String(
                repeating: "Практико-ориентированное обучение на современном оборудовании мастерских ЦОПП. ", count: 2)
            let weldingId = try await publishedProgram(
                api, developer: dev.token, moderator: moderator.token, name: "Повышение квалификации сварщиков",
                description: long, price: 18000, kind: pk, form: fullTime, competencies: [welding])
            let pythonId = try await publishedProgram(
                api, developer: dev.token, moderator: moderator.token,
                name: "Программирование на Python для начинающих",
                description: long + " Ёлочные игрушки из 3D-принтера.", funding: "free", price: nil, kind: po,
                form: distance)
            let draft = try await api.post(
                "/api/v1/programs", ["fullName": "Секретная программа сварщиков"], token: dev.token)

            func ids(_ path: String) async throws -> [String] {
                let r = try await api.get(path)
                XCTAssertEqual(r.status, .ok, r.text)
                return r.items.compactMap { $0["id"] as? String }
            }
            // stemming: a different word form than the title's; typos in names; ё folded
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?q=квалификация"), [weldingId])
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?q=сварщик"), [weldingId])
            try await XCTAssertEqualAsync(
                try await ids("/api/v1/catalog/programs?q=Програмирование на Питон"), [pythonId])
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?q=елочные"), [pythonId])
            // filters
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?free=true"), [pythonId])
            try await XCTAssertEqualAsync(
                try await ids("/api/v1/catalog/programs?competencyId=\(welding)"), [weldingId])
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?studyFormId=\(distance)"), [pythonId])
            try await XCTAssertEqualAsync(
                try await ids("/api/v1/catalog/programs?priceMin=10000&priceMax=20000"), [weldingId])
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?kindId=\(pk)"), [weldingId])
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?sort=price"), [pythonId, weldingId])
            // «Повышение…» sorts before «Программирование…»
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?sort=name&limit=1"), [weldingId])
            let second = try await api.get("/api/v1/catalog/programs?sort=name&limit=1")
            try await XCTAssertEqualAsync(
                try await ids("/api/v1/catalog/programs?sort=name&limit=1&cursor=\(second["nextCursor"] as! String)"),
                [pythonId])
            // facets count the current result
            let all = try await api.get("/api/v1/catalog/programs")
            let facets = all["facets"] as? [String: Any]
            XCTAssertEqual(facets?["total"] as? Int, 2)
            XCTAssertEqual((facets?["studyForms"] as? [[String: Any]])?.count, 2)
            XCTAssertEqual(((facets?["competencies"] as? [[String: Any]])?.first?["count"]) as? Int, 1)
            // drafts are not public
            try await XCTAssertEqualAsync(try await ids("/api/v1/catalog/programs?q=секретная"), [])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/catalog/programs/\(draft["id"] as! String)").status, .notFound)
            let page = try await api.get("/api/v1/catalog/programs/\(weldingId)")
            XCTAssertEqual(page["hours"] as? Double, 16, page.text)
            XCTAssertEqual((page["modules"] as? [[String: Any]])?.count, 1)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/catalog/programs?priceMin=-1").errorFields, ["priceMin"])
        }
    }

    /// Search answers are served from memory until a change the catalog shows: a publication, or a renamed
    /// organization, drops them on every server (NOTIFY catalog_changed).
    func testCachedSearchAnswersAreDroppedWhenTheCatalogChanges() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let dev = try await developer(api, services, inn: "381100092", ogrn: "102380000092", email: "dev@cache.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let kind =
                try await api.get("/api/v1/directories/program_kinds?q=повышение квалификации&limit=1").items.first?[
                    "id"] as! String
            let form =
                try await api.get("/api/v1/directories/study_forms?q=очная&limit=1").items.first?["id"] as! String
            let first = try await publishedProgram(
                api, developer: dev.token, moderator: moderator.token, name: "Электромонтаж для начинающих",
                description: String(repeating: "Основы электромонтажных работ на учебном стенде. ", count: 3),
                kind: kind, form: form)
            let path = "/api/v1/catalog/programs?q=электромонтаж"
            /// Polls until the answer satisfies `done` (the listener connects, and a notice arrives, within
            /// milliseconds).
            func eventually(_ done: (Reply) -> Bool) async throws -> Reply {
                for _ in 0..<100 {
                    let reply = try await api.get(path)
                    if done(reply) { return reply }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return try await api.get(path)
            }
            let cached = try await eventually { $0.headers[HTTPField.Name("X-Cache")!] == "hit" }
            XCTAssertEqual(
                cached.headers[HTTPField.Name("X-Cache")!], "hit", "a repeated search is answered from memory")
            XCTAssertEqual(cached.items.compactMap { $0["id"] as? String }, [first])
            // another cached question with the same filters in another order shares the entry
            _ = try await api.get(path + "&sort=newest&limit=5")
            let reordered = try await api.get("/api/v1/catalog/programs?limit=5&sort=newest&q=электромонтаж")
            XCTAssertEqual(reordered.headers[HTTPField.Name("X-Cache")!], "hit")

            let second = try await publishedProgram(
                api, developer: dev.token, moderator: moderator.token, name: "Электромонтаж: повышение квалификации",
                description: String(repeating: "Для электриков с опытом работы на производстве. ", count: 3),
                kind: kind, form: form)
            let fresh = try await eventually { Set($0.items.compactMap { $0["id"] as? String }) == [first, second] }
            XCTAssertEqual(
                Set(fresh.items.compactMap { $0["id"] as? String }), [first, second],
                "a publication reaches cached searches")
            XCTAssertEqual((fresh["facets"] as? [String: Any])?["total"] as? Int, 2)

            // a draft saved in between does not drop the cache
            _ = try await eventually { $0.headers[HTTPField.Name("X-Cache")!] == "hit" }
            _ = try await api.post("/api/v1/programs", ["fullName": "Черновик электромонтажа"], token: dev.token)
            try await Task.sleep(for: .milliseconds(200))
            try await XCTAssertEqualAsync(try await api.get(path).headers[HTTPField.Name("X-Cache")!], "hit")
        }
    }

    /// Materials (files or links) of a program are edited with the draft and shown on the public page; the file opens
    /// for all.
    func testProgramMaterialsReachTheCatalogPage() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let dev = try await developer(
                api, services, inn: "381100098", ogrn: "102380000098", email: "dev@materials.ru")
            let moderator = try await api.admin(roles: ["moderator"])
            let program =
                try await api.post("/api/v1/programs", ["fullName": "Токарное дело"], token: dev.token)["id"] as! String
            let pdf = Array("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".utf8)
            let file = try await api.upload(bytes: pdf, filename: "Методичка.pdf", token: dev.token)["id"] as! String
            let bad = try await api.post(
                "/api/v1/programs/\(program)/materials", ["title": "Ни файла, ни ссылки"], token: dev.token)
            XCTAssertEqual(bad.errorFields, ["fileId"], bad.text)
            _ = try await api.post(
                "/api/v1/programs/\(program)/materials", ["title": "Методические указания", "fileId": file],
                token: dev.token)
            let linked = try await api.post(
                "/api/v1/programs/\(program)/materials",
                ["title": "Стандарт WorldSkills", "url": "https://worldskills.ru/standard"], token: dev.token)
            XCTAssertEqual(linked.status, .created, linked.text)
            XCTAssertEqual(
                (linked["materials"] as? [[String: Any]])?.map { $0["title"] as? String },
                ["Методические указания", "Стандарт WorldSkills"])
            let other = try await developer(
                api, services, inn: "381100099", ogrn: "102380000099", email: "dev@other.ru")
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/programs/\(program)/materials", ["title": "x", "url": "https://x.ru"], token: other.token
                ).status, .notFound)

            // published through moderation (fill what moderation needs), then public
            let kind =
                try await api.get("/api/v1/directories/program_kinds?q=повышение квалификации&limit=1").items.first?[
                    "id"] as! String
            let form =
                try await api.get("/api/v1/directories/study_forms?q=очная&limit=1").items.first?["id"] as! String
            let module =
                try await api.post("/api/v1/modules", ["name": "Токарная обработка"], token: dev.token)["id"] as! String
            let topic =
                (try await api.post("/api/v1/modules/\(module)/topics", ["name": "Тема"], token: dev.token)["topics"]
                as! [[String: Any]])[0]["id"] as! String
            _ = try await api.post(
                "/api/v1/modules/\(module)/topics/\(topic)/lessons",
                ["name": "Занятие", "kind": "practice", "hours": 16], token: dev.token)
            _ = try await api.call(
                .patch, "/api/v1/programs/\(program)",
                json: [
                    "kindId": kind, "studyFormId": form, "funding": "free",
                    "description": String(repeating: "Обработка деталей на токарных станках. ", count: 4),
                ], token: dev.token)
            _ = try await api.call(
                .put, "/api/v1/programs/\(program)/modules", json: ["moduleIds": [module]], token: dev.token)
            _ = try await api.post("/api/v1/programs/\(program)/submit", token: dev.token)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/programs/\(program)/publish", token: moderator.token)["status"] as? String,
                "published")
            let page = try await api.get("/api/v1/catalog/programs/\(program)")
            let materials = page["materials"] as? [[String: Any]] ?? []
            XCTAssertEqual(materials.count, 2, page.text)
            let download = try await api.download(materials[0]["url"] as! String)
            XCTAssertEqual(download.status, .ok, "anyone opens a material of a published program")
            // a published program's materials are no longer edited by the organization
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/programs/\(program)/materials/\(materials[1]["id"] as! String)", token: dev.token
                ).status, .conflict)
        }
    }
}
