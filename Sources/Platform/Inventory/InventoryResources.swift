import Foundation
import PostgresNIO

/// The four inventory lists of seed 000 §4: what each accepts, checked field by field into columns.
enum InventoryResources {
    static let all: [InventoryResource] = [objectGroups, rooms, equipment, staff]

    // MARK: object groups

    struct GroupInput: Decodable {
        var name: String?
        var address: String?
    }

    static let objectGroups = InventoryResource(
        path: "object-groups", entity: "object_group", title: "Группы объектов", table: .objectGroups,
        validate: { input in
            let i = try input.decode(GroupInput.self)
            var v = Validator()
            var out: [(String, SQLValue)] = []
            if input.has("name") { out.append(("name", .text(v.required(i.name, "name", max: 255)))) }
            if input.has("address") { out.append(("address", .text(v.required(i.address, "address", max: 500)))) }
            try v.throwIfInvalid()
            return out
        })

    // MARK: rooms

    struct RoomInput: Codable {
        var objectGroupId: UUID?
        var name: String?
        var number: String?
        var floor: String?
        var roomTypeId: UUID?
        var area: Double?
        var capacity: Int?
        var accessible: Bool?
        var description: String?
        var copyFromId: UUID?
    }

    static let rooms = InventoryResource(
        path: "rooms", entity: "room", title: "Помещения", table: .rooms,
        validate: { input in
            var i = try input.decode(RoomInput.self)
            var keys = input.keys
            // "copy from": fields not sent are taken from an existing room of the same organization
            if input.isCreate, let source = i.copyFromId {
                guard let json = try await input.repository.room(source, org: input.orgId, on: input.conn) else {
                    throw Problem.validation([
                        FieldError("copyFromId", "not_found", "Помещение для копирования не найдено")
                    ])
                }
                let copy = try JSONDecoder.api.decode(RoomInput.self, from: Data(json.utf8))
                i = RoomInput(
                    objectGroupId: keys.contains("objectGroupId") ? i.objectGroupId : copy.objectGroupId,
                    name: keys.contains("name") ? i.name : copy.name.map { "\($0) (копия)" },
                    number: keys.contains("number") ? i.number : copy.number,
                    floor: keys.contains("floor") ? i.floor : copy.floor,
                    roomTypeId: keys.contains("roomTypeId") ? i.roomTypeId : copy.roomTypeId,
                    area: keys.contains("area") ? i.area : copy.area,
                    capacity: keys.contains("capacity") ? i.capacity : copy.capacity,
                    accessible: keys.contains("accessible") ? i.accessible : copy.accessible,
                    description: keys.contains("description") ? i.description : copy.description)
                keys.formUnion([
                    "objectGroupId", "name", "number", "floor", "roomTypeId", "area", "capacity", "accessible",
                    "description",
                ])
            }
            var v = Validator()
            var out: [(String, SQLValue)] = []
            if input.has("objectGroupId") {
                if i.objectGroupId == nil { v.add("objectGroupId", "required", "Выберите группу объектов (здание)") }
                let id = try await input.ownRow(
                    i.objectGroupId, in: .objectGroups, field: "objectGroupId", message: "Группа объектов не найдена",
                    &v)
                out.append(("object_group_id", .uuid(id)))
            }
            if input.has("name") { out.append(("name", .text(v.required(i.name, "name", max: 255)))) }
            if input.has("number") { out.append(("number", .text(v.optional(i.number, "number", max: 50)))) }
            if input.has("floor") { out.append(("floor", .text(v.optional(i.floor, "floor", max: 20)))) }
            if input.has("roomTypeId") {
                out.append(
                    (
                        "room_type_id",
                        .uuid(try await input.directoryItem(i.roomTypeId, kind: .roomTypes, field: "roomTypeId", &v))
                    ))
            }
            if input.has("area") {
                if let a = i.area, !(a > 0 && a < 1_000_000) {
                    v.add("area", "out_of_range", "Площадь — положительное число, м²")
                }
                out.append(("area", .decimal(i.area)))
            }
            if input.has("capacity") {
                if let c = i.capacity, !(1...10_000).contains(c) {
                    v.add("capacity", "out_of_range", "Вместимость — от 1 до 10 000 человек")
                }
                out.append(("capacity", .int(i.capacity)))
            }
            if input.has("accessible") { out.append(("accessible", .bool(i.accessible ?? false))) }
            if input.has("description") {
                out.append(("description", .text(v.optional(i.description, "description", max: 5000))))
            }
            try v.throwIfInvalid()
            return out
        })

    // MARK: equipment

    struct EquipmentInput: Decodable {
        var roomId: UUID?
        var equipmentTypeId: UUID?
        var name: String?
        var quantity: Int?
        var inventoryNumber: String?
        var software: String?
        var consumables: String?
        var description: String?
    }

    static let equipment = InventoryResource(
        path: "equipment", entity: "equipment", title: "Оборудование", table: .equipment,
        validate: { input in
            let i = try input.decode(EquipmentInput.self)
            var v = Validator()
            var out: [(String, SQLValue)] = []
            if input.has("name") { out.append(("name", .text(v.required(i.name, "name", max: 255)))) }
            if input.has("roomId") {
                out.append(
                    (
                        "room_id",
                        .uuid(
                            try await input.ownRow(
                                i.roomId, in: .rooms, field: "roomId", message: "Помещение не найдено", &v))
                    ))
            }
            if input.has("equipmentTypeId") {
                out.append(
                    (
                        "equipment_type_id",
                        .uuid(
                            try await input.directoryItem(
                                i.equipmentTypeId, kind: .equipmentTypes, field: "equipmentTypeId", &v))
                    ))
            }
            if input.has("quantity") {
                let q = i.quantity ?? 1
                if !(1...100_000).contains(q) { v.add("quantity", "out_of_range", "Количество — от 1 до 100 000") }
                out.append(("quantity", .int(q)))
            }
            if input.has("inventoryNumber") {
                out.append(("inventory_number", .text(v.optional(i.inventoryNumber, "inventoryNumber", max: 100))))
            }
            if input.has("software") { out.append(("software", .text(v.optional(i.software, "software", max: 5000)))) }
            if input.has("consumables") {
                out.append(("consumables", .text(v.optional(i.consumables, "consumables", max: 5000))))
            }
            if input.has("description") {
                out.append(("description", .text(v.optional(i.description, "description", max: 5000))))
            }
            try v.throwIfInvalid()
            return out
        })

    // MARK: staff resources

    struct StaffResourceInput: Decodable {
        var userId: UUID?
        var lastName: String?
        var firstName: String?
        var middleName: String?
        var position: String?
        var email: String?
        var phone: String?
        var worldskillsExpert: Bool?
        var photoFileId: UUID?
        var achievements: String?
        var competencyIds: [UUID]?
    }

    static let staff = InventoryResource(
        path: "staff-resources", entity: "staff_resource", title: "Кадровые ресурсы", table: .staff,
        validate: { input in
            let i = try input.decode(StaffResourceInput.self)
            var v = Validator()
            var out: [(String, SQLValue)] = []
            if input.has("lastName") { out.append(("last_name", .text(v.required(i.lastName, "lastName", max: 100)))) }
            if input.has("firstName") {
                out.append(("first_name", .text(v.required(i.firstName, "firstName", max: 100))))
            }
            if input.has("middleName") {
                out.append(("middle_name", .text(v.optional(i.middleName, "middleName", max: 100))))
            }
            if input.has("position") { out.append(("position", .text(v.required(i.position, "position", max: 200)))) }
            if input.has("email") {
                let email = v.optional(i.email, "email", max: 254)
                if let email, !Validator.looksLikeEmail(email.lowercased()) {
                    v.add("email", "invalid_email", "Некорректный адрес электронной почты")
                }
                out.append(("email", .text(email?.lowercased())))
            }
            if input.has("phone") { out.append(("phone", .text(v.phone(i.phone, "phone")))) }
            if input.has("worldskillsExpert") {
                out.append(("worldskills_expert", .bool(i.worldskillsExpert ?? false)))
            }
            if input.has("achievements") {
                out.append(("achievements", .text(v.optional(i.achievements, "achievements", max: 10000))))
            }
            if input.has("userId"), let userId = i.userId {
                // a linked account must be a member of this organization
                if try await !input.repository.isMember(userId, of: input.orgId, on: input.conn) {
                    v.add("userId", "not_member", "Учётная запись не состоит в организации")
                }
                out.append(("user_id", .uuid(userId)))
            } else if input.has("userId") {
                out.append(("user_id", .uuid(nil)))
            }
            if input.has("photoFileId") {
                if let fileId = i.photoFileId {
                    let file = try await FilesRepository(db: input.db).attachable(
                        id: fileId, to: input.orgId, by: input.identity.userId)
                    if file == nil {
                        v.add("photoFileId", "not_found", "Файл не найден")
                    } else if file?.mime.hasPrefix("image/") != true {
                        v.add("photoFileId", "not_image", "Фото должно быть изображением")
                    }
                }
                out.append(("photo_file_id", .uuid(i.photoFileId)))
            }
            if input.has("competencyIds") {
                _ = try await DirectoryReferences(db: input.db).check(
                    i.competencyIds, kind: .competencies, field: "competencyIds", &v, on: input.conn)
            }
            try v.throwIfInvalid()
            return out
        },
        afterWrite: { id, input in
            guard input.has("competencyIds") else { return }
            let ids = Array(Set((try input.decode(StaffResourceInput.self)).competencyIds ?? []))
            try await input.repository.replaceCompetencies(of: id, ids, on: input.conn)
        })
}
