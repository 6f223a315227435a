import Foundation

/// PATCH /organizations/{orgId}: fields present in the body change; `null` or "" clears an optional one.
public struct OrganizationPatch: Codable, Sendable {
    public var publicName: String?
    public var fullName: String?
    public var shortName: String?
    public var orgTypeId: UUID?
    public var roles: [String]?
    public var isBranch: Bool?
    public var parentOrganizationId: UUID?
    public var municipalityId: UUID?
    public var description: String?
    public var contacts: Contacts?
    public var headName: String?
    public var headPosition: String?
    public var inn: String?
    public var kpp: String?
    public var ogrn: String?
    public var okpo: String?
    public var okvedMain: String?
    public var okvedExtra: [String]?
    public var bankName: String?
    public var bik: String?
    public var correspondentAccount: String?
    public var settlementAccount: String?
    public var legalFormId: UUID?
    public var legalStatus: String?
    public var settlementType: String?
    public var competencyIds: [UUID]?
    public var professionIds: [UUID]?
    public var logoFileId: UUID?
    /// «Факсимиле подписи руководителя» on certificates and orders (a private image of the organization)
    public var signatureFileId: UUID?

    /// Keys that were present in the JSON (to tell "clear" from "leave as is").
    public var present: Set<String> = []
    enum CodingKeys: String, CodingKey, CaseIterable {
        case publicName, fullName, shortName, orgTypeId, roles, isBranch, parentOrganizationId, municipalityId,
            description, contacts, headName,
            headPosition, inn, kpp, ogrn, okpo, okvedMain, okvedExtra, bankName, bik, correspondentAccount,
            settlementAccount, legalFormId,
            legalStatus, settlementType, competencyIds, professionIds, logoFileId, signatureFileId
    }
}

/// Public contacts of an organization (shown on its page and in the site footer for ЦОПП).
public struct Contacts: Codable, Sendable, Equatable {
    public var address: String?
    public var phones: [String]?
    public var emails: [String]?
    public var website: String?
    public var workingHours: String?
}

/// The stored columns of the editable profile, as read for merging and written back.
struct ProfileColumns: Codable, Sendable {
    var publicName: String?
    var fullName: String
    var shortName: String
    var orgTypeId: UUID?
    var roles: [String]
    var isBranch: Bool
    var parentOrganizationId: UUID?
    var municipalityId: UUID?
    var description: String?
    var contacts: Contacts
    var headName: String?
    var headPosition: String?
    var inn: String
    var kpp: String?
    var ogrn: String
    var okpo: String?
    var okvedMain: String?
    var okvedExtra: [String]
    var bankName: String?
    var bik: String?
    var correspondentAccount: String?
    var settlementAccount: String?
    var legalFormId: UUID?
    var legalStatus: String?
    var settlementType: String?
    var logoFileId: UUID?
    var signatureFileId: UUID?
    var competencyIds: [UUID]
    var professionIds: [UUID]
}

public struct OrganizationFilter: Sendable {
    public var search: String?
    public var role: String?
    public var kind: String?
    public var municipalityId: UUID?
    public var competencyId: UUID?
    public var status: String
}

/// POST /organizations/{orgId}/documents
public struct DocumentInput: Codable, Sendable {
    public var kind: String?
    public var title: String?
    public var number: String?
    public var issuedAt: String?
    public var validUntil: String?
    public var issuer: String?
    public var fileId: UUID?
}

/// POST /organizations/{orgId}/gallery
public struct GalleryInput: Codable, Sendable {
    public var fileId: UUID?
    public var caption: String?
    public var sortOrder: Int?
}

/// An organization as its documents name it (`OrganizationProfileRepository.letterhead`).
public struct Letterhead: Sendable {
    public var fullName: String
    public var shortName: String
    public var headName: String
    public var headPosition: String
    public var city: String
    public var logoFileId: UUID?
    public var signatureFileId: UUID?
}
