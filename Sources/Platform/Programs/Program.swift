import Foundation

/// POST/PATCH /programs: the tabs of SPEC §5. On PATCH only the fields present change.
public struct ProgramInput: Codable, Sendable {
    public var organizationId: UUID?
    public var fullName: String?
    public var shortName: String?
    public var price: Double?
    public var funding: String?
    public var kindId: UUID?
    public var subkindId: UUID?
    public var studyFormId: UUID?
    /// «режим обучения»: full_release (с отрывом от работы), partial_release, no_release
    public var studyMode: String?
    public var direction: String?
    public var learnerRequirements: String?
    public var issuedDocumentTypeId: UUID?
    public var qualification: String?
    public var description: String?
    public var normativeBasis: String?
    public var finalAttestation: String?
    public var coverFileId: UUID?
    public var careerTags: [String]?
    public var accessible: Bool?
    public var wizardStep: Int?
    public var competencyIds: [UUID]?
    public var professionIds: [UUID]?
    public var implementingOrganizationIds: [UUID]?
}

/// Stored values of a program's editable fields.
struct ProgramValues: Codable, Sendable {
    var fullName: String
    var shortName: String?
    var price: Double?
    var funding: String
    var kindId: UUID?
    var subkindId: UUID?
    var studyFormId: UUID?
    var studyMode: String?
    var direction: String?
    var learnerRequirements: String?
    var issuedDocumentTypeId: UUID?
    var qualification: String?
    var description: String?
    var normativeBasis: String?
    var finalAttestation: String?
    var coverFileId: UUID?
    var careerTags: [String]
    var accessible: Bool
    var wizardStep: Int
    var competencyIds: [UUID]
    var professionIds: [UUID]
    var implementingOrganizationIds: [UUID]
}

/// «Режим обучения» (seed 000 §5, tab «Параметры»), as the card names it.
public enum StudyMode: String, CaseIterable, Sendable {
    case fullRelease = "full_release"
    case partialRelease = "partial_release"
    case noRelease = "no_release"

    public var title: String {
        switch self {
        case .fullRelease: "С отрывом от работы"
        case .partialRelease: "С частичным отрывом от работы"
        case .noRelease: "Без отрыва от работы"
        }
    }
}

public struct ProgramModulesInput: Codable, Sendable {
    public var moduleIds: [UUID]?
}

public struct ProgramActionInput: Codable, Sendable {
    public var comment: String?
}

public struct CommentInput: Codable, Sendable {
    public var body: String?
}

/// A material of a program: a file of the organization or a link.
public struct ProgramMaterialInput: Decodable, Sendable {
    var title: String?
    var fileId: UUID?
    var url: String?
}
