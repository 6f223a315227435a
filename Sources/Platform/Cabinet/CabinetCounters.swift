import Foundation

/// New work waiting for the signed-in person, shown beside the cabinet's menu entries (issue 14): unread messages and
/// staff invitations for everyone; new applications for whoever works an organization's desk (or the region's);
/// programs awaiting moderation and organizations awaiting approval for moderators and admins. A count the person's
/// roles do not give is absent, not zero. Counts stop at `CabinetCounters.cap`: the menu says «99+», and counting
/// a region's whole backlog on every page view would cost more than the badge is worth.
public struct CabinetCounters: Codable, Sendable, Equatable {
    public static let cap = 100

    public var unreadMessages: Int
    public var staffInvitations: Int
    public var newApplications: Int?
    public var moderationQueue: Int?
    public var pendingOrganizations: Int?

    /// Which counts a person's roles and memberships give.
    struct Scope {
        /// nil: the person works no desk; `all`: every organization's desk.
        var desk: TrainingAccess.Reach?
        var moderation: Bool
    }

    static func scope(for me: Identity) -> Scope {
        let reach = TrainingAccess.manageReach(me)
        return Scope(
            desk: reach.all || !reach.orgs.isEmpty ? reach : nil,
            moderation: me.hasAny([.admin, .moderator]))
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
