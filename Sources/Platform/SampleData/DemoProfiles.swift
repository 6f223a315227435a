import Foundation
import PostgresNIO

/// Fills the demo organizations' profiles and the college's inventory, so every page shows believable data.
enum DemoProfiles {
    static func load(orgIds: [UUID], on conn: PostgresConnection, db: Database) async throws {
        let college = orgIds[0]
        let employer = orgIds[1]
        func dir(_ kind: String, _ code: String) -> String {
            "(SELECT id FROM directory_items WHERE kind = '\(kind)' AND code = '\(code)')"
        }
        try await conn.run(
            """
            UPDATE organizations SET public_name = 'Иркутский техникум машиностроения', roles = ARRAY['contractor',
              'customer'],
              org_type_id = \(unescaped: dir("organization_types", "poo")),
                municipality_id = \(unescaped: dir("municipalities", "38-01")),
              legal_form_id = \(unescaped: dir("legal_forms", "state")), legal_status = 'autonomous',
                settlement_type = 'city',
              description =
                'Один из старейших техникумов Приангарья: токари, фрезеровщики, сварщики, наладчики станков с ЧПУ. '
                || 'Площадка ЦОПП по направлениям «Машиностроение» и «Сварочные технологии».',
              head_name = 'Орлова Наталья Ивановна', head_position = 'Директор', okpo = '00032537',
                okved_main = '85.21', okved_extra = ARRAY['85.42.9', '85.30'],
              bank_name = 'ПАО Сбербанк', bik = '044525225', corr_account = '30101810400000000225',
                settlement_account = '40702810938000000001',
              contacts = jsonb_build_object('address', '664025, г. Иркутск, ул. Ленина, д. 5',
                'phones', jsonb_build_array('+7 (3952) 50-02-87'), 'emails', jsonb_build_array('info@itm.example'),
                'website', 'https://itm.example', 'workingHours', 'Пн–Пт 8:30–17:30')
            WHERE id = \(college)
            """, logger: db.logger)
        try await conn.run(
            """
            UPDATE organizations SET roles = ARRAY['employer', 'customer'],
              municipality_id = \(unescaped: dir("municipalities", "38-01")),
              org_type_id = \(unescaped: dir("organization_types", "employer")),
                legal_form_id = \(unescaped: dir("legal_forms", "private")),
              description =
                'Авиастроительное предприятие: сборка самолётов, механообработка, композитное производство. '
                || 'Заказывает обучение рабочих кадров.',
              contacts = jsonb_build_object('address', '664020, г. Иркутск, ул. Новаторов, д. 3',
                'phones', jsonb_build_array('+7 (3952) 32-00-00'), 'emails', jsonb_build_array('hr@iaz.example'))
            WHERE id = \(employer)
            """, logger: db.logger)
        for code in ["cnc_turning", "cnc_milling", "welding", "electro"] {
            try await conn.run(
                """
                INSERT INTO organization_competencies (org_id, competency_id) SELECT \(college),
                  id FROM directory_items WHERE kind = 'competencies' AND code = \(code)
                """,
                logger: db.logger)
        }
        let building = try await conn.rows(
            """
            INSERT INTO object_groups (org_id, name, address) VALUES (\(college), 'Учебно-производственный корпус',
              'г. Иркутск, ул. Ленина, д. 5, корп. 2') RETURNING id
            """,
            logger: db.logger)[0].decode(UUID.self)
        let rooms: [(String, String, String, Double, Int, Bool)] = [
            ("Токарная мастерская с ЧПУ", "101", "workshop", 120.5, 12, true),
            ("Сварочная мастерская", "104", "workshop", 96.0, 10, false),
            ("Компьютерный класс САПР", "215", "computer_lab", 64.0, 15, true),
            ("Лекционная аудитория", "301", "classroom", 72.0, 30, true),
        ]
        var roomIds: [UUID] = []
        for r in rooms {
            roomIds.append(
                try await conn.rows(
                    """
                    INSERT INTO rooms (org_id, object_group_id, name, number, room_type_id, area, capacity, accessible)
                    VALUES (\(college), \(building), \(r.0), \(r.1), \(unescaped: dir("room_types", r.2)),
                      \(r.3)::numeric, \(r.4), \(r.5)) RETURNING id
                    """, logger: db.logger)[0].decode(UUID.self))
        }
        let equipment: [(Int, String, String, Int, String?)] = [
            (0, "Токарный станок с ЧПУ", "cnc", 6, "Sinumerik 828D"), (1, "Сварочный пост MIG/MAG", "welding", 8, nil),
            (2, "Рабочая станция САПР", "pc", 15, "КОМПАС-3D, SprutCAM"),
            (3, "Мультимедийный проектор", "projector", 1, nil),
        ]
        for e in equipment {
            try await conn.run(
                """
                INSERT INTO equipment (org_id, room_id, equipment_type_id, name, quantity, software)
                VALUES (\(college), \(roomIds[e.0]), \(unescaped: dir("equipment_types", e.2)), \(e.1), \(e.3), \(e.4))
                """, logger: db.logger)
        }
        let staff: [(String, String, String, String, Bool, String)] = [
            ("Смирнов", "Дмитрий", "Алексеевич", "Мастер производственного обучения", true, "cnc_turning"),
            ("Лебедева", "Ольга", "Николаевна", "Методист", false, "cnc_milling"),
            ("Гончаров", "Виктор", "Петрович", "Преподаватель спецдисциплин", true, "welding"),
        ]
        for s in staff {
            let id = try await conn.rows(
                """
                INSERT INTO staff_resources (org_id, user_id, last_name, first_name, middle_name, position,
                  worldskills_expert, achievements)
                VALUES (\(college), (SELECT id FROM users WHERE last_name = \(s.0) AND first_name = \(s.1)
                  AND email LIKE '%@copp.demo'),
                        \(s.0), \(s.1), \(s.2), \(s.3), \(s.4), 'Стажировка на АО «ИАЗ», 2025') RETURNING id
                """, logger: db.logger)[0].decode(UUID.self)
            try await conn.run(
                """
                INSERT INTO staff_resource_competencies (staff_id, competency_id) SELECT \(id),
                  id FROM directory_items WHERE kind = 'competencies' AND code = \(s.5)
                """,
                logger: db.logger)
        }
    }
}
