import Foundation
import PostgresNIO
import XCTest

@testable import Platform

/// The relevance test set (issue 13): real questions people type into the catalog, each with the program that must
/// come first. A catalog of 48 programs with real names is entered straight into the database; the questions go
/// through the public API as a citizen would ask them.
final class SearchRelevanceTests: XCTestCase {
    /// (name, description, qualification)
    static let programs: [(String, String, String?)] = [
        ("Электрогазосварщик", "Ручная дуговая и газовая сварка металлоконструкций.", "Электрогазосварщик (код 19756)"),
        ("Газосварщик: сварка трубопроводов", "Газовая сварка стальных трубопроводов.", "Газосварщик (код 11620)"),
        ("Сварщик частично механизированной сварки плавлением", "Полуавтоматическая сварка.", nil),
        ("Программирование на Python для начинающих", "Переменные, циклы, функции и первые проекты.", nil),
        ("1С:Бухгалтерия 8.3 для начинающих бухгалтеров", "Учёт в типовой конфигурации.", nil),
        ("Охрана труда для руководителей и специалистов", "Обязанности работодателя, инструктажи.", nil),
        ("Пожарно-технический минимум", "Требования пожарной безопасности на объекте.", nil),
        ("Оказание первой помощи пострадавшим", "Сердечно-лёгочная реанимация, остановка кровотечений.", nil),
        (
            "Инклюзивное образование обучающихся с ограниченными возможностями здоровья",
            "Для педагогов колледжей: адаптированные программы.", nil
        ),
        ("Профессиональная переподготовка «Специалист по кадрам»", "Кадровое делопроизводство.", nil),
        ("Токарь", "Обработка деталей на токарных станках.", "Токарь (код 19149)"),
        ("Фрезеровщик", "Фрезерная обработка деталей.", "Фрезеровщик (код 19479)"),
        ("Оператор станков с программным управлением", "Наладка и работа на станках.", nil),
        ("Электромонтёр по ремонту и обслуживанию электрооборудования", "Ремонт электрооборудования цехов.", nil),
        ("Повар", "Приготовление блюд русской и европейской кухни.", "Повар (код 16675)"),
        ("Кондитер", "Торты, пирожные, украшение изделий.", nil),
        ("Парикмахер", "Стрижки, окрашивание, укладки.", nil),
        ("Водитель погрузчика", "Управление вилочным погрузчиком на складе.", nil),
        ("Машинист экскаватора", "Земляные работы и обслуживание машины.", nil),
        ("Слесарь-сантехник", "Монтаж и ремонт систем водоснабжения.", nil),
        ("JavaScript: разработка веб-приложений", "Интерфейсы сайтов и работа с данными.", nil),
        ("Excel для анализа данных", "Формулы, сводные таблицы, диаграммы.", nil),
        ("AutoCAD: двухмерное черчение", "Чертежи по ЕСКД в системе автоматизированного проектирования.", nil),
        ("Бережливое производство", "Поток, стандартизация, картирование процессов.", nil),
        ("Управление многоквартирными домами", "Лицензионные требования и работа с жильцами.", nil),
        ("Контрактная система в сфере закупок (44-ФЗ)", "Планирование и проведение закупок.", nil),
        ("Кибербезопасность для сотрудников", "Пароли, фишинг, защита персональных данных.", nil),
        ("Английский язык для профессионального общения", "Деловая переписка и переговоры.", nil),
        ("Ёлочные украшения своими руками", "Мастер-класс для школьников.", nil),
        ("Маникюр и педикюр", "Аппаратный маникюр, покрытие гель-лаком.", nil),
        ("Бухгалтерский учёт в бюджетных учреждениях", "План счетов, отчётность учреждения.", nil),
        ("Сиделка: уход за больными", "Гигиена, питание и безопасность больного дома.", nil),
        ("Монтаж систем видеонаблюдения", "Камеры, регистраторы, прокладка кабеля.", nil),
        ("Основы предпринимательской деятельности", "Бизнес-план, налоги, первые клиенты.", nil),
        ("Цифровая грамотность для граждан старшего возраста", "Госуслуги, банк в телефоне, безопасность.", nil),
        ("Кровельщик", "Кровли из рулонных и штучных материалов.", nil),
        ("Каменщик", "Кладка стен и перегородок из кирпича.", nil),
        ("Штукатур", "Оштукатуривание поверхностей вручную и машинами.", nil),
        ("Облицовщик-плиточник", "Облицовка стен и полов плиткой.", nil),
        ("Тракторист-машинист сельскохозяйственного производства", "Трактор, навесные орудия, полевые работы.", nil),
        ("Бармен", "Приготовление напитков и обслуживание гостей.", nil),
        ("Официант", "Сервировка и обслуживание банкетов.", nil),
        ("Продавец продовольственных товаров", "Выкладка товара, касса, учёт.", nil),
        ("Мастер производственного обучения", "Методика практического обучения в мастерских.", nil),
        ("Машинист крана (крановщик)", "Подъём и перемещение грузов краном.", nil),
        ("Стропальщик", "Строповка грузов, знаковая сигнализация.", "Стропальщик (код 18897)"),
        // found by its text only: the welders' programs named «сварщик» must come before it
        ("Слесарь механосборочных работ", "Сборка узлов вместе со сварщиком на участке.", nil),
        ("Лаборант химического анализа", "Анализ проб воды и сплавов.", nil),
    ]

    /// (question, the name that must come first)
    static let questions: [(String, String)] = [
        ("электрогазосварщик", "Электрогазосварщик"),
        ("газосварщик", "Газосварщик: сварка трубопроводов"),
        ("сварщик", "Сварщик частично механизированной сварки плавлением"),
        ("программирование", "Программирование на Python для начинающих"),
        ("програмирование", "Программирование на Python для начинающих"),
        ("python", "Программирование на Python для начинающих"),
        ("пайтон", "Программирование на Python для начинающих"),
        ("Python на питоне", "Программирование на Python для начинающих"),
        ("бухгалтерия", "1С:Бухгалтерия 8.3 для начинающих бухгалтеров"),
        (",e[ufknthbz", "1С:Бухгалтерия 8.3 для начинающих бухгалтеров"),
        ("бухучет", "Бухгалтерский учёт в бюджетных учреждениях"),
        ("охрана труда", "Охрана труда для руководителей и специалистов"),
        ("пожарный минимум", "Пожарно-технический минимум"),
        ("первая помощь", "Оказание первой помощи пострадавшим"),
        ("ОВЗ", "Инклюзивное образование обучающихся с ограниченными возможностями здоровья"),
        ("пп кадры", "Профессиональная переподготовка «Специалист по кадрам»"),
        ("токарь", "Токарь"),
        ("токари", "Токарь"),
        ("njrfhm", "Токарь"),
        ("фрезеровщик", "Фрезеровщик"),
        ("фрезеровшик", "Фрезеровщик"),
        ("ЧПУ", "Оператор станков с программным управлением"),
        ("электрик", "Электромонтёр по ремонту и обслуживанию электрооборудования"),
        ("электромонтер", "Электромонтёр по ремонту и обслуживанию электрооборудования"),
        ("повар", "Повар"),
        ("кондитер", "Кондитер"),
        ("парикмахер", "Парикмахер"),
        ("погрузчик", "Водитель погрузчика"),
        ("экскаватор", "Машинист экскаватора"),
        ("сантехник", "Слесарь-сантехник"),
        ("javascript", "JavaScript: разработка веб-приложений"),
        ("эксель", "Excel для анализа данных"),
        ("автокад", "AutoCAD: двухмерное черчение"),
        ("бережливое производство", "Бережливое производство"),
        ("многоквартирные дома", "Управление многоквартирными домами"),
        ("44-ФЗ", "Контрактная система в сфере закупок (44-ФЗ)"),
        ("закупки", "Контрактная система в сфере закупок (44-ФЗ)"),
        ("кибербезопасность", "Кибербезопасность для сотрудников"),
        ("английский", "Английский язык для профессионального общения"),
        ("елочные", "Ёлочные украшения своими руками"),
        ("ёлочные", "Ёлочные украшения своими руками"),
        ("маникюр", "Маникюр и педикюр"),
        ("сиделка", "Сиделка: уход за больными"),
        ("видеонаблюдение", "Монтаж систем видеонаблюдения"),
        ("цифровая грамотность", "Цифровая грамотность для граждан старшего возраста"),
        ("кровельщик", "Кровельщик"),
        ("плиточник", "Облицовщик-плиточник"),
        ("тракторист", "Тракторист-машинист сельскохозяйственного производства"),
        ("крановщик", "Машинист крана (крановщик)"),
        ("19756", "Электрогазосварщик"),
        ("18897", "Стропальщик"),
    ]

    func testRealQuestionsFindTheRightProgramFirst() async throws {
        try await withApp { api, services in
            let names = try await Self.loadCatalog(services.db)
            var failures: [String] = []
            for (question, expected) in Self.questions {
                let q = question.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? question
                let r = try await api.get("/api/v1/catalog/programs?q=\(q)&limit=5")
                XCTAssertEqual(r.status, .ok, r.text)
                let first = r.items.first.flatMap { names[$0["id"] as? String ?? ""] }
                if first != expected {
                    failures.append("«\(question)»: \(first ?? "nothing") instead of «\(expected)»")
                }
            }
            XCTAssertEqual(failures, [], "\(failures.count) of \(Self.questions.count) questions")
            XCTAssertGreaterThanOrEqual(Self.questions.count, 40)
        }
    }

    /// Names rank above texts: every welders' program (named so) comes before the one whose text mentions a welder.
    func testNameMatchesRankAboveTextMatches() async throws {
        try await withApp { api, services in
            let names = try await Self.loadCatalog(services.db)
            let found = try await api.get("/api/v1/catalog/programs?q=%D1%81%D0%B2%D0%B0%D1%80%D1%89%D0%B8%D0%BA")
                .items.compactMap { names[$0["id"] as? String ?? ""] }
            XCTAssertEqual(
                Set(found.prefix(3)),
                [
                    "Электрогазосварщик", "Газосварщик: сварка трубопроводов",
                    "Сварщик частично механизированной сварки плавлением",
                ], "\(found)")
            XCTAssertEqual(found.last, "Слесарь механосборочных работ", "\(found)")
        }
    }

    /// An administrator's synonym works at once; a question of unknown words finds nothing rather than everything.
    func testSynonymsAnAdministratorAddsAndUnknownWords() async throws {
        try await withApp { api, services in
            let names = try await Self.loadCatalog(services.db)
            let admin = try await api.admin(roles: ["admin"])
            let nothing = try await api.get("/api/v1/catalog/programs?q=%D0%BA%D1%83%D0%BB%D0%B8%D0%BD%D0%B0%D1%80")
            XCTAssertEqual(nothing.items.count, 0, nothing.text)  // «кулинар»: nobody's name or text
            let created = try await api.post(
                "/api/v1/search-synonyms", ["term": "Кулинар", "expansions": ["повар", "кондитер"]], token: admin.token)
            XCTAssertEqual(created.status, .created, created.text)
            XCTAssertEqual(created["term"] as? String, "кулинар")
            let found = try await api.get("/api/v1/catalog/programs?q=%D0%BA%D1%83%D0%BB%D0%B8%D0%BD%D0%B0%D1%80")
            XCTAssertEqual(Set(found.items.compactMap { names[$0["id"] as? String ?? ""] }), ["Повар", "Кондитер"])
            let taken = try await api.post(
                "/api/v1/search-synonyms", ["term": "кулинар", "expansions": ["пекарь"]], token: admin.token)
            XCTAssertEqual(taken.status, .conflict, taken.text)
            let invalid = try await api.post(
                "/api/v1/search-synonyms", ["term": "два слова", "expansions": [""]], token: admin.token)
            XCTAssertEqual(Set(invalid.errorFields), ["expansions[0]", "term"])
            let learner = try await api.post(
                "/api/v1/search-synonyms", ["term": "x", "expansions": ["y"]], token: nil)
            XCTAssertEqual(learner.status, .unauthorized)
            let unknown = try await api.get("/api/v1/catalog/programs?q=qqqzzz")
            XCTAssertEqual(unknown.items.count, 0, unknown.text)
        }
    }

    /// Suggestions complete the last word from the catalog's words and offer professions holding the text.
    func testSuggestionsWhileTyping() async throws {
        try await withApp { api, services in
            _ = try await Self.loadCatalog(services.db)
            let r = try await api.get("/api/v1/catalog/suggest?q=%D0%BE%D1%85%D1%80%D0%B0%D0%BD%D0%B0%20%D1%82%D1%80")
            XCTAssertEqual(r.status, .ok, r.text)
            XCTAssert(r.items.contains { $0["text"] as? String == "охрана труда" }, r.text)  // «охрана тр»
            let one = try await api.get("/api/v1/catalog/suggest?q=%D1%81")
            XCTAssertEqual(one.items.count, 0, "one letter suggests nothing")
        }
    }

    /// The catalog above, in one approved organization; answers id → name.
    static func loadCatalog(_ db: Database) async throws -> [String: String] {
        let org = try await db.rows(
            """
            INSERT INTO organizations (kind, full_name, short_name, inn, ogrn, kpp, address, phone, email, status,
                                       roles)
            VALUES ('contractor', 'ГАПОУ ИО «Колледж поиска»', 'Колледж поиска', \(DemoData.inn10("381999001")),
                    \(DemoData.ogrn13("102380099900")), '380101001', 'г. Иркутск', '+7 (3952) 00-00-00',
                    'search@college.example', 'approved', ARRAY['contractor'])
            RETURNING id
            """)[0].decode(UUID.self)
        var names: [String: String] = [:]
        for (i, (name, description, qualification)) in programs.enumerated() {
            let id = try await db.rows(
                """
                INSERT INTO programs (org_id, status, full_name, description, funding, price, accessible, published_at,
                                      qualification)
                VALUES (\(org), 'published', \(name), \(description), 'paid', 10000, false,
                        now() - make_interval(days => \(i)::int), \(qualification))
                RETURNING id
                """)[0].decode(UUID.self)
            names[id.uuidString.lowercased()] = name
        }
        try await SearchRepository(db: db).maintain()
        return names
    }
}
