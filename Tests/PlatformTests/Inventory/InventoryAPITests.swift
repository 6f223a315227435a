import Foundation
import HTTPTypes
import Platform
import XCTest

final class InventoryAPITests: XCTestCase {
    func testMembersFillTheInventoryAndOutsidersSeeNothing() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100041"), ogrn: Ids.ogrn13("102380000041"), email: "inv@college.ru")
            let other = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100042"), ogrn: Ids.ogrn13("102380000042"), email: "inv@other.ru")
            let base = "/api/v1/organizations/\(college.orgId)"
            let group = try await api.post(
                "\(base)/object-groups", ["name": "Учебный корпус №1", "address": "г. Иркутск, ул. Ленина, 5"],
                token: college.token)
            XCTAssertEqual(group.status, .created, group.text)
            let workshop =
                try await api.get("/api/v1/directories/room_types?q=мастерская").items.first?["id"] as! String
            let room = try await api.post(
                "\(base)/rooms",
                [
                    "objectGroupId": group["id"] as! String, "name": "Токарная мастерская", "number": "105",
                    "roomTypeId": workshop,
                    "area": 96.5, "capacity": 12, "accessible": true,
                ], token: college.token)
            XCTAssertEqual(room.status, .created, room.text)
            let copy = try await api.post(
                "\(base)/rooms", ["copyFromId": room["id"] as! String, "number": "106"], token: college.token)
            XCTAssertEqual(copy["name"] as? String, "Токарная мастерская (копия)")
            XCTAssertEqual(copy["number"] as? String, "106")
            XCTAssertEqual(copy["capacity"] as? Int, 12)
            let invalid = try await api.post("\(base)/rooms", ["name": "", "capacity": 0], token: college.token)
            XCTAssertEqual(Set(invalid.errorFields), ["objectGroupId", "name", "capacity"])

            // links stay inside the organization
            let foreignGroup = try await api.post(
                "/api/v1/organizations/\(other.orgId)/object-groups", ["name": "Цех", "address": "Ангарск"],
                token: other.token)
            let crossLink = try await api.post(
                "\(base)/rooms", ["objectGroupId": foreignGroup["id"] as! String, "name": "X"], token: college.token)
            XCTAssertEqual(crossLink.errorFields, ["objectGroupId"])

            let cnc = try await api.get("/api/v1/directories/equipment_types?q=чпу").items.first?["id"] as! String
            let machine = try await api.post(
                "\(base)/equipment",
                [
                    "name": "Токарный станок с ЧПУ", "equipmentTypeId": cnc, "quantity": 4,
                    "roomId": room["id"] as! String,
                    "software": "Sinumerik 828D", "consumables": "Резцы, СОЖ",
                ], token: college.token)
            XCTAssertEqual(machine.status, .created, machine.text)

            let competency =
                try await api.get("/api/v1/directories/competencies?q=токарные").items.first?["id"] as! String
            let teacher = try await api.post(
                "\(base)/staff-resources",
                [
                    "lastName": "Смирнов", "firstName": "Дмитрий", "position": "Мастер производственного обучения",
                    "worldskillsExpert": true,
                    "competencyIds": [competency], "achievements": "Эксперт чемпионата «Профессионалы» 2025",
                ], token: college.token)
            XCTAssertEqual(teacher.status, .created, teacher.text)
            XCTAssertEqual((teacher["competencies"] as? [[String: Any]])?.count, 1)
            let edited = try await api.call(
                .patch, "\(base)/staff-resources/\(teacher["id"] as! String)", json: ["position": "Старший мастер"],
                token: college.token, headers: [.ifMatch: "\"1\""])
            XCTAssertEqual(edited["position"] as? String, "Старший мастер")
            XCTAssertEqual((edited["competencies"] as? [[String: Any]])?.count, 1, "fields not sent stay")

            // another organization's member: 404 everywhere; ЦОПП staff read but do not edit
            for path in ["object-groups", "rooms", "equipment", "staff-resources"] {
                try await XCTAssertEqualAsync(
                    try await api.get("\(base)/\(path)", token: other.token).status, .notFound, path)
            }
            try await XCTAssertEqualAsync(
                try await api.call(
                    .patch, "\(base)/rooms/\(room["id"] as! String)", json: ["name": "X"], token: other.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "\(base)/equipment/\(machine["id"] as! String)", token: other.token).status,
                .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("\(base)/rooms/\(room["id"] as! String)", token: other.token).status, .notFound)
            let staff = try await api.admin(roles: ["copp_staff"])
            try await XCTAssertEqualAsync(try await api.get("\(base)/rooms", token: staff.token).items.count, 2)
            try await XCTAssertEqualAsync(
                try await api.post("\(base)/rooms", ["name": "X"], token: staff.token).status, .forbidden)

            // a building with rooms cannot be deleted; CSV of each list has every row
            try await XCTAssertEqualAsync(
                try await api.call(.delete, "\(base)/object-groups/\(group["id"] as! String)", token: college.token)
                    .status, .conflict)
            let csv = try await api.get("\(base)/rooms?format=csv", token: college.token)
            XCTAssertEqual(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 3)
            try await XCTAssertEqualAsync(
                try await api.get("\(base)/equipment?q=sinumerik", token: college.token).items.count, 1)
        }
    }
}
