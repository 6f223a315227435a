import Foundation

/// POST /auth/register/learner
public struct LearnerRegistration: Codable, Sendable {
    public var email: String?
    public var password: String?
    public var lastName: String?
    public var firstName: String?
    public var middleName: String?
    public var phone: String?
    public var birthDate: String?
    public var snils: String?
    public var personalDataConsent: Bool?
}

/// Person fields shared by every form that creates or edits an account.
public struct PersonInput: Sendable {
    public var email: String
    public var lastName: String
    public var firstName: String
    public var middleName: String?
    public var phone: String?
    public var birthDate: String?
    public var snils: String?
}

extension Validator {
    /// Validates name fields (and optionally phone, birth date, SNILS) under `prefix` (e.g. `account.`).
    mutating func person(
        email: String?, lastName: String?, firstName: String?, middleName: String?, phone: String? = nil,
        birthDate: String? = nil, snils: String? = nil, prefix: String = ""
    ) -> PersonInput {
        let email = self.email(email, prefix + "email")
        let last = required(lastName, prefix + "lastName", max: 100)
        let first = required(firstName, prefix + "firstName", max: 100)
        let middle = optional(middleName, prefix + "middleName", max: 100)
        let phone = self.phone(phone, prefix + "phone")
        let birth = optional(birthDate, prefix + "birthDate", max: 10)
        if let birth {
            if let date = SimpleDate.parse(birth) {
                check(
                    date.year >= 1900 && date.asDate <= Date(), prefix + "birthDate", "out_of_range",
                    "Дата рождения вне допустимого диапазона")
            } else {
                add(prefix + "birthDate", "invalid_date", "Дата в формате ГГГГ-ММ-ДД")
            }
        }
        var normalizedSnils: String?
        if let raw = optional(snils, prefix + "snils", max: 14) {
            if RussianIdentifiers.isValidSNILS(raw) {
                normalizedSnils = raw.filter(\.isNumber)
            } else {
                add(prefix + "snils", "invalid_snils", "СНИЛС указан неверно (не сходится контрольное число)")
            }
        }
        return PersonInput(
            email: email, lastName: last, firstName: first, middleName: middle, phone: phone, birthDate: birth,
            snils: normalizedSnils)
    }
}

/// A calendar date `YYYY-MM-DD` without time zone.
public struct SimpleDate: Sendable {
    public var year: Int, month: Int, day: Int
    public static func parse(_ s: String) -> SimpleDate? {
        let parts = s.split(separator: "-")
        guard s.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        var comps = DateComponents(year: y, month: m, day: d)
        comps.calendar = Calendar(identifier: .gregorian)
        guard comps.isValidDate else { return nil }
        return SimpleDate(year: y, month: m, day: d)
    }
    var asDate: Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal.date(from: DateComponents(year: year, month: month, day: day)) ?? .distantFuture
    }
}

/// POST /auth/login
public struct LoginRequest: Codable, Sendable {
    public var email: String?
    public var password: String?
}

/// Tokens after login or refresh.
public struct TokenPair: Codable, Sendable {
    public var accessToken: String
    public var refreshToken: String
    public var tokenType = "Bearer"
    public var expiresIn: Int
}

public struct RefreshRequest: Codable, Sendable { public var refreshToken: String? }
public struct TokenRequest: Codable, Sendable { public var token: String? }
public struct EmailRequest: Codable, Sendable { public var email: String? }
public struct PasswordResetConfirm: Codable, Sendable {
    public var token: String?
    public var newPassword: String?
}
public struct PasswordChange: Codable, Sendable {
    public var currentPassword: String?
    public var newPassword: String?
}

/// An organization membership as shown in a profile.
public struct MembershipView: Codable, Sendable {
    public var id: UUID
    public var kind: String
    public var shortName: String
    public var status: String
    public var level: String
    /// the organization's ticked roles (`OrganizationRole`): what it may do
    public var roles: [String]
}

/// The account as its owner (or an admin) sees it.
public struct Profile: Codable, Sendable {
    public var id: UUID
    public var email: String
    public var lastName: String
    public var firstName: String
    public var middleName: String?
    public var phone: String?
    public var birthDate: String?
    public var snils: String?
    public var emailConfirmed: Bool
    public var blocked: Bool
    public var blockedReason: String?
    public var deleted: Bool
    public var roles: [String]
    public var organizations: [MembershipView]
    public var createdAt: Date
    public var version: Int
}

/// PATCH /me (and the person part of PATCH /admin/users/{id}): only the fields present change.
public struct ProfilePatch: Codable, Sendable {
    public var email: String?
    public var lastName: String?
    public var firstName: String?
    public var middleName: String?
    public var phone: String?
    public var birthDate: String?
    public var snils: String?
}
