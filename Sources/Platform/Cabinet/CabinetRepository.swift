import Foundation
import PostgresNIO

/// The cabinet's counters in one statement; each count reads at most `CabinetCounters.cap` rows of a partial or
/// leading-column index (messages by user, applications by organization and status, programs and organizations by
/// status), so a badge costs the same whatever the backlog.
public struct CabinetRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    func counters(userId: UUID, scope: CabinetCounters.Scope) async throws -> CabinetCounters {
        let cap = CabinetCounters.cap
        let desk = scope.desk != nil
        let deskOrgs = scope.desk ?? []
        let row = try await db.rows(
            """
            SELECT
              (SELECT count(*)::int FROM (SELECT 1 FROM messages
                 WHERE user_id = \(userId) AND read_at IS NULL LIMIT \(cap)) m),
              (SELECT count(*)::int FROM (SELECT 1 FROM staff_invitations
                 WHERE user_id = \(userId) AND answered_at IS NULL AND expires_at > now() LIMIT \(cap)) i),
              CASE WHEN \(desk) THEN (SELECT count(*)::int FROM (SELECT 1 FROM applications
                 WHERE org_id = ANY(\(deskOrgs)) AND status = 'new' LIMIT \(cap)) a) END,
              CASE WHEN \(scope.moderation) THEN (SELECT count(*)::int FROM (SELECT 1 FROM programs
                 WHERE status = 'moderation' LIMIT \(cap)) p) END,
              CASE WHEN \(scope.moderation) THEN (SELECT count(*)::int FROM (SELECT 1 FROM organizations
                 WHERE status = 'pending' LIMIT \(cap)) o) END,
              CASE WHEN \(desk) THEN (SELECT count(*)::int FROM (SELECT 1 FROM event_signups s
                 JOIN events e ON e.id = s.event_id
                 WHERE e.org_id = ANY(\(deskOrgs)) AND s.status = 'new' LIMIT \(cap)) s) END,
              CASE WHEN \(scope.moderation) THEN (SELECT count(*)::int FROM (SELECT 1 FROM events
                 WHERE status = 'moderation' LIMIT \(cap)) e) END
            """)[0]
        let (messages, invitations, applications, programs, organizations, signups, events) = try row.decode(
            (Int, Int, Int?, Int?, Int?, Int?, Int?).self)
        return CabinetCounters(
            unreadMessages: messages, staffInvitations: invitations, newApplications: applications,
            moderationQueue: programs, pendingOrganizations: organizations, newEventSignups: signups,
            eventModeration: events)
    }
}
