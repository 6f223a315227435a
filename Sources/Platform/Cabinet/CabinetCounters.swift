import Foundation

/// New work waiting for the signed-in person, shown beside the cabinet's menu entries (issue 14): unread messages and
/// staff invitations for everyone; new applications for whoever works an organization's desk — their own
/// organizations' (ЦОПП's operators may open any desk, but the applications are the colleges' to answer, so a
/// region-wide count would be a badge that never goes down); programs awaiting moderation and organizations awaiting
/// approval for moderators and admins. A count the person's
/// roles do not give is absent, not zero. Counts stop at `CabinetCounters.cap`: the menu says «99+», and counting
/// a region's whole backlog on every page view would cost more than the badge is worth.
public struct CabinetCounters: Codable, Sendable, Equatable {
    public static let cap = 100

    public var unreadMessages: Int
    public var staffInvitations: Int
    public var newApplications: Int?
    public var moderationQueue: Int?
    public var pendingOrganizations: Int?
    /// new sign-ups for the desk organizations' events
    public var newEventSignups: Int?
    /// events awaiting moderation
    public var eventModeration: Int?

    /// Which counts a person's roles and memberships give.
    struct Scope {
        /// the organizations whose desk the person works; nil: none
        var desk: [UUID]?
        var moderation: Bool
    }

    static func scope(for me: Identity) -> Scope {
        let own = me.orgIds.filter { me.isOrgAdmin($0) || me.has(.contractor) }
        return Scope(desk: own.isEmpty ? nil : own, moderation: me.hasAny([.admin, .moderator]))
    }
}

/// The cabinet's counters for one person.
public struct CabinetService: Sendable {
    let repository: CabinetRepository

    public init(repository: CabinetRepository) { self.repository = repository }

    public func counters(identity me: Identity) async throws -> CabinetCounters {
        try await repository.counters(userId: me.userId, scope: CabinetCounters.scope(for: me))
    }
}
