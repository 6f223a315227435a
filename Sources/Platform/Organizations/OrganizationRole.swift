import Foundation

/// What an organization is on the platform (seed 000 §2: «Заказчик», «Подрядчик», «Работодатель»), ticked in its
/// profile and changed there; the kind chosen at registration is only the first value. The roles decide what the
/// organization may do — not the kind.
public enum OrganizationRole: String, CaseIterable, Codable, Sendable {
    case customer, contractor, employer

    public var title: String {
        switch self {
        case .customer: "Заказчик"
        case .contractor: "Подрядчик"
        case .employer: "Работодатель"
        }
    }

    /// A contractor runs programs, modules and groups.
    public static let runsTraining: Set<OrganizationRole> = [.contractor]
    /// A customer or an employer orders training: development requests, mass applications of its employees.
    public static let ordersTraining: Set<OrganizationRole> = [.customer, .employer]

    /// The roles an organization's admins may give to its staff, following its ticked roles.
    public static func staffRoles(_ roles: Set<OrganizationRole>) -> Set<Role> {
        var allowed: Set<Role> = []
        if !roles.isDisjoint(with: runsTraining) { allowed.formUnion(Role.organizationStaffRoles) }
        if !roles.isDisjoint(with: ordersTraining) { allowed.formUnion([.employer, .expert]) }
        return allowed
    }

    /// The role of the people who represent an organization of these roles (registration gives it to the first
    /// account: a contractor's representative, an employer's).
    public static func representativeRoles(_ roles: Set<OrganizationRole>) -> Set<Role> {
        var result: Set<Role> = []
        if !roles.isDisjoint(with: runsTraining) { result.insert(.contractor) }
        if !roles.isDisjoint(with: ordersTraining) { result.insert(.employer) }
        return result
    }

    static func parse(_ names: [String]) -> Set<OrganizationRole> { Set(names.compactMap(Self.init(rawValue:))) }
}

extension Identity {
    /// The ticked roles of one of the caller's organizations (none for an organization they are not a member of).
    public func organizationRoles(_ orgId: UUID) -> Set<OrganizationRole> {
        let id = orgId.uuidString.lowercased()
        return OrganizationRole.parse(orgs.first { $0.id.lowercased() == id }?.roles ?? [])
    }

    /// The caller's organizations that have any of `roles`.
    public func organizations(with roles: Set<OrganizationRole>) -> [UUID] {
        orgs.filter { !OrganizationRole.parse($0.roles).isDisjoint(with: roles) }.compactMap { UUID(uuidString: $0.id) }
    }
}

/// The check services make before an organization acts in a role.
struct OrganizationRoleCheck: Sendable {
    let organizations: OrganizationsRepository

    init(db: Database) { organizations = OrganizationsRepository(db: db) }

    /// 403 naming the role to tick in the profile when the organization has none of `needed`; `what` ends the
    /// sentence «… могут организации с ролью …».
    func require(_ needed: Set<OrganizationRole>, of orgId: UUID, to what: String) async throws {
        guard try await organizations.roles(of: orgId).isDisjoint(with: needed) else { return }
        let names = needed.sorted { $0.rawValue < $1.rawValue }.map { "«\($0.title)»" }.joined(separator: " или ")
        throw Problem(
            .forbidden, "Недостаточно прав",
            detail: "\(what) могут организации с ролью \(names): её отмечают в профиле организации",
            code: "organization_role")
    }
}
