import Foundation

/// Organization part of POST /auth/register/organization.
public struct OrganizationInput: Codable, Sendable {
    public var kind: String?
    public var fullName: String?
    public var shortName: String?
    public var inn: String?
    public var ogrn: String?
    public var kpp: String?
    public var address: String?
    public var phone: String?
    public var email: String?
}

public struct AccountInput: Codable, Sendable {
    public var email: String?
    public var password: String?
    public var lastName: String?
    public var firstName: String?
    public var middleName: String?
}

public struct OrganizationRegistration: Codable, Sendable {
    public var organization: OrganizationInput?
    public var account: AccountInput?
    public var personalDataConsent: Bool?
}

/// Validated organization requisites.
public struct NewOrganization: Sendable, Encodable {
    public var kind: String
    public var fullName: String
    public var shortName: String
    public var inn: String
    public var ogrn: String
    public var kpp: String?
    public var address: String
    public var phone: String
    public var email: String
}

extension Validator {
    mutating func organization(_ o: OrganizationInput?, prefix: String = "organization.") -> NewOrganization {
        let o = o ?? OrganizationInput()
        let kind = required(o.kind, prefix + "kind", max: 20)
        if !kind.isEmpty && !["employer", "contractor"].contains(kind) {
            add(
                prefix + "kind", "invalid_choice",
                "Тип организации: employer (работодатель) или contractor (образовательная организация)")
        }
        let full = required(o.fullName, prefix + "fullName", max: 500)
        let short = required(o.shortName, prefix + "shortName", max: 255)
        let inn = required(o.inn, prefix + "inn", max: 12)
        if !inn.isEmpty && !RussianIdentifiers.isValidINN(inn) {
            add(prefix + "inn", "invalid_inn", "ИНН указан неверно: 10 или 12 цифр с верными контрольными разрядами")
        }
        let ogrn = required(o.ogrn, prefix + "ogrn", max: 15)
        if !ogrn.isEmpty && !(RussianIdentifiers.isValidOGRN(ogrn) || RussianIdentifiers.isValidOGRNIP(ogrn)) {
            add(
                prefix + "ogrn", "invalid_ogrn",
                "ОГРН (13 цифр) или ОГРНИП (15 цифр) указан неверно: не сходится контрольная цифра")
        }
        let kpp = optional(o.kpp, prefix + "kpp", max: 9)?.uppercased()
        if let kpp, !RussianIdentifiers.isValidKPP(kpp) {
            add(prefix + "kpp", "invalid_kpp", "КПП — 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры")
        }
        if inn.count == 10 && kpp == nil {
            add(prefix + "kpp", "required", "Для юридического лица (ИНН из 10 цифр) укажите КПП")
        }
        let address = required(o.address, prefix + "address", max: 500)
        let phone = self.phone(o.phone, prefix + "phone", required: true) ?? ""
        let email = self.email(o.email, prefix + "email")
        return NewOrganization(
            kind: kind, fullName: full, shortName: short, inn: inn, ogrn: ogrn, kpp: kpp, address: address,
            phone: phone, email: email)
    }
}

/// An organization as listed for moderation and shown in profiles.
public struct OrganizationSummary: Codable, Sendable {
    public var id: UUID
    public var kind: String
    public var fullName: String
    public var shortName: String
    public var inn: String
    public var ogrn: String
    public var kpp: String?
    public var address: String
    public var phone: String
    public var email: String
    public var status: String
    public var moderationComment: String?
    public var createdAt: Date
    public var applicant: String?
}

public struct RejectRequest: Codable, Sendable { public var comment: String? }

/// POST /organizations/{orgId}/staff and POST /admin/users
public struct StaffInput: Codable, Sendable {
    public var email: String?
    public var lastName: String?
    public var firstName: String?
    public var middleName: String?
    public var phone: String?
    public var position: String?
    public var roles: [String]?
    public var organizationId: UUID?
    public var level: String?
}

public struct StaffMember: Codable, Sendable {
    public var userId: UUID
    public var email: String
    public var lastName: String
    public var firstName: String
    public var middleName: String?
    public var position: String?
    public var level: String
    public var roles: [String]
    public var emailConfirmed: Bool
    public var blocked: Bool
}
