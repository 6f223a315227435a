import Foundation

/// POST/PATCH /modules: fields present change.
public struct ModuleInput: Codable, Sendable {
    public var organizationId: UUID?
    public var name: String?
    public var description: String?
    public var competencyIds: [UUID]?
    public var professionIds: [UUID]?
    public var parameters: ModuleParameters?
    public var results: ModuleResults?
    public var assessmentDescription: String?
    public var assessmentFileId: UUID?
}

/// The «Параметры» tab; the lists are pre-filled from the chosen competencies when not sent.
public struct ModuleParameters: Codable, Sendable, Equatable {
    public var knowledge: [String]?
    public var skills: [String]?
    public var experience: [String]?
    public var roomTypes: [String]?
    public var equipmentTypes: [String]?
    public var teacherRequirements: [String]?
    public var learnerRequirements: String?
    public var expectedResults: String?
}

/// The «Результаты» tab: which of the parameters' knowledge, skills and experience the module gives.
public struct ModuleResults: Codable, Sendable, Equatable {
    public var knowledge: [String]?
    public var skills: [String]?
    public var experience: [String]?
}

public struct TopicInput: Codable, Sendable {
    public var name: String?
    public var position: Int?
}

/// A lesson's material: a link or an uploaded file.
public struct LessonMaterial: Codable, Sendable, Equatable {
    public var title: String
    public var url: String?
    public var fileId: UUID?
}

public struct LessonInput: Codable, Sendable {
    public var name: String?
    public var kind: String?
    public var hours: Double?
    public var materials: [LessonMaterial]?
    public var position: Int?
}

public enum LessonKind: String, CaseIterable, Sendable {
    case lecture, practice, lab
    case selfStudy = "self_study"
    case assessment
}
