import Foundation

/// An organization's own accounts (seed 000 «Аккаунты»): its admins add and remove staff; nobody outside sees them.
public struct StaffService: Sendable {
    let db: Database
    let users: UsersRepository
    let orgs: OrganizationsRepository
    let accounts: AccountService

    public init(db: Database, accounts: AccountService) {
        self.db = db
        self.users = UsersRepository(db: db)
        self.orgs = OrganizationsRepository(db: db)
        self.accounts = accounts
    }

    static let regionWideReaders: Set<Role> = [.admin, .moderator, .coppStaff]

    /// Members and ЦОПП staff may read; anyone else gets 404, as if the organization did not exist.
    public func requireReadable(orgId: UUID, by identity: Identity) async throws {
        guard identity.orgIds.contains(orgId) || identity.hasAny(Self.regionWideReaders),
            try await orgs.exists(orgId: orgId) != nil
        else { throw Problem.notFound }
    }

    /// The organization's admins and platform admins may change staff; other members get 403, outsiders 404.
    func requireManageable(orgId: UUID, by identity: Identity) async throws -> (kind: String, status: String) {
        try await requireReadable(orgId: orgId, by: identity)
        guard identity.isOrgAdmin(orgId) || identity.has(.admin) else { throw Problem.forbidden }
        guard let org = try await orgs.exists(orgId: orgId) else { throw Problem.notFound }
        return org
    }

    /// What adding a person did: a new account was made, or an existing one was invited (it joins when its owner
    /// accepts).
    public enum Added: Sendable {
        case created(StaffMember)
        case invited(String)
    }

    public func add(_ input: StaffInput, orgId: UUID, identity: Identity, actor: Actor) async throws -> Added {
        let org = try await requireManageable(orgId: orgId, by: identity)
        guard org.status == "approved" else {
            throw Problem.conflict(
                "Сотрудников можно добавлять после одобрения организации модератором", code: "organization_not_approved"
            )
        }
        var v = Validator()
        // the roles its admins may give follow the organization's ticked roles, not the kind it registered as
        let allowed = OrganizationRole.staffRoles(try await orgs.roles(of: orgId))
        let level = input.level ?? "member"
        v.check(["admin", "member"].contains(level), "level", "invalid_choice", "Уровень: admin или member")
        let position = v.optional(input.position, "position", max: 200)
        // someone registered already (seed 004 §1): invited, joins when they accept; names are theirs, not asked
        let invitations = StaffInvitationsService(db: db, staff: self)
        let email = (input.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if Validator.looksLikeEmail(email), let account = try await invitations.existingAccount(email: email) {
            let roles = AdminService.roles(input.roles, allowed: allowed, v: &v)
            if !account.usable {
                v.add("email", "account_unavailable", "Учётная запись с этим адресом заблокирована или удалена")
            }
            try v.throwIfInvalid()
            return .invited(
                try await invitations.invite(
                    orgId: orgId, userId: account.id, email: email, roles: roles, level: level, position: position,
                    actor: actor))
        }
        let person = v.person(
            email: input.email, lastName: input.lastName, firstName: input.firstName, middleName: input.middleName,
            phone: input.phone)
        let roles = AdminService.roles(input.roles, allowed: allowed, v: &v)
        try v.throwIfInvalid()
        let id = try await db.transaction { conn in
            let id = try await users.insert(
                person, passwordHash: nil, roles: roles, consent: false, grantedBy: actor.userId, on: conn)
            try await orgs.addMember(userId: id, orgId: orgId, level: level, position: position, on: conn)
            try await accounts.sendSetPassword(
                userId: id, email: person.email, invitedTo: "сотрудник организации", on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "add_staff", entity: "organization", entityId: orgId,
                before: Optional<PersonAudit>.none, after: PersonAudit(person, roles: roles.map(\.rawValue)),
                requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        guard let member = try await orgs.staff(orgId: orgId).first(where: { $0.userId == id }) else {
            throw Problem.notFound
        }
        return .created(member)
    }

    public func remove(userId: UUID, orgId: UUID, identity: Identity, actor: Actor) async throws {
        _ = try await requireManageable(orgId: orgId, by: identity)
        try await db.transaction { conn in
            let members = try await orgs.staff(orgId: orgId)
            guard let member = members.first(where: { $0.userId == userId }) else { throw Problem.notFound }
            if member.level == "admin", try await orgs.adminCount(orgId: orgId, on: conn) <= 1 {
                throw Problem.conflict("Нельзя удалить единственного администратора организации", code: "last_admin")
            }
            _ = try await orgs.removeMember(userId: userId, orgId: orgId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "remove_staff", entity: "organization", entityId: orgId,
                before: member, after: Optional<StaffMember>.none, requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
        accounts.accountStates.changed([userId])
    }
}
