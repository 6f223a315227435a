import Foundation

/// POST/PATCH /events: the wizard's fields (SPEC §9, seed 000 §9 «Мастер создания Мероприятия»). On PATCH only the
/// fields present change.
public struct EventInput: Codable, Sendable {
    public var organizationId: UUID?
    public var name: String?
    public var shortDescription: String?
    public var description: String?
    public var durationValue: Int?
    public var durationUnit: String?
    public var signupDaysBefore: Int?
    public var participantCategoryIds: [UUID]?
    public var capacity: Int?
    public var levelId: UUID?
    public var formId: UUID?
    public var accessible: Bool?
    public var address: String?
    public var municipalityId: UUID?
    public var plan: String?
    public var goals: String?
    public var results: String?
    public var facilities: String?
    public var conditions: String?
    public var pressRelease: String?
    public var contacts: String?
    public var price: Double?
    public var coverFileId: UUID?
    public var galleryFileIds: [UUID]?
    public var sectionId: UUID?
    public var subsectionId: UUID?
    public var tagIds: [UUID]?
    public var schedule: Recurrence?
    public var wizardStep: Int?
}

/// Stored values of an event's editable fields (columns of `events`, snake_cased by the repository).
struct EventValues: Codable, Sendable {
    var name = ""
    var shortDescription: String?
    var description: String?
    var durationValue: Int?
    var durationUnit: String?
    var signupDaysBefore = 0
    var participantCategoryIds: [UUID] = []
    var capacity: Int?
    var levelId: UUID?
    var formId: UUID?
    var accessible = false
    var address: String?
    var municipalityId: UUID?
    var plan: String?
    var goals: String?
    var results: String?
    var facilities: String?
    var conditions: String?
    var pressRelease: String?
    var contacts: String?
    var price: Double?
    var coverFileId: UUID?
    var galleryFileIds: [UUID] = []
    var sectionId: UUID?
    var subsectionId: UUID?
    var tagIds: [UUID] = []
    var schedule: Recurrence?
    var wizardStep = 1
}

/// «Мера» of the event's length (seed 000: «1 час вместо 60 минут или 1 день вместо 24 часов»).
public enum DurationUnit: String, CaseIterable, Sendable {
    case minutes, hours, days, weeks
}

/// The wizard's rules on single fields, pure: the limits of seed 000 §9.
public enum EventRules {
    public static let nameLimit = 65
    public static let shortLimit = 140
    public static let descriptionMinimum = 200
    /// the cover: landscape, at least this size (seed 000 «не менее 706*470 пикселей»)
    public static let coverMinimum = (width: 706, height: 470)
    public static let galleryLimit = 20

    /// Text typed with Caps Lock on: a word of five or more letters in capitals (abbreviations are shorter: ЦОПП,
    /// ОВЗ, СПО), or most letters of the text in capitals.
    public static func capsLocked(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { !$0.isLetter })
        if words.contains(where: { $0.count >= 5 && $0.allSatisfy(\.isUppercase) }) { return true }
        let letters = text.filter(\.isLetter)
        return letters.count >= 6 && letters.filter(\.isUppercase).count * 10 > letters.count * 7
    }

    /// What is wrong with a cover of this size, if anything.
    public static func coverProblem(width: Int?, height: Int?) -> String? {
        guard let width, let height else { return "Не удалось прочитать размер изображения: загрузите JPEG или PNG" }
        let size = "загружено \(width)×\(height)"
        if width <= height { return "Обложка должна быть горизонтальной (ширина больше высоты), \(size)" }
        if width < coverMinimum.width || height < coverMinimum.height {
            return "Обложка не меньше \(coverMinimum.width)×\(coverMinimum.height) пикселей, \(size)"
        }
        return nil
    }
}

public struct EventActionInput: Codable, Sendable {
    public var comment: String?
}
