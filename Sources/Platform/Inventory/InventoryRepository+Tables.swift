import Foundation

/// How each inventory table reads: a row `r` as JSON (built by PostgreSQL), its sort key and searched text, its CSV.
struct InventoryTable: Sendable {
    let name: String
    /// JSON of one row `r`, built by PostgreSQL.
    let json: String
    /// Text sort key for keyset pages and the name search.
    let sortKey: String
    let search: String
    let csv: [(header: String, sql: String)]
}

extension InventoryTable {
    static func dirName(_ column: String) -> String { "(SELECT name FROM directory_items WHERE id = \(column))" }
    static func dirRef(_ column: String) -> String {
        "(SELECT json_build_object('id', id, 'code', code, 'name', name) FROM directory_items WHERE id = \(column))"
    }
    static func utc(_ column: String) -> String { OrganizationProfileRepository.utc(column) }

    static let objectGroups = InventoryTable(
        name: "object_groups",
        json: """
            json_build_object('id', r.id, 'name', r.name, 'address', r.address,
              'roomCount', (SELECT count(*) FROM rooms WHERE object_group_id = r.id), 'createdAt',
                \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.name", search: "r.name || ' ' || r.address",
        csv: [("id", "r.id::text"), ("name", "r.name"), ("address", "r.address")])

    static let rooms = InventoryTable(
        name: "rooms",
        json: """
            json_build_object('id', r.id, 'objectGroup', (SELECT json_build_object('id', g.id, 'name', g.name,
              'address', g.address)
                FROM object_groups g WHERE g.id = r.object_group_id), 'objectGroupId', r.object_group_id,
              'name', r.name, 'number', r.number, 'floor', r.floor, 'roomType', \(dirRef("r.room_type_id")),
                'roomTypeId', r.room_type_id,
              'area', r.area, 'capacity', r.capacity, 'accessible', r.accessible, 'description', r.description,
              'createdAt', \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.name", search: "r.name || ' ' || coalesce(r.number, '')",
        csv: [
            ("id", "r.id::text"), ("name", "r.name"), ("number", "coalesce(r.number, '')"),
            ("floor", "coalesce(r.floor, '')"),
            ("objectGroup", "(SELECT name || ', ' || address FROM object_groups WHERE id = r.object_group_id)"),
            ("roomType", "coalesce(\(dirName("r.room_type_id")), '')"), ("area", "coalesce(r.area::text, '')"),
            ("capacity", "coalesce(r.capacity::text, '')"),
            ("accessible", "CASE WHEN r.accessible THEN 'да' ELSE 'нет' END"),
            ("description", "coalesce(r.description, '')"),
        ])

    static let equipment = InventoryTable(
        name: "equipment",
        json: """
            json_build_object('id', r.id, 'room', (SELECT json_build_object('id', rm.id, 'name',
              rm.name) FROM rooms rm WHERE rm.id = r.room_id),
              'roomId', r.room_id, 'equipmentType', \(dirRef("r.equipment_type_id")), 'equipmentTypeId',
                r.equipment_type_id, 'name', r.name,
              'quantity', r.quantity, 'inventoryNumber', r.inventory_number, 'software', r.software, 'consumables',
                r.consumables,
              'description', r.description, 'createdAt', \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.name",
        search: "r.name || ' ' || coalesce(r.inventory_number, '') || ' ' || coalesce(r.software, '')",
        csv: [
            ("id", "r.id::text"), ("name", "r.name"),
            ("equipmentType", "coalesce(\(dirName("r.equipment_type_id")), '')"),
            ("quantity", "r.quantity::text"), ("inventoryNumber", "coalesce(r.inventory_number, '')"),
            ("room", "coalesce((SELECT name FROM rooms WHERE id = r.room_id), '')"),
            ("software", "coalesce(r.software, '')"),
            ("consumables", "coalesce(r.consumables, '')"), ("description", "coalesce(r.description, '')"),
        ])

    static let staff = InventoryTable(
        name: "staff_resources",
        json: """
            json_build_object('id', r.id, 'userId', r.user_id, 'lastName', r.last_name, 'firstName', r.first_name,
              'middleName', r.middle_name,
              'position', r.position, 'email', r.email, 'phone', r.phone, 'worldskillsExpert', r.worldskills_expert,
              'photo', CASE WHEN r.photo_file_id IS NULL THEN NULL ELSE json_build_object('id', r.photo_file_id, 'url',
                '/api/v1/files/' || r.photo_file_id) END,
              'achievements', r.achievements,
              'competencies', coalesce((SELECT json_agg(json_build_object('id', d.id, 'code', d.code, 'name',
                d.name) ORDER BY d.name)
                  FROM staff_resource_competencies sc JOIN directory_items d ON d.id = sc.competency_id
                    WHERE sc.staff_id = r.id), '[]'),
              'createdAt', \(utc("r.created_at")), 'version', r.version)
            """,
        sortKey: "r.last_name || ' ' || r.first_name",
        search: "r.last_name || ' ' || r.first_name || ' ' || coalesce(r.middle_name, '') || ' ' || r.position",
        csv: [
            ("id", "r.id::text"), ("lastName", "r.last_name"), ("firstName", "r.first_name"),
            ("middleName", "coalesce(r.middle_name, '')"),
            ("position", "r.position"), ("email", "coalesce(r.email, '')"), ("phone", "coalesce(r.phone, '')"),
            ("worldskillsExpert", "CASE WHEN r.worldskills_expert THEN 'да' ELSE 'нет' END"),
            (
                "competencies",
                """
                coalesce((SELECT string_agg(d.name, '; ' ORDER BY d.name) FROM staff_resource_competencies sc
                  JOIN directory_items d ON d.id = sc.competency_id WHERE sc.staff_id = r.id), '')
                """
            ),
            ("achievements", "coalesce(r.achievements, '')"),
        ])
}
