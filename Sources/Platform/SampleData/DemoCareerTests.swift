import Foundation
import PostgresNIO

/// A published career-guidance test of the region on the five types of professions of Е. А. Климов (nature, machines,
/// people, signs, artistic images), its scales linked to the demo's industries, competencies and event tags, so that a
/// first run's result leads to programs and events.
enum DemoCareerTests {
    typealias Scale = (name: String, about: String, industries: [String], competencies: [String], tags: [String])

    static let scales: [Scale] = [
        (
            "Человек — природа",
            "Вам интересно живое: растения, животные, продукты, природные процессы. Подойдут "
                + "агрономия, ветеринария, пищевое производство, лесное хозяйство, лабораторный анализ.",
            ["agro", "wood"], ["agro_mech", "cooking", "lab_chem", "woodwork"], ["природа"]
        ),
        (
            "Человек — техника",
            "Вам нравится понимать, как устроены машины, и работать руками: станки, сварка, "
                + "электромонтаж, ремонт автомобилей, авиастроение.",
            ["mech", "energy", "transport", "aviation", "mining"],
            ["welding", "cnc_turning", "cnc_milling", "electro", "car_repair", "aircraft"], ["рабочие профессии"]
        ),
        (
            "Человек — человек",
            "Вам легко с людьми: учить, лечить, помогать, обслуживать, договариваться. Подойдут "
                + "медицина и социальный уход, образование, туризм и гостиничное дело.",
            ["health", "education", "service"], ["care", "teaching", "mentoring", "tourism", "hotel"], []
        ),
        (
            "Человек — знаковая система",
            "Вам по душе точность: числа, тексты, схемы, программы. Подойдут "
                + "программирование, администрирование сетей, логистика, работа с документами.",
            ["it"], ["it_software", "web_dev", "net_admin", "cyber", "logistics"], ["цифровые навыки"]
        ),
        (
            "Человек — художественный образ",
            "Вам важно создавать красивое и новое. Подойдут дизайн, "
                + "парикмахерское искусство, кондитерское дело, столярное мастерство, веб-дизайн.",
            [], ["hair", "pastry", "carpentry", "web_dev"], ["творчество"]
        ),
    ]

    /// Each option adds 2 points to the scale in its position (a few also 1 to a second scale).
    static let questions: [(text: String, options: [String])] = [
        (
            "Чем бы вы охотнее занялись в выходной?",
            [
                "Поехать за город, в поход или на дачу", "Починить велосипед или собрать что-то своими руками",
                "Встретиться с друзьями, организовать общее дело", "Разобраться в новой программе, решить головоломку",
                "Рисовать, фотографировать, сочинять музыку",
            ]
        ),
        (
            "Какой школьный предмет давался вам легче всего?",
            [
                "Биология или география", "Физика или технология", "Литература или обществознание",
                "Математика или информатика", "Изобразительное искусство или музыка",
            ]
        ),
        (
            "Какая работа кажется вам интересной?",
            [
                "Выращивать растения, ухаживать за животными", "Управлять машинами, станками, оборудованием",
                "Учить, лечить, консультировать людей", "Работать с цифрами, текстами, программным кодом",
                "Создавать красивые вещи и образы",
            ]
        ),
        (
            "Какая похвала вам была бы приятнее?",
            [
                "«У тебя всё растёт и цветёт»", "«У тебя всё работает как часы»", "«С тобой легко и спокойно»",
                "«У тебя всё точно и без ошибок»", "«Как необычно и красиво!»",
            ]
        ),
        (
            "Где вам хотелось бы работать?",
            [
                "На ферме, в лесу, в заповеднике, в лаборатории", "В цехе, мастерской, на стройке или в депо",
                "В школе, больнице, магазине, гостинице", "В офисе за компьютером",
                "В студии, театре, салоне, мастерской дизайна",
            ]
        ),
        (
            "Что вы скорее прочитаете?",
            [
                "О животных и природе Байкала", "Об устройстве двигателей и новой технике",
                "О людях, их поступках и характерах", "О технологиях, науке, программировании",
                "Об искусстве, моде, дизайне",
            ]
        ),
        (
            "Какое поручение вы выберете в общем деле?",
            [
                "Позаботиться о продуктах, растениях, животных", "Наладить оборудование, свет и звук",
                "Встретить гостей и договориться с людьми", "Составить план, смету, таблицу",
                "Оформить зал и придумать афишу",
            ]
        ),
        (
            "Что у вас получается лучше всего?",
            [
                "Замечать перемены в природе и самочувствии животных", "Разбираться, как устроен механизм",
                "Понимать настроение людей, успокаивать", "Считать, запоминать, находить ошибки",
                "Придумывать новое, видеть красоту",
            ]
        ),
        (
            "Какой инструмент вам ближе?",
            [
                "Микроскоп или садовые ножницы", "Гаечный ключ, паяльник, сварочный аппарат",
                "Телефон и записная книжка с контактами", "Калькулятор и компьютер",
                "Кисть, фотоаппарат, ножницы парикмахера",
            ]
        ),
        (
            "Что утомляет вас меньше всего?",
            [
                "Долго работать на свежем воздухе", "Долго работать руками с техникой",
                "Много разговаривать с разными людьми", "Долго сидеть над документами и цифрами",
                "Долго доводить работу до совершенства",
            ]
        ),
        (
            "Какую профессию вы бы попробовали на профессиональной пробе?",
            [
                "Агроном, ветеринар, повар", "Сварщик, токарь, электромонтажник",
                "Медицинская сестра, учитель, администратор гостиницы", "Программист, сетевой администратор",
                "Парикмахер, кондитер-декоратор, столяр-краснодеревщик",
            ]
        ),
        (
            "Как вы лучше запоминаете новое?",
            [
                "Увидев вживую, на природе", "Попробовав сделать руками", "Когда объясняет человек",
                "По схеме, таблице, тексту", "Через образы, рисунки, музыку",
            ]
        ),
    ]

    /// Options that also add 1 point to a second scale (question, option) → scale.
    static let secondary: [[Int]: Int] = [[1, 1]: 3, [1, 2]: 4, [10, 0]: 1, [10, 4]: 0]

    static func content(ids: (String, [String]) async throws -> [UUID]) async throws -> CareerTestContent {
        var scales: [CareerScale] = []
        for s in Self.scales {
            scales.append(
                CareerScale(
                    name: s.name, description: s.about, competencyIds: try await ids("competencies", s.competencies),
                    professionIds: [], industryIds: try await ids("industries", s.industries),
                    eventTagIds: try await ids("tags", s.tags)))
        }
        let questions = Self.questions.enumerated().map { n, q in
            CareerQuestion(
                text: q.text,
                options: q.options.enumerated().map { k, text in
                    var weights = Array(repeating: 0, count: Self.scales.count)
                    weights[k] = 2
                    if let second = secondary[[n, k]] { weights[second] = 1 }
                    return CareerOption(text: text, weights: weights)
                })
        }
        return CareerTestContent(
            title: "Какая сфера профессий вам подходит?",
            description: """
                12 вопросов о том, что вам интересно и что получается. Отвечайте, как есть: правильных ответов нет. \
                В конце — ваш профиль по пяти типам профессий (по Е. А. Климову) и программы обучения и мероприятия \
                региона, которые ему подходят. Займёт около 5 минут.
                """,
            scales: scales, questions: questions)
    }

    static func load(on conn: PostgresConnection, db: Database) async throws {
        let author = try await conn.rows(
            "SELECT id FROM users WHERE email = 'moderator@copp.demo'", logger: db.logger
        ).first?.decode(UUID.self)
        guard let author else { return }
        let test = try await content { kind, codes in
            // tags are found by name: their codes are made from names (DemoDirectories)
            let column = kind == "tags" ? "name" : "code"
            return try await conn.rows(
                """
                SELECT id FROM directory_items WHERE kind = \(kind) AND \(unescaped: column) = ANY(\(codes))
                ORDER BY array_position(\(codes), \(unescaped: column))
                """, logger: db.logger
            ).map { try $0.decode(UUID.self) }
        }
        let repository = CareerTestsRepository(db: db)
        let id = try await repository.insert(test, author: author, on: conn)
        try await repository.setStatus(id, "published", on: conn)
    }
}
