import Foundation
import PostgresNIO

/// Attaching an account that already exists to an organization (seed 004 §1): the organization's admin invites it by
/// e-mail; the person accepts or declines in their cabinet (their consent); the admin sees open invitations and may
/// withdraw them. Accepting makes the person a member with the invited roles (their other roles stay).
public struct StaffInvitationsService: Sendable {
    let db: Database
    let staff: StaffService
    let repository: StaffInvitationsRepository

    public init(db: Database, staff: StaffService) {
        self.db = db
        self.staff = staff
        self.repository = StaffInvitationsRepository(db: db)
    }

    var mailer: Mailer { staff.accounts.mailer }

    /// The account of `email`, if there is one: the staff form then invites it instead of creating an account.
    func existingAccount(email: String) async throws -> (id: UUID, usable: Bool)? {
        try await repository.account(email: email)
    }

    /// Invites `userId`; already a member → 409. The person is told by inbox and e-mail with a link to the cabinet.
    func invite(
        orgId: UUID, userId: UUID, email: String, roles: [Role], level: String, position: String?, actor: Actor
    ) async throws -> String {
        try await db.transaction { conn in
            if try await repository.isMember(userId: userId, orgId: orgId, on: conn) {
                throw Problem.conflict("Пользователь уже состоит в организации", field: "email", code: "duplicate")
            }
            let json = try await repository.invite(
                orgId: orgId, userId: userId, roles: roles.map(\.rawValue), level: level, position: position,
                by: actor.userId, on: conn)
            let name = try await repository.organizationName(orgId, on: conn)
            try await mailer.notify(
                userId: userId, email: email, subject: "Приглашение в организацию «\(name)»",
                body: """
                    Организация «\(name)» приглашает вас в число своих сотрудников на платформе ЦОПП \
                    (роли: \(roles.map(\.title).joined(separator: ", "))).
                    Принять или отклонить приглашение можно в личном кабинете в течение 14 дней.
                    """,
                link: "/#/invitations", on: conn, logger: db.logger)
            try await AuditLog.record(
                actor: actor.userId, action: "invite_staff", entity: "organization", entityId: orgId,
                before: Optional<String>.none,
                after: [
                    "userId": userId.uuidString.lowercased(), "roles": roles.map(\.rawValue).joined(separator: " "),
                ],
                requestId: actor.requestId, on: conn, logger: db.logger)
            return json
        }
    }

    /// Open invitations of an organization: its admins and platform admins.
    public func ofOrganization(_ orgId: UUID, identity: Identity) async throws -> String {
        _ = try await staff.requireManageable(orgId: orgId, by: identity)
        return try await repository.list(orgId: orgId)
    }

    public func withdraw(_ id: UUID, orgId: UUID, identity: Identity, actor: Actor) async throws {
        _ = try await staff.requireManageable(orgId: orgId, by: identity)
        try await answer(id, "withdrawn", userId: nil, orgId: orgId, actor: actor)
    }

    /// The caller's open invitations.
    public func mine(_ identity: Identity) async throws -> String {
        try await repository.list(userId: identity.userId)
    }

    public func accept(_ id: UUID, identity: Identity, actor: Actor) async throws {
        try await answer(id, "accepted", userId: identity.userId, orgId: nil, actor: actor)
        staff.accounts.accountStates.changed([identity.userId])
    }

    public func decline(_ id: UUID, identity: Identity, actor: Actor) async throws {
        try await answer(id, "declined", userId: identity.userId, orgId: nil, actor: actor)
    }

    /// Answers an open invitation of `userId` (the person) or of `orgId` (its organization); another's is not found.
    private func answer(_ id: UUID, _ answer: String, userId: UUID?, orgId: UUID?, actor: Actor) async throws {
        try await db.transaction { conn in
            guard let open = try await repository.lockOpen(id: id, userId: userId, orgId: orgId, on: conn) else {
                throw Problem.notFound
            }
            if answer == "accepted" {
                if try await !repository.isMember(userId: open.userId, orgId: open.orgId, on: conn) {
                    try await staff.orgs.addMember(
                        userId: open.userId, orgId: open.orgId, level: open.level, position: open.position, on: conn)
                }
                try await repository.grant(roles: open.roles, to: open.userId, on: conn)
            }
            try await repository.answer(id: id, answer, on: conn)
            if answer != "withdrawn" {
                let name = try await repository.organizationName(open.orgId, on: conn)
                let person = try await staff.users.profile(userId: open.userId, on: conn)
                let who = person.map { "\($0.lastName) \($0.firstName)" } ?? "Пользователь"
                for admin in try await staff.orgs.admins(orgId: open.orgId, on: conn) {
                    try await mailer.notify(
                        userId: admin.id, email: nil,
                        subject: answer == "accepted" ? "Приглашение принято" : "Приглашение отклонено",
                        body: "\(who) \(answer == "accepted" ? "принял(а)" : "отклонил(а)") приглашение в «\(name)».",
                        link: "/#/organizations/\(open.orgId.uuidString.lowercased())/staff", on: conn,
                        logger: db.logger)
                }
            }
            try await AuditLog.record(
                actor: actor.userId, action: "invitation_\(answer)", entity: "organization", entityId: open.orgId,
                before: Optional<String>.none,
                after: ["userId": open.userId.uuidString.lowercased(), "invitation": id.uuidString.lowercased()],
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
    }
}
