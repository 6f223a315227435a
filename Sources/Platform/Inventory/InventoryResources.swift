import Foundation
import PostgresNIO

/// The four inventory lists of seed 000 §4.
enum InventoryResources {
    static let all: [InventoryResource] = [objectGroups, rooms, equipment, staff]

    static func dirName(_ column: String) -> String { "(SELECT name FROM directory_items WHERE id = \(column))" }
    static func dirRef(_ column: String) -> String {
        "(SELECT json_build_object('id', id, 'code', code, 'name', name) FROM directory_items WHERE id = \(column))"
    }
    static func utc(_ column: String) -> String { OrganizationProfileRepository.utc(column) }

    // MARK: object groups

    struct GroupInput: Decodable { var name: String?; var address: String? }

    static let objectGroups = InventoryResource(
        path: "object-groups", table: "object_groups", entity: "object_group", title: "Группы объектов",
        json: """
            json_build_object('id', r.id, 'name', r.name, 'address', r.address,
              'roomCount', (SELECT count(*) FROM rooms WHERE object_group_id = r.id), 'createdAt', \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.name", search: "r.name || ' ' || r.address",
        csv: [("id", "r.id::text"), ("name", "r.name"), ("address", "r.address")],
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
        var objectGroupId: UUID?; var name: String?; var number: String?; var floor: String?; var roomTypeId: UUID?
        var area: Double?; var capacity: Int?; var accessible: Bool?; var description: String?; var copyFromId: UUID?
    }

    static let rooms = InventoryResource(
        path: "rooms", table: "rooms", entity: "room", title: "Помещения",
        json: """
            json_build_object('id', r.id, 'objectGroup', (SELECT json_build_object('id', g.id, 'name', g.name, 'address', g.address)
                FROM object_groups g WHERE g.id = r.object_group_id), 'objectGroupId', r.object_group_id,
              'name', r.name, 'number', r.number, 'floor', r.floor, 'roomType', \(dirRef("r.room_type_id")), 'roomTypeId', r.room_type_id,
              'area', r.area, 'capacity', r.capacity, 'accessible', r.accessible, 'description', r.description,
              'createdAt', \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.name", search: "r.name || ' ' || coalesce(r.number, '')",
        csv: [("id", "r.id::text"), ("name", "r.name"), ("number", "coalesce(r.number, '')"), ("floor", "coalesce(r.floor, '')"),
              ("objectGroup", "(SELECT name || ', ' || address FROM object_groups WHERE id = r.object_group_id)"),
              ("roomType", "coalesce(\(dirName("r.room_type_id")), '')"), ("area", "coalesce(r.area::text, '')"),
              ("capacity", "coalesce(r.capacity::text, '')"), ("accessible", "CASE WHEN r.accessible THEN 'да' ELSE 'нет' END"),
              ("description", "coalesce(r.description, '')")],
        validate: { input in
            var i = try input.decode(RoomInput.self)
            var keys = input.keys
            // "copy from": fields not sent are taken from an existing room of the same organization
            if input.isCreate, let source = i.copyFromId {
                guard let row = try await input.conn.rows(
                    """
                    SELECT json_build_object('objectGroupId', object_group_id, 'name', name, 'number', number, 'floor', floor,
                      'roomTypeId', room_type_id, 'area', area, 'capacity', capacity, 'accessible', accessible, 'description', description)::text
                    FROM rooms WHERE id = \(source) AND org_id = \(input.orgId)
                    """, logger: input.db.logger
                ).first else { throw Problem.validation([FieldError("copyFromId", "not_found", "Помещение для копирования не найдено")]) }
                let copy = try JSONDecoder.api.decode(RoomInput.self, from: Data(try row.decode(String.self).utf8))
                i = RoomInput(objectGroupId: keys.contains("objectGroupId") ? i.objectGroupId : copy.objectGroupId,
                              name: keys.contains("name") ? i.name : copy.name.map { "\($0) (копия)" },
                              number: keys.contains("number") ? i.number : copy.number, floor: keys.contains("floor") ? i.floor : copy.floor,
                              roomTypeId: keys.contains("roomTypeId") ? i.roomTypeId : copy.roomTypeId, area: keys.contains("area") ? i.area : copy.area,
                              capacity: keys.contains("capacity") ? i.capacity : copy.capacity,
                              accessible: keys.contains("accessible") ? i.accessible : copy.accessible,
                              description: keys.contains("description") ? i.description : copy.description)
                keys.formUnion(["objectGroupId", "name", "number", "floor", "roomTypeId", "area", "capacity", "accessible", "description"])
            }
            var v = Validator()
            var out: [(String, SQLValue)] = []
            if input.has("objectGroupId") {
                if i.objectGroupId == nil { v.add("objectGroupId", "required", "Выберите группу объектов (здание)") }
                let id = try await input.ownRow(i.objectGroupId, table: "object_groups", field: "objectGroupId", message: "Группа объектов не найдена", &v)
                out.append(("object_group_id", .uuid(id)))
            }
            if input.has("name") { out.append(("name", .text(v.required(i.name, "name", max: 255)))) }
            if input.has("number") { out.append(("number", .text(v.optional(i.number, "number", max: 50)))) }
            if input.has("floor") { out.append(("floor", .text(v.optional(i.floor, "floor", max: 20)))) }
            if input.has("roomTypeId") {
                out.append(("room_type_id", .uuid(try await input.directoryItem(i.roomTypeId, kind: .roomTypes, field: "roomTypeId", &v))))
            }
            if input.has("area") {
                if let a = i.area, !(a > 0 && a < 1_000_000) { v.add("area", "out_of_range", "Площадь — положительное число, м²") }
                out.append(("area", .decimal(i.area)))
            }
            if input.has("capacity") {
                if let c = i.capacity, !(1...10_000).contains(c) { v.add("capacity", "out_of_range", "Вместимость — от 1 до 10 000 человек") }
                out.append(("capacity", .int(i.capacity)))
            }
            if input.has("accessible") { out.append(("accessible", .bool(i.accessible ?? false))) }
            if input.has("description") { out.append(("description", .text(v.optional(i.description, "description", max: 5000)))) }
            try v.throwIfInvalid()
            return out
        })

    // MARK: equipment

    struct EquipmentInput: Decodable {
        var roomId: UUID?; var equipmentTypeId: UUID?; var name: String?; var quantity: Int?; var inventoryNumber: String?
        var software: String?; var consumables: String?; var description: String?
    }

    static let equipment = InventoryResource(
        path: "equipment", table: "equipment", entity: "equipment", title: "Оборудование",
        json: """
            json_build_object('id', r.id, 'room', (SELECT json_build_object('id', rm.id, 'name', rm.name) FROM rooms rm WHERE rm.id = r.room_id),
              'roomId', r.room_id, 'equipmentType', \(dirRef("r.equipment_type_id")), 'equipmentTypeId', r.equipment_type_id, 'name', r.name,
              'quantity', r.quantity, 'inventoryNumber', r.inventory_number, 'software', r.software, 'consumables', r.consumables,
              'description', r.description, 'createdAt', \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.name", search: "r.name || ' ' || coalesce(r.inventory_number, '') || ' ' || coalesce(r.software, '')",
        csv: [("id", "r.id::text"), ("name", "r.name"), ("equipmentType", "coalesce(\(dirName("r.equipment_type_id")), '')"),
              ("quantity", "r.quantity::text"), ("inventoryNumber", "coalesce(r.inventory_number, '')"),
              ("room", "coalesce((SELECT name FROM rooms WHERE id = r.room_id), '')"), ("software", "coalesce(r.software, '')"),
              ("consumables", "coalesce(r.consumables, '')"), ("description", "coalesce(r.description, '')")],
        validate: { input in
            let i = try input.decode(EquipmentInput.self)
            var v = Validator()
            var out: [(String, SQLValue)] = []
            if input.has("name") { out.append(("name", .text(v.required(i.name, "name", max: 255)))) }
            if input.has("roomId") {
                out.append(("room_id", .uuid(try await input.ownRow(i.roomId, table: "rooms", field: "roomId", message: "Помещение не найдено", &v))))
            }
            if input.has("equipmentTypeId") {
                out.append(("equipment_type_id", .uuid(try await input.directoryItem(i.equipmentTypeId, kind: .equipmentTypes, field: "equipmentTypeId", &v))))
            }
            if input.has("quantity") {
                let q = i.quantity ?? 1
                if !(1...100_000).contains(q) { v.add("quantity", "out_of_range", "Количество — от 1 до 100 000") }
                out.append(("quantity", .int(q)))
            }
            if input.has("inventoryNumber") { out.append(("inventory_number", .text(v.optional(i.inventoryNumber, "inventoryNumber", max: 100)))) }
            if input.has("software") { out.append(("software", .text(v.optional(i.software, "software", max: 5000)))) }
            if input.has("consumables") { out.append(("consumables", .text(v.optional(i.consumables, "consumables", max: 5000)))) }
            if input.has("description") { out.append(("description", .text(v.optional(i.description, "description", max: 5000)))) }
            try v.throwIfInvalid()
            return out
        })

    // MARK: staff resources

    struct StaffResourceInput: Decodable {
        var userId: UUID?; var lastName: String?; var firstName: String?; var middleName: String?; var position: String?
        var email: String?; var phone: String?; var worldskillsExpert: Bool?; var photoFileId: UUID?; var achievements: String?
        var competencyIds: [UUID]?
    }

    static let staff = InventoryResource(
        path: "staff-resources", table: "staff_resources", entity: "staff_resource", title: "Кадровые ресурсы",
        json: """
            json_build_object('id', r.id, 'userId', r.user_id, 'lastName', r.last_name, 'firstName', r.first_name, 'middleName', r.middle_name,
              'position', r.position, 'email', r.email, 'phone', r.phone, 'worldskillsExpert', r.worldskills_expert,
              'photo', CASE WHEN r.photo_file_id IS NULL THEN NULL ELSE json_build_object('id', r.photo_file_id, 'url', '/api/v1/files/' || r.photo_file_id) END,
              'achievements', r.achievements,
              'competencies', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name', d.name) ORDER BY d.name)
                  FROM staff_resource_competencies sc JOIN directory_items d ON d.id = sc.competency_id WHERE sc.staff_id = r.id), '[]'),
              'createdAt', \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.last_name || ' ' || r.first_name", search: "r.last_name || ' ' || r.first_name || ' ' || coalesce(r.middle_name, '') || ' ' || r.position",
        csv: [("id", "r.id::text"), ("lastName", "r.last_name"), ("firstName", "r.first_name"), ("middleName", "coalesce(r.middle_name, '')"),
              ("position", "r.position"), ("email", "coalesce(r.email, '')"), ("phone", "coalesce(r.phone, '')"),
              ("worldskillsExpert", "CASE WHEN r.worldskills_expert THEN 'да' ELSE 'нет' END"),
              ("competencies", "coalesce((SELECT string_agg(d.name, '; ' ORDER BY d.name) FROM staff_resource_competencies sc JOIN directory_items d ON d.id = sc.competency_id WHERE sc.staff_id = r.id), '')"),
              ("achievements", "coalesce(r.achievements, '')")],
        validate: { input in
            let i = try input.decode(StaffResourceInput.self)
            var v = Validator()
            var out: [(String, SQLValue)] = []
            if input.has("lastName") { out.append(("last_name", .text(v.required(i.lastName, "lastName", max: 100)))) }
            if input.has("firstName") { out.append(("first_name", .text(v.required(i.firstName, "firstName", max: 100)))) }
            if input.has("middleName") { out.append(("middle_name", .text(v.optional(i.middleName, "middleName", max: 100)))) }
            if input.has("position") { out.append(("position", .text(v.required(i.position, "position", max: 200)))) }
            if input.has("email") {
                let email = v.optional(i.email, "email", max: 254)
                if let email, !Validator.looksLikeEmail(email.lowercased()) { v.add("email", "invalid_email", "Некорректный адрес электронной почты") }
                out.append(("email", .text(email?.lowercased())))
            }
            if input.has("phone") { out.append(("phone", .text(v.phone(i.phone, "phone")))) }
            if input.has("worldskillsExpert") { out.append(("worldskills_expert", .bool(i.worldskillsExpert ?? false))) }
            if input.has("achievements") { out.append(("achievements", .text(v.optional(i.achievements, "achievements", max: 10000)))) }
            if input.has("userId"), let userId = i.userId {
                // a linked account must be a member of this organization
                let member = try await input.conn.rows(
                    "SELECT 1 FROM memberships WHERE user_id = \(userId) AND org_id = \(input.orgId)", logger: input.db.logger).count
                if member == 0 { v.add("userId", "not_member", "Учётная запись не состоит в организации") }
                out.append(("user_id", .uuid(userId)))
            } else if input.has("userId") {
                out.append(("user_id", .uuid(nil)))
            }
            if input.has("photoFileId") {
                if let fileId = i.photoFileId {
                    let file = try await FilesRepository(db: input.db).attachable(id: fileId, to: input.orgId, by: input.identity.userId)
                    if file == nil { v.add("photoFileId", "not_found", "Файл не найден") }
                    else if file?.mime.hasPrefix("image/") != true { v.add("photoFileId", "not_image", "Фото должно быть изображением") }
                }
                out.append(("photo_file_id", .uuid(i.photoFileId)))
            }
            if input.has("competencyIds") {
                _ = try await DirectoryReferences(db: input.db).check(i.competencyIds, kind: .competencies, field: "competencyIds", &v, on: input.conn)
            }
            try v.throwIfInvalid()
            return out
        },
        afterWrite: { id, input in
            guard input.has("competencyIds") else { return }
            let ids = Array(Set((try input.decode(StaffResourceInput.self)).competencyIds ?? []))
            try await input.conn.run("DELETE FROM staff_resource_competencies WHERE staff_id = \(id)", logger: input.db.logger)
            try await input.conn.run(
                "INSERT INTO staff_resource_competencies (staff_id, competency_id) SELECT \(id), unnest(\(ids)::uuid[])", logger: input.db.logger)
        })
}
