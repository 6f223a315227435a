import Foundation
import PostgresNIO

/// Published events of the demo region, dated from the day the demo is loaded, so that the calendar of `make run` has
/// this month's and next month's dates: open days, master classes, trials, a championship, an excursion, a seminar.
enum DemoEvents {
    struct Sample {
        var org: Int
        var name: String
        var short: String
        var about: String
        var section: String
        var subsection: String
        var municipality: String
        var address: String
        var capacity: Int?
        var price: Double?
        var daysBefore: Int
        var level: String
        var form: String
        var schedule: Recurrence
        /// tags by name (career-guidance results find events by them)
        var tags: [String] = []
    }

    static func day(_ offset: Int) -> String {
        CivilDate(Date(), zone: TimeZone(identifier: "Asia/Irkutsk") ?? .current).adding(days: offset).iso
    }

    /// Dated from today, so made anew at each load.
    static func samples() -> [Sample] {
        [
            Sample(
                org: 0, name: "День открытых дверей Иркутского техникума машиностроения",
                short: "Экскурсия по мастерским, встреча с мастерами и ответы приёмной комиссии",
                about: "Покажем учебные мастерские сварки, станков с ЧПУ и мехатроники, расскажем о профессиях и "
                    + "специальностях, условиях поступления и общежитии. Мастера производственного обучения проведут "
                    + "короткие пробы: каждый сможет поработать на учебном оборудовании под присмотром.",
                section: "career", subsection: "open_days", municipality: "38-01", address: "г. Иркутск, ул. Ленина, 5",
                capacity: 40, price: nil, daysBefore: 0, level: "organization", form: "full_time",
                schedule:
                    Recurrence(
                        startsOn: day(1), startTime: "11:00", durationMinutes: 120, repeat: .daysOfWeek, weekdays: [6],
                        endsAfter: 8), tags: ["рабочие профессии"]),
            Sample(
                org: 0, name: "Мастер-класс «Первый сварочный шов»",
                short: "Попробуйте себя в роли сварщика: безопасность, оборудование и первый шов",
                about: "Инструктор покажет ручную дуговую сварку, расскажет о профессии электрогазосварщика и о том, "
                    + "где она нужна в регионе. Каждый участник под присмотром мастера выполнит свой первый шов на "
                    + "учебном посту. Спецодежду и средства защиты выдаём на месте.",
                section: "events", subsection: "master_classes", municipality: "38-01",
                address: "г. Иркутск, ул. Ленина, 5, мастерская № 3", capacity: 6, price: nil, daysBefore: 1,
                level: "municipal", form: "full_time",
                schedule:
                    Recurrence(
                        startsOn: day(2), startTime: "15:00", durationMinutes: 120, repeat: .daysOfWeek,
                        weekdays: [2, 4],
                        endsAfter: 12, sessionMinutes: 60), tags: ["рабочие профессии"]),
            Sample(
                org: 0, name: "Профессиональные пробы: повар-кондитер",
                short: "Три часа на учебной кухне: заготовки, выпечка и оформление десерта",
                about: "Профессиональная проба для школьников 8–11 классов и взрослых, выбирающих новую профессию. "
                    + "Участники приготовят песочное тесто, испекут и оформят пирожное, узнают о работе повара и "
                    + "кондитера на предприятиях общественного питания и о программах обучения техникума.",
                section: "career", subsection: "trials", municipality: "38-01", address: "г. Иркутск, ул. Ленина, 5",
                capacity: 12, price: nil, daysBefore: 2, level: "organization", form: "full_time",
                schedule:
                    Recurrence(
                        startsOn: day(3), startTime: "14:00", durationMinutes: 180, repeat: .everyNDays,
                        everyDays: 14), tags: ["природа", "творчество"]),
            Sample(
                org: 0, name: "Региональный чемпионат «Профессионалы»: открытие",
                short: "Церемония открытия и первый соревновательный день по 12 компетенциям",
                about: "Открытие регионального этапа чемпионата по профессиональному мастерству «Профессионалы». "
                    + "Зрители увидят соревнования по компетенциям «Сварочные технологии», «Токарные работы на станках "
                    + "с ЧПУ», «Поварское дело» и другим, смогут поговорить с экспертами и работодателями региона.",
                section: "events", subsection: "championships", municipality: "38-01",
                address: "г. Иркутск, ул. Байкальская, 253", capacity: nil, price: nil, daysBefore: 0,
                level: "regional",
                form: "full_time",
                schedule: Recurrence(startsOn: day(20), startTime: "10:00", durationMinutes: 240),
                tags: ["рабочие профессии"]),
            Sample(
                org: 1, name: "Экскурсия на авиазавод для старшеклассников",
                short: "Сборочный цех, музей завода и разговор с молодыми специалистами",
                about: "Иркутский авиационный завод приглашает старшеклассников и студентов колледжей. Маршрут: музей "
                    + "истории завода, цех окончательной сборки, учебный центр. Расскажем о рабочих профессиях "
                    + "и целевом "
                    + "обучении. Нужен паспорт или свидетельство о рождении; записаться нужно за три дня.",
                section: "career", subsection: "excursions", municipality: "38-01",
                address: "г. Иркутск, ул. Новаторов, 3",
                capacity: 25, price: nil, daysBefore: 3, level: "municipal", form: "full_time",
                schedule:
                    Recurrence(
                        startsOn: day(0), startTime: "10:00", durationMinutes: 150, repeat: .daysOfMonth,
                        monthDays: [5, 20]), tags: ["рабочие профессии"]),
            Sample(
                org: 0, name: "Семинар «Цифровые навыки педагога»",
                short: "Онлайн-практикум для преподавателей СПО: электронный журнал, тесты, видеоконференции",
                about: "Практический семинар для педагогов профессиональных образовательных организаций. Разберём, как "
                    + "вести электронный журнал, собирать тесты из банка вопросов и проводить занятия "
                    + "в видеоконференции. "
                    + "Участникам с ОВЗ доступны субтитры и запись. Ссылка на подключение придёт после подтверждения.",
                section: "events", subsection: "conferences", municipality: "38-01", address: "Онлайн, ссылка в письме",
                capacity: 100, price: 1500, daysBefore: 0, level: "regional", form: "distance",
                schedule:
                    Recurrence(
                        startsOn: day(1), startTime: "16:00", durationMinutes: 90, repeat: .weekdays, endsOn: day(30)),
                tags: ["цифровые навыки"]),
        ]
    }

    static func load(orgIds: [UUID], on conn: PostgresConnection, db: Database) async throws {
        func item(_ kind: String, _ code: String) async throws -> UUID? {
            try await conn.rows(
                "SELECT id FROM directory_items WHERE kind = \(kind) AND code = \(code)", logger: db.logger
            ).first?.decode(UUID.self)
        }
        let categories = try await conn.rows(
            "SELECT id FROM directory_items WHERE kind = 'participant_categories' ORDER BY sort_order LIMIT 3",
            logger: db.logger
        ).map { try $0.decode(UUID.self) }
        let repository = EventsRepository(db: db)
        for (n, s) in samples().enumerated() {
            var v = EventValues()
            v.name = s.name
            v.shortDescription = s.short
            v.description = s.about
            v.durationValue = s.schedule.durationMinutes % 60 == 0 ? s.schedule.durationMinutes / 60 : nil
            v.durationUnit = v.durationValue == nil ? nil : "hours"
            v.signupDaysBefore = s.daysBefore
            v.participantCategoryIds = categories
            v.capacity = s.capacity
            v.levelId = try await item("event_levels", s.level)
            v.formId = try await item("study_forms", s.form)
            v.accessible = n % 2 == 1
            v.address = s.address
            v.municipalityId = try await item("municipalities", s.municipality)
            v.contacts = "Приёмная комиссия: +7 (3952) 50-02-87, info@copp.demo"
            v.price = s.price
            v.sectionId = try await item("catalog_sections", s.section)
            v.subsectionId = try await item("catalog_sections", s.subsection)
            v.schedule = s.schedule
            v.tagIds = try await conn.rows(
                "SELECT id FROM directory_items WHERE kind = 'tags' AND name = ANY(\(s.tags))", logger: db.logger
            ).map { try $0.decode(UUID.self) }
            v.wizardStep = 8
            let id = try await repository.insert(orgId: orgIds[s.org], author: nil, v, on: conn)
            try await conn.run(
                "UPDATE events SET status = 'published', published_at = now() WHERE id = \(id)", logger: db.logger)
        }
    }
}
