import Foundation
import PostgresNIO

/// The wizard's checks: each saved field on its own (limits, directory references, the cover measured from its file),
/// and before moderation everything a visitor needs to decide and come (`checkComplete`).
struct EventForm: Sendable {
    let db: Database

    func merge(
        _ i: EventInput, keys: Set<String>, into current: EventValues?, orgId: UUID, identity: Identity,
        on conn: PostgresConnection
    ) async throws -> EventValues {
        var v = Validator()
        func has(_ k: String) -> Bool { current == nil || keys.contains(k) }
        var e = current ?? EventValues()
        if has("name") {
            e.name = v.required(i.name, "name", max: EventRules.nameLimit)
            // the database counts code points: «é» typed as a letter and an accent is two
            if e.name.unicodeScalars.count > EventRules.nameLimit, e.name.count <= EventRules.nameLimit {
                v.add("name", "too_long", "Не более \(EventRules.nameLimit) символов")
            }
            if !e.name.isEmpty, !e.name.contains(where: { $0.isLetter || $0.isNumber }) {
                v.add("name", "no_letters", "Название должно содержать буквы")
            }
            if EventRules.capsLocked(e.name) {
                v.add("name", "caps_lock", "Не используйте режим Caps Lock: пишите название обычными буквами")
            }
        }
        if has("shortDescription") {
            e.shortDescription = v.optional(i.shortDescription, "shortDescription", max: EventRules.shortLimit)
        }
        if has("description") { e.description = v.optional(i.description, "description", max: 20000) }
        if has("address") { e.address = v.optional(i.address, "address", max: 500) }
        // the description tab's blocks (seed 000 «План мероприятия» … «Контактные лица»)
        let blocks: [(String, String?, WritableKeyPath<EventValues, String?>)] = [
            ("plan", i.plan, \.plan), ("goals", i.goals, \.goals), ("results", i.results, \.results),
            ("facilities", i.facilities, \.facilities), ("conditions", i.conditions, \.conditions),
            ("pressRelease", i.pressRelease, \.pressRelease), ("contacts", i.contacts, \.contacts),
        ]
        for (key, value, path) in blocks where has(key) { e[keyPath: path] = v.optional(value, key, max: 10000) }
        if has("durationValue") {
            e.durationValue = i.durationValue
            if let n = i.durationValue, !(1...10000).contains(n) {
                v.add("durationValue", "out_of_range", "Продолжительность — от 1 до 10 000")
            }
        }
        if has("durationUnit") {
            e.durationUnit = i.durationUnit
            if let unit = i.durationUnit, DurationUnit(rawValue: unit) == nil {
                v.add("durationUnit", "invalid_choice", "Мера: minutes, hours, days или weeks")
            }
        }
        if has("durationValue") || has("durationUnit"), (e.durationValue == nil) != (e.durationUnit == nil) {
            v.add(
                e.durationUnit == nil ? "durationUnit" : "durationValue", "required",
                "Продолжительность указывают числом и мерой: например, 2 часа")
        }
        if has("signupDaysBefore") {
            e.signupDaysBefore = i.signupDaysBefore ?? 0
            v.check(
                (0...365).contains(e.signupDaysBefore), "signupDaysBefore", "out_of_range",
                "Записаться можно за 0–365 дней до начала")
        }
        if has("capacity") {
            e.capacity = i.capacity
            if let n = i.capacity, !(1...100_000).contains(n) {
                v.add("capacity", "out_of_range", "Количество участников — от 1 до 100 000 (пусто — без ограничения)")
            }
        }
        if has("price") {
            e.price = i.price
            if let price = i.price, !(0...10_000_000).contains(price) {
                v.add("price", "out_of_range", "Стоимость от 0 до 10 000 000 ₽ (пусто — бесплатно)")
            }
        }
        if has("accessible") { e.accessible = i.accessible ?? false }
        if keys.contains("wizardStep") {
            e.wizardStep = i.wizardStep ?? 1
            v.check((1...10).contains(e.wizardStep), "wizardStep", "out_of_range", "Шаг мастера — от 1 до 10")
        }
        try await references(i, has: has, into: &e, &v, on: conn)
        try await images(i, has: has, into: &e, orgId: orgId, identity: identity, &v)
        if has("schedule") {
            e.schedule = i.schedule
            for p in i.schedule?.problems(prefix: "schedule.") ?? [] { v.add(p.field, p.code, p.message) }
        }
        try v.throwIfInvalid()
        return e
    }

    /// Directory fields: each must be an active item of its directory; the subsection one of the section's.
    private func references(
        _ i: EventInput, has: (String) -> Bool, into e: inout EventValues, _ v: inout Validator,
        on conn: PostgresConnection
    ) async throws {
        let refs = DirectoryReferences(db: db)
        for (key, kind, value, path) in [
            ("levelId", DirectoryKind.eventLevels, i.levelId, \EventValues.levelId),
            ("formId", .studyForms, i.formId, \.formId),
            ("municipalityId", .municipalities, i.municipalityId, \.municipalityId),
            ("sectionId", .catalogSections, i.sectionId, \.sectionId),
            ("subsectionId", .catalogSections, i.subsectionId, \.subsectionId),
        ] where has(key) {
            e[keyPath: path] = try await refs.check(value, kind: kind, field: key, &v, on: conn)
        }
        if has("participantCategoryIds") {
            e.participantCategoryIds = try await refs.check(
                i.participantCategoryIds, kind: .participantCategories, field: "participantCategoryIds", &v, on: conn)
        }
        if has("tagIds") { e.tagIds = try await refs.check(i.tagIds, kind: .tags, field: "tagIds", &v, on: conn) }
        if let section = e.sectionId, has("sectionId"), try await refs.parent(of: section, on: conn) != nil {
            v.add("sectionId", "not_section", "Выберите раздел, а не подраздел")
        }
        if let sub = e.subsectionId, has("subsectionId") || has("sectionId") {
            let parent = try await refs.parent(of: sub, on: conn)
            if parent == nil || parent != e.sectionId {
                v.add("subsectionId", "mismatch", "Подраздел должен относиться к выбранному разделу")
            }
        }
    }

    /// The cover (landscape, at least 706×470, measured from the file) and the gallery (images of the organizer).
    private func images(
        _ i: EventInput, has: (String) -> Bool, into e: inout EventValues, orgId: UUID, identity: Identity,
        _ v: inout Validator
    ) async throws {
        let files = FilesRepository(db: db)
        if has("coverFileId") {
            if let id = i.coverFileId {
                if let file = try await files.attachable(id: id, to: orgId, by: identity.userId) {
                    if !file.mime.hasPrefix("image/") {
                        v.add("coverFileId", "not_image", "Обложка должна быть изображением")
                    } else if let problem = EventRules.coverProblem(width: file.width, height: file.height) {
                        v.add("coverFileId", "cover_size", problem)
                    }
                } else {
                    v.add("coverFileId", "not_found", "Файл не найден")
                }
            }
            e.coverFileId = i.coverFileId
        }
        if has("galleryFileIds") {
            let ids = i.galleryFileIds ?? []
            if ids.count > EventRules.galleryLimit {
                v.add("galleryFileIds", "too_many", "В галерее не больше \(EventRules.galleryLimit) изображений")
            }
            for (n, id) in ids.enumerated() {
                let file = try await files.attachable(id: id, to: orgId, by: identity.userId)
                if file == nil {
                    v.add("galleryFileIds[\(n)]", "not_found", "Файл не найден")
                } else if file?.mime.hasPrefix("image/") != true {
                    v.add("galleryFileIds[\(n)]", "not_image", "В галерею загружают изображения")
                }
            }
            var seen = Set<UUID>()
            e.galleryFileIds = ids.filter { seen.insert($0).inserted }
        }
    }

    /// What an event needs before moderators see it (and before it is published); every gap is named. `today`:
    /// the region's day, `YYYY-MM-DD` — a schedule wholly in the past is refused.
    static func checkComplete(_ e: EventValues, today: String) throws {
        var v = Validator()
        if (e.shortDescription ?? "").isEmpty { v.add("shortDescription", "required", "Напишите краткое описание") }
        let length = (e.description ?? "").count
        if length < EventRules.descriptionMinimum {
            v.add(
                "description", "too_short",
                "Подробное описание — не менее \(EventRules.descriptionMinimum) символов (сейчас \(length))")
        }
        if e.durationValue == nil || e.durationUnit == nil {
            v.add("durationValue", "required", "Укажите продолжительность и меру")
        }
        if e.participantCategoryIds.isEmpty {
            v.add("participantCategoryIds", "required", "Выберите хотя бы одну категорию участников")
        }
        for (key, value, message) in [
            ("levelId", e.levelId, "Выберите уровень мероприятия"), ("formId", e.formId, "Выберите форму участия"),
            ("municipalityId", e.municipalityId, "Выберите муниципальное образование"),
            ("coverFileId", e.coverFileId, "Загрузите обложку"), ("sectionId", e.sectionId, "Выберите раздел каталога"),
        ] where value == nil {
            v.add(key, "required", message)
        }
        if (e.address ?? "").isEmpty { v.add("address", "required", "Укажите адрес проведения") }
        if let schedule = e.schedule, let prepared = PreparedRecurrence(schedule) {
            if let last = prepared.span.last, last < today {
                v.add("schedule", "past", "Все даты расписания прошли: добавьте новые")
            }
        } else {
            v.add("schedule", "required", "Заполните расписание")
        }
        try v.throwIfInvalid()
    }
}
