import Foundation

/// The kinds of reference directories (SPEC §3); every one is read by everyone and edited by admins.
public enum DirectoryKind: String, CaseIterable, Codable, Sendable {
    case industries, professions, competencies, municipalities
    case roomTypes = "room_types"
    case equipmentTypes = "equipment_types"
    case organizationTypes = "organization_types"
    case legalForms = "legal_forms"
    case programKinds = "program_kinds"
    case studyForms = "study_forms"
    case educationDocumentTypes = "education_document_types"
    case participantCategories = "participant_categories"
    case eventLevels = "event_levels"
    case catalogSections = "catalog_sections"
    case tags, qualifications
    case cancellationReasons = "cancellation_reasons"

    public var title: String {
        switch self {
        case .industries: "Отрасли"
        case .professions: "Профессии"
        case .competencies: "Компетенции"
        case .municipalities: "Муниципальные образования"
        case .roomTypes: "Типы помещений"
        case .equipmentTypes: "Типы оборудования"
        case .organizationTypes: "Типы организаций"
        case .legalForms: "Организационно-правовые формы"
        case .programKinds: "Виды и подвиды программ"
        case .studyForms: "Формы обучения"
        case .educationDocumentTypes: "Виды документов об обучении"
        case .participantCategories: "Категории участников"
        case .eventLevels: "Уровни мероприятий"
        case .catalogSections: "Разделы и подразделы каталога"
        case .tags: "Теги"
        case .qualifications: "Реестр квалификаций (НОК)"
        case .cancellationReasons: "Причины отмены заявок"
        }
    }

    /// Which kind a parent must be of (sections → subsections, industries → professions), if any.
    public var parentKind: DirectoryKind? {
        switch self {
        case .professions, .competencies: .industries
        case .programKinds: .programKinds
        case .catalogSections: .catalogSections
        case .qualifications: .professions
        default: nil
        }
    }
}

/// One directory item as the API shows it.
public struct DirectoryItem: Codable, Sendable {
    public var id: UUID
    public var kind: String
    public var code: String
    public var name: String
    public var parentId: UUID?
    public var parentName: String?
    public var active: Bool
    public var sortOrder: Int
    public var isPriority: Bool
    public var priorityOrder: Int?
    public var details: JSONValue
    public var createdAt: Date
    public var version: Int
}

/// POST/PATCH body; on PATCH absent fields keep their values.
public struct DirectoryItemInput: Codable, Sendable {
    public var code: String?
    public var name: String?
    public var parentId: UUID?
    public var active: Bool?
    public var sortOrder: Int?
    public var isPriority: Bool?
    public var priorityOrder: Int?
    /// competencies: `CompetencyDetails`; program kinds: `ProgramKindDetails`; other directories have none
    public var details: JSONValue?
}

/// The legal length of a kind of program (migration 0024), checked when a program is sent to moderation.
public struct ProgramKindDetails: Codable, Sendable, Equatable {
    public var minHours: Int?
    public var maxHours: Int?

    func validate(_ v: inout Validator) {
        for (name, hours) in [("minHours", minHours), ("maxHours", maxHours)] {
            if let hours, !(1...10_000).contains(hours) {
                v.add("details.\(name)", "out_of_range", "Часы — от 1 до 10 000")
            }
        }
        if let low = minHours, let high = maxHours, low > high {
            v.add("details.maxHours", "below_minimum", "Наибольшее число часов меньше наименьшего")
        }
    }

    /// What a program of `hours` breaks, in words; nil when it fits.
    func violation(hours: Double, kind: String) -> String? {
        let shown = hours.formatted(.number.grouping(.never))
        if let low = minHours, hours < Double(low) {
            return "«\(kind)» — не менее \(low) ч, в модулях программы \(shown) ч"
        }
        if let high = maxHours, hours > Double(high) {
            return "«\(kind)» — не более \(high) ч, в модулях программы \(shown) ч"
        }
        return nil
    }
}

/// The lists a competency carries (seed 000 §3); they pre-fill a module's parameters.
public struct CompetencyDetails: Codable, Sendable, Equatable {
    public var knowledge: [String]?
    public var skills: [String]?
    public var experience: [String]?
    /// codes of `room_types` items
    public var roomTypes: [String]?
    /// codes of `equipment_types` items
    public var equipmentTypes: [String]?
    public var teacherRequirements: [String]?

    func validate(_ v: inout Validator) {
        for (name, list) in [
            ("knowledge", knowledge), ("skills", skills), ("experience", experience),
            ("teacherRequirements", teacherRequirements),
        ] {
            for (i, entry) in (list ?? []).enumerated() {
                _ = v.required(entry, "details.\(name)[\(i)]", max: 1000)
            }
            if (list?.count ?? 0) > 200 { v.add("details.\(name)", "too_many", "Не более 200 пунктов") }
        }
    }
}

/// Validated values ready for the database.
struct DirectoryItemValues: Sendable, Encodable {
    var code: String
    var name: String
    var parentId: UUID?
    var active: Bool
    var sortOrder: Int
    var isPriority: Bool
    var priorityOrder: Int?
    var details: String
}

public struct DirectoryKindSummary: Codable, Sendable {
    public var kind: String
    public var title: String
    public var parentKind: String?
    public var count: Int
}
