import Foundation

/// Who may do what with groups, schedules, applications and journals (SPEC §1): the organization's contractors and
/// admins run its training; its teachers read it and keep the journal; ЦОПП admins and staff work everywhere
/// (and confirm group steps as the operator), and so do moderators (seed 000 gives them all of moderation); the
/// regional authority reads everything.
enum TrainingAccess {
    static let operators: Set<Role> = [.admin, .coppStaff, .moderator]
    static let regionReaders: Set<Role> = [.admin, .coppStaff, .moderator, .coordinator]
    static let organizers: Set<Role> = [.contractor]

    /// Organizations whose training the caller may read; nil = all of them.
    static func readableOrgs(_ me: Identity) -> [UUID]? {
        me.hasAny(regionReaders) ? nil : me.orgIds
    }

    /// The organizations whose rows a caller reaches, as parameters of a WHERE: tenancy checked in SQL, so a row of
    /// another organization is simply not found. `all` for the region-wide roles.
    struct Reach: Sendable {
        var all: Bool
        var orgs: [UUID]
    }

    static func readReach(_ me: Identity) -> Reach {
        Reach(all: me.hasAny(regionReaders), orgs: me.orgIds)
    }

    static func manageReach(_ me: Identity) -> Reach {
        Reach(all: me.hasAny(operators), orgs: me.orgIds.filter { canManage(me, org: $0) })
    }

    static func canRead(_ me: Identity, org: UUID) -> Bool {
        me.hasAny(regionReaders) || me.orgIds.contains(org)
    }

    static func canManage(_ me: Identity, org: UUID) -> Bool {
        me.hasAny(operators) || (me.orgIds.contains(org) && (me.hasAny(organizers) || me.isOrgAdmin(org)))
    }

    static func canGrade(_ me: Identity, org: UUID) -> Bool {
        canManage(me, org: org) || (me.orgIds.contains(org) && me.has(.teacher))
    }

    /// 404 when the caller cannot see the organization's training at all, 403 when they see it but may not change it.
    static func requireManage(_ me: Identity, org: UUID) throws {
        guard canRead(me, org: org) else { throw Problem.notFound }
        guard canManage(me, org: org) else { throw Problem.forbidden }
    }

    static func requireGrade(_ me: Identity, org: UUID) throws {
        guard canRead(me, org: org) else { throw Problem.notFound }
        guard canGrade(me, org: org) else { throw Problem.forbidden }
    }
}
