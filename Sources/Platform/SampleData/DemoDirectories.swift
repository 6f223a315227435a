import Foundation
import PostgresNIO

/// Regional directory content for the demo: municipalities of Irkutsk oblast, industries, professions, competencies.
enum DemoDirectories {
    static let municipalities = [
        "г. Иркутск", "г. Ангарск", "г. Братск", "г. Усолье-Сибирское", "г. Усть-Илимск", "г. Черемхово", "г. Шелехов",
        "г. Саянск",
        "г. Тулун", "г. Нижнеудинск", "г. Тайшет", "г. Бодайбо", "г. Зима", "г. Свирск", "Иркутский район",
        "Ангарский городской округ",
        "Братский район", "Куйтунский район", "Заларинский район", "Эхирит-Булагатский район", "Ольхонский район",
        "Слюдянский район",
        "Казачинско-Ленский район", "Усть-Кутский район", "Катангский район",
    ]

    static let industries: [(code: String, name: String)] = [
        ("mech", "Машиностроение и металлообработка"), ("constr", "Строительство и ЖКХ"),
        ("it", "Информационные технологии"),
        ("energy", "Энергетика"), ("transport", "Транспорт и логистика"),
        ("health", "Здравоохранение и социальные услуги"),
        ("agro", "Сельское хозяйство и пищевая промышленность"), ("service", "Сфера услуг и туризм"),
        ("mining", "Горнодобывающая промышленность"),
        ("wood", "Лесная и деревообрабатывающая промышленность"), ("aviation", "Авиастроение"),
        ("education", "Образование"),
    ]

    static let professions: [(industry: String, code: String, name: String)] = [
        ("mech", "19149", "Токарь"), ("mech", "19479", "Фрезеровщик"),
        ("mech", "14989", "Наладчик станков и манипуляторов с ПУ"),
        ("mech", "19756", "Электрогазосварщик"), ("mech", "18809", "Станочник широкого профиля"),
        ("mech", "18466", "Слесарь механосборочных работ"),
        ("constr", "12680", "Каменщик"), ("constr", "19727", "Штукатур"), ("constr", "18880", "Столяр строительный"),
        ("constr", "15220", "Облицовщик-плиточник"),
        ("constr", "19861", "Электромонтёр по ремонту и обслуживанию электрооборудования"),
        ("it", "16199", "Оператор электронно-вычислительных и вычислительных машин"),
        ("it", "prog", "Программист"), ("it", "sysadm", "Системный администратор"), ("it", "web", "Веб-разработчик"),
        ("energy", "19820", "Электромонтёр по обслуживанию подстанций"),
        ("energy", "13321", "Лаборант химического анализа"),
        ("transport", "11442", "Водитель автомобиля"), ("transport", "18511", "Слесарь по ремонту автомобилей"),
        ("transport", "13790", "Машинист крана (крановщик)"),
        ("health", "24232", "Младшая медицинская сестра по уходу за больными"),
        ("health", "social", "Социальный работник"),
        ("agro", "19601", "Шеф-повар"), ("agro", "16675", "Повар"), ("agro", "16472", "Пекарь"),
        ("agro", "11176", "Бармен"),
        ("agro", "19205", "Тракторист-машинист сельскохозяйственного производства"), ("service", "12901", "Кондитер"),
        ("service", "16437", "Парикмахер"), ("service", "guide", "Экскурсовод (гид)"),
        ("service", "11695", "Горничная"),
        ("mining", "13590", "Машинист буровой установки"), ("mining", "13583", "Машинист бульдозера"),
        ("wood", "19546", "Станочник деревообрабатывающих станков"),
        ("aviation", "18508", "Слесарь-сборщик летательных аппаратов"),
        ("aviation", "composite", "Специалист по композитным материалам"),
        ("education", "teacher_po", "Мастер производственного обучения"), ("education", "methodist", "Методист"),
    ]

    /// WorldSkills-style competencies with the lists that pre-fill modules; `priority` marks the region's priorities in
    /// order.
    static let competencies:
        [(
            code: String, industry: String, name: String, priority: Int?, knowledge: [String], skills: [String],
            rooms: [String], equipment: [String]
        )] = [
            (
                "cnc_turning", "mech", "Токарные работы на станках с ЧПУ", 1,
                ["Устройство токарных станков с ЧПУ", "Чтение чертежей"],
                ["Программирование обработки в G-кодах", "Наладка станка"], ["workshop"], ["cnc", "pc"]
            ),
            (
                "cnc_milling", "mech", "Фрезерные работы на станках с ЧПУ", 2, ["Режимы резания", "CAD/CAM-системы"],
                ["Составление управляющих программ"], ["workshop"], ["cnc", "pc"]
            ),
            (
                "welding", "mech", "Сварочные технологии", 3, ["Виды сварки", "Охрана труда при сварочных работах"],
                ["Сварка в разных пространственных положениях"],
                ["workshop"], ["welding"]
            ),
            (
                "it_software", "it", "Программные решения для бизнеса", 4, ["Языки программирования", "Базы данных"],
                ["Разработка приложений"], ["computer_lab"], ["pc"]
            ),
            (
                "web_dev", "it", "Веб-технологии", 5, ["HTML, CSS, JavaScript", "HTTP"],
                ["Вёрстка", "Разработка серверной части"], ["computer_lab"], ["pc"]
            ),
            (
                "net_admin", "it", "Сетевое и системное администрирование", nil, ["Сетевые протоколы"],
                ["Настройка серверов и сетей"], ["computer_lab"], ["pc"]
            ),
            (
                "cyber", "it", "Корпоративная защита от внутренних угроз информационной безопасности", nil,
                ["Законодательство о защите информации"],
                ["Настройка средств защиты"], ["computer_lab"], ["pc", "software"]
            ),
            (
                "electro", "constr", "Электромонтаж", 6, ["Правила устройства электроустановок"],
                ["Монтаж электропроводки"], ["workshop"], ["lab_stand"]
            ),
            (
                "plumbing", "constr", "Сантехника и отопление", nil, ["Системы водоснабжения"],
                ["Монтаж трубопроводов"], ["workshop"], ["simulator"]
            ),
            ("brick", "constr", "Кирпичная кладка", nil, ["Виды кладки"], ["Кладка стен"], ["workshop"], []),
            (
                "plaster", "constr", "Сухое строительство и штукатурные работы", nil, ["Материалы для отделки"],
                ["Монтаж каркасно-обшивных конструкций"], ["workshop"], []
            ),
            (
                "carpentry", "constr", "Столярное дело", nil, ["Породы древесины"], ["Изготовление столярных изделий"],
                ["workshop"], []
            ),
            (
                "car_repair", "transport", "Ремонт и обслуживание легковых автомобилей", 7, ["Устройство автомобиля"],
                ["Диагностика двигателя"], ["workshop"], ["lab_stand"]
            ),
            (
                "logistics", "transport", "Экспедирование грузов", nil, ["Транспортная логистика"],
                ["Оформление перевозочных документов"], ["classroom"], ["pc"]
            ),
            (
                "cooking", "agro", "Поварское дело", 8, ["Технология приготовления блюд", "Санитарные нормы"],
                ["Приготовление блюд"], ["workshop"], []
            ),
            (
                "pastry", "agro", "Кондитерское дело", nil, ["Технология кондитерских изделий"],
                ["Декорирование изделий"], ["workshop"], []
            ),
            ("bakery", "agro", "Хлебопечение", nil, ["Виды теста"], ["Выпечка хлеба"], ["workshop"], []),
            (
                "agro_mech", "agro", "Эксплуатация сельскохозяйственных машин", nil, ["Устройство тракторов"],
                ["Техническое обслуживание машин"], ["workshop"], ["simulator"]
            ),
            (
                "care", "health", "Медицинский и социальный уход", 9, ["Основы ухода за больными"],
                ["Перемещение пациента"], ["laboratory"], ["simulator"]
            ),
            (
                "hair", "service", "Парикмахерское искусство", nil, ["Технологии стрижек"], ["Моделирование причёсок"],
                ["workshop"], []
            ),
            (
                "tourism", "service", "Туризм", nil, ["Туристские ресурсы Байкальского региона"], ["Разработка туров"],
                ["classroom"], ["pc"]
            ),
            (
                "hotel", "service", "Администрирование отеля", nil, ["Стандарты гостеприимства"],
                ["Работа с системой бронирования"], ["computer_lab"], ["pc"]
            ),
            (
                "mining_eq", "mining", "Эксплуатация горного оборудования", nil, ["Горное оборудование"],
                ["Управление буровой установкой"], ["laboratory"], ["simulator"]
            ),
            (
                "woodwork", "wood", "Обработка древесины на станках", nil, ["Деревообрабатывающие станки"],
                ["Раскрой древесины"], ["workshop"], []
            ),
            (
                "aircraft", "aviation", "Производство летательных аппаратов", 10, ["Конструкция планера"],
                ["Клёпка и сборка агрегатов"], ["workshop"], ["lab_stand"]
            ),
            (
                "composite", "aviation", "Изготовление изделий из полимерных композиционных материалов", nil,
                ["Композиционные материалы"], ["Формование изделий"],
                ["laboratory"], []
            ),
            (
                "drone", "aviation", "Эксплуатация беспилотных авиационных систем", 11, ["Воздушное законодательство"],
                ["Пилотирование БПЛА"], ["classroom"], ["simulator"]
            ),
            (
                "lab_chem", "energy", "Лабораторный химический анализ", nil, ["Методы химического анализа"],
                ["Проведение анализа проб"], ["laboratory"], ["lab_stand"]
            ),
            (
                "energy_sys", "energy", "Обслуживание электрических подстанций", nil, ["Схемы подстанций"],
                ["Оперативные переключения"], ["laboratory"], ["simulator"]
            ),
            (
                "teaching", "education", "Преподавание в младших классах", nil, ["Педагогика и психология"],
                ["Проведение урока"], ["classroom"], ["interactive_board"]
            ),
            (
                "mentoring", "education", "Наставничество на производстве", nil, ["Адаптация работников"],
                ["Организация наставничества"], ["classroom"], ["projector"]
            ),
        ]

    static func loadIfEmpty(db: Database) async throws {
        let present = try await db.rows("SELECT count(*)::int FROM directory_items WHERE kind = 'municipalities'")[0]
            .decode(Int.self)
        guard present == 0 else { return }
        try await db.transaction { conn in
            for (i, name) in municipalities.enumerated() {
                try await conn.run(
                    """
                    INSERT INTO directory_items (kind, code, name, sort_order) VALUES ('municipalities',
                      \(String(format: "38-%02d", i + 1)), \(name), \(i))
                    """,
                    logger: db.logger)
            }
            for (i, industry) in industries.enumerated() {
                try await conn.run(
                    """
                    INSERT INTO directory_items (kind, code, name, sort_order) VALUES ('industries', \(industry.code),
                      \(industry.name), \(i))
                    """,
                    logger: db.logger)
            }
            for p in professions {
                try await conn.run(
                    """
                    INSERT INTO directory_items (kind, code, name, parent_id)
                    SELECT 'professions', \(p.code), \(p.name), id FROM directory_items WHERE kind = 'industries'
                      AND code = \(p.industry)
                    """, logger: db.logger)
            }
            for c in competencies {
                let details = CompetencyDetails(
                    knowledge: c.knowledge, skills: c.skills,
                    experience: ["Выполнение практических заданий по стандартам чемпионата «Профессионалы»"],
                    roomTypes: c.rooms, equipmentTypes: c.equipment,
                    teacherRequirements: [
                        "Высшее или среднее профессиональное образование по профилю",
                        "Опыт практической работы не менее 3 лет",
                    ])
                let json = String(decoding: try JSONEncoder.sorted.encode(details), as: UTF8.self)
                try await conn.run(
                    """
                    INSERT INTO directory_items (kind, code, name, parent_id, is_priority, priority_order, details)
                    SELECT 'competencies', \(c.code), \(c.name), id, \(c.priority != nil), \(c.priority), \(json)::jsonb
                    FROM directory_items WHERE kind = 'industries' AND code = \(c.industry)
                    """, logger: db.logger)
            }
            for (i, s) in [("courses", "Курсы"), ("events", "Мероприятия"), ("career", "Профориентация")].enumerated() {
                try await conn.run(
                    """
                    INSERT INTO directory_items (kind, code, name, sort_order) VALUES ('catalog_sections', \(s.0),
                      \(s.1), \(i))
                    """,
                    logger: db.logger)
            }
            // the calendar's subsections (seed 000 §9 «Раздел», «Подраздел»)
            for (parent, code, name) in [
                ("events", "master_classes", "Мастер-классы"), ("events", "championships", "Чемпионаты и конкурсы"),
                ("events", "conferences", "Конференции и семинары"), ("career", "open_days", "Дни открытых дверей"),
                ("career", "trials", "Профессиональные пробы"), ("career", "excursions", "Экскурсии на предприятия"),
            ] {
                try await conn.run(
                    """
                    INSERT INTO directory_items (kind, code, name, parent_id)
                    SELECT 'catalog_sections', \(code), \(name), id FROM directory_items
                    WHERE kind = 'catalog_sections' AND code = \(parent)
                    """, logger: db.logger)
            }
            for t in [
                "цифровые навыки", "для людей с ОВЗ", "бесплатно", "для старшеклассников", "для пенсионеров",
                "рабочие профессии", "природа", "творчество",
            ] {
                try await conn.run(
                    "INSERT INTO directory_items (kind, code, name) VALUES ('tags', \(t.hashCode), \(t))",
                    logger: db.logger)
            }
        }
    }
}

extension String {
    /// A stable ASCII code for a Cyrillic tag (its hex UTF-8 prefix), used only for demo content.
    fileprivate var hashCode: String { "t" + utf8.prefix(12).map { String(format: "%02x", $0) }.joined() }
}
