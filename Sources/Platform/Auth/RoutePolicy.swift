import Foundation

/// Who may call a route, declared beside its path in Routes.swift and checked before the handler runs. Finer rules
/// that depend on the data (whose program, which status) stay in the services; this is the gate in front of them.
public enum RoutePolicy: Sendable, Equatable {
    /// anyone, signed in or not
    case open
    /// any signed-in account (401 without a valid token)
    case signedIn
    /// an account with one of these roles (403 otherwise)
    case roles(Set<Role>)
    /// a member of some organization, or one of these region-wide roles (403 otherwise)
    case anyOrganizationOr(Set<Role>)
    /// a member of the organization named by the path's `{orgId}`, or one of these roles; anyone else does not learn
    /// that the organization's list exists (404)
    case memberOr(Set<Role>)

    /// The refusal for this caller, or nil when the caller may go on to the handler.
    public func refusal(_ identity: Identity?, orgId: UUID?) -> Problem? {
        if self == .open { return nil }
        guard let identity else { return .unauthorized }
        switch self {
        case .open, .signedIn:
            return nil
        case .roles(let roles):
            return identity.hasAny(roles) ? nil : Self.forbidden("Доступно ролям: ", roles)
        case .anyOrganizationOr(let roles):
            return identity.hasAny(roles) || !identity.orgIds.isEmpty
                ? nil : Self.forbidden("Доступно сотрудникам организаций и ролям: ", roles)
        case .memberOr(let roles):
            guard let orgId else { return .notFound }
            return identity.orgIds.contains(orgId) || identity.hasAny(roles) ? nil : .notFound
        }
    }

    /// The 403 of a role gate says who may call the route.
    static func forbidden(_ who: String, _ roles: Set<Role>) -> Problem {
        var problem = Problem.forbidden
        problem.detail = who + roles.map(\.rawValue).sorted().joined(separator: ", ")
        return problem
    }

    /// How openapi.yaml documents the policy (`x-access` of each operation).
    public var documented: String {
        switch self {
        case .open: "open"
        case .signedIn: "signed-in"
        case .roles(let roles): "roles: " + roles.map(\.rawValue).sorted().joined(separator: ", ")
        case .anyOrganizationOr(let roles):
            "organization member or roles: " + roles.map(\.rawValue).sorted().joined(separator: ", ")
        case .memberOr(let roles):
            "member of {orgId} or roles: " + roles.map(\.rawValue).sorted().joined(separator: ", ")
        }
    }
}
