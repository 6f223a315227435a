import Foundation

/// Roles of SPEC §1, carried in the access token's `roles` claim.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, moderator
    case coppStaff = "copp_staff"
    case coordinator, contractor, employer, teacher, developer, expert, learner
    case spkStaff = "spk_staff"
    case tsokStaff = "tsok_staff"
    case siteStaff = "site_staff"

    /// Roles an organization's admin may hand to its own staff (seed 000 «Аккаунты»).
    public static let organizationStaffRoles: Set<Role> = [.teacher, .developer, .expert, .contractor]

    /// The role's name as people read it (the web's `roleNames` says the same).
    public var title: String {
        switch self {
        case .admin: "администратор"
        case .moderator: "модератор"
        case .coppStaff: "сотрудник ЦОПП"
        case .coordinator: "координатор (ОИВ)"
        case .contractor: "представитель образовательной организации"
        case .employer: "представитель работодателя"
        case .teacher: "преподаватель"
        case .developer: "разработчик"
        case .expert: "эксперт"
        case .learner: "обучающийся"
        case .spkStaff: "сотрудник СПК"
        case .tsokStaff: "сотрудник ЦОК"
        case .siteStaff: "сотрудник экзаменационной площадки"
        }
    }
}

/// One membership as carried in the token: organization, its kind, its ticked roles and the member's level there.
public struct OrgClaim: Codable, Sendable, Equatable {
    public init(id: String, kind: String, level: String, roles: [String]? = nil) {
        self.id = id
        self.kind = kind
        self.level = level
        self.roles = roles ?? [kind]
    }
    public var id: UUIDString
    public var kind: String
    public var level: String
    /// `OrganizationRole` names; a claim written before roles were carried counts its kind as its only role
    public var roles: [String]
    public typealias UUIDString = String

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), kind: try c.decode(String.self, forKey: .kind),
            level: try c.decode(String.self, forKey: .level),
            roles: try c.decodeIfPresent([String].self, forKey: .roles))
    }
}

/// Who is calling: a verified access token's subject with the roles and organizations the database holds now.
public struct Identity: Sendable {
    public init(userId: UUIDValue, roles: Set<Role>, orgs: [OrgClaim]) {
        self.userId = userId
        self.roles = roles
        self.orgs = orgs
    }
    public var userId: UUIDValue
    public var roles: Set<Role>
    public var orgs: [OrgClaim]
    /// The account's session epoch when the token was issued: tokens of an earlier epoch (before a block, password
    /// change or logout) are refused.
    public var sessionEpoch: Int64 = 0
    public typealias UUIDValue = Foundation.UUID

    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public func hasAny(_ wanted: Set<Role>) -> Bool { !roles.isDisjoint(with: wanted) }
    public var orgIds: [Foundation.UUID] { orgs.compactMap { Foundation.UUID(uuidString: $0.id) } }
    public func isOrgAdmin(_ orgId: Foundation.UUID) -> Bool {
        orgs.contains { $0.id.lowercased() == orgId.uuidString.lowercased() && $0.level == "admin" }
    }
}
